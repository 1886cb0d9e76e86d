"""Mapping export columns to item ids, and answers to codes.

Columns are matched to the instrument's items, attention checks and background
questions by, in order: a mapping file; the exact id (case-insensitive); platform codes
(``SAT[SAT1]`` LimeSurvey, ``group/SAT1`` Kobo, ``SAT_SAT1`` prefixed codes); and the
statement text in any language of the instrument (``Title [Row]`` Google Forms grids,
Qualtrics ``Question - Row`` texts, SurveyMonkey sub-rows), compared after
:func:`~cemsurvey.responses.normalize.norm_text`.

Answers become codes through one lookup per distinct value of a column (never per
cell): numbers (ASCII, Persian or Arabic-Indic digits), ``"4 - Agree"`` forms, or a
point label of the item's scale in any language.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError
from cemsurvey.instrument.model import Instrument, Scale
from cemsurvey.responses.mapping_file import load_mapping  # noqa: F401 (re-exported)
from cemsurvey.responses.normalize import ascii_digits, norm_text
from cemsurvey.responses.readers import column_letter
from cemsurvey.responses.sources import Layout

INVALID = -1e300  # sentinel for "maps to nothing" inside code arrays
_NUM_PREFIX = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:[-–—:.)=]|\s)\s*\S")
_NUM_SUFFIX = re.compile(r"\(\s*([+-]?\d+(?:\.\d+)?)\s*\)\s*$")
_SPLIT = re.compile(r"\s*[;,،]\s*|\s+")


@dataclass(frozen=True)
class Target:
    """Something a column can hold: an item, an attention check or a background question."""

    id: str
    kind: str  # "item", "attention", "background"
    qtype: str  # "likert", "numeric", "single", "multiple", "number", "text"
    texts: tuple[str, ...]
    codes: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    labels: dict[str, float] = field(default_factory=dict)
    label_list: tuple[str, ...] = ()

    def expected(self) -> str:
        """What a valid answer looks like, for error messages."""
        if self.qtype in ("likert", "single", "multiple") and self.codes:
            codes = ", ".join(_fmt(c) for c in self.codes)
            labs = ", ".join(f"'{lab}'" for lab in self.label_list[:3])
            more = f" or labels such as {labs}" if labs else ""
            return f"one of the codes {codes}{more}"
        if self.low is not None or self.high is not None:
            return f"a number from {_fmt(self.low)} to {_fmt(self.high)}"
        return "a number"


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else str(v)


def _scale_target(ins: Instrument, tid: str, kind: str, texts: tuple[str, ...], scale: Scale) -> Target:
    labels: dict[str, float] = {}
    first: list[str] = []
    if scale.type == "likert":
        for lang, labs in scale.labels.items():
            for code, lab in zip(scale.codes, labs, strict=False):
                labels.setdefault(norm_text(lab), float(code))
                if lang == ins.languages[0]:
                    first.append(lab)
        return Target(tid, kind, "likert", texts, tuple(float(c) for c in scale.codes),
                      scale.low, scale.high, labels, tuple(first))
    return Target(tid, kind, "numeric", texts, (), scale.min, scale.max)


def _texts(ins: Instrument, text: Any) -> tuple[str, ...]:
    if isinstance(text, str):
        return (text,)
    return tuple(text.values())


def targets_of(ins: Instrument) -> list[Target]:
    """Every column an export of ``ins`` may contain, in questionnaire order."""
    out: list[Target] = []
    for it in ins.items:
        out.append(_scale_target(ins, it.id, "item", _texts(ins, it.text), ins.scale_of_item(it.id)))
    for a in ins.attention_checks:
        scale = (ins.scales.get(a.scale) if a.scale else None) or (
            next(iter(ins.scales.values())) if len(ins.scales) == 1 else Scale(type="likert", points=5)
        )
        out.append(_scale_target(ins, a.id, "attention", _texts(ins, a.text), scale))
    for b in ins.background:
        if b.type in ("single", "multiple"):
            labels: dict[str, float] = {}
            first = []
            for code, lab in (b.options or {}).items():
                for t in _texts(ins, lab):
                    labels.setdefault(norm_text(t), float(code))
                first.append(ins.tr(lab))
            out.append(Target(b.id, "background", b.type, _texts(ins, b.text),
                              tuple(float(c) for c in (b.options or {})), None, None, labels,
                              tuple(first)))
        else:
            out.append(Target(b.id, "background", b.type, _texts(ins, b.text), (), b.min, b.max))
    return out


def attention_scale(ins: Instrument, check_id: str) -> Scale:
    """The response scale of an attention check (its own, the only one, or 5 points)."""
    a = next(x for x in ins.attention_checks if x.id == check_id)
    if a.scale and a.scale in ins.scales:
        return ins.scales[a.scale]
    if len(ins.scales) == 1:
        return next(iter(ins.scales.values()))
    return Scale(type="likert", points=5)


# ---------------------------------------------------------------------- columns
@dataclass(frozen=True)
class ColumnMap:
    """Which column holds which target.

    ``columns``: target id -> column position; ``options``: (multiple-choice id, code)
    -> column position, for exports that give one column per option.
    """

    columns: dict[str, int]
    options: dict[tuple[str, float], int]
    how: dict[str, str]


def _closest(name: str, pool: list[str]) -> str:
    m = difflib.get_close_matches(norm_text(name), [norm_text(p) for p in pool], n=2, cutoff=0.5)
    back = {norm_text(p): p for p in pool}
    return ", ".join(f"'{back[x]}'" for x in m) if m else "none similar"


def map_columns(
    layout: Layout,
    targets: list[Target],
    *,
    user: Mapping[str, str] | None = None,
    path: str = "",
) -> ColumnMap:
    """Match the export's columns to ``targets``.

    Raises
    ------
    DataError
        An item is not found (listing the closest headers), two columns match one
        item, a header is duplicated, a mapping names an unknown id or column.
    """
    by_id = {norm_text(t.id): t for t in targets}
    by_text: dict[str, list[Target]] = {}
    for t in targets:
        for tx in t.texts:
            by_text.setdefault(norm_text(tx), [])
            if t not in by_text[norm_text(tx)]:
                by_text[norm_text(tx)].append(t)
    option_of: dict[str, Target] = {t.id: t for t in targets if t.qtype == "multiple"}

    found: dict[str, list[tuple[int, str]]] = {}
    options: dict[tuple[str, float], int] = {}
    names = layout.names
    user = dict(user or {})
    used_user: set[str] = set()
    reserved = {c for c in (layout.id_col, layout.duration_col, layout.start_col, layout.end_col)
                if c is not None}

    def option_code(t: Target, token: str) -> float | None:
        tok = norm_text(token)
        try:
            v = float(tok)
        except ValueError:
            v = t.labels.get(tok)  # type: ignore[assignment]
        return v if v is not None and v in t.codes else None

    for j, name in enumerate(names):
        cands = layout.texts[j]
        hit: tuple[Target, str] | None = None
        # 1. user mapping
        for c in cands:
            if c in user:
                tid = user[c]
                used_user.add(c)
                tgt = by_id.get(norm_text(tid))
                if tgt is None:
                    raise DataError(
                        f"mapping: '{c}' -> '{tid}', but '{tid}' is not an item, attention check "
                        "or background question of the model; fix the mapping file"
                    )
                hit = (tgt, "mapping file")
                break
        if hit is None and j in reserved:
            continue
        nn = norm_text(name)
        # 2. exact id
        if hit is None and nn in by_id:
            hit = (by_id[nn], "id")
        # 3. platform codes
        if hit is None and name:
            m = re.match(r"^(.*?)\[(.+)\]$", name.strip())
            parts = [p for p in re.split(r"[/]", name.strip()) if p]
            if m:
                outer, inner = norm_text(m.group(1)), norm_text(m.group(2))
                if inner in by_id:
                    hit = (by_id[inner], "code [..]")
                elif outer in by_id and by_id[outer].qtype == "multiple":
                    code = option_code(by_id[outer], m.group(2))
                    if code is not None:
                        options[(by_id[outer].id, code)] = j
                        continue
            if hit is None and len(parts) > 1:
                last = norm_text(parts[-1])
                if last in by_id:
                    hit = (by_id[last], "code group/..")
                elif norm_text(parts[-2]) in by_id and by_id[norm_text(parts[-2])].qtype == "multiple":
                    continue  # Kobo's split option columns; the main column is used
            if hit is None and "_" in name:
                bits = name.strip().split("_")
                for k in range(1, len(bits)):
                    suffix = norm_text("_".join(bits[k:]))
                    prefix = norm_text("_".join(bits[:k]))
                    if suffix in by_id:
                        hit = (by_id[suffix], "code .._id")
                        break
                    if prefix in by_id and by_id[prefix].qtype == "multiple":
                        code = option_code(by_id[prefix], "_".join(bits[k:]))
                        if code is not None:
                            options[(by_id[prefix].id, code)] = j
                            hit = None
                            break
                else:
                    pass
                if (j in options.values()):
                    continue
        # 4. texts
        if hit is None:
            for c in cands:
                parts = [c]
                m = re.match(r"^(.*)\[(.+)\]\s*$", c.strip())
                if m:
                    parts = [m.group(2), c]
                for part in parts:
                    lst = by_text.get(norm_text(part))
                    if lst:
                        if len(lst) > 1:
                            raise DataError(
                                f"{path}: column {column_letter(j)} '{name}' matches the text of "
                                f"{' and '.join(t.id for t in lst)}; make the texts differ or use --mapping"
                            )
                        hit = (lst[0], "text")
                        break
                if hit is not None:
                    break
                # SurveyMonkey / Google multiple choice: "Question [Option]"
                if m and norm_text(m.group(1)) in by_text:
                    qt = by_text[norm_text(m.group(1))][0]
                    if qt.id in option_of:
                        code = option_code(qt, m.group(2))
                        if code is not None:
                            options[(qt.id, code)] = j
                            break
        if hit is not None:
            found.setdefault(hit[0].id, []).append((j, hit[1]))

    unknown_user = set(user) - used_user
    if unknown_user:
        c = min(unknown_user)
        near = _closest(c, [n for n in names if n])
        if near == "none similar":
            near = ", ".join(f"'{n}'" for n in names[:4] if n) + (" ..." if len(names) > 4 else "")
        raise DataError(
            f"mapping: column '{c}' is not in {path} (its headers include {near}); "
            "fix the header in the mapping file"
        )
    columns: dict[str, int] = {}
    how: dict[str, str] = {}
    for tid, hits in found.items():
        if len(hits) > 1:
            (j1, _), (j2, _) = hits[0], hits[1]
            if norm_text(names[j1]) == norm_text(names[j2]):
                raise DataError(
                    f"{path}: duplicated column name '{names[j1]}' (columns {column_letter(j1)} and "
                    f"{column_letter(j2)}); rename or delete one of them"
                )
            raise DataError(
                f"{path}: columns {column_letter(j1)} '{names[j1]}' and {column_letter(j2)} "
                f"'{names[j2]}' both match {tid}; delete one or say which with --mapping"
            )
        columns[tid] = hits[0][0]
        how[tid] = hits[0][1]
    missing = [t.id for t in targets if t.kind == "item" and t.id not in columns]
    if missing:
        unmatched = [names[j] for j in range(len(names)) if j not in columns.values()
                     and j not in options.values() and names[j]]
        t0 = next(t for t in targets if t.id == missing[0])
        near = _closest(t0.texts[0], unmatched) if unmatched else "no unmatched columns"
        if near == "none similar":
            near = _closest(t0.id, unmatched)
        if near == "none similar":
            near = "none similar"
            if not unmatched:
                near = "none (every column is used)"

        more = f" (and {len(missing) - 1} more: {', '.join(missing[1:6])}{'...' if len(missing) > 6 else ''})" if len(missing) > 1 else ""
        raise DataError(
            f"{path}: item {missing[0]}{more} not found among the {len(names)} columns; closest "
            f"unmatched headers: {near}; rename the column to the item id or pass --mapping FILE"
        )
    return ColumnMap(columns, options, how)


# ----------------------------------------------------------------------- values
def _code_of(value: Any, t: Target) -> float:
    """Code of one distinct answer (NaN = missing, INVALID = maps to nothing)."""
    if value is None:
        return np.nan
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        v = float(value)
        return v
    s = ascii_digits(str(value)).strip()
    if not s:
        return np.nan
    try:
        return float(s)
    except ValueError:
        pass
    lab = t.labels.get(norm_text(s))
    if lab is not None:
        return lab
    m = _NUM_PREFIX.match(s) or _NUM_SUFFIX.search(s)
    if m:
        return float(m.group(1))
    return INVALID


def _valid(codes: np.ndarray, t: Target) -> np.ndarray:
    """True where a non-missing code is acceptable for ``t``."""
    if t.qtype in ("likert", "single"):
        return np.isin(codes, np.asarray(t.codes, dtype=float))
    ok = codes != INVALID
    if t.low is not None:
        ok &= codes >= t.low
    if t.high is not None:
        ok &= codes <= t.high
    return ok


@dataclass
class Coded:
    """Codes of one column and where its invalid cells are."""

    codes: np.ndarray
    bad_rows: np.ndarray  # positions of invalid cells
    bad_values: list[Any]


def code_column(series: pd.Series, t: Target,
                factorized: tuple[np.ndarray, Any] | None = None) -> Coded:
    """Turn one column of answers into float codes, one lookup per distinct value.

    ``factorized`` is ``pd.factorize(series)`` when the caller already has it.
    """
    if series.dtype.kind in "fiu":
        codes = series.to_numpy(dtype=float)
        raw_vals = None
    else:
        if factorized is None:
            factorized = pd.factorize(series, use_na_sentinel=True)
        inverse, uniques = factorized
        mapped = np.array([_code_of(u, t) for u in uniques] + [np.nan], dtype=float)
        codes = mapped[inverse]  # -1 -> last entry (NaN)
        raw_vals = (inverse, uniques)
    present = ~np.isnan(codes)
    bad = present & ~_valid(codes, t)
    rows = np.flatnonzero(bad)
    values: list[Any] = []
    if rows.size:
        if raw_vals is None:
            values = [series.iloc[r] for r in rows[:1]]
        else:
            values = [raw_vals[1][raw_vals[0][r]] for r in rows[:1]]
    return Coded(codes, rows, values)


def code_multiple(series: pd.Series, t: Target) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Split a one-column multiple-choice answer (``"1 3"``, ``"a, b"``) into 0/1 columns.

    Returns (matrix n x options, bad row positions, first bad value).
    """
    inverse, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    codes = list(t.codes)
    rows_of_unique = np.full((len(uniques) + 1, len(codes)), 0.0)
    rows_of_unique[-1, :] = np.nan
    bad_u: set[int] = set()
    for ui, u in enumerate(uniques):
        s = ascii_digits(str(u)).strip()
        whole = t.labels.get(norm_text(s))
        if whole is not None:
            rows_of_unique[ui, codes.index(whole)] = 1
            continue
        toks = [x for x in re.split(r"\s*[;,،]\s*", s) if x] if re.search(r"[;,،]", s) else _SPLIT.split(s)
        for tok in toks:
            c = _code_of(tok, t)
            if c in codes:
                rows_of_unique[ui, codes.index(c)] = 1
            else:
                bad_u.add(ui)
    mat = rows_of_unique[inverse]
    bad = np.flatnonzero(np.isin(inverse, list(bad_u))) if bad_u else np.array([], dtype=int)
    vals = [uniques[inverse[bad[0]]]] if bad.size else []
    return mat, bad, vals


def option_flag(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """0/1 of a one-column-per-option export: 1/Y/yes/the label = chosen; 0/N/blank = not.

    Returns (flags, positions of unreadable cells).
    """
    inverse, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    vals = np.zeros(len(uniques) + 1)
    for ui, u in enumerate(uniques):
        s = norm_text(ascii_digits(str(u)))
        if s in ("0", "0.0", "n", "no", "false", "خیر", ""):
            vals[ui] = 0
        else:
            vals[ui] = 1
    return vals[inverse], np.array([], dtype=int)
