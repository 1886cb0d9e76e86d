"""Sampling adequacy of an item correlation matrix: Kaiser-Meyer-Olkin and Bartlett's test.

Verified against R (tests/reference/psych_reference.R, tests/efa/test_efa_reference.py):
``kmo`` against ``psych::KMO``, ``bartlett_sphericity`` against ``psych::cortest.bartlett``
(1e-10 on bfi, Holzinger-Swineford, sim28).

References
----------
Kaiser, H. F. (1970). A second generation little jiffy. Psychometrika, 35, 401-415.
Kaiser, H. F. (1974). An index of factorial simplicity. Psychometrika, 39, 31-36.
Bartlett, M. S. (1950). Tests of significance in factor analysis. British Journal of
Psychology, Statistical Section, 3, 77-85.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError, SingularMatrixWarning
from cemsurvey.psychometrics.correlation import as_corr, duplicate_pairs, inverse
from cemsurvey.stats.distributions import chi2_sf

__all__ = ["BartlettResult", "KMOResult", "bartlett_sphericity", "kmo"]


@dataclass(frozen=True)
class KMOResult:
    """Kaiser-Meyer-Olkin measure of sampling adequacy.

    ``overall`` = sum r_ij^2 / (sum r_ij^2 + sum q_ij^2) over i != j, with q the partial
    (anti-image) correlations; ``per_item`` (MSA_i) is the same sum restricted to row i.
    """

    overall: float
    per_item: pd.Series

    def to_dict(self) -> dict[str, object]:
        return {"kmo": self.overall, "kmo_items": {k: float(v) for k, v in self.per_item.items()}}


def kmo(corr: np.ndarray | pd.DataFrame) -> KMOResult:
    """KMO overall and per-item MSA of a correlation matrix.

    Verified against ``psych::KMO(R)`` (1e-10 on bfi, Holzinger-Swineford, sim28).

    Notes
    -----
    With ``Q = R^{-1}``, partial correlations ``q_ij = -Q_ij / sqrt(Q_ii Q_jj)``;
    ``KMO = sum_{i!=j} r_ij^2 / (sum_{i!=j} r_ij^2 + sum_{i!=j} q_ij^2)`` (Kaiser, 1970, 1974).

    Examples
    --------
    >>> r = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> round(kmo(r).overall, 4)  # psych::KMO(r)$MSA
    0.6279
    """
    r, names = as_corr(corr)
    q = inverse(r, "KMO", names)
    d = np.sqrt(np.diag(q))
    partial = -q / np.outer(d, d)
    r2 = r**2
    q2 = partial**2
    np.fill_diagonal(r2, 0.0)
    np.fill_diagonal(q2, 0.0)
    overall = float(r2.sum() / (r2.sum() + q2.sum()))
    per = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    return KMOResult(overall, pd.Series(per, index=names, name="msa"))


@dataclass(frozen=True)
class BartlettResult:
    """Bartlett's test of sphericity: chi2, df, p (H0: R = I)."""

    chi2: float
    df: int
    p: float
    n: int

    def to_dict(self) -> dict[str, float]:
        return {"chi2": self.chi2, "df": self.df, "p": self.p}


def bartlett_sphericity(corr: np.ndarray | pd.DataFrame, n: int) -> BartlettResult:
    """Bartlett's (1950) test that the population correlation matrix is the identity.

    ``chi2 = -(n - 1 - (2p + 5)/6) log|R|`` on ``p(p - 1)/2`` df. Verified against
    ``psych::cortest.bartlett(R, n)`` (relative 1e-10).

    >>> r = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> res = bartlett_sphericity(r, 100)
    >>> round(res.chi2, 4), res.df
    (46.4491, 3)
    """
    r, names = as_corr(corr)
    p = r.shape[0]
    if n <= p:
        raise EstimationError(
            f"Bartlett's test needs more respondents than items (n = {n}, items = {p})")
    sign, logdet = np.linalg.slogdet(r)
    if sign <= 0:
        pairs = duplicate_pairs(r, names)
        which = (f" (perfectly correlated: {', '.join(pairs[:3])})" if pairs else "")
        warnings.warn(SingularMatrixWarning(
            "Bartlett's test: the correlation matrix is singular, chi2 is infinite; "
            f"remove linearly dependent items{which}"), stacklevel=2)
        return BartlettResult(float("inf"), p * (p - 1) // 2, 0.0, n)
    chi2 = -(n - 1 - (2 * p + 5) / 6) * logdet
    df = p * (p - 1) // 2
    return BartlettResult(float(chi2), df, float(chi2_sf(chi2, df)), n)
