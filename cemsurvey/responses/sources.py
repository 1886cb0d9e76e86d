"""Recognising which survey platform produced an export, and where its parts are.

Each platform lays out its export differently:

=============== ============ ======================================================
source          header rows  recognised by
=============== ============ ======================================================
google-forms    1            first column ``Timestamp`` (any UI language); item text
                             headers, grids as ``Title [Row]``; answer labels
qualtrics       3            third row of ``{"ImportId": ...}``; ``ResponseId``,
                             ``Duration (in seconds)``
limesurvey      1            ``SAT[SAT1]`` codes, ``id``, ``submitdate``, ``interviewtime``
kobo            1            ``group/SAT1`` columns, ``_uuid``, ``start``/``end``; ``;``
surveymonkey    2            ``Respondent ID``; second row of sub-question texts or
                             ``Response``
porsline        1            Persian headers ``شناسه پاسخ``, ``تاریخ پاسخ``, ``زمان پاسخ``,
                             ``مدت زمان پاسخ‌دهی`` (two of them); grids as ``Title - Row``
spss            1            ``.sav`` file (variable and value labels)
plain           1            item ids as headers
=============== ============ ======================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cemsurvey.errors import DataError
from cemsurvey.responses.normalize import norm_text

if TYPE_CHECKING:  # the readers load pandas; ``SOURCES`` (for --help) needs none of it
    from cemsurvey.responses.readers import RawFile

SOURCES: tuple[str, ...] = (
    "plain",
    "google-forms",
    "qualtrics",
    "limesurvey",
    "kobo",
    "surveymonkey",
    "porsline",
    "spss",
)

#: The shapes :func:`cemsurvey.responses.exports.write_export` writes (``simulate --as``),
#: each read back by one of :data:`SOURCES`; kept here, away from pandas, for ``--help``.
SHAPES: tuple[str, ...] = ("csv", "google-forms", "qualtrics", "limesurvey", "kobo", "surveymonkey",
                           "porsline", "xlsx", "sav")

_TIMESTAMP = {"timestamp", "marca temporal", "horodateur", "zeitstempel", "علامت زمانی",
              "مهر زمانی", "برچسب زمان", "زمان"}
_ID_NAMES = ["respondent", "respondent_id", "respondentid", "respondent id", "responseid",
             "response_id", "id", "_uuid", "uuid", "پاسخگو", "کد پاسخگو", "شناسه پاسخ"]
_DURATION_NAMES = ["duration (in seconds)", "duration", "duration_seconds", "interviewtime",
                   "seconds", "time_taken", "مدت", "مدت زمان پاسخ دهی", "مدت پاسخ دهی"]
#: Porsline's own columns as :func:`norm_text` folds them (see responses/porsline.py)
_PORSLINE = {"شناسه پاسخ", "تاریخ پاسخ", "زمان پاسخ", "مدت زمان پاسخ دهی"}
_START_NAMES = ["start", "startdate", "start date", "starttime", "started", "_start"]
_END_NAMES = ["end", "enddate", "end date", "submitdate", "endtime", "completed", "_end",
              "recordeddate"]
_BRACKET = re.compile(r"^\w+\[[^\]]+\]$")


@dataclass(frozen=True)
class Layout:
    """Where things are in an export once its source is known.

    Attributes
    ----------
    source
        One of :data:`SOURCES`.
    header_rows
        Rows before the first respondent.
    names
        The first header row (column names).
    texts
        Per column, the header texts to match against item texts (names, question
        texts of the second header row, ``Title [Row]`` parts).
    id_col, duration_col, start_col, end_col
        Positions of the respondent id, the duration in seconds and the start/end
        timestamps (``None`` when absent).
    """

    source: str
    header_rows: int
    names: list[str]
    texts: list[list[str]]
    id_col: int | None
    duration_col: int | None
    start_col: int | None
    end_col: int | None

    @property
    def first_data_row(self) -> int:
        """1-based spreadsheet row of the first respondent."""
        return self.header_rows + 1


def detect_source(raw: RawFile) -> str:
    """Guess the platform that produced ``raw`` from its header rows.

    Falls back to ``"plain"``; pass ``source=`` to override.
    """
    if raw.kind == "sav":
        return "spss"
    head = raw.head
    names = [norm_text(c) for c in head[0]]
    if len(head) >= 3 and any(c.strip().startswith('{"ImportId"') for c in head[2]):
        return "qualtrics"
    if "respondent id" in names and len(head) >= 2:
        return "surveymonkey"
    if "_uuid" in names or "_submission_time" in names or sum("/" in c for c in head[0]) >= 2:
        return "kobo"
    if sum(bool(_BRACKET.match(c.strip())) for c in head[0]) >= 2 or (
        "submitdate" in names and "id" in names
    ):
        return "limesurvey"
    if len(_PORSLINE.intersection(names)) >= 2:
        return "porsline"
    if names and names[0] in _TIMESTAMP:
        return "google-forms"
    return "plain"


def _find(names: list[str], candidates: list[str]) -> int | None:
    normed = [norm_text(n) for n in names]
    for c in candidates:
        if c in normed:
            return normed.index(c)
    return None


def layout_of(raw: RawFile, source: str) -> Layout:
    """Interpret the header rows of ``raw`` as an export of ``source``."""
    if source not in SOURCES:
        raise DataError(f"unknown source '{source}'; use one of: {', '.join(SOURCES)}")
    head = raw.head
    names = head[0]
    w = len(names)
    header_rows = {"qualtrics": 3, "surveymonkey": 2}.get(source, 1)
    if len(head) < header_rows:
        raise DataError(
            f"{raw.path}: a {source} export has {header_rows} header rows, this file has "
            f"{len(head)} rows in all; export the responses again or pass --source"
        )
    if source == "qualtrics" and not any(c.strip().startswith('{"ImportId"') for c in head[2]):
        raise DataError(
            f"{raw.path}: not a Qualtrics CSV export (its third row of {{\"ImportId\": ...}} "
            "cells is missing); export again with Qualtrics' CSV download, or pass another --source"
        )
    texts: list[list[str]] = [[n] for n in names]
    id_col = _find(names, _ID_NAMES)
    if source == "qualtrics":
        for j in range(w):
            t = head[1][j] if j < len(head[1]) else ""
            if t:
                texts[j].append(t)
                if " - " in t:
                    texts[j].append(t.rsplit(" - ", 1)[1])
        id_col = _find(names, ["responseid", "_recordid", "responseid"])
    elif source == "surveymonkey":
        title = ""
        for j in range(w):
            if names[j].strip():
                title = names[j].strip()
            sub = head[1][j].strip() if j < len(head[1]) else ""
            texts[j] = [names[j]] if names[j].strip() else []
            if sub and norm_text(sub) not in ("response", "open-ended response", "پاسخ"):
                # a sub-row: the question title of the first row names the group, not this column
                texts[j] = [f"{title} [{sub}]", sub]
            else:
                texts[j].append(title)
        id_col = _find(names, ["respondent id"])
    elif source == "spss":
        for j, n in enumerate(names):
            lab = raw.variable_labels.get(n)
            if lab:
                texts[j].append(lab)
    elif source == "kobo":
        id_col = _find(names, ["_uuid", "_id", "meta/instanceid"])
    elif source == "limesurvey":
        id_col = _find(names, ["id"])
    elif source == "porsline":
        for j, n in enumerate(names):
            # a grid row is 'Title - Row text': every tail after a ' - ' may be the item text
            parts = n.split(" - ")
            texts[j] += [" - ".join(parts[k:]) for k in range(1, len(parts))]
        id_col = _find(names, ["شناسه پاسخ"])
    elif source == "google-forms":
        id_col = _find(names, ["respondent", "respondent id", "کد پاسخگو"])
    return Layout(
        source=source,
        header_rows=header_rows,
        names=list(names),
        texts=texts,
        id_col=id_col,
        duration_col=_find(names, _DURATION_NAMES),
        start_col=_find(names, _START_NAMES),
        end_col=_find(names, _END_NAMES),
    )
