"""Plain tables of JSON-ready data: what a result without its own renderer shows.

A step result whose area has no renderer in :data:`cemsurvey.report.analysis_tables.RENDERERS`
is shown through :func:`generic_tables` of its ``to_dict()`` so nothing computed is hidden.
"""

from __future__ import annotations

from typing import Any

from cemsurvey.report.tables import Table


def is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, bool | int | float | str)


def generic_tables(key: str, data: Any, title: str | None = None) -> list[Table]:
    """Plain tables from JSON-ready data (scalars; maps of maps; lists of records).

    >>> [t.key for t in generic_tables("x", {"a": 1, "m": {"r": {"c": 1.0}}, "l": [{"k": 2}]})]
    ['x', 'x_m', 'x_l']
    """
    title = title or key
    if not isinstance(data, dict):
        return [Table(key, title, ["value"], [[str(data)]])]
    scalars = [[k, v] for k, v in data.items() if is_scalar(v)]
    out = [Table(key, title, ["statistic", "value"], scalars)] if scalars else []
    for k, v in data.items():
        if is_scalar(v) or k == "warnings":
            continue
        sub = f"{key}_{k}"
        name = f"{title}: {k}"
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
            cols = list(dict.fromkeys(c for r in v for c in r))
            rows = [[r.get(c) if is_scalar(r.get(c)) else str(r.get(c)) for c in cols]
                    for r in v]
            out.append(Table(sub, name, cols, rows))
        elif isinstance(v, list) and all(is_scalar(x) for x in v):
            out.append(Table(sub, name, ["#", k], [[i + 1, x] for i, x in enumerate(v)]))
        elif isinstance(v, dict) and v and all(isinstance(r, dict) for r in v.values()):
            if all(all(is_scalar(x) for x in r.values()) for r in v.values()):
                cols = list(dict.fromkeys(c for r in v.values() for c in r))
                rows = [[rk] + [r.get(c) for c in cols] for rk, r in v.items()]
                out.append(Table(sub, name, [""] + cols, rows))
            else:
                for rk, r in v.items():
                    out.extend(generic_tables(f"{sub}_{rk}", r, f"{name} {rk}"))
        elif isinstance(v, dict) and v and all(isinstance(r, list) for r in v.values()):
            width = max(len(r) for r in v.values())
            cols = [""] + [f"{i + 1}" for i in range(width)]
            rows = [[rk] + list(r) + [None] * (width - len(r)) for rk, r in v.items()]
            out.append(Table(sub, name, cols, rows))
        elif isinstance(v, dict) and v:
            rows = [[rk, r if is_scalar(r) else str(r)] for rk, r in v.items()]
            out.append(Table(sub, name, ["", k], rows))
    return out
