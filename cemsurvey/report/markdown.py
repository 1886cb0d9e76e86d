"""APA-style Markdown tables: italic title, numbers right-aligned, p values without the
leading zero (``< .001``), notes under the table.

Cells are escaped (``|`` and line breaks) so user text cannot break the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.terminal import cell_text, numeric_columns


def escape_md(text: str) -> str:
    """Escape text for a Markdown table cell.

    >>> escape_md("a|b\\nc *d*")
    'a\\\\|b c \\\\*d\\\\*'
    >>> escape_md("<script> p < .001")
    '\\\\<script> p < .001'
    """
    s = str(text).replace("\\", "\\\\")
    for ch in "|*_`[]":
        s = s.replace(ch, "\\" + ch)
    # a "<" that could open an HTML tag or comment is escaped; "< .001" and ">=" stay readable
    s = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", s)
    return " ".join(s.splitlines())


def _cell(table: Table, row: list[Any], col: str, v: Any) -> str:
    if isinstance(v, Verdict):
        return f"{v.mark} {escape_md(v.rule)} ({escape_md(v.source)})"
    return escape_md(cell_text(table, row, col, v))


def markdown_table(table: Table, number: int | None = None,
                   tr: Callable[[str], str] = str) -> str:
    """One table in APA style: bold "Table n", italic title, pipe table, *Note.* lines."""
    num = numeric_columns(table)
    lines = []
    if number is not None:
        lines.append(f"**{tr(f'Table {number}')}**")
        lines.append("")
    lines.append(f"*{escape_md(table.title)}*")
    lines.append("")
    lines.append("| " + " | ".join(escape_md(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c in num else ":---" for c in table.columns) + "|")
    for row in table.rows:
        cells = [_cell(table, row, c, v) for c, v in zip(table.columns, row, strict=False)]
        cells += [""] * (len(table.columns) - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    if table.notes:
        lines.append("")
        lines.append(f"*{tr('Note.')}* " + " ".join(escape_md(n) for n in table.notes))
    return "\n".join(lines) + "\n"


def markdown_document(tables: Iterable[Table], title: str | None = None,
                      preamble: Iterable[str] = (), tr: Callable[[str], str] = str) -> str:
    """All tables, numbered, under an optional heading."""
    parts = []
    if title:
        parts.append(f"# {escape_md(title)}\n")
    for p in preamble:
        parts.append(escape_md(p) + "\n")
    for i, t in enumerate(tables, start=1):
        parts.append(markdown_table(t, i, tr))
    return "\n".join(parts)
