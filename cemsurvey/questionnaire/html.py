"""Printable, self-contained HTML questionnaire.

One page per construct when printed (CSS ``break-before: page``), a Likert grid with the
scale's labels as column headers and a tick box per point, background questions as
radio/checkbox lists and number/text boxes. The document carries ``lang`` and, for
right-to-left languages (Persian, Arabic, Urdu...), ``dir="rtl"`` with a font stack that
has Persian glyphs. Every text that comes from the YAML file is HTML-escaped, so a
statement containing ``<script>`` prints literally. The page needs no network and no
script: the tick boxes are real radio/checkbox inputs styled as squares, so the same
file works on screen and on paper.

Checked with headless Chromium (tests/questionnaire/test_design_screenshot.py): the
Persian page renders right-aligned with its grid, without console errors.
"""

from __future__ import annotations

from html import escape

from cemsurvey.instrument.model import BackgroundQuestion, Instrument
from cemsurvey.questionnaire.common import (
    LTR_FONT_STACK,
    RTL_FONT_STACK,
    fmt_num,
    is_rtl,
    local_number,
    point_labels,
    range_text,
    statement_numbers,
    ui,
)
from cemsurvey.questionnaire.layout import Grid, Layout

_CSS = """
:root { --ink: #111; --muted: #666; --rule: #bbb; }
* { box-sizing: border-box; }
html { font-family: %(font)s; color: var(--ink); font-size: 11pt; line-height: 1.45; }
body { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; margin: 0 0 .4rem; }
.intro { margin: 0 0 1.25rem; white-space: pre-line; }
.note { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
section.block { margin: 0 0 1.75rem; break-inside: avoid; }
section.construct { break-before: page; }
section.construct.first { break-before: auto; }
table.grid { width: 100%%; border-collapse: collapse; table-layout: auto; }
table.grid th, table.grid td { border-bottom: 1px solid var(--rule); padding: .35rem .3rem;
  vertical-align: middle; }
table.grid thead th { font-weight: 600; font-size: .85rem; text-align: center;
  vertical-align: bottom; border-bottom: 2px solid var(--ink); }
table.grid thead th.stmt { text-align: start; }
table.grid td.stmt { text-align: start; width: 55%%; }
table.grid td.point { text-align: center; width: calc(45%% / var(--points)); }
table.grid tbody tr:nth-child(even) { background: #f6f6f6; }
.code { color: var(--muted); font-size: .7rem; font-family: "DejaVu Sans Mono", monospace;
  margin: 0 .4rem; unicode-bidi: isolate; direction: ltr; display: inline-block; }
.pcode { display: block; color: var(--muted); font-size: .7rem; font-weight: 400; }
input.box { appearance: none; -webkit-appearance: none; width: 1.05rem; height: 1.05rem;
  border: 1.5px solid var(--ink); border-radius: 2px; margin: 0; vertical-align: middle;
  background: #fff; cursor: pointer; }
input.box:checked { background: var(--ink); box-shadow: inset 0 0 0 2px #fff; }
input.line { border: none; border-bottom: 1px solid var(--ink); min-width: 8rem;
  font: inherit; background: transparent; }
input.num { width: 7rem; min-width: 0; }
ul.options { list-style: none; padding: 0; margin: .2rem 0 0; display: flex; flex-wrap: wrap;
  gap: .35rem 1.5rem; }
ul.options li label { display: inline-flex; gap: .4rem; align-items: center; }
ul.options .code { margin: 0; }  /* keep an option's code next to its own label */
.bgq { margin: 0 0 1rem; break-inside: avoid; }
.bgq .qtext { font-weight: 600; }
.req { color: var(--muted); font-size: .8rem; }
.hint { color: var(--muted); font-size: .85rem; }
footer { margin-top: 2rem; color: var(--muted); }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  table.grid tbody tr:nth-child(even) { background: none; }
  table.grid tr { break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _code(ident: str, show: bool) -> str:
    return f'<span class="code">{_e(ident)}</span>' if show else ""


def _qn(numbers: dict[str, int], row_id: str, lang: str) -> str:
    """The statement's number in the language's digits (Persian: ۱۲.)."""
    n = numbers.get(row_id)
    return f'<span class="qn">{local_number(n, lang)}.</span> ' if n is not None else ""


def _grid(ins: Instrument, g: Grid, lang: str, show_codes: bool, first: bool,
          numbers: dict[str, int]) -> str:
    classes = "block construct" + (" first" if first else "")
    out = [f'<section class="{classes}" id="{_e(g.id)}">']
    if g.title is not None:
        out.append(f"<h2>{_code(g.id, show_codes)}{_e(ins.tr(g.title, lang))}</h2>")
    if g.numeric:
        rng = range_text(g.scale.min, g.scale.max, lang)
        note = ui(lang, "numeric_instructions") + (f" ({rng})" if rng else "")
        out.append(f'<p class="note">{_e(note)}</p>')
        out.append('<table class="grid numeric" style="--points: 1">')
        out.append(
            f'<thead><tr><th class="stmt" scope="col">{_e(ui(lang, "statement"))}</th>'
            f'<th scope="col">{_e(ui(lang, "answer"))}</th></tr></thead><tbody>'
        )
        lo = f' min="{_e(fmt_num(g.scale.min))}"' if g.scale.min is not None else ""
        hi = f' max="{_e(fmt_num(g.scale.max))}"' if g.scale.max is not None else ""
        for r in g.rows:
            out.append(
                f'<tr><td class="stmt">{_qn(numbers, r.id, lang)}{_code(r.id, show_codes)}'
                f'{_e(ins.tr(r.text, lang))}</td>'
                f'<td class="point"><input class="line num" type="number" step="any" '
                f'name="{_e(r.id)}"{lo}{hi} aria-label="{_e(r.id)}"></td></tr>'
            )
        out.append("</tbody></table></section>")
        return "\n".join(out)

    labels = point_labels(g.scale, lang)
    codes = g.scale.codes
    out.append(f'<p class="note">{_e(ui(lang, "instructions"))}</p>')
    out.append(f'<table class="grid" style="--points: {len(codes)}">')
    head = [f'<th class="stmt" scope="col">{_e(ui(lang, "statement"))}</th>']
    for code, label in zip(codes, labels, strict=True):
        pc = (f'<span class="pcode">{local_number(code, lang)}</span>'
              if show_codes and label != str(code) else "")
        head.append(f'<th scope="col">{_e(label)}{pc}</th>')
    out.append(f"<thead><tr>{''.join(head)}</tr></thead><tbody>")
    for r in g.rows:
        text = ins.tr(r.text, lang)
        cells = [f'<td class="stmt">{_qn(numbers, r.id, lang)}{_code(r.id, show_codes)}'
                 f'{_e(text)}</td>']
        for code, label in zip(codes, labels, strict=True):
            cells.append(
                f'<td class="point"><input class="box" type="radio" name="{_e(r.id)}" '
                f'value="{code}" aria-label="{_e(label)}"></td>'
            )
        out.append(f'<tr data-kind="{r.kind}">{"".join(cells)}</tr>')
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _background(ins: Instrument, qs: tuple[BackgroundQuestion, ...], lang: str, show_codes: bool) -> str:
    if not qs:
        return ""
    out = ['<section class="block background">', f"<h2>{_e(ui(lang, 'background'))}</h2>"]
    for q in qs:
        req = f' <span class="req">({_e(ui(lang, "required"))})</span>' if q.required else ""
        out.append(f'<div class="bgq" id="{_e(q.id)}">')
        out.append(f'<p class="qtext">{_code(q.id, show_codes)}{_e(ins.tr(q.text, lang))}{req}</p>')
        if q.type in ("single", "multiple"):
            kind = "radio" if q.type == "single" else "checkbox"
            hint = ui(lang, "select_one" if q.type == "single" else "select_all")
            out.append(f'<p class="hint">{_e(hint)}</p><ul class="options">')
            for code, label in (q.options or {}).items():
                text = _e(ins.tr(label, lang))
                pc = f' <span class="code">{local_number(code, lang)}</span>' if show_codes else ""
                out.append(
                    f'<li><label><input class="box" type="{kind}" name="{_e(q.id)}" '
                    f'value="{code}">{text}{pc}</label></li>'
                )
            out.append("</ul>")
        elif q.type == "number":
            rng = range_text(q.min, q.max, lang)
            lo = f' min="{_e(fmt_num(q.min))}"' if q.min is not None else ""
            hi = f' max="{_e(fmt_num(q.max))}"' if q.max is not None else ""
            hint = ui(lang, "write_number") + (f" ({rng})" if rng else "")
            out.append(
                f'<p><input class="line num" type="number" step="any" name="{_e(q.id)}"{lo}{hi} '
                f'aria-label="{_e(q.id)}"> <span class="hint">{_e(hint)}</span></p>'
            )
        else:
            out.append(
                f'<p><input class="line" type="text" name="{_e(q.id)}" style="width: 100%" '
                f'aria-label="{_e(ui(lang, "write_text"))}"></p>'
            )
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def render_html(ins: Instrument, layout: Layout, lang: str, *, item_codes: bool = False) -> str:
    """Render the questionnaire as one self-contained HTML page.

    Parameters
    ----------
    ins
        The instrument (texts).
    layout
        Presentation order from :func:`cemsurvey.questionnaire.layout.build_layout`.
    lang
        Language of the page; right-to-left languages get ``dir="rtl"``.
    item_codes
        Print each item's id in small type before its text (for data entry).
    """
    rtl = is_rtl(lang)
    title = ins.tr(ins.title, lang)
    css = _CSS % {"font": RTL_FONT_STACK if rtl else LTR_FONT_STACK}
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}" dir="{"rtl" if rtl else "ltr"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="cemsurvey design">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
    ]
    if ins.intro is not None:
        parts.append(f'<p class="intro">{_e(ins.tr(ins.intro, lang))}</p>')
    parts.append("</header>")
    parts.append("<main>")
    bg = _background(ins, layout.start, lang, item_codes)
    if bg:
        parts.append(bg)
    numbers = statement_numbers(layout)
    for i, g in enumerate(layout.grids):
        parts.append(_grid(ins, g, lang, item_codes, first=(i == 0 and not bg), numbers=numbers))
    bg = _background(ins, layout.end, lang, item_codes)
    if bg:
        parts.append(bg)
    parts.append("</main>")
    parts.append(f"<footer><p>{_e(ui(lang, 'thanks'))}</p></footer>")
    parts.append("</body>")
    parts.append("</html>")
    return "\n".join(parts) + "\n"
