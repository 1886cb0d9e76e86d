"""Text normalisation for matching headers and answer labels across languages.

Survey exports typed on Persian keyboards mix Arabic and Persian code points for the
same letter (Arabic yeh U+064A vs Persian yeh U+06CC, Arabic kaf U+0643 vs keheh
U+06A9), carry zero-width non-joiners (U+200C) in some copies and not in others, and
write numbers with Persian (U+06F0-U+06F9) or Arabic-Indic (U+0660-U+0669) digits.
:func:`norm_text` folds all of these so that two renderings of the same statement
compare equal; :func:`ascii_digits` only translates digits.
"""

from __future__ import annotations

import re
import unicodedata

#: Persian and Arabic-Indic digits (and the Arabic decimal separator) to ASCII.
DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫",
    "01234567890123456789.",
)

_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u200c": " ",  # zero-width non-joiner -> space (then collapsed)
        "\u200d": "",  # zero-width joiner
        "\u200e": "",  # left-to-right mark
        "\u200f": "",  # right-to-left mark
        "\ufeff": "",  # byte-order mark / zero-width no-break space
        "\u0640": "",  # tatweel
        "\u00a0": " ",  # no-break space
    }
)
_SPACE = re.compile(r"\s+")
_TRAIL = re.compile(r"[\s.:;,!?\u061f\u060c\u061b*]+$")


def ascii_digits(text: str) -> str:
    """Translate Persian and Arabic-Indic digits to ASCII.

    >>> ascii_digits("۴ - موافقم"), ascii_digits("٣")
    ('4 - موافقم', '3')
    """
    return text.translate(DIGITS)


def norm_text(text: object) -> str:
    """Fold a header or label for comparison.

    Unicode NFC, Arabic yeh/kaf to Persian, ZWNJ and runs of white space to one space,
    Persian digits to ASCII, trailing punctuation and required-question asterisks
    dropped, case folded.

    >>> norm_text("  Shopping here gives me a pleasant FEELING. * ")
    'shopping here gives me a pleasant feeling'
    >>> norm_text("خرید از اینجا به من حس خوشایندی می\u200cدهد") == norm_text("خريد از اينجا به من حس خوشايندی می دهد")
    True
    """
    s = unicodedata.normalize("NFC", str(text)).translate(_LETTERS).translate(DIGITS)
    s = _SPACE.sub(" ", s).strip()
    s = _TRAIL.sub("", s)
    return s.casefold()
