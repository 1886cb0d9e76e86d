"""Tables for confirmatory factor analysis (:class:`cemsurvey.psychometrics.cfa.CFAResult`)."""

from __future__ import annotations

import math

from cemsurvey.psychometrics.cfa import CFAResult
from cemsurvey.report.tables import Table, format_p
from cemsurvey.report.thresholds import Threshold, judge


def _method_note(result: CFAResult) -> str:
    return (f"ML ({result.estimator}, lavaan defaults: divisor N, chi2 = N F_ML, expected-information SEs), "
            f"n = {result.n} ({result.missing} deletion), {result.level}-order model, "
            f"identification: {result.identification}; "
            f"{'converged' if result.converged else 'NOT CONVERGED'} in {result.iterations} iterations.")


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
    notes = [_method_note(result),
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
    if result.acov is not None and top_mi > 0:
        mi = result.modification_indices(top=top_mi)
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
