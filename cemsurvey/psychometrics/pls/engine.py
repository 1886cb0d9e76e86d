"""Batched PLS path modeling engine (Lohmoeller's algorithm, mode A) on correlation matrices.

The iterative algorithm and what follows from its fixed point: inner weights, outer
weights, path coefficients by OLS, and the sign conventions (full-sample orientation,
construct-level reflection of resamples). The model is a
:class:`~cemsurvey.psychometrics.pls.model.PLSSpec`; the correlation matrices come from
:mod:`cemsurvey.psychometrics.pls.data`.

Everything here works on a stack of indicator correlation matrices ``S`` of shape
``(B, q, q)``: one for the full sample (``B = 1``), one per bootstrap resample, one per
jackknife or blindfolding round. Standardized indicators make the algorithm a function
of ``S`` alone, so resamples are processed as 3-D arrays with batched BLAS and no Python
loop per indicator or per resample.

Notation (Lohmoeller 1989; Tenenhaus et al. 2005): ``W`` (q x K) holds the outer weights,
zero outside the measurement mask ``M`` (an indicator may measure more than one latent
variable, as in the repeated-indicators approach to higher-order constructs); latent
scores are ``Y = X W`` with unit variance; ``R = W' S W`` is their correlation matrix.
One iteration:

1. inner weights ``E`` (K x K), ``Z = Y E``:

   * centroid:   ``e_lk = sign(r_lk)`` for adjacent ``l, k``;
   * factorial:  ``e_lk = r_lk`` for adjacent ``l, k``;
   * path:       ``e_lk`` = coefficient of ``Y_l`` in the OLS regression of ``Y_k`` on its
     predecessors (``l -> k``), and ``r_lk`` for its successors (``k -> l``).

2. mode A outer weights: ``w_jk = cov(x_j, z_k) = (S W E)_jk`` for ``j`` in block ``k``;
   mode B (formative constructs): the regression of ``z_k`` on its block,
   ``w_k = S[J_k, J_k]^-1 (S W E)[J_k, k]``;
3. normalisation: ``w_k <- w_k / sqrt(w_k' S w_k)`` so every score has unit variance.

The iteration stops when ``max |w_new - w_old| < tol`` (for each resample separately).
At convergence path coefficients are OLS on the standardized scores,
``beta_k = R[P,P]^-1 R[P,k]``, ``R^2_k = R[k,P] beta_k``, and loadings are the
correlations of the indicators with their scores, ``(S W)_jk``.

References
----------
Lohmoeller, J.-B. (1989). *Latent Variable Path Modeling with Partial Least Squares*.
Physica. Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS path
modeling. *Computational Statistics & Data Analysis*, 48(1), 159-205.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from cemsurvey.psychometrics.pls.model import PLSSpec

Scheme = Literal["path", "centroid", "factorial"]
SCHEMES: tuple[str, ...] = ("path", "centroid", "factorial")


# ----------------------------------------------------------------------------- core
def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched ``A x = b`` (b has a trailing vector axis); pinv where A is singular."""
    try:
        return np.linalg.solve(A, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan)
        ok = np.all(np.isfinite(A), axis=(-2, -1)) & np.all(np.isfinite(b), axis=-1)
        if np.any(ok):
            out[ok] = np.einsum("...ij,...j->...i", np.linalg.pinv(A[ok]), b[ok])
        return out


def regressions(R: np.ndarray, spec: PLSSpec) -> tuple[np.ndarray, np.ndarray]:
    """OLS of every endogenous latent on its predecessors, from latent correlations.

    Returns
    -------
    beta
        ``(B, K, K)``, ``beta[:, l, k]`` the standardized coefficient of ``l -> k``.
    r2
        ``(B, K)``, NaN for exogenous latents.
    """
    B, K = R.shape[0], spec.K
    beta = np.zeros((B, K, K))
    r2 = np.full((B, K), np.nan)
    for ks, P in spec.groups:
        Rpp = R[:, P[:, :, None], P[:, None, :]]  # (B, G, m, m)
        rpk = R[:, P, ks[:, None]]  # (B, G, m)
        b = _solve(Rpp, rpk)
        beta[:, P, ks[:, None]] = b
        r2[:, ks] = np.einsum("bgm,bgm->bg", b, rpk)
    return beta, r2


def inner_weights(R: np.ndarray, spec: PLSSpec, scheme: Scheme) -> np.ndarray:
    """Inner weights ``E`` with ``Z = Y E`` (see the module docstring)."""
    D = spec.direct
    A = D | D.T
    if scheme == "centroid":
        return np.sign(R) * A
    if scheme == "factorial":
        return R * A
    beta, _ = regressions(R, spec)
    return R * D.T + beta


def _normalise(S: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    SW = np.matmul(S, W)
    var = np.sum(W * SW, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = 1.0 / np.sqrt(var)
    return W * s[:, None, :], SW * s[:, None, :]


@dataclass
class Fit:
    """Converged (or last) state of a batch of PLS runs."""

    W: np.ndarray  # (B, q, K) outer weights for standardized indicators
    SW: np.ndarray  # (B, q, K) correlations of indicators with scores
    R: np.ndarray  # (B, K, K) latent score correlations
    converged: np.ndarray  # (B,) bool
    iterations: np.ndarray  # (B,) int
    delta: np.ndarray  # (B,) last max |change| of the weights

    @property
    def loadings(self) -> np.ndarray:
        """``(B, q, K)`` loadings, zero outside the mask."""
        return self.SW

    @property
    def ok(self) -> np.ndarray:
        """Converged with finite estimates."""
        fin = np.all(np.isfinite(self.R), axis=(1, 2)) & np.all(np.isfinite(self.W), axis=(1, 2))
        return self.converged & fin


def estimate_dense(S: np.ndarray, spec: PLSSpec, *, scheme: Scheme = "path",
                   W0: np.ndarray | None = None, max_iter: int = 300, tol: float = 1e-7) -> Fit:
    """Lohmoeller's algorithm with dense ``(q, K)`` weight matrices (``S W`` in full).

    The straightforward form of :func:`estimate` (same iterations, same stopping rule),
    kept as its cross-check in the tests; :func:`estimate` touches only the blocks of
    ``S`` the algorithm needs and is several times faster on large models. Parameters as
    :func:`estimate`.
    """
    B = S.shape[0]
    mask = spec.mask.astype(float)
    if W0 is None:
        W = np.broadcast_to(mask, (B, *mask.shape)).copy()
    else:
        W = np.broadcast_to(np.asarray(W0, dtype=float) * mask, (B, *mask.shape)).copy()
    W, SW = _normalise(S, W)
    converged = np.zeros(B, dtype=bool)
    iters = np.zeros(B, dtype=int)
    delta = np.full(B, np.inf)
    active = np.ones(B, dtype=bool)
    for it in range(1, max_iter + 1):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        if idx.size == B:  # no gather (a copy of the whole stack) while all are active
            Sa, Wa, SWa = S, W, SW
        else:
            Sa, Wa, SWa = S[idx], W[idx], SW[idx]
        R = np.matmul(Wa.transpose(0, 2, 1), SWa)
        E = inner_weights(R, spec, scheme)
        Wn = np.matmul(SWa, E) * mask
        for k in range(spec.K):
            if spec.is_mode_b(k):
                J = np.flatnonzero(spec.mask[:, k])
                Wn[:, J, k] = _solve(Sa[:, J[:, None], J[None, :]], Wn[:, J, k])
        Wn, SWn = _normalise(Sa, Wn)
        with np.errstate(invalid="ignore"):
            d = np.max(np.abs(Wn - Wa), axis=(1, 2))
        if idx.size == B:
            W, SW = Wn, SWn
        else:
            W[idx], SW[idx] = Wn, SWn
        delta[idx] = d
        iters[idx] = it
        done = d < tol
        bad = ~np.isfinite(d)
        converged[idx[done]] = True
        active[idx[done | bad]] = False
    R = np.matmul(W.transpose(0, 2, 1), SW)
    return Fit(W=W, SW=SW, R=R, converged=converged, iterations=iters, delta=delta)


def _plan(spec: PLSSpec) -> tuple[list[np.ndarray], list[tuple[int, int]], set[tuple[int, int]]]:
    """Indicator blocks, the latent pairs whose correlations the iteration needs
    (adjacent in the inner model, or predecessors of the same latent: the path scheme's
    regressions), and the adjacent pairs among them (``a < b``)."""
    blocks = [np.flatnonzero(spec.mask[:, k]) for k in range(spec.K)]
    adj = {(min(a, b), max(a, b)) for a, b in spec.edges}
    need = set(adj)
    for _, P in spec.groups:
        for row in P:
            for i in range(len(row)):
                for j in range(i + 1, len(row)):
                    a, b = sorted((int(row[i]), int(row[j])))
                    need.add((a, b))
    return blocks, sorted(need), adj


def _matvec(M: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Batched ``M v``: ``(B, p, r) x (B, r) -> (B, p)``."""
    return np.matmul(M, v[:, :, None])[:, :, 0]


def _vecmat(v: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Batched ``M' v``: ``(B, p) x (B, p, r) -> (B, r)``."""
    return np.matmul(v[:, None, :], M)[:, 0, :]


def estimate(S: np.ndarray, spec: PLSSpec, *, scheme: Scheme = "path", W0: np.ndarray | None = None,
             max_iter: int = 300, tol: float = 1e-7) -> Fit:
    """Run Lohmoeller's algorithm on a stack of correlation matrices.

    Mode A's update of latent ``k`` is ``w_k = sum_l e_lk S[J_k, J_l] w_l`` over the latents
    ``l`` adjacent to ``k`` (``J_k``: its indicators), normalised by
    ``sqrt(w_k' S[J_k, J_k] w_k)``; the inner weights need the latent correlations
    ``w_k' S[J_k, J_l] w_l`` of adjacent pairs and (path scheme) of predecessors of a
    common latent. So only those blocks of ``S`` are gathered, once, and each iteration
    is a few batched matrix-vector products per pair: a Python loop over latent PAIRS,
    vectorised over resamples and indicators (the dense ``S W`` of
    :func:`estimate_dense` costs ``q^2 K`` per resample and iteration instead). The full
    ``S W`` (loadings) and ``W' S W`` are formed once at the end.

    Parameters
    ----------
    S
        ``(B, q, q)`` indicator correlation matrices.
    spec
        The model.
    scheme
        Inner weighting scheme.
    W0
        Starting weights ``(q, K)`` or ``(B, q, K)`` (masked); default: 1 for every
        indicator (SmartPLS's default initialisation).
    max_iter, tol
        Iteration cap and the criterion ``max |w_new - w_old| < tol``, applied to each
        resample separately (a converged resample is frozen).
    """
    B, K = S.shape[0], spec.K
    blocks, pairs, adj = _plan(spec)
    mask = spec.mask.astype(float)
    W0f = (np.broadcast_to(mask, (B, *mask.shape)) if W0 is None else
           np.broadcast_to(np.asarray(W0, dtype=float) * mask, (B, *mask.shape)))
    Sd = [S[:, J[:, None], J[None, :]] for J in blocks]
    Sp = [S[:, blocks[a][:, None], blocks[b][None, :]] for a, b in pairs]

    def normalise(Sdc: list[np.ndarray], w: list[np.ndarray]) -> list[np.ndarray]:
        out = []
        for k in range(K):
            var = np.sum(w[k] * _matvec(Sdc[k], w[k]), axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                out.append(w[k] / np.sqrt(var)[:, None])
        return out

    wfull = normalise(Sd, [W0f[:, J, k].copy() for k, J in enumerate(blocks)])
    converged = np.zeros(B, dtype=bool)
    iters = np.zeros(B, dtype=int)
    delta = np.full(B, np.inf)
    active = np.ones(B, dtype=bool)
    eye = np.arange(K)
    # the working set: resamples still iterating; compacted (gathered) when fewer than
    # half of it remain, so a few slow resamples do not keep the whole batch busy
    cur, Sdc, Spc, w = np.arange(B), Sd, Sp, list(wfull)
    nbrs: list[list[int]] = [[] for _ in range(K)]  # adjacent latents, in u's order
    for a, b in pairs:
        if (a, b) in adj:
            nbrs[a].append(b)
            nbrs[b].append(a)
    for it in range(1, max_iter + 1):
        act = active[cur]
        if not np.any(act):
            break
        if act.sum() < 0.5 * cur.size:
            for k in range(K):
                wfull[k][cur] = w[k]
            cur = cur[act]
            Sdc, Spc = [x[cur] for x in Sd], [x[cur] for x in Sp]
            w = [x[cur] for x in wfull]
            act = np.ones(cur.size, dtype=bool)
        R = np.zeros((cur.size, K, K))
        R[:, eye, eye] = 1.0
        u: dict[tuple[int, int], np.ndarray] = {}
        for p, (a, b) in enumerate(pairs):
            ub = _matvec(Spc[p], w[b])  # S[J_a, J_b] w_b
            r = np.sum(w[a] * ub, axis=1)
            R[:, a, b] = r
            R[:, b, a] = r
            if (a, b) in adj:
                u[(a, b)] = ub
                u[(b, a)] = _vecmat(w[a], Spc[p])  # S[J_b, J_a] w_a
        E = inner_weights(R, spec, scheme)
        wn = []
        for k in range(K):
            acc = np.zeros_like(w[k])
            for l in nbrs[k]:
                acc += E[:, l, k][:, None] * u[(k, l)]
            wn.append(_solve(Sdc[k], acc) if spec.is_mode_b(k) else acc)
        wn = normalise(Sdc, wn)
        with np.errstate(invalid="ignore"):
            d = np.max(np.stack([np.max(np.abs(wn[k] - w[k]), axis=1) for k in range(K)]), axis=0)
        for k in range(K):
            w[k] = np.where(act[:, None], wn[k], w[k])
        delta[cur] = np.where(act, d, delta[cur])
        iters[cur[act]] = it
        done = act & (d < tol)
        converged[cur[done]] = True
        active[cur] = act & ~done & np.isfinite(d)
    for k in range(K):
        wfull[k][cur] = w[k]
    w = wfull
    W = np.zeros((B, spec.q, K))
    for k, J in enumerate(blocks):
        W[:, J, k] = w[k]
    SW = np.matmul(S, W)
    R = np.matmul(W.transpose(0, 2, 1), SW)
    return Fit(W=W, SW=SW, R=R, converged=converged, iterations=iters, delta=delta)


def reflect(fit: Fit, reference: np.ndarray) -> np.ndarray:
    """Construct-level sign alignment with reference weights ``(q, K)``.

    A latent whose weight vector points away from the reference (``w_b . w_ref < 0``)
    has its weights, scores, loadings and correlations multiplied by -1. Returns the
    ``(B, K)`` signs applied. Modifies ``fit`` in place.
    """
    dots = np.einsum("bqk,qk->bk", fit.W, reference)
    sign = np.where(dots < 0, -1.0, 1.0)
    fit.W *= sign[:, None, :]
    fit.SW *= sign[:, None, :]
    fit.R *= sign[:, :, None] * sign[:, None, :]
    return sign


def orient(fit: Fit) -> None:
    """Full-sample orientation: each latent's loadings sum to a non-negative value.

    Modifies ``fit`` in place (weights, loadings and latent correlations).
    """
    s = np.sign(np.sum(fit.SW[0] * (fit.W[0] != 0), axis=0))
    s[s == 0] = 1.0
    fit.W *= s[None, None, :]
    fit.SW *= s[None, None, :]
    fit.R *= s[None, :, None] * s[None, None, :]
