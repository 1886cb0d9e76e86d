"""Load and validate an instrument YAML file, reporting every problem with its location."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cemsurvey.errors import Issue, SpecError, SpecWarning
from cemsurvey.instrument.checks import check_instrument
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.repair import prunable_check
from cemsurvey.instrument.yamlpos import Loc, load_yaml_with_positions, locate

#: Largest model file read (parsing YAML costs far more memory and time than its bytes).
MAX_MODEL_BYTES = 20_000_000

_OBJECT_NAMES = {
    "constructs": "construct",
    "items": "item",
    "scales": "scale",
    "dimensions": "dimension",
    "attention_checks": "attention check",
    "background": "background question",
}


def _what(loc: Loc, data: Any = None) -> str:
    """A readable name for the object holding ``loc``: ``item 'SAT1'``, ``scale 'agree5'``...

    With ``data`` (the parsed YAML), list objects are named by their ``id`` when they have
    a usable one.
    """
    for i in range(len(loc) - 1, -1, -1):
        part = loc[i]
        if isinstance(part, str) and part in _OBJECT_NAMES:
            nxt = loc[i + 1] if i + 1 < len(loc) else None
            name = _OBJECT_NAMES[part]
            if part in ("scales", "dimensions") and isinstance(nxt, str):
                return f"{name} '{nxt}'"
            if isinstance(nxt, int) and data is not None:
                obj = _walk(data, loc[: i + 2])
                ident = obj.get("id") if isinstance(obj, dict) else None
                if isinstance(ident, str | int) and not isinstance(ident, bool):
                    return f"{name} '{ident}'"
            return name
    return "instrument"


def _walk(data: Any, loc: Loc) -> Any:
    """The value at ``loc`` in ``data`` (``None`` when the path does not exist)."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _allowed_fields(loc: Loc) -> list[str]:
    from cemsurvey.instrument import model as m

    parent = [p for p in loc[:-1] if isinstance(p, str)]
    cls: type = m.Instrument
    mapping = {
        "constructs": m.Construct,
        "items": m.Item,
        "scales": m.Scale,
        "dimensions": m.Dimension,
        "attention_checks": m.AttentionCheck,
        "background": m.BackgroundQuestion,
    }
    for p in parent:
        cls = mapping.get(p, cls)
    return list(cls.model_fields)  # type: ignore[attr-defined]


#: Plain-words replacements of pydantic's type messages, by error type.
_TYPE_WORDS = {
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "finite_number": "should be a finite number (not .nan or .inf)",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "string_type": "should be text",
    "list_type": "should be a list, e.g. [a, b] or one '- ' line per entry",
    "dict_type": "should be a mapping of 'key: value' lines",
}


def _message(err: dict[str, Any], data: Any = None) -> str:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    inp = err.get("input")
    if kind == "extra_forbidden":
        import difflib

        allowed = _allowed_fields(loc)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return (f"unknown key '{loc[-1]}' in {_what(loc[:-1], data)} "
                f"(allowed: {', '.join(allowed)}){hint}")
    if kind == "missing":
        return f"{_what(loc[:-1], data)} is missing required key '{loc[-1]}'"
    what = _what(loc, data)
    if loc and loc[-1] == "[key]":
        # a mapping key of the wrong type; today only background options have typed keys
        return (f"{what}: option code {loc[-2]!r} is not a whole number; "
                "write options as 'code: label' with codes 1, 2, 3...")
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    msg = err["msg"]
    msg = msg.removeprefix("Value error, ")
    if kind == "too_short" and loc in (("languages",), ("constructs",)):
        return {
            ("languages",): "'languages' is empty; list at least one language code, e.g. [en] "
                            "or [en, fa], or remove the key (default [en])",
            ("constructs",): "'constructs' is empty; declare at least one construct with its "
                             "items (see 'cemsurvey init')",
        }[loc]
    if kind in _TYPE_WORDS or kind in ("literal_error", "greater_than_equal", "less_than_equal",
                                       "too_short"):
        words = _TYPE_WORDS.get(kind)
        if words is None:
            words = msg[len("Input "):] if msg.startswith("Input ") else msg[0].lower() + msg[1:]
        return f"{what}: '{key}' {words}, found {inp!r}"
    if key == "id":
        what = _what(loc)  # the id itself is what is wrong: do not name the object by it
    return f"{what}: {msg}" if key is None else f"{what} {key}: {msg}"


def parse_instrument(text: str, filename: str = "<model>") -> tuple[Instrument, list[Issue]]:
    """Parse and validate instrument YAML text.

    Returns
    -------
    (Instrument, warnings)
        The instrument and any located warnings (e.g. single-item constructs).

    Raises
    ------
    SpecError
        With every located error found (YAML syntax, schema, cross-references).
    """
    data, positions, issues = load_yaml_with_positions(text, filename)
    if data is None:
        raise SpecError(Issue("the file is empty; run 'cemsurvey init' for a starter model", filename, 1, 1))
    if not isinstance(data, dict):
        raise SpecError(
            Issue(
                f"expected a mapping of keys (title, constructs, ...), found {type(data).__name__}",
                filename, 1, 1,
            )
        )

    def at(loc: Loc, message: str, severity: str = "error") -> Issue:
        line, col = locate(positions, loc)
        return Issue(message, filename, line, col, severity)

    try:
        ins = Instrument.model_validate(data)
    except ValidationError as exc:
        errs = exc.errors()
        issues.extend(at(tuple(e["loc"]), _message(e, data)) for e in errs)
        # and the cross-reference problems of the rest, so one run lists everything
        more = prunable_check(data, errs, Instrument, lambda ins, rep: check_instrument(
            ins, rep, lambda loc: locate(positions, loc)[0]))
        issues.extend(at(loc, msg) for loc, msg, sev in more if sev == "error")
        issues.sort(key=lambda i: (i.line or 0, i.column or 0))
        raise SpecError(issues) from None
    found: list[Issue] = list(issues)

    def report(loc: Loc, message: str, severity: str) -> None:
        found.append(at(loc, message, severity))

    check_instrument(ins, report, lambda loc: locate(positions, loc)[0])
    errors = sorted((i for i in found if i.severity == "error"), key=lambda i: (i.line or 0, i.column or 0))
    warns = [i for i in found if i.severity == "warning"]
    if errors:
        raise SpecError(errors)
    return ins, warns


def load_instrument(path: str | Path, *, warn: bool = True) -> Instrument:
    """Load an instrument YAML file.

    Warnings (single-item constructs...) are emitted as :class:`SpecWarning` unless
    ``warn`` is false.

    Raises
    ------
    SpecError
        When the file cannot be read or is invalid; every issue is located.
    """
    from cemsurvey.fileio import read_regular, regular_file_problem

    p = Path(path)
    problem = regular_file_problem(p)
    if problem == "file not found; check the path":
        raise SpecError(Issue(f"model file not found: {p}; check the path", str(p)))
    if problem == "is a directory; give a file":
        raise SpecError(Issue(f"{p} is a directory; give the model's .yaml file", str(p)))
    if problem:
        raise SpecError(Issue(f"model file {problem}", str(p)))
    size = p.stat().st_size
    if size > MAX_MODEL_BYTES:
        raise SpecError(Issue(
            f"the file holds {size:,} bytes, more than a model file may ({MAX_MODEL_BYTES:,}; "
            "a 1,000-item instrument is about 300 KB); check that this is the instrument YAML",
            str(p)))
    try:
        raw = read_regular(p)
    except OSError as exc:
        raise SpecError(Issue(f"cannot read model file: {exc.strerror}; check the path and "
                              "its permissions", str(p))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SpecError(
            Issue("the file is not UTF-8 text; save it as UTF-8", str(p), line)
        ) from None
    ins, warns = parse_instrument(text, str(p))
    if warn:
        for w in warns:
            warnings.warn(SpecWarning(str(w)), stacklevel=2)
    return ins
