"""Questionnaire renderers: one instrument YAML -> printable and platform formats.

Call :func:`render` with a loaded instrument and a format name from :data:`FORMATS`;
it returns ``str`` (text formats) or ``bytes`` (``xlsform``). Every format reads the
same presentation order (:func:`cemsurvey.questionnaire.layout.build_layout`), so with
the same ``seed`` a shuffled paper version and its platform version agree.

Formats
-------
``html``        printable self-contained page (RTL for Persian/Arabic/Urdu)
``markdown``    Markdown tables
``codebook``    CSV: one row per variable with codes and labels in every language
``xlsform``     .xlsx for KoboToolbox/ODK (all languages)
``limesurvey``  LimeSurvey tab-separated survey structure (all languages)
``qualtrics``   Qualtrics Advanced Format TXT (one language)
``lavaan``      lavaan model syntax (measurement model and paths)

Examples
--------
>>> from cemsurvey.instrument.model import Instrument, Construct, Item
>>> c = Construct(id="SAT", name="Satisfaction", items=[Item(id=f"SAT{k}", text="t") for k in (1, 2, 3)])
>>> print(render(Instrument(title="T", constructs=[c]), "lavaan").splitlines()[-1])
SAT =~ SAT1 + SAT2 + SAT3
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cemsurvey.errors import CemsurveyError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import Level
from cemsurvey.questionnaire.codebook import render_codebook
from cemsurvey.questionnaire.common import resolve_lang
from cemsurvey.questionnaire.html import render_html
from cemsurvey.questionnaire.lavaan import default_level, render_lavaan
from cemsurvey.questionnaire.layout import Layout, build_layout
from cemsurvey.questionnaire.limesurvey import render_limesurvey
from cemsurvey.questionnaire.markdown import render_markdown
from cemsurvey.questionnaire.qualtrics import render_qualtrics
from cemsurvey.questionnaire.xlsform import render_xlsform

FormatName = Literal["html", "markdown", "codebook", "xlsform", "limesurvey", "qualtrics", "lavaan"]


@dataclass(frozen=True)
class FormatInfo:
    """What a format is and the file extension its output gets."""

    name: str
    extension: str
    binary: bool
    description: str


#: The formats :func:`render` knows, in help order.
FORMATS: dict[str, FormatInfo] = {
    f.name: f
    for f in (
        FormatInfo("html", "html", False, "printable questionnaire (one Likert grid per construct)"),
        FormatInfo("markdown", "md", False, "Markdown questionnaire"),
        FormatInfo("codebook", "csv", False, "CSV codebook: variables, codes, labels, reverse keying"),
        FormatInfo("xlsform", "xlsx", True, "XLSForm for KoboToolbox / ODK"),
        FormatInfo("limesurvey", "txt", False, "LimeSurvey tab-separated survey structure"),
        FormatInfo("qualtrics", "txt", False, "Qualtrics Advanced Format TXT (one language)"),
        FormatInfo("lavaan", "lavaan", False, "lavaan model syntax"),
    )
}


def render(
    ins: Instrument,
    fmt: str,
    *,
    lang: str | None = None,
    shuffle: bool = False,
    seed: int | None = None,
    item_codes: bool = False,
    level: Level | None = None,
) -> str | bytes:
    """Render an instrument in one format.

    Parameters
    ----------
    ins
        A validated instrument (:func:`cemsurvey.instrument.load_instrument`).
    fmt
        A key of :data:`FORMATS`.
    lang
        Language of single-language formats (``html``, ``markdown``, ``qualtrics``,
        ``lavaan`` comments) and the default/base language of multilingual ones; must be
        one of ``ins.languages`` (default: the first).
    shuffle, seed
        Shuffle items within each construct with this integer seed (never across
        constructs); ``seed`` is required when ``shuffle`` is true.
    item_codes
        Show item ids and answer codes in small type (``html``, ``markdown``); a
        questionnaire for respondents shows none by default.
    level
        ``lavaan`` only: ``"first"``, ``"second"`` or ``"structural"`` (default:
        structural when the instrument has paths, else first).

    Returns
    -------
    str or bytes
        Text, or ``.xlsx`` bytes for ``xlsform``.

    Raises
    ------
    CemsurveyError
        Unknown format, a language the instrument does not declare, or ``shuffle``
        without ``seed``.
    """
    if fmt not in FORMATS:
        raise CemsurveyError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    lg = resolve_lang(ins, lang)
    if shuffle and seed is None:
        raise CemsurveyError("--shuffle needs --seed N so the order can be reproduced")
    if fmt == "lavaan":
        return render_lavaan(ins, lg, level=level)
    layout = build_layout(ins, shuffle=shuffle, seed=seed)
    if fmt == "html":
        return render_html(ins, layout, lg, item_codes=item_codes)
    if fmt == "markdown":
        return render_markdown(ins, layout, lg, item_codes=item_codes)
    if fmt == "codebook":
        # every language by default; one language when asked for
        return render_codebook(ins, layout, None if lang is None else [lg])
    if fmt == "xlsform":
        return render_xlsform(ins, layout, lg)
    if fmt == "limesurvey":
        return render_limesurvey(ins, layout, lg)
    return render_qualtrics(ins, layout, lg)


__all__ = [
    "FORMATS",
    "FormatInfo",
    "FormatName",
    "Layout",
    "build_layout",
    "default_level",
    "render",
]
