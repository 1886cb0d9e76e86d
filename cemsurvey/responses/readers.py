"""Reading raw survey exports: CSV/TSV, Excel workbooks and SPSS ``.sav`` files.

A :class:`RawFile` gives the first rows as text (for source detection and column
mapping) and then the body as a :class:`pandas.DataFrame` with positional column
labels, reading only the columns that are needed. CSV files are decoded as UTF-8
(with or without BOM) and, failing that, as Windows-1256 (the Persian/Arabic Windows
code page) with a :class:`~cemsurvey.errors.DataWarning`. The delimiter is sniffed
among ``,``, ``;``, tab and ``|``.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, DataWarning

#: Values read as missing in every format.
NA_VALUES = ["", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "-99", "#N/A", "."]
_DELIMS = [",", ";", "\t", "|"]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEAD_BYTES = 1 << 20
#: Up to this many text cells (estimated rows x label columns) answers are parsed as Python
#: strings; above it as categories (see ``RawFile._read_csv``): 30 million pointers = 240 MB.
TEXT_CELLS_OBJECT = 30_000_000


def column_letter(j: int) -> str:
    """Spreadsheet letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class RawFile:
    """An opened export: format, encoding, delimiter, leading rows as text.

    Attributes
    ----------
    path
        The file.
    kind
        ``"csv"``, ``"xlsx"`` or ``"sav"``.
    head
        The first rows (up to 5), each a list of cell texts, padded to the header width.
    encoding, delimiter
        For CSV files.
    variable_labels, value_labels
        For SPSS files: column -> label, column -> {code: label}.
    """

    path: Path
    kind: str
    head: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    _frame: pd.DataFrame | None = None
    _row_bytes: float = 0.0

    @property
    def width(self) -> int:
        return len(self.head[0]) if self.head else 0

    def estimated_rows(self) -> int:
        """Rows in the file, estimated from its size and the length of the first rows."""
        if self._frame is not None:
            return len(self._frame)
        return int(self.path.stat().st_size / max(1.0, self._row_bytes)) + 1

    def body(
        self,
        skip: int,
        usecols: list[int],
        numeric: set[int] = frozenset(),  # type: ignore[assignment]
    ) -> pd.DataFrame:
        """Data rows after ``skip`` header rows, columns labelled by position.

        Columns in ``numeric`` are first tried as ``float32`` (small integer codes are
        exact); if any cell is not a number the column is read as text instead.
        """
        if self._frame is not None:
            out = self._frame.iloc[skip:, usecols].reset_index(drop=True)
            out.columns = usecols
            return out
        return self._read_csv(skip, usecols, numeric)

    def _read_csv(self, skip: int, usecols: list[int], numeric: set[int]) -> pd.DataFrame:
        names = list(range(self.width))
        sample = self.head[skip:]
        # a scale column is parsed as float32 when its first rows are numbers. Answer labels
        # are read as Python strings (the parser stores each distinct label of a chunk once)
        # up to TEXT_CELLS_OBJECT text cells, which is the fastest way (100,000 x 112 labels:
        # ~1.5 s less CPU than categories); beyond that as categories, which cost one byte
        # per cell instead of an 8-byte pointer. Each distinct value is mapped once either way.
        num = {j for j in usecols if j in numeric
               and all(_looks_numeric(r[j]) for r in sample if j < len(r))}
        n_text = len([j for j in usecols if j not in num])
        small = self.estimated_rows() * n_text <= TEXT_CELLS_OBJECT
        text_kind: Any = object if small else "category"
        dtypes: dict[int, Any] = {j: ("float32" if j in num else text_kind) for j in usecols}
        for j in names:
            dtypes.setdefault(j, object)
        # every column is tokenised (no usecols) so that a row with more fields than the
        # header is an error naming its line instead of being silently cut
        kw: dict[str, Any] = dict(
            sep=self.delimiter,
            header=None,
            names=names,
            skiprows=skip,
            encoding=self.encoding,
            na_values=NA_VALUES,
            keep_default_na=False,
            skipinitialspace=False,
            engine="c",
            index_col=False,
        )
        try:
            try:
                # one parser thread: pandas' parallel reader concatenates per-thread chunks,
                # which doubles peak memory for a million rows and is no faster on 2 cores
                with pd.option_context("mode.max_threads", 1):
                    df = pd.read_csv(self.path, dtype=dtypes, **kw)
            except (ValueError, TypeError) as exc:
                if isinstance(exc, pd.errors.ParserError):
                    raise
                # a label further down a numeric-looking column: read it as categories
                fallback = {j: (text_kind if j in usecols else object) for j in names}
                with pd.option_context("mode.max_threads", 1):
                    df = pd.read_csv(self.path, dtype=fallback, **kw)
        except pd.errors.ParserError as exc:
            raise DataError(_parser_message(self.path, exc)) from None
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{self.path}: cannot decode the file as {self.encoding} ({exc.reason} at byte "
                f"{exc.start}); save it as UTF-8 CSV"
            ) from None
        out = df if list(usecols) == list(df.columns) else df[usecols]
        del df
        release_heap()
        return out


def release_heap() -> None:
    """Give freed heap memory back to the operating system (glibc ``malloc_trim``).

    The CSV parser's per-chunk buffers are freed after ``read_csv`` but glibc keeps
    them mapped; for a million rows x 112 items that is ~430 MB of resident memory the
    item matrix would be allocated on top of. A no-op where glibc is not available.
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # musl or another libc
        return


def _looks_numeric(cell: str) -> bool:
    """True for a blank, a missing-value marker or a plain ASCII number.

    >>> _looks_numeric("4"), _looks_numeric(""), _looks_numeric("Agree"), _looks_numeric("۴")
    (True, True, False, False)
    """
    c = cell.strip()
    if not c or c in NA_VALUES:
        return True
    if not c.isascii():
        return False
    try:
        float(c)
    except ValueError:
        return False
    return True


def _parser_message(path: Path, exc: Exception) -> str:
    import re

    text = str(exc)
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if m:
        return (
            f"{path}: row {m.group(2)} has {m.group(3)} fields but the header has {m.group(1)}; "
            "fix that row (a stray delimiter or an unquoted comma in a text answer)"
        )
    return f"{path}: cannot parse the file ({text.strip().splitlines()[-1]}); check its format"


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if bom else raw
    try:
        return _utf8_head(body, truncated=len(raw) >= _HEAD_BYTES), ("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = body.decode("cp1256")
    except UnicodeDecodeError:
        raise DataError(
            f"{path}: the file is neither UTF-8 nor Windows-1256 text; save it as 'CSV UTF-8' "
            "(Excel: File > Save As > CSV UTF-8)"
        ) from None
    warnings.warn(
        DataWarning(
            f"{path}: not valid UTF-8; read as Windows-1256 (Persian/Arabic Windows). Check the "
            "Persian text, and save as 'CSV UTF-8' next time"
        ),
        stacklevel=4,
    )
    return text, "cp1256"


def _utf8_head(raw: bytes, truncated: bool) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a read cut in the middle of a multi-byte character is not an encoding error
        if truncated and exc.start >= len(raw) - 4:
            return raw[: exc.start].decode("utf-8")
        raise


def _sniff_delimiter(path: Path, lines: list[str]) -> str:
    first = lines[0]
    counts = {d: _count_outside_quotes(first, d) for d in _DELIMS}
    best = max(_DELIMS, key=lambda d: counts[d])
    if counts[best] == 0:
        raise DataError(
            f"{path}: the header row has a single column (no ',', ';', tab or '|' found); "
            "save the export as CSV with a comma or semicolon delimiter"
        )
    tied = [d for d in _DELIMS if counts[d] == counts[best]]
    if len(tied) > 1 and len(lines) > 1:
        second = lines[1]
        best = max(tied, key=lambda d: _count_outside_quotes(second, d))
    return best


def _check_row_delimiter(path: Path, lines: list[str], delim: str) -> None:
    """Stop when the data rows use another delimiter than the header.

    A header written with ``;`` over rows written with ``,`` (a file assembled from two
    exports, or edited in Excel with another list separator) would otherwise parse as one
    filled column and report every item as empty.
    """
    nonblank = [(i, ln) for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 2:
        return
    n_head = _count_outside_quotes(nonblank[0][1], delim)
    for i, ln in nonblank[1:6]:
        if _count_outside_quotes(ln, delim) > 0:
            continue
        others = [d for d in _DELIMS
                  if d != delim and _count_outside_quotes(ln, d) >= max(1, n_head // 2)]
        if others:
            shown = {"\t": "tab"}.get(others[0], f"'{others[0]}'")
            head = {"\t": "tab"}.get(delim, f"'{delim}'")
            raise DataError(
                f"{path}: the header row is separated by {head} but row {i + 1} by {shown}; "
                "save the whole file again with one delimiter (Excel: File > Save As > CSV UTF-8)"
            )


def _count_outside_quotes(line: str, delim: str) -> int:
    n, inq = 0, False
    for ch in line:
        if ch == '"':
            inq = not inq
        elif ch == delim and not inq:
            n += 1
    return n


def open_raw(path: str | Path, n_head: int = 5) -> RawFile:
    """Open an export and read its first ``n_head`` rows as text.

    Raises
    ------
    DataError
        Missing or empty file, unknown extension, undecodable text, no delimiter.
    """
    from cemsurvey.fileio import read_regular, regular_file_problem

    p = Path(path)
    problem = regular_file_problem(p)
    if problem:
        raise DataError(f"{p}: {problem}")
    ext = p.suffix.lower()
    if ext in (".xlsx", ".xlsm"):
        return _open_xlsx(p, n_head)
    if ext in (".xls",):
        raise DataError(f"{p}: old Excel .xls files are not read; save the sheet as .xlsx or CSV")
    if ext in (".sav", ".zsav"):
        return _open_sav(p, n_head)
    try:
        raw = read_regular(p, _HEAD_BYTES)
    except OSError as exc:
        raise DataError(f"{p}: cannot read the file ({exc.strerror}); check its permissions") from None
    if not raw.strip(b" \r\n\t\v\f\xef\xbb\xbf"):
        raise DataError(f"{p}: the file is empty; export the responses again")
    if raw[:4] == b"PK\x03\x04":
        raise DataError(f"{p}: this is an Excel/zip file with a text extension; rename it to .xlsx")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:4096]:
        raise DataError(
            f"{p}: this is UTF-16 or binary data, not CSV text; save the export as 'CSV UTF-8' "
            "(Excel: File > Save As > CSV UTF-8)"
        )
    text, enc = _decode(p, raw)
    if not text.strip():
        raise DataError(f"{p}: the file holds only blank characters; export the responses again")
    lines = _LINE_BREAK.split(text)  # the line breaks the CSV parser knows (not \v, \f...)
    if lines and lines[-1] == "":
        lines.pop()
    delim = _sniff_delimiter(p, [ln for ln in lines if ln.strip()][:2])
    _check_row_delimiter(p, lines, delim)
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        for row in reader:
            rows.append([c.strip() for c in row])
            if len(rows) >= n_head:
                break
    except csv.Error as exc:
        raise DataError(f"{p}: cannot read the file as CSV ({exc}); save the export as 'CSV UTF-8'") from None
    if not rows or not any(c for r in rows for c in r):
        raise DataError(f"{p}: no header row with column names; export the responses again")
    width = len(rows[0])
    head = [(r + [""] * width)[:width] if len(r) <= width else r for r in rows]
    sample = [ln for ln in lines[1:n_head] if ln.strip()] or lines[:1]
    row_bytes = sum(len(ln.encode("utf-8")) + 1 for ln in sample) / len(sample)
    return RawFile(p, "csv", head, encoding=enc, delimiter=delim, _row_bytes=row_bytes)


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if np.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


def _open_xlsx(p: Path, n_head: int) -> RawFile:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise DataError(f"{p}: cannot open the workbook ({type(exc).__name__}: {exc}); re-save it in Excel") from None
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    while rows and all(v is None or str(v).strip() == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(f"{p}: the first sheet is empty; put the responses on the first sheet")
    width = max(len(r) for r in rows)
    hdr = rows[0]
    while width > 1 and (len(hdr) < width or hdr[width - 1] is None) and all(
        len(r) < width or r[width - 1] is None for r in rows
    ):
        width -= 1
    rows = [(r + [None] * width)[:width] for r in rows]
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame.where(frame.notna(), None)
    frame = frame.map(lambda v: np.nan if v is None or (isinstance(v, str) and v.strip() in NA_VALUES) else v)
    head = [[_cell_text(v) for v in r] for r in rows[:n_head]]
    return RawFile(p, "xlsx", head, _frame=frame)


def _open_sav(p: Path, n_head: int) -> RawFile:
    import pyreadstat

    try:
        df, meta = pyreadstat.read_sav(str(p), apply_value_formats=False, user_missing=False)
    except Exception as exc:  # pyreadstat.ReadstatError and OSError
        raise DataError(f"{p}: cannot read the SPSS file ({exc}); re-save it from SPSS") from None
    names = list(df.columns)
    hdr = pd.DataFrame([names], columns=names, dtype=object)
    frame = pd.concat([hdr, df.astype(object)], ignore_index=True)
    frame.columns = range(len(names))
    frame = frame.map(lambda v: np.nan if isinstance(v, str) and v.strip() in NA_VALUES else v)
    head = [[_cell_text(v) for v in r] for r in frame.iloc[:n_head].itertuples(index=False)]
    return RawFile(
        p,
        "sav",
        head,
        variable_labels={k: v for k, v in (meta.column_names_to_labels or {}).items() if v},
        value_labels=dict(meta.variable_value_labels or {}),
        _frame=frame,
    )
