"""Translating the report's user-facing strings: a message catalogue keyed by the English text.

English is the source language: every renderer writes English, and a :class:`Translator`
turns each string the reader sees (headings, table titles, column headers, statistic
names, verdict rules, sentences, notes, figure labels) into the target language through
one catalogue per language (``cemsurvey/report/locales/<lang>*.py``: plain dicts, so
nothing heavier than a dict loads and ``cemsurvey --help`` stays light).

A catalogue key is either a literal English string or a template with ``{name}``
placeholders, e.g. ``"Cronbach's alpha ranged from {lo} to {hi}."``. A template matches a
whole string; the captured parts are translated in turn (a statistic name inside a
sentence) and put into the translated template. Strings with no entry stay English and
are recorded in :attr:`Translator.missing`, which the tests read to list untranslated
strings. Numbers, item codes, abbreviations and citations are left as they are.

The command line's one-line errors and warnings have a catalogue of their own
(``locales/<lang>_errors.py``), read by :meth:`Translator.message`: there a placeholder is a
value (file name, column, number) kept exactly as found, and a message with no entry stays
English whole.

``digits="fa"`` writes Persian digits (۰-۹) and the Persian decimal separator (٫) in
numbers of tables and sentences; JSON is never translated.

Adding a module's strings: add its English strings (or templates) as keys to the
language's catalogue module with their translations; ``tests/report/test_i18n.py``
renders the reports in Persian and lists every string still missing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from cemsurvey.report.tables import Table, Verdict, persian_digits

LANGS = ("en", "fa")
_Patterns = tuple[re.Pattern[str], re.Pattern[str]]
_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
# text with no letters (numbers, marks, dashes) or a bare code/abbreviation needs no entry
_NO_WORDS = re.compile(r"^[^A-Za-z]*$")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
# what a message's location looks like: a path (spaces allowed), then :line and :column
_LOCATION = re.compile(r"^[^;()=,]{1,4096}(:\d+){0,2}$")


@lru_cache(maxsize=4)
def catalogue(lang: str) -> tuple[dict[str, str], tuple[tuple[_Patterns, str], ...]]:
    """The literal entries and the compiled templates of ``lang``'s catalogue (each template
    as a lazy and a greedy pattern: a part that itself holds the text after it, such as
    ``Yamane (1967)`` before `` (668 invitations``, is matched greedily when the lazy
    match leaves a part untranslated)."""
    if lang == "fa":
        from cemsurvey.report.locales import fa, fa_commands, fa_groups, fa_methods, fa_pls
        MESSAGES = {**fa.MESSAGES, **fa_methods.MESSAGES, **fa_pls.MESSAGES,
                    **fa_groups.MESSAGES, **fa_commands.MESSAGES}
    else:
        return {}, ()
    literal = {k: v for k, v in MESSAGES.items() if not _PLACEHOLDER.search(k)}
    templates = []
    for key, value in MESSAGES.items():
        if _PLACEHOLDER.search(key):
            rx = re.escape(key)
            lazy = re.sub(r"\\\{([a-z_0-9]+)\\\}", r"(?P<\1>.+?)", rx)
            greedy = re.sub(r"\\\{([a-z_0-9]+)\\\}", r"(?P<\1>.+)", rx)
            templates.append(((re.compile(lazy + r"\Z", re.S), re.compile(greedy + r"\Z", re.S)),
                              value, key))
    # most literal text (most specific) first; templates opening with a placeholder (list
    # separators such as "{a}; {rest}") last, in the catalogue's order
    order = {k: i for i, k in enumerate(MESSAGES)}
    templates.sort(key=lambda t: (t[2].startswith("{"), order[t[2]] if t[2].startswith("{")
                                  else -len(_PLACEHOLDER.sub("", t[2]))))
    return literal, tuple((rx, v) for rx, v, _ in templates)


@lru_cache(maxsize=4)
def message_catalogue(lang: str) -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """The literal entries and the compiled templates of ``lang``'s catalogue of command-line
    messages, the templates with the most literal text first."""
    if lang != "fa":
        return {}, ()
    from cemsurvey.report.locales.fa_errors import MESSAGES

    literal = {k: v for k, v in MESSAGES.items() if not _PLACEHOLDER.search(k)}
    keys = sorted((k for k in MESSAGES if _PLACEHOLDER.search(k)),
                  key=lambda k: -len(_PLACEHOLDER.sub("", k)))
    return literal, tuple((_message_pattern(k), MESSAGES[k]) for k in keys)


def _message_pattern(key: str) -> re.Pattern[str]:
    """``key`` as a pattern; a placeholder opening the message holds no ``": "``, so a
    location (``x.csv: ``) or an outer message is never taken for a value."""
    rx = re.sub(r"\\\{([a-z_0-9]+)\\\}", r"(?P<\1>.+?)", re.escape(key))
    if key.startswith("{"):
        rx = re.sub(r"^\(\?P<([a-z_0-9]+)>\.\+\?\)", r"(?P<\1>(?:(?!: ).)+?)", rx)
    return re.compile(rx + r"\Z", re.S)


#: Statistical symbols and names kept in Latin script in every language
SYMBOLS = frozenset({
    "n", "N", "p", "t", "z", "F", "U", "H", "c", "df", "chi2", "R", "R2", "R^", "f2", "Q2", "SE",
    "r", "beta", "e-",
    "rho_C", "rho_A", "lambda", "lambda^", "psi", "theta", "theta_ij", "Phi", "diag", "sum",
    "std", "all", "obs", "var", "s^", "fa", "pc", "ns",
    # estimators, methods and software, named as users type them
    "pls", "plsc", "cb-sem", "ml", "mlr", "wlsmv", "minres", "oblimin", "promax", "varimax", "geomin",
    "lavaan", "psych", "semTools", "compRelSEM", "modindices", "describe", "cemsurvey",
    "Fornell-Larcker", "Feldt", "srmr'",
    # symbols of the PLS, method-bias and group tables (l: loading, w: weight, g: Hedges' g,
    # mode A/B) and the software and functions they are checked against
    "l", "l^", "w", "g", "A", "B", "SmartPLS", "seminr", "htmt", "discriminantValidity",
    "lavTestScore", "PLSpredict", "PLSc", "x", "m", "b_x", "b_xm", "f^", "inf",
    # the sample-size table: margin e, Morgan's S, chi-square X², alternative Ha, |p_min|
    "e", "S", "X", "Ha", "p_min"})


def needs_translation(text: str) -> bool:
    """Whether ``text`` holds English words (not a number, a mark, a symbol, a code or a
    file path).

    >>> needs_translation("df"), needs_translation("PE1"), needs_translation("mean")
    (False, False, True)
    """
    t = text.strip()
    if not t or _NO_WORDS.match(t) or ("/" in t and " " not in t):
        return False
    return bool(english_words(t))


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_^'’-]*")


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are English: not a code with digits (``PE1``, ``r14``),
    an abbreviation in capitals (``CFI``) or a statistical symbol (``df``).

    >>> english_words("r14, r17 ... (+2)"), english_words("AVE of PE1 is low")
    ([], ['of', 'is', 'low'])
    """
    return [w for w in _WORD.findall(text)
            if not any(ch.isdigit() for ch in w) and not (w.isupper() and len(w) > 1)
            and w not in SYMBOLS]


class Translator:
    """Translate report strings into ``lang``; ``digits="fa"`` writes Persian numerals.

    >>> Translator("en")("Reliability")
    'Reliability'
    """

    def __init__(self, lang: str | None = None, digits: str | None = None) -> None:
        self.lang = (lang or "en").split("-")[0]
        self.digits = digits
        self.literal, self.templates = catalogue(self.lang)
        self.missing: set[str] = set()
        self._memo: dict[str, tuple[str, frozenset[str]]] = {}

    @property
    def active(self) -> bool:
        return self.lang != "en" or self.digits == "fa"

    def __call__(self, text: str) -> str:
        out = self.text(text) if self.lang != "en" else text
        return self.num(out)

    def num(self, text: str) -> str:
        """``text`` with its numbers in the chosen digits (a file path stays as written)."""
        return persian_digits(text) if self.digits == "fa" else text

    def text(self, text: str, depth: int = 0) -> str:
        """The translation of one string (numbers untouched). Results are remembered per
        translator, so a part shared by many templates is worked out once."""
        if not isinstance(text, str) or self.lang == "en":
            return text
        if (hit := self.literal.get(text)) is not None:
            return hit
        stripped = text.strip()
        if stripped != text and (hit := self.literal.get(stripped)) is not None:
            return hit
        if (memo := self._memo.get(text)) is not None:
            self.missing |= memo[1]
            return memo[0]
        kept, self.missing = self.missing, set()
        out = self._by_template(text, depth)
        found, self.missing = self.missing, kept | self.missing
        self._memo[text] = (out, frozenset(found))
        return out

    def _by_template(self, text: str, depth: int) -> str:
        first: tuple[str, set[str]] | None = None
        for patterns, value in self.templates:
            for rx in patterns:
                m = rx.match(text)
                if not m or depth >= 16:
                    break
                # the first template whose parts all translate; else the first that matched
                kept, self.missing = self.missing, set()
                parts = {k: self.text(v, depth + 1) for k, v in m.groupdict().items()}
                found, self.missing = self.missing, kept
                if not found:
                    return value.format(**parts)
                if first is None:
                    first = (value.format(**parts), found)
        if first is not None:
            self.missing |= first[1]
            return first[0]
        if needs_translation(text):
            self.missing.add(text)
        return text

    def message(self, text: str) -> str:
        """A one-line error or warning of the command line in ``lang``, or ``text`` itself
        when the message catalogue has no entry for it (never a partial translation).

        Values stay as found (a placeholder whose name ends in ``msg`` holds a message,
        translated in turn); a location before the message (``file:line:col: ``) is kept.

        >>> Translator("fa").message("error: x.csv: file exists; pass --force to overwrite it")
        'خطا: x.csv: فایل وجود دارد؛ برای بازنویسی آن گزینه --force را بدهید'
        >>> Translator("fa").message("error: something new")
        'error: something new'
        """
        if self.lang == "en":
            return text
        out = self._message(text, 0, report=False)
        return text if out is None else out

    def warning(self, text: str) -> str:
        """Like :meth:`message`, for a ``warning: ...`` line: a warning the message catalogue
        lacks is looked up in the report's catalogue too (the report shows the same
        warnings), and kept English unless every part of it translates."""
        if self.lang == "en":
            return text
        out = self._message(text, 0, report=True)
        return text if out is None else out

    def _message(self, text: str, depth: int, *, report: bool) -> str | None:
        literal, templates = message_catalogue(self.lang)
        if (hit := literal.get(text)) is not None:
            return hit
        if depth > 8:
            return None
        for rx, value in templates:
            if (m := rx.match(text)) is None:
                continue
            # a value that is itself an entry ("none similar") is translated; others kept
            parts = {k: literal.get(v, v) for k, v in m.groupdict().items()}
            for k in [k for k in parts if k.endswith("msg")]:
                sub = self._message(parts[k], depth + 1, report=report)
                if sub is None:
                    break
                parts[k] = sub
            else:
                return value.format(**parts)
        if report and depth > 0 and (whole := self._in_report(text)) is not None:
            return whole
        # a location first ("x.csv: ", "m.yaml:3:7: ", "mapping: "): kept, the rest translated
        start = 0
        while (i := text.find(": ", start)) > 0:
            if not _LOCATION.match(text[:i]):
                break
            if (body := self._message(text[i + 2:], depth + 1, report=report)) is not None:
                return f"{text[:i]}: {body}"
            start = i + 2
        return None

    def _in_report(self, text: str) -> str | None:
        """``text`` through the report's catalogue, or None when a part of it has no entry
        (a text already translated, as sample-size's warnings are, is kept)."""
        if _ARABIC_SCRIPT.search(text):
            return text
        kept, self.missing = self.missing, set()
        out = self.text(text)
        found, self.missing = self.missing, kept
        return None if found or (out == text and needs_translation(text)) else out

    def verdict(self, v: Verdict) -> Verdict:
        return Verdict(v.status, self(v.rule), v.source)

    def cell(self, value: Any) -> Any:
        if isinstance(value, Verdict):
            return self.verdict(value)
        if isinstance(value, bool):
            return self("yes" if value else "no")
        if isinstance(value, str):
            return self(value)
        return value

    def table(self, table: Table) -> Table:
        """A translated copy of ``table`` (title, headers, text cells, verdicts, notes)."""
        if self.lang == "en":
            return replace(table, digits="fa") if self.digits == "fa" else table
        cols = {c: self.text(c) for c in table.columns}
        if len(set(cols.values())) < len(cols):  # keep headers unique
            cols = {c: (t if list(cols.values()).count(t) == 1 else f"{t} ({c})")
                    for c, t in cols.items()}
        return replace(table, title=self(table.title), columns=[cols[c] for c in table.columns],
                       rows=[[self.cell(v) for v in row] for row in table.rows],
                       formats={cols.get(k, k): f for k, f in table.formats.items()},
                       notes=[self(n) for n in table.notes],
                       rtl_columns=tuple(cols.get(c, c) for c in table.rtl_columns),
                       digits="fa" if self.digits == "fa" else table.digits)
