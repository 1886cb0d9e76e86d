"""Confirmatory factor analysis by maximum likelihood: lavaan's numbers, fast.

``fit_cfa`` estimates the first-order (one factor per construct) or second-order (dimensions
as factors of their constructs) model of an instrument, or any
:class:`~cemsurvey.instrument.structure.LatentStructure`, from raw item codes or from a
covariance matrix and ``n``: the entry point of the CFA/SEM engine. ``estimator="mlr"`` adds
robust SEs and scaled fit (:mod:`.estimation`, :mod:`.robust`), ``estimator="wlsmv"`` fits
polychorics by DWLS (:mod:`.dwls`), ``missing="fiml"`` fits by full-information ML
(:mod:`.fiml_fit`).

Estimation is lavaan's default ``cfa()``/``sem()``: ML on the covariance matrix with divisor
N, ``chi2 = N F_ML``, standard errors from the expected information, the ``std.all``
solution with delta-method SEs, and every fit index as ``fitMeasures()``. Verified against
lavaan 0.6.14 (``tests/reference/lavaan_reference.R``) on Holzinger-Swineford (3 factors),
PoliticalDemocracy (measurement part with correlated residuals), bfi (5 factors, complete
cases) and a simulated 28-construct, 112-item instrument (first and second order): every
estimate, SE, std.all value and its SE, and fit index agrees at 1e-4 relative or better.

References
----------
Jöreskog, K. G. (1969). A general approach to confirmatory maximum likelihood factor
analysis. *Psychometrika* 34, 183-202.
Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley.
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *J. Stat. Softw.* 48(2).
"""

from __future__ import annotations

import dataclasses
import warnings as _warnings
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import DataError, DataWarning, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.assemble import Fit, assemble
from cemsurvey.psychometrics.sem.dwls import fit_wlsmv
from cemsurvey.psychometrics.sem.estimation import check_options, fit_mlr
from cemsurvey.psychometrics.sem.fiml_fit import fit_fiml
from cemsurvey.psychometrics.sem.ml import MLProblem, logdet_inv
from cemsurvey.psychometrics.sem.model import Constraints, SEMModel
from cemsurvey.psychometrics.sem.moments import is_covariance, sample_moments
from cemsurvey.psychometrics.sem.optimize import minimize_ml
from cemsurvey.psychometrics.sem.results import MI_TOP, CFAResult
from cemsurvey.psychometrics.sem.specification import Level, Missing, check_structure, structure_of
from cemsurvey.psychometrics.sem.start import start_values

__all__ = ["estimate", "fit_cfa", "prepare", "with_modindices"]


def estimate(problem: MLProblem, theta0: np.ndarray | None = None) -> Fit:
    """Minimise F_ML from the starting values (or ``theta0``, falling back to a cold start)."""
    model = problem.model
    start = start_values(model, problem.s) if theta0 is None else theta0
    res = minimize_ml(problem, start)
    if not res.converged and theta0 is not None:  # warm start failed: try cold start
        res2 = minimize_ml(problem, start_values(model, problem.s))
        if res2.converged or res2.fmin < res.fmin:
            res = res2
    return Fit(problem, res.theta, res.converged, res.iterations, res.method, res.message,
                res.max_gradient)



def prepare(data_or_cov: Any, model: Instrument | LatentStructure, n: int | None, level: Level,
            identification: str, missing: str, constraints: Constraints | None = None
            ) -> tuple[LatentStructure, MLProblem, list[str]]:
    """Structure, ML problem (sample moments, model) and the warnings raised so far."""
    st = structure_of(model, level)
    issues: list[str] = []
    check_structure(st, issues)
    s, nn = sample_moments(data_or_cov, st, model, n, missing)
    sem = SEMModel(st, identification)  # type: ignore[arg-type]
    if constraints is not None:
        sem = sem.constrained(constraints)
    if nn <= sem.p:
        raise EstimationError(f"n = {nn} complete cases is not larger than the number of items "
                              f"({sem.p}): the sample covariance matrix is singular; collect more "
                              f"responses or fit a smaller model")
    if nn < sem.q:
        msg = (f"n = {nn} is smaller than the number of free parameters ({sem.q}): estimates and "
               f"standard errors are unstable (common advice: 5-10 respondents per parameter); "
               f"interpret with caution or fit a smaller model")
        issues.append(msg)
        _warnings.warn(DataWarning(msg), stacklevel=3)
    if logdet_inv(s) is None:
        raise EstimationError("the sample covariance matrix is not positive definite (linearly "
                              "dependent items or fewer complete cases than items); drop "
                              "duplicated items or collect more responses")
    return st, MLProblem(sem, s, nn), issues



def fit_cfa(data_or_cov: pd.DataFrame | np.ndarray, model: Instrument | LatentStructure, *,
            n: int | None = None, level: Level = "first", identification: str = "marker",
            missing: Missing = "listwise", estimator: str = "ml",
            modindices: bool = True, constraints: Constraints | None = None) -> CFAResult:
    """Fit a CFA by maximum likelihood, as lavaan's ``cfa()`` with default options.

    Parameters
    ----------
    data_or_cov
        Item codes as answered (respondents x item ids; reverse-keyed items are recoded as
        ``(low + high) - code`` when ``model`` is an Instrument), or a covariance matrix
        (item x item DataFrame, divisor N - 1 as R's ``cov()``; lavaan's convention) with ``n``.
    model
        An :class:`~cemsurvey.instrument.model.Instrument` (its :func:`latent_structure` at
        ``level``) or a :class:`~cemsurvey.instrument.structure.LatentStructure`.
    n
        Number of observations, required with a covariance matrix.
    level
        ``"first"`` (one factor per construct), ``"second"`` (dimensions load on their
        constructs) or ``"structural"`` (latent regressions from ``paths``).
    identification
        ``"marker"`` (first loading 1, lavaan's default) or ``"variance"`` (latent variances
        1, lavaan's ``std.lv = TRUE``); the standardized solution and fit are identical.
    missing
        ``"listwise"`` (complete cases); ``"pairwise"`` with WLSMV. See docs/estimators.md.
    estimator
        ``"ml"`` (default), ``"mlr"`` (robust SEs, Yuan-Bentler scaled chi2, ``scaled_fit``)
        or ``"wlsmv"`` (polychorics + DWLS); see :mod:`cemsurvey.psychometrics.sem.estimation`.
    modindices
        Store the :data:`~.results.MI_TOP` largest modification indices on the result
        (``result.modindices``, for display; not for WLSMV). Pass ``False`` where a fit is
        one of many (simulations, refits) and the indices are never shown.
    constraints
        Parameters fixed, freed or set equal (:class:`~.model.Constraints`, lavaan's
        ``1*x``, ``NA*x`` and shared labels); ML with complete cases only. Verified against
        lavaan with labels (``tests/reference/method_bias_reference.R``).

    Returns
    -------
    CFAResult

    Notes
    -----
    ``F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p`` with ``S`` the divisor-N covariance;
    ``chi2 = N F_ML``; SEs ``sqrt(diag(I^-1)/N)`` with the expected information. Verified
    against lavaan 0.6.14 ``cfa(model, data)`` (estimates, SEs, ``standardizedSolution()``,
    ``fitMeasures()``, ``modindices()``, ``resid()``) at 1e-4 relative or better.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from cemsurvey.instrument.structure import LatentStructure
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(500, 1))
    >>> x = pd.DataFrame(f @ [[0.8, 0.7, 0.6]] + rng.normal(scale=0.6, size=(500, 3)),
    ...                  columns=["a", "b", "c"])
    >>> st = LatentStructure(observed=("a", "b", "c"), latents=("F",), indicators={"F": ("a", "b", "c")})
    >>> r = fit_cfa(x, st)
    >>> r.converged, r.fit.df, abs(r.fit.chi2) < 1e-8    # just identified: perfect fit
    (True, 0, True)
    """
    if constraints is not None and (estimator != "ml" or missing != "listwise"):
        raise EstimationError("constrained models (fixed, freed or equal parameters) are fitted "
                              "by ML with complete cases only; use estimator='ml', "
                              "missing='listwise'")
    with blas_threads(1):   # single-threaded BLAS: faster here and immune to oversubscription
        if constraints is not None:
            result = _fit_ml(data_or_cov, model, n, level, identification, missing, constraints)
        else:
            result = _dispatch(data_or_cov, model, n=n, level=level,
                               identification=identification, missing=missing,
                               estimator=estimator)
        return with_modindices(result) if modindices else result


def with_modindices(result: CFAResult) -> CFAResult:
    """``result`` with its :data:`~.results.MI_TOP` largest modification indices stored
    (unchanged where they are not defined: WLSMV, or a singular information matrix)."""
    if result.estimator == "WLSMV" or result.vcov is None:
        return result
    return dataclasses.replace(result, modindices=result.modification_indices(top=MI_TOP))


def _fit_ml(data_or_cov: Any, model: Instrument | LatentStructure, n: int | None, level: Level,
            identification: str, missing: str, constraints: Constraints | None = None
            ) -> CFAResult:
    st, problem, issues = prepare(data_or_cov, model, n, level, identification, missing,
                                  constraints)
    fit = estimate(problem)
    return assemble(fit, st, st.level if isinstance(model, LatentStructure) else level,
                    identification, missing, issues)


def _dispatch(data_or_cov: Any, model: Instrument | LatentStructure, *, n: int | None, level: Level,
              identification: str, missing: str, estimator: str) -> CFAResult:
    """ML on complete cases, or MLR / WLSMV / FIML after validating the options."""
    if estimator == "ml" and missing == "listwise":
        return _fit_ml(data_or_cov, model, n, level, identification, missing)
    est, mis = check_options(estimator, missing)
    if est in ("mlr", "wlsmv") and (not isinstance(data_or_cov, pd.DataFrame) or n is not None):
        raise DataError(f"estimator='{est}' needs the raw item codes (respondents x items), not "
                        f"a covariance matrix: the robust corrections use each response")
    if mis == "fiml":
        if not isinstance(data_or_cov, pd.DataFrame) or n is not None or is_covariance(data_or_cov):
            raise DataError("missing='fiml' needs the raw item codes (respondents x items), not "
                            "a covariance matrix: FIML uses every observed answer")
        return fit_fiml(data_or_cov, model, level=level, identification=identification,
                        estimator=est)
    if est == "wlsmv":
        return fit_wlsmv(data_or_cov, model, level=level, identification=identification,
                         missing=mis)
    res = _fit_ml(data_or_cov, model, n, level, identification, "listwise")
    return fit_mlr(res, data_or_cov, model) if est == "mlr" else res
