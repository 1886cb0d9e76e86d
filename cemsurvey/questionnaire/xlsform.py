"""XLSForm (.xlsx) for KoboToolbox, ODK Collect and Enketo.

Sheets:

* ``survey``: ``type, name, label::<Language> (<code>)..., hint::..., required,
  appearance, constraint, constraint_message::...``. An intro ``note``, background
  questions (``select_one``/``select_multiple``/``integer`` or ``decimal`` with a
  ``constraint`` for min/max/``text``), and one ``field-list`` group per construct laid
  out as a Likert table with the ODK pattern: a header ``select_one`` with appearance
  ``label`` (shows the scale's labels once) followed by the items with appearance
  ``list-nolabel``. Numeric-scale constructs get ``decimal`` rows constrained to the
  scale's min/max. Item names are the instrument's item ids, so exports have one column
  per item (KoboToolbox may prefix the group: ``SAT/SAT1``).
* ``choices``: one ``select_one`` list per scale with numeric names (the scale's codes,
  1..k by default) so exports carry codes, and one list per choice question.
* ``settings``: ``form_title, form_id, version, default_language, style``; ``version``
  is a hash of the instrument, so it changes exactly when the instrument changes.

Validated by converting with pyxform (tests/questionnaire/test_design_xlsform.py).
"""

from __future__ import annotations

import io
from datetime import datetime

from cemsurvey.instrument.model import BackgroundQuestion, Instrument
from cemsurvey.questionnaire.common import (
    fmt_num,
    instrument_fingerprint,
    language_label,
    point_labels,
    range_text,
    slug,
    ui,
)
from cemsurvey.questionnaire.layout import Layout

Sheet = list[list[str]]


class _Names:
    """Hands out names unique within one namespace (suffixing ``_2``, ``_3``... on clashes)."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)

    def fresh(self, base: str) -> str:
        name, k = base, 2
        while name in self.taken:
            name, k = f"{base}_{k}", k + 1
        self.taken.add(name)
        return name


def _constraint(lo: float | None, hi: float | None) -> str:
    parts = []
    if lo is not None:
        parts.append(f". >= {fmt_num(lo)}")
    if hi is not None:
        parts.append(f". <= {fmt_num(hi)}")
    return " and ".join(parts)


def xlsform_sheets(ins: Instrument, layout: Layout, lang: str) -> dict[str, Sheet]:
    """The three XLSForm sheets as rows of text (header row first).

    ``lang`` becomes the form's ``default_language``; every language gets its columns.
    """
    langs = ins.languages
    lab_cols = [f"label::{language_label(lg)}" for lg in langs]
    hint_cols = [f"hint::{language_label(lg)}" for lg in langs]
    cmsg_cols = [f"constraint_message::{language_label(lg)}" for lg in langs]
    header = ["type", "name", *lab_cols, *hint_cols, "required", "appearance", "constraint", *cmsg_cols]
    survey: Sheet = [header]
    choices: Sheet = [["list_name", "name", *lab_cols]]

    taken = set(ins.item_ids) | set(ins.construct_ids) | {a.id for a in ins.attention_checks}
    taken |= {b.id for b in ins.background}
    names = _Names(taken)
    lists = _Names(set())

    def row(
        typ: str,
        name: str,
        labels: list[str] | None = None,
        hints: list[str] | None = None,
        required: str = "",
        appearance: str = "",
        constraint: str = "",
        cmsgs: list[str] | None = None,
    ) -> None:
        empty = [""] * len(langs)
        survey.append(
            [typ, name, *(labels or empty), *(hints or empty), required, appearance, constraint,
             *(cmsgs or empty)]
        )

    scale_lists: dict[str, str] = {}

    def scale_list(sid: str, grid_scale) -> str:
        if sid not in scale_lists:
            base = sid if sid and not sid.startswith("_") else f"likert{len(grid_scale.codes)}"
            ln = lists.fresh(base)
            scale_lists[sid] = ln
            per_lang = [point_labels(grid_scale, lg) for lg in langs]
            for k, code in enumerate(grid_scale.codes):
                choices.append([ln, str(code), *(labs[k] for labs in per_lang)])
        return scale_lists[sid]

    if ins.intro is not None:
        row("note", names.fresh("intro"), [ins.tr(ins.intro, lg) for lg in langs])

    def background(qs: tuple[BackgroundQuestion, ...]) -> None:
        for q in qs:
            labels = [ins.tr(q.text, lg) for lg in langs]
            req = "yes" if q.required else ""
            if q.type in ("single", "multiple"):
                ln = lists.fresh(q.id)
                for code, lab in (q.options or {}).items():
                    choices.append([ln, str(code), *(ins.tr(lab, lg) for lg in langs)])
                typ = "select_one" if q.type == "single" else "select_multiple"
                row(f"{typ} {ln}", q.id, labels, required=req)
            elif q.type == "number":
                integral = all(v is None or float(v).is_integer() for v in (q.min, q.max))
                cons = _constraint(q.min, q.max)
                msgs = [range_text(q.min, q.max, lg) for lg in langs] if cons else None
                row("integer" if integral else "decimal", q.id, labels, required=req,
                    constraint=cons, cmsgs=msgs)
            else:
                row("text", q.id, labels, required=req)

    background(layout.start)
    for g in layout.grids:
        title = [ins.tr(g.title, lg) for lg in langs] if g.title is not None else None
        row("begin_group", names.fresh(f"{g.id}_group") if g.construct is None else g.id, title,
            appearance="field-list")
        if g.numeric:
            cons = _constraint(g.scale.min, g.scale.max)
            msgs = [range_text(g.scale.min, g.scale.max, lg) for lg in langs] if cons else None
            row("note", names.fresh(f"{g.id}_note"),
                [ui(lg, "numeric_instructions") for lg in langs])
            for r in g.rows:
                row("decimal", r.id, [ins.tr(r.text, lg) for lg in langs], constraint=cons, cmsgs=msgs)
        else:
            ln = scale_list(g.scale_id, g.scale)
            row(f"select_one {ln}", names.fresh(f"{g.id}_header"),
                [ui(lg, "instructions") for lg in langs], appearance="label")
            for r in g.rows:
                row(f"select_one {ln}", r.id, [ins.tr(r.text, lg) for lg in langs],
                    appearance="list-nolabel")
        row("end_group", "")
    background(layout.end)

    title = ins.tr(ins.title, lang)
    settings: Sheet = [
        ["form_title", "form_id", "version", "default_language", "style"],
        [title, slug(ins.tr(ins.title, ins.languages[0])), instrument_fingerprint(ins),
         language_label(lang), "pages"],
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def render_xlsform(ins: Instrument, layout: Layout, lang: str) -> bytes:
    """The XLSForm workbook as ``.xlsx`` bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cemsurvey.injection import set_xlsx_text

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in xlsform_sheets(ins, layout, lang).items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([v if v != "" else None for v in r])
            for cell in ws[ws.max_row]:  # text stays text: never a live formula (OWASP)
                if isinstance(cell.value, str):
                    set_xlsx_text(cell, cell.value)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    fixed = datetime(2000, 1, 1)
    wb.properties.creator = "cemsurvey"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(value: object) -> str:
    """A cell as one line: backslash, tab and newline written as ``\\``, ``\\t``, ``\\n``."""
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def dump_xlsx(data: bytes) -> str:
    """Canonical text dump of an ``.xlsx`` (sheet names and cell values), for golden tests."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    out: list[str] = []
    for ws in wb.worksheets:
        out.append(f"## {ws.title}")
        for r in ws.iter_rows(values_only=True):
            out.append("\t".join("" if v is None else _cell(v) for v in r))
    return "\n".join(out) + "\n"
