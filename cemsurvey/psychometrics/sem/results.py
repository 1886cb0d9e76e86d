"""Result types of the CFA/SEM engine: :class:`FitIndices`, :class:`CFAResult`,
:class:`BootstrapCFA`.

Frozen dataclasses holding full-precision, labelled values; report/ rounds and renders them.
The fit computes everything a table shows (the modification indices included, see
:attr:`CFAResult.modindices`); the methods here recompute diagnostics on request for the
library user.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.sem.diagnostics import (
    correlation_residuals,
    modification_indices,
    standardized_residuals,
)
from cemsurvey.psychometrics.sem.information import Acov
from cemsurvey.psychometrics.sem.ml import MLProblem

__all__ = ["MI_TOP", "BootstrapCFA", "CFAResult", "FitIndices", "json_number", "ml_diagnostic"]

#: Number of modification indices a fit stores (largest first) for display.
MI_TOP = 20


# ----------------------------------------------------------------------- results
@dataclass(frozen=True)
class FitIndices:
    """Global fit, as lavaan's ``fitMeasures()`` (ML, one group).

    ``chi2 = N F_ML``; ``baseline_*`` the independence model (diagonal Sigma);
    ``cfi``, ``tli`` (Bentler 1990; Tucker & Lewis 1973); ``rmsea`` with 90% CI by
    noncentral chi-square inversion and ``rmsea_pclose`` = P(RMSEA <= .05) test
    (Browne & Cudeck 1993), all with N (not N - 1); ``srmr`` = Bentler's SRMR (lavaan's
    default ``srmr``); ``loglik`` and ``loglik_h1`` (saturated model); ``aic``, ``bic``,
    ``sabic`` (sample-size adjusted BIC, lavaan's ``bic2``); ``npar`` free parameters;
    ``fmin`` = lavaan's ``fmin`` (``F_ML / 2``).
    """

    chi2: float
    df: int
    p: float
    baseline_chi2: float
    baseline_df: int
    baseline_p: float
    cfi: float
    tli: float
    rmsea: float
    rmsea_ci_lower: float
    rmsea_ci_upper: float
    rmsea_pclose: float
    srmr: float
    loglik: float
    loglik_h1: float
    aic: float
    bic: float
    sabic: float
    npar: int
    n: int
    fmin: float

    def to_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CFAResult:
    """A fitted CFA (or CB-SEM) model. All values full precision; ids label everything.

    Attributes
    ----------
    converged
        Whether the optimiser met the gradient criterion (max |dF/dtheta| < 1e-8, or
        1e-5 after the quasi-Newton fallback). False is also announced by a
        :class:`~cemsurvey.errors.ConvergenceWarning`.
    n, level, estimator, identification, missing
        Sample size, model level, ``"ML"``, ``"marker"``/``"variance"``, missing-data policy.
    loadings
        DataFrame ``construct, item, est, se, z, p, std, std_se, free`` (one row per
        loading; for second-order rows ``construct`` is the dimension and ``item`` the
        construct). Fixed (marker) loadings have ``se``, ``z``, ``p`` NaN; their ``std`` and
        ``std_se`` are estimated.
    factor_covariances, factor_correlations
        Model-implied latent covariance / correlation matrices (latent x latent),
        ``M = A Psi A'``.
    residual_variances
        DataFrame indexed by item: ``est, se, z, p, std, std_se`` (std = 1 - R^2).
    residual_covariances
        DataFrame ``lhs, rhs, est, se, z, p, std, std_se`` of declared residual covariances.
    regressions
        DataFrame ``lhs, rhs, est, se, z, p, std, std_se`` of latent regressions (CB-SEM).
    parameters
        The full lavaan-style table ``lhs, op, rhs, est, se, z, p, std, std_se, free``.
    fit
        :class:`FitIndices`.
    implied_cov, sample_cov
        Model-implied and sample (divisor N) covariance matrices (item x item).
    r2
        R^2 of every item and endogenous latent variable.
    warnings
        Texts of the warnings raised while fitting.
    iterations, optimizer
        Iterations used and the method (``fisher``, or ``fisher+lbfgs`` after a fallback).
    vcov
        The asymptotic covariance of the free parameters as :class:`~.information.Acov`
        (dense, or in blocks for many correlated factors); :attr:`acov` is its matrix.
    modindices
        The :data:`MI_TOP` largest modification indices (``lhs, op, rhs, mi, epc,
        sepc_all``), computed by the fit for display; ``None`` where they are not defined
        (WLSMV, singular information) or were not requested (``fit_cfa(..., modindices=False)``).
    """

    converged: bool
    n: int
    level: str
    estimator: str
    identification: str
    missing: str
    loadings: pd.DataFrame
    factor_covariances: pd.DataFrame
    factor_correlations: pd.DataFrame
    residual_variances: pd.DataFrame
    residual_covariances: pd.DataFrame
    regressions: pd.DataFrame
    parameters: pd.DataFrame
    fit: FitIndices
    implied_cov: pd.DataFrame
    sample_cov: pd.DataFrame
    r2: pd.Series
    warnings: tuple[str, ...]
    iterations: int
    optimizer: str
    theta: np.ndarray = field(repr=False)
    vcov: Acov | None = field(repr=False, compare=False)
    problem: MLProblem = field(repr=False, compare=False)
    scaled_fit: dict[str, float] = field(default_factory=dict)  # MLR/WLSMV: lavaan names
    modindices: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def acov(self) -> np.ndarray | None:
        """Asymptotic covariance matrix of the free parameters (q x q; ``I^-1 / N``, or the
        robust sandwich), ``None`` where the information is singular. Large models hold it
        in blocks (:attr:`vcov`); the matrix is formed on first use."""
        return None if self.vcov is None else self.vcov.matrix()

    # ---------------------------------------------------------------- extras
    def modification_indices(self, top: int | None = 20, min_mi: float = 0.0) -> pd.DataFrame:
        """Modification indices (lavaan's ``modindices()``) of cross-loadings and item
        residual covariances, largest first: ``lhs, op, rhs, mi, epc, sepc_all``."""
        ml_diagnostic(self, "modification indices")
        if self.vcov is None:
            raise EstimationError("modification indices need the information matrix, which is "
                                  "singular for this model; fix the identification first")
        ev = self.problem.evaluate(self.theta)
        assert ev is not None
        _, imp, inv = ev
        info_inv = self.vcov.matrix() * self.n
        with blas_threads(1):
            out = modification_indices(self.problem, self.theta, imp, inv, info_inv)
        out = out[out["mi"] >= min_mi]
        return out.head(top).reset_index(drop=True) if top is not None else out

    def standardized_residuals(self) -> pd.DataFrame:
        """lavaan's ``resid(type = "standardized")$cov`` (z-like; NaN where undefined)."""
        ml_diagnostic(self, "standardized residuals")
        if self.vcov is None:
            raise EstimationError("standardized residuals need the information matrix, which is "
                                  "singular for this model")
        imp = self.problem.model.implied(self.theta)
        with blas_threads(1):
            z = standardized_residuals(self.problem, imp, self.vcov.matrix())
        return pd.DataFrame(z, index=self.implied_cov.index, columns=self.implied_cov.columns)

    def correlation_residuals(self) -> pd.DataFrame:
        """lavaan's ``resid(type = "cor")$cov``: observed minus implied correlations."""
        r = correlation_residuals(self.sample_cov.to_numpy(), self.implied_cov.to_numpy())
        return pd.DataFrame(r, index=self.implied_cov.index, columns=self.implied_cov.columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``converged, estimator, n, level, identification, missing, fit,
        loadings [{construct, item, est, se, z, std, std_se, p}], correlations {c1: {c2: r}},
        covariances, residual_variances {item: {est, se, std}}, residual_covariances,
        regressions, r2, warnings, iterations``."""
        def recs(df: pd.DataFrame, cols: list[str]) -> list[dict[str, Any]]:
            return [{c: json_number(r[c]) for c in cols} for _, r in df.iterrows()]

        cols = ["est", "se", "z", "p", "std", "std_se"]
        return {
            "converged": self.converged,
            "estimator": self.estimator,
            "n": self.n,
            "level": self.level,
            "identification": self.identification,
            "missing": self.missing,
            "fit": self.fit.to_dict(),
            "loadings": recs(self.loadings, ["construct", "item", *cols]),
            "correlations": {a: {b: json_number(v) for b, v in row.items()}
                             for a, row in self.factor_correlations.iterrows()},
            "covariances": {a: {b: json_number(v) for b, v in row.items()}
                            for a, row in self.factor_covariances.iterrows()},
            "residual_variances": {i: {c: json_number(r[c]) for c in cols}
                                   for i, r in self.residual_variances.iterrows()},
            "residual_covariances": recs(self.residual_covariances, ["lhs", "rhs", *cols]),
            "regressions": recs(self.regressions, ["lhs", "rhs", *cols]),
            "r2": {k: json_number(v) for k, v in self.r2.items()},
            "warnings": list(self.warnings),
            "iterations": self.iterations,
            "optimizer": self.optimizer,
            "scaled_fit": {k: json_number(v) for k, v in self.scaled_fit.items()},
        }



def ml_diagnostic(result: CFAResult, what: str) -> None:
    """The ML diagnostics use the normal-theory information: not defined for WLSMV fits."""
    if result.estimator == "WLSMV":
        raise EstimationError(f"{what} of a WLSMV fit are not implemented (lavaan derives them "
                              f"from the DWLS weights); screen the model with estimator='ml' or "
                              f"'mlr'")


def json_number(x: Any) -> Any:
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


# -------------------------------------------------------------------- bootstrap
@dataclass(frozen=True)
class BootstrapCFA:
    """Bootstrap replicates of a CFA.

    Attributes
    ----------
    estimates
        DataFrame (replicate x parameter label ``lhs op rhs``) of unstandardized estimates.
    std
        Same for the std.all solution.
    chi2
        Chi-square per replicate.
    converged
        Boolean per replicate; non-converged replicates are kept here but excluded from
        :meth:`percentile_ci` (and counted in ``warnings``).
    seed, b
        Seed and number of replicates requested.
    warnings
        Texts of the warnings raised.
    """

    estimates: pd.DataFrame
    std: pd.DataFrame
    chi2: np.ndarray
    converged: np.ndarray
    seed: int | None
    b: int
    warnings: tuple[str, ...]

    def percentile_ci(self, level: float = 0.95, standardized: bool = False) -> pd.DataFrame:
        """Percentile intervals over converged replicates: columns ``lower, upper``."""
        x = (self.std if standardized else self.estimates)[self.converged]
        a = (1 - level) / 2
        return pd.DataFrame({"lower": x.quantile(a), "upper": x.quantile(1 - a)})
