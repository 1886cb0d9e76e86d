"""YAML loading that remembers where every key and value stood.

Uses PyYAML's *safe* resolver and constructors only (no arbitrary objects). Returns
plain Python data plus a map from a location path (``('constructs', 0, 'items', 1,
'text')``) to its 1-based (line, column), so schema errors can name the exact spot.
Duplicate keys, which PyYAML silently overwrites, are reported.

Safety beyond ``yaml.safe_load``: only the standard tags (text, numbers, booleans, null,
dates, lists, mappings) are accepted, a recursive alias (``&a [*a]``) is an error, and
anchors and aliases may not expand the document beyond :data:`MAX_NODES` values (the
"billion laughs" attack), so a hostile file fails fast with a located message.
"""

from __future__ import annotations

from typing import Any

import yaml

from cemsurvey.errors import Issue, SpecError

Loc = tuple[str | int, ...]

#: Largest number of values (after expanding aliases) a model file may hold. The
#: shipped instruments hold about 3,000; a 1,000-item instrument about 30,000.
MAX_NODES = 200_000

#: Deepest nesting of lists and mappings a model file may hold (the shipped instruments
#: nest 6 deep); deeper input is refused with its line instead of exhausting the stack.
MAX_DEPTH = 64
_DEPTH_MESSAGE = (f"lists and mappings are nested more than {MAX_DEPTH} deep; a model file nests "
                  "a few levels (constructs > items > text); remove the extra brackets or indentation")

#: Tags a model file may carry (the ones YAML resolves implicitly; dates are kept as text).
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


class _Loader(yaml.SafeLoader):
    pass


def load_yaml_with_positions(
    text: str, filename: str
) -> tuple[Any, dict[Loc, tuple[int, int]], list[Issue]]:
    """Parse YAML text into (data, positions, issues about duplicate keys).

    Raises
    ------
    SpecError
        On a YAML syntax error, located at the parser's mark.
    """
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise SpecError(_reader_issue(exc, text, filename)) from None
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise SpecError(_depth_issue(text, filename)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        hint = ""
        if problem == "but found another document":
            raise SpecError(
                Issue(
                    "the file holds more than one YAML document (a second '---' line); keep "
                    "one model per file",
                    filename,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                )
            ) from None
        if "tab" in problem.lower() or "\t" in text:
            hint = "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = "; quote text that contains ': '"
        elif problem.startswith(("expected ',' or '}'", "expected ',' or ']'")):
            hint = ("; close every '{' and '[', and inside them put text "
                    "containing a comma, '?', ':' or '#' in quotes")
        raise SpecError(
            Issue(
                f"YAML syntax error: {problem}{hint}",
                filename,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
            )
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other parser errors
        raise SpecError(Issue(f"YAML error: {exc}", filename)) from None
    finally:
        loader.dispose()
    positions: dict[Loc, tuple[int, int]] = {}
    issues: list[Issue] = []
    if node is None:
        return None, positions, issues
    constructor = yaml.SafeLoader("")
    depth = 0
    count = 0
    open_nodes: set[int] = set()  # collections being built: an alias to one is a cycle

    def fail(n: yaml.Node, message: str) -> SpecError:
        return SpecError(Issue(message, filename, n.start_mark.line + 1, n.start_mark.column + 1))

    def build(n: yaml.Node, loc: Loc) -> Any:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise fail(n, f"the file expands to more than {MAX_NODES:,} values (anchors '&' and "
                          "aliases '*' nested inside each other); write the values out")
        if n.tag not in _ALLOWED_TAGS:
            raise fail(n, f"unsupported YAML tag '{n.tag.replace('tag:yaml.org,2002:', '!!')}'; "
                          "remove it: a model file holds only text, numbers, true/false, lists "
                          "and mappings")
        if id(n) in open_nodes:
            raise fail(n, "an alias '*' refers to a list or mapping that contains it (a cycle); "
                          "write the values out")
        positions.setdefault(loc, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode | yaml.SequenceNode):
            nonlocal depth
            if depth >= MAX_DEPTH:
                raise fail(n, _DEPTH_MESSAGE)
            open_nodes.add(id(n))
            depth += 1
            try:
                return build_collection(n, loc)
            finally:
                depth -= 1
                open_nodes.discard(id(n))
        if n.tag == "tag:yaml.org,2002:timestamp":
            return n.value  # a date-like value (source: 2024-02-10) stays the text written
        return constructor.construct_object(n, deep=True)

    def build_collection(n: yaml.Node, loc: Loc) -> Any:
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for knode, vnode in n.value:
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise SpecError(
                        Issue(
                            "YAML merge keys (<<) are not supported; write the keys out",
                            filename,
                            knode.start_mark.line + 1,
                            knode.start_mark.column + 1,
                        )
                    )
                key = build(knode, loc + ("[key]",))
                if isinstance(key, list | dict):
                    key = str(key)
                kline = knode.start_mark.line + 1
                if key in out:
                    issues.append(
                        Issue(
                            f"key '{key}' is given twice (first at line {first_line[key]}); "
                            "remove one",
                            filename,
                            kline,
                            knode.start_mark.column + 1,
                        )
                    )
                first_line.setdefault(key, kline)
                positions[loc + (key,)] = (kline, knode.start_mark.column + 1)
                out[key] = build(vnode, loc + (key,))
                # a key's own position is the key, not the value
                positions[loc + (key,)] = (kline, knode.start_mark.column + 1)
            return out
        return [build(v, loc + (i,)) for i, v in enumerate(n.value)]

    data = build(node, ())
    return data, positions, issues


def _reader_issue(exc: yaml.reader.ReaderError, text: str, filename: str) -> Issue:
    """A located message for a character YAML does not allow (NUL, DEL, C1 controls...)."""
    pos = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Issue(f"the file holds the control character U+{code:04X}, which YAML does not allow; "
                 "delete it (only printable text, tabs and line breaks may appear)",
                 filename, line, col)


def _depth_issue(text: str, filename: str) -> Issue:
    """Locate the first list or mapping nested deeper than :data:`MAX_DEPTH` (the event
    parser is not recursive, so it can walk any depth)."""
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = ev.start_mark
                    return Issue(_DEPTH_MESSAGE, filename, m.line + 1, m.column + 1)
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return Issue(_DEPTH_MESSAGE, filename)


def locate(positions: dict[Loc, tuple[int, int]], loc: Loc) -> tuple[int | None, int | None]:
    """Position of ``loc`` or of its nearest located ancestor."""
    loc = tuple(loc)
    while loc:
        if loc in positions:
            return positions[loc]
        loc = loc[:-1]
    return positions.get((), (None, None))
