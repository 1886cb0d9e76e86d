"""Convergent-validity formulas: composite reliability, AVE, Fornell-Larcker, MSV/ASV.

For a construct with unstandardized loadings :math:`\\lambda_i`, factor variance
:math:`\\psi` and residual covariance matrix :math:`\\Theta` of its items:

* composite reliability (rho_C, semTools ``compRelSEM(obs.var = FALSE)``):
  :math:`\\rho_C = (\\sum\\lambda_i)^2\\psi / ((\\sum\\lambda_i)^2\\psi + \\sum\\theta_{ii}
  + 2\\sum_{i<j}\\theta_{ij})`; with ``observed_cov`` the denominator is the observed
  variance of the sum score :math:`1'S1` (``compRelSEM(obs.var = TRUE)``).
* AVE (semTools ``AVE``): :math:`\\sum\\lambda_i^2\\psi / \\sum_i \\sigma_{ii}` with
  :math:`\\sigma_{ii} = \\lambda_i^2\\psi + \\theta_{ii}` model-implied (``obs.var = FALSE``,
  Fornell & Larcker's formula) or the observed item variances (``obs.var = TRUE``).
* Fornell-Larcker table: :math:`\\sqrt{AVE}` on the diagonal, factor correlations off it.
* MSV and ASV: maximum and mean squared correlation of a factor with the other factors.

Verified against semTools 0.5-6 / lavaan 0.6-14 (``tests/reference/validity_reference.R``),
at 1e-6 relative (see :mod:`cemsurvey.psychometrics.validity`).

References
----------
Fornell, C., & Larcker, D. F. (1981). J. Marketing Research, 18(1), 39-50.
Raykov, T. (1997). Applied Psychological Measurement, 21(2), 173-184.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd


def composite_reliability(
    loadings: Sequence[float] | np.ndarray,
    factor_variance: float,
    residual_cov: np.ndarray | Sequence[float],
    observed_cov: np.ndarray | None = None,
) -> float:
    """Composite reliability rho_C of one construct (semTools ``compRelSEM``).

    Parameters
    ----------
    loadings
        Unstandardized loadings of the construct's items.
    factor_variance
        Variance :math:`\\psi` of the factor.
    residual_cov
        Residual variances (1-d) or the residual covariance matrix of these items (2-d).
    observed_cov
        If given, the denominator is the observed variance of the sum score, ``1'S1``
        (``compRelSEM(obs.var = TRUE)``); else the model-implied one.

    Examples
    --------
    >>> round(composite_reliability([1.0, 1.0, 1.0], 1.0, [1.0, 1.0, 1.0]), 6)   # 9 / 12
    0.75
    """
    lam = np.asarray(loadings, dtype=float)
    common = float(lam.sum()) ** 2 * float(factor_variance)
    if observed_cov is not None:
        total = float(np.asarray(observed_cov, dtype=float).sum())
    else:
        th = np.asarray(residual_cov, dtype=float)
        total = common + float(th.sum() if th.ndim == 2 else th.sum())
    return common / total if total > 0 else float("nan")


def average_variance_extracted(
    loadings: Sequence[float] | np.ndarray,
    factor_variance: float,
    residual_variances: Sequence[float] | np.ndarray | None = None,
    observed_variances: Sequence[float] | np.ndarray | None = None,
) -> float:
    """Average variance extracted (semTools ``AVE``; Fornell & Larcker 1981).

    :math:`\\sum\\lambda_i^2\\psi / \\sum_i\\sigma_{ii}`, with :math:`\\sigma_{ii}` the
    model-implied item variances :math:`\\lambda_i^2\\psi + \\theta_{ii}` or, when
    ``observed_variances`` is given, the observed ones.

    Examples
    --------
    >>> average_variance_extracted([1.0, 1.0], 1.0, [1.0, 3.0])   # 2 / (2 + 4)
    0.3333333333333333
    """
    lam = np.asarray(loadings, dtype=float)
    common = float(np.sum(lam**2)) * float(factor_variance)
    if observed_variances is not None:
        total = float(np.sum(np.asarray(observed_variances, dtype=float)))
    elif residual_variances is not None:
        total = common + float(np.sum(np.asarray(residual_variances, dtype=float)))
    else:
        raise ValueError("give residual_variances or observed_variances")
    return common / total if total > 0 else float("nan")


def fornell_larcker_table(ave: pd.Series, correlations: pd.DataFrame) -> pd.DataFrame:
    """sqrt(AVE) on the diagonal, factor correlations off it (constructs x constructs).

    Examples
    --------
    >>> r = pd.DataFrame([[1, .5], [.5, 1]], index=["A", "B"], columns=["A", "B"])
    >>> fornell_larcker_table(pd.Series({"A": .64, "B": .49}), r).to_numpy().tolist()
    [[0.8, 0.5], [0.5, 0.7]]
    """
    names = list(ave.index)
    out = correlations.loc[names, names].astype(float).copy()
    for c in names:
        out.loc[c, c] = math.sqrt(ave[c]) if ave[c] >= 0 else float("nan")
    return out


def shared_variance(correlations: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """MSV and ASV: max and mean squared correlation with the other factors.

    Examples
    --------
    >>> r = pd.DataFrame([[1, .5, .2], [.5, 1, .1], [.2, .1, 1]], index=list("ABC"),
    ...                  columns=list("ABC"))
    >>> msv, asv = shared_variance(r)
    >>> round(float(msv["A"]), 4), round(float(asv["A"]), 4)
    (0.25, 0.145)
    """
    r2 = correlations.astype(float).to_numpy() ** 2
    k = r2.shape[0]
    np.fill_diagonal(r2, np.nan)
    if k < 2:
        nan = pd.Series(np.nan, index=correlations.index)
        return nan, nan.copy()
    return (
        pd.Series(np.nanmax(r2, axis=1), index=correlations.index),
        pd.Series(np.nanmean(r2, axis=1), index=correlations.index),
    )
