"""How each analysis step treats missing answers (the ``missing`` option), and the
missing-data step itself.

``auto`` (the default) follows the reference software per step (see
:data:`~cemsurvey.analysis.options.AUTO_POLICY`): FIML for CFA and CB-SEM with ML/MLR,
pairwise polychorics for CFA and CB-SEM with WLSMV, pairwise-complete correlations for
reliability and EFA, mean replacement for PLS-SEM.
Every step states the n it used and its policy; a step that keeps fewer than
:data:`KEEP_WARN` of the respondents warns with both numbers and names the better policy.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.analysis.context import StepContext
from cemsurvey.errors import DataWarning, EstimationError

#: Share of respondents below which a step warns that it dropped too many.
KEEP_WARN = 0.95

#: Human-readable names of the policies as the reports show them.
LABELS = {"listwise": "listwise deletion", "pairwise": "pairwise deletion", "fiml": "FIML"}


def item_ids(ctx: StepContext) -> list[str]:
    """The instrument's item columns present in the data, in questionnaire order."""
    data = ctx.need_data()
    return [i for i in ctx.ins.item_ids if i in data.columns]


def has_gaps(ctx: StepContext, items: list[str] | tuple[str, ...] | None = None) -> bool:
    """Whether any of ``items`` (default: all items) has a missing answer."""
    data = ctx.need_data()
    cols = [c for c in (items if items is not None else item_ids(ctx)) if c in data.columns]
    return bool(data[cols].isna().to_numpy().any()) if cols else False


def require_answers(ctx: StepContext, what: str) -> None:
    """Skip a model step (:class:`EstimationError`, shown as a note) when an item has fewer
    than two answers: no variance, so no correlation, FIML or alpha can use it. The other
    steps still run and the missing-data section lists the items."""
    data = ctx.need_data()
    items = item_ids(ctx)
    counts = data[items].notna().sum() if items else pd.Series(dtype=int)
    few = [str(i) for i, c in counts.items() if c < 2]
    if few:
        raise EstimationError(f"{what} needs at least two answers per item; {len(few)} item(s) "
                              f"have fewer ({', '.join(few[:10])}): remove them from the model "
                              f"or check the column mapping")


def run_missing(ctx: StepContext) -> Any:
    """Missing-data report of the item answers (:func:`analyze_missing`): share missing per
    item, respondents by number missing, patterns, EM moments, Little's MCAR test."""
    from cemsurvey.psychometrics.missing import analyze_missing

    return analyze_missing(ctx.need_data(), item_ids(ctx))


def model_policy(ctx: StepContext, estimator: str, what: str, bootstrap: int = 0
                 ) -> tuple[str, int]:
    """The missing-data policy (and bootstrap count) a CFA/CB-SEM fit uses.

    ``auto``/``fiml``/``em``: FIML when the model's items have gaps and the estimator is ML
    or MLR (complete data: the ordinary fit, which FIML equals); WLSMV uses pairwise
    polychorics (``"pairwise"``, lavaan's ``missing = "pairwise"``) under ``auto`` and
    ``em``. FIML offers no bootstrap: under ``auto`` the bootstrap is dropped with a remark,
    as the fit keeps every respondent.
    """
    requested = ctx.options.missing
    if requested in ("listwise", "pairwise"):
        return requested, bootstrap
    est = estimator.lower()
    if not has_gaps(ctx):
        return "listwise", bootstrap
    if est == "wlsmv":
        if requested == "fiml":
            raise EstimationError("FIML needs estimator ML or MLR; WLSMV uses pairwise "
                                  "polychorics (missing-data policy 'pairwise')")
        obs = ctx.need_data()[item_ids(ctx)].notna().to_numpy(dtype=float)
        ctx.remark(f"{what}: WLSMV on pairwise polychorics (each item's thresholds from its "
                   f"answers, each correlation from the respondents who answered both): "
                   f"n = {int(obs.any(axis=1).sum())}, smallest pair n = "
                   f"{int((obs.T @ obs).min())}")
        return "pairwise", bootstrap
    if bootstrap and requested == "auto":
        ctx.remark(f"{what}: fitted by FIML without bootstrap intervals (FIML keeps every "
                   f"respondent; bootstrap intervals need the complete-cases policy "
                   f"'listwise')")
        return "fiml", 0
    return "fiml", bootstrap


def check_kept(ctx: StepContext, what: str, result: Any, better: str, *,
               tail: str | None = None) -> None:
    """Warn when ``result.n`` is below :data:`KEEP_WARN` of the respondents, naming
    ``better`` (the policy that would keep them) or ending with ``tail``."""
    n_used = getattr(result, "n", None)
    total = int(ctx.need_data().shape[0])
    if str(getattr(result, "missing", "listwise")) != "listwise":
        return   # pairwise n is the smallest pair's; FIML and imputation keep everyone
    if not isinstance(n_used, int | np.integer) or total == 0 or n_used >= KEEP_WARN * total:
        return
    policy = LABELS.get(str(getattr(result, "missing", "listwise")), "listwise deletion")
    msg = (f"{what}: {policy} keeps {int(n_used)} of {total} respondents "
           f"({100 * n_used / total:.0f}%); " + (tail or f"{better} would use all of them"))
    warnings.warn(DataWarning(msg), stacklevel=2)


def pls_data(ctx: StepContext) -> tuple[pd.DataFrame, str]:
    """The data PLS-SEM estimates from and the policy label (``"listwise"``,
    ``"mean replacement"`` or ``"EM imputation"``): ``auto`` fills gaps with item
    means (SmartPLS, seminr), ``em`` with EM conditional means
    (:func:`cemsurvey.psychometrics.missing.impute_em`), ``listwise`` leaves them (the
    engine drops incomplete respondents)."""
    data = ctx.need_data()
    requested = ctx.options.missing
    if requested in ("listwise", "pairwise") or not has_gaps(ctx):
        if requested == "pairwise":
            ctx.remark("PLS-SEM has no pairwise estimator; used listwise deletion")
        return data, "listwise"
    items = item_ids(ctx)
    from cemsurvey.psychometrics.missing import impute_em, impute_mean

    if requested == "em":
        rep = ctx.results.get("missing")
        if rep is None or rep.mean is None:
            from cemsurvey.psychometrics.missing import analyze_missing

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rep = analyze_missing(data, items)
        if rep.mean is not None and rep.cov is not None:
            return impute_em(data, rep.mean, rep.cov), "EM imputation"
        ctx.remark("EM moments are not available for these data; used mean replacement")
    if requested == "fiml":
        ctx.remark("PLS-SEM has no FIML; used mean replacement (or choose EM imputation)")
    out = data.copy()
    out[items] = impute_mean(data[items])
    return out, "mean replacement"
