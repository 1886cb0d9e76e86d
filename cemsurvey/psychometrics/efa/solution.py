"""The exploratory factor solution: :func:`efa` (extract, rotate, order) and :class:`EFAResult`.

As ``psych::fa``: unrotated loadings from :mod:`~cemsurvey.psychometrics.efa.extraction`,
columns reflected so every column sum is positive, rotated
(:mod:`~cemsurvey.psychometrics.efa.rotation`), reflected again, and ordered by the variance
they explain (``diag(Phi L'L)``). Communalities are ``diag(L L')`` of the unrotated model,
uniquenesses ``1 -`` communalities, the structure matrix ``L Phi``.

Verified against ``psych::fa`` 2.2.9 with GPArotation 2022.10-2 (tests/efa/
test_efa_reference.py, 1e-4 absolute on every pattern and structure loading up to column
order and sign); see :mod:`cemsurvey.psychometrics.efa`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import (
    CemsurveyWarning,
    ConvergenceWarning,
    EstimationError,
    HeywoodWarning,
    SingularMatrixWarning,
)
from cemsurvey.psychometrics.correlation import Missing, cov_to_corr, item_matrix
from cemsurvey.psychometrics.efa.extraction import LOWER, Extraction, extract
from cemsurvey.psychometrics.efa.rotation import OBLIQUE, ROTATIONS, rotate

__all__ = ["EFAResult", "efa"]


@dataclass(frozen=True)
class EFAResult:
    """An exploratory factor solution.

    Attributes
    ----------
    pattern
        Items x factors pattern loadings (rotated), factors named ``F1..Fk`` in order of
        variance explained.
    structure
        Items x factors structure loadings ``pattern @ phi`` (= pattern if orthogonal).
    unrotated
        Items x factors loadings before rotation (column sums positive).
    communalities, uniquenesses
        Series by item; ``uniquenesses = 1 - communalities``.
    phi
        Factor correlations (identity for orthogonal rotations or none).
    variance
        DataFrame (factors as columns) with rows ``ss_loadings``, ``proportion``,
        ``cumulative``, ``proportion_explained``, ``cumulative_proportion`` (psych's
        ``Vaccounted``: ``ss_loadings = diag(Phi L'L)``).
    eigenvalues
        Eigenvalues of R (largest first).
    n
        Effective sample size (``None`` when a matrix was given without n).
    extraction, rotation, missing
        Method names and the missing-data policy.
    converged, iterations, objective
        Extraction optimiser status (and the rotation's convergence).
    warnings
        Texts of every warning raised.
    """

    pattern: pd.DataFrame
    structure: pd.DataFrame
    unrotated: pd.DataFrame
    communalities: pd.Series
    uniquenesses: pd.Series
    phi: pd.DataFrame
    variance: pd.DataFrame
    eigenvalues: np.ndarray
    n: int | None
    n_factors: int
    extraction: str
    rotation: str
    missing: str | None
    converged: bool
    iterations: int
    objective: float
    rotation_converged: bool
    warnings: tuple[str, ...] = field(default=())

    @property
    def oblique(self) -> bool:
        return self.rotation in OBLIQUE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``loadings`` (pattern, item -> list), ``structure``, ``phi``..."""
        return {
            "method": self.extraction, "rotation": self.rotation, "n": self.n,
            "missing": self.missing, "n_factors": self.n_factors,
            "factors": list(self.pattern.columns),
            "loadings": {i: [float(v) for v in row] for i, row in self.pattern.iterrows()},
            "structure": {i: [float(v) for v in row] for i, row in self.structure.iterrows()},
            "communalities": {k: float(v) for k, v in self.communalities.items()},
            "uniquenesses": {k: float(v) for k, v in self.uniquenesses.items()},
            "phi": [[float(v) for v in row] for row in self.phi.to_numpy()],
            "variance": {k: [float(v) for v in row] for k, row in self.variance.iterrows()},
            "converged": self.converged and self.rotation_converged,
            "warnings": list(self.warnings),
        }


def _warn(msgs: list[str], w: Warning) -> None:
    msgs.append(str(w))
    warnings.warn(w, stacklevel=4)


def _looks_like_corr(x: np.ndarray) -> bool:
    return (x.ndim == 2 and x.shape[0] == x.shape[1] and not np.isnan(x).any()
            and np.allclose(x, x.T) and np.allclose(np.diag(x), 1.0))


def efa(
    corr_or_data: pd.DataFrame | np.ndarray,
    n_factors: int,
    *,
    extraction: Extraction = "minres",
    rotation: str | None = "oblimin",
    n: int | None = None,
    missing: Missing = "listwise",
) -> EFAResult:
    """Exploratory factor analysis of a correlation matrix or of raw item data.

    Parameters
    ----------
    corr_or_data
        A p x p correlation matrix (DataFrame or array) or respondents x items data.
    n_factors
        Number of factors k (1 <= k < p).
    extraction
        ``"minres"`` (default, as psych), ``"ml"`` or ``"pa"``.
    rotation
        ``"oblimin"`` (default, as psych), ``"promax"``, ``"varimax"``, ``"geomin"`` or
        ``None``.
    n
        Sample size when a matrix is given (only reported; extraction does not need it).
    missing
        ``"listwise"`` or ``"pairwise"`` for raw data.

    Examples
    --------
    Equivalent R call: ``psych::fa(x, nfactors = 2, fm = "minres", rotate = "oblimin")``.

    >>> rng = np.random.default_rng(7)
    >>> f = rng.normal(size=(500, 2))
    >>> x = np.hstack([.8 * f[:, [0]] + .6 * rng.normal(size=(500, 3)),
    ...                .8 * f[:, [1]] + .6 * rng.normal(size=(500, 3))])
    >>> res = efa(x, 2)
    >>> res.pattern.abs().idxmax(axis=1).tolist()
    ['F2', 'F2', 'F2', 'F1', 'F1', 'F1']
    """
    with blas_threads(1):
        return _efa(corr_or_data, n_factors, extraction=extraction, rotation=rotation, n=n,
                    missing=missing)


def _correlations(corr_or_data: pd.DataFrame | np.ndarray, n: int | None, missing: Missing
                  ) -> tuple[np.ndarray, list[str], int | None, str | None, tuple[str, ...]]:
    """``(R, item names, n, missing policy, warnings)`` of a correlation matrix or raw data."""
    if isinstance(corr_or_data, pd.DataFrame):
        names = [str(c) for c in corr_or_data.columns]
        arr = corr_or_data.to_numpy(dtype=float)
    else:
        arr = np.asarray(corr_or_data, dtype=float)
        names = [f"V{i + 1}" for i in range(arr.shape[1])] if arr.ndim == 2 else []
    if arr.ndim != 2:
        raise EstimationError(f"expected a 2-D matrix or data set, got {arr.ndim} dimensions")
    if _looks_like_corr(arr):
        return cov_to_corr(arr), names, n, None, ()
    im = item_matrix(pd.DataFrame(arr, columns=names), missing=missing)
    return im.corr.to_numpy(), names, im.n, missing, tuple(im.warnings)


def _check_factors(p: int, k: int, rotation: str | None, n: int | None) -> list[Warning]:
    """Raise for an impossible number of factors or rotation; warnings for doubtful ones."""
    if k < 1:
        raise EstimationError(f"the number of factors must be at least 1, got {k}")
    if k >= p:
        raise EstimationError(
            f"cannot extract {k} factors from {p} items; use at most {p - 1} "
            "(in practice far fewer)")
    if rotation is not None and rotation != "none" and rotation not in ROTATIONS and \
            rotation != "geominQ":
        raise EstimationError(f"unknown rotation {rotation!r}; use one of "
                              f"{', '.join(ROTATIONS)} or none")
    out: list[Warning] = []
    dof = ((p - k) ** 2 - (p + k)) / 2
    if dof < 0:
        out.append(CemsurveyWarning(
            f"{k} factors for {p} items leave negative degrees of freedom ({dof:g}); the model "
            "is not identified — use fewer factors"))
    if n is not None and n <= p:
        out.append(SingularMatrixWarning(
            f"fewer respondents (n = {n}) than items ({p}): the correlation matrix is singular; "
            "SMCs use a pseudo-inverse and the solution is unstable — collect more data"))
    return out


def _reflect_order(pat: np.ndarray, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns reflected to positive sums and ordered by variance explained (psych::fa)."""
    k = pat.shape[1]
    s2 = np.sign(pat.sum(axis=0))
    s2[s2 == 0] = 1
    pat = pat * s2
    phi = phi * np.outer(s2, s2)
    ev_rot = np.diag(phi @ pat.T @ pat)
    order = np.argsort(-ev_rot, kind="stable") if k > 1 else np.array([0])
    return pat[:, order], phi[np.ix_(order, order)]


def _heywood(comm: np.ndarray, names: list[str], extraction: str) -> list[Warning]:
    """Heywood (communality at the bound) and ultra-Heywood (above 1) warnings."""
    out: list[Warning] = []
    if np.any(comm >= 1.0 - LOWER - 1e-9) and extraction != "pa":
        bad = [names[i] for i in np.flatnonzero(comm >= 1.0 - LOWER - 1e-9)]
        out.append(HeywoodWarning(
            f"Heywood case: communality of {', '.join(bad[:5])} reached the bound "
            f"{1 - LOWER:g} (uniqueness {LOWER}); the item may be redundant or too many "
            "factors were extracted"))
    if np.any(comm > 1.0):
        bad = [names[i] for i in np.flatnonzero(comm > 1.0)]
        out.append(HeywoodWarning(
            f"ultra-Heywood case: communality above 1 for {', '.join(bad[:5])}; "
            "examine the solution, use fewer factors or minres extraction"))
    return out


def _variance(pat: np.ndarray, phi: np.ndarray, comm: np.ndarray, uniq: np.ndarray,
              cols: list[str]) -> pd.DataFrame:
    """psych's ``Vaccounted``: ``ss_loadings = diag(Phi L'L)`` and its proportions."""
    vx = np.diag(phi @ pat.T @ pat)
    vtotal = float(comm.sum() + uniq.sum())
    return pd.DataFrame(
        [vx, vx / vtotal, np.cumsum(vx / vtotal), vx / vx.sum(), np.cumsum(vx / vx.sum())],
        index=["ss_loadings", "proportion", "cumulative", "proportion_explained",
               "cumulative_proportion"], columns=cols)


def _efa(
    corr_or_data: pd.DataFrame | np.ndarray,
    n_factors: int,
    *,
    extraction: str,
    rotation: str | None,
    n: int | None,
    missing: Missing,
) -> EFAResult:
    r, names, n, policy, data_msgs = _correlations(corr_or_data, n, missing)
    msgs: list[str] = list(data_msgs)
    p, k = r.shape[0], int(n_factors)
    for w in _check_factors(p, k, rotation, n):
        _warn(msgs, w)
    ev_r = np.linalg.eigvalsh(r)[::-1]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ext = extract(r, k, extraction, names)
        lam = ext.loadings
        sign = np.sign(lam.sum(axis=0))
        sign[sign == 0] = 1
        lam = lam * sign
        rot = rotate(lam, rotation)
    for w in caught:
        _warn(msgs, w.message if isinstance(w.message, Warning) else UserWarning(str(w.message)))
    if not ext.converged:
        _warn(msgs, ConvergenceWarning(
            f"{extraction} extraction did not converge ({ext.message}); "
            "try fewer factors or another extraction"))
    pat, phi = _reflect_order(rot.loadings, rot.phi if rot.phi is not None else np.eye(k))
    comm = (lam * lam).sum(axis=1)
    uniq = 1.0 - comm
    for w in _heywood(comm, names, extraction):
        _warn(msgs, w)
    cols = [f"F{j + 1}" for j in range(k)]
    rot_name = "none" if rotation in (None, "none") or k == 1 else (
        "geomin" if rotation == "geominQ" else rotation)
    return EFAResult(
        pattern=pd.DataFrame(pat, index=names, columns=cols),
        structure=pd.DataFrame(pat @ phi, index=names, columns=cols),
        unrotated=pd.DataFrame(lam, index=names, columns=cols),
        communalities=pd.Series(comm, index=names, name="communality"),
        uniquenesses=pd.Series(uniq, index=names, name="uniqueness"),
        phi=pd.DataFrame(phi, index=cols, columns=cols),
        variance=_variance(pat, phi, comm, uniq, cols), eigenvalues=ev_r, n=n, n_factors=k,
        extraction=extraction, rotation=rot_name, missing=policy, converged=ext.converged,
        iterations=ext.iterations, objective=ext.objective,
        rotation_converged=rot.converged, warnings=tuple(msgs),
    )
