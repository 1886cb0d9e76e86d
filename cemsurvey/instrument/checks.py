"""Cross-reference checks of an instrument, each located in the YAML file.

Pydantic checks each object's shape; these checks look across objects: ids used twice,
unknown scales and dimensions, missing translations, label counts, paths naming unknown
constructs, cycles. Every problem is reported, not just the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cemsurvey.instrument.model import LANGUAGE_PATTERN, Instrument
from cemsurvey.instrument.paths import parse_covariance, parse_regression
from cemsurvey.instrument.yamlpos import Loc

Report = Callable[[Loc, str, str], None]  # (location, message, severity)


def check_instrument(
    ins: Instrument, report: Report, line_of: Callable[[Loc], int | None] = lambda loc: None
) -> None:
    """Run every cross-reference check, calling ``report(loc, message, severity)``.

    ``line_of(loc)`` gives the 1-based YAML line of a location, used to point at the
    first use of a duplicated id.
    """
    _check_languages(ins, report)
    _check_texts(ins, report)
    _check_scales(ins, report)

    seen: dict[str, Loc] = {}
    # ids that become data columns (items, attention checks, background questions), by
    # lower-case id: SPSS and LimeSurvey do not tell 'SAT1' from 'sat1'
    folded: dict[str, str] = {}

    def claim(ident: str, loc: Loc, what: str) -> None:
        if ident in seen:
            report(loc + ("id",), f"{what} id '{ident}' is used twice{_first_at(line_of(seen[ident]))}", "error")
            return
        seen[ident] = loc + ("id",)
        if what == "construct":
            return
        other = folded.get(ident.lower())
        if other is not None:
            report(
                loc + ("id",),
                f"{what} id '{ident}' differs from '{other}'{_first_at(line_of(seen[other]))} "
                "only in upper/lower case; SPSS, LimeSurvey and spreadsheets treat them as the "
                "same column: rename one",
                "error",
            )
        folded.setdefault(ident.lower(), ident)

    for did in ins.dimensions:
        seen.setdefault(did, ("dimensions", did))

    for ci, c in enumerate(ins.constructs):
        cloc: Loc = ("constructs", ci)
        if c.id in ins.dimensions:
            report(cloc + ("id",), f"construct id '{c.id}' is also a dimension id; rename one", "error")
        else:
            claim(c.id, cloc, "construct")
        if c.dimension is not None and c.dimension not in ins.dimensions:
            known = ", ".join(ins.dimensions) or "none declared"
            report(
                cloc + ("dimension",),
                f"construct '{c.id}' names unknown dimension '{c.dimension}' (known: {known}); "
                "declare it under 'dimensions:' or fix the name",
                "error",
            )
        if c.scale is not None and c.scale not in ins.scales:
            known = ", ".join(ins.scales) or "none declared"
            report(
                cloc + ("scale",),
                f"construct '{c.id}' names unknown scale '{c.scale}' (known: {known})",
                "error",
            )
        if c.scale is None and len(ins.scales) > 1:
            report(
                cloc,
                f"construct '{c.id}' has no 'scale' and the instrument has several "
                f"({', '.join(ins.scales)}); add 'scale: <id>'",
                "error",
            )
        if not c.items:
            report(cloc, f"construct '{c.id}' has no items; add at least 3 under 'items:'", "error")
        elif len(c.items) == 1:
            report(
                cloc + ("items",),
                f"construct '{c.id}' has a single item: fine as a single-item measure in PLS, "
                "but not identified in CFA; add items for CFA",
                "warning",
            )
        scale = ins.scales.get(ins.scale_id_of(c))
        for ii, it in enumerate(c.items):
            claim(it.id, cloc + ("items", ii), "item")
            if it.reverse and scale is not None and scale.type == "numeric" and (
                    scale.min is None or scale.max is None):
                report(
                    cloc + ("items", ii, "reverse"),
                    f"item '{it.id}' is reverse-keyed, but its numeric scale has no min and max "
                    "to reverse it by ((min + max) - value); add min and max to the scale or "
                    "drop 'reverse'",
                    "error",
                )

    scale_ids = set(ins.scales)
    for ai, a in enumerate(ins.attention_checks):
        aloc: Loc = ("attention_checks", ai)
        claim(a.id, aloc, "attention check")
        sid = a.scale or (next(iter(ins.scales)) if len(ins.scales) == 1 else None)
        if a.scale is not None and a.scale not in scale_ids:
            report(aloc + ("scale",), f"attention check '{a.id}' names unknown scale '{a.scale}'", "error")
        elif sid is not None or not ins.scales:
            from cemsurvey.instrument.model import Scale

            scale = ins.scales.get(sid) if sid else Scale(type="likert", points=5)
            if scale is not None and scale.codes and a.expect not in scale.codes:
                report(
                    aloc + ("expect",),
                    f"attention check '{a.id}' expects {a.expect}, which is not a code of its "
                    f"scale ({', '.join(map(str, scale.codes))})",
                    "error",
                )
        if a.after is not None and a.after not in ins.construct_ids:
            report(aloc + ("after",), f"attention check '{a.id}': unknown construct '{a.after}'", "error")

    for bi, b in enumerate(ins.background):
        bloc: Loc = ("background", bi)
        claim(b.id, bloc, "background question")
        if b.type in ("single", "multiple") and not b.options:
            report(bloc, f"background question '{b.id}' is a {b.type} choice: add 'options: {{1: ..., 2: ...}}'", "error")
        for lang in ins.languages:
            first: dict[str, int] = {}
            for code, label in (b.options or {}).items():
                text = ins.tr(label, lang).strip().casefold()
                if text in first:
                    report(
                        bloc + ("options", code),
                        f"background question '{b.id}': options {first[text]} and {code} have "
                        f"the same '{lang}' label '{ins.tr(label, lang)}'; answers given as "
                        "labels could not be told apart: make the labels differ",
                        "error",
                    )
                first.setdefault(text, code)
        if b.type in ("number", "text") and b.options:
            report(bloc + ("options",), f"background question '{b.id}' is of type {b.type}: remove 'options'", "error")
        if b.min is not None and b.max is not None and b.min > b.max:
            report(bloc + ("min",), f"background question '{b.id}': min {_num(b.min)} is above max {_num(b.max)}", "error")
        if (b.min is not None or b.max is not None) and b.type != "number":
            report(bloc, f"background question '{b.id}': min/max apply to type number only", "error")

    _check_paths(ins, report)
    _check_covariances(ins, report)


def _num(x: float) -> str:
    """``18.0 -> '18'``, ``2.5 -> '2.5'``."""
    return str(int(x)) if float(x).is_integer() else str(x)


def _first_at(line: int | None) -> str:
    return f" (first at line {line})" if line is not None else ""


def _check_languages(ins: Instrument, report: Report) -> None:
    seen: set[str] = set()
    for i, lang in enumerate(ins.languages):
        if lang in seen:
            report(("languages", i), f"language '{lang}' is listed twice", "error")
        seen.add(lang)
        if not _LANG_RE.match(lang):
            report(("languages", i), f"'{lang}' is not a language code; use two- or three-letter "
                   "codes such as en, fa, ar (optionally with a region, e.g. en-GB)", "error")


#: ISO 639 language code with optional BCP 47 subtags: en, fa, ckb, en-GB, zh-Hant.
_LANG_RE = re.compile(LANGUAGE_PATTERN)


def _localized_fields(ins: Instrument):
    yield ("title",), ins.title, "title"
    if ins.intro is not None:
        yield ("intro",), ins.intro, "intro"
    for did, d in ins.dimensions.items():
        if d.label is not None:
            yield ("dimensions", did, "label"), d.label, f"dimension '{did}' label"
    for ci, c in enumerate(ins.constructs):
        yield ("constructs", ci, "name"), c.name, f"construct '{c.id}' name"
        for ii, it in enumerate(c.items):
            yield ("constructs", ci, "items", ii, "text"), it.text, f"item '{it.id}' text"
    for ai, a in enumerate(ins.attention_checks):
        yield ("attention_checks", ai, "text"), a.text, f"attention check '{a.id}' text"
    for bi, b in enumerate(ins.background):
        yield ("background", bi, "text"), b.text, f"background question '{b.id}' text"
        for code, label in (b.options or {}).items():
            yield ("background", bi, "options", code), label, f"option {code} of '{b.id}'"


def _check_texts(ins: Instrument, report: Report) -> None:
    langs = list(dict.fromkeys(ins.languages))  # a language listed twice is reported once
    for loc, value, what in _localized_fields(ins):
        if isinstance(value, str):
            if len(langs) > 1:
                report(
                    loc,
                    f"{what} has no '{langs[1]}' text (a plain string counts as '{langs[0]}'); "
                    f"write {{{', '.join(f'{lg}: ...' for lg in langs)}}}",
                    "error",
                )
            continue
        for lang in langs:
            if lang not in value:
                report(loc, f"{what} has no '{lang}' text, a declared language; add '{lang}: ...'", "error")
        for lang in value:
            if lang not in langs:
                report(
                    loc + (lang,),
                    f"{what} has text in '{lang}', which is not in languages "
                    f"[{', '.join(langs)}]; add it to 'languages' or remove it",
                    "error",
                )


def _check_scales(ins: Instrument, report: Report) -> None:
    for sid, s in ins.scales.items():
        loc: Loc = ("scales", sid)
        if s.type == "likert":
            if s.points is None:
                report(loc, f"likert scale '{sid}' needs 'points' (e.g. points: 5)", "error")
                continue
            if s.values is not None:
                if len(s.values) != s.points:
                    report(loc + ("values",), f"scale '{sid}' has {len(s.values)} values for {s.points} points", "error")
                elif len(set(s.values)) != len(s.values) or list(s.values) != sorted(s.values):
                    report(loc + ("values",), f"scale '{sid}': values must be distinct and increasing", "error")
            if s.min is not None or s.max is not None:
                report(loc, f"likert scale '{sid}': use 'values' to set codes, not min/max", "error")
            for lang, labels in s.labels.items():
                if len(labels) != s.points:
                    report(
                        loc + ("labels", lang),
                        f"scale '{sid}' has {len(labels)} '{lang}' labels for {s.points} points; "
                        f"give exactly {s.points}",
                        "error",
                    )
                if lang not in ins.languages:
                    report(loc + ("labels", lang), f"scale '{sid}' has labels in '{lang}', which is not in languages", "error")
            if s.labels:
                for lang in ins.languages:
                    if lang not in s.labels:
                        report(loc + ("labels",), f"scale '{sid}' has no '{lang}' labels, a declared language", "error")
        else:
            if s.points is not None or s.labels or s.values:
                report(loc, f"numeric scale '{sid}' takes no points, labels or values; use min/max", "error")
            if s.min is not None and s.max is not None and s.min >= s.max:
                report(loc + ("min",), f"scale '{sid}': min {s.min} must be below max {s.max}", "error")


def _check_paths(ins: Instrument, report: Report) -> None:
    if ins.paths is None:
        return
    cids = set(ins.construct_ids)
    dims_used: dict[str, Loc] = {}
    cons_used: dict[str, Loc] = {}
    edges: dict[str, set[str]] = {}
    # (predictor, outcome) -> (index of the paths entry, its statement)
    arrows: dict[tuple[str, str], tuple[int, str]] = {}
    for pi, stmt in enumerate(ins.paths):
        loc: Loc = ("paths", pi)
        try:
            regs = parse_regression(stmt)
        except ValueError as exc:
            report(loc, str(exc), "error")
            continue
        for lhs, rhs in regs:
            terms = [n for n in rhs if ":" in n]
            for term in terms:
                a, m = term.split(":")
                if not {a, m} <= cids:
                    report(loc, f"path '{stmt}': the interaction '{term}' must join two "
                           "constructs (not dimensions); write 'y ~ x + m + x:m'", "error")
                elif not {a, m} <= set(rhs):
                    report(loc, f"path '{stmt}': the interaction '{term}' needs both main "
                           f"effects in the same path: add '{a}' and '{m}'", "error")
            rhs = [n for n in rhs if ":" not in n]
            for name in [lhs, *rhs]:
                if name in ins.dimensions:
                    if not ins.constructs_in(name):
                        report(loc, f"path '{stmt}': dimension '{name}' has no constructs", "error")
                    dims_used.setdefault(name, loc)
                elif name in cids:
                    cons_used.setdefault(name, loc)
                else:
                    known = sorted(cids | set(ins.dimensions))
                    close = _closest(name, known)
                    hint = f"; did you mean '{close}'?" if close else ""
                    report(loc, f"path '{stmt}' names unknown construct or dimension '{name}'{hint}", "error")
            if lhs in rhs:
                report(loc, f"path '{stmt}': '{lhs}' cannot predict itself", "error")
            for r in rhs:
                if r == lhs:
                    continue
                where = _declared_again(arrows, (r, lhs), pi, stmt)
                if where:
                    report(loc, f"path '{stmt}': the arrow {r} -> {lhs} is {where}; "
                           "declare each arrow once", "error")
            edges.setdefault(lhs, set()).update(r for r in rhs if r != lhs)
    for cid, loc in cons_used.items():
        dim = ins.construct(cid).dimension
        if dim is not None and dim in dims_used:
            report(
                loc,
                f"paths use both dimension '{dim}' and its construct '{cid}'; a first-order "
                "construct is an indicator of its dimension: name one level only",
                "error",
            )
    cycle = _find_cycle(edges)
    if cycle:
        report(
            ("paths",),
            f"paths form a cycle {' -> '.join(cycle)}; cemsurvey estimates recursive models "
            "only: remove one of these paths",
            "error",
        )


def _declared_again(seen: dict, key: object, index: int, stmt: str) -> str | None:
    """Record that statement ``index`` (``stmt``) declares ``key``; if an earlier statement,
    or this one already, did, say where (``"twice in it"`` / ``"already declared in '...'"``)."""
    if key in seen:
        first, earlier = seen[key]
        return "twice in it" if first == index else f"already declared in '{earlier}'"
    seen[key] = (index, stmt)
    return None


def _check_covariances(ins: Instrument, report: Report) -> None:
    items = set(ins.item_ids)
    latents = set(ins.construct_ids) | set(ins.dimensions)
    pairs_seen: dict[frozenset[str], tuple[int, str]] = {}
    for ci, stmt in enumerate(ins.covariances):
        loc: Loc = ("covariances", ci)
        try:
            pairs = parse_covariance(stmt)
        except ValueError as exc:
            report(loc, str(exc), "error")
            continue
        for a, b in pairs:
            for n in (a, b):
                if n not in items and n not in latents:
                    report(loc, f"covariance '{stmt}' names unknown item or construct '{n}'", "error")
            where = _declared_again(pairs_seen, frozenset((a, b)), ci, stmt) if a != b else None
            if where:
                report(loc, f"covariance '{stmt}': the pair {a} ~~ {b} is {where}; declare it "
                       "once", "error")
            if a == b:
                report(loc, f"covariance '{stmt}': a variance of '{a}' is estimated anyway; remove it", "error")
            elif (a in items) != (b in items) and a in items | latents and b in items | latents:
                report(loc, f"covariance '{stmt}' pairs an item with a construct; pair items with items", "error")


def _find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """Return a cycle in the graph y <- x (edges[y] = predictors) as a list, or None."""
    color: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        color[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if color.get(nxt) == 1:
                i = stack.index(nxt)
                return list(reversed(stack[i:] + [nxt]))
            if color.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        color[node] = 2
        return None

    for n in sorted(edges):
        if color.get(n) is None:
            found = visit(n)
            if found:
                return found
    return None


def _closest(name: str, candidates: list[str]) -> str | None:
    import difflib

    m = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if m:
        return m[0]
    low = {c.lower(): c for c in candidates}
    return low.get(name.lower())
