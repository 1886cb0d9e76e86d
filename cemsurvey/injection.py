"""Formula (CSV) injection: text that a spreadsheet would run as a formula.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some spreadsheet programs skip before reading the rest as a formula) is evaluated
by Excel, LibreOffice and Google Sheets when the file is opened: ``=HYPERLINK(...)`` or
``=cmd|' /C calc'!A0`` in an item text or a respondent's answer becomes live. OWASP's
"CSV Injection" guidance: make such cells start with something else. Each output format
does it in the way that keeps the text readable in the program it is meant for:

- CSV opened in spreadsheets (codebook, the import's clean CSV): a leading apostrophe
  (:func:`csv_text`), which spreadsheets hide and show the rest as text;
- XLSX (XLSForm, exports): the cell is stored as a string, never a formula, with Excel's
  quote prefix (:func:`set_xlsx_text`); the text itself is unchanged;
- HTML shown by a survey platform (LimeSurvey TSV): the first character as an HTML entity
  (:func:`html_text`), which the platform displays as the character itself.

Plain numbers (``-3``, ``+1.5``, ``-2e3``) are left alone in every format: a negative
number is a value, not a formula.

References: OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import re
from typing import Any

#: First characters a spreadsheet reads as the start of a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would evaluate ``text`` (and it is not a plain number).

    >>> is_formula_like("=1+1"), is_formula_like("-3"), is_formula_like("-2+3+cmd|' /C calc'!A0")
    (True, False, True)
    >>> is_formula_like("Agree"), is_formula_like("@SUM(A1)"), is_formula_like("\\t=1")
    (False, True, True)
    """
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text.strip())


def csv_text(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like text gets a leading apostrophe.

    >>> csv_text("=HYPERLINK(\\"http://x\\")"), csv_text("-1"), csv_text(3), csv_text("ok")
    ('\\'=HYPERLINK("http://x")', '-1', 3, 'ok')
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def html_text(text: str) -> str:
    """Already HTML-escaped ``text`` whose first character is written as an entity when
    the text would be a formula in a spreadsheet (shown unchanged by the platform).

    >>> html_text("=1+1"), html_text("-5"), html_text("@home")
    ('&#61;1+1', '-5', '&#64;home')
    """
    if is_formula_like(text):
        return f"&#{ord(text[0])};{text[1:]}"
    return text


def set_xlsx_text(cell: Any, text: str) -> None:
    """Store ``text`` in an openpyxl cell as a string, never a formula."""
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
