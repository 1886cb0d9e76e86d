"""The house rules of docs/architecture.md, read from the import graph of ``cemsurvey/``.

Every ``import`` and ``from ... import`` statement counts, those inside functions (and
under ``if TYPE_CHECKING``) included, so a lazy import cannot hide a cycle or an arrow
pointing the wrong way. Each test collects every violation and reports them together.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "cemsurvey"
MAX_LINES = 450

#: Violations tolerated for now, each the exact text the checks below report (empty: every
#: rule holds). A listed violation that no longer occurs fails test_known_list_is_current,
#: so the list cannot go stale.
KNOWN: set[str] = set()   # empty: every rule holds


@dataclass(frozen=True)
class Import:
    """One imported name: ``source`` (a cemsurvey module) imports ``target`` (a module,
    cemsurvey's or a third party's), ``name`` from it (``None`` for ``import target``)."""

    source: str
    target: str
    name: str | None
    line: int


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _absolute(source: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_pkg = MODULES[source].name == "__init__.py"
    base = source.split(".")
    base = base if is_pkg else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(source: str) -> Iterator[Import]:
    """Every import statement of a module, at any depth."""
    tree = ast.parse(MODULES[source].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield Import(source, a.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(source, node)
            for a in node.names:
                yield Import(source, target, a.name, node.lineno)


IMPORTS: list[Import] = [i for m in MODULES for i in imports_of(m)]


def resolved(imp: Import) -> str | None:
    """The cemsurvey module an import loads (a submodule named in ``from pkg import sub``
    counts as that submodule), or ``None`` for a third-party import."""
    if imp.target != "cemsurvey" and not imp.target.startswith("cemsurvey."):
        return None
    if imp.name is not None and f"{imp.target}.{imp.name}" in MODULES:
        return f"{imp.target}.{imp.name}"
    t = imp.target
    while t and t not in MODULES:
        t = t.rpartition(".")[0]
    return t or None


def area(module: str) -> str:
    """``cemsurvey.psychometrics.sem.ml`` -> ``psychometrics``; top-level modules -> ``core``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and MODULES[module].name ==
                                          "__init__.py") else "core"


def graph() -> dict[str, set[str]]:
    g: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        t = resolved(imp)
        if t is not None and t != imp.source:
            g[imp.source].add(t)
    return g


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


#: Area -> areas it must never import (docs/architecture.md, "Arrows run one way").
FORBIDDEN: dict[str, set[str]] = {
    "report": {"analysis", "cli"},
    "psychometrics": {"report", "analysis", "cli", "responses", "questionnaire"},
    "responses": {"psychometrics"},
    "questionnaire": {"psychometrics"},
    "instrument": {"questionnaire", "responses", "sampling", "psychometrics", "analysis",
                   "report", "cli"},
}
#: Third-party package -> areas allowed to import it.
ONLY_IN: dict[str, set[str]] = {"typer": {"cli"}, "click": {"cli"}, "rich": {"cli", "report"},
                                "importlib": {"cli"}}


def _where(imp: Import) -> str:
    return f"{imp.source}:{imp.line}"


def violations() -> dict[str, list[str]]:
    """Rule -> every violation of it, as stable one-line texts."""
    out: dict[str, list[str]] = {k: [] for k in ("cycle", "arrow", "library", "private",
                                                 "size")}
    for comp in cycles(graph()):
        out["cycle"].append("cycle: " + " <-> ".join(comp))
    for imp in IMPORTS:
        src_area = area(imp.source)
        t = resolved(imp)
        if t is not None:
            if area(t) in FORBIDDEN.get(src_area, set()):
                out["arrow"].append(f"arrow: {imp.source} imports {t}")
            if (imp.name and imp.name.startswith("_") and not imp.name.startswith("__")
                    and t != imp.source):
                out["private"].append(f"private: {imp.source} imports {t}.{imp.name}")
        else:
            top = imp.target.split(".")[0]
            if top in ONLY_IN and src_area not in ONLY_IN[top]:
                out["library"].append(f"library: {imp.source} imports {imp.target}")
    for m, p in MODULES.items():
        n = len(p.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            out["size"].append(f"size: {m} has more than {MAX_LINES} lines")
    return {k: sorted(set(v)) for k, v in out.items()}


VIOLATIONS = violations()


@pytest.mark.parametrize("rule", sorted(VIOLATIONS))
def test_house_rule(rule: str) -> None:
    """No cycle; arrows one way; typer/click only in cli/, rich in cli/ and report/,
    importlib only in cli/; no private name taken across modules; modules <= 450 lines."""
    new = [v for v in VIOLATIONS[rule] if v not in KNOWN]
    assert not new, f"{len(new)} violation(s) of the '{rule}' rule:\n" + "\n".join(new)


def test_known_list_is_current() -> None:
    """Every KNOWN entry still occurs (remove it once its owner fixed it)."""
    found = {v for vs in VIOLATIONS.values() for v in vs}
    stale = sorted(KNOWN - found)
    assert not stale, "KNOWN entries that no longer occur:\n" + "\n".join(stale)


def test_the_graph_reader_sees_function_level_and_relative_imports() -> None:
    """The reader itself: a function-level import is an edge; a cycle is found."""
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(g) == [["a", "b", "c"]]
    app = {i.target for i in IMPORTS if i.source == "cemsurvey.cli.app"}
    assert "importlib" in app  # imported inside load_command(), not at module level
    assert area("cemsurvey.psychometrics.sem.ml") == "psychometrics"
    assert area("cemsurvey.errors") == "core" and area("cemsurvey.report") == "report"


def test_cli_start_up_loads_no_heavy_library() -> None:
    """``import cemsurvey.cli.app`` (what ``cemsurvey --help`` and ``--version`` run) loads
    neither pandas, scipy nor numpy: commands and engines load when a command runs."""
    code = ("import sys, cemsurvey.cli.app; "
            "print(sorted(m for m in ('pandas', 'scipy', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, env={"PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "[]", out
