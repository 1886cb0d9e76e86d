"""The machinery behind `make bench`: rows, the table, the README splice (never timings).

benchmarks/run_all.py collects the rows each benchmark emits (benchmarks/benchrows.py) and
writes benchmarks/RESULTS.md and the README's table between the bench markers. These tests
feed it fake rows and check the text; the smoke test runs two cheap benchmarks end to end
into temporary files.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def _load(name: str):
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


run_all = _load("run_all")
benchrows = _load("benchrows")

VERS = {"Python": "3.11.7", "cemsurvey": "0.1.0", "pandas": "3.1.1", "lavaan": "0.6.14",
        "semopy": "2.3.11"}
MACHINE = {"cpu": "Test CPU", "cores": 2, "ram": "8.0 GiB", "os": "Linux"}


def row(workload, tool, seconds, kind="CPU", scope="in-process", **kw):
    return {"workload": workload, "tool": tool, "seconds": seconds, "kind": kind, "scope": scope,
            "extra": kw.get("extra", ""), "lower_bound": kw.get("lower_bound", False),
            "note": kw.get("note", ""), "command": kw.get("command", "")}


def run(name, rows, load=(1.0, 1.5, 2.0), date="2026-12-07 15:00 UTC"):
    return {"benchmark": name, "date": date, "command": f"benchmarks/{name}.py", "quick": False,
            "no_peers": False, "peer_timeout_min": 10.0, "load_before": list(load),
            "load_after": [x + 1 for x in load], "wall": 12.0, "rc": 0, "rows": rows}


def fake_store() -> dict:
    runs = [
        run("startup", [row("start-up: `cemsurvey --help`", "cemsurvey", 0.15, scope="whole command")]),
        run("import", [
            row("whole import, codes", "cemsurvey", 12.0, scope="whole command", extra="1,600 MB peak"),
            row("whole import, codes", "pandas read_csv + to_csv", 15.0, scope="whole command")]),
        run("cfa", [
            row("CFA of Model A", "cemsurvey", 0.25),
            row("CFA of Model A", "semopy", 100.0),
            row("CFA of Model A", "lavaan", 50.0, extra="chi2 relative difference 1e-10")]),
        run("wlsmv", [
            row("WLSMV CFA", "cemsurvey", 1.5),
            row("WLSMV CFA", "lavaan", 600.0, lower_bound=True,
                note=benchrows.timed_out_note(600))], load=(7.0, 6.0, 5.0)),
        run("fiml", [row("FIML CFA", "cemsurvey", 1.5),
                     row("FIML CFA", "lavaan", None, note="R not installed")]),
        run("montecarlo", [row("Monte Carlo", "cemsurvey", 24.0, kind="wall"),
                           row("Monte Carlo", "semopy", 900.0)]),
    ]
    return run_all.merge({}, runs, VERS, MACHINE)


def table_lines(store) -> dict[str, list[str]]:
    lines = run_all.render_table(store).strip().splitlines()
    return {ln.split(" | ")[0].lstrip("| "): [c.strip() for c in ln.strip("|").split(" | ")]
            for ln in lines[2:]}


def test_table_has_ratios_kinds_versions_and_lower_bounds():
    t = table_lines(fake_store())
    assert t["CFA of Model A"][1] == "0.25 s"
    assert "semopy 2.3.11: 100 s" in t["CFA of Model A"][2]
    assert "lavaan 0.6.14: 50 s; chi2 relative difference 1e-10" in t["CFA of Model A"][2]
    assert t["CFA of Model A"][3] == "400x; 200x"
    assert t["CFA of Model A"][4] == "CPU, in-process"
    # a peer stopped at its limit: "> figure", a lower-bound ratio and the note
    assert t["WLSMV CFA"][2] == "lavaan 0.6.14: > 600 s (unfinished after 10 min wall, stopped)"
    assert t["WLSMV CFA"][3] == "> 400x"
    assert t["WLSMV CFA"][5] == "7.0 → 8.0"
    # whole commands say so; the pandas peer gets its version after the first word
    assert t["whole import, codes"][4] == "CPU, whole command"
    assert t["whole import, codes"][2].startswith("pandas 3.1.1 read_csv + to_csv: 15 s")
    assert t["whole import, codes"][3] == "1.2x"
    assert t["whole import, codes"][1] == "12 s; 1,600 MB peak"
    # no peer at all, a peer that could not run, and figures of different kinds: no ratio
    assert t["start-up: `cemsurvey --help`"][2:4] == ["—", "—"]
    assert t["FIML CFA"][2] == "lavaan 0.6.14: R not installed" and t["FIML CFA"][3] == "—"
    assert t["Monte Carlo"][3] == "—" and t["Monte Carlo"][4] == "CPU / wall, in-process"
    assert t["CFA of Model A"][6] == "`benchmarks/cfa.py`"


def test_readme_splice_replaces_only_between_markers_and_is_idempotent():
    store = fake_store()
    readme = ("# x\n\n## Performance\n\nHow it is made.\n\n" + run_all.BEGIN + "\nold table\n"
              + run_all.END + "\n\nAfter.\n")
    table, header = run_all.render_table(store), run_all.render_header(store)
    once = run_all.splice_readme(readme, table, header)
    assert once.startswith("# x\n\n## Performance\n\nHow it is made.\n\n" + run_all.BEGIN)
    assert once.endswith(run_all.END + "\n\nAfter.\n")
    assert "old table" not in once and "| CFA of Model A | 0.25 s |" in once
    assert "Test CPU, 2 logical cores, 8.0 GiB RAM" in once and "lavaan 0.6.14" in once
    assert run_all.splice_readme(once, table, header) == once
    with pytest.raises(ValueError, match="bench:begin"):
        run_all.splice_readme("no markers here\n", table, header)
    with pytest.raises(ValueError):
        run_all.splice_readme(readme + run_all.BEGIN, table, header)


def test_only_replaces_just_the_benchmarks_run():
    store = fake_store()
    new = run("cfa", [row("CFA of Model A", "cemsurvey", 0.5), row("CFA of Model A", "lavaan", 5.0)],
              date="2026-12-08 09:00 UTC")
    merged = run_all.merge(json.loads(json.dumps(store)), [new], VERS, MACHINE)
    assert list(merged["runs"]) == list(store["runs"])  # order of BENCHMARKS kept
    for name in store["runs"]:
        if name != "cfa":
            assert merged["runs"][name]["rows"] == store["runs"][name]["rows"]
    t = table_lines(merged)
    assert t["CFA of Model A"][3] == "10x" and "semopy" not in t["CFA of Model A"][2]
    assert t["WLSMV CFA"] == table_lines(store)["WLSMV CFA"]
    md = run_all.render_results(merged)
    assert "Measured 2026-12-07 to 2026-12-08" in md
    assert "| cfa | 2026-12-08 09:00 UTC |" in md and "| wlsmv | 2026-12-07 15:00 UTC | 7.00, 6.00, 5.00 |" in md


def test_emit_writes_json_lines_and_checks_labels(tmp_path, monkeypatch):
    path = tmp_path / "rows.jsonl"
    monkeypatch.setenv(benchrows.ENV_JSON, str(path))
    benchrows.emit("w", "cemsurvey", 1.0, benchrows.CPU, benchrows.WHOLE, extra="x")
    benchrows.emit("w", "lavaan", None, benchrows.CPU, benchrows.WHOLE, note="R not installed")
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["tool"] for r in rows] == ["cemsurvey", "lavaan"]
    assert rows[0]["kind"] == "CPU" and rows[0]["scope"] == "whole command"
    with pytest.raises(ValueError, match="CPU or wall"):
        benchrows.emit("w", "cemsurvey", 1.0, "seconds", benchrows.WHOLE)


def test_run_peer_stops_a_process_at_its_limit():
    r = benchrows.run_peer([sys.executable, "-c", "while True: pass"], 0.5)
    assert r.timed_out and r.returncode is None and r.cpu >= 0
    ok = benchrows.run_peer([sys.executable, "-c", "print('hi')"], 60)
    assert not ok.timed_out and ok.returncode == 0 and ok.stdout.strip() == "hi"


@pytest.mark.slow
def test_quick_run_end_to_end_writes_table_and_readme(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", readme)
    results, md = tmp_path / "results.json", tmp_path / "RESULTS.md"
    rc = run_all.main(["--quick", "--no-peers", "--only", "startup", "validity",
                       "--results", str(results), "--markdown", str(md), "--readme", str(readme)])
    assert rc == 0
    store = json.loads(results.read_text())
    assert set(store["runs"]) == {"startup", "validity"}
    text = readme.read_text()
    block = text.split(run_all.BEGIN)[1].split(run_all.END)[0]
    assert "start-up: `cemsurvey --help` (quick run)" in block
    assert "CPU, whole command" in block and "CPU, in-process" in block
    assert "HTMT + HTMT2" in block
    before = (ROOT / "README.md").read_text()
    assert text.split(run_all.BEGIN)[0] == before.split(run_all.BEGIN)[0]
    assert text.split(run_all.END)[1] == before.split(run_all.END)[1]
    assert "## Runs" in md.read_text() and "| startup |" in md.read_text()


def test_render_only_rewrites_readme_and_results_from_the_store(tmp_path):
    results, md, readme = tmp_path / "results.json", tmp_path / "RESULTS.md", tmp_path / "README.md"
    results.write_text(json.dumps(fake_store()))
    readme.write_text(f"intro\n{run_all.BEGIN}\n{run_all.END}\noutro\n")
    assert run_all.main(["--render-only", "--results", str(results), "--markdown", str(md),
                         "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("outro\n")
    assert "| WLSMV CFA | 1.5 s |" in text and "> 400x" in text
    assert "| WLSMV CFA | 1.5 s |" in md.read_text()
