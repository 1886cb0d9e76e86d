"""Whole ``cemsurvey analyze`` run on the Model A-size data (28 constructs, 112 items,
N = 385: tests/reference/data/sim28.csv + sim28.yaml), per step.

Goals (issue 8): without bootstrap <= 3 s; with a 2,000-resample bootstrap <= 60 s.
Configurations:

* ``no bootstrap, CB-SEM``  - every step, analytic CIs, parallel analysis with 100 data sets;
* ``no bootstrap, PLS``     - the same with PLS-SEM (no resampling: paths without p values);
* ``bootstrap 2000, PLS``   - alpha CIs, HTMT CIs and PLS paths from 2,000 resamples;
* ``bootstrap 2000, CB-SEM`` - alpha, HTMT and ML-refitted SEM paths from 2,000 resamples;

plus the time to render the report files (HTML, XLSX, Markdown, JSON) from a result.
A warm-up run (imports, first BLAS calls) is made first and not counted. These are
in-process figures (``run_analysis``; wall and CPU of this process).

Whole command: ``cemsurvey analyze sim28.csv --model sim28.yaml --bootstrap 0 --report
--xlsx --format json`` (CB-SEM and PLS) as a process of its own (start-up, reading, every
step, writing the HTML report and the workbook), CPU seconds (user + system) from
``os.wait4``, median of three. No peer runs the same pipeline.

Run: .venv/bin/python benchmarks/analyze.py [B]   (B: bootstrap resamples, default 2000)
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, WHOLE, emit, run_peer

from cemsurvey.analysis import ALL_STEPS, AnalysisOptions, run_analysis
from cemsurvey.instrument import load_instrument

DATA = ROOT / "tests/reference/data/sim28.csv"
MODEL = ROOT / "tests/reference/data/sim28.yaml"


def _run(ins, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c0, t0 = time.process_time(), time.perf_counter()
        res = run_analysis(DATA, ins, AnalysisOptions(seed=1, **kw))
        return res, time.perf_counter() - t0, time.process_time() - c0


def _render(res) -> float:
    from cemsurvey.report.analysis_tables import analysis_sections, analysis_tables
    from cemsurvey.report.html import html_report
    from cemsurvey.report.jsonify import dumps
    from cemsurvey.report.markdown import markdown_document
    from cemsurvey.report.xlsx import workbook_bytes

    t0 = time.perf_counter()
    sections = analysis_sections(res)
    tables = analysis_tables(res, sections=sections)
    html_report(res, sections=sections)
    workbook_bytes(tables)
    markdown_document(tables)
    dumps(res.to_dict())
    return time.perf_counter() - t0


def whole_command(method: str, repeat: int = 3) -> tuple[float, float]:
    """Median CPU and wall seconds of the whole ``analyze`` process (no bootstrap)."""
    import statistics
    import tempfile

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "cemsurvey", "analyze", str(DATA), "--model", str(MODEL),
               "--method", method, "--bootstrap", "0", "--seed", "1", "--format", "json",
               "--report", f"{tmp}/report.html", "--xlsx", f"{tmp}/tables.xlsx", "--force"]
        for _ in range(repeat):
            r = run_peer(cmd, 3600)
            if r.returncode != 0:
                raise SystemExit(f"cemsurvey analyze exited {r.returncode}: {r.stderr[-400:]}")
            runs.append(r)
    return statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs)


def main(b: int = 2000) -> None:
    ins = load_instrument(MODEL)
    _run(ins, method="pls", bootstrap=0)  # warm-up
    configs = [("no bootstrap, CB-SEM", {"method": "cb-sem", "bootstrap": 0}, 3.0),
               ("no bootstrap, PLS", {"method": "pls", "bootstrap": 0}, 3.0),
               (f"bootstrap {b}, PLS", {"method": "pls", "bootstrap": b}, 60.0),
               (f"bootstrap {b}, CB-SEM", {"method": "cb-sem", "bootstrap": b}, 60.0)]
    rows, totals, statuses, cpus = [], [], [], []
    render = None
    for label, kw, goal in configs:
        res, wall, cpu = _run(ins, **kw)
        rows.append({s.name: s.seconds for s in res.steps})
        totals.append((label, wall, goal))
        cpus.append(cpu)
        statuses.append({s.name: s.status for s in res.steps})
        if render is None:
            render = _render(res)
    print(f"cemsurvey analyze, {DATA.name}: 112 items, 28 constructs, N = 385 "
          "(parallel analysis: 100 data sets)")
    head = f"{'step':14s}" + "".join(f"{lab:>24s}" for lab, _, _ in totals)
    print(head)
    for step in ALL_STEPS:
        cells = []
        for r, st in zip(rows, statuses, strict=True):
            cells.append(f"{r[step]:23.2f}s" if st[step] == "ok" else f"{st[step]:>24s}")
        print(f"{step:14s}" + "".join(cells))
    print(f"{'total':14s}" + "".join(f"{w:23.2f}s" for _, w, _ in totals))
    print(f"{'CPU (process)':14s}" + "".join(f"{c:23.2f}s" for c in cpus))
    print(f"{'goal':14s}" + "".join(f"{'<= ' + format(g, 'g') + ' s':>24s}" for _, _, g in totals))
    print(f"{'ratio to goal':14s}" + "".join(f"{w / g:24.2f}" for _, w, g in totals))
    print(f"report files (HTML + XLSX + Markdown + JSON) from one result: {render:.2f} s")
    labels = {"cb-sem": "CB-SEM", "pls": "PLS"}
    for (label, kw, goal), (_, wall, _), cpu in zip(configs, totals, cpus, strict=True):
        what = (f"{b:,}-resample bootstrap" if kw["bootstrap"] else "no bootstrap")
        emit(f"`run_analysis` of Model A in-process, every default step, {what}, "
             f"{labels[kw['method']]} (goal {goal:g} s)", "cemsurvey", cpu, CPU, INPROC,
             extra=f"wall {wall:.1f} s")
    for method in ("cb-sem", "pls"):
        cpu, wall = whole_command(method)
        print(f"whole command, cemsurvey analyze --method {method} --bootstrap 0 --report "
              f"--xlsx: {cpu:.2f} s CPU, {wall:.2f} s wall (median of 3)")
        emit(f"whole `cemsurvey analyze` of Model A, every default step, no bootstrap, "
             f"{labels[method]}, HTML report + XLSX (goal 3 s)", "cemsurvey", cpu, CPU, WHOLE,
             extra=f"wall {wall:.1f} s; median of 3")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} cores (wall times grow with it)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
