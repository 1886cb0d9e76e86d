"""The steps of the analysis pipeline and the registry that maps names to them.

Each step is a function ``run(ctx) -> result`` reading what earlier steps left in the
:class:`StepContext` (the imported data, the CFA fit) and returning a result object with
``to_dict()``. A step that cannot run on this instrument or these data raises
:class:`StepSkipped` (or the module raises :class:`~cemsurvey.errors.EstimationError`):
the pipeline records a visible note and carries on. Input errors
(:class:`~cemsurvey.errors.DataError`, :class:`~cemsurvey.errors.SpecError`) stop the run.

The registry is a plain mapping so tests (and callers) can replace a step, e.g. to run the
pipeline on a fake module; the shipped registry, :data:`DEFAULT_STEPS`, calls the real
modules named in docs/api-contract.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from cemsurvey.analysis.context import Step, StepContext, StepSkipped
from cemsurvey.analysis.descriptives import describe_items
from cemsurvey.analysis.invariance_step import run_invariance
from cemsurvey.analysis.missing_policy import (
    check_kept,
    model_policy,
    pls_data,
    require_answers,
    run_missing,
)
from cemsurvey.analysis.pls_steps import run_compare, run_ipma, run_predict
from cemsurvey.analysis.robustness import run_method_bias, with_discriminant


#: ``factory(label, total) -> advance(k)``: how a step asks for a progress callback.
def _estimation(ctx: StepContext, what: str, bootstrap: int = 0) -> dict[str, Any]:
    """``estimator=`` and ``missing=`` of the CFA/CB-SEM engines: the option, else the
    instrument's ``estimator:``, else ML; the missing-data policy from
    :func:`~cemsurvey.analysis.missing_policy.model_policy` (``auto``: FIML where the items
    have gaps). With ``bootstrap`` given, the count to use is returned under ``bootstrap``."""
    est = ctx.options.estimator_for(ctx.ins)
    miss, b = model_policy(ctx, est, what, bootstrap)
    kw: dict[str, Any] = {"estimator": est, "missing": miss}
    if bootstrap:
        kw["bootstrap"] = b
    return kw


def _item_missing(ctx: StepContext, what: str) -> str:
    m = ctx.options.item_missing
    if ctx.options.missing in ("fiml", "em"):
        ctx.remark(f"used {m} deletion ({ctx.options.missing.upper()} applies to "
                   f"{'CFA and CB-SEM' if ctx.options.missing == 'fiml' else 'PLS-SEM'})")
    return m


def _bootstrap(ctx: StepContext, default: int = 0) -> int:
    b = ctx.options.bootstrap
    return default if b is None else int(b)


# ----------------------------------------------------------------------------- steps
def run_import(ctx: StepContext) -> Any:
    """Read and screen the responses (:func:`cemsurvey.responses.import_responses`)."""
    from cemsurvey.responses.importer import import_responses
    from cemsurvey.responses.screening import ScreeningOptions

    o = ctx.options
    res = import_responses(ctx.data_path, ctx.ins, source=o.source, mapping=o.mapping,
                           invalid=o.invalid,  # type: ignore[arg-type]
                           screening=ScreeningOptions(drop=o.drop))
    ctx.data = res.data
    ctx.background = res.background
    return res


def run_profile(ctx: StepContext) -> Any:
    """Sample profile of the background questions (:func:`sample_profile`)."""
    if not ctx.ins.background:
        raise StepSkipped("the instrument declares no background questions")
    if ctx.background is None or ctx.background.shape[1] == 0:
        raise StepSkipped("the data have no background columns")
    from cemsurvey.psychometrics.groups import sample_profile

    return sample_profile(ctx.background, ctx.ins, lang=ctx.options.lang)


def run_descriptives(ctx: StepContext) -> Any:
    """Item descriptives (:func:`cemsurvey.analysis.descriptives.describe_items`)."""
    data = ctx.need_data()
    return describe_items(data, ctx.ins.construct_of_item, set(ctx.ins.reverse_items))


def run_reliability(ctx: StepContext) -> Any:
    """Alpha, omega and item statistics per construct (:func:`analyze_reliability`)."""
    from cemsurvey.psychometrics.reliability import analyze_reliability

    require_answers(ctx, "reliability")
    b = _bootstrap(ctx)
    res = analyze_reliability(ctx.need_data(), ctx.ins,
                              missing=_item_missing(ctx, "reliability"),
                              bootstrap=b, seed=ctx.options.seed,
                              progress=ctx.progress_for("reliability bootstrap", b))
    check_kept(ctx, "reliability", res, "pairwise deletion (policy 'auto')")
    return res


def run_efa(ctx: StepContext) -> Any:
    """KMO, Bartlett, parallel analysis and the rotated loadings (:func:`analyze_efa`)."""
    from cemsurvey.psychometrics.efa import analyze_efa

    require_answers(ctx, "EFA")
    o = ctx.options
    res = analyze_efa(ctx.need_data(), ctx.ins, n_factors=o.factors, extraction=o.extraction,
                      rotation=o.rotation, missing=_item_missing(ctx, "EFA"),
                      parallel_iter=o.parallel_iter,
                      seed=o.seed, progress=ctx.progress_for("parallel analysis",
                                                             o.parallel_iter))
    check_kept(ctx, "EFA", res, "pairwise deletion (policy 'auto')")
    return res


def run_cfa(ctx: StepContext) -> Any:
    """First-order CFA of the measurement model (:func:`fit_cfa`), reused by validity.

    The estimator (the option, else the YAML's ``estimator:``, else ML) and the
    missing-data policy are passed on.
    """
    from cemsurvey.psychometrics.sem.cfa import fit_cfa

    require_answers(ctx, "CFA")
    res = fit_cfa(ctx.need_data(), ctx.ins, level="first", **_estimation(ctx, "the CFA engine"))
    check_kept(ctx, "CFA", res, "FIML (policy 'auto', estimator ML or MLR)")
    _normality_remark(ctx, res.estimator)
    return res


def _normality_remark(ctx: StepContext, used: str) -> None:
    """Mardia's multivariate normality tests on the model's items and the estimator they call
    for (:func:`cemsurvey.psychometrics.normality.mardia`), as a remark on the step; one
    that differs from the estimator used is named as the one to rerun with."""
    from cemsurvey.errors import DataError
    from cemsurvey.psychometrics.normality import mardia

    items = [i for i in ctx.ins.item_ids if i in ctx.need_data().columns]
    try:
        m = mardia(ctx.need_data()[items])
    except DataError:
        return
    text = f"normality check: {m.recommendation}"
    if m.estimator != used.lower():
        text += f" (this fit used {used.upper()}; rerun with estimator {m.estimator})"
    ctx.remark(text)


def run_validity(ctx: StepContext) -> Any:
    """CR, AVE, Fornell-Larcker, HTMT from the CFA fit (:func:`analyze_validity`), plus
    discriminant validity with inference (:func:`~.robustness.with_discriminant`)."""
    cfa = ctx.results.get("cfa")
    if cfa is None:
        raise StepSkipped("validity needs the CFA, which did not run")
    from cemsurvey.psychometrics.validity import analyze_validity

    b = _bootstrap(ctx)
    res = analyze_validity(cfa, ctx.need_data(), ctx.ins, htmt_bootstrap=b,
                           seed=ctx.options.seed,
                           progress=ctx.progress_for("HTMT bootstrap", b))
    # CR, AVE and Fornell-Larcker come from the CFA fit (FIML keeps everyone); HTMT and the
    # observed covariances use complete cases in this version
    check_kept(ctx, "validity (HTMT)", res, "",
               tail="HTMT uses complete cases in this version (CR, AVE and Fornell-Larcker "
                    "come from the CFA fit)")
    return with_discriminant(ctx, res)


def run_structural(ctx: StepContext) -> Any:
    """Hypothesis tests of the structural paths (:func:`fit_cbsem` or :func:`fit_pls`)."""
    if not ctx.ins.structural_paths:
        raise StepSkipped("the instrument declares no structural paths (add `paths:` to the "
                          "YAML to test hypotheses)")

    o = ctx.options
    data = ctx.need_data()
    require_answers(ctx, "the structural model")
    if o.is_pls:
        from dataclasses import replace

        from cemsurvey.psychometrics.pls import fit_pls

        b = _bootstrap(ctx, 5000)
        if o.estimator is not None and o.estimator != "ml":
            ctx.remark(f"estimator {o.estimator} applies to CFA and CB-SEM, not PLS-SEM")
        filled, policy = pls_data(ctx)
        res = fit_pls(filled, ctx.ins, bootstrap=b, seed=o.seed, alpha=o.alpha, tails=o.tails,
                      scheme=o.pls_scheme, higher_order=o.higher_order, ci=o.ci,
                      method=o.method, interaction=o.interaction,  # type: ignore[arg-type]
                      progress=ctx.progress_for("PLS bootstrap", b))
        if policy != "listwise":
            res = replace(res, missing=policy,
                          structural=replace(res.structural, missing=policy))
        check_kept(ctx, "PLSc" if o.method == "plsc" else "PLS-SEM", res, "mean replacement or EM imputation (policy 'auto' "
                                        "or 'em')")
        return res
    from cemsurvey.psychometrics.sem.structural import fit_cbsem

    kw = _estimation(ctx, "the CB-SEM engine", _bootstrap(ctx))
    b = int(kw.pop("bootstrap", 0))
    if o.pls_scheme != "path" or o.higher_order != "repeated":
        ctx.remark("the PLS scheme and higher-order approach apply to PLS-SEM, not CB-SEM")
    res = fit_cbsem(data, ctx.ins, bootstrap=b, seed=o.seed, alpha=o.alpha, tails=o.tails,
                    ci=o.ci, progress=ctx.progress_for("SEM bootstrap", b), **kw)
    check_kept(ctx, "CB-SEM", getattr(res, "structural", res),
               "FIML (policy 'auto', estimator ML or MLR)")
    return res


def run_groups(ctx: StepContext) -> Any:
    """Construct scores compared across the groups of ``options.by`` (:func:`compare_groups`)."""
    by = ctx.options.by
    if by is None:
        raise StepSkipped("no grouping question given", quiet=True)
    from cemsurvey.psychometrics.groups import compare_groups, group_column
    from cemsurvey.psychometrics.scores import construct_scores

    background = ctx.background if ctx.background is not None else pd.DataFrame()
    codes, labels = group_column(background, ctx.ins, by, lang=ctx.options.lang)
    scores = construct_scores(ctx.need_data(), ctx.ins)
    return compare_groups(scores, codes, nonparametric=ctx.options.nonparametric,
                          labels=labels)


DEFAULT_STEPS: Mapping[str, Step] = {
    s.name: s
    for s in (
        Step("import", "Import and screening", run_import),
        Step("missing", "Missing answers", run_missing, ("import",)),
        Step("profile", "Sample profile", run_profile, ("import",)),
        Step("descriptives", "Item descriptives", run_descriptives, ("import",)),
        Step("reliability", "Reliability", run_reliability, ("import",)),
        Step("efa", "Exploratory factor analysis", run_efa, ("import",)),
        Step("cfa", "Confirmatory factor analysis", run_cfa, ("import",)),
        Step("validity", "Convergent and discriminant validity", run_validity,
             ("import", "cfa")),
        Step("structural", "Structural model", run_structural, ("import",)),
        Step("predict", "PLSpredict and CVPAT", run_predict, ("import",)),
        Step("ipma", "Importance-performance map", run_ipma, ("import", "structural")),
        Step("compare", "Model comparison", run_compare, ("import", "structural")),
        Step("method-bias", "Common-method bias", run_method_bias, ("import",)),
        Step("groups", "Group comparisons", run_groups, ("import",)),
        Step("invariance", "Measurement invariance across groups", run_invariance,
             ("import",)),
    )
}
