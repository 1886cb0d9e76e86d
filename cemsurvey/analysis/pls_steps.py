"""The PLS-SEM steps after the structural model: ``predict`` (PLSpredict with CVPAT) and
``ipma`` (importance-performance map).

Both apply to PLS path modeling only (``method`` ``pls`` or ``plsc``). In the default step
list (every step) they are quietly "not requested" under CB-SEM, as ``groups`` is without a
grouping question; named in ``steps`` under CB-SEM they are skipped with a note saying why.
They estimate from the data the structural step used (the same missing-data policy,
:func:`~cemsurvey.analysis.missing_policy.pls_data`).

* ``predict``: :func:`~cemsurvey.psychometrics.pls.predict_pls` (k folds x repetitions,
  seeded; EA or DA) and :func:`~cemsurvey.psychometrics.pls.cvpat` (2,000 bootstrap
  resamples of the loss differences). PLSpredict has no published procedure for
  higher-order constructs or interaction terms: such models are skipped with the engine's
  message. It refits the model in every training fold, so it does not need the structural
  step's result.
* ``ipma``: :func:`~cemsurvey.psychometrics.pls.ipma` of the structural step's
  :class:`~cemsurvey.psychometrics.pls.PLSResult` (its weights and paths), target
  ``options.ipma_target`` or the last outcome of the model.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cemsurvey.analysis.context import StepContext, StepSkipped
from cemsurvey.analysis.missing_policy import pls_data, require_answers
from cemsurvey.errors import EstimationError
from cemsurvey.results import ALL_STEPS

#: Bootstrap resamples of CVPAT's variance test (Sharma et al. 2023 use 2,000, as
#: seminrExtras' default).
CVPAT_BOOT = 2000
#: Seed of CVPAT's bootstrap when the run has none (seminrExtras' default).
CVPAT_SEED = 123


@dataclass(frozen=True)
class PredictStep:
    """Result of the ``predict`` step: PLSpredict and CVPAT on the same folds.

    Attributes
    ----------
    predict
        :class:`~cemsurvey.psychometrics.pls.PredictResult` (per indicator Q^2predict, RMSE
        and MAE of PLS and LM; verdict per construct).
    cvpat
        :class:`~cemsurvey.psychometrics.pls.CvpatResult` (PLS against the IA and LM
        benchmarks).
    """

    predict: Any
    cvpat: Any

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self.predict.warnings)

    def to_dict(self) -> dict[str, Any]:
        """``{items, verdict, folds, repetitions, technique, method, metric, seed, n,
        warnings, cvpat: {rows, nboot, seed, alternative, ia, alpha}}``."""
        return {**self.predict.to_dict(), "cvpat": self.cvpat.to_dict()}


def _pls_only(ctx: StepContext, what: str) -> None:
    """Skip under CB-SEM: quietly in the default step list, with a note when asked for."""
    o = ctx.options
    if o.is_pls:
        if not ctx.ins.structural_paths:
            raise StepSkipped("the instrument declares no structural paths")
        return
    if tuple(o.steps) == ALL_STEPS:
        raise StepSkipped(f"{what} applies to PLS-SEM", quiet=True)
    raise StepSkipped(f"{what} applies to PLS-SEM (method pls or plsc), not {o.method}")


def run_predict(ctx: StepContext) -> PredictStep:
    """PLSpredict (Shmueli et al. 2019) and CVPAT (Liengaard et al. 2021; Sharma et al.
    2023) of the structural model."""
    _pls_only(ctx, "PLSpredict")
    from cemsurvey.psychometrics.pls import cvpat, predict_pls

    require_answers(ctx, "PLSpredict")
    o = ctx.options
    data, _ = pls_data(ctx)
    try:
        pred = predict_pls(data, ctx.ins, folds=o.predict_folds,
                           repetitions=o.predict_repetitions, seed=o.seed,
                           technique=o.predict_technique,  # type: ignore[arg-type]
                           method=o.method, scheme=o.pls_scheme)  # type: ignore[arg-type]
    except EstimationError as exc:   # higher-order constructs, interaction terms
        raise StepSkipped(str(exc)) from None
    cv = cvpat(pred, nboot=CVPAT_BOOT, seed=CVPAT_SEED if o.seed is None else o.seed,
               alpha=o.alpha)
    return PredictStep(pred, cv)


def run_ipma(ctx: StepContext) -> Any:
    """Importance-performance map of the target construct (Ringle & Sarstedt 2016) from
    the structural step's PLS result."""
    _pls_only(ctx, "IPMA")
    res = ctx.results.get("structural")
    if res is None or not hasattr(res, "outer"):
        raise StepSkipped("IPMA needs the PLS structural model, which did not run")
    from cemsurvey.psychometrics.pls import ipma

    data, _ = pls_data(ctx)
    return ipma(res, data, ctx.ins, target=ctx.options.ipma_target or last_outcome(ctx.ins))


def run_compare(ctx: StepContext) -> Any:
    """BIC and Geweke-Meese comparison (Sharma et al. 2019) of the instrument's model with
    ``options.compare_model`` for the ``ipma`` target (default: the last outcome), both fitted
    by PLS on the same data (the competing model without bootstrap: the criteria need the
    estimates only)."""
    o = ctx.options
    if o.compare_model is None:
        raise StepSkipped("no competing model given", quiet=True)
    _pls_only(ctx, "model comparison")
    res = ctx.results.get("structural")
    if res is None or not hasattr(res, "outer"):
        raise StepSkipped("model comparison needs the PLS structural model, which did not run")
    from cemsurvey.instrument import load_instrument
    from cemsurvey.psychometrics.pls import fit_pls
    from cemsurvey.psychometrics.pls.compare import compare_models

    other = load_instrument(o.compare_model)
    data, _ = pls_data(ctx)
    with warnings.catch_warnings():   # "no bootstrap": intended, the criteria need none
        warnings.filterwarnings("ignore", message="no bootstrap")
        alt = fit_pls(data, other, bootstrap=0, method=o.method,  # type: ignore[arg-type]
                      scheme=o.pls_scheme, higher_order=o.higher_order)  # type: ignore[arg-type]
    target = o.ipma_target or last_outcome(ctx.ins)
    names = {"model": res, f"alternative ({Path(o.compare_model).name})": alt}
    try:
        return compare_models(names, target)
    except EstimationError as exc:
        raise StepSkipped(str(exc)) from None


def last_outcome(ins: Any) -> str:
    """The last outcome of the instrument's paths that predicts nothing (the end of the
    structural model; not a first-order construct of a higher-order one, whose arrows the
    PLS model also holds)."""
    predictors = {p for _, rhs in ins.structural_paths for p in rhs}
    sinks = [lhs for lhs, _ in ins.structural_paths if lhs not in predictors]
    return sinks[-1]
