"""Item matrices: covariances and correlations (listwise/pairwise), SMC, singular matrices.

KMO and Bartlett's test live in :mod:`cemsurvey.psychometrics.efa.diagnostics`.
Verified against R (tests/reference/psych_reference.R): ``pairwise_cov`` against R's
``cov(x, use = "pairwise")`` (through ``psych::alpha``); ``smc`` through the parallel
analysis and EFA comparisons with ``psych::fa.parallel`` and ``psych::fa``.

References
----------
Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
Research (version 2.2.9). R package (``smc``, ``Pinv``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, EstimationError, SingularMatrixWarning

Missing = Literal["listwise", "pairwise"]

__all__ = [
    "ItemMatrix",
    "as_corr",
    "cov_to_corr",
    "duplicate_pairs",
    "inverse",
    "item_matrix",
    "labelled",
    "pairwise_cov",
    "smc",
]


@dataclass(frozen=True)
class ItemMatrix:
    """Covariance and correlation matrices of items under a missing-data policy.

    Attributes
    ----------
    cov, corr
        Item x item DataFrames (sample covariance with ``n - 1`` denominator).
    n
        Effective sample size: complete rows (listwise) or the smallest pairwise count
        (pairwise).
    n_rows
        Respondents in the data before removing incomplete rows.
    missing
        ``"listwise"`` or ``"pairwise"``.
    data
        The numeric item data actually used (listwise: complete rows only).
    pair_counts
        Item x item counts of complete pairs.
    """

    cov: pd.DataFrame
    corr: pd.DataFrame
    n: int
    n_rows: int
    missing: str
    data: pd.DataFrame
    pair_counts: pd.DataFrame
    warnings: tuple[str, ...] = field(default=())


def _numeric_items(data: pd.DataFrame, items: list[str] | None) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"expected a data frame of item responses, got {type(data).__name__}")
    items = list(data.columns) if items is None else list(items)
    absent = [c for c in items if c not in data.columns]
    if absent:
        raise DataError(
            f"item column(s) {', '.join(map(str, absent[:5]))} missing from the data; "
            "check the column names against the model's item ids"
        )
    out = data[items]
    try:
        out = out.apply(pd.to_numeric, errors="raise").astype(float)
    except (ValueError, TypeError):
        for c in items:
            bad = pd.to_numeric(data[c], errors="coerce").isna() & data[c].notna()
            if bad.any():
                row = bad.idxmax()
                raise DataError(
                    f"column '{c}', respondent {row}: value {data.loc[row, c]!r} is not a number; "
                    "map answer labels to codes first (cemsurvey import)"
                ) from None
        raise
    return out


def pairwise_cov(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise-complete covariances of ``x`` (rows x items, NaN = missing).

    For each pair the means are taken over the rows where both items are present, as R's
    ``cov(x, use = "pairwise")``. Works on a stack of data sets (``... x n x p``) at once.

    Returns
    -------
    cov, counts
        ``... x p x p`` arrays.

    Examples
    --------
    >>> x = np.array([[1., 2.], [2., np.nan], [3., 5.], [4., 4.]])
    >>> c, n = pairwise_cov(x)
    >>> float(round(c[0, 1], 6)), int(n[0, 1])
    (1.833333, 3)
    """
    m = ~np.isnan(x)
    xz = np.where(m, x, 0.0)
    mf = m.astype(float)
    sw = np.swapaxes
    n = sw(mf, -1, -2) @ mf
    sxy = sw(xz, -1, -2) @ xz
    sx = sw(xz, -1, -2) @ mf  # [i, j]: sum of x_i over rows where j present (and i present)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (sxy - sx * sw(sx, -1, -2) / n) / (n - 1)
    cov[n < 2] = np.nan
    return cov, n


def cov_to_corr(cov: np.ndarray) -> np.ndarray:
    """Correlation matrix from a covariance matrix (R's ``cov2cor``)."""
    d = np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cov / (d[..., :, None] * d[..., None, :])
    idx = np.arange(cov.shape[-1])
    r[..., idx, idx] = 1.0
    return r


def item_matrix(
    data: pd.DataFrame, items: list[str] | None = None, *, missing: Missing = "listwise",
    min_n: int = 3,
) -> ItemMatrix:
    """Covariance/correlation of ``items`` under ``missing`` = listwise or pairwise.

    Raises
    ------
    DataError
        Unknown columns, non-numeric values, an item with every answer missing, an item
        with no variance (constant), or too few respondents.
    """
    if missing not in ("listwise", "pairwise"):
        raise DataError(f"missing must be 'listwise' or 'pairwise', got {missing!r}")
    x = _numeric_items(data, items)
    n_rows = len(x)
    all_na = [c for c in x.columns if x[c].isna().all()]
    if all_na:
        raise DataError(
            f"item '{all_na[0]}' has no answers at all (every value missing); "
            "drop it from the model or check the column mapping"
        )
    if missing == "listwise":
        x = x.dropna(how="any")
    if len(x) < min_n:
        raise DataError(
            f"only {len(x)} complete respondent(s) for {x.shape[1]} items under {missing} deletion; "
            "collect more data or use pairwise deletion of missing answers"
        )
    arr = x.to_numpy()
    if missing == "listwise":
        cov = np.cov(arr, rowvar=False, ddof=1).reshape(arr.shape[1], arr.shape[1])
        counts = np.full(cov.shape, float(len(arr)))
        n = len(arr)
    else:
        cov, counts = pairwise_cov(arr)
        if np.isnan(cov).any():
            i, j = np.argwhere(np.isnan(cov))[0]
            raise DataError(
                f"items '{x.columns[i]}' and '{x.columns[j]}' have fewer than 2 respondents "
                "answering both; pairwise correlations are impossible — use fewer items"
            )
        n = int(counts.min())
    var = np.diag(cov)
    const = [x.columns[i] for i in np.flatnonzero(~(var > 1e-12 * max(1.0, float(np.nanmax(var)))))]
    if const:
        vals = x[const[0]].dropna().unique()
        raise DataError(
            f"item '{const[0]}' is constant (every answer is {vals[0]:g}); it has no variance, "
            "so correlations are undefined — drop it from the analysis"
        )
    corr = cov_to_corr(cov)
    msgs: list[str] = []
    if missing == "pairwise":
        ev = np.linalg.eigvalsh(corr)
        if ev[0] < 0:
            msg = (f"pairwise correlation matrix is not positive definite (smallest eigenvalue "
                   f"{ev[0]:.3g}); results may be unstable — consider listwise deletion")
            warnings.warn(SingularMatrixWarning(msg), stacklevel=2)
            msgs.append(msg)
    cols = list(x.columns)
    return ItemMatrix(
        cov=pd.DataFrame(cov, index=cols, columns=cols),
        corr=pd.DataFrame(corr, index=cols, columns=cols),
        n=int(n), n_rows=n_rows, missing=missing, data=x,
        pair_counts=pd.DataFrame(counts, index=cols, columns=cols).astype(int),
        warnings=tuple(msgs),
    )


def as_corr(corr: np.ndarray | pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """A finite square correlation matrix and its item names (``V1..Vp`` for an array)."""
    if isinstance(corr, pd.DataFrame):
        names = [str(c) for c in corr.columns]
        r = corr.to_numpy(dtype=float)
    else:
        r = np.asarray(corr, dtype=float)
        names = [f"V{i + 1}" for i in range(r.shape[-1])]
    if r.ndim != 2 or r.shape[0] != r.shape[1]:
        raise EstimationError(f"expected a square correlation matrix, got shape {r.shape}")
    if not np.all(np.isfinite(r)):
        raise EstimationError("the correlation matrix contains missing/infinite values; "
                              "check for constant or empty items")
    return cov_to_corr(r), names


def labelled(r: np.ndarray, names: list[str] | None) -> np.ndarray | pd.DataFrame:
    """``r`` as an item x item DataFrame when ``names`` are given (so a singular-matrix
    warning can name the items), else ``r`` itself."""
    return r if names is None else pd.DataFrame(r, index=names, columns=names)


def duplicate_pairs(r: np.ndarray, names: list[str], tol: float = 1e-8) -> list[str]:
    """Item pairs whose correlation is +-1 (one is a copy or a reversal of the other).

    >>> duplicate_pairs(np.array([[1, 1, .2], [1, 1, .2], [.2, .2, 1]]), ["a", "b", "c"])
    ['a and b (r = 1.000)']
    """
    i, j = np.nonzero(np.triu(np.abs(r) >= 1.0 - tol, k=1))
    return [f"{names[a]} and {names[b]} (r = {r[a, b]:.3f})" for a, b in zip(i, j)]


def inverse(r: np.ndarray, what: str, names: list[str] | None = None) -> np.ndarray:
    """Inverse, or the Moore-Penrose pseudo-inverse with a warning when singular (psych's Pinv)."""
    ev = np.linalg.eigvalsh(r)
    if ev[0] <= 1e-12 * ev[-1]:
        pairs = duplicate_pairs(r, names or [f"V{k + 1}" for k in range(r.shape[0])])
        cause = (f"items {', '.join(pairs[:3])} are perfectly correlated; drop one of each pair"
                 if pairs else "look for duplicated or linearly dependent items, or fewer "
                 "respondents than items")
        warnings.warn(SingularMatrixWarning(
            f"{what}: the correlation matrix is singular (smallest eigenvalue {ev[0]:.3g}); "
            f"a pseudo-inverse is used. {cause[0].upper()}{cause[1:]}"), stacklevel=3)
        return np.linalg.pinv(r, hermitian=True)
    return np.linalg.inv(r)


def smc(corr: np.ndarray | pd.DataFrame) -> np.ndarray:
    """Squared multiple correlations ``1 - 1/diag(R^-1)``, clipped to [0, 1] (``psych::smc``).

    Works on a stack of matrices (``... x p x p``) without the singularity check.

    >>> r = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> np.round(smc(r), 4).tolist()
    [0.3187, 0.2619, 0.1733]
    """
    if isinstance(corr, pd.DataFrame) or np.ndim(corr) == 2:
        r, names = as_corr(corr)
        inv = inverse(r, "SMC", names)
    else:
        stack = np.asarray(corr, dtype=float)
        try:
            inv = np.linalg.inv(stack)
        except np.linalg.LinAlgError:  # a singular matrix in the stack (n < items): pseudo-inverse
            inv = np.linalg.pinv(stack, hermitian=True)
    with np.errstate(divide="ignore"):
        out = 1.0 - 1.0 / np.diagonal(inv, axis1=-2, axis2=-1)
    return np.clip(out, 0.0, 1.0)
