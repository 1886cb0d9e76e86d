"""YAML loading that remembers where every key and value stood.

Uses PyYAML's *safe* resolver and constructors only (no arbitrary objects). Returns
plain Python data plus a map from a location path (``('constructs', 0, 'items', 1,
'text')``) to its 1-based (line, column), so schema errors can name the exact spot.
Duplicate keys, which PyYAML silently overwrites, are reported.
"""

from __future__ import annotations

from typing import Any

import yaml

from cemsurvey.errors import Issue, SpecError

Loc = tuple[str | int, ...]


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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        hint = ""
        if "tab" in problem.lower() or "\t" in text:
            hint = "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = "; quote text that contains ': '"
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

    def build(n: yaml.Node, loc: Loc) -> Any:
        positions.setdefault(loc, (n.start_mark.line + 1, n.start_mark.column + 1))
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
                key = constructor.construct_object(knode, deep=True)
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
        if isinstance(n, yaml.SequenceNode):
            return [build(v, loc + (i,)) for i, v in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    data = build(node, ())
    return data, positions, issues


def locate(positions: dict[Loc, tuple[int, int]], loc: Loc) -> tuple[int | None, int | None]:
    """Position of ``loc`` or of its nearest located ancestor."""
    loc = tuple(loc)
    while loc:
        if loc in positions:
            return positions[loc]
        loc = loc[:-1]
    return positions.get((), (None, None))
