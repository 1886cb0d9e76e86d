"""Answers to codes: one lookup per distinct value of a column (never per cell).

Numbers (ASCII, Persian or Arabic-Indic digits), ``"4 - Agree"`` and ``"Agree (4)"`` forms,
or a point label of the item's scale in any language, compared after
:func:`~cemsurvey.responses.normalize.norm_text`; multiple-choice answers in one column
(``"1 3"``, ``"a, b"``) or one column per option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.responses.normalize import ascii_digits, norm_text
from cemsurvey.responses.targets import Target

INVALID = -1e300  # sentinel for "maps to nothing" inside code arrays
_NUM_PREFIX = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:[-–—:.)=]|\s)\s*\S")
_NUM_SUFFIX = re.compile(r"\(\s*([+-]?\d+(?:\.\d+)?)\s*\)\s*$")
_SPLIT = re.compile(r"\s*[;,،]\s*|\s+")


def code_of(value: Any, t: Target) -> float:
    """Code of one distinct answer (NaN = missing, INVALID = maps to nothing)."""
    if value is None:
        return np.nan
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        v = float(value)
        return v
    s = ascii_digits(str(value)).strip()
    if not s:
        return np.nan
    try:
        return float(s)
    except ValueError:
        pass
    lab = t.labels.get(norm_text(s))
    if lab is not None:
        return lab
    m = _NUM_PREFIX.match(s) or _NUM_SUFFIX.search(s)
    if m:
        return float(m.group(1))
    return INVALID


def _valid(codes: np.ndarray, t: Target) -> np.ndarray:
    """True where a non-missing code is acceptable for ``t``."""
    if t.qtype in ("likert", "single"):
        return np.isin(codes, np.asarray(t.codes, dtype=float))
    ok = codes != INVALID
    if t.low is not None:
        ok &= codes >= t.low
    if t.high is not None:
        ok &= codes <= t.high
    return ok


@dataclass
class Coded:
    """Codes of one column and where its invalid cells are."""

    codes: np.ndarray
    bad_rows: np.ndarray  # positions of invalid cells
    bad_values: list[Any]


def code_column(series: pd.Series, t: Target,
                factorized: tuple[np.ndarray, Any] | None = None) -> Coded:
    """Turn one column of answers into float codes, one lookup per distinct value.

    ``factorized`` is ``pd.factorize(series)`` when the caller already has it.
    """
    if series.dtype.kind in "fiu":
        codes = series.to_numpy(dtype=float)
        raw_vals = None
    else:
        if factorized is None:
            factorized = pd.factorize(series, use_na_sentinel=True)
        inverse, uniques = factorized
        mapped = np.array([code_of(u, t) for u in uniques] + [np.nan], dtype=float)
        codes = mapped[inverse]  # -1 -> last entry (NaN)
        raw_vals = (inverse, uniques)
    present = ~np.isnan(codes)
    bad = present & ~_valid(codes, t)
    rows = np.flatnonzero(bad)
    values: list[Any] = []
    if rows.size:
        if raw_vals is None:
            values = [series.iloc[r] for r in rows[:1]]
        else:
            values = [raw_vals[1][raw_vals[0][r]] for r in rows[:1]]
    return Coded(codes, rows, values)


def code_multiple(series: pd.Series, t: Target) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Split a one-column multiple-choice answer (``"1 3"``, ``"a, b"``) into 0/1 columns.

    Returns (matrix n x options, bad row positions, first bad value).
    """
    inverse, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    codes = list(t.codes)
    rows_of_unique = np.full((len(uniques) + 1, len(codes)), 0.0)
    rows_of_unique[-1, :] = np.nan
    bad_u: set[int] = set()
    for ui, u in enumerate(uniques):
        s = ascii_digits(str(u)).strip()
        whole = t.labels.get(norm_text(s))
        if whole is not None:
            rows_of_unique[ui, codes.index(whole)] = 1
            continue
        toks = [x for x in re.split(r"\s*[;,،]\s*", s) if x] if re.search(r"[;,،]", s) else _SPLIT.split(s)
        for tok in toks:
            c = code_of(tok, t)
            if c in codes:
                rows_of_unique[ui, codes.index(c)] = 1
            else:
                bad_u.add(ui)
    mat = rows_of_unique[inverse]
    bad = np.flatnonzero(np.isin(inverse, list(bad_u))) if bad_u else np.array([], dtype=int)
    vals = [uniques[inverse[bad[0]]]] if bad.size else []
    return mat, bad, vals


def option_flag(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """0/1 of a one-column-per-option export: 1/Y/yes/the label = chosen; 0/N/blank = not.

    Returns (flags, positions of unreadable cells).
    """
    inverse, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    vals = np.zeros(len(uniques) + 1)
    for ui, u in enumerate(uniques):
        s = norm_text(ascii_digits(str(u)))
        if s in ("0", "0.0", "n", "no", "false", "خیر", ""):
            vals[ui] = 0
        else:
            vals[ui] = 1
    return vals[inverse], np.array([], dtype=int)
