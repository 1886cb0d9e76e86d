"""The reviewer's robustness checks in the pipeline: the ``method-bias`` step and the
discriminant validity with inference that the ``validity`` step attaches to its result.

* :func:`run_method_bias` -- Harman's single-factor test, full-collinearity VIFs, the
  common latent factor and, with a ``marker: true`` construct, the Lindell-Whitney
  correction and the CFA marker technique
  (:func:`cemsurvey.psychometrics.method_bias.assess_method_bias`). The VIFs use PLS
  construct scores when the run's method is PLS-SEM (the structural step's scores, else a
  PLS fit without bootstrap), mean scores otherwise; the result says which.
* :func:`with_discriminant` -- Rönkkö & Cho's (2022) factor correlations with intervals
  and chi2(cut) tests (:func:`~cemsurvey.psychometrics.discriminant.discriminant_validity`)
  and, when the validity step bootstrapped HTMT, the upper-bound verdicts of its intervals
  (:func:`~cemsurvey.psychometrics.discriminant.htmt_verdicts`, no second resampling).

The method-factor and discriminant models are ML fits on complete cases (as verified
against lavaan and semTools); when the run's estimator or missing-data policy differs, a
remark on the step says so.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.analysis.context import StepContext
from cemsurvey.analysis.missing_policy import has_gaps, item_ids, pls_data, require_answers
from cemsurvey.errors import CemsurveyError

#: Most construct pairs whose chi2(cut) tests are run (one constrained CFA per pair: 105
#: pairs = 15 constructs); above it each pair is judged by its interval's upper limit.
MAX_CHI2_PAIRS = 105


def ml_complete_remark(ctx: StepContext, models: str, complete: str) -> None:
    """Remark that ``models`` are fitted by ML when the run's estimator is another one, and
    that ``complete`` use complete cases when the items have gaps and the run's
    missing-data policy would keep incomplete respondents."""
    est = ctx.options.estimator_for(ctx.ins).lower()
    if est != "ml":
        ctx.remark(f"{models} fitted by ML (this run's estimator is {est.upper()})")
    if ctx.options.missing != "listwise" and has_gaps(ctx):
        data = ctx.need_data()
        n_cc = int(data[item_ids(ctx)].notna().all(axis=1).sum())
        ctx.remark(f"{complete} use the {n_cc} of {len(data)} respondents who answered every "
                   f"item (complete cases; the missing-data policy '{ctx.options.missing}' "
                   f"does not apply to them)")


def _pls_scores(ctx: StepContext) -> pd.DataFrame | None:
    """First-order PLS construct scores: the structural step's, else a PLS fit without
    bootstrap; ``None`` (with a remark) when the instrument has no PLS model."""
    scores = getattr(ctx.results.get("structural"), "scores", None)
    if scores is None:
        from cemsurvey.psychometrics.pls import fit_pls

        o = ctx.options
        filled, _ = pls_data(ctx)
        try:
            with warnings.catch_warnings():  # only the scores are used: the fit's own
                warnings.simplefilter("ignore")  # warnings belong to the structural step
                scores = fit_pls(filled, ctx.ins, bootstrap=0, scheme=o.pls_scheme,  # type: ignore[arg-type]
                                 higher_order=o.higher_order).scores  # type: ignore[arg-type]
        except CemsurveyError as exc:
            ctx.remark(f"full-collinearity VIFs use mean scores: PLS construct scores need "
                       f"the structural model ({exc})")
            return None
    marker = set(ctx.ins.marker_constructs)
    cols = [c for c in ctx.ins.construct_ids if c in scores.columns]
    left = [c for c in ctx.ins.construct_ids if c not in scores.columns and c not in marker]
    if left:
        ctx.remark(f"full-collinearity VIFs of PLS scores leave out {', '.join(left)} "
                   f"(not in the structural model)")
    return scores[cols]


def run_method_bias(ctx: StepContext) -> Any:
    """Common-method-bias checks (:func:`assess_method_bias`); VIFs of PLS scores under
    PLS-SEM, of mean scores otherwise."""
    from cemsurvey.psychometrics.method_bias import assess_method_bias

    require_answers(ctx, "common-method bias")
    scores, label = None, "mean"
    if ctx.options.is_pls:
        scores = _pls_scores(ctx)
        label = "PLS" if scores is not None else "mean"
    ml_complete_remark(ctx, "the common latent factor and the marker models are",
                       "Harman's test and the method-factor models")
    return assess_method_bias(ctx.need_data(), ctx.ins, scores=scores, scores_label=label,
                              alpha=ctx.options.alpha)


def with_discriminant(ctx: StepContext, res: Any) -> Any:
    """``res`` (a :class:`~cemsurvey.psychometrics.validity.ValidityResult`) with
    ``discriminant`` (Rönkkö & Cho 2022) and, when its HTMT was bootstrapped,
    ``htmt_inference``; a discriminant model that cannot be fitted leaves a remark."""
    from cemsurvey.psychometrics.discriminant import discriminant_validity, htmt_verdicts

    o = ctx.options
    cut = o.discriminant_cutoff
    k = len(res.constructs)
    pairs = k * (k - 1) // 2
    tests = pairs <= MAX_CHI2_PAIRS
    if not tests:
        ctx.remark(f"discriminant validity: {pairs} construct pairs; the chi2(cut) tests (one "
                   f"CFA per pair) run for at most {MAX_CHI2_PAIRS} pairs, so each pair is "
                   f"judged by its confidence interval's upper limit")
    ml_complete_remark(ctx, "the discriminant-validity CFA (latent variances 1) is",
                       "the discriminant-validity intervals and tests")
    dv = None
    try:
        dv = discriminant_validity(ctx.need_data(), ctx.ins, cutoff=cut, level=1 - o.alpha,
                                   alpha=o.alpha, chi2_tests=tests)
    except (CemsurveyError, np.linalg.LinAlgError, ArithmeticError) as exc:
        ctx.remark(f"discriminant validity with inference not computed: {exc}")
    hi = None
    if res.bootstrap is not None:
        hi = htmt_verdicts(res.htmt, res.htmt2, res.bootstrap, cut)
    return replace(res, discriminant=dv, htmt_inference=hi)
