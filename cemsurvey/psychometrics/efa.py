"""Exploratory factor analysis as ``psych::fa``: minres, ML and principal-axis extraction.

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

Then, as ``psych::fa``: columns reflected so every column sum is positive, rotated
(:mod:`cemsurvey.psychometrics.rotation`), reflected again, and ordered by the variance
they explain (``diag(Phi L'L)``). Communalities are ``diag(L L')`` of the unrotated model,
uniquenesses ``1 -`` communalities, the structure matrix ``L Phi``.

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

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import linalg, optimize

from cemsurvey.errors import (
    CemsurveyWarning,
    ConvergenceWarning,
    DataError,
    EstimationError,
    HeywoodWarning,
    SingularMatrixWarning,
)
from cemsurvey.psychometrics.correlation import (
    BartlettResult,
    KMOResult,
    Missing,
    bartlett_sphericity,
    blas_threads,
    cov_to_corr,
    item_matrix,
    kmo,
    labelled,
    smc,
)
from cemsurvey.psychometrics.parallel import ParallelResult, parallel_analysis
from cemsurvey.psychometrics.rotation import OBLIQUE, ROTATIONS, rotate
from cemsurvey.psychometrics.scores import reverse_keyed

if TYPE_CHECKING:
    from cemsurvey.instrument import Instrument

Extraction = Literal["minres", "ml", "pa"]
EXTRACTIONS: tuple[str, ...] = ("minres", "ml", "pa")
LOWER = 0.005  # psych's lower bound on uniquenesses

__all__ = [
    "EXTRACTIONS",
    "ROTATIONS",
    "EFAReport",
    "EFAResult",
    "analyze_efa",
    "efa",
    "extract",
]


# --------------------------------------------------------------------------- extraction
def _top_eig(a: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Largest k eigenpairs of a symmetric matrix, largest first."""
    p = a.shape[0]
    if k * 3 < p:
        w, v = linalg.eigh(a, subset_by_index=[p - k, p - 1], driver="evr")
    else:
        w, v = np.linalg.eigh(a)
        w, v = w[p - k:], v[:, p - k:]
    return w[::-1], v[:, ::-1]


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

    res = optimize.minimize(fg, start, jac=True, method="L-BFGS-B",
                            bounds=[(LOWER, upper)] * len(start),
                            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9,
                                     "maxcor": 20})
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

    res = optimize.minimize(fg, start, jac=True, method="L-BFGS-B",
                            bounds=[(LOWER, upper)] * len(start),
                            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9,
                                     "maxcor": 20})
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
                "use --extraction minres or fewer factors")
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
class _Extracted:
    loadings: np.ndarray
    converged: bool
    iterations: int
    objective: float
    message: str


def extract(r: np.ndarray, k: int, method: str = "minres",
            names: list[str] | None = None) -> _Extracted:
    """Unrotated loadings of a correlation matrix (see the module docstring).

    ``names`` (item names) only label warnings."""
    if method not in EXTRACTIONS:
        raise EstimationError(f"unknown extraction {method!r}; use one of {', '.join(EXTRACTIONS)}")
    if method == "pa":
        lam, it, conv = _pa(r, k, names=names)
        return _Extracted(lam, conv, it, float("nan"),
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
    return _Extracted(lam, converged, int(res.nit), float(res.fun), msg)


# --------------------------------------------------------------------------- result
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


def _efa(
    corr_or_data: pd.DataFrame | np.ndarray,
    n_factors: int,
    *,
    extraction: str,
    rotation: str | None,
    n: int | None,
    missing: Missing,
) -> EFAResult:
    msgs: list[str] = []
    policy: str | None = None
    if isinstance(corr_or_data, pd.DataFrame):
        names = [str(c) for c in corr_or_data.columns]
        arr = corr_or_data.to_numpy(dtype=float)
    else:
        arr = np.asarray(corr_or_data, dtype=float)
        names = [f"V{i + 1}" for i in range(arr.shape[1])] if arr.ndim == 2 else []
    if arr.ndim != 2:
        raise EstimationError(f"expected a 2-D matrix or data set, got {arr.ndim} dimensions")
    if _looks_like_corr(arr):
        r = cov_to_corr(arr)
    else:
        im = item_matrix(pd.DataFrame(arr, columns=names), missing=missing)
        r = im.corr.to_numpy()
        n = im.n
        policy = missing
        msgs.extend(im.warnings)
    p = r.shape[0]
    k = int(n_factors)
    if k < 1:
        raise EstimationError(f"the number of factors must be at least 1, got {k}")
    if k >= p:
        raise EstimationError(
            f"cannot extract {k} factors from {p} items; use at most {p - 1} "
            "(in practice far fewer: --factors)")
    if rotation is not None and rotation != "none" and rotation not in ROTATIONS and \
            rotation != "geominQ":
        raise EstimationError(f"unknown rotation {rotation!r}; use one of "
                              f"{', '.join(ROTATIONS)} or none")
    dof = ((p - k) ** 2 - (p + k)) / 2
    if dof < 0:
        _warn(msgs, CemsurveyWarning(
            f"{k} factors for {p} items leave negative degrees of freedom ({dof:g}); the model "
            "is not identified — use fewer factors"))
    if n is not None and n <= p:
        _warn(msgs, SingularMatrixWarning(
            f"fewer respondents (n = {n}) than items ({p}): the correlation matrix is singular; "
            "SMCs use a pseudo-inverse and the solution is unstable — collect more data"))
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
    pat = rot.loadings
    phi = rot.phi if rot.phi is not None else np.eye(k)
    s2 = np.sign(pat.sum(axis=0))
    s2[s2 == 0] = 1
    pat = pat * s2
    phi = phi * np.outer(s2, s2)
    ev_rot = np.diag(phi @ pat.T @ pat)
    order = np.argsort(-ev_rot, kind="stable") if k > 1 else np.array([0])
    pat = pat[:, order]
    phi = phi[np.ix_(order, order)]
    comm = (lam * lam).sum(axis=1)
    uniq = 1.0 - comm
    if np.any(comm >= 1.0 - LOWER - 1e-9) and extraction != "pa":
        bad = [names[i] for i in np.flatnonzero(comm >= 1.0 - LOWER - 1e-9)]
        _warn(msgs, HeywoodWarning(
            f"Heywood case: communality of {', '.join(bad[:5])} reached the bound "
            f"{1 - LOWER:g} (uniqueness {LOWER}); the item may be redundant or too many "
            "factors were extracted"))
    if np.any(comm > 1.0):
        bad = [names[i] for i in np.flatnonzero(comm > 1.0)]
        _warn(msgs, HeywoodWarning(
            f"ultra-Heywood case: communality above 1 for {', '.join(bad[:5])}; "
            "examine the solution, use fewer factors or minres extraction"))
    cols = [f"F{j + 1}" for j in range(k)]
    vx = np.diag(phi @ pat.T @ pat)
    vtotal = float(comm.sum() + uniq.sum())
    variance = pd.DataFrame(
        [vx, vx / vtotal, np.cumsum(vx / vtotal), vx / vx.sum(), np.cumsum(vx / vx.sum())],
        index=["ss_loadings", "proportion", "cumulative", "proportion_explained",
               "cumulative_proportion"], columns=cols)
    rot_name = "none" if rotation in (None, "none") or k == 1 else (
        "geomin" if rotation == "geominQ" else rotation)
    return EFAResult(
        pattern=pd.DataFrame(pat, index=names, columns=cols),
        structure=pd.DataFrame(pat @ phi, index=names, columns=cols),
        unrotated=pd.DataFrame(lam, index=names, columns=cols),
        communalities=pd.Series(comm, index=names, name="communality"),
        uniquenesses=pd.Series(uniq, index=names, name="uniqueness"),
        phi=pd.DataFrame(phi, index=cols, columns=cols),
        variance=variance, eigenvalues=ev_r, n=n, n_factors=k, extraction=extraction,
        rotation=rot_name, missing=policy, converged=ext.converged, iterations=ext.iterations,
        objective=ext.objective, rotation_converged=rot.converged, warnings=tuple(msgs),
    )


# --------------------------------------------------------------------------- analysis
@dataclass(frozen=True)
class ItemSummary:
    """How one item loads: dominant factor, its construct, cross-loadings, weakness."""

    item: str
    construct: str
    factor: str
    loading: float
    factor_construct: str | None
    matches: bool
    cross_loadings: dict[str, float]
    weak: bool


@dataclass(frozen=True)
class EFAReport:
    """Everything ``analyze --steps efa`` reports.

    Attributes
    ----------
    kmo
        :class:`~cemsurvey.psychometrics.correlation.KMOResult` (overall and per item).
    bartlett
        :class:`~cemsurvey.psychometrics.correlation.BartlettResult`.
    parallel
        :class:`~cemsurvey.psychometrics.parallel.ParallelResult` (eigenvalues, percentiles,
        decisions, Kaiser criterion).
    result
        The :class:`EFAResult`.
    factor_constructs
        Factor -> construct assigned by maximum agreement (Hungarian assignment on the
        number of items whose dominant factor is that factor); ``None`` if unassigned.
    items
        One :class:`ItemSummary` per item.
    n, n_rows, missing
        Effective n, respondents before deletion, missing-data policy.
    cross_threshold, weak_threshold
        .30 and .40 by default.
    """

    kmo: KMOResult
    bartlett: BartlettResult
    parallel: ParallelResult
    result: EFAResult
    factor_constructs: dict[str, str | None]
    items: list[ItemSummary]
    n: int
    n_rows: int
    missing: str
    cross_threshold: float
    weak_threshold: float
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Documented keys: ``kmo, kmo_items, bartlett{chi2, df, p}, parallel_factors,
        parallel_components, kaiser_factors, eigenvalues, parallel_eigenvalues,
        fa_eigenvalues, parallel_fa_eigenvalues, loadings{item: [..]}, structure, phi,
        communalities, uniquenesses, variance, factors, factor_constructs, items{item: {..}},
        method, rotation, n_factors, n, n_rows, missing, warnings``."""
        d: dict[str, Any] = {}
        d.update(self.kmo.to_dict())
        d["bartlett"] = self.bartlett.to_dict()
        par = self.parallel.to_dict()
        for key in ("parallel_factors", "parallel_components", "kaiser_factors", "eigenvalues",
                    "parallel_eigenvalues", "fa_eigenvalues", "parallel_fa_eigenvalues"):
            d[key] = par[key]
        d["parallel_iter"] = par["n_iter"]
        d["seed"] = par["seed"]
        res = self.result.to_dict()
        for key in ("loadings", "structure", "phi", "communalities", "uniquenesses", "variance",
                    "factors", "method", "rotation", "n_factors", "converged"):
            d[key] = res[key]
        d["factor_constructs"] = self.factor_constructs
        d["items"] = {
            s.item: {"construct": s.construct, "factor": s.factor, "loading": s.loading,
                     "factor_construct": s.factor_construct, "matches": s.matches,
                     "cross_loadings": s.cross_loadings, "weak": s.weak}
            for s in self.items
        }
        d.update({"n": self.n, "n_rows": self.n_rows, "missing": self.missing,
                  "cross_loading_threshold": self.cross_threshold,
                  "weak_loading_threshold": self.weak_threshold,
                  "warnings": list(self.warnings)})
        return d


def match_factors(pattern: pd.DataFrame, construct_of: dict[str, str]
                  ) -> dict[str, str | None]:
    """Assign factors to constructs by maximum agreement of items' dominant factors.

    Score of (construct c, factor f) = items of c whose largest |loading| is on f, plus a
    tie-breaker ``1e-3 * sum |loading|`` of c's items on f; the assignment maximising the total
    is found with the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``).

    >>> pat = pd.DataFrame([[.8, .1], [.7, .0], [.1, .9], [.0, .6]], index=list("abcd"),
    ...                    columns=["F1", "F2"])
    >>> match_factors(pat, {"a": "Y", "b": "Y", "c": "X", "d": "X"})
    {'F1': 'Y', 'F2': 'X'}
    """
    from scipy.optimize import linear_sum_assignment

    constructs = list(dict.fromkeys(construct_of[i] for i in pattern.index))
    factors = list(pattern.columns)
    a = pattern.abs()
    dom = a.idxmax(axis=1)
    score = np.zeros((len(constructs), len(factors)))
    for ci, c in enumerate(constructs):
        its = [i for i in pattern.index if construct_of[i] == c]
        for fi, f in enumerate(factors):
            score[ci, fi] = float((dom[its] == f).sum()) + 1e-3 * float(a.loc[its, f].sum())
    rows, cols = linear_sum_assignment(-score)
    out: dict[str, str | None] = {f: None for f in factors}
    for ci, fi in zip(rows, cols, strict=True):
        out[factors[fi]] = constructs[ci]
    return out


def analyze_efa(
    data: pd.DataFrame,
    ins: Instrument,
    *,
    n_factors: int | None = None,
    extraction: Extraction = "minres",
    rotation: str | None = "oblimin",
    missing: Missing = "listwise",
    parallel_iter: int = 100,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    cross_threshold: float = 0.30,
    weak_threshold: float = 0.40,
) -> EFAReport:
    """Sampling adequacy, number of factors and the EFA of an instrument's items.

    Reverse-keyed items are recoded from the model first. KMO/MSA and Bartlett come from
    the item correlation matrix under ``missing``; parallel analysis simulates data of the
    effective size; the EFA extracts as many factors as the model has constructs unless
    ``n_factors`` is given, and every item's dominant factor is compared with its declared
    construct (factor <-> construct by :func:`match_factors`).

    ``progress`` receives the number of parallel-analysis draws completed.
    """
    items = [i for i in ins.item_ids]
    if not items:
        raise DataError("the model has no items to analyse")
    msgs: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        keyed = reverse_keyed(data, ins, strict=False)
        im = item_matrix(keyed, items, missing=missing)
        r = im.corr
        k_res = kmo(r)
        b_res = bartlett_sphericity(r, im.n) if im.n > len(items) else BartlettResult(
            float("nan"), len(items) * (len(items) - 1) // 2, float("nan"), im.n)
        if im.n <= len(items):
            warnings.warn(SingularMatrixWarning(
                f"fewer respondents (n = {im.n}) than items ({len(items)}): Bartlett's test is "
                "undefined and the EFA is unstable — collect more data"), stacklevel=2)
        if missing == "listwise":
            par = parallel_analysis(im.data, parallel_iter, seed, "both", progress=progress)
        else:
            par = parallel_analysis(r.to_numpy(), parallel_iter, seed, "both",
                                    progress=progress, n=im.n)
        k = len(ins.construct_ids) if n_factors is None else int(n_factors)
        if n_factors is None and k >= len(items):
            k = max(1, len(items) - 1)
        res = efa(r, k, extraction=extraction, rotation=rotation, n=None)
    seen: set[str] = set()
    for w in caught:
        if issubclass(w.category, Warning):
            text = str(w.message)
            # the same singular matrix is inverted for KMO, SMCs and parallel analysis: say it
            # once per kind, not once per inversion with a slightly different eigenvalue
            key = (text.split(":", 1)[0] if issubclass(w.category, SingularMatrixWarning)
                   else text)
            if key not in seen:
                seen.add(key)
                msgs.append(text)
                warnings.warn(w.message, stacklevel=2)
    res = EFAResult(**{**res.__dict__, "n": im.n, "missing": missing,
                       "warnings": tuple(msgs)})
    construct_of = {i: ins.construct_of_item[i] for i in items}
    fc = match_factors(res.pattern, construct_of)
    summaries = []
    for i in items:
        row = res.pattern.loc[i]
        f = str(row.abs().idxmax())
        cross = {str(g): float(v) for g, v in row.items()
                 if g != f and abs(v) >= cross_threshold}
        summaries.append(ItemSummary(
            item=i, construct=construct_of[i], factor=f, loading=float(row[f]),
            factor_construct=fc.get(f), matches=fc.get(f) == construct_of[i],
            cross_loadings=cross, weak=abs(float(row[f])) < weak_threshold))
    return EFAReport(kmo=k_res, bartlett=b_res, parallel=par, result=res, factor_constructs=fc,
                     items=summaries, n=im.n, n_rows=im.n_rows, missing=missing,
                     cross_threshold=cross_threshold, weak_threshold=weak_threshold,
                     warnings=tuple(msgs))

