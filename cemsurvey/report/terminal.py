"""Rich terminal rendering of :class:`~cemsurvey.report.tables.Table` objects.

Numbers are right-aligned and rounded per the table's ``formats``; a
:class:`~cemsurvey.report.tables.Verdict` cell shows its mark coloured (green pass, yellow
warn, red fail) with the rule and its source, so every statistic sits beside its
threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from rich import box
from rich.console import Console
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from cemsurvey.report.tables import Table, Verdict, format_p

STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "info": "dim"}


def is_p_column(column: str) -> bool:
    """Whether a column holds p values (shown APA style by :func:`format_p`).

    >>> is_p_column("p"), is_p_column("p_value"), is_p_column("pclose")
    (True, True, False)
    """
    c = column.strip().lower()
    return c in ("p", "p value", "p_value", "p-value", "sig", "sig.") or c.startswith("p (")


def cell_text(table: Table, row: list[Any], column: str, value: Any) -> str:
    """Display text of a cell (p values APA style, others by the table's format)."""
    if is_p_column(column) and isinstance(value, int | float) and not isinstance(value, bool):
        return table.shown(format_p(float(value)))
    return table.formatted(row, column, value)


def _rich_cell(table: Table, row: list[Any], column: str, value: Any) -> Text:
    if isinstance(value, Verdict):
        t = Text(value.mark + " ", style=STYLE[value.status])
        t.append(f"{value.rule} ({value.source})", style="dim")
        return t
    return Text(cell_text(table, row, column, value))


def numeric_columns(table: Table) -> set[str]:
    out = set()
    for j, c in enumerate(table.columns):
        vals = [r[j] for r in table.rows if j < len(r) and r[j] is not None]
        if vals and all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals):
            out.add(c)
    return out


def rich_table(table: Table) -> RichTable:
    """A Rich table for one :class:`Table` (title, right-aligned numbers, notes as caption)."""
    num = numeric_columns(table)
    rt = RichTable(title=table.title, title_justify="left", title_style="bold",
                   box=box.SIMPLE_HEAD, caption="\n".join(table.notes) or None,
                   caption_justify="left", caption_style="dim")
    for c in table.columns:
        rt.add_column(c, justify="right" if c in num else "left",
                      overflow="fold", no_wrap=c in num)
    for row in table.rows:
        rt.add_row(*[_rich_cell(table, row, c, v) for c, v in zip(table.columns, row,
                                                                 strict=False)])
    return rt


def render_tables(tables: Iterable[Table], console: Console, *, title: str | None = None) -> None:
    """Print ``tables`` on ``console``, under a section rule when ``title`` is given."""
    if title:
        console.print(Rule(title, align="left", style="cyan"))
    for t in tables:
        console.print(rich_table(t))


def render_summary(lines: list[tuple[str, str, Verdict | None]], console: Console,
                   tr: Callable[[str], str] = str) -> None:
    """The "what to report" summary: one line per finding with its verdict mark."""
    console.print(Rule(tr("What to report"), align="left", style="cyan"))
    for topic, en, v in lines:
        text = tr(en)
        topic = tr(topic)
        t = Text()
        if v is not None:
            t.append(v.mark + " ", style=STYLE[v.status])
        else:
            t.append("• ")
        t.append(f"[{topic}] ", style="bold")
        t.append(text)
        if v is not None and v.status != "info":
            t.append(f"  ({tr(v.rule)}; {v.source})", style="dim")
        console.print(t)


#: Steps whose tables the default terminal output shows (the rest: ``--full`` or the report)
KEY_STEPS = ("missing", "reliability", "cfa", "validity", "structural", "method_bias",
             "invariance")
#: Rows shown per table by default
MAX_ROWS = 12


def summarised(sections: Iterable[Any], max_rows: int = MAX_ROWS) -> list[Any]:
    """The key sections with long tables cut to ``max_rows`` rows and a "... N more" note.

    Sections are :class:`~cemsurvey.report.analysis_tables.Section`-like (``step``,
    ``title``, ``tables``); the cut rows stay in the report and ``--full``.
    """
    out = []
    for s in sections or []:
        if s.step not in KEY_STEPS:
            continue
        tables = [cut_table(t, max_rows) for t in s.tables]
        out.append(type(s)(s.step, s.title, tables))
    return out


def cut_table(table: Table, max_rows: int = MAX_ROWS) -> Table:
    """``table`` with at most ``max_rows`` rows, the rest counted in a note."""
    if len(table.rows) <= max_rows:
        return table
    more = len(table.rows) - max_rows
    note = table.shown(f"... {more} more (--full or the report)")
    return replace(table, rows=table.rows[:max_rows], notes=[note, *table.notes])
