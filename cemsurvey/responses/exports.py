"""Writing responses in the shapes survey platforms export.

:func:`write_export` writes simulated answers as a platform would export them, so the
importer can be tested on every shape and users can try the pipeline before fielding;
:func:`cemsurvey.responses.clean.write_clean` writes the clean table ``cemsurvey import``
produces.

Shapes (``--as``):

``csv``           ``respondent``, item ids, attention ids, background, ``duration``; codes
``google-forms``  ``Timestamp``, ``Construct [Item text]`` grid headers, answer labels
``qualtrics``     3 header rows (codes, texts, ``{"ImportId": ...}``), choice text,
                  ``Duration (in seconds)``
``limesurvey``    ``id``, ``submitdate``, ``SAT[SAT1]`` codes, ``interviewtime``
``kobo``          columns of the XLSForm ``cemsurvey design -f xlsform`` writes, groups in the
                  headers (``SAT/SAT1``), XML values (codes), ``start``/``end``, ``_uuid``;
                  ``;``-separated CSV, or Kobo's Excel download when the file ends in .xlsx
``surveymonkey``  2 header rows (question, sub-question), labels, start/end dates
``porsline``      Porsline's Excel download (:mod:`~cemsurvey.responses.porsline`)
``xlsx``          the ``csv`` layout in an Excel sheet
``sav``           SPSS file: codes with value labels, item texts as variable labels
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, SpecError
from cemsurvey.fileio import write_atomic
from cemsurvey.instrument.model import Instrument
from cemsurvey.responses.sources import SHAPES

_T0 = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone(timedelta(hours=3, minutes=30)))


def _code(v: float) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def _labels_of(ins: Instrument, scale: Any, lang: str) -> dict[float, str]:
    labs = scale.labels.get(lang) or scale.labels.get(ins.languages[0]) or []
    return {float(c): lab for c, lab in zip(scale.codes, labs, strict=False)}


def _answer_label(v: float, labels: dict[float, str]) -> str:
    if v is None or np.isnan(v):
        return ""
    return labels.get(float(v), _code(v))


def _times(sim: Any) -> tuple[list[datetime], list[datetime]]:
    n = len(sim.data)
    starts = [_T0 + timedelta(minutes=7 * i) for i in range(n)]
    ends = [s + timedelta(seconds=float(d)) for s, d in zip(starts, sim.durations.to_numpy())]
    return starts, ends


def _scale_for(ins: Instrument, cid: str) -> Any:
    from cemsurvey.responses.targets import attention_scale

    if cid in ins.item_ids:
        return ins.scale_of_item(cid)
    return attention_scale(ins, cid)


def _text(ins: Instrument, cid: str, lang: str) -> str:
    if cid in ins.item_ids:
        return ins.tr(ins.item(cid).text, lang)
    a = next(x for x in ins.attention_checks if x.id == cid)
    return ins.tr(a.text, lang)


def _bg_label(ins: Instrument, b: Any, code: Any, lang: str) -> str:
    return ins.tr((b.options or {})[int(code)], lang)


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerows(rows)
    return buf.getvalue()


def plain_frame(sim: Any, ins: Instrument) -> pd.DataFrame:
    """The ``csv`` layout: respondent, items, attention checks, background, duration."""
    df = sim.data.copy()
    for c in sim.background.columns:
        df[c] = sim.background[c]
    df["duration"] = sim.durations
    return df.reset_index()


def _cols(sim: Any) -> list[str]:
    return list(sim.data.columns)


def _rows_google(sim: Any, ins: Instrument, lang: str) -> list[list[str]]:
    header = ["علامت زمانی" if lang == "fa" else "Timestamp"]  # the sheet's UI language
    ids = _cols(sim)
    for cid in ids:
        if cid in ins.item_ids:
            c = ins.construct(ins.construct_of_item[cid])
            header.append(f"{ins.tr(c.name, lang)} [{_text(ins, cid, lang)}]")
        else:
            header.append(_text(ins, cid, lang))
    for b in ins.background:
        header.append(ins.tr(b.text, lang))
    _, ends = _times(sim)
    labels = {cid: _labels_of(ins, _scale_for(ins, cid), lang) for cid in ids}
    rows = [header]
    for i, (rid, row) in enumerate(sim.data.iterrows()):
        out = [ends[i].strftime("%Y/%m/%d %I:%M:%S %p GMT+3:30")]
        out += [_answer_label(row[c], labels[c]) for c in ids]
        out += _bg_cells(sim, ins, rid, lang, style="google")
        rows.append(out)
    return rows


def _bg_cells(sim: Any, ins: Instrument, rid: str, lang: str, style: str) -> list[str]:
    out: list[str] = []
    bg = sim.background.loc[rid]
    for b in ins.background:
        if b.type == "single":
            v = bg[b.id]
            out.append(_code(v) if style == "code" else _bg_label(ins, b, v, lang))
        elif b.type == "multiple":
            chosen = [c for c in (b.options or {}) if bg[f"{b.id}_{c}"] == 1]
            if style == "code":
                out.append(" ".join(str(c) for c in chosen))
            else:
                out.append(", ".join(_bg_label(ins, b, c, lang) for c in chosen))
        elif b.type == "number":
            out.append(_code(bg[b.id]))
        else:
            v = bg[b.id]
            out.append("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    return out


def _rows_qualtrics(sim: Any, ins: Instrument, lang: str) -> list[list[str]]:
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "UserLanguage"]
    ids = _cols(sim)
    r1 = list(meta) + ids + [b.id for b in ins.background]
    r2 = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
          "Finished", "Recorded Date", "Response ID", "User Language"]
    for cid in ids:
        if cid in ins.item_ids:
            c = ins.construct(ins.construct_of_item[cid])
            r2.append(f"{ins.tr(c.name, lang)} - {_text(ins, cid, lang)}")
        else:
            r2.append(_text(ins, cid, lang))
    r2 += [ins.tr(b.text, lang) for b in ins.background]
    r3 = [json.dumps({"ImportId": m.lower()}) for m in meta]
    for k, cid in enumerate(ids):
        r3.append(json.dumps({"ImportId": f"QID{k + 1}"}))
    r3 += [json.dumps({"ImportId": f"QID{len(ids) + k + 1}"}) for k in range(len(ins.background))]
    starts, ends = _times(sim)
    labels = {cid: _labels_of(ins, _scale_for(ins, cid), lang) for cid in ids}
    rows = [r1, r2, r3]
    for i, (rid, row) in enumerate(sim.data.iterrows()):
        out = [starts[i].strftime("%Y-%m-%d %H:%M:%S"), ends[i].strftime("%Y-%m-%d %H:%M:%S"),
               "IP Address", "", "100", _code(sim.durations.iloc[i]), "True",
               ends[i].strftime("%Y-%m-%d %H:%M:%S"), f"R_{rid}", lang.upper()]
        out += [_answer_label(row[c], labels[c]) for c in ids]
        out += _bg_cells(sim, ins, rid, lang, style="label")
        rows.append(out)
    return rows


def _rows_limesurvey(sim: Any, ins: Instrument, lang: str) -> list[list[str]]:
    ids = _cols(sim)
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    for cid in ids:
        header.append(f"{ins.construct_of_item[cid]}[{cid}]" if cid in ins.item_ids else cid)
    for b in ins.background:
        if b.type == "multiple":
            header += [f"{b.id}[{c}]" for c in (b.options or {})]
        else:
            header.append(b.id)
    header.append("interviewtime")
    starts, ends = _times(sim)
    rows = [header]
    for i, (rid, row) in enumerate(sim.data.iterrows()):
        e = ends[i].strftime("%Y-%m-%d %H:%M:%S")
        out = [str(i + 1), e, "5", lang, str(1000 + i), starts[i].strftime("%Y-%m-%d %H:%M:%S"), e]
        out += [_code(row[c]) for c in ids]
        bg = sim.background.loc[rid]
        for b in ins.background:
            if b.type == "multiple":
                out += ["Y" if bg[f"{b.id}_{c}"] == 1 else "" for c in (b.options or {})]
            elif b.type == "text":
                v = bg[b.id]
                out.append("" if v is None else str(v))
            else:
                out.append(_code(bg[b.id]))
        out.append(_code(sim.durations.iloc[i]))
        rows.append(out)
    return rows


def _kobo_columns(ins: Instrument) -> list[tuple[str, str, Any]]:
    """(header, kind, id-or-code) of each answer column, in the XLSForm's order and groups."""
    from cemsurvey.questionnaire.layout import build_layout

    lay = build_layout(ins)
    cols: list[tuple[str, str, Any]] = []

    def background(qs: Any) -> None:
        for b in qs:
            cols.append((b.id, "background", b.id))
            if b.type == "multiple":  # Kobo adds one 0/1 column per option
                cols.extend((f"{b.id}/{c}", "option", (b.id, c)) for c in (b.options or {}))

    background(lay.start)
    for g in lay.grids:
        group = g.id if g.construct is not None else f"{g.id}_group"
        if not g.numeric:  # the grid's header row (appearance 'label') is never answered
            cols.append((f"{group}/{g.id}_header", "blank", None))
        cols.extend((f"{group}/{r.id}", "answer", r.id) for r in g.rows)
    background(lay.end)
    return cols


def _rows_kobo(sim: Any, ins: Instrument, lang: str) -> list[list[str]]:
    cols = _kobo_columns(ins)
    header = ["start", "end", "today", "deviceid", *(h for h, _, _ in cols), "__version__",
              "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
              "_submitted_by", "_tags", "_index"]
    starts, ends = _times(sim)
    rows = [header]
    for i, (rid, row) in enumerate(sim.data.iterrows()):
        out = [starts[i].isoformat(timespec="milliseconds"), ends[i].isoformat(timespec="milliseconds"),
               starts[i].strftime("%Y-%m-%d"), "ee.kobotoolbox.org:abc"]
        bg = sim.background.loc[rid]
        cells = dict(zip((b.id for b in ins.background), _bg_cells(sim, ins, rid, lang, style="code")))
        for _, kind, key in cols:
            if kind == "answer":
                out.append(_code(row[key]))
            elif kind == "background":
                out.append(cells[key])
            elif kind == "option":
                out.append(_code(bg[f"{key[0]}_{key[1]}"]))
            else:
                out.append("")
        out += ["vGq4Xk2", str(100000 + i), f"uuid-{rid}", ends[i].strftime("%Y-%m-%dT%H:%M:%S"),
                "", "", "submitted_via_web", "", "", str(i + 1)]
        rows.append(out)
    return rows


def _rows_surveymonkey(sim: Any, ins: Instrument, lang: str) -> list[list[str]]:
    ids = _cols(sim)
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1"]
    r1, r2 = list(meta), [""] * len(meta)
    prev = None
    for cid in ids:
        if cid in ins.item_ids:
            c = ins.construct_of_item[cid]
            r1.append(ins.tr(ins.construct(c).name, lang) if c != prev else "")
            r2.append(_text(ins, cid, lang))
            prev = c
        else:
            r1.append(_text(ins, cid, lang))
            r2.append("Response")
            prev = None
    for b in ins.background:
        if b.type == "multiple":
            for k, (c, lab) in enumerate((b.options or {}).items()):
                r1.append(ins.tr(b.text, lang) if k == 0 else "")
                r2.append(ins.tr(lab, lang))
        else:
            r1.append(ins.tr(b.text, lang))
            r2.append("Response" if b.type == "single" else "Open-Ended Response")
    starts, ends = _times(sim)
    labels = {cid: _labels_of(ins, _scale_for(ins, cid), lang) for cid in ids}
    rows = [r1, r2]
    for i, (rid, row) in enumerate(sim.data.iterrows()):
        out = [str(110000000 + i), "4012345", starts[i].strftime("%m/%d/%Y %I:%M:%S %p"),
               ends[i].strftime("%m/%d/%Y %I:%M:%S %p"), "", "", "", "", ""]
        out += [_answer_label(row[c], labels[c]) for c in ids]
        bg = sim.background.loc[rid]
        for b in ins.background:
            if b.type == "multiple":
                out += [ins.tr(lab, lang) if bg[f"{b.id}_{c}"] == 1 else "" for c, lab in (b.options or {}).items()]
            elif b.type == "single":
                out.append(_bg_label(ins, b, bg[b.id], lang))
            elif b.type == "number":
                out.append(_code(bg[b.id]))
            else:
                v = bg[b.id]
                out.append("" if v is None else str(v))
        rows.append(out)
    return rows


def write_export(
    sim: Any,
    ins: Instrument,
    path: str | Path,
    shape: str = "csv",
    *,
    lang: str | None = None,
    force: bool = False,
) -> Path:
    """Write simulated responses ``sim`` as platform ``shape`` would export them.

    Parameters
    ----------
    sim
        A :class:`~cemsurvey.responses.simulate.SimulationResult`.
    ins
        Its instrument.
    path
        Output file (refuses to overwrite without ``force``).
    shape
        One of :data:`SHAPES`.
    lang
        Language of texts and labels (default: the instrument's first).
    """
    lang = lang or ins.languages[0]
    if lang not in ins.languages:
        raise SpecError(f"language '{lang}' is not one of the model's languages: {', '.join(ins.languages)}")
    if shape not in SHAPES:
        raise DataError(f"unknown export shape '{shape}'; use one of: {', '.join(SHAPES)}")
    if shape == "csv":
        text = plain_frame(sim, ins).to_csv(index=False, lineterminator="\n", float_format="%.10g")
        return write_atomic(path, text, force=force)
    if shape == "xlsx":
        frame = plain_frame(sim, ins)
        return write_atomic(path, lambda tmp: _xlsx(frame, tmp), force=force)
    if shape == "sav":
        return write_atomic(path, lambda tmp: _sav(sim, ins, lang, tmp), force=force)
    if shape == "porsline":  # an Excel download, whatever the file is called
        from cemsurvey.responses.porsline import porsline_rows

        prows = porsline_rows(sim, ins, lang)
        return write_atomic(path, lambda tmp: _xlsx_rows(prows, tmp), force=force)
    builders = {"google-forms": _rows_google, "qualtrics": _rows_qualtrics, "limesurvey": _rows_limesurvey,
                "kobo": _rows_kobo, "surveymonkey": _rows_surveymonkey}
    rows = builders[shape](sim, ins, lang)
    if shape == "kobo" and Path(path).suffix.lower() == ".xlsx":
        # Kobo's Excel download: codes and numbers as numbers, the rest as text
        nrows = [rows[0]] + [[_number_cell(c) for c in r] for r in rows[1:]]
        return write_atomic(path, lambda tmp: _xlsx_rows(nrows, tmp), force=force)
    text = _csv_text(rows, ";" if shape == "kobo" else ",")
    if shape in ("google-forms", "qualtrics", "surveymonkey"):
        text = "\ufeff" + text  # these platforms write a BOM so Excel reads UTF-8
    return write_atomic(path, text, force=force)


def _xlsx(frame: pd.DataFrame, tmp: Path) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from cemsurvey.injection import set_xlsx_text

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("responses")
    def cell(v: Any) -> Any:
        if isinstance(v, str):  # a string cell, never a formula (OWASP)
            c = WriteOnlyCell(ws)
            set_xlsx_text(c, v)
            return c
        return None if (isinstance(v, float) and np.isnan(v)) else v

    ws.append([cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([cell(v) for v in row])
    wb.save(tmp)


def _number_cell(cell: str) -> Any:
    if cell.isascii() and cell.lstrip("-").isdigit():
        return int(cell)
    return cell or None


def _xlsx_rows(rows: list[list[Any]], tmp: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    wb.save(tmp)


def _sav(sim: Any, ins: Instrument, lang: str, tmp: Path) -> None:
    import pyreadstat

    frame = plain_frame(sim, ins)
    labels: dict[str, str] = {}
    values: dict[str, dict[float, str]] = {}
    for cid in _cols(sim):
        labels[cid] = _text(ins, cid, lang)
        lab = _labels_of(ins, _scale_for(ins, cid), lang)
        if lab:
            values[cid] = lab
    for b in ins.background:
        if b.type == "single":
            labels[b.id] = ins.tr(b.text, lang)
            values[b.id] = {float(c): ins.tr(t, lang) for c, t in (b.options or {}).items()}
    for c in frame.columns:
        if frame[c].dtype == object and c != "respondent":
            frame[c] = frame[c].map(lambda v: "" if v is None else str(v))
    pyreadstat.write_sav(frame, str(tmp), column_labels=[labels.get(c, c) for c in frame.columns],
                         variable_value_labels=values)
