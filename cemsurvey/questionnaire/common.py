"""Helpers shared by the questionnaire renderers: languages, fixed UI text, labels.

Everything here is pure and small: language names for platform formats, the set of
right-to-left languages, the handful of fixed sentences a questionnaire needs in each
language ("tick one box in each row"), and the readable labels of a scale's points.
"""

from __future__ import annotations

import hashlib
import re

from cemsurvey.errors import SpecError
from cemsurvey.instrument.model import Instrument, Scale

#: Languages written right to left (ISO 639 codes), rendered with ``dir="rtl"``.
RTL_LANGUAGES: frozenset[str] = frozenset(
    {"ar", "fa", "ur", "he", "ps", "ckb", "sd", "ug", "yi", "dv", "prs", "azb", "glk", "mzn", "lrc"}
)

#: English names of common language codes, for ``label::Persian (fa)`` style columns.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "fa": "Persian", "ar": "Arabic", "ur": "Urdu", "tr": "Turkish",
    "ku": "Kurdish", "ckb": "Central Kurdish", "az": "Azerbaijani", "azb": "South Azerbaijani",
    "ps": "Pashto", "prs": "Dari", "he": "Hebrew", "fr": "French", "de": "German",
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "ru": "Russian", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "hi": "Hindi", "bn": "Bengali", "id": "Indonesian",
    "ms": "Malay", "nl": "Dutch", "sv": "Swedish", "pl": "Polish", "el": "Greek",
}

#: Persian-capable font stack for HTML (Vazirmatn first where installed).
RTL_FONT_STACK = '"Vazirmatn", "Noto Naskh Arabic", "Noto Sans Arabic", Tahoma, "DejaVu Sans", sans-serif'
LTR_FONT_STACK = '"Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif'

#: Fixed questionnaire sentences per language; unknown languages fall back to English.
UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "instructions": "Please tick one box in each row.",
        "numeric_instructions": "Please write a number in each row.",
        "background": "About you",
        "statement": "Statement",
        "answer": "Your answer",
        "range": "from {min} to {max}",
        "at_least": "at least {min}",
        "at_most": "at most {max}",
        "select_one": "Tick one.",
        "select_all": "Tick all that apply.",
        "write_number": "Write a number",
        "write_text": "Write your answer",
        "required": "required",
        "thanks": "Thank you for taking part.",
        "dimension": "Section",
        "items": "items",
    },
    "fa": {
        "instructions": "لطفاً در هر ردیف فقط یک خانه را علامت بزنید.",
        "numeric_instructions": "لطفاً در هر ردیف یک عدد بنویسید.",
        "background": "اطلاعات پاسخ‌دهنده",
        "statement": "گویه",
        "answer": "پاسخ شما",
        "range": "از {min} تا {max}",
        "at_least": "دست‌کم {min}",
        "at_most": "حداکثر {max}",
        "select_one": "یک گزینه را علامت بزنید.",
        "select_all": "همه گزینه‌های مربوط را علامت بزنید.",
        "write_number": "یک عدد بنویسید",
        "write_text": "پاسخ خود را بنویسید",
        "required": "الزامی",
        "thanks": "از مشارکت شما سپاسگزاریم.",
        "dimension": "بخش",
        "items": "گویه",
    },
    "ar": {
        "instructions": "يرجى وضع علامة في مربع واحد في كل صف.",
        "numeric_instructions": "يرجى كتابة رقم في كل صف.",
        "background": "معلومات عنك",
        "statement": "العبارة",
        "answer": "إجابتك",
        "range": "من {min} إلى {max}",
        "at_least": "على الأقل {min}",
        "at_most": "على الأكثر {max}",
        "select_one": "اختر إجابة واحدة.",
        "select_all": "اختر كل ما ينطبق.",
        "write_number": "اكتب رقمًا",
        "write_text": "اكتب إجابتك",
        "required": "إلزامي",
        "thanks": "شكرًا لمشاركتك.",
        "dimension": "القسم",
        "items": "عبارات",
    },
}


def ui(lang: str, key: str, **fmt: object) -> str:
    """A fixed questionnaire sentence in ``lang`` (English when not translated).

    >>> ui("fa", "range", min=1, max=7)
    'از 1 تا 7'
    """
    text = UI_TEXT.get(lang, UI_TEXT["en"]).get(key) or UI_TEXT["en"][key]
    return text.format(**fmt) if fmt else text


def is_rtl(lang: str) -> bool:
    """True for right-to-left languages (base code before any ``-`` region suffix)."""
    return lang.split("-")[0].lower() in RTL_LANGUAGES


def language_label(lang: str) -> str:
    """ODK-style language label, e.g. ``'Persian (fa)'``.

    >>> language_label("fa"), language_label("xx")
    ('Persian (fa)', 'xx (xx)')
    """
    return f"{LANGUAGE_NAMES.get(lang.split('-')[0].lower(), lang)} ({lang})"


def resolve_lang(ins: Instrument, lang: str | None) -> str:
    """The language to render: ``lang`` if the instrument declares it, else its first.

    Raises
    ------
    SpecError
        When ``lang`` is not one of the instrument's languages (the message lists them).
    """
    if lang is None:
        return ins.languages[0]
    if lang not in ins.languages:
        raise SpecError(
            f"language '{lang}' is not one of the instrument's languages "
            f"({', '.join(ins.languages)}); pass --lang {ins.languages[0]} or add '{lang}' "
            "to 'languages' with its texts"
        )
    return lang


def fmt_num(x: float | None) -> str:
    """A bound as short text: ``18.0 -> '18'``, ``2.5 -> '2.5'``, ``None -> ''``."""
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def point_labels(scale: Scale, lang: str) -> list[str]:
    """Labels of a Likert scale's points in ``lang`` (the codes when no labels are given).

    Falls back to another language's labels before falling back to the codes.
    """
    codes = scale.codes
    labels = scale.labels.get(lang)
    if labels is None and scale.labels:
        labels = next(iter(scale.labels.values()))
    if labels is None or len(labels) != len(codes):
        return [str(c) for c in codes]
    return list(labels)


#: Native digits (and decimal separator) for numbers in running text, by language.
_DIGITS: dict[str, tuple[str, str]] = {
    "fa": ("۰۱۲۳۴۵۶۷۸۹", "٫"),
    "ar": ("٠١٢٣٤٥٦٧٨٩", "٫"),
}


def local_number(x: float | None, lang: str) -> str:
    """A bound as text in ``lang``'s own digits (Persian ``۶۰۰``), for sentences a
    respondent reads; codes and machine-read values keep ASCII digits (:func:`fmt_num`).

    >>> local_number(600, "fa"), local_number(2.5, "ar"), local_number(-3, "en")
    ('۶۰۰', '٢٫٥', '-3')
    """
    text = fmt_num(x)
    digits = _DIGITS.get(lang.split("-")[0].lower())
    if digits is None:
        return text
    native, point = digits
    return text.translate(str.maketrans("0123456789.", native + point))


def statement_numbers(layout: object) -> dict[str, int]:
    """Row id -> its number (1, 2, ...) over every grid statement in presentation order."""
    rows = (r for g in getattr(layout, "grids", ()) for r in g.rows)
    return {r.id: i for i, r in enumerate(rows, start=1)}


def range_text(lo: float | None, hi: float | None, lang: str) -> str:
    """``'from 1 to 10'`` / ``'at least 0'`` / ``''`` in ``lang`` (and its digits).

    >>> range_text(0, 600, "fa"), range_text(1, None, "en")
    ('از ۰ تا ۶۰۰', 'at least 1')
    """
    if lo is not None and hi is not None:
        return ui(lang, "range", min=local_number(lo, lang), max=local_number(hi, lang))
    if lo is not None:
        return ui(lang, "at_least", min=local_number(lo, lang))
    if hi is not None:
        return ui(lang, "at_most", max=local_number(hi, lang))
    return ""


def instrument_fingerprint(ins: Instrument) -> str:
    """A short, stable hash of the instrument's content (form versions, survey ids)."""
    # fields left at their defaults are left out, so a new optional schema field does not
    # change the hash of instruments that do not use it
    return hashlib.sha256(ins.model_dump_json(exclude_defaults=True).encode("utf-8")).hexdigest()[:10]


def slug(text: str, default: str = "survey") -> str:
    """An ASCII identifier from free text: ``'My survey!' -> 'my_survey'``."""
    s = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not s or not s[0].isalpha():
        s = f"{default}_{s}" if s else default
    return s[:40]
