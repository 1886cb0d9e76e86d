"""Porsline (پرسلاین), the Iranian survey platform: the shape of its Excel export.

A Porsline results download is an ``.xlsx`` sheet with one row per response, Persian
column headers for the platform's own fields and the question texts as headers:

==================== ======================================================
column               content
==================== ======================================================
``شناسه پاسخ``        response id (a number)
``تاریخ پاسخ``        Solar Hijri (Jalali) date, Persian digits: ``۱۴۰۳/۱۲/۱۱``
``زمان پاسخ``         time of day, Persian digits: ``۰۹:۱۲``
``مدت زمان پاسخ‌دهی``  time taken, ``H:MM:SS`` in Persian digits
question texts       a grid (matrix) row as ``Title - Row text``; answers as the
                     option labels; several choices joined with ``،``
==================== ======================================================

This layout follows Porsline exports seen in practice; the platform publishes no
specification, so the importer also matches the item texts on their own and reads
durations in seconds. :func:`porsline_rows` writes simulated responses in this shape
(``cemsurvey simulate --as porsline``); :mod:`~cemsurvey.responses.sources` recognises it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np

from cemsurvey.instrument.model import Instrument
from cemsurvey.responses.targets import attention_scale

#: The platform's own columns: response id, date, time of day, time taken.
ID, DATE, TIME, DURATION = "شناسه پاسخ", "تاریخ پاسخ", "زمان پاسخ", "مدت زمان پاسخ\u200cدهی"
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_T0 = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone(timedelta(hours=3, minutes=30)))


def jalali(d: date) -> tuple[int, int, int]:
    """Solar Hijri (Jalali) year, month, day of a Gregorian date (arithmetic 33-year cycle).

    >>> jalali(date(2025, 3, 1)), jalali(date(2025, 3, 21)), jalali(date(2024, 3, 19))
    ((1403, 12, 11), (1404, 1, 1), (1402, 12, 29))
    """
    gy, gm, gd = d.year, d.month, d.day
    before = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    gy2 = gy + 1 if gm > 2 else gy
    days = (355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400
            + gd + before[gm - 1])
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def persian_digits(text: str) -> str:
    """ASCII digits to Persian ones.

    >>> persian_digits("12:05")
    '۱۲:۰۵'
    """
    return text.translate(_FA_DIGITS)


def _labels(ins: Instrument, scale: Any, lang: str) -> dict[float, str]:
    labs = scale.labels.get(lang) or scale.labels.get(ins.languages[0]) or []
    return {float(c): lab for c, lab in zip(scale.codes, labs, strict=False)}


def _number(v: Any, lang: str) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    s = str(int(v)) if float(v).is_integer() else str(v)
    return persian_digits(s) if lang == "fa" else s


def _header(ins: Instrument, cid: str, lang: str) -> str:
    if cid in ins.item_ids:
        c = ins.construct(ins.construct_of_item[cid])
        return f"{ins.tr(c.name, lang)} - {ins.tr(ins.item(cid).text, lang)}"
    a = next(x for x in ins.attention_checks if x.id == cid)
    return ins.tr(a.text, lang)


def _background(ins: Instrument, bg: Any, lang: str) -> list[str]:
    out = []
    for b in ins.background:
        opts = b.options or {}
        if b.type == "single":
            v = bg[b.id]
            out.append("" if np.isnan(v) else ins.tr(opts[int(v)], lang))
        elif b.type == "multiple":
            out.append("، ".join(ins.tr(lab, lang) for c, lab in opts.items()
                                 if bg[f"{b.id}_{c}"] == 1))
        elif b.type == "number":
            out.append(_number(bg[b.id], lang))
        else:
            v = bg[b.id]
            out.append("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    return out


def porsline_rows(sim: Any, ins: Instrument, lang: str) -> list[list[Any]]:
    """Header and rows of a Porsline Excel export of simulated responses ``sim``."""
    ids = list(sim.data.columns)
    header = [ID, DATE, TIME, DURATION] + [_header(ins, c, lang) for c in ids]
    header += [ins.tr(b.text, lang) for b in ins.background]
    scales = {c: ins.scale_of_item(c) if c in ins.item_ids else attention_scale(ins, c)
              for c in ids}
    labels = {c: _labels(ins, scales[c], lang) for c in ids}
    rows: list[list[Any]] = [header]
    durations = sim.durations.to_numpy()
    for i, (rid, row) in enumerate(sim.data.iterrows()):
        end = _T0 + timedelta(minutes=7 * i, seconds=float(durations[i]))
        y, m, d = jalali(end.date())
        secs = int(round(float(durations[i])))
        taken = f"{secs // 3600}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
        out: list[Any] = [2_400_000 + i, persian_digits(f"{y}/{m:02d}/{d:02d}"),
                          persian_digits(end.strftime("%H:%M")), persian_digits(taken)]
        out += ["" if np.isnan(row[c]) else labels[c].get(float(row[c]), _number(row[c], lang))
                for c in ids]
        out += _background(ins, sim.background.loc[rid], lang)
        rows.append(out)
    return rows
