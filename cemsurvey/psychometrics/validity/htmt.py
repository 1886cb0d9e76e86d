"""Heterotrait-monotrait ratios HTMT and HTMT2 and their percentile bootstrap intervals.

HTMT (Henseler, Ringle & Sarstedt 2015): mean heterotrait-heteromethod correlation over the
geometric mean of the two mean monotrait-heteromethod correlations; HTMT2 (Roemer,
Schuberth & Henseler 2021) uses geometric instead of arithmetic means. Computed from the
item correlation matrix after reverse-keyed items are recoded, with absolute correlations
(semTools ``htmt(absolute = TRUE)``; HTMT2 always uses absolute values).

Verified against semTools 0.5-6 ``htmt`` (``tests/reference/validity_reference.R``):
Holzinger-Swineford, bfi (reverse-keyed items recoded) and sim28, at 1e-6 relative.

References
----------
Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). J. Acad. Marketing Science, 43(1), 115-135.
Roemer, E., Schuberth, F., & Henseler, J. (2021). Industrial Management & Data Systems,
121(12), 2637-2650.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, EstimationError


def _block_matrix(items: Sequence[str], blocks: Mapping[str, Sequence[str]]) -> np.ndarray:
    pos = {it: i for i, it in enumerate(items)}
    a = np.zeros((len(items), len(blocks)))
    for k, ids in enumerate(blocks.values()):
        for it in ids:
            a[pos[it], k] = 1.0
    return a


def _htmt_from_corr(
    r: np.ndarray, a: np.ndarray, *, geometric: bool, absolute: bool
) -> np.ndarray:
    """HTMT for one or a stack (``r`` of shape (..., p, p)) of correlation matrices."""
    r = np.abs(r) if (absolute or geometric) else np.array(r, dtype=float, copy=True)
    p = r.shape[-1]
    eye = np.eye(p, dtype=bool)
    zeros = None
    if geometric:
        # an exact zero correlation makes a block's geometric mean 0; -inf * 0 in the
        # block matmul would give NaN, so zeros are counted apart and logs taken of the rest
        is_zero = (r == 0) & ~eye
        if is_zero.any():
            zeros = a.T @ is_zero.astype(float) @ a
        with np.errstate(divide="ignore"):
            r = np.log(np.where(is_zero, 1.0, r))
    r = np.where(eye, 0.0, r)
    sums = a.T @ r @ a  # batched BLAS matmul (einsum would not use BLAS here)
    m = a.sum(axis=0)
    counts = np.outer(m, m) - np.diag(m)  # within-block pairs exclude the diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    if geometric:
        means = np.exp(means)
        if zeros is not None:
            means = np.where(zeros > 0, 0.0, means)
    within = np.diagonal(means, axis1=-2, axis2=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = means / np.sqrt(within[..., :, None] * within[..., None, :])
    k = a.shape[1]
    idx = np.arange(k)
    out[..., idx, idx] = 1.0
    return out


def htmt_matrix(
    corr: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    *,
    geometric: bool = False,
    absolute: bool = True,
) -> pd.DataFrame:
    """HTMT (or HTMT2 with ``geometric=True``) from an item correlation matrix.

    Parameters
    ----------
    corr
        Item correlation matrix labelled by item ids (reverse-keyed items recoded).
    blocks
        Construct id -> its item ids.
    geometric
        HTMT2 (Roemer et al. 2021): geometric means of the absolute correlations.
    absolute
        Use absolute correlations (semTools' default); HTMT2 always does.

    Notes
    -----
    :math:`HTMT_{ij} = \\bar r_{ij} / \\sqrt{\\bar r_{ii}\\,\\bar r_{jj}}` where
    :math:`\\bar r_{ij}` is the mean correlation between items of i and items of j and
    :math:`\\bar r_{ii}` the mean correlation among distinct items of i. Verified against
    semTools::htmt. A single-item construct has no within-construct correlation; its row
    is NaN.

    Examples
    --------
    >>> r = pd.DataFrame(np.array([[1, .6, .3, .3], [.6, 1, .3, .3], [.3, .3, 1, .6],
    ...                            [.3, .3, .6, 1]]), index=list("abcd"), columns=list("abcd"))
    >>> float(htmt_matrix(r, {"X": ["a", "b"], "Y": ["c", "d"]}).loc["X", "Y"])
    0.5
    """
    items = [it for ids in blocks.values() for it in ids]
    missing = [it for it in items if it not in corr.index]
    if missing:
        raise DataError(f"items not in the correlation matrix: {', '.join(missing[:5])}")
    r = corr.loc[items, items].to_numpy(dtype=float)
    out = _htmt_from_corr(r, _block_matrix(items, blocks), geometric=geometric,
                          absolute=absolute)
    names = list(blocks)
    return pd.DataFrame(out, index=names, columns=names)


@dataclass(frozen=True)
class HTMTBootstrap:
    """Percentile bootstrap confidence limits of HTMT and HTMT2.

    Attributes
    ----------
    htmt_lower, htmt_upper, htmt2_lower, htmt2_upper
        Constructs x constructs limits.
    n_boot
        Replicates requested; ``n_failed`` could not be computed (e.g. an item without
        variance in the resample) and are left out.
    level
        Two-sided confidence level.
    seed
        Seed of :func:`numpy.random.default_rng`.
    """

    htmt_lower: pd.DataFrame
    htmt_upper: pd.DataFrame
    htmt2_lower: pd.DataFrame
    htmt2_upper: pd.DataFrame
    n_boot: int
    n_failed: int
    level: float
    seed: int | None


def _corr_stack(x: np.ndarray) -> np.ndarray:
    """Correlation matrices of a stack of samples, shape (b, n, p) -> (b, p, p)."""
    xc = x - x.mean(axis=1, keepdims=True)
    cov = np.matmul(xc.transpose(0, 2, 1), xc)
    d = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (d[:, :, None] * d[:, None, :])


def htmt_bootstrap(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    n_boot: int,
    *,
    seed: int | None = None,
    level: float = 0.95,
    absolute: bool = True,
    progress: Callable[[int], None] | None = None,
    batch: int | None = None,
) -> HTMTBootstrap:
    """Percentile bootstrap CIs of HTMT and HTMT2 (rows resampled with replacement).

    Vectorised: replicates are drawn in batches and their correlation matrices and
    block means computed as array operations. ``data`` must be complete (listwise) and
    reverse-keyed. ``progress(k)`` is called after each batch with its size.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(200, 2))
    >>> x = np.repeat(f, 2, axis=1) + rng.normal(size=(200, 4))
    >>> d = pd.DataFrame(x, columns=list("abcd"))
    >>> ci = htmt_bootstrap(d, {"X": ["a", "b"], "Y": ["c", "d"]}, 200, seed=7)
    >>> bool(ci.htmt_upper.loc["X", "Y"] < 1)
    True
    """
    if n_boot < 1:
        raise EstimationError(f"HTMT bootstrap intervals need at least 1 resample, got {n_boot}; "
                              "request 1 or more resamples, or no bootstrap intervals")
    if not 0 < level < 1:
        raise EstimationError(f"confidence level must be in (0, 1), got {level}")
    items = [it for ids in blocks.values() for it in ids]
    x = data[items].to_numpy(dtype=float)
    if np.isnan(x).any():
        raise DataError("htmt_bootstrap needs complete data; drop incomplete rows first")
    n, p = x.shape
    a = _block_matrix(items, blocks)
    rng = np.random.default_rng(seed)
    if batch is None:
        batch = max(1, min(n_boot, int(2e7 // max(n * p, 1))))
    k = len(blocks)
    h1 = np.empty((n_boot, k, k))
    h2 = np.empty((n_boot, k, k))
    done = 0
    while done < n_boot:
        b = min(batch, n_boot - done)
        idx = rng.integers(0, n, size=(b, n))
        r = _corr_stack(x[idx])
        h1[done:done + b] = _htmt_from_corr(r, a, geometric=False, absolute=absolute)
        h2[done:done + b] = _htmt_from_corr(r, a, geometric=True, absolute=True)
        done += b
        if progress is not None:
            progress(b)
    bad = ~np.isfinite(h1).all(axis=(1, 2)) | ~np.isfinite(h2).all(axis=(1, 2))
    n_failed = int(bad.sum())
    if n_failed == n_boot:
        raise EstimationError(
            "every bootstrap replicate failed (items without variance in the resamples); "
            "check the items' variances"
        )
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    lo1, hi1 = np.percentile(h1[~bad], q, axis=0)
    lo2, hi2 = np.percentile(h2[~bad], q, axis=0)
    names = list(blocks)

    def frame(m: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(m, index=names, columns=names)

    return HTMTBootstrap(frame(lo1), frame(hi1), frame(lo2), frame(hi2), n_boot, n_failed,
                         level, seed)
