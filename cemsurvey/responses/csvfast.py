"""Writing a table of answer codes as CSV fast: integer codes as integers, in chunks.

``DataFrame.to_csv`` formats every float cell with a Python call and builds the whole
file as one string: for a million respondents x 112 items that is about 70 s of CPU
and a 250 MB string on top of the data. :func:`write_csv` writes the same text chunk
by chunk, assembling each chunk's bytes with numpy:

* a float column whose values are all whole numbers (answer codes, 0/1 flags, counts)
  is written as integers (``4``, not ``4.0``), each distinct value formatted once;
* any other float column with ``%.10g`` (what ``to_csv(float_format="%.10g")`` wrote);
* text columns as text, quoted only when they contain a comma, a double quote or a line
  break (doubling inner quotes), as :mod:`csv` does with ``QUOTE_MINIMAL``; a bare
  carriage return is quoted too (Python 3.11's :mod:`csv` leaves it bare with a ``\\n``
  line terminator, and CSV readers then break the row there);
* a missing value (NaN, ``None``) is an empty cell.

The result is byte for byte what ``frame.to_csv(index=False, lineterminator="\\n",
float_format="%.10g")`` writes for such a frame, that carriage return aside
(``tests/responses/test_csvfast.py`` checks it on codes, gaps, negative and fractional
numbers and awkward text).
"""

from __future__ import annotations

import csv
import io
from typing import IO, Any

import numpy as np
import pandas as pd

#: Rows formatted at a time: 50,000 rows x 120 columns keep the temporaries near 50 MB.
CHUNK_ROWS = 50_000
#: Whole-number columns spanning at most this many values use a table of formatted
#: values; wider ones (rare: ids stored as numbers) are formatted cell by cell.
_TABLE_SPAN = 100_000
_COMMA, _NEWLINE = ord(","), ord("\n")


def _quote(text: str) -> str:
    '''One CSV cell as ``csv.QUOTE_MINIMAL`` writes it.

    >>> _quote('plain'), _quote('a, b'), _quote('say "hi"')
    ('plain', '"a, b"', '"say ""hi"""')
    '''
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _from_strings(cells: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(rows x width uint8 matrix, byte lengths) of short encoded cells (number tokens)."""
    lengths = np.fromiter((len(c) for c in cells), dtype=np.int64, count=len(cells))
    width = int(lengths.max()) if len(cells) else 0
    if width == 0:
        return np.zeros((len(cells), 0), dtype=np.uint8), lengths
    mat = np.frombuffer(b"".join(c.ljust(width, b"\0") for c in cells), dtype=np.uint8)
    return mat.reshape(len(cells), width), lengths


def _text_column(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(all cells' bytes end to end, byte lengths): a text column of any cell lengths."""
    cells = [b"" if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)
             else _quote(str(v)).encode("utf-8") for v in values]
    lengths = np.fromiter((len(c) for c in cells), dtype=np.int64, count=len(cells))
    return np.frombuffer(b"".join(cells), dtype=np.uint8), lengths


def _float_column(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bytes of a float column as ``"%.10g"`` writes it; missing as empty.

    Whole numbers below 1e10 (where ``%.10g`` writes all their digits) are looked up in a
    table of formatted values, one ``str`` call per distinct value instead of per cell.
    """
    finite = np.isfinite(values)
    present = values[finite]
    whole = (not np.isinf(values).any() and bool(np.all(present == np.round(present)))
             and (present.size == 0 or np.abs(present).max() < 1e10)
             and not np.signbit(present[present == 0]).any())
    if whole and present.size and present.max() - present.min() <= _TABLE_SPAN:
        lo, hi = int(present.min()), int(present.max())
        # slot 0 is the empty cell
        table_mat, table_len = _from_strings([b""] + [str(v).encode() for v in range(lo, hi + 1)])
        idx = np.zeros(len(values), dtype=np.int64)
        idx[finite] = present.astype(np.int64) - lo + 1
        return table_mat[idx], table_len[idx]
    return _from_strings([b"" if np.isnan(v) else (b"%.10g" % v) for v in values])


def _column_bytes(col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if col.dtype.kind == "f":
        return _float_column(col.astype(float, copy=False))
    return _text_column(col.astype(object, copy=False))


def chunk_bytes(columns: list[np.ndarray]) -> bytes:
    """The CSV rows of equally long 1-D ``columns`` (no header), ``\n`` after each row."""
    m = len(columns[0]) if columns else 0
    if m == 0:
        return b""
    cols = [_column_bytes(c) for c in columns]
    row_len = np.full(m, len(cols), dtype=np.int64)  # commas and the newline
    for _, lengths in cols:
        row_len += lengths
    ends = np.cumsum(row_len)
    buf = np.full(int(ends[-1]), _COMMA, dtype=np.uint8)
    buf[ends - 1] = _NEWLINE
    pos = ends - row_len
    for data, lengths in cols:
        if data.ndim == 2:
            _put_matrix(buf, pos, data, lengths)
        elif data.size:
            # ragged text: byte k of the column goes to its row's position + its offset
            rows = np.repeat(np.arange(m), lengths)
            starts = np.cumsum(lengths) - lengths
            buf[pos[rows] + np.arange(data.size) - starts[rows]] = data
        pos += lengths + 1
    return buf.tobytes()


def _put_matrix(buf: np.ndarray, pos: np.ndarray, mat: np.ndarray, lengths: np.ndarray) -> None:
    """Copy fixed-width cells (rows x width, ``lengths`` bytes used) to ``buf`` at ``pos``."""
    full = bool((lengths == mat.shape[1]).all())
    for ch in range(mat.shape[1]):
        if full:
            buf[pos + ch] = mat[:, ch]
        else:
            sel = lengths > ch
            buf[pos[sel] + ch] = mat[sel, ch]


def header_bytes(columns: list[Any]) -> bytes:
    """The header row as ``csv.writer`` writes it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([str(c) for c in columns])
    return out.getvalue().encode("utf-8")


def write_columns(fh: IO[bytes], names: list[Any], columns: list[np.ndarray],
                  chunk_rows: int = CHUNK_ROWS) -> None:
    """Write a header of ``names`` and the rows of ``columns`` (1-D arrays: float arrays
    as numbers, anything else as text) to the binary file ``fh``, ``chunk_rows`` at a time."""
    fh.write(header_bytes(names))
    n = len(columns[0]) if columns else 0
    for start in range(0, n, chunk_rows):
        fh.write(chunk_bytes([c[start:start + chunk_rows] for c in columns]))


def write_csv(frame: pd.DataFrame, fh: IO[bytes], chunk_rows: int = CHUNK_ROWS) -> None:
    """Write ``frame`` (header, then rows; no index) to the binary file ``fh``.

    Byte for byte ``frame.to_csv(fh, index=False, lineterminator="\n",
    float_format="%.10g")`` for float, integer, boolean, categorical and text columns.
    """
    cols = [frame.iloc[:, j].to_numpy() for j in range(frame.shape[1])]
    cols = [c if c.dtype.kind in "fO" else c.astype(object) for c in cols]
    write_columns(fh, list(frame.columns), cols, chunk_rows)
