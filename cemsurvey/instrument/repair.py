"""Cross-reference checks of a model whose schema check failed, so one run lists everything.

When the schema finds errors there is no :class:`~cemsurvey.instrument.model.Instrument`
to cross-check, and a user fixing one problem at a time would meet the cross-reference
problems (unknown construct, duplicate id, path to nowhere) only on the next run. Here the
fields the schema rejected are pruned from a copy of the data (the mapping key holding the
bad value; its enclosing mapping when the key is required), the rest is validated again and
cross-checked. Problems that follow from the pruning itself (inside a pruned object, or
naming a pruned object in quotes) are left out: they are echoes of the schema errors, not
new problems. When pruning would have to remove a list element (which would shift every
later location) or does not yield a valid model, only the schema errors are reported.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from cemsurvey.instrument.yamlpos import Loc

#: Rounds of pruning tried (each may uncover a required field that must go with its parent)
MAX_ROUNDS = 4


def _prune(data: Any, loc: Loc) -> Loc | None:
    """Delete the mapping key at ``loc`` (or the innermost mapping key above a list index)
    from ``data``; the path removed, or ``None`` when a list element would have to go."""
    path = tuple(loc)
    while path:
        parent: Any = data
        for k in path[:-1]:
            try:
                parent = parent[k]
            except (KeyError, IndexError, TypeError):
                return None
        key = path[-1]
        if isinstance(parent, dict) and key in parent:
            del parent[key]
            return path
        if isinstance(parent, dict):  # a missing key: remove the mapping that needs it
            path = path[:-1]
            continue
        return None
    return None


def prunable_check(data: Any, errors: list[dict[str, Any]], model: Any,
                   check: Callable[[Any, Callable[[Loc, str, str], None]], None]
                   ) -> list[tuple[Loc, str, str]]:
    """The cross-reference problems of ``data`` once the schema's ``errors`` are pruned.

    ``model`` is the pydantic model class; ``check(instance, report)`` the cross-reference
    check calling ``report(loc, message, severity)``. Returns ``[(loc, message, severity)]``
    (empty when no valid model could be made).
    """
    work = copy.deepcopy(data)
    removed: list[Loc] = []
    pending = errors
    for _ in range(MAX_ROUNDS):
        for e in pending:
            # a wrong value inside a mapping entry of a list: drop that key, else give up
            gone = _prune(work, tuple(e["loc"]))
            if gone is None:
                return []
            removed.append(gone)
        try:
            ins = model.model_validate(work)
            break
        except ValidationError as exc:
            pending = exc.errors()
    else:
        return []
    names = {str(p[-1]) for p in removed if p}
    found: list[tuple[Loc, str, str]] = []

    def report(loc: Loc, message: str, severity: str) -> None:
        loc = tuple(loc)
        if any(loc[:len(p)] == p for p in removed):
            return
        if any(f"'{n}'" in message for n in names):
            return
        found.append((loc, message, severity))

    check(ins, report)
    return found
