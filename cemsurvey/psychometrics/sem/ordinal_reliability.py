"""Reliability of ordinal items: ordinal alpha and categorical omega, labelled as such.

**Ordinal alpha** (Zumbo, Gadermann & Zeisser 2007) is standardized coefficient alpha of the
polychoric correlation matrix of a construct's ``k`` items,
``k rbar / (1 + (k - 1) rbar)`` with ``rbar`` the mean off-diagonal polychoric correlation.
It describes the reliability of the *latent continuous responses*, not of the observed sum
score. Verified against ``psych::alpha(polychoric matrix)$total$std.alpha`` on bfi.

**Categorical omega** (Green & Yang 2009) is the reliability of the observed sum score of
ordinal items under a WLSMV CFA (delta parameterization):

.. math::

    \\omega_{cat} = \\frac{\\sum_{j,j'} \\sum_{c,c'} [\\Phi_2(\\tau_{jc}, \\tau_{j'c'};
        \\lambda_j\\lambda_{j'}\\psi) - \\Phi(\\tau_{jc})\\Phi(\\tau_{j'c'})]}
      {\\sum_{j,j'} \\sum_{c,c'} [\\Phi_2(\\tau_{jc}, \\tau_{j'c'}; \\rho_{jj'}) -
        \\Phi(\\tau_{jc})\\Phi(\\tau_{j'c'})]}

with the model's common covariance in the numerator and the polychoric correlations
``rho`` (``rho_jj = 1``) in the denominator — ``semTools::compRelSEM(fit)`` with its defaults
(``obs.var = TRUE``, ``ord.scale = TRUE``), against which it is verified on bfi.

References
----------
Zumbo, B. D., Gadermann, A. M. & Zeisser, C. (2007). Ordinal versions of coefficients alpha
and theta for Likert rating scales. *J. Modern Applied Statistical Methods* 6, 21-29.
Green, S. B. & Yang, Y. (2009). Reliability of summed item scores using structural equation
modeling: an alternative to coefficient alpha. *Psychometrika* 74, 155-167.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.sem.polychoric import bvn_cdf

__all__ = ["categorical_omega", "ordinal_alpha", "ordinal_reliability"]


def ordinal_alpha(poly: pd.DataFrame) -> float:
    """Ordinal alpha of the items of one construct from their polychoric matrix.

    >>> r = pd.DataFrame([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> round(ordinal_alpha(r), 6)
    0.666667
    """
    r = np.asarray(poly, dtype=float)
    k = r.shape[0]
    if k < 2:
        return float("nan")
    rbar = (r.sum() - np.trace(r)) / (k * (k - 1))
    return float(k * rbar / (1 + (k - 1) * rbar))


def _phi2(h: np.ndarray, k: np.ndarray, rho: float) -> np.ndarray:
    if rho >= 1.0 - 1e-12:
        return special.ndtr(np.minimum(h, k))
    return bvn_cdf(h, k, np.full(np.broadcast(h, k).shape, rho))


def categorical_omega(common: np.ndarray, poly: np.ndarray, thresholds: list[np.ndarray]) -> float:
    """Green & Yang's categorical omega of one construct (see module docstring).

    Parameters
    ----------
    common
        Model-implied common (co)variance of the items, ``Lambda Psi Lambda'`` (k x k).
    poly
        Polychoric correlations of the items (k x k).
    thresholds
        Thresholds of each item.
    """
    k = len(thresholds)
    num = den = 0.0
    for j in range(k):
        for jp in range(k):
            t1, t2 = thresholds[j][:, None], thresholds[jp][None, :]
            marg = special.ndtr(thresholds[j]).sum() * special.ndtr(thresholds[jp]).sum()
            num += float(_phi2(t1, t2, float(common[j, jp])).sum()) - marg
            den += float(_phi2(t1, t2, 1.0 if j == jp else float(poly[j, jp])).sum()) - marg
    return num / den


def ordinal_reliability(result: Any) -> pd.DataFrame:
    """Ordinal alpha and categorical omega of every first-order construct of a WLSMV
    ``CFAResult`` (``fit_cfa(..., estimator="wlsmv")``).

    Returns
    -------
    DataFrame indexed by construct with columns ``ordinal_alpha``, ``categorical_omega``,
    ``n_items``.
    """
    if getattr(result, "estimator", "") != "WLSMV":
        raise EstimationError("ordinal reliability needs a WLSMV fit (fit_cfa(..., "
                              "estimator='wlsmv')): it uses thresholds and polychorics")
    par = result.parameters
    th = par[par["op"] == "|"]
    poly = result.sample_cov
    load = result.loadings
    items_all = set(poly.index)
    rows = []
    cov = result.factor_covariances
    for f, grp in load.groupby("construct", sort=False):
        items = [i for i in grp["item"] if i in items_all]
        if len(items) != len(grp):
            continue            # higher-order factor: indicators are constructs
        lam = grp.set_index("item").loc[items, "est"].to_numpy(float)
        common = np.outer(lam, lam) * float(cov.loc[f, f])
        taus = [th.loc[th["lhs"] == i, "est"].to_numpy(float) for i in items]
        r = poly.loc[items, items].to_numpy(float)
        rows.append({"construct": f, "ordinal_alpha": ordinal_alpha(r),
                     "categorical_omega": categorical_omega(common, r, taus),
                     "n_items": len(items)})
    return pd.DataFrame(rows).set_index("construct")
