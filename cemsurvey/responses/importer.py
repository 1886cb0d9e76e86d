"""``import_responses``: any survey export to one clean table of item codes.

The pipeline is: open the file (:mod:`~cemsurvey.responses.readers`), recognise the
platform (:mod:`~cemsurvey.responses.sources`), match columns
(:mod:`~cemsurvey.responses.mapping`), map answers to codes
(:mod:`~cemsurvey.responses.coding`), then screen respondents
(:mod:`~cemsurvey.responses.screening`). Row numbers in messages are 1-based
spreadsheet rows counting the header rows, as the user sees them in Excel.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from cemsurvey.errors import CemsurveyWarning, DataError, DataWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.responses.coding import INVALID, code_column, code_multiple, option_flag
from cemsurvey.responses.mapping import load_mapping, map_columns
from cemsurvey.responses.normalize import ascii_digits
from cemsurvey.responses.readers import column_letter, open_raw
from cemsurvey.responses.screening import (
    RULES,
    ScreeningOptions,
    missing_summary,
    screen,
    warn_flags,
)
from cemsurvey.responses.sources import detect_source, layout_of
from cemsurvey.responses.targets import Target, targets_of

Invalid = Literal["error", "missing"]


@dataclass(frozen=True)
class ImportResult:
    """A clean table of item codes and an account of what was flagged and dropped.

    Attributes
    ----------
    data
        Kept respondents (index: respondent id, str) x item ids in model order; float
        codes as answered (reverse keying is applied later, by the analyses), NaN missing.
    all_data
        The same for every respondent read, before dropping.
    background
        Coded background answers of the kept respondents: single choice and number
        questions by id, multiple choice as 0/1 columns ``<id>_<code>``, text as text.
    attention
        Attention-check codes of all respondents (columns: check ids).
    durations
        Completion time in seconds of all respondents, or ``None``.
    source, path
        Detected (or given) platform and the file read.
    n_rows, n_kept
        Respondents read and kept.
    flags
        ``{rule: [respondent ids]}`` for each screening rule that ran.
    missing
        Missing-data summary (:func:`~cemsurvey.responses.screening.missing_summary`) of
        the kept respondents.
    invalid
        Column -> number of answers set missing by ``invalid="missing"``.
    columns
        Id -> header of the column it was read from.
    options
        The screening options used.
    notes, warnings
        Explanations (a rule that could not run) and warning texts.
    """

    data: pd.DataFrame
    all_data: pd.DataFrame
    background: pd.DataFrame
    attention: pd.DataFrame
    durations: pd.Series | None
    source: str
    path: str
    n_rows: int
    n_kept: int
    flags: dict[str, list[str]]
    missing: dict[str, Any]
    invalid: dict[str, int]
    columns: dict[str, str]
    options: ScreeningOptions
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def flagged(self) -> list[str]:
        """Respondents flagged by any rule, in file order."""
        union = set().union(*self.flags.values()) if self.flags else set()
        return [i for i in self.all_data.index if i in union]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: ``n_rows, n_kept, source, file, dropped, flags, flag_counts,
        missing, invalid, columns, screening, notes, warnings``."""
        return {
            "n_rows": self.n_rows,
            "n_kept": self.n_kept,
            "source": self.source,
            "file": self.path,
            "dropped": self.options.drop,
            "flags": self.flags,
            "flag_counts": {k: len(v) for k, v in self.flags.items()},
            "n_flagged": len(self.flagged),
            "missing": self.missing,
            "invalid": self.invalid,
            "columns": self.columns,
            "screening": {**self.options.to_dict(), "details": self.details},
            "notes": list(self.notes),
            "warnings": list(self.warnings),
        }


def _bad_cell(path: str, first_row: int, j: int, header: str, tid: str, row: int, value: Any,
              t: Target) -> DataError:
    if isinstance(value, np.floating | float):
        value = float(value)
        shown: Any = int(value) if value.is_integer() else value
    else:
        shown = value
    return DataError(
        f"{path}: row {first_row + row}, column {column_letter(j)} '{header}' ({tid}): "
        f"'{shown}' is not {t.expected()}; correct it, or pass --invalid missing to count "
        "such answers as missing"
    )


def _durations(body: pd.DataFrame, layout: Any) -> np.ndarray | None:
    if layout.duration_col is not None:
        s = body[layout.duration_col].astype(object).map(
            lambda v: ascii_digits(str(v)) if isinstance(v, str) else v
        )
        sec = pd.to_numeric(s, errors="coerce")
        clock = sec.isna() & s.map(lambda v: isinstance(v, str) and ":" in v)
        if clock.any():  # 'H:MM:SS' or 'MM:SS' (Porsline, spreadsheets)
            parts = s[clock].map(lambda v: v.strip() if v.count(":") == 2 else f"0:{v.strip()}")
            sec[clock] = pd.to_timedelta(parts, errors="coerce").dt.total_seconds()
        return sec.to_numpy(dtype=float)
    if layout.start_col is not None and layout.end_col is not None:
        def parse(col: int) -> pd.Series:
            s = body[col].astype(object).map(lambda v: ascii_digits(str(v)) if isinstance(v, str) else v)
            return pd.to_datetime(s, errors="coerce", format="mixed", utc=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start, end = parse(layout.start_col), parse(layout.end_col)
        sec = (end - start).dt.total_seconds().to_numpy(dtype=float)
        if np.isfinite(sec).any():
            return sec
    return None


def _scan_columns(body: pd.DataFrame, coded_cols: set[int]
                  ) -> tuple[np.ndarray, dict[int, tuple[np.ndarray, Any]]]:
    """Which rows have any answer, and the factorized text answer columns.

    Text columns that will be coded are factorized here once (missing = -1): that both
    finds the blank rows and is what mapping labels to codes needs, and is cheaper than a
    separate ``notna()`` over Python strings. Column by column, with no n x k temporary;
    in a function so no column view outlives the scan (a view keeps the whole parsed
    block alive, 448 MB for a million rows x 112 float32 items).
    """
    answered = np.zeros(len(body), dtype=bool)
    factorized: dict[int, tuple[np.ndarray, Any]] = {}
    for j in body.columns:
        col = body[j]
        if j in coded_cols and col.dtype == object:
            inv, uniq = pd.factorize(col, use_na_sentinel=True)
            factorized[j] = (inv, uniq)
            answered |= inv >= 0
        else:
            answered |= col.notna().to_numpy()
    return answered, factorized


def import_responses(
    path: str | Path,
    ins: Instrument,
    *,
    source: str | None = None,
    mapping: str | Path | Mapping[str, str] | None = None,
    invalid: Invalid = "error",
    screening: ScreeningOptions | None = None,
) -> ImportResult:
    """Read a survey export, map it to the instrument's item codes and screen it.

    Parameters
    ----------
    path
        CSV/TSV, ``.xlsx`` or SPSS ``.sav`` export.
    ins
        The instrument the export answers.
    source
        Platform (``plain``, ``google-forms``, ``qualtrics``, ``limesurvey``, ``kobo``,
        ``surveymonkey``, ``spss``); detected when ``None``.
    mapping
        ``{column header: id}`` or a two-column CSV / YAML file of it.
    invalid
        ``"error"``: an answer that maps to no code stops the import with its row,
        column and value; ``"missing"``: it becomes missing and is counted.
    screening
        Rules and thresholds; default: all rules on, nothing dropped.

    Returns
    -------
    ImportResult

    Raises
    ------
    DataError
        Unreadable file, unmatched items, ambiguous or duplicated columns, invalid
        answers (one line naming file, row, column, value and the fix).

    Notes
    -----
    Verified by round trips: every export shape written by
    :func:`~cemsurvey.responses.simulate.write_export` in English and Persian imports
    back to exactly the simulated codes (``tests/responses``).
    """
    if invalid not in ("error", "missing"):
        raise DataError(f"invalid='{invalid}': use 'error' or 'missing'")
    opts = screening or ScreeningOptions()
    spath = str(path)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", CemsurveyWarning)
        result = _import(Path(path), spath, ins, source, mapping, invalid, opts)
    texts = []
    for w in rec:
        if issubclass(w.category, CemsurveyWarning):
            texts.append(str(w.message))
        warnings.warn(w.message, stacklevel=2)
    return ImportResult(**{**result, "warnings": tuple(texts)})


def _import(
    p: Path,
    spath: str,
    ins: Instrument,
    source: str | None,
    mapping: Any,
    invalid: str,
    opts: ScreeningOptions,
) -> dict[str, Any]:
    raw = open_raw(p)
    src = source or detect_source(raw)
    layout = layout_of(raw, src)
    if len(raw.head) <= layout.header_rows:
        raise DataError(
            f"{spath}: the file has a header but no respondents; export the responses again "
            "after people have answered"
        )
    targets = targets_of(ins)
    tmap = {t.id: t for t in targets}
    cmap = map_columns(layout, targets, user=load_mapping(mapping), path=spath)
    roles = [c for c in (layout.id_col, layout.duration_col, layout.start_col, layout.end_col) if c is not None]
    usecols = sorted(set(cmap.columns.values()) | set(cmap.options.values()) | set(roles))
    numeric = {j for tid, j in cmap.columns.items() if tmap[tid].qtype in ("likert", "numeric")}
    body = raw.body(layout.header_rows, usecols, numeric)
    first = layout.first_data_row
    # rows that are blank in every column read are not respondents
    answered, factorized = _scan_columns(body, set(cmap.columns.values()))
    blank = ~answered
    if blank.any():
        keep_pos = np.flatnonzero(~blank)
        row_no = keep_pos + first
        body = body.iloc[keep_pos].reset_index(drop=True)
        factorized = {j: (inv[keep_pos], uniq) for j, (inv, uniq) in factorized.items()}
    else:
        row_no = np.arange(len(body)) + first
    n = len(body)
    if n == 0:
        raise DataError(f"{spath}: the file has a header but no respondents; export the responses again")

    # respondent ids
    if layout.id_col is not None:
        raw_ids = body[layout.id_col].astype(object)
        ids = [
            (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
            if not (v is None or (isinstance(v, float) and np.isnan(v))) else f"row{r}"
            for v, r in zip(raw_ids, row_no)
        ]
    else:
        ids = list(map(str, range(1, n + 1)))  # unique by construction
    if layout.id_col is not None and pd.Index(ids).has_duplicates:
        seen: dict[str, int] = {}
        uniq = []
        for i in ids:
            seen[i] = seen.get(i, 0) + 1
            uniq.append(i if seen[i] == 1 else f"{i}#{seen[i]}")
        dup_ids = np.array([seen[i] > 1 and u != i for i, u in zip(ids, uniq)])
    else:
        uniq, dup_ids = ids, np.zeros(n, dtype=bool)
    index = pd.Index(uniq, name="respondent", dtype=object)
    del ids, uniq

    names = layout.names
    invalid_counts: dict[str, int] = {}

    def coded(tid: str) -> np.ndarray:
        j = cmap.columns[tid]
        t = tmap[tid]
        c = code_column(body[j], t, factorized.pop(j, None))
        if c.bad_rows.size:
            if invalid == "error":
                raise _bad_cell(spath, 0, j, names[j], tid, int(row_no[c.bad_rows[0]]), c.bad_values[0], t)
            c.codes[c.bad_rows] = np.nan
            invalid_counts[names[j]] = int(c.bad_rows.size)
        c.codes[c.codes == INVALID] = np.nan
        return c.codes

    att: dict[str, tuple[np.ndarray, float]] = {}
    missing_checks = []
    for a in ins.attention_checks:
        if a.id in cmap.columns:
            att[a.id] = (coded(a.id), float(a.expect))
        else:
            missing_checks.append(a.id)
    if missing_checks and opts.attention:
        warnings.warn(DataWarning(
            f"{spath}: attention check(s) {', '.join(missing_checks)} declared in the model are "
            "not in the file; they were not screened"), stacklevel=3)
    attention = pd.DataFrame({k: v[0] for k, v in att.items()}, index=index, dtype=float)

    bg_cols: dict[str, Any] = {}
    for b in ins.background:
        t = tmap[b.id]
        if b.type == "multiple":
            if b.id in cmap.columns:
                j = cmap.columns[b.id]
                mat, bad, vals = code_multiple(body[j], t)
                if bad.size:
                    if invalid == "error":
                        raise _bad_cell(spath, 0, j, names[j], b.id, int(row_no[bad[0]]), vals[0], t)
                    mat[bad] = np.nan
                    invalid_counts[names[j]] = int(bad.size)
                for ci, code in enumerate(t.codes):
                    bg_cols[f"{b.id}_{int(code)}"] = mat[:, ci]
            else:
                opts_cols = {code: j for (qid, code), j in cmap.options.items() if qid == b.id}
                if opts_cols:
                    flags = {code: option_flag(body[j])[0] for code, j in opts_cols.items()}
                    any_answer = np.zeros(n, dtype=bool)
                    for code, j in opts_cols.items():
                        any_answer |= body[j].notna().to_numpy()
                    for code in t.codes:
                        col = np.array(flags.get(code, np.zeros(n)), dtype=float)
                        col[~any_answer] = np.nan  # no option column filled: not answered
                        bg_cols[f"{b.id}_{int(code)}"] = col
        elif b.id in cmap.columns:
            if b.type == "text":
                bg_cols[b.id] = body[cmap.columns[b.id]].astype(object).where(
                    body[cmap.columns[b.id]].notna(), None).to_numpy()
            else:
                bg_cols[b.id] = coded(b.id)
    background = pd.DataFrame(bg_cols, index=index)

    dur = _durations(body, layout)

    # item codes go column by column into one float64 matrix (columns contiguous), and
    # the text/float32 body is released before screening
    mat = np.empty((n, len(ins.item_ids)), dtype=float, order="F")
    for k, it in enumerate(ins.item_ids):
        mat[:, k] = coded(it)
        if np.isnan(mat[:, k]).all():
            j = cmap.columns[it]
            raise DataError(
                f"{spath}: column {column_letter(j)} '{names[j]}' ({it}) is entirely empty; check "
                "the export, or remove the item from the model if it was not asked"
            )
    body = pd.DataFrame()  # release the parsed text before screening
    all_data = pd.DataFrame(mat, index=index, columns=list(ins.item_ids), copy=False)
    flags, notes, details = screen(index, mat, att, dur, opts)
    if opts.duplicates and dup_ids.any():
        extra = [str(x) for x in index[dup_ids]]
        flags["duplicates"] = [i for i in index if i in set(flags["duplicates"]) | set(extra)]
    union = set().union(*flags.values()) if flags else set()
    keep = ~index.isin(list(union)) if opts.drop else np.ones(n, dtype=bool)
    data = all_data if keep.all() else all_data[keep]
    warn_flags(flags, n, opts.drop)
    if invalid_counts:
        total = sum(invalid_counts.values())
        cols = ", ".join(f"'{k}' {v}" for k, v in list(invalid_counts.items())[:5])
        warnings.warn(DataWarning(
            f"{spath}: {total} answers that map to no code were set missing ({cols}); check them"),
            stacklevel=3)
    return dict(
        data=data,
        all_data=all_data,
        background=background if keep.all() else background[keep],
        attention=attention,
        durations=pd.Series(dur, index=index, name="seconds") if dur is not None else None,
        source=src,
        path=spath,
        n_rows=n,
        n_kept=int(keep.sum()),
        flags={r: flags[r] for r in RULES if r in flags},
        missing=missing_summary(data),
        invalid=invalid_counts,
        columns={tid: names[j] for tid, j in cmap.columns.items()},
        options=opts,
        details=details,
        notes=tuple(notes),
    )
