"""XLSX workbook with one sheet per :class:`~cemsurvey.report.tables.Table`.

Numbers keep full precision (the sheet only formats them); sheet names are sanitised
(Excel forbids ``[]:*?/\\`` and more than 31 characters) and made unique. Text is never
written as a formula: every string cell is stored as a string (``data_type = "s"``) and
those starting with ``= + - @`` (or tab/CR) also get Excel's quote prefix, so a
construct named ``=HYPERLINK(...)`` shows as text (CSV/formula injection, OWASP).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.terminal import is_p_column

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_name(key: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name for ``key`` (records it in ``used``).

    >>> u = set(); sheet_name("a/b:c", u), sheet_name("a?b*c", u), sheet_name("x" * 40, u)
    ('a_b_c', 'a_b_c (2)', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')
    """
    base = _BAD_SHEET.sub("_", key).strip("'").strip() or "Sheet"
    base = base[:31]
    name, k = base, 2
    while name.lower() in {u.lower() for u in used} or name.lower() == "history":
        suffix = f" ({k})"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(name)
    return name


def _number_format(spec: str | None, column: str) -> str | None:
    if is_p_column(column):
        return "0.000"
    if not spec:
        return None
    m = re.fullmatch(r"\.(\d+)([f%])", spec)
    if m:
        d = int(m.group(1))
        base = "0" + ("." + "0" * d if d else "")
        return base + ("%" if m.group(2) == "%" else "")
    if spec == "d":
        return "0"
    return None


def _set_text(cell: Any, text: str) -> None:
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def _write_cell(ws: Any, r: int, c: int, value: Any, fmt: str | None) -> None:
    cell = ws.cell(row=r, column=c)
    if isinstance(value, Verdict):
        _set_text(cell, str(value))
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            _set_text(cell, "—")
        else:
            cell.value = value
            if fmt:
                cell.number_format = fmt
    elif value is None:
        cell.value = None
    else:
        _set_text(cell, str(value))


def workbook_bytes(tables: Iterable[Table], *, rtl: bool = False) -> bytes:
    """The workbook as bytes (build it fully before writing any file); ``rtl`` shows
    every sheet right to left (Persian report)."""
    import io

    buf = io.BytesIO()
    write_workbook(tables, buf, rtl=rtl)
    return buf.getvalue()


def write_workbook(tables: Iterable[Table], path: Path | Any, *, rtl: bool = False) -> None:
    """Write ``tables`` to ``path`` or a binary file object (write files through
    :func:`cemsurvey.fileio.write_atomic`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    any_sheet = False
    for t in tables:
        any_sheet = True
        ws = wb.create_sheet(sheet_name(t.key, used))
        ws.sheet_view.rightToLeft = rtl
        _set_text(ws.cell(row=1, column=1), t.title)
        ws.cell(row=1, column=1).font = Font(bold=True, italic=True)
        for j, col in enumerate(t.columns, start=1):
            _set_text(ws.cell(row=3, column=j), col)
            ws.cell(row=3, column=j).font = Font(bold=True)
        fmts = [_number_format(t.formats.get(c), c) for c in t.columns]
        for i, row in enumerate(t.rows, start=4):
            for j, v in enumerate(row[: len(t.columns)], start=1):
                _write_cell(ws, i, j, v, fmts[j - 1])
        r = 4 + len(t.rows) + 1
        for note in t.notes:
            _set_text(ws.cell(row=r, column=1), note)
            ws.cell(row=r, column=1).alignment = Alignment(wrap_text=False)
            ws.cell(row=r, column=1).font = Font(italic=True)
            r += 1
        for j, col in enumerate(t.columns, start=1):
            width = max([len(str(col))] + [min(len(str(row[j - 1])), 40) for row in t.rows
                                            if j - 1 < len(row)])
            ws.column_dimensions[ws.cell(row=3, column=j).column_letter].width = min(
                max(8, width + 2), 60)
        ws.freeze_panes = "A4"
    if not any_sheet:
        ws = wb.create_sheet("empty")
        _set_text(ws.cell(row=1, column=1), "no tables")
    wb.save(path)
