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
        if not value.rule:
            return t
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
                   tr: Callable[[str], str] = str, *, full: bool = True) -> None:
    """The "what to report" summary: one line per finding with its verdict mark (and,
    when ``full``, the rule and its source)."""
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
        if v is not None and v.status != "info" and full:
            t.append(f"  ({tr(v.rule)}; {v.source})", style="dim")
        console.print(t)


#: Tables the default terminal output shows (keys, or key prefixes ending in "_"); the rest
#: are in the report, the workbook and ``--full``
KEY_TABLES = ("missing_summary", "missing_items", "reliability_constructs", "cfa_fit",
              "validity_convergent", "validity_htmt", "structural_hypotheses", "structural_r2",
              "cbsem_fit", "method_bias_summary", "invariance_levels", "invariance_released",
              "micom_compositional", "pls_predict_verdict")
#: Rows shown per table by default
MAX_ROWS = 20


def is_key_table(key: str) -> bool:
    """Whether the table ``key`` belongs to the default (summarised) terminal output.

    >>> is_key_table("cfa_fit"), is_key_table("cfa_loadings"), is_key_table("method_bias_summary")
    (True, False, True)
    """
    base = key.rsplit("_", 1)[0] if key[-1:].isdigit() else key
    return any(base == k or (k.endswith("_") and base.startswith(k)) for k in KEY_TABLES)


def summarised(sections: Iterable[Any], max_rows: int = MAX_ROWS,
               tr: Callable[[str], str] = str) -> list[Any]:
    """The key tables of ``sections``, long ones cut to ``max_rows`` rows with a
    "... N more" note and verdicts shown as marks only (rule and source in the report).

    Sections are :class:`~cemsurvey.report.analysis_tables.Section`-like (``step``,
    ``title``, ``tables``); a section without a key table is left out.
    """
    out = []
    for s in sections or []:
        tables = [cut_table(t, max_rows, tr) for t in s.tables if is_key_table(t.key)]
        if tables:
            out.append(type(s)(s.step, s.title, tables))
    return out


def cut_table(table: Table, max_rows: int = MAX_ROWS, tr: Callable[[str], str] = str) -> Table:
    """``table`` with at most ``max_rows`` rows (the rest counted in a note) and verdict
    cells reduced to their mark."""
    rows = [[Verdict(v.status, "", "") if isinstance(v, Verdict) else v for v in r]
            for r in table.rows]
    notes = list(table.notes)
    if len(rows) > max_rows:
        more = len(rows) - max_rows
        rows = rows[:max_rows]
        notes.insert(0, tr(f"... {more} more (--full or the report)"))
    return replace(table, rows=rows, notes=notes)
