"""Qualtrics survey in the Advanced Format TXT import format, one language per file.

Layout (Qualtrics support: "Preparing an Advanced Format TXT file")::

    [[AdvancedFormat]]
    [[Block:<name>]]
    [[Question:Matrix]]            one per construct: statements under [[Choices]],
    [[ID:<construct>]]             scale labels under [[Answers]]
    [[Question:MC:SingleAnswer]]   single-choice background questions
    [[Question:MC:MultipleAnswer]] multiple-choice background questions
    [[Question:TE:SingleLine]]     number and text background questions
    [[Question:TE:Form]]           numeric-scale constructs (one box per statement)

Attention checks are ordinary statements of their host construct's matrix. Qualtrics
renders question text as HTML, so every text is HTML-escaped (and ``[`` written as an
entity, so a statement can never be read as a ``[[tag]]``); each text is kept on one
line. Qualtrics numbers a question's answers 1..k in order: when a scale's codes or a
choice question's option codes are not 1..k, a :class:`~cemsurvey.errors.SpecWarning`
says which recode values to set after import.
"""

from __future__ import annotations

import warnings
from html import escape

from cemsurvey.errors import SpecWarning
from cemsurvey.instrument.model import BackgroundQuestion, Instrument
from cemsurvey.questionnaire.common import point_labels, range_text, ui
from cemsurvey.questionnaire.layout import Layout


def q_escape(text: str) -> str:
    """One-line, HTML-escaped text that cannot open a ``[[tag]]``.

    >>> q_escape("a <b> & [[Block:x]]\\nnext")
    'a &lt;b&gt; &amp; &#91;&#91;Block:x]] next'
    """
    return escape(" ".join(text.split()), quote=False).replace("[", "&#91;")


def render_qualtrics(ins: Instrument, layout: Layout, lang: str) -> str:
    """The questionnaire in ``lang`` as Qualtrics Advanced Format TXT."""
    out: list[str] = ["[[AdvancedFormat]]", ""]
    recode: list[str] = []

    def block(name: str) -> None:
        # block names are plain text in the survey editor (not HTML): no entities, but no
        # brackets either, so a name can never close or open a tag
        plain = " ".join(name.split()).replace("[", "(").replace("]", ")")
        out.extend([f"[[Block:{plain}]]", ""])

    def background(qs: tuple[BackgroundQuestion, ...], name: str) -> None:
        if not qs:
            return
        block(name)
        for q in qs:
            text = q_escape(ins.tr(q.text, lang))
            if q.type in ("single", "multiple"):
                kind = "SingleAnswer" if q.type == "single" else "MultipleAnswer"
                out.extend([f"[[Question:MC:{kind}]]", f"[[ID:{q.id}]]", text, "[[Choices]]"])
                opts = q.options or {}
                out.extend([q_escape(ins.tr(v, lang)) for v in opts.values()])
                if list(opts) != list(range(1, len(opts) + 1)):
                    recode.append(f"{q.id}: {', '.join(map(str, opts))}")
            else:
                hint = range_text(q.min, q.max, lang) if q.type == "number" else ""
                if hint:
                    text += f" ({q_escape(hint)})"
                out.extend(["[[Question:TE:SingleLine]]", f"[[ID:{q.id}]]", text])
            out.append("")

    if ins.intro is not None:
        block(ins.tr(ins.title, lang))
        out.extend(["[[Question:DB]]", "[[ID:intro]]", q_escape(ins.tr(ins.intro, lang)), ""])
    background(layout.start, ui(lang, "background"))
    for g in layout.grids:
        title = ins.tr(g.title, lang) if g.title is not None else g.id
        block(f"{g.id} {title}" if g.title is not None else g.id)
        if g.numeric:
            rng = range_text(g.scale.min, g.scale.max, lang)
            head = f"{q_escape(title)}: {q_escape(ui(lang, 'numeric_instructions'))}"
            if rng:
                head += f" ({q_escape(rng)})"
            out.extend(["[[Question:TE:Form]]", f"[[ID:{g.id}]]", head, "[[Choices]]"])
            out.extend([q_escape(ins.tr(r.text, lang)) for r in g.rows])
        else:
            head = f"{q_escape(title)}: {q_escape(ui(lang, 'instructions'))}"
            out.extend(["[[Question:Matrix]]", f"[[ID:{g.id}]]", head, "[[Choices]]"])
            out.extend([q_escape(ins.tr(r.text, lang)) for r in g.rows])
            out.append("[[Answers]]")
            out.extend([q_escape(lab) for lab in point_labels(g.scale, lang)])
            codes = g.scale.codes
            if codes != list(range(1, len(codes) + 1)):
                recode.append(f"{g.id}: {', '.join(map(str, codes))}")
        out.append("")
    end_name = ui(lang, "background") + (" (2)" if layout.start else "")
    background(layout.end, end_name)
    if recode:
        warnings.warn(
            SpecWarning(
                "Qualtrics numbers answers 1..k; after import set these recode values "
                f"(Recode values in each question's menu): {'; '.join(recode)}"
            ),
            stacklevel=2,
        )
    return "\n".join(out).rstrip("\n") + "\n"
