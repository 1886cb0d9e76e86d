"""Mapping export columns to item ids.

Columns are matched to the instrument's items, attention checks and background
questions (:mod:`~cemsurvey.responses.targets`) by, in order: a mapping file; the exact id
(case-insensitive); platform codes (``SAT[SAT1]`` LimeSurvey, ``group/SAT1`` Kobo,
``SAT_SAT1`` prefixed codes); and the statement text in any language of the instrument
(``Title [Row]`` Google Forms grids, Qualtrics ``Question - Row`` texts, SurveyMonkey
sub-rows), compared after :func:`~cemsurvey.responses.normalize.norm_text`. Answers become
codes in :mod:`~cemsurvey.responses.coding`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from cemsurvey.errors import DataError
from cemsurvey.responses.mapping_file import load_mapping  # noqa: F401 (re-exported)
from cemsurvey.responses.normalize import norm_text
from cemsurvey.responses.readers import column_letter
from cemsurvey.responses.sources import Layout
from cemsurvey.responses.targets import Target

Hit = tuple[Target, str]  # the target of a column and how it was matched
SKIP: Literal["skip"] = "skip"  # the column is an option column or one to leave out


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


def _option_code(t: Target, token: str) -> float | None:
    """The code of a multiple-choice option named by ``token`` (code or label), if any."""
    tok = norm_text(token)
    try:
        v = float(tok)
    except ValueError:
        v = t.labels.get(tok)  # type: ignore[assignment]
    return v if v is not None and v in t.codes else None


@dataclass(frozen=True)
class _Lookup:
    """Targets by normalized id and by normalized text (a text may name several)."""

    by_id: dict[str, Target]
    by_text: dict[str, list[Target]]
    multiple: set[str]  # ids of multiple-choice targets

    @classmethod
    def of(cls, targets: list[Target]) -> _Lookup:
        by_text: dict[str, list[Target]] = {}
        for t in targets:
            for tx in t.texts:
                by_text.setdefault(norm_text(tx), [])
                if t not in by_text[norm_text(tx)]:
                    by_text[norm_text(tx)].append(t)
        return cls({norm_text(t.id): t for t in targets}, by_text,
                   {t.id for t in targets if t.qtype == "multiple"})

    def multiple_id(self, key: str) -> Target | None:
        """The multiple-choice target whose normalized id is ``key``."""
        t = self.by_id.get(key)
        return t if t is not None and t.qtype == "multiple" else None


def _user_hit(cands: list[str], user: Mapping[str, str], used_user: set[str],
              look: _Lookup) -> Hit | None:
    """1. The mapping file: the first of the column's texts it names."""
    for c in cands:
        if c in user:
            tid = user[c]
            used_user.add(c)
            tgt = look.by_id.get(norm_text(tid))
            if tgt is None:
                raise DataError(
                    f"mapping: '{c}' -> '{tid}', but '{tid}' is not an item, attention check "
                    "or background question of the model; fix the mapping file"
                )
            return tgt, "mapping file"
    return None


def _code_hit(name: str, j: int, look: _Lookup,
              options: dict[tuple[str, float], int]) -> Hit | Literal["skip"] | None:
    """3. Platform codes: ``Q[ID]``, ``group/ID``, ``prefix_ID``; option columns recorded."""
    m = re.match(r"^(.*?)\[(.+)\]$", name.strip())
    parts = [p for p in re.split(r"[/]", name.strip()) if p]
    if m:
        outer, inner = norm_text(m.group(1)), norm_text(m.group(2))
        if inner in look.by_id:
            return look.by_id[inner], "code [..]"
        if (t := look.multiple_id(outer)) is not None:
            code = _option_code(t, m.group(2))
            if code is not None:
                options[(t.id, code)] = j
                return SKIP
    if len(parts) > 1:
        last = norm_text(parts[-1])
        if last in look.by_id:
            return look.by_id[last], "code group/.."
        if look.multiple_id(norm_text(parts[-2])) is not None:
            return SKIP  # Kobo's split option columns; the main column is used
    if "_" in name:
        bits = name.strip().split("_")
        for k in range(1, len(bits)):
            suffix = norm_text("_".join(bits[k:]))
            if suffix in look.by_id:
                return look.by_id[suffix], "code .._id"
            if (t := look.multiple_id(norm_text("_".join(bits[:k])))) is not None:
                code = _option_code(t, "_".join(bits[k:]))
                if code is not None:
                    options[(t.id, code)] = j
                    return SKIP
    return None


def _text_hit(cands: list[str], j: int, name: str, look: _Lookup,
              options: dict[tuple[str, float], int], path: str) -> Hit | None:
    """4. Statement texts, also ``Title [Row]``; ``Question [Option]`` option columns."""
    for c in cands:
        parts = [c]
        m = re.match(r"^(.*)\[(.+)\]\s*$", c.strip())
        if m:
            parts = [m.group(2), c]
        for part in parts:
            lst = look.by_text.get(norm_text(part))
            if lst:
                if len(lst) > 1:
                    raise DataError(
                        f"{path}: column {column_letter(j)} '{name}' matches the text of "
                        f"{' and '.join(t.id for t in lst)}; make the texts differ or use --mapping"
                    )
                return lst[0], "text"
        # SurveyMonkey / Google multiple choice: "Question [Option]"
        if m and norm_text(m.group(1)) in look.by_text:
            qt = look.by_text[norm_text(m.group(1))][0]
            if qt.id in look.multiple:
                code = _option_code(qt, m.group(2))
                if code is not None:
                    options[(qt.id, code)] = j
                    return None
    return None


def _check_user_used(user: Mapping[str, str], used_user: set[str], names: list[str],
                     path: str) -> None:
    """Every column the mapping file names must exist."""
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


def _one_column_each(found: dict[str, list[tuple[int, str]]], names: list[str],
                     path: str) -> tuple[dict[str, int], dict[str, str]]:
    """Target -> its column and how it matched; two columns for one target is an error."""
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
    return columns, how


def _check_items_found(targets: list[Target], columns: dict[str, int],
                       options: dict[tuple[str, float], int], names: list[str],
                       path: str) -> None:
    """Every item must have a column; the error names the closest unmatched headers."""
    missing = [t.id for t in targets if t.kind == "item" and t.id not in columns]
    if not missing:
        return
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


def map_columns(
    layout: Layout,
    targets: list[Target],
    *,
    user: Mapping[str, str] | None = None,
    path: str = "",
) -> ColumnMap:
    """Match the export's columns to ``targets`` (in the order of the module docstring).

    Raises
    ------
    DataError
        An item is not found (listing the closest headers), two columns match one
        item, a header is duplicated, a mapping names an unknown id or column.
    """
    look = _Lookup.of(targets)
    found: dict[str, list[tuple[int, str]]] = {}
    options: dict[tuple[str, float], int] = {}
    names = layout.names
    user = dict(user or {})
    used_user: set[str] = set()
    reserved = {c for c in (layout.id_col, layout.duration_col, layout.start_col, layout.end_col)
                if c is not None}
    for j, name in enumerate(names):
        cands = layout.texts[j]
        hit: Hit | Literal["skip"] | None = _user_hit(cands, user, used_user, look)
        if hit is None and j in reserved:
            continue
        if hit is None and norm_text(name) in look.by_id:  # 2. exact id
            hit = (look.by_id[norm_text(name)], "id")
        if hit is None and name:
            hit = _code_hit(name, j, look, options)
            if hit == SKIP:
                continue
        if hit is None:
            hit = _text_hit(cands, j, name, look, options, path)
        if isinstance(hit, tuple):
            found.setdefault(hit[0].id, []).append((j, hit[1]))
    _check_user_used(user, used_user, names, path)
    columns, how = _one_column_each(found, names, path)
    _check_items_found(targets, columns, options, names, path)
    return ColumnMap(columns, options, how)
