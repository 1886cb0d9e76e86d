"""Tables for confirmatory factor analysis (:class:`cemsurvey.psychometrics.sem.results.CFAResult`)."""

from __future__ import annotations

import math

from cemsurvey.psychometrics.sem.results import CFAResult
from cemsurvey.report.tables import Table, format_p
from cemsurvey.report.thresholds import Threshold, judge

_ESTIMATION = {
    "ML": "ML (lavaan defaults: divisor N, chi2 = N F_ML, expected-information SEs)",
    "MLR": "MLR (ML estimates; Huber-White robust SEs; Yuan-Bentler scaled chi2, lavaan's "
           "estimator = \"MLR\")",
    "WLSMV": "WLSMV (polychoric correlations and thresholds, DWLS; robust SEs; mean-and-variance "
             "adjusted chi2; lavaan's ordered = TRUE)",
}
_FIML = {
    "ML": "FIML (full-information ML over the missing-answer patterns; observed-information "
          "SEs; H1 model by EM; lavaan's missing = \"fiml\")",
    "MLR": "FIML with MLR (full-information ML; Huber-White robust SEs; Yuan-Bentler scaled "
           "chi2; H1 model by EM; lavaan's missing = \"fiml\", estimator = \"MLR\")",
}


def estimation_text(result: CFAResult) -> str:
    """How a CFA/CB-SEM fit was estimated and which respondents it used, e.g.
    ``"MLR (...), n = 385 (listwise deletion)"``."""
    if result.missing == "fiml":
        how = _FIML.get(result.estimator, f"FIML ({result.estimator})")
        return f"{how}, n = {result.n} (every respondent with at least one answer)"
    how = _ESTIMATION.get(result.estimator, result.estimator)
    if result.missing == "pairwise":
        return (f"{how}, n = {result.n} (pairwise polychorics: each item's thresholds from its "
                f"answers, each correlation from the respondents who answered both; lavaan's "
                f"missing = \"pairwise\")")
    return f"{how}, n = {result.n} ({result.missing} deletion)"


def _method_note(result: CFAResult) -> str:
    return (f"{estimation_text(result)}, {result.level}-order model, "
            f"identification: {result.identification}; "
            f"{'converged' if result.converged else 'NOT CONVERGED'} in {result.iterations} iterations.")


def robust_fit_rows(result: CFAResult, thresholds: dict[str, Threshold] | None = None
                    ) -> tuple[list[list[object]], list[str]]:
    """Rows of the scaled / robust fit statistics of an MLR or WLSMV fit (``scaled_fit``,
    lavaan's names), labelled as such, with the Hu & Bentler verdicts, and the note saying
    which to report. Empty for ML."""
    sf = result.scaled_fit
    if not sf:
        return [], []

    def get(k: str) -> float:
        v = sf.get(k)
        return math.nan if v is None else float(v)

    wlsmv = result.estimator == "WLSMV"
    chi_label = "chi2 (mean-and-variance adjusted)" if wlsmv else "chi2 (Yuan-Bentler scaled)"
    rows: list[list[object]] = [
        [chi_label, get("chisq.scaled"), None],
        ["p (scaled)", format_p(get("pvalue.scaled")), None],
        ["scaling factor", get("chisq.scaling.factor"), None],
    ]
    if wlsmv:
        rows.append(["shift parameter", get("chisq.shift.parameters"), None])
    robust = "cfi.robust" in sf
    for kind in (("robust", "scaled") if robust else ("scaled",)):
        judged = kind == ("robust" if robust else "scaled")
        for key, lab in (("cfi", "CFI"), ("tli", "TLI"), ("rmsea", "RMSEA")):
            v = get(f"{key}.{kind}")
            rows.append([f"{lab} ({kind})", v, judge(key, v, thresholds) if judged else None])
        rows.append([f"RMSEA ({kind}) 90% CI",
                     f"[{get(f'rmsea.ci.lower.{kind}'):.3f}, {get(f'rmsea.ci.upper.{kind}'):.3f}]",
                     None])
    if wlsmv and robust:
        note = ("WLSMV: report the mean-and-variance adjusted (scaled-shifted) chi2 "
                "(Asparouhov & Muthen 2010) with the robust CFI/TLI/RMSEA (Savalei 2021; "
                "lavaan's .robust), which estimate the population values the Hu & Bentler "
                "cutoffs were made for; the scaled ones are the older versions; the unlabelled "
                "chi2, CFI, TLI and RMSEA are from the unscaled DWLS statistic.")
    elif wlsmv:
        note = ("WLSMV: report the mean-and-variance adjusted (scaled-shifted) chi2 with the "
                "scaled CFI/TLI/RMSEA (Asparouhov & Muthen 2010; the robust versions need a "
                "positive definite polychoric matrix); the unlabelled chi2, CFI, TLI "
                "and RMSEA are from the unscaled DWLS statistic.")
    elif robust:
        note = ("MLR: report the Yuan-Bentler scaled chi2 with the robust CFI/TLI/RMSEA "
                "(Brosseau-Liard, Savalei & Li 2012; Brosseau-Liard & Savalei 2014); the scaled "
                "ones are the older naive versions; the unlabelled rows are the normal-theory ML "
                "values.")
    else:
        note = ("MLR with FIML: report the Yuan-Bentler scaled chi2 with the scaled CFI/TLI/RMSEA "
                "(the robust versions are not computed for missing data); the unlabelled rows "
                "are the normal-theory FIML values.")
    return rows, [note]


def for_estimator(rows: list[list[object]], result: CFAResult,
                  thresholds: dict[str, Threshold] | None = None
                  ) -> tuple[list[list[object]], list[str]]:
    """A fit table's ``[index, value, verdict]`` rows adapted to the fit's estimator, and the
    notes to add: with MLR/WLSMV the :func:`robust_fit_rows` go after SRMR and carry the
    Hu & Bentler verdicts in place of the unscaled CFI/TLI/RMSEA; for WLSMV the
    likelihood-based rows (which DWLS does not have) are dropped. ML rows pass unchanged."""
    rob_rows, rob_notes = robust_fit_rows(result, thresholds)
    if rob_rows:  # the verdicts go to the statistics to report (robust / scaled)
        rows = [[r[0], r[1], None if r[0] in ("CFI", "TLI", "RMSEA") else r[2]] for r in rows]
        at = 1 + next(i for i, r in enumerate(rows) if r[0] == "SRMR")
        rows[at:at] = rob_rows
    if result.estimator == "WLSMV":   # likelihood-based entries do not exist for DWLS
        rows = [r for r in rows if r[0] not in ("log-likelihood", "AIC", "BIC",
                                                "sample-size adjusted BIC")]
    return rows, rob_notes


def cfa_tables(result: CFAResult, thresholds: dict[str, Threshold] | None = None,
               top_mi: int = 10) -> list[Table]:
    """Four tables: ``cfa_fit`` (global fit with Hu & Bentler verdicts), ``cfa_loadings``
    (unstandardized and standardized loadings, SEs, p, loading verdicts), ``cfa_correlations``
    (latent correlation matrix) and ``cfa_modindices`` (largest modification indices)."""
    f = result.fit
    ci = f"[{f.rmsea_ci_lower:.3f}, {f.rmsea_ci_upper:.3f}]"
    fit_rows = [
        ["chi2", f.chi2, None],
        ["df", str(f.df), None],
        ["p", format_p(f.p), None],
        ["chi2/df", f.chi2 / f.df if f.df > 0 else math.nan, None],
        ["CFI", f.cfi, judge("cfi", f.cfi, thresholds)],
        ["TLI", f.tli, judge("tli", f.tli, thresholds)],
        ["RMSEA", f.rmsea, judge("rmsea", f.rmsea, thresholds)],
        ["RMSEA 90% CI", ci, None],
        ["RMSEA p-close (H0: RMSEA <= .05)", format_p(f.rmsea_pclose), None],
        ["SRMR", f.srmr, judge("srmr", f.srmr, thresholds)],
        ["baseline chi2", f.baseline_chi2, None],
        ["baseline df", str(f.baseline_df), None],
        ["log-likelihood", f.loglik, None],
        ["AIC", f.aic, None],
        ["BIC", f.bic, None],
        ["sample-size adjusted BIC", f.sabic, None],
        ["free parameters", str(f.npar), None],
    ]
    fit_rows, rob_notes = for_estimator(fit_rows, result, thresholds)
    notes = [_method_note(result), *rob_notes,
             "SRMR is Bentler's (lavaan's default 'srmr'); RMSEA CI by noncentral chi-square inversion."]
    notes += [f"warning: {w}" for w in result.warnings]
    tables = [Table(key="cfa_fit", title="CFA: global fit", columns=["index", "value", "verdict"],
                    rows=fit_rows, formats={"value": ".3f"}, notes=notes)]

    load_rows = []
    for _, r in result.loadings.iterrows():
        load_rows.append([r["construct"], r["item"], r["est"], r["se"], r["z"], format_p(r["p"]),
                          r["std"], r["std_se"], judge("loading", r["std"], thresholds)])
    tables.append(Table(
        key="cfa_loadings", title="CFA: factor loadings",
        columns=["construct", "item", "estimate", "SE", "z", "p", "standardized", "SE (std)", "verdict"],
        rows=load_rows,
        formats={"estimate": ".3f", "SE": ".3f", "z": ".2f", "standardized": ".3f", "SE (std)": ".3f"},
        notes=["Standardized = lavaan's std.all; SE (std) by the delta method. Marker loadings "
               "(fixed to 1) have no SE, z or p."],
    ))

    cor = result.factor_correlations
    names = list(cor.index)
    tables.append(Table(
        key="cfa_correlations", title="CFA: latent correlations",
        columns=["", *names],
        rows=[[a, *[float(cor.loc[a, b]) if j <= i else None for j, b in enumerate(names)]]
              for i, a in enumerate(names)],
        formats={n: ".3f" for n in names},
        notes=["Model-implied correlations of the latent variables."],
    ))
    if result.modindices is not None and top_mi > 0:   # computed and stored by the fit
        mi = result.modindices.head(top_mi)
        tables.append(Table(
            key="cfa_modindices", title="CFA: largest modification indices",
            columns=["lhs", "op", "rhs", "MI", "EPC", "std EPC"],
            rows=[[r.lhs, r.op, r.rhs, r.mi, r.epc, r.sepc_all] for r in mi.itertuples()],
            formats={"MI": ".2f", "EPC": ".3f", "std EPC": ".3f"},
            notes=["Score tests of fixed-to-zero cross-loadings and item residual covariances "
                   "(lavaan's modindices, expected information). Free a parameter only with a "
                   "substantive reason."],
        ))
    return tables
