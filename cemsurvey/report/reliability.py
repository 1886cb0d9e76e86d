"""Tables for reliability (:class:`cemsurvey.psychometrics.reliability.ReliabilityReport`)."""

from __future__ import annotations

import math
from typing import Any

from cemsurvey.psychometrics.reliability import ReliabilityReport
from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.thresholds import Threshold, judge


def _alpha_verdict(value: float, thresholds: dict[str, Threshold] | None) -> Verdict:
    low = judge("alpha", value, thresholds)
    if low.status == "pass":
        high = judge("alpha_max", value, thresholds)
        if high.status == "fail":
            return Verdict("warn", high.rule + " (redundant items?)", high.source)
    return low


def reliability_tables(
    result: ReliabilityReport, thresholds: dict[str, Threshold] | None = None
) -> list[Table]:
    """Two tables: ``reliability_constructs`` (alpha, CI, omega per construct, with verdicts)
    and ``reliability_items`` (item statistics, alpha if deleted, item-rest r with verdicts).
    """
    boot = result.bootstrap > 0
    cols = ["construct", "items", "alpha", "alpha verdict", "alpha (std)", "Feldt 95% CI"]
    if boot:
        cols.append("bootstrap 95% CI")
    cols += ["omega", "omega verdict", "mean r"]
    rows: list[list[Any]] = []
    for cid, c in result.constructs.items():
        ci = (f"[{c.alpha_ci[0]:.3f}, {c.alpha_ci[1]:.3f}]"
              if not math.isnan(c.alpha_ci[0]) else None)
        row: list[Any] = [cid, len(c.items), c.alpha, _alpha_verdict(c.alpha, thresholds),
                          c.alpha_std, ci]
        if boot:
            row.append(None if c.alpha_boot_ci is None else
                       f"[{c.alpha_boot_ci[0]:.3f}, {c.alpha_boot_ci[1]:.3f}]")
        row += [c.omega, judge("omega", c.omega, thresholds) if c.omega is not None else None,
                c.average_r]
        rows.append(row)
    notes = [
        f"n = {result.n} ({result.missing} deletion; {result.n_rows} respondents in the data).",
        "alpha: Cronbach (1951), raw and standardized; CI: Feldt, Woodruff & Salih (1987)"
        + (f"; bootstrap: percentile, {result.bootstrap} resamples, seed {result.seed}"
           if boot else "") + ".",
        f"omega: McDonald's omega total from a {result.omega_method}.",
        "Reverse-keyed items were recoded (low + high) - code before analysis.",
    ]
    t1 = Table(key="reliability_constructs", title="Reliability per construct",
               columns=cols, rows=rows,
               formats={"alpha": ".3f", "alpha (std)": ".3f", "omega": ".3f", "mean r": ".3f",
                        "items": "d"},
               notes=notes + [f"warning: {w}" for w in result.warnings])
    item_rows: list[list[Any]] = []
    for cid, c in result.constructs.items():
        for iid, s in c.item_stats.iterrows():
            item_rows.append([cid, str(iid), "yes" if s["reverse"] else "", float(s["mean"]),
                              float(s["sd"]), float(s["skew"]), float(s["kurtosis"]),
                              float(s["item_rest_r"]),
                              judge("item_rest_r", float(s["item_rest_r"]), thresholds),
                              float(s["alpha_if_deleted"])])
    t2 = Table(key="reliability_items", title="Item statistics",
               columns=["construct", "item", "reversed", "mean", "SD", "skew", "kurtosis",
                        "item-rest r", "item-rest verdict", "alpha if deleted"],
               rows=item_rows,
               formats={k: ".3f" for k in ("mean", "SD", "skew", "kurtosis", "item-rest r",
                                            "alpha if deleted")},
               notes=["Skew and excess kurtosis: psych::describe type 3 (m3/s^3, m4/s^4 - 3).",
                      "item-rest r: correlation of the item with the sum of the other items."])
    return [t1, t2]
