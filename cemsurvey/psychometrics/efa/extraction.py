"""Factor extraction as ``psych::fa``: minres, ML and principal axes (unrotated loadings).

Extraction (on the correlation matrix R, p items, k factors, uniquenesses psi):

- ``minres`` (= ULS): minimise ``G(psi) = 1/2 sum_{j>k} lambda_j(R - diag psi)^2`` over
  ``psi`` in [.005, 1] with L-BFGS-B and the analytic gradient
  ``dG/dpsi = diag(L L' + diag psi - R)`` (psych's ``FAgr.minres``); start
  ``psi = 1 - SMC``; loadings ``L = V_k diag(sqrt(max(lambda_k, 0)))`` of ``R - diag psi``
  (psych's ``FAout.wls``). psych's ``fa`` drives ``optim`` with this gradient; its stopping
  point is the stationary point of G that this module solves to a tighter tolerance.
- ``ml``: minimise psych's ``FAfn`` (the ML discrepancy concentrated on psi,
  ``-sum_{j>k}(log e_j - e_j) - k + p`` with e the eigenvalues of
  ``psi^-1/2 R psi^-1/2``) with its gradient ``FAgr``, same bounds and start.
- ``pa``: iterated principal axes from SMC communalities until the total communality
  changes by less than ``min_err = .001`` or 50 iterations, exactly psych's loop (so the
  result equals psych's, which is not fully converged).

Verified against ``psych::fa`` 2.2.9 with GPArotation 2022.10-2 (tests/efa/
test_efa_reference.py, 1e-4 absolute on every pattern and structure loading up to column
order and sign, largest difference seen 4e-5): every extraction (minres, ml, pa) with every
rotation (varimax, promax, oblimin, geomin = geominQ) on bfi 25 items / 5 factors and
Holzinger-Swineford 9 items / 3 factors, and on sim28 112 items / 28 factors except
minres+geomin, where GPArotation itself stops without converging (cemsurvey then raises a
ConvergenceWarning).

References
----------
Harman, H. H., & Jones, W. H. (1966). Factor analysis by minimizing residuals (minres).
Psychometrika, 31, 351-368.
Joreskog, K. G. (1967). Some contributions to maximum likelihood factor analysis.
Psychometrika, 32, 443-482.
Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
Research (version 2.2.9). R package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import linalg, optimize

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.correlation import labelled, smc

Extraction = Literal["minres", "ml", "pa"]
EXTRACTIONS: tuple[str, ...] = ("minres", "ml", "pa")
LOWER = 0.005  # psych's lower bound on uniquenesses

__all__ = ["EXTRACTIONS", "LOWER", "Extracted", "extract"]


def _top_eig(a: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Largest k eigenpairs of a symmetric matrix, largest first."""
    p = a.shape[0]
    if k * 3 < p:
        w, v = linalg.eigh(a, subset_by_index=[p - k, p - 1], driver="evr")
    else:
        w, v = np.linalg.eigh(a)
        w, v = w[p - k:], v[:, p - k:]
    return w[::-1], v[:, ::-1]


def _minimize(fg: Callable[[np.ndarray], tuple[float, np.ndarray]], start: np.ndarray,
              upper: float) -> Any:
    """L-BFGS-B on the uniquenesses in ``[LOWER, upper]``, ``fg`` giving value and gradient."""
    return optimize.minimize(fg, start, jac=True, method="L-BFGS-B",
                             bounds=[(LOWER, upper)] * len(start),
                             options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9,
                                      "maxcor": 20})


def _minres_loadings(psi: np.ndarray, r: np.ndarray, k: int) -> np.ndarray:
    a = r - np.diag(psi)
    w, v = _top_eig(a, k)
    return v * np.sqrt(np.maximum(w, 0.0))


def _minres(r: np.ndarray, k: int, start: np.ndarray, upper: float) -> tuple[np.ndarray, Any]:
    fro = None

    def fg(psi: np.ndarray) -> tuple[float, np.ndarray]:
        nonlocal fro
        a = r - np.diag(psi)
        w, v = _top_eig(a, k)
        wp = np.maximum(w, 0.0)
        f = 0.5 * (float((a * a).sum()) - float((wp**2).sum()))
        lam = v * np.sqrt(wp)
        g = (lam * lam).sum(axis=1) + psi - np.diag(r)
        return f, g

    res = _minimize(fg, start, upper)
    return _minres_loadings(res.x, r, k), res


def _ml_loadings(psi: np.ndarray, r: np.ndarray, k: int) -> np.ndarray:
    sc = 1.0 / np.sqrt(psi)
    w, v = np.linalg.eigh(r * np.outer(sc, sc))
    w, v = w[::-1][:k], v[:, ::-1][:, :k]
    return np.sqrt(psi)[:, None] * v * np.sqrt(np.maximum(w - 1.0, 0.0))


def _ml(r: np.ndarray, k: int, start: np.ndarray, upper: float) -> tuple[np.ndarray, Any]:
    p = r.shape[0]

    def fg(psi: np.ndarray) -> tuple[float, np.ndarray]:
        sc = 1.0 / np.sqrt(psi)
        w, v = np.linalg.eigh(r * np.outer(sc, sc))
        w, v = w[::-1], v[:, ::-1]
        e = w[k:]
        if np.any(e <= 0):
            return np.inf, np.zeros_like(psi)
        f = -(float(np.sum(np.log(e) - e)) - k + p)
        lam = np.sqrt(psi)[:, None] * v[:, :k] * np.sqrt(np.maximum(w[:k] - 1.0, 0.0))
        g = ((lam * lam).sum(axis=1) + psi - np.diag(r)) / psi**2
        return f, g

    res = _minimize(fg, start, upper)
    return _ml_loadings(res.x, r, k), res


def _pa(r: np.ndarray, k: int, min_err: float = 0.001, max_iter: int = 50,
        names: list[str] | None = None) -> tuple[np.ndarray, int, bool]:
    rm = r.copy()
    np.fill_diagonal(rm, smc(labelled(r, names)))
    comm = float(np.trace(rm))
    err = comm
    i = 1
    lam = np.zeros((r.shape[0], k))
    converged = True
    while err > min_err:
        w, v = np.linalg.eigh(rm)
        w, v = w[::-1][:k], v[:, ::-1][:, :k]
        if np.any(w < 0):
            raise EstimationError(
                "principal-axis extraction met a negative eigenvalue (imaginary loadings); "
                "use minres extraction or fewer factors")
        lam = v * np.sqrt(w)
        new = (lam * lam).sum(axis=1)
        comm1 = float(new.sum())
        np.fill_diagonal(rm, new)
        err = abs(comm - comm1)
        comm = comm1
        i += 1
        if i > max_iter:
            converged = False
            break
    return lam, i - 1, converged


@dataclass(frozen=True)
class Extracted:
    """Unrotated loadings and the optimiser's status (:func:`extract`)."""

    loadings: np.ndarray
    converged: bool
    iterations: int
    objective: float
    message: str


def extract(r: np.ndarray, k: int, method: str = "minres",
            names: list[str] | None = None) -> Extracted:
    """Unrotated loadings of a correlation matrix (see the module docstring).

    ``names`` (item names) only label warnings."""
    if method not in EXTRACTIONS:
        raise EstimationError(f"unknown extraction {method!r}; use one of {', '.join(EXTRACTIONS)}")
    if method == "pa":
        lam, it, conv = _pa(r, k, names=names)
        return Extracted(lam, conv, it, float("nan"),
                          "" if conv else "principal axes: 50 iterations reached")
    s = smc(labelled(r, names))
    start = np.diag(r) - s
    upper = max(float(s.max()), 1.0)
    start = np.clip(start, LOWER, upper)
    lam, res = (_minres if method == "minres" else _ml)(r, k, start, upper)
    psi = res.x
    g = (lam * lam).sum(axis=1) + psi - np.diag(r)
    if method == "ml":
        g = g / psi**2
    # projected gradient: components pushing against an active bound do not count
    pg = np.where((psi <= LOWER + 1e-10) & (g > 0), 0.0, g)
    pg = np.where((psi >= upper - 1e-10) & (g < 0), 0.0, pg)
    gmax = float(np.abs(pg).max())
    converged = bool(res.success) or gmax < 1e-6
    msg = "" if converged else f"{res.message}; largest projected gradient {gmax:.2g}"
    return Extracted(lam, converged, int(res.nit), float(res.fun), msg)
