"""Tables of the structural model: the hypothesis table (CB-SEM or PLS) and CB-SEM extras.

:func:`structural_tables` is the renderer the analysis report calls for the ``structural``
step. For a :class:`~cemsurvey.psychometrics.sem.structural.CBSEMResult` it gives the hypothesis
table, R^2, the effects (direct, indirect, total), the specific indirect effects and the
global fit (:func:`cbsem_tables`). For any other result carrying a shared
:class:`~cemsurvey.psychometrics.sem.structural_result.StructuralResult` (PLS) it gives the
shared tables of :func:`hypothesis_tables` (the PLS measurement tables of
:func:`cemsurvey.report.pls.pls_tables` are not part of the analysis report yet).
"""

from __future__ import annotations

from typing import Any

from cemsurvey.psychometrics.sem.structural_result import StructuralResult
from cemsurvey.report.tables import Table, format_p
from cemsurvey.report.thresholds import Threshold, judge


def _ci_note(st: StructuralResult) -> str:
    level = 1 - st.alpha if st.tails == 2 else 1 - 2 * st.alpha
    how = {"percentile": f"bootstrap percentile ({st.bootstrap} resamples)",
           "bc": f"bootstrap bias-corrected ({st.bootstrap} resamples)",
           "bca": f"bootstrap BCa ({st.bootstrap} resamples)",
           "wald": "Wald (estimate +- z SE)"}.get(st.ci_method, st.ci_method)
    return (f"{100 * level:.0f}% confidence intervals: {how}; {st.tails}-tailed tests at "
            f"alpha = {st.alpha:g}; n = {st.n} "
            f"({'FIML' if st.missing == 'fiml' else st.missing + ' deletion'}).")


def hypothesis_tables(st: StructuralResult, thresholds: dict[str, Threshold] | None = None,
                      prefix: str = "structural", estimator: str = "ML") -> list[Table]:
    """``<prefix>_hypotheses`` (H1..Hn: path, estimate, standardized, SE, t/z, p, CI,
    decision), ``<prefix>_r2`` (R^2 and adjusted R^2 per endogenous construct) and, when
    present, ``<prefix>_indirect`` (specific indirect effects). ``estimator``: the CB-SEM
    fit's (``ML``, ``MLR``, ``WLSMV``), named in the note."""
    stat = "z" if st.method == "cb-sem" else "t"
    rows = [[h.hypothesis, h.label, h.est, h.std, h.se, h.t, format_p(h.p), h.ci_lower,
             h.ci_upper, "supported" if h.supported else "not supported"] for h in st.paths]
    se_kind = {"MLR": "robust (Huber-White) SE", "WLSMV": "robust SE"}.get(estimator,
                                                                           f"{estimator} SE")
    est_note = (f"Estimate = unstandardized {estimator} coefficient with its {se_kind} and z "
                "test (lavaan's sem()); standardized = std.all." if st.method == "cb-sem" else
                "Estimate = standardized path coefficient; SE = bootstrap standard deviation.")
    tables = [Table(
        key=f"{prefix}_hypotheses", title="Structural model: hypothesis tests",
        columns=["hypothesis", "path", "estimate", "standardized", "SE", stat, "p", "CI lower",
                 "CI upper", "decision"],
        rows=rows,
        formats={"estimate": ".3f", "standardized": ".3f", "SE": ".3f", stat: ".2f",
                 "CI lower": ".3f", "CI upper": ".3f"},
        notes=[f"Method: {st.method}. {est_note}", _ci_note(st),
               *[f"warning: {w}" for w in st.warnings]],
    )]
    tables.append(Table(
        key=f"{prefix}_r2", title="Structural model: explained variance",
        columns=["construct", "R2", "adjusted R2", "verdict"],
        rows=[[c, v, st.r2_adj.get(c), judge("r2", v, thresholds)] for c, v in st.r2.items()],
        formats={"R2": ".3f", "adjusted R2": ".3f"},
        notes=["R2 of each endogenous latent variable; adjusted R2 = 1 - (1 - R2)(n - 1)/(n - k - 1)."],
    ))
    if st.indirect:
        tables.append(Table(
            key=f"{prefix}_indirect", title="Structural model: specific indirect effects",
            columns=["path", "estimate", "SE", stat, "p", "CI lower", "CI upper"],
            rows=[[ie.label, ie.est, ie.se, ie.t, format_p(ie.p), ie.ci_lower, ie.ci_upper]
                  for ie in st.indirect],
            formats={"estimate": ".3f", "SE": ".3f", stat: ".2f", "CI lower": ".3f",
                     "CI upper": ".3f"},
            notes=["Products of the path coefficients along each chain. "
                   + ("SE = bootstrap standard deviation." if st.bootstrap else
                      "SE by the multivariate delta method (as lavaan's ':=')."), _ci_note(st)],
        ))
    return tables


def cbsem_tables(result: Any, thresholds: dict[str, Threshold] | None = None) -> list[Table]:
    """CB-SEM tables: :func:`hypothesis_tables`, ``cbsem_effects`` (direct, indirect and
    total effects) and ``cbsem_fit`` (global fit with Hu & Bentler verdicts)."""
    from cemsurvey.report.cfa import estimation_text, for_estimator

    st: StructuralResult = result.structural
    tables = hypothesis_tables(st, thresholds, estimator=result.fit.estimator)
    eff = result.effects
    if len(eff):
        tables.append(Table(
            key="cbsem_effects", title="CB-SEM: direct, indirect and total effects",
            columns=["from", "to", "effect", "estimate", "standardized", "SE", "z", "p",
                     "CI lower", "CI upper"],
            rows=[[r["from"], r["to"], r["kind"], r["est"], r["std"], r["se"], r["z"],
                   format_p(r["p"]), r["ci_lower"], r["ci_upper"]]
                  for r in eff.to_dict("records")],
            formats={"estimate": ".3f", "standardized": ".3f", "SE": ".3f", "z": ".2f",
                     "CI lower": ".3f", "CI upper": ".3f"},
            notes=["Total = direct + indirect (Bollen 1987). "
                   + (f"SE = bootstrap standard deviation; {result.bootstrap_failed} failed "
                      f"resamples excluded." if result.bootstrap else
                      "SE by the multivariate delta method."), _ci_note(st)],
        ))
    f = result.fit.fit
    ci = f"[{f.rmsea_ci_lower:.3f}, {f.rmsea_ci_upper:.3f}]"
    rows, rob_notes = for_estimator(
        [["chi2", f.chi2, None], ["df", str(f.df), None], ["p", format_p(f.p), None],
         ["CFI", f.cfi, judge("cfi", f.cfi, thresholds)],
         ["TLI", f.tli, judge("tli", f.tli, thresholds)],
         ["RMSEA", f.rmsea, judge("rmsea", f.rmsea, thresholds)],
         ["RMSEA 90% CI", ci, None],
         ["SRMR", f.srmr, judge("srmr", f.srmr, thresholds)],
         ["AIC", f.aic, None], ["BIC", f.bic, None], ["free parameters", str(f.npar), None]],
        result.fit, thresholds)
    tables.append(Table(
        key="cbsem_fit", title="CB-SEM: global fit",
        columns=["index", "value", "verdict"],
        rows=rows,
        formats={"value": ".3f"},
        notes=[(f"{estimation_text(result.fit)}; "
                f"{'converged' if result.fit.converged else 'NOT CONVERGED'}."), *rob_notes],
    ))
    return tables


def structural_tables(result: Any, thresholds: dict[str, Threshold] | None = None) -> list[Table]:
    """Renderer of the ``structural`` analysis step (dispatches on the result type)."""
    from cemsurvey.psychometrics.sem.structural import CBSEMResult

    if isinstance(result, CBSEMResult):
        return cbsem_tables(result, thresholds)
    st = result if isinstance(result, StructuralResult) else result.structural
    return hypothesis_tables(st, thresholds)
