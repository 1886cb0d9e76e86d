"""The random draws of a group comparison, shared by MICOM, MGA and both at once.

:func:`draw_groups` runs step 1 (:func:`~cemsurvey.psychometrics.pls.groupwise.split_groups`)
and then draws from ONE generator, ``numpy.random.default_rng(seed)``: first the
permutations of every pair of groups (:func:`~cemsurvey.psychometrics.pls.permutation.permute_pair`,
pairs in order), then, when asked, the bootstrap resamples of every group
(:func:`group_bootstraps`, groups in order). :func:`~cemsurvey.psychometrics.pls.micom.micom`,
:func:`~cemsurvey.psychometrics.pls.mga.pls_mga` and
:func:`~cemsurvey.psychometrics.pls.multigroup.compare_pls_groups` all draw through it, so
the same seed gives them the same permutations.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.data import Correlator, correlations
from cemsurvey.psychometrics.pls.engine import Scheme, estimate, reflect, regressions
from cemsurvey.psychometrics.pls.groupwise import (
    GroupedItems,
    check_count,
    check_settings,
    pairs_of,
    split_groups,
)
from cemsurvey.psychometrics.pls.model import PLSSpec
from cemsurvey.psychometrics.pls.permutation import PairDraws, permute_pair


def bootstrap_paths(X: np.ndarray, spec: PLSSpec, edges: list[tuple[int, int]],
                    indices: np.ndarray, *, scheme: Scheme = "path", max_iter: int = 300,
                    tol: float = 1e-7, block_size: int = 250,
                    progress: Callable[[int], None] | None = None) -> np.ndarray:
    """``(B, E)`` path coefficients of bootstrap resamples of one group (NaN where failed).

    ``indices`` ``(B, n)`` are the resamples' row numbers (0-based); each resample is
    estimated from the group's weights and reflected against them.
    """
    fit0 = estimate(correlations(X), spec, scheme=scheme, max_iter=max_iter, tol=tol)
    Wref = fit0.W[0]
    corr = Correlator(X)
    n = X.shape[0]
    ef, et = np.array([a for a, _ in edges], dtype=int), np.array([b for _, b in edges], dtype=int)
    out = np.full((indices.shape[0], len(edges)), np.nan)
    for s in range(0, indices.shape[0], block_size):
        idx = indices[s:s + block_size]
        b = idx.shape[0]
        counts = np.bincount((idx + n * np.arange(b)[:, None]).ravel(),
                             minlength=b * n).reshape(b, n)
        f = estimate(corr(counts), spec, scheme=scheme, W0=Wref, max_iter=max_iter, tol=tol)
        reflect(f, Wref)
        beta, _ = regressions(f.R, spec)
        out[s:s + b] = np.where(f.ok[:, None], beta[:, ef, et], np.nan)
        if progress is not None:
            progress(b)
    return out


def structural_positions(gi: GroupedItems) -> list[int]:
    """Positions in ``spec.edges`` of the structural paths (not HOC -> construct arrows)."""
    names = gi.spec.latents
    return [i for i, (a, b) in enumerate(gi.spec.edges)
            if not gi.model.is_hoc_arrow(names[a], names[b])]


def group_bootstraps(gi: GroupedItems, codes: list[Hashable], bootstrap: int,
                     rng: np.random.Generator, *, scheme: Scheme, max_iter: int, tol: float,
                     block_size: int, progress: Callable[[int], None] | None,
                     warn: list[str]) -> dict[Hashable, np.ndarray]:
    """``(J_g, E)`` converged bootstrap path coefficients of every group (structural paths)."""
    edges = [gi.spec.edges[i] for i in structural_positions(gi)]
    out = {}
    for c in codes:
        X = gi.X[gi.rows(c)]
        idx = rng.integers(0, X.shape[0], size=(bootstrap, X.shape[0]))
        v = bootstrap_paths(X, gi.spec, edges, idx, scheme=scheme, max_iter=max_iter, tol=tol,
                            block_size=block_size, progress=progress)
        out[c] = v[np.all(np.isfinite(v), axis=1)]
        if out[c].shape[0] < bootstrap:
            warn.append(f"group {gi.labels[c]}: {bootstrap - out[c].shape[0]} of {bootstrap} "
                        "bootstrap resamples did not converge and were left out")
    return out


def draw_groups(data: pd.DataFrame, ins: Instrument, groups: pd.Series, *,
                labels: Mapping[Hashable, str] | None, permutations: int,
                bootstrap: int | None, seed: int | None, alpha: float, scheme: Scheme,
                higher_order: str, max_iter: int, tol: float, block_size: int,
                progress: Callable[[int], None] | None
                ) -> tuple[GroupedItems, list[PairDraws], dict[Hashable, np.ndarray], list[str]]:
    """Step 1, every pair's permutations and (``bootstrap`` not None) every group's resamples.

    Checks the counts and settings, then splits the groups and draws (see the module
    docstring for the order of the draws). Returns the grouped items, the pairs'
    :class:`~cemsurvey.psychometrics.pls.permutation.PairDraws`, the groups' bootstrap
    path coefficients (empty without ``bootstrap``) and the warnings so far (a list the
    results add to).

    Raises
    ------
    DataError, SpecError, EstimationError
        Bad responses, groups, model or options.
    """
    check_count("permutations", permutations)
    if bootstrap is not None:
        check_count("bootstrap", bootstrap)
    check_settings(alpha, scheme, higher_order)
    with blas_threads(1):
        gi = split_groups(data, ins, groups, labels=labels, higher_order=higher_order,
                          scheme=scheme, max_iter=max_iter, tol=tol)
        warn = list(gi.warnings)
        rng = np.random.default_rng(seed)
        opts = {"scheme": scheme, "max_iter": max_iter, "tol": tol, "block_size": block_size,
                "progress": progress}
        draws = [permute_pair(gi, a, b, permutations, rng, **opts)
                 for a, b in pairs_of(gi.usable())]
        boots = ({} if bootstrap is None else
                 group_bootstraps(gi, gi.usable(), bootstrap, rng, warn=warn, **opts))
    return gi, draws, boots, warn
