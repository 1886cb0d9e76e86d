"""Import speed and memory, side by side with a plain ``pandas.read_csv`` (not a test).

Run:  .venv/bin/python benchmarks/import_bench.py [--rows-labels 100000] [--rows-codes 1000000]

Workloads (issue 4), on the 112-item sim28 instrument (tests/reference/data/sim28.yaml):

* ``labels``: 100,000 respondents x 112 items answered with English text labels
  ("Strongly agree" ...) plus a respondent id; goal <= 5 s.
* ``codes``: 1,000,000 respondents x 112 items of numeric codes 1-5; goal <= 20 s and
  peak memory < 2 GB.

Each measurement runs in a fresh Python process so its peak resident memory (``ru_maxrss``)
is its own. ``cemsurvey`` is :func:`cemsurvey.responses.import_responses` with every
screening rule on (including duplicates and Mahalanobis outliers); the baseline is
``pandas.read_csv`` of the same file (which maps no labels, checks nothing and screens
nobody), so the ratio is the price of mapping, validation and screening. ``cpu s`` is
the process CPU time of the measured call: on a machine shared with other jobs the wall
time can be several times larger, so read the goals against both columns.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SIM28 = ROOT / "tests" / "reference" / "data" / "sim28.yaml"
LABELS = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]


def _model(tmp: Path) -> Path:
    text = SIM28.read_text(encoding="utf-8").replace(
        "agree5: {type: likert, points: 5}",
        "agree5: {type: likert, points: 5, labels: {en: [" + ", ".join(LABELS) + "]}}")
    p = tmp / "sim28_labels.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _item_ids(model: Path) -> list[str]:
    from cemsurvey.instrument import load_instrument

    return load_instrument(model).item_ids


def write_codes(path: Path, n: int, items: list[str], seed: int = 1) -> None:
    """n x k single-digit codes, written as raw bytes (fast, no per-cell Python)."""
    k = len(items)
    rng = np.random.default_rng(seed)
    with open(path, "wb") as fh:
        fh.write((",".join(items) + "\n").encode())
        chunk = 100_000
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            buf = np.full((m, 2 * k), ord(","), dtype=np.uint8)
            buf[:, 0::2] = rng.integers(1, 6, size=(m, k), dtype=np.uint8) + ord("0")
            buf[:, -1] = ord("\n")
            fh.write(buf.tobytes())


def write_labels(path: Path, n: int, items: list[str], seed: int = 2) -> None:
    """n x k answers as text labels with a respondent id column."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    lab = np.array(LABELS, dtype=object)
    frame = pd.DataFrame(lab[rng.integers(0, 5, size=(n, len(items)))], columns=items)
    frame.insert(0, "respondent", [f"p{i}" for i in range(1, n + 1)])
    frame.to_csv(path, index=False)


_RUNNER = textwrap.dedent("""
    import json, resource, sys, time, warnings
    which, data, model = sys.argv[1], sys.argv[2], sys.argv[3]
    import pandas as pd
    if which != "pandas":
        from cemsurvey.instrument import load_instrument
        from cemsurvey.responses import import_responses
        ins = load_instrument(model)
    # module imports and the YAML are loaded before the clock starts
    t0, c0 = time.perf_counter(), time.process_time()
    if which == "pandas":
        n = len(pd.read_csv(data))
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n = import_responses(data, ins).n_rows
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": sec, "cpu": cpu, "rows": n, "peak_mb": rss}))
""")


def measure(which: str, data: Path, model: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _RUNNER, which, str(data), str(model)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows-labels", type=int, default=100_000)
    ap.add_argument("--rows-codes", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        model = _model(tmp)
        items = _item_ids(model)
        cases = [("labels", args.rows_labels, write_labels, 5.0),
                 ("codes", args.rows_codes, write_codes, 20.0)]
        try:
            print(f"load average (1 min) at start: {os.getloadavg()[0]:.2f} on "
                  f"{os.cpu_count()} CPUs")
        except OSError:
            pass
        print(f"{'workload':<8} {'rows':>9} {'tool':<10} {'seconds':>8} {'cpu s':>7} "
              f"{'rows/s':>11} {'peak MB':>8}  note")
        for name, n, writer, goal in cases:
            data = tmp / f"{name}.csv"
            writer(data, n, items)
            ours = measure("cemsurvey", data, model)
            base = measure("pandas", data, model)
            for tool, r in (("cemsurvey", ours), ("pandas", base)):
                note = ""
                if tool == "cemsurvey":
                    mem_ok = name != "codes" or r["peak_mb"] < 2048
                    wall = "met" if r["seconds"] <= goal and mem_ok else "NOT met"
                    cpu = "met" if r["cpu"] <= goal and mem_ok else "NOT met"
                    note = (f"goal <= {goal:g} s" + (", < 2048 MB" if name == "codes" else "")
                            + f": wall {wall}, CPU {cpu}; "
                            + f"{r['seconds'] / base['seconds']:.2f}x pandas.read_csv wall, "
                            + f"{r['cpu'] / base['cpu']:.2f}x CPU")
                print(f"{name:<8} {r['rows']:>9,} {tool:<10} {r['seconds']:>8.2f} "
                      f"{r['cpu']:>7.2f} {r['rows'] / r['seconds']:>11,.0f} "
                      f"{r['peak_mb']:>8.0f}  {note}", flush=True)
            data.unlink()


if __name__ == "__main__":
    main()
