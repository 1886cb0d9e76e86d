"""Estimator options of :func:`cemsurvey.psychometrics.sem.cfa.fit_cfa` and robust ML (MLR)
on top of the ML engine.

``fit_cfa(..., estimator="mlr")`` fits by ML (the estimates are ML's) and replaces the
standard errors by the Huber-White sandwich and adds the Yuan-Bentler scaled and robust fit
indices (:mod:`.robust`); ``estimator="wlsmv"`` fits the model to polychoric correlations by
DWLS (:mod:`.dwls`); ``missing="fiml"`` (with ``ml`` or ``mlr``) fits by full-information ML
over the missingness patterns (:mod:`.fiml`). Every table of the result carries
``estimator`` and ``missing``.
"""

from __future__ import annotations

import warnings
from typing import Any

from cemsurvey.errors import EstimationError, SingularMatrixWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.assemble import with_acov
from cemsurvey.psychometrics.sem.moments import complete_cases
from cemsurvey.psychometrics.sem.robust import mlr, scaled_fit_indices

ESTIMATORS = ("ml", "mlr", "wlsmv")
MISSING = ("listwise", "pairwise", "fiml")

__all__ = ["ESTIMATORS", "MISSING", "check_options", "fit_mlr"]


def check_options(estimator: str, missing: str) -> tuple[str, str]:
    """Normalise and validate ``estimator`` / ``missing`` (one-line errors with the choices)."""
    est = str(estimator).lower()
    mis = str(missing).lower()
    if est not in ESTIMATORS:
        raise EstimationError(f"estimator must be one of {', '.join(ESTIMATORS)}, got {estimator!r}")
    if mis not in MISSING:
        raise EstimationError(f"missing must be one of {', '.join(MISSING)}, got {missing!r}")
    if mis == "pairwise" and est != "wlsmv":
        raise EstimationError(f"missing='pairwise' is meant for estimator='wlsmv' (pairwise "
                              f"polychorics); use missing='listwise' with {est}")
    if mis == "fiml" and est == "wlsmv":
        raise EstimationError("missing='fiml' is full-information maximum likelihood, for "
                              "estimator='ml' or 'mlr'; with wlsmv use missing='listwise' "
                              "(complete cases), or estimator='mlr' with missing='fiml'")
    return est, mis


def fit_mlr(result: Any, data: Any, model: Instrument | LatentStructure) -> Any:
    """Turn an ML ``CFAResult`` fitted to ``data`` into lavaan's MLR result (robust SEs,
    scaled/robust fit indices). See :mod:`.robust`."""
    x = complete_cases(data, tuple(result.implied_cov.index), model, "MLR")
    rob = mlr(result.problem, result.theta, x)
    f = result.fit
    extra: tuple[str, ...] = ()
    if rob.scaling_factor > 0 and rob.scaling_factor_baseline > 0:
        sfi = scaled_fit_indices(f.chi2, f.df, f.baseline_chi2, f.baseline_df, result.n, rob)
    else:  # an improper ML solution (tiny n, Heywood case): no meaningful scaling
        sfi = {}
        msg = (f"the Yuan-Bentler scaling factor is {rob.scaling_factor:.3g} (baseline "
               f"{rob.scaling_factor_baseline:.3g}), not positive: the ML solution is improper "
               f"(n = {result.n}); scaled and robust fit indices are not available — collect more "
               f"responses or simplify the model")
        extra = (msg,)
        warnings.warn(SingularMatrixWarning(msg), stacklevel=4)
    return with_acov(result, rob.acov, "MLR", sfi, extra)
