"""A neutral table type shared by every renderer (terminal, HTML, XLSX, Markdown).

Each analysis area turns its result object into a list of :class:`Table` (function
``<area>_tables(result, thresholds)`` in ``cemsurvey/report/<area>.py``); the writers
render those tables without knowing the statistics. Cells hold full-precision values;
``formats`` says how a column is rounded when shown. A cell may hold a
:class:`Verdict`, shown as a pass/warn/fail mark naming the rule's source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "warn", "fail", "info"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one statistic against a threshold.

    Attributes
    ----------
    status
        ``pass``, ``warn`` (acceptable, below the ideal), ``fail`` or ``info``.
    rule
        The rule applied, e.g. ``"alpha >= .70"``.
    source
        Who set the rule, e.g. ``"Nunnally (1978)"``.
    """

    status: Status
    rule: str
    source: str

    @property
    def mark(self) -> str:
        return {"pass": "✓", "warn": "~", "fail": "✗", "info": "·"}[self.status]

    def __str__(self) -> str:
        return f"{self.mark} {self.rule} ({self.source})"

    def to_dict(self) -> dict[str, str]:
        return {"status": self.status, "rule": self.rule, "source": self.source}


@dataclass(frozen=True)
class Table:
    """A titled table of full-precision cells.

    Attributes
    ----------
    key
        Machine name, unique within a report (used for XLSX sheet names and HTML ids).
    title
        Human title.
    columns
        Column headers.
    rows
        Cell values, row-major; numbers stay unrounded.
    formats
        Column header -> Python format spec (``".3f"``, ``".1%"``, ``"d"``); others use ``str``.
    notes
        Lines printed under the table (method, n, missing-data policy, thresholds' sources).
    rtl_columns
        Columns whose text may be right-to-left (Persian), for HTML ``dir="auto"``.
    digits
        ``"fa"`` shows numbers with Persian digits and decimal separator (``٫``).
    """

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    formats: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rtl_columns: tuple[str, ...] = ()
    digits: str = "latin"

    def formatted(self, row: list[Any], column: str, value: Any) -> str:
        """Display text of one cell (rounding happens here and only here)."""
        _ = row
        return self.shown(format_cell(value, self.formats.get(column)))

    def shown(self, text: str) -> str:
        """``text`` in the table's digits."""
        return persian_digits(text) if self.digits == "fa" else text


_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CITED = re.compile(r"[A-Za-z.,] \(?$")
_NUMBER = re.compile(r"(?<![\w.])(-?\d*\.?\d+(?:e[-+]?\d+)?)(?!\w)(?!\.\d)")


def persian_digits(text: str) -> str:
    """``text`` with Persian digits and the Persian decimal separator in its numbers.

    Digits glued to letters (item codes such as ``PE1``, ``F2``) stay as written.

    >>> persian_digits("alpha = .85, n = 1200, PE1.")
    'alpha = ٫۸۵, n = ۱۲۰۰, PE1.'
    >>> persian_digits("p = 2.01e-209, 0.5 (Hair et al. (2019); Horn 1965), n = 2019")
    'p = 2.01e-209, ۰٫۵ (Hair et al. (2019); Horn 1965), n = ۲۰۱۹'
    """
    def one(m: re.Match[str]) -> str:
        g = m.group(1)
        if "e" in g:  # scientific notation stays as computed
            return g
        if _YEAR.fullmatch(g) and _CITED.search(m.string[max(0, m.start() - 3):m.start()]):
            return g  # a citation's year stays as published: "Hair et al. (2019)"
        return m.group(1).replace(".", "٫").translate(_FA_DIGITS)

    if ("/" in text or "\\" in text) and not any(c.isspace() for c in text.strip()):
        return text  # a file path stays as written
    return _NUMBER.sub(one, text)


def format_cell(value: Any, spec: str | None = None) -> str:
    """Text of a cell: numbers per ``spec``, NaN/None as an em dash, verdicts as marks.

    >>> format_cell(0.123456, ".3f"), format_cell(float("nan"), ".3f"), format_cell(3, "d")
    ('0.123', '—', '3')
    """
    if value is None:
        return "—"
    if isinstance(value, Verdict):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and math.isnan(value):
        return "—"
    if spec and isinstance(value, int | float):
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_p(p: float | None) -> str:
    """APA-style p value: ``< .001`` or three decimals without the leading zero.

    >>> format_p(0.0004), format_p(0.0321), format_p(1.0)
    ('< .001', '.032', '1.000')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "—"
    if p < 0.001:
        return "< .001"
    s = f"{p:.3f}"
    return s[1:] if s.startswith("0") else s
