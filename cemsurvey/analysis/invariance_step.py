"""The ``invariance`` step: does the instrument measure the same thing in every group of the
grouping question (``options.by``)?

CB-SEM (the default method): multi-group CFA at the configural, metric, scalar and strict
levels with the automatic partial-invariance search, latent mean differences and path
differences (:func:`cemsurvey.psychometrics.invariance.measurement_invariance`; ML, or MLR
when the run's estimator is MLR; FIML when the items have gaps and the missing-data policy
is ``auto``, ``fiml`` or ``em``, as for single-group CFA; WLSMV with the Wu & Estabrook levels
for ordered items, on complete cases within each group). PLS-SEM: MICOM and the permutation
and bootstrap multi-group analyses
(:func:`cemsurvey.psychometrics.pls.multigroup.compare_pls_groups`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cemsurvey.analysis.context import StepContext, StepSkipped

#: Permutations (MICOM, permutation MGA) and bootstrap resamples (Henseler's MGA) when the
#: run gives no bootstrap count: Henseler, Ringle & Sarstedt (2016) use 5,000.
PLS_RESAMPLES = 5000


def grouping(ctx: StepContext) -> pd.Series:
    """Each respondent's group label for ``options.by`` (aligned with the data)."""
    from cemsurvey.psychometrics.groups import group_column

    background = ctx.background if ctx.background is not None else pd.DataFrame()
    codes, labels = group_column(background, ctx.ins, str(ctx.options.by), lang=ctx.options.lang)
    named = codes.map(lambda c: labels.get(int(c), str(c)) if pd.notna(c) else None)
    order = [labels[k] for k in sorted(labels)]           # the question's option order
    return pd.Series(pd.Categorical(named, categories=order), index=named.index,
                     name=str(ctx.options.by))


def _work(g: int) -> int:
    """Progress units per resample: one permutation per pair of groups, one bootstrap
    resample per group."""
    return g * (g - 1) // 2 + g


def run_invariance(ctx: StepContext) -> Any:
    """Measurement invariance across the groups of ``options.by`` (CB-SEM or PLS-SEM)."""
    o = ctx.options
    if o.by is None:
        raise StepSkipped("no grouping question given", quiet=True)
    groups = grouping(ctx)
    data = ctx.need_data()
    if o.is_pls:
        from cemsurvey.psychometrics.pls.multigroup import compare_pls_groups

        b = PLS_RESAMPLES if o.bootstrap is None else int(o.bootstrap)
        if b < 20:
            raise StepSkipped(f"MICOM and the multi-group analysis need at least 20 "
                              f"permutations and resamples (5,000 recommended), got {b}")
        if b < 1000:
            ctx.remark(f"MICOM and the multi-group analysis used {b} permutations and "
                       f"resamples; 5,000 are recommended for stable p values")
        labels = dict(enumerate(groups.cat.categories))
        return compare_pls_groups(data, ctx.ins, groups.cat.codes.where(groups.notna()),
                                  labels=labels, permutations=b, bootstrap=b, seed=o.seed,
                                  alpha=o.alpha, scheme=o.pls_scheme,
                                  higher_order=o.higher_order,
                                  progress=ctx.progress_for("MICOM and MGA", b * _work(len(labels))))
    from cemsurvey.psychometrics.invariance import measurement_invariance

    est = ctx.options.estimator_for(ctx.ins)
    if est not in ("ml", "mlr", "wlsmv"):
        ctx.remark(f"invariance fitted by ML (estimator {est} is not available for "
                   f"multi-group models)")
        est = "ml"
    if est == "wlsmv":      # ordered items: Wu & Estabrook (2016) levels
        from cemsurvey.analysis.missing_policy import has_gaps
        from cemsurvey.errors import DataError

        try:
            res = measurement_invariance(data, ctx.ins, groups, estimator="WLSMV")
            if has_gaps(ctx):
                ctx.remark("invariance (WLSMV) uses complete cases within each group")
            return res
        except DataError as exc:     # e.g. a category unused in one group
            ctx.remark(f"{exc}; invariance fitted by MLR instead (items treated as continuous)")
            est = "mlr"
    policy = _policy(ctx, est)
    res = measurement_invariance(data, ctx.ins, groups, estimator=est.upper(), missing=policy)
    if res.missing == "fiml":
        ns = ", ".join(f"{g} {n}" for g, n in zip(res.groups, res.n_by_group))
        ctx.remark(f"multi-group fits by FIML (every respondent with at least one answer): "
                   f"n = {res.n} ({ns})")
    return res


def _policy(ctx: StepContext, est: str) -> str:
    """``"fiml"`` or ``"listwise"`` for the multi-group fits, chosen as for single-group
    CFA (:func:`~cemsurvey.analysis.missing_policy.model_policy`): FIML when the items have
    gaps under ``auto``, ``fiml`` and ``em``; complete cases within each group under
    ``listwise`` (and ``pairwise``, which multi-group models do not have)."""
    from cemsurvey.analysis.missing_policy import has_gaps, model_policy

    if model_policy(ctx, est, "invariance")[0] == "fiml":
        return "fiml"
    if has_gaps(ctx):
        ctx.remark("invariance uses complete cases within each group"
                   + (" (multi-group models have no pairwise estimator)"
                      if ctx.options.missing == "pairwise" else ""))
    return "listwise"
