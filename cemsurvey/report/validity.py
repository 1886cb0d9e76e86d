"""Tables for construct validity (:class:`cemsurvey.psychometrics.validity.ValidityResult`)."""

from __future__ import annotations

import math
from typing import Any

from cemsurvey.psychometrics.validity import ValidityResult
from cemsurvey.report.method_bias import discriminant_tables
from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.thresholds import FL1981, Threshold, judge

_FL_RULE = "sqrt(AVE) > every correlation with another construct"


def _cr_verdict(value: float, thresholds: dict[str, Threshold] | None) -> Verdict:
    low = judge("cr", value, thresholds)
    if low.status == "pass":
        high = judge("cr_max", value, thresholds)
        if high.status == "fail":
            return Verdict("warn", high.rule + " (redundant items?)", high.source)
    return low


def validity_tables(
    result: ValidityResult, thresholds: dict[str, Threshold] | None = None
) -> list[Table]:
    """Convergent validity, Fornell-Larcker and HTMT tables with verdicts.

    Returns three :class:`Table` objects: ``validity_convergent`` (CR, AVE, MSV, ASV per
    construct), ``validity_fornell_larcker`` (sqrt(AVE) on the diagonal) and
    ``validity_htmt`` (one row per pair: HTMT, HTMT2 and, with a bootstrap, the
    percentile CI and whether it excludes 1); then, when the result carries them, the
    discriminant validity with inference (``discriminant_cfa``, ``discriminant_htmt``:
    :func:`~cemsurvey.report.method_bias.discriminant_tables`).
    """
    names = result.constructs
    conv_rows: list[list[Any]] = []
    for c in names:
        cr, ave, msv = float(result.cr[c]), float(result.ave[c]), float(result.msv[c])
        msv_ok = None
        if not (math.isnan(ave) or math.isnan(msv)):
            msv_ok = Verdict("pass" if msv < ave else "fail", "MSV < AVE", "Hair et al. (2019)")
        conv_rows.append([c, cr, _cr_verdict(cr, thresholds), ave, judge("ave", ave, thresholds),
                          msv, float(result.asv[c]), msv_ok])
    conv = Table(
        key="validity_convergent",
        title="Convergent validity: composite reliability and AVE",
        columns=["construct", "CR (rho_C)", "CR verdict", "AVE", "AVE verdict", "MSV", "ASV",
                 "MSV < AVE"],
        rows=conv_rows,
        formats={"CR (rho_C)": ".3f", "AVE": ".3f", "MSV": ".3f", "ASV": ".3f"},
        notes=[f"CR: {result.method['cr']}.", f"AVE: {result.method['ave']}.",
               "MSV/ASV: maximum/average squared correlation with the other constructs."],
    )

    fl = result.fornell_larcker
    holds = result.fornell_larcker_holds()
    fl_rows: list[list[Any]] = []
    for c in names:
        row: list[Any] = [c] + [float(fl.loc[c, o]) for o in names]
        sq = float(fl.loc[c, c])
        row.append(None if math.isnan(sq) else
                   Verdict("pass" if bool(holds[c]) else "fail", _FL_RULE, FL1981))
        fl_rows.append(row)
    fl_table = Table(
        key="validity_fornell_larcker",
        title="Fornell-Larcker criterion",
        columns=["construct", *names, "verdict"],
        rows=fl_rows,
        formats={c: ".3f" for c in names},
        notes=["Diagonal: square root of AVE; off the diagonal: factor correlations."],
    )

    boot = result.bootstrap
    cols = ["construct 1", "construct 2", "HTMT", "HTMT verdict", "HTMT2"]
    if boot is not None:
        cols += ["HTMT CI lower", "HTMT CI upper", "CI excludes 1"]
    h_rows: list[list[Any]] = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            h = float(result.htmt.loc[a, b])
            row = [a, b, h, judge("htmt", h, thresholds), float(result.htmt2.loc[a, b])]
            if boot is not None:
                lo, hi = float(boot.htmt_lower.loc[a, b]), float(boot.htmt_upper.loc[a, b])
                row += [lo, hi, None if math.isnan(hi) else Verdict(
                    "pass" if hi < 1 else "fail", "bootstrap CI of HTMT excludes 1",
                    "Henseler, Ringle & Sarstedt (2015)")]
            h_rows.append(row)
    notes = [f"HTMT: {result.method['htmt']}; HTMT2: {result.method['htmt2']}.",
             f"n = {result.n} respondents with every item answered (listwise)."]
    if boot is not None:
        notes.append(f"CI: {result.method['htmt_ci']}, seed {boot.seed}.")
    htmt_table = Table(
        key="validity_htmt",
        title="Discriminant validity: heterotrait-monotrait ratio",
        columns=cols,
        rows=h_rows,
        formats={"HTMT": ".3f", "HTMT2": ".3f", "HTMT CI lower": ".3f", "HTMT CI upper": ".3f"},
        notes=notes,
    )
    conv.notes.extend(f"warning: {w}" for w in result.warnings)
    return [conv, fl_table, htmt_table,
            *discriminant_tables(result.discriminant, result.htmt_inference)]
