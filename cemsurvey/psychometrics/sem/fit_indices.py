"""Global fit indices as bare formulas, exactly as lavaan's ``fitMeasures()`` (ML, one group).

Every function takes plain numbers so the formulas can be checked by hand; verified against
lavaan 0.6.14 (tests/reference/lavaan/*.json) at 1e-6 relative or better.

References
----------
Bentler, P. M. (1990). Comparative fit indexes in structural models. *Psychol. Bull.* 107, 238-246.
Tucker, L. R. & Lewis, C. (1973). A reliability coefficient for maximum likelihood factor
analysis. *Psychometrika* 38, 1-10.
Steiger, J. H. (1990). Structural model evaluation and modification: an interval estimation
approach. *Multivariate Behav. Res.* 25, 173-180.
Browne, M. W. & Cudeck, R. (1993). Alternative ways of assessing model fit. In Bollen & Long
(eds.), *Testing Structural Equation Models*, 136-162 (p-close).
Bentler, P. M. (1995). *EQS Structural Equations Program Manual* (SRMR).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from cemsurvey.stats.distributions import chi2_cdf, ncx2_cdf, ncx2_sf


def cfi(chi2: float, df: float, chi2_null: float, df_null: float) -> float:
    """Comparative fit index, ``1 - max(X2 - df, 0) / max(X2 - df, X2_0 - df_0, 0)``.

    >>> round(cfi(85.3055217703309, 24, 918.851589292384, 36), 6)
    0.93056
    """
    t1 = max(chi2 - df, 0.0)
    t2 = max(chi2 - df, chi2_null - df_null, 0.0)
    if t1 == 0 and t2 == 0:
        return 1.0
    return 1.0 - t1 / t2


def tli(chi2: float, df: float, chi2_null: float, df_null: float) -> float:
    """Tucker-Lewis index, ``(X2_0/df_0 - X2/df) / (X2_0/df_0 - 1)`` (not truncated, as lavaan).

    >>> round(tli(85.3055217703309, 24, 918.851589292384, 36), 6)
    0.895839
    """
    if df <= 0 or df_null <= 0:
        return float("nan")
    t2 = chi2_null / df_null - 1.0
    if t2 == 0:
        return float("nan")
    return (chi2_null / df_null - chi2 / df) / t2


def rmsea(chi2: float, df: float, n: int) -> float:
    """RMSEA, ``sqrt(max(X2 - df, 0) / (df N))`` (lavaan divides by N, not N - 1).

    >>> round(rmsea(85.3055217703309, 24, 301), 6)
    0.092121
    """
    if df <= 0:
        return 0.0 if df == 0 else float("nan")
    return math.sqrt(max(chi2 - df, 0.0) / (df * n))


def _ncp_for(chi2: float, df: float, prob: float) -> float:
    """Noncentrality ``lambda`` with ``P(X2_df(lambda) <= chi2) = prob`` (0 if impossible)."""
    if chi2_cdf(chi2, df) < prob:
        return 0.0
    f = lambda lam: ncx2_cdf(chi2, df, lam) - prob if lam > 0 else chi2_cdf(chi2, df) - prob
    hi = max(chi2, 1.0)
    while f(hi) > 0:
        hi *= 2.0
    return optimize.brentq(f, 0.0, hi, xtol=1e-12, rtol=1e-14, maxiter=500)


def rmsea_ci(chi2: float, df: float, n: int, level: float = 0.90) -> tuple[float, float]:
    """Confidence interval of RMSEA by inverting the noncentral chi-square (Steiger 1990).

    ``lower = sqrt(lambda_L / (N df))`` with ``P(X2_df(lambda_L) <= chi2) = (1 + level)/2``,
    ``upper`` likewise with ``(1 - level)/2``.

    >>> lo, hi = rmsea_ci(85.3055217703309, 24, 301)
    >>> round(lo, 5), round(hi, 5)
    (0.07142, 0.11368)
    """
    if df <= 0:
        return (float("nan"), float("nan"))
    lo = _ncp_for(chi2, df, (1 + level) / 2)
    hi = _ncp_for(chi2, df, (1 - level) / 2)
    return math.sqrt(lo / (n * df)), math.sqrt(hi / (n * df))


def rmsea_pclose(chi2: float, df: float, n: int, h0: float = 0.05) -> float:
    """p-value of the test of close fit, ``P(X2_df(N df h0^2) >= chi2)`` (Browne & Cudeck 1993).

    >>> round(rmsea_pclose(85.3055217703309, 24, 301), 6)
    0.000661
    """
    if df <= 0:
        return float("nan")
    return float(ncx2_sf(chi2, df, n * df * h0**2))


def srmr_bentler(s: np.ndarray, sigma: np.ndarray) -> float:
    """SRMR (Bentler), lavaan's default ``srmr``: root mean square over the lower triangle
    (diagonal included) of ``(s_ij - sigma_ij) / sqrt(s_ii s_jj)``."""
    d = np.sqrt(np.diag(s))
    r = (s - sigma) / np.outer(d, d)
    il = np.tril_indices(s.shape[0])
    return float(np.sqrt(np.mean(r[il] ** 2)))


def information_criteria(loglik: float, npar: int, n: int) -> dict[str, float]:
    """AIC ``-2LL + 2q``, BIC ``-2LL + q log N``, sample-size adjusted BIC ``-2LL + q log((N+2)/24)``."""
    return {
        "aic": -2 * loglik + 2 * npar,
        "bic": -2 * loglik + npar * math.log(n),
        "sabic": -2 * loglik + npar * math.log((n + 2) / 24),
    }


def loglik_normal(logdet_sigma: float, tr_s_inv: float, p: int, n: int) -> float:
    """Normal log-likelihood ``-N/2 (p log 2 pi + log|Sigma| + tr(S Sigma^-1))``."""
    return -0.5 * n * (p * math.log(2 * math.pi) + logdet_sigma + tr_s_inv)
