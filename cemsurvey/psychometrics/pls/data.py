"""The data a PLS model runs on: the item matrix and (weighted) indicator correlations.

Standardized indicators make Lohmoeller's algorithm a function of the indicator correlation
matrix alone, so every resample (bootstrap counts, jackknife deletion, blindfolding round) is
a correlation matrix computed here, many at a time (:class:`Correlator`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.scores import reverse_keyed


def prepare_items(data: pd.DataFrame, ins: Instrument, items: list[str]
                  ) -> tuple[np.ndarray, pd.Index, list[str]]:
    """Item matrix with reverse-keyed items recoded and incomplete rows removed.

    Reverse-keyed items are recoded ``(low + high) - code`` by
    :func:`~cemsurvey.psychometrics.scores.reverse_keyed`. Returns
    ``(X, kept_index, warnings)``.

    Raises
    ------
    DataError
        Missing or non-numeric item columns, constant items.
    EstimationError
        Fewer than 10 complete respondents.
    """
    msgs: list[str] = []
    if not isinstance(data, pd.DataFrame):
        raise DataError("PLS needs a DataFrame of responses (respondents x item ids)")
    missing_cols = [c for c in items if c not in data.columns]
    if missing_cols:
        raise DataError(f"responses have no column '{missing_cols[0]}' (item of construct "
                        f"{ins.construct_of_item.get(missing_cols[0], '?')}); "
                        f"{len(missing_cols)} item column(s) missing; import the responses "
                        "with the instrument so columns are named by item id")
    frame = data[items].copy()
    for c in items:
        if not pd.api.types.is_numeric_dtype(frame[c]):
            num = pd.to_numeric(frame[c], errors="coerce")
            bad = frame[c][num.isna() & frame[c].notna()]
            if len(bad):
                raise DataError(f"column '{c}' row '{bad.index[0]}': value {bad.iloc[0]!r} is not "
                                "a numeric code; recode answers to numbers")
            frame[c] = num
    frame = reverse_keyed(frame.astype(float), ins, strict=False)
    complete = frame.notna().all(axis=1)
    dropped = int((~complete).sum())
    if dropped:
        msgs.append(f"{dropped} respondent(s) with missing answers were removed (listwise "
                    "deletion); impute or screen the data first to keep them")
    frame = frame[complete]
    X = frame.to_numpy()
    if X.shape[0] < 10:
        raise EstimationError(f"PLS needs at least 10 complete respondents, got {X.shape[0]}")
    sd = X.std(axis=0, ddof=1)
    const = [c for c, s in zip(items, sd, strict=True) if not s > 0]
    if const:
        raise DataError(f"item '{const[0]}' has the same answer for every respondent (no "
                        "variance); remove it from the instrument or check the data")
    return X, frame.index, msgs


def standardize(X: np.ndarray) -> np.ndarray:
    """Columns centred and scaled to unit sample standard deviation (``ddof = 1``)."""
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)


class Correlator:
    """Weighted correlation matrices of the rows of one data matrix, many weightings.

    With frequencies ``c`` (total ``N``) the weighted covariance is
    ``C = sum_i c_i x_i x_i' / N - m m'`` (``m = sum_i c_i x_i / N``). ``X`` is first
    centred and scaled by the full sample so the difference loses no precision; the
    cross products ``vec(x_i x_i')`` are formed once (``n x q^2``) and every batch of
    resamples gets its moments from ONE matrix product ``counts @ Z`` (a single large
    BLAS call instead of a loop or a 3-D array per resample).

    Parameters
    ----------
    X
        ``(n, q)`` data.
    """

    def __init__(self, X: np.ndarray) -> None:
        X = np.asarray(X, dtype=float)
        self.n, self.q = X.shape
        sd = X.std(axis=0)
        sd = np.where(sd > 0, sd, 1.0)
        self.Xs = (X - X.mean(axis=0)) / sd
        self.Z = (self.Xs[:, :, None] * self.Xs[:, None, :]).reshape(self.n, self.q * self.q)

    def __call__(self, counts: np.ndarray | None = None) -> np.ndarray:
        """``(B, q, q)`` correlations for ``(B, n)`` frequencies (``None``: the sample)."""
        n, q = self.n, self.q
        if counts is None:
            counts = np.ones((1, n))
        counts = np.asarray(counts, dtype=float)
        tot = counts.sum(axis=1)  # (B,)
        mean = counts @ self.Xs / tot[:, None]  # (B, q)
        C = (counts @ self.Z).reshape(-1, q, q) / tot[:, None, None]
        C -= mean[:, :, None] * mean[:, None, :]
        d = np.sqrt(np.maximum(np.einsum("bii->bi", C), 0.0))
        ok = d > 1e-12
        with np.errstate(invalid="ignore", divide="ignore"):
            inv = np.where(ok, 1.0 / d, np.nan)
        C *= inv[:, :, None]
        C *= inv[:, None, :]
        np.clip(C, -1.0, 1.0, out=C)
        idx = np.arange(q)
        C[:, idx, idx] = np.where(ok, 1.0, np.nan)
        return C


def correlations(X: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Correlation matrices of the rows of ``X`` weighted by ``counts`` (:class:`Correlator`).

    Parameters
    ----------
    X
        ``(n, q)`` data.
    counts
        ``(B, n)`` non-negative frequencies (a bootstrap resample is a count vector
        summing to ``n``; a jackknife replicate has one zero). ``None``: the sample
        itself (``B = 1``).

    Returns
    -------
    ndarray
        ``(B, q, q)``; NaN rows/columns for an indicator without variance.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]])
    >>> bool(np.isclose(correlations(X)[0, 0, 1], np.corrcoef(X.T)[0, 1]))
    True
    >>> c = np.array([[2, 0, 1, 1]])
    >>> bool(np.isclose(correlations(X, c)[0, 0, 1], np.corrcoef(np.repeat(X, c[0], axis=0).T)[0, 1]))
    True
    """
    if counts is None:  # one sample: no n x q^2 cross-product table needed
        X = np.asarray(X, dtype=float)
        sd = X.std(axis=0)
        ok = sd > 1e-12 * np.maximum(1.0, np.abs(X).max(axis=0))
        Xs = (X - X.mean(axis=0)) / np.where(ok, sd, 1.0)
        S = (Xs.T @ Xs / X.shape[0])[None]
        S[:, ~ok, :] = np.nan
        S[:, :, ~ok] = np.nan
        np.clip(S, -1.0, 1.0, out=S)
        idx = np.arange(X.shape[1])
        S[0, idx, idx] = np.where(ok, 1.0, np.nan)
        return S
    return Correlator(X)(counts)
