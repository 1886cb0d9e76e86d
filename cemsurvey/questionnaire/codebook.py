"""Codebook CSV: one row per variable a respondent answers, with codes and labels.

Columns (in this order, ``<lang>`` repeated for each of the instrument's languages)::

    position, variable, kind, construct, dimension, text_<lang>..., scale, type, points,
    codes, labels_<lang>..., reverse, expect, required, min, max

``kind`` is ``item``, ``attention_check`` or ``background``; ``position`` is the order
of presentation (after any shuffle); ``codes`` lists the valid codes separated by
``;`` and ``labels_<lang>`` pairs them with their labels (``1=Strongly disagree; ...``)
for Likert items and choice questions. ``type`` is ``likert``/``numeric`` for items and
``single``/``multiple``/``number``/``text`` for background questions. When a construct is
declared ``measurement: composite`` or ``formative``, a ``measurement`` column follows
``dimension`` (the item's construct's measurement: ``reflective``, ``composite`` or
``formative``). The file is UTF-8 with a byte-order mark so spreadsheet programs open
Persian text correctly.
"""

from __future__ import annotations

import csv
import io

from cemsurvey.injection import csv_text
from cemsurvey.instrument.model import BackgroundQuestion, Instrument
from cemsurvey.questionnaire.common import fmt_num, point_labels
from cemsurvey.questionnaire.layout import Layout


def _pairs(codes: list[int], labels: list[str]) -> str:
    return "; ".join(f"{c}={lab}" for c, lab in zip(codes, labels, strict=True))


def codebook_rows(ins: Instrument, layout: Layout, langs: list[str] | None = None
                  ) -> list[dict[str, str]]:
    """The codebook as a list of ``{column: text}`` rows in presentation order, with text
    and label columns for ``langs`` (default: every language of the instrument)."""
    langs = langs or ins.languages
    rows: list[dict[str, str]] = []

    def bg_row(q: BackgroundQuestion) -> dict[str, str]:
        codes = list((q.options or {}).keys())
        row = {
            "variable": q.id, "kind": "background", "construct": "", "dimension": "",
            **{f"text_{lg}": ins.tr(q.text, lg) for lg in langs},
            "scale": "", "type": q.type, "points": str(len(codes)) if codes else "",
            "codes": ";".join(map(str, codes)),
            **{
                f"labels_{lg}": _pairs(codes, [ins.tr(v, lg) for v in (q.options or {}).values()])
                for lg in langs
            },
            "reverse": "", "expect": "", "required": "yes" if q.required else "no",
            "min": fmt_num(q.min), "max": fmt_num(q.max),
        }
        return row

    for q in layout.start:
        rows.append(bg_row(q))
    for g in layout.grids:
        s = g.scale
        for r in g.rows:
            rows.append(
                {
                    "variable": r.id,
                    "kind": "item" if r.kind == "item" else "attention_check",
                    "construct": g.construct or "",
                    "dimension": g.dimension or "",
                    **{f"text_{lg}": ins.tr(r.text, lg) for lg in langs},
                    "scale": g.scale_id if not g.scale_id.startswith("_") else "",
                    "type": "numeric" if g.numeric else "likert",
                    "points": "" if g.numeric else str(len(s.codes)),
                    "codes": ";".join(map(str, s.codes)),
                    **{
                        f"labels_{lg}": "" if g.numeric else _pairs(s.codes, point_labels(s, lg))
                        for lg in langs
                    },
                    "reverse": ("yes" if r.reverse else "no") if r.kind == "item" else "",
                    "expect": "" if r.expect is None else str(r.expect),
                    "required": "",
                    "min": fmt_num(s.min if g.numeric else s.low),
                    "max": fmt_num(s.max if g.numeric else s.high),
                }
            )
    for q in layout.end:
        rows.append(bg_row(q))
    for i, row in enumerate(rows, start=1):
        row["position"] = str(i)
    if _has_measurement(ins):
        for row in rows:
            c = row["construct"] if row["kind"] == "item" else ""
            row["measurement"] = ins.construct(c).measurement if c else ""
    return rows


def _has_measurement(ins: Instrument) -> bool:
    """True when some construct is not reflective (the codebook then has the column)."""
    return any(c.measurement != "reflective" for c in ins.constructs)


def codebook_columns(ins: Instrument, langs: list[str] | None = None) -> list[str]:
    """Column names of the codebook for ``langs`` (default: the instrument's languages)."""
    langs = langs or ins.languages
    return [
        "position", "variable", "kind", "construct", "dimension",
        *(["measurement"] if _has_measurement(ins) else []),
        *(f"text_{lg}" for lg in langs),
        "scale", "type", "points", "codes",
        *(f"labels_{lg}" for lg in langs),
        "reverse", "expect", "required", "min", "max",
    ]


def render_codebook(ins: Instrument, layout: Layout, langs: list[str] | None = None) -> str:
    """Render the codebook as CSV text (with a leading BOM for spreadsheet programs); text
    and label columns for ``langs`` only when given (``design -f codebook --lang fa``)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=codebook_columns(ins, langs), lineterminator="\n")
    writer.writeheader()
    # user text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP);
    # numbers (min -3) stay numbers
    writer.writerows({k: csv_text(v) for k, v in row.items()} for row in codebook_rows(ins, layout, langs))
    return "\ufeff" + buf.getvalue()
