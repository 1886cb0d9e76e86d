"""The analysis tables as an APA-style Word document (``cemsurvey analyze --docx FILE``).

APA 7 table layout: a bold "Table n" line, the title in italics on the next line, a table
with rules above and below the header and under the last row (no vertical rules), numbers
right-aligned, statistic symbols in column headers in italics (*n*, *M*, *SD*, *p*, *t*,
*z*, *r*, *df*, α, ω), and the notes under the table after an italic "Note.". Cells are the
same rounded text the other writers show (:func:`cemsurvey.report.terminal.cell_text`);
nothing is computed here.

Right-to-left languages (Persian): every paragraph and table is right-to-left
(``w:bidi`` and ``w:bidiVisual``), runs are marked ``w:rtl`` with a Persian-capable
complex-script font (Vazirmatn, falling back in the viewer to Noto Naskh Arabic or B
Nazanin), and the strings come translated (:mod:`cemsurvey.report.i18n`). python-docx is
imported only here, when a Word file is asked for.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.terminal import cell_text, numeric_columns

#: Complex-script font of Persian text; Word and LibreOffice substitute when it is absent
PERSIAN_FONT = "Vazirmatn"
LATIN_FONT = "Times New Roman"
#: Column headers set in italics (APA: statistical symbols are italic)
ITALIC = re.compile(r"^(n|N|M|SD|p|t|z|r|df|F|R2|R\^2|chi2|SE|alpha|omega|α|ω|β|beta)"
                    r"(\b|\s|$)")


def _rtl_paragraph(par: Any) -> None:
    """Mark a paragraph right-to-left (``w:bidi``, in its schema place in ``w:pPr``)."""
    from docx.oxml import OxmlElement

    ppr = par._p.get_or_add_pPr()
    ppr.insert_element_before(OxmlElement("w:bidi"), "w:spacing", "w:ind", "w:jc",
                              "w:textDirection", "w:rPr", "w:sectPr", "w:pPrChange")


def _run(par: Any, text: str, *, rtl: bool, bold: bool = False, italic: bool = False,
         size: float | None = None) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = par.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name = LATIN_FONT
    if size:
        run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:cs"), PERSIAN_FONT)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    if rtl:  # complex-script bold/italic right after their Latin twins (schema order)
        for on, tag, cs in ((bold, "w:b", "w:bCs"), (italic, "w:i", "w:iCs")):
            if on and (el := rpr.find(qn(tag))) is not None:
                el.addnext(OxmlElement(cs))
        rpr.insert_element_before(OxmlElement("w:rtl"), "w:cs", "w:em", "w:lang",
                                  "w:eastAsianLayout", "w:specVanish", "w:oMath")
    return run


def _paragraph(doc: Any, text: str, *, rtl: bool, **kw: Any) -> Any:
    par = doc.add_paragraph()
    if rtl:
        _rtl_paragraph(par)
    _run(par, text, rtl=rtl, **kw)
    return par


def _borders(cell: Any, top: bool, bottom: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    b = OxmlElement("w:tcBorders")
    for side, on in (("top", top), ("bottom", bottom)):
        if on:
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), "8")
            e.set(qn("w:color"), "000000")
            b.append(e)
    tcpr.append(b)


def _cell(cell: Any, text: str, *, rtl: bool, right: bool, italic: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    par = cell.paragraphs[0]
    if rtl:
        _rtl_paragraph(par)
    if right:  # numbers line up on the right in either direction
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT if not rtl else WD_ALIGN_PARAGRAPH.LEFT
    _run(par, text, rtl=rtl, italic=italic, size=9)


def add_table(doc: Any, table: Table, number: int, *, rtl: bool,
              tr: Callable[[str], str] = str) -> None:
    """One APA table: "Table n", italic title, ruled table, italic "Note." and notes."""
    from docx.oxml import OxmlElement

    _paragraph(doc, tr(f"Table {number}"), rtl=rtl, bold=True)
    _paragraph(doc, table.title, rtl=rtl, italic=True)
    num = numeric_columns(table)
    t = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    if rtl:  # right-to-left table: first column on the right
        t._tbl.tblPr.insert_element_before(OxmlElement("w:bidiVisual"), "w:tblStyleRowBandSize",
                                           "w:tblStyleColBandSize", "w:tblW", "w:jc")
    last = len(table.rows)
    for j, c in enumerate(table.columns):
        cell = t.rows[0].cells[j]
        _cell(cell, c, rtl=rtl, right=c in num, italic=bool(ITALIC.match(c)))
        _borders(cell, top=True, bottom=True)
    for i, row in enumerate(table.rows, start=1):
        for j, c in enumerate(table.columns):
            v = row[j] if j < len(row) else ""
            text = (f"{v.mark} {v.rule} ({v.source})" if isinstance(v, Verdict)
                    else cell_text(table, row, c, v))
            cell = t.rows[i].cells[j]
            _cell(cell, text, rtl=rtl, right=c in num)
            if i == last:
                _borders(cell, top=False, bottom=True)
    if table.notes:
        par = doc.add_paragraph()
        if rtl:
            _rtl_paragraph(par)
        _run(par, tr("Note.") + " ", rtl=rtl, italic=True, size=9)
        _run(par, " ".join(table.notes), rtl=rtl, size=9)
    doc.add_paragraph()


def docx_bytes(tables: Iterable[Table], *, title: str | None = None,
               preamble: Iterable[str] = (), rtl: bool = False,
               tr: Callable[[str], str] = str) -> bytes:
    """The Word document (``.docx`` bytes) of ``tables``, numbered in order.

    ``tables`` come translated and with their digits set (``Translator.table``); ``tr``
    translates this writer's own words ("Table n", "Note.").
    """
    import docx

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = LATIN_FONT
    if title:
        _paragraph(doc, title, rtl=rtl, bold=True, size=14)
    for p in preamble:
        _paragraph(doc, p, rtl=rtl)
    for i, t in enumerate(tables, start=1):
        add_table(doc, t, i, rtl=rtl, tr=tr)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
