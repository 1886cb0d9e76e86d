"""LimeSurvey survey structure in the tab-separated (``.txt``) import format.

Follows the LimeSurvey manual, "Tab Separated Value survey structure": a header row of
column names, then rows of class ``S`` (global survey settings), ``SL`` (language
settings: title, welcome and end texts), ``G`` (question group), ``Q`` (question),
``SQ`` (subquestion) and ``A`` (answer option). Relationships are by proximity (a
question belongs to the group above it, subquestions and answers to the question above
them); the ``id`` column gives groups, questions and subquestions numeric ids shared by
their translations (answers carry their question's id). The base language's rows come
first, then the same rows, in the same order, for each additional language.

Mapping:

* a construct -> a group with one ``F`` (Array) question named after the construct,
  one ``SQ`` per item (code = item id) and one ``A`` per scale point (code = the
  point's numeric code, so exports carry codes); attention checks are ordinary
  subquestions of their host construct's array;
* a numeric-scale construct -> ``K`` (Multiple numerical input) with
  ``min_num_value_n``/``max_num_value_n`` from the scale;
* background: ``single`` -> ``L`` (List, radio) with answers, ``multiple`` -> ``M``
  (Multiple choice) with one subquestion per option (code ``O<code>``), ``number`` ->
  ``N`` (Numerical input, integer-only when the bounds are whole numbers), ``text`` ->
  ``T`` (Long free text).

LimeSurvey shows texts as HTML, so ``&``, ``<`` and ``>`` in every text (and group name)
are HTML-escaped and a double quote is ``&quot;`` (so no field needs CSV quoting, which
LimeSurvey's TSV import does not undo); apostrophes are written as they are
("Bachelor's", not ``Bachelor&#x27;s``) and texts are kept on one line. A text a spreadsheet would read as a formula gets its first character as an
entity (:func:`cemsurvey.injection.html_text`).
LimeSurvey codes are letters and digits only (question codes start with a letter,
at most 20 characters; answer codes at most 5): ids with ``_`` are shortened, and a
:class:`~cemsurvey.errors.SpecWarning` lists every renamed code.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from html import escape

from cemsurvey.errors import SpecWarning
from cemsurvey.injection import html_text
from cemsurvey.instrument.model import BackgroundQuestion, Instrument
from cemsurvey.questionnaire.common import fmt_num, point_labels, ui
from cemsurvey.questionnaire.layout import Layout

#: Columns of the file; LimeSurvey reads columns by header name.
COLUMNS = [
    "id", "related_id", "class", "type/scale", "name", "relevance", "text", "help",
    "language", "validation", "mandatory", "other", "default", "same_default",
    "min_num_value_n", "max_num_value_n", "num_value_int_only",
]

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")


class _Codes:
    """LimeSurvey-safe codes (letters and digits, starting with a letter), unique."""

    def __init__(self, max_len: int = 20):
        self.max_len = max_len
        self.taken: set[str] = set()
        self.renamed: dict[str, str] = {}

    def __call__(self, ident: str) -> str:
        code = _NON_ALNUM.sub("", ident)
        if not code or not code[0].isalpha():
            code = "Q" + code
        code = code[: self.max_len]
        base, k = code, 2
        while code.lower() in self.taken:
            suffix = str(k)
            code = base[: self.max_len - len(suffix)] + suffix
            k += 1
        self.taken.add(code.lower())
        if code != ident:
            self.renamed[ident] = code
        return code


def _answer_code(code: int) -> str:
    return str(code) if code >= 0 else f"m{-code}"


def limesurvey_rows(ins: Instrument, layout: Layout, lang: str) -> list[dict[str, str]]:
    """The file's rows as ``{column: text}`` dicts (without the header).

    ``lang`` is the survey's base language (its rows come first).
    """
    langs = [lang] + [lg for lg in ins.languages if lg != lang]
    qcode = _Codes(20)
    # Assign codes once, in presentation order, so every language uses the same ones.
    plan: list[tuple[str, object]] = []  # ("bg", question) | ("grid", grid)
    plan += [("bg", q) for q in layout.start]
    plan += [("grid", g) for g in layout.grids]
    plan += [("bg", q) for q in layout.end]

    codes: dict[str, str] = {}
    sq_codes: dict[tuple[str, str], str] = {}
    for kind, obj in plan:
        codes[obj.id] = qcode(obj.id)  # type: ignore[attr-defined]
        if kind == "grid":
            sub = _Codes(20)
            for r in obj.rows:  # type: ignore[attr-defined]
                sq_codes[(obj.id, r.id)] = sub(r.id)  # type: ignore[attr-defined]
                if sq_codes[(obj.id, r.id)] != r.id:  # type: ignore[attr-defined]
                    qcode.renamed[r.id] = sq_codes[(obj.id, r.id)]  # type: ignore[attr-defined]
    if qcode.renamed:
        listed = ", ".join(f"{a} -> {b}" for a, b in qcode.renamed.items())
        warnings.warn(
            SpecWarning(
                f"LimeSurvey codes allow letters and digits only (question codes start with a "
                f"letter, at most 20 characters); renamed: {listed}. Map these columns back "
                "when importing responses, or rename the ids in the YAML"
            ),
            stacklevel=3,
        )

    out: list[dict[str, str]] = []

    def _escape(text: str) -> str:
        return escape(" ".join(text.split()), quote=False).replace('"', "&quot;")

    def add(**kw: str) -> None:
        row = {c: str(kw.get(c.replace("/", "_"), "")) for c in COLUMNS}
        # LimeSurvey shows texts and group names as HTML: & < > become entities, quotes
        # stay readable (tabs and newlines are collapsed to spaces)
        # a text starting with = + - @ gets that character as an entity: LimeSurvey shows
        # it unchanged, a spreadsheet opening the TSV sees no formula (OWASP)
        row["text"] = html_text(_escape(row["text"]))
        if row["class"] == "G":
            row["name"] = html_text(_escape(row["name"]))
        out.append(row)

    add(**{"class": "S", "name": "language", "text": lang})
    add(**{"class": "S", "name": "additional_languages", "text": " ".join(langs[1:])})
    add(**{"class": "S", "name": "format", "text": "G"})
    for lg in langs:
        add(**{"class": "SL", "name": "surveyls_title", "text": ins.tr(ins.title, lg), "language": lg})
        if ins.intro is not None:
            add(**{"class": "SL", "name": "surveyls_welcometext", "text": ins.tr(ins.intro, lg),
                   "language": lg})
        add(**{"class": "SL", "name": "surveyls_endtext", "text": ui(lg, "thanks"), "language": lg})

    for lg in langs:
        ids = iter(range(1, 1_000_000))
        gids = iter(range(1, 1_000_000))

        def background_group(qs: tuple[BackgroundQuestion, ...], lg: str = lg,
                             ids=ids, gids=gids) -> None:
            if not qs:
                return
            add(id=str(next(gids)), **{"class": "G", "name": ui(lg, "background"),
                                        "relevance": "1", "language": lg})
            for q in qs:
                qid = str(next(ids))
                mand = "Y" if q.required else "N"
                text = ins.tr(q.text, lg)
                if q.type == "single":
                    add(id=qid, **{"class": "Q", "type_scale": "L", "name": codes[q.id],
                                   "relevance": "1", "text": text, "language": lg, "mandatory": mand})
                    for code, label in (q.options or {}).items():
                        add(id=qid, **{"class": "A", "type_scale": "0", "name": _answer_code(code),
                                       "relevance": str(code), "text": ins.tr(label, lg), "language": lg})
                elif q.type == "multiple":
                    add(id=qid, **{"class": "Q", "type_scale": "M", "name": codes[q.id],
                                   "relevance": "1", "text": text, "language": lg, "mandatory": mand})
                    for code, label in (q.options or {}).items():
                        add(id=str(next(ids)), **{"class": "SQ", "type_scale": "0",
                                                  "name": f"O{_answer_code(code)}", "relevance": "1",
                                                  "text": ins.tr(label, lg), "language": lg})
                elif q.type == "number":
                    integral = all(v is None or float(v).is_integer() for v in (q.min, q.max))
                    add(id=qid, **{"class": "Q", "type_scale": "N", "name": codes[q.id],
                                   "relevance": "1", "text": text, "language": lg, "mandatory": mand,
                                   "min_num_value_n": fmt_num(q.min), "max_num_value_n": fmt_num(q.max),
                                   "num_value_int_only": "1" if integral else ""})
                else:
                    add(id=qid, **{"class": "Q", "type_scale": "T", "name": codes[q.id],
                                   "relevance": "1", "text": text, "language": lg, "mandatory": mand})

        background_group(layout.start)
        for g in layout.grids:
            title = ins.tr(g.title, lg) if g.title is not None else codes[g.id]
            add(id=str(next(gids)), **{"class": "G", "name": title, "relevance": "1", "language": lg})
            qid = str(next(ids))
            if g.numeric:
                add(id=qid, **{"class": "Q", "type_scale": "K", "name": codes[g.id], "relevance": "1",
                               "text": ui(lg, "numeric_instructions"), "language": lg, "mandatory": "N",
                               "min_num_value_n": fmt_num(g.scale.min),
                               "max_num_value_n": fmt_num(g.scale.max)})
            else:
                add(id=qid, **{"class": "Q", "type_scale": "F", "name": codes[g.id], "relevance": "1",
                               "text": ui(lg, "instructions"), "language": lg, "mandatory": "N"})
            for r in g.rows:
                add(id=str(next(ids)), **{"class": "SQ", "type_scale": "0",
                                          "name": sq_codes[(g.id, r.id)], "relevance": "1",
                                          "text": ins.tr(r.text, lg), "language": lg})
            if not g.numeric:
                for code, label in zip(g.scale.codes, point_labels(g.scale, lg), strict=True):
                    add(id=qid, **{"class": "A", "type_scale": "0", "name": _answer_code(code),
                                   "relevance": str(code), "text": label, "language": lg})
        background_group(layout.end)
    return out


def render_limesurvey(ins: Instrument, layout: Layout, lang: str) -> str:
    """The survey structure as LimeSurvey TSV text (UTF-8 with BOM, like LimeSurvey's export)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in limesurvey_rows(ins, layout, lang):
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()
