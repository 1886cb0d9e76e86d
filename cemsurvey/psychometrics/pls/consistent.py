"""Consistent PLS (PLSc; Dijkstra & Henseler 2015): reflective constructs as common factors.

PLS composites of reflective constructs contain measurement error, so their correlations
are biased towards zero and their loadings upwards. PLSc corrects both from the
converged mode A weights ``w_k`` of each reflective block (indicator correlations
``S_kk``), batched over resamples like the engine:

* reliability of the composite, ``rho_A = (w'w)^2 w'(S_kk - diag S_kk)w /
  w'(ww' - diag ww')w``;
* consistent loadings ``lambda_k = sqrt(rho_A) w_k / (w_k'w_k)``;
* construct correlations ``r_kl / sqrt(rho_A,k rho_A,l)`` (``rho_A = 1`` for composite,
  formative and single-item constructs, which are not corrected);
* path coefficients and R^2 by OLS on the corrected correlations.

The weights and scores (and so blindfolding Q^2 and HTMT) stay those of PLS; only the
estimates above change (PLSpredict under PLSc predicts with the consistent loadings and
paths, as seminr). A ``rho_A`` at or below zero, or corrected correlations
outside [-1, 1], make the correction undefined (a Heywood-like case): the estimates are
NaN in a resample (which the bootstrap excludes) and a warning in the full sample.

Verified against seminr's PLSc (``estimate_pls`` with ``reflective()`` constructs,
Python port 0.2.1: rho_A, consistent loadings, paths, R^2 on the mobi data, 1e-6;
tests/reference/pls/pls_next.json from tests/reference/pls_next_reference.py).

References
----------
Dijkstra, T. K., & Henseler, J. (2015). Consistent partial least squares path modeling.
MIS Quarterly, 39(2), 297-316. Dijkstra, T. K., & Henseler, J. (2015). Consistent and
asymptotically normal PLS estimators for linear structural equations. Computational
Statistics & Data Analysis, 81, 10-23.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cemsurvey.psychometrics.pls.engine import Fit
from cemsurvey.psychometrics.pls.model import PLSSpec

#: The estimation methods of :func:`~cemsurvey.psychometrics.pls.fit_pls`.
METHODS = ("pls", "plsc")


@dataclass(frozen=True)
class Consistent:
    """PLSc estimates of a batch of fits.

    Attributes
    ----------
    R
        ``(B, K, K)`` construct correlations corrected for attenuation.
    L
        ``(B, q, K)`` loadings: consistent for corrected latents, PLS for the others.
    rho
        ``(B, K)`` the correction factors: rho_A of corrected latents, 1 elsewhere.
    """

    R: np.ndarray
    L: np.ndarray
    rho: np.ndarray


def rho_a(S: np.ndarray, W: np.ndarray, spec: PLSSpec) -> np.ndarray:
    """``(B, K)`` rho_A of every block (1 for a single indicator); see the module docstring.

    Parameters
    ----------
    S
        ``(B, q, q)`` indicator correlations.
    W
        ``(B, q, K)`` weights normalised to unit score variance (``w'S w = 1``).
    """
    B, K = W.shape[0], spec.K
    out = np.ones((B, K))
    for k in range(K):
        J = np.flatnonzero(spec.mask[:, k])
        if J.size < 2:
            continue
        w = W[:, J, k]
        Sb = S[:, J[:, None], J[None, :]]
        wsw = np.einsum("bi,bij,bj->b", w, Sb, w)
        d = np.einsum("bii->bi", Sb)
        w2 = w * w
        ww = w2.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, k] = ww**2 * (wsw - np.sum(w2 * d, axis=1)) / (ww**2 - np.sum(w2 * w2, axis=1))
    return out


def consistent(S: np.ndarray, fit: Fit, spec: PLSSpec, corrected: np.ndarray,
               exempt: np.ndarray | None = None) -> Consistent:
    """The PLSc correction of ``fit`` (batched); ``corrected`` ``(K,)`` bool marks the
    reflective latents.

    ``exempt`` ``(K, K)`` bool marks pairs left out of the admissibility check: a
    higher-order construct and its own constructs in the repeated-indicators approach share
    items, so their corrected correlation may exceed 1 without making the structural
    estimates inadmissible.

    Examples
    --------
    One reflective block of three parallel items (loadings .8) in a two-construct model:
    the consistent loadings recover .8 where PLS loadings overstate them.

    >>> from cemsurvey.psychometrics.pls.model import spec_of
    >>> from cemsurvey.psychometrics.pls.engine import estimate
    >>> lam = np.r_[[0.8] * 3, [0.8] * 3]; phi = 0.5
    >>> S = np.outer(lam, lam) * np.kron([[1, phi], [phi, 1]], np.ones((3, 3)))
    >>> np.fill_diagonal(S, 1.0)
    >>> spec = spec_of([f"i{j}" for j in range(6)], ["X", "Y"],
    ...                {"X": ["i0", "i1", "i2"], "Y": ["i3", "i4", "i5"]}, [("X", "Y")])
    >>> fit = estimate(S[None], spec)
    >>> c = consistent(S[None], fit, spec, np.array([True, True]))
    >>> round(float(fit.SW[0, 0, 0]), 4), round(float(c.L[0, 0, 0]), 4), round(float(c.R[0, 0, 1]), 4)
    (0.8718, 0.8, 0.5)
    """
    rho = np.where(corrected[None, :], rho_a(S, fit.W, spec), 1.0)
    with np.errstate(invalid="ignore"):
        root = np.sqrt(np.where(rho > 0, rho, np.nan))
    R = fit.R / (root[:, :, None] * root[:, None, :])
    K = spec.K
    R[:, np.arange(K), np.arange(K)] = 1.0
    over = np.abs(R) > 1.0 + 1e-12
    if exempt is not None:
        over &= ~exempt[None]
    bad = np.any(over, axis=(1, 2))
    R[bad] = np.nan
    L = fit.SW.copy()
    for k in np.flatnonzero(corrected):
        J = np.flatnonzero(spec.mask[:, k])
        w = fit.W[:, J, k]
        L[:, J, k] = w * (root[:, k] / np.sum(w * w, axis=1))[:, None]
    return Consistent(R=R, L=L, rho=rho)


def plsc_warnings(c: Consistent, latents: tuple[str, ...], corrected: np.ndarray) -> list[str]:
    """Warnings of a full-sample PLSc correction (``B = 1``): undefined or Heywood cases."""
    out = []
    bad = [latents[k] for k in np.flatnonzero(corrected) if not 0 < c.rho[0, k] <= 1]
    if bad:
        out.append(f"rho_A of {', '.join(bad)} is outside (0, 1]: consistent PLS cannot correct "
                   "these constructs; check their items (opposite signs, weak loadings) or "
                   "declare them 'measurement: composite'")
    if not np.all(np.isfinite(c.R[0])):
        out.append("consistent PLS gave construct correlations beyond +-1 (a Heywood case); "
                   "its paths are not available: use PLS or revise the measurement model")
    over = np.argwhere(np.triu(np.abs(c.R[0]) > 1.0, 1))
    if over.size:
        pairs = ", ".join(f"{latents[i]}-{latents[j]}" for i, j in over)
        out.append(f"consistent PLS: corrected correlations above 1 between higher-order "
                   f"constructs and their own constructs ({pairs}; they share items); use the "
                   "two-stage approach for higher-order constructs under consistent PLS")
    return out
