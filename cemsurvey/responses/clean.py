"""The clean CSV that ``cemsurvey import`` writes: codes as answered, kept respondents only,
text a spreadsheet would run as a formula made inert (OWASP CSV-injection guidance)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from cemsurvey.fileio import write_atomic
from cemsurvey.injection import FORMULA_START, csv_text
from cemsurvey.responses.csvfast import write_columns


def _neutralised(col: np.ndarray) -> np.ndarray:
    """Text cells a spreadsheet would run as formulas, made inert (OWASP CSV injection);
    numeric columns are returned as they are."""
    if col.dtype.kind != "O":
        return col
    hit = np.array([isinstance(v, str) and v.startswith(FORMULA_START) for v in col], dtype=bool)
    if not hit.any():
        return col
    out = col.copy()
    out[hit] = [csv_text(v) for v in col[hit]]
    return out


def write_clean(result: Any, path: str | Path, *, force: bool = False, inputs: tuple[Any, ...] = ()) -> Path:
    """Write an :class:`~cemsurvey.responses.importer.ImportResult` as clean CSV.

    Columns: ``respondent``, item ids (codes as answered), attention-check ids, then
    background columns; kept respondents only. Whole-number codes are written as
    integers and a missing answer as an empty cell; the file is written in chunks
    (:mod:`~cemsurvey.responses.csvfast`: a million respondents x 112 items in about
    3 s of CPU, where ``DataFrame.to_csv`` took about 70 s) and atomically.
    """
    data = result.data
    att = result.attention
    if not att.index.equals(data.index):
        att = att.loc[data.index]
    bg = result.background
    names = ["respondent", *data.columns, *att.columns, *bg.columns]

    def write(tmp: Path) -> None:
        mat = data.to_numpy(dtype=float)  # the import's item block: a view, not a copy
        cols = [data.index.to_numpy(dtype=object)]
        cols += [mat[:, k] for k in range(mat.shape[1])]
        cols += [att[c].to_numpy() for c in att.columns]
        cols += [bg[c].to_numpy() for c in bg.columns]
        cols = [c if c.dtype.kind in "fO" else c.astype(object) for c in cols]
        cols = [_neutralised(c) for c in cols]
        with open(tmp, "wb") as fh:
            write_columns(fh, names, cols)

    return write_atomic(path, write, force=force, inputs=inputs)
