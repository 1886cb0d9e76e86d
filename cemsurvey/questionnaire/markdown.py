"""Markdown questionnaire: one table per construct, ☐ boxes, background as lists.

Text from the YAML file is escaped for Markdown (``|``, ``*``, ``_``, backticks,
brackets, ``#``, ``<``...), so a statement never turns into markup or raw HTML.
Right-to-left languages are wrapped in ``<div dir="rtl" lang="..">`` (rendered by
GitHub, GitLab, Pandoc and most Markdown viewers).
"""

from __future__ import annotations

import re

from cemsurvey.instrument.model import BackgroundQuestion, Instrument
from cemsurvey.questionnaire.common import (
    is_rtl,
    local_number,
    point_labels,
    range_text,
    statement_numbers,
    ui,
)
from cemsurvey.questionnaire.layout import Grid, Layout

BOX = "☐"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def md_escape(text: str) -> str:
    """Escape ``text`` so Markdown shows it literally, on one line.

    ``& < >`` become entities (no raw HTML), inline markup characters get a
    backslash, and a leading list marker (``-``, ``+``, ``1.``) is neutralised.

    >>> md_escape("a|b <script> *x* & y")
    'a\\\\|b &lt;script&gt; \\\\*x\\\\* &amp; y'
    >>> md_escape("- 1. fine")
    '\\\\- 1. fine'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: (m.group(1) + "\\" + m.group(2)) if m.group(1) else "\\" + m.group(3), text)


def _code(ident: str, show: bool) -> str:
    return f"`{ident}` " if show else ""


def _qn(numbers: dict[str, int], row_id: str, lang: str) -> str:
    """The statement's number in the language's digits (Persian: ۱۲.)."""
    n = numbers.get(row_id)
    return f"{local_number(n, lang)}. " if n is not None else ""


def _grid(ins: Instrument, g: Grid, lang: str, show: bool, numbers: dict[str, int]
          ) -> list[str]:
    out: list[str] = []
    if g.title is not None:
        out += [f"## {_code(g.id, show)}{md_escape(ins.tr(g.title, lang))}", ""]
    if g.numeric:
        rng = range_text(g.scale.min, g.scale.max, lang)
        out += [md_escape(ui(lang, "numeric_instructions") + (f" ({rng})" if rng else "")), ""]
        out.append(f"| {md_escape(ui(lang, 'statement'))} | {md_escape(ui(lang, 'answer'))} |")
        out.append("|---|---|")
        for r in g.rows:
            out.append(f"| {_qn(numbers, r.id, lang)}{_code(r.id, show)}"
                       f"{md_escape(ins.tr(r.text, lang))} | ______ |")
        return out + [""]
    labels = point_labels(g.scale, lang)
    codes = g.scale.codes
    out += [md_escape(ui(lang, "instructions")), ""]
    heads = [
        md_escape(lab) + (f" ({local_number(c, lang)})" if show and lab != str(c) else "")
        for c, lab in zip(codes, labels, strict=True)
    ]
    out.append(f"| {md_escape(ui(lang, 'statement'))} | " + " | ".join(heads) + " |")
    out.append("|---|" + ":-:|" * len(codes))
    for r in g.rows:
        out.append(
            f"| {_qn(numbers, r.id, lang)}{_code(r.id, show)}{md_escape(ins.tr(r.text, lang))} | "
            + " | ".join([BOX] * len(codes))
            + " |"
        )
    return out + [""]


def _background(ins: Instrument, qs: tuple[BackgroundQuestion, ...], lang: str, show: bool) -> list[str]:
    if not qs:
        return []
    out = [f"## {md_escape(ui(lang, 'background'))}", ""]
    for q in qs:
        req = f" ({md_escape(ui(lang, 'required'))})" if q.required else ""
        out.append(f"**{_code(q.id, show)}{md_escape(ins.tr(q.text, lang))}**{req}")
        out.append("")
        if q.type in ("single", "multiple"):
            out.append(md_escape(ui(lang, "select_one" if q.type == "single" else "select_all")))
            out.append("")
            for code, label in (q.options or {}).items():
                pc = f" ({local_number(code, lang)})" if show else ""
                out.append(f"- {BOX} {md_escape(ins.tr(label, lang))}{pc}")
        elif q.type == "number":
            rng = range_text(q.min, q.max, lang)
            out.append(f"{md_escape(ui(lang, 'write_number'))}{f' ({rng})' if rng else ''}: ______")
        else:
            out.append(f"{md_escape(ui(lang, 'write_text'))}: ________________________________")
        out.append("")
    return out


def render_markdown(ins: Instrument, layout: Layout, lang: str, *, item_codes: bool = False
                    ) -> str:
    """Render the questionnaire as Markdown (one table per construct)."""
    rtl = is_rtl(lang)
    out: list[str] = []
    if rtl:
        out += [f'<div dir="rtl" lang="{lang}">', ""]
    out += [f"# {md_escape(ins.tr(ins.title, lang))}", ""]
    if ins.intro is not None:
        out += [md_escape(ins.tr(ins.intro, lang)), ""]
    out += _background(ins, layout.start, lang, item_codes)
    numbers = statement_numbers(layout)
    for g in layout.grids:
        out += _grid(ins, g, lang, item_codes, numbers)
    out += _background(ins, layout.end, lang, item_codes)
    out += [md_escape(ui(lang, "thanks")), ""]
    if rtl:
        out += ["</div>", ""]
    return "\n".join(out)
