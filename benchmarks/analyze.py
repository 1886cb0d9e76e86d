"""Whole ``cemsurvey analyze`` run on the Model A-size data (28 constructs, 112 items,
N = 385: tests/reference/data/sim28.csv + sim28.yaml), per step.

Goals (issue 8): without bootstrap <= 3 s; with a 2,000-resample bootstrap <= 60 s.
Configurations:

* ``no bootstrap, CB-SEM``  - every step, analytic CIs, parallel analysis with 100 data sets;
* ``no bootstrap, PLS``     - the same with PLS-SEM (no resampling: paths without p values);
* ``bootstrap 2000, PLS``   - alpha CIs, HTMT CIs and PLS paths from 2,000 resamples;
* ``bootstrap 2000, CB-SEM`` - alpha, HTMT and ML-refitted SEM paths from 2,000 resamples;

plus the time to render the report files (HTML, XLSX, Markdown, JSON) from a result.
A warm-up run (imports, first BLAS calls) is made first and not counted.

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
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} cores (wall times grow with it)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
