"""Harman's single-factor test: the share of item variance one unrotated factor explains.

Two versions are reported, because users compare with both:

* **first principal component** (what SPSS users report, psych ``principal(nfactors = 1,
  rotate = "none")``): share ``= lambda_1 / p`` with ``lambda_1`` the largest eigenvalue of
  the item correlation matrix ``R`` (p items); loadings ``sqrt(lambda_1) v_1``;
* **one-factor EFA** (minres, psych ``fa(nfactors = 1)``): share ``= sum_i l_i^2 / p`` with
  ``l`` the one-factor minres loadings (communalities over p).

A share above 50% flags a possible common-method problem. The test is weak evidence either
way: a single factor rarely dominates even when method variance is present, so a share
below 50% does not show its absence (Podsakoff et al. 2003, p. 889).

Verified against psych 2.2.9 ``principal()`` and ``fa()`` (``Vaccounted["Proportion Var",
1]`` and the loadings) on Holzinger-Swineford (9 items) and bfi (25 items, complete cases),
at 1e-6 (tests/reference/method_bias_reference.R).

References
----------
Podsakoff, P. M., MacKenzie, S. B., Lee, J.-Y., & Podsakoff, N. P. (2003). Common method
biases in behavioral research. *J. Applied Psychology* 88(5), 879-903.
Harman, H. H. (1976). *Modern Factor Analysis* (3rd ed.). University of Chicago Press.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import ConvergenceWarning, DataError
from cemsurvey.psychometrics.efa import extract

__all__ = ["HarmanResult", "harman_test"]

CAVEAT = ("Harman's test is weak evidence: a share below 50% does not rule out common-method "
          "variance (Podsakoff et al. 2003)")


@dataclass(frozen=True)
class HarmanResult:
    """Harman's single-factor test.

    Attributes
    ----------
    pca_share, efa_share
        Share of the total item variance of the first principal component and of the
        one-factor minres EFA (0-1).
    pca_loadings, efa_loadings
        Loadings per item (signs oriented so that their sum is positive).
    threshold
        The flag cut-off (default .50).
    flagged
        ``pca_share > threshold`` or ``efa_share > threshold``.
    n, items
        Complete cases used and the item ids.
    warnings
        Texts of the warnings raised.
    """

    pca_share: float
    efa_share: float
    pca_loadings: pd.Series
    efa_loadings: pd.Series
    threshold: float
    flagged: bool
    n: int
    items: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{pca_share, efa_share, threshold, flagged, n, pca_loadings {item: l},
        efa_loadings, caveat, source, warnings}``."""
        return {
            "pca_share": float(self.pca_share), "efa_share": float(self.efa_share),
            "threshold": self.threshold, "flagged": bool(self.flagged), "n": self.n,
            "pca_loadings": {k: float(v) for k, v in self.pca_loadings.items()},
            "efa_loadings": {k: float(v) for k, v in self.efa_loadings.items()},
            "caveat": CAVEAT, "source": "Podsakoff et al. (2003)",
            "warnings": list(self.warnings),
        }


def _oriented(v: np.ndarray) -> np.ndarray:
    return -v if v.sum() < 0 else v


def harman_test(data: pd.DataFrame, items: Sequence[str] | None = None, *,
                threshold: float = 0.5) -> HarmanResult:
    """Harman's single-factor test on the items' Pearson correlations (complete cases).

    Parameters
    ----------
    data
        Respondents x item codes. Reverse keying does not matter (it flips signs of rows
        and columns of ``R``, leaving the eigenvalues and the communalities unchanged).
    items
        Item ids to use (default: every column).
    threshold
        Share above which the result is flagged (.50).

    Returns
    -------
    HarmanResult

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> f = rng.normal(size=(400, 1))
    >>> x = pd.DataFrame(f @ np.full((1, 6), 0.8) + rng.normal(scale=0.6, size=(400, 6)))
    >>> r = harman_test(x)
    >>> bool(r.flagged), r.pca_share > r.efa_share
    (True, True)
    """
    cols = list(items) if items is not None else list(data.columns)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise DataError(f"Harman's test: the data lack item column(s) {', '.join(missing[:10])}")
    if len(cols) < 3:
        raise DataError(f"Harman's test needs at least 3 items, got {len(cols)}")
    x = data[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    x = x[np.all(np.isfinite(x), axis=1)]
    n = x.shape[0]
    sd = x.std(axis=0) if n else np.zeros(len(cols))
    flat = [c for c, s in zip(cols, sd) if not s > 0]
    if n < 3 or flat:
        raise DataError("Harman's test: " + (f"only {n} complete case(s)" if n < 3 else
                        f"item(s) {', '.join(flat[:10])} have zero variance; drop them"))
    r = np.corrcoef(x, rowvar=False)
    vals, vecs = np.linalg.eigh(r)
    pca = _oriented(vecs[:, -1] * np.sqrt(vals[-1]))
    issues: list[str] = []
    ex = extract(r, 1, "minres", names=cols)
    if not ex.converged:
        msg = f"Harman's one-factor EFA did not converge ({ex.message}); its share is unreliable"
        issues.append(msg)
        warnings.warn(ConvergenceWarning(msg), stacklevel=2)
    efa = _oriented(ex.loadings[:, 0])
    p = len(cols)
    pca_share, efa_share = float(vals[-1] / p), float(np.sum(efa**2) / p)
    return HarmanResult(
        pca_share=pca_share, efa_share=efa_share,
        pca_loadings=pd.Series(pca, index=cols), efa_loadings=pd.Series(efa, index=cols),
        threshold=threshold, flagged=bool(max(pca_share, efa_share) > threshold), n=n,
        items=tuple(cols), warnings=tuple(issues))
