"""Estimator dispatch for :func:`cemsurvey.psychometrics.cfa.fit_cfa`: robust ML (MLR) and
ordinal DWLS (WLSMV) on top of the ML engine.

``fit_cfa(..., estimator="mlr")`` fits by ML (the estimates are ML's) and replaces the
standard errors by the Huber-White sandwich and adds the Yuan-Bentler scaled and robust fit
indices (:mod:`.robust`); ``estimator="wlsmv"`` fits the model to polychoric correlations by
DWLS (:mod:`.dwls`); ``missing="fiml"`` (with ``ml`` or ``mlr``) fits by full-information ML
over the missingness patterns (:mod:`.fiml`). Every table of the result carries
``estimator`` and ``missing``.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cemsurvey.errors import DataError, EstimationError, SingularMatrixWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.standardized import standardized

ESTIMATORS = ("ml", "mlr", "wlsmv")
MISSING = ("listwise", "pairwise", "fiml")

__all__ = ["ESTIMATORS", "MISSING", "check_options", "complete_cases", "fit_mlr", "with_acov"]


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


def item_matrix(data: Any, observed: tuple[str, ...], model: Instrument | LatentStructure,
                what: str) -> pd.DataFrame:
    """Item codes (reverse keys recoded for an Instrument) in model order, all rows."""
    from cemsurvey.psychometrics.cfa import _reverse_keyed

    if not isinstance(data, pd.DataFrame):
        raise DataError(f"estimator {what} needs the raw item codes (a DataFrame of respondents x "
                        f"items), not a covariance matrix")
    missing_items = [i for i in observed if i not in data.columns]
    if missing_items:
        raise DataError(f"data lack item column(s) {', '.join(missing_items[:10])}; check the "
                        f"item ids or the column mapping")
    try:
        x = data[list(observed)].apply(pd.to_numeric, errors="raise").astype(float)
    except (ValueError, TypeError) as exc:
        raise DataError(f"data hold non-numeric item codes ({exc}); map labels to codes first") from None
    if isinstance(model, Instrument):
        x = _reverse_keyed(x, model)
    return x


def complete_cases(data: Any, observed: tuple[str, ...], model: Instrument | LatentStructure,
                   what: str) -> np.ndarray:
    """Complete cases of the model's items (N x p), as ``fit_cfa`` uses them."""
    arr = item_matrix(data, observed, model, what).to_numpy(dtype=float)
    return arr[np.all(np.isfinite(arr), axis=1)]


def with_acov(result: Any, acov: np.ndarray, estimator: str, scaled_fit: dict[str, float],
              extra_warnings: tuple[str, ...] = ()) -> Any:
    """A copy of a ``CFAResult`` with standard errors (and std.all SEs) from ``acov``."""
    problem = result._problem
    model = problem.model
    pt = model.partable
    theta = result.theta
    imp = model.implied(theta)
    se_free = np.sqrt(np.maximum(np.diag(acov), 0.0))
    se = np.full(len(pt), np.nan)
    fr = model._free_rows
    se[fr] = se_free[pt.free[fr]]
    _, std_se = standardized(model, theta, imp, acov)
    par = result.parameters.copy()
    par["se"] = se
    par["std_se"] = std_se
    with np.errstate(divide="ignore", invalid="ignore"):
        par["z"] = par["est"] / par["se"]
    par["p"] = 2.0 * stats.norm.sf(np.abs(par["z"]))
    cols = ["se", "z", "p", "std_se"]
    key = {(a, o, b): k for k, (a, o, b) in enumerate(zip(par["lhs"], par["op"], par["rhs"]))}

    def update(df: pd.DataFrame, lhs: str, op: str | None, rhs: str, index_is_lhs: bool = False) -> pd.DataFrame:
        out = df.copy()
        for r, (ix, row) in enumerate(df.iterrows()):
            lh = ix if index_is_lhs else row[lhs]
            rh = lh if index_is_lhs else row[rhs]
            ops = [op] if op else ["~~", "~"]
            for o in ops:
                k = key.get((lh, o, rh))
                if k is not None:
                    out.iloc[r, [out.columns.get_loc(c) for c in cols]] = par.loc[k, cols].to_numpy(float)
                    break
        return out

    return dataclasses.replace(
        result, estimator=estimator, acov=acov, parameters=par,
        loadings=update(result.loadings, "construct", "=~", "item"),
        residual_variances=update(result.residual_variances, "", "~~", "", index_is_lhs=True),
        residual_covariances=update(result.residual_covariances, "lhs", "~~", "rhs"),
        regressions=update(result.regressions, "lhs", "~", "rhs"),
        scaled_fit=scaled_fit, warnings=tuple(result.warnings) + tuple(extra_warnings),
    )


def fit_mlr(result: Any, data: Any, model: Instrument | LatentStructure) -> Any:
    """Turn an ML ``CFAResult`` fitted to ``data`` into lavaan's MLR result (robust SEs,
    scaled/robust fit indices). See :mod:`.robust`."""
    from cemsurvey.psychometrics.sem.robust import mlr, scaled_fit_indices

    x = complete_cases(data, tuple(result.implied_cov.index), model, "MLR")
    rob = mlr(result._problem, result.theta, x)
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


def fit_with(data_or_cov: Any, model: Instrument | LatentStructure, *, n: int | None, level: str,
             identification: str, missing: str, estimator: str) -> Any:
    """``fit_cfa`` for ``estimator`` in ``mlr``, ``wlsmv`` (and ``ml`` with a non-listwise
    policy): validates the options and dispatches."""
    from cemsurvey.psychometrics.cfa import _blas_single

    with _blas_single():   # single-threaded BLAS: faster here and immune to oversubscription
        return _fit_with(data_or_cov, model, n=n, level=level, identification=identification,
                         missing=missing, estimator=estimator)


def _fit_with(data_or_cov: Any, model: Instrument | LatentStructure, *, n: int | None, level: str,
              identification: str, missing: str, estimator: str) -> Any:
    from cemsurvey.psychometrics.cfa import fit_cfa

    est, mis = check_options(estimator, missing)
    if est in ("mlr", "wlsmv") and (not isinstance(data_or_cov, pd.DataFrame) or n is not None):
        raise DataError(f"estimator='{est}' needs the raw item codes (respondents x items), not "
                        f"a covariance matrix: the robust corrections use each response")
    if mis == "fiml":
        from cemsurvey.psychometrics.cfa import _is_covariance

        if not isinstance(data_or_cov, pd.DataFrame) or n is not None or _is_covariance(data_or_cov):
            raise DataError("missing='fiml' needs the raw item codes (respondents x items), not "
                            "a covariance matrix: FIML uses every observed answer")
        from cemsurvey.psychometrics.sem.fiml import fit_fiml

        return fit_fiml(data_or_cov, model, level=level, identification=identification,
                        estimator=est)
    if est == "wlsmv":
        from cemsurvey.psychometrics.sem.dwls import fit_wlsmv

        return fit_wlsmv(data_or_cov, model, level=level, identification=identification,
                         missing=mis)
    res = fit_cfa(data_or_cov, model, n=n, level=level, identification=identification)  # type: ignore[arg-type]
    if est == "mlr":
        return fit_mlr(res, data_or_cov, model)
    return res
