"""Tables and "What to report" sentences for measurement invariance across groups:
:class:`~cemsurvey.psychometrics.invariance.InvarianceResult` (CB-SEM) or the PLS-SEM
MICOM and multi-group analysis (:mod:`cemsurvey.report.micom`)."""

from __future__ import annotations

import math
from typing import Any

from cemsurvey.psychometrics.invariance import InvarianceResult
from cemsurvey.report.micom import mga_tables, micom_sentence, micom_tables
from cemsurvey.report.tables import Table, Verdict

CHEN = "Chen (2007); Cheung & Rensvold (2002)"
_VERDICT = {
    "holds": Verdict("pass", "invariance holds", CHEN),
    "partial": Verdict("warn", "partial invariance", CHEN),
    "fails": Verdict("fail", "invariance fails", CHEN),
    "baseline": Verdict("info", "baseline model", CHEN),
}


_WLSMV_NOTE = (
    "Ordered items (WLSMV, delta parameterization): levels of Wu & Estabrook (2016) - "
    "configural, thresholds, metric (thresholds + loadings), scalar (+ intercepts); chi2 is "
    "the scaled-shifted statistic and CFI/TLI/RMSEA the scaled ones; the thresholds level is "
    "judged with the metric cut-offs; no partial-invariance search under WLSMV.")


def _param(key: str) -> str:
    """``'speed =~ x7'`` -> ``loading speed =~ x7``; ``'x3 ~1'`` -> ``intercept x3``."""
    if "=~" in key:
        return f"loading {key}"
    if key.endswith("~1"):
        return f"intercept {key[:-2].strip()}"
    if "~~" in key:
        return f"residual variance {key.split(' ~~ ')[0]}"
    return key


def _fit_row(name: str, fit: dict[str, float], delta: dict[str, float] | None, verdict: Any,
             robust: bool, scaled: bool = False) -> list[Any]:
    if scaled:      # WLSMV: the scaled-shifted chi2 and the scaled CFI, TLI, RMSEA
        fit = {**fit, "chisq": fit["chisq_scaled"], "pvalue": fit["pvalue_scaled"],
               "cfi": fit["cfi_scaled"], "tli": fit["tli_scaled"], "rmsea": fit["rmsea_scaled"]}
    chi2 = fit.get("chisq_scaled", fit["chisq"]) if robust else fit["chisq"]
    cfi = fit.get("cfi_robust", fit["cfi"]) if robust else fit["cfi"]
    tli = fit.get("tli_robust", fit["tli"]) if robust else fit["tli"]
    rmsea = fit.get("rmsea_robust", fit["rmsea"]) if robust else fit["rmsea"]
    d = delta or {}
    return [name, chi2, int(fit["df"]), fit["pvalue_scaled" if robust else "pvalue"], cfi, tli,
            rmsea, fit["rmsea_ci_lower"], fit["rmsea_ci_upper"], fit["srmr"], fit["aic"],
            fit["bic"], d.get("chisq", math.nan), d.get("df", math.nan), d.get("p", math.nan),
            d.get("cfi", math.nan), d.get("rmsea", math.nan), d.get("srmr", math.nan), verdict]


def cbsem_invariance_tables(res: InvarianceResult) -> list[Table]:
    """Levels with fit, deltas and verdicts; released parameters; latent means; paths."""
    robust, scaled = res.method == "MLR", res.method == "WLSMV"
    rows = []
    for lv in res.levels:
        rows.append(_fit_row(lv.level, lv.fit, lv.delta,
                             _VERDICT["baseline" if lv.holds is None else
                                      ("holds" if lv.holds else "fails")], robust, scaled))
        if lv.released:
            rows.append(_fit_row(f"{lv.level} (partial)", lv.partial_fit or {}, lv.partial_delta,
                                 _VERDICT["partial" if lv.partial_holds else "fails"], robust))
    chi = "scaled chi2" if robust or scaled else "chi2"
    cols = ["level", chi, "df", "p", "CFI", "TLI", "RMSEA", "RMSEA lo", "RMSEA hi", "SRMR", "AIC",
            "BIC", "delta chi2", "delta df", "delta p", "delta CFI", "delta RMSEA",
            "delta SRMR", "verdict"]
    fmt = {c: ".3f" for c in ("CFI", "TLI", "RMSEA", "RMSEA lo", "RMSEA hi", "SRMR",
                              "delta CFI", "delta RMSEA", "delta SRMR")}
    fmt.update({chi: ".2f", "df": "d", "p": ".4f", "AIC": ".1f", "BIC": ".1f",
                "delta chi2": ".2f", "delta df": ".0f", "delta p": ".4f"})
    ns = ", ".join(f"{g} = {n}" for g, n in zip(res.groups, res.n_by_group))
    notes = [
        (f"Groups of {res.group}: {ns}; {res.method}, FIML (every respondent with at least "
         f"one answer)." if res.missing == "fiml" else
         f"Groups of {res.group}: {ns}; {res.method}, complete cases within each group."),
        "A level holds when, against the level below, delta CFI >= -.010, delta RMSEA <= .015 "
        "and delta SRMR <= .030 (metric) or .010 (scalar, strict) (Chen 2007); "
        + ("the chi2 difference is Satorra-Bentler (2001) scaled and CFI/TLI/RMSEA are the "
           "robust ones (MLR)." if robust else
           "the chi2 difference is lavaan's satorra.2000 scaled-shifted test (WLSMV)."
           if scaled else "the chi2 difference is the likelihood-ratio test."),
        f"Highest level reached: {res.reached}.",
    ] + ([_WLSMV_NOTE] if scaled else []) + [f"warning: {w}" for w in res.warnings]
    out = [Table(key="invariance_levels", title=f"Measurement invariance across {res.group}",
                 columns=cols, rows=rows, formats=fmt, notes=notes)]
    if res.released:
        out.append(Table(
            key="invariance_released", title="Partial invariance: released equality constraints",
            columns=["level", "parameter"],
            rows=[[lv, _param(k)] for lv, k in res.released],
            notes=["Released one at a time by the largest univariate score test (lavaan's "
                   "lavTestScore) until the level's criteria held; each is free in every "
                   "group."]))
    if len(res.latent_means):
        out.append(Table(
            key="invariance_means", title="Latent mean differences (first group = 0)",
            columns=["latent", "group", "difference", "SE", "z", "p"],
            rows=[[r["latent"], r["group"], r["diff"], r["se"], r["z"], r["p"]]
                  for r in res.latent_means.to_dict(orient="records")],
            formats={"difference": ".3f", "SE": ".3f", "z": ".2f", "p": ".4f"},
            notes=[f"From the (partial) scalar model; reference group {res.groups[0]}."],
            rtl_columns=("group",)))
    if len(res.paths):
        out.append(Table(
            key="invariance_paths", title="Structural paths across groups",
            columns=["path", "delta chi2", "df", "p"],
            rows=[[r["path"], r["chisq"], r["df"], r["p"]]
                  for r in res.paths.to_dict(orient="records")],
            formats={"delta chi2": ".2f", "df": ".0f", "p": ".4f"},
            notes=["Each path held equal across groups in turn (the others free), against "
                   "the model with every path free, at the highest invariance level reached."]))
    return out


def invariance_tables(result: Any, thresholds: Any = None) -> list[Table]:
    """The step renderer: CB-SEM levels, or PLS-SEM MICOM and MGA tables."""
    _ = thresholds
    if isinstance(result, InvarianceResult):
        return cbsem_invariance_tables(result)
    return [*micom_tables(result.micom), *mga_tables(result.mga)]


def invariance_verdict(result: Any) -> Verdict:
    """``pass`` when scalar (or strict) invariance holds fully, ``warn`` when only partially
    or only metric, ``fail`` when not even metric invariance holds."""
    if not isinstance(result, InvarianceResult):
        v = getattr(result.micom, "verdict", "")
        status = {"full": "pass", "partial": "warn"}.get(str(v), "fail")
        return Verdict(status, f"MICOM: {v} invariance", "Henseler, Ringle & Sarstedt (2016)")
    if result.reached in ("scalar", "strict"):
        partial = any(lv for lv, _ in result.released if lv in ("metric", "scalar"))
        return _VERDICT["partial" if partial else "holds"]
    return _VERDICT["partial" if result.reached == "metric" else "fails"]


def invariance_sentence(result: Any) -> str:
    """One "What to report" sentence."""
    if not isinstance(result, InvarianceResult):
        return micom_sentence(result.micom)
    held = [lv for lv in result.levels if lv.holds is not None and (lv.holds or lv.partial_holds)]
    names = ["configural"] + [lv.level + (" (partial)" if not lv.holds else "") for lv in held]
    text = (f"Measurement invariance across {result.group} "
            f"({', '.join(f'{g} n = {n}' for g, n in zip(result.groups, result.n_by_group))}; "
            f"multi-group CFA, {result.method}{', FIML' if result.missing == 'fiml' else ''}): "
            f"{', '.join(names)} invariance held")
    if result.released:
        text += (" after releasing " + ", ".join(_param(k) for _, k in result.released))
    failed = next((lv for lv in result.levels if lv.holds is False and not lv.partial_holds),
                  None)
    if failed is not None and failed.delta:
        d = failed.delta
        text += (f"; {failed.level} invariance did not hold (delta CFI = {d['cfi']:.3f}, "
                 f"delta RMSEA = {d['rmsea']:.3f})")
    sig = result.latent_means[result.latent_means["p"] < 0.05] if len(result.latent_means) else []
    if len(result.latent_means):
        text += (f"; {len(sig)} of {len(result.latent_means)} latent means differ from the "
                 f"first group at p < .05")
    return text + " (criteria: Chen 2007)."
