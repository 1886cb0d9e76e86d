"""Import speed and memory: the whole ``cemsurvey import`` command beside pandas (not a test).

Run:  .venv/bin/python benchmarks/import_bench.py [--rows-labels 100000] [--rows-codes 1000000]

Workloads (issues 4 and 22), on the 112-item sim28 instrument (tests/reference/data/sim28.yaml):

* ``labels``: 100,000 respondents x 112 items answered with English text labels
  ("Strongly agree" ...) plus a respondent id; goal: the whole command in <= 5 s.
* ``codes``: 1,000,000 respondents x 112 items of numeric codes 1-5; goal: the whole
  command in at most 2 times the CPU of pandas reading and writing the same file, and
  peak memory <= 2 GB.

Whole-process rows (first table): ``cemsurvey import FILE --model M -o clean.csv`` (start-up,
reading, mapping, every screening rule, writing the clean CSV, the JSON summary) and, in the
same run, a Python process doing ``pandas.read_csv`` + ``DataFrame.to_csv`` of the same file.
Each is a child process measured by ``os.wait4``: wall seconds, CPU seconds (user + system)
and peak resident memory (the "Maximum resident set size" of ``/usr/bin/time -v``).

In-process rows (second table): :func:`cemsurvey.responses.import_responses` alone (no
writing) beside ``pandas.read_csv`` alone, as the README's earlier figures were measured.
On a machine shared with other jobs the wall time can be several times the CPU time, so
read the goals against the CPU column and give the load average with the numbers.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, WHOLE, emit

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

#: The baseline of the whole-command rows: a process that reads the file with pandas and
#: writes it back with pandas (what a user would otherwise run), timing each half inside.
_PANDAS_RW = textwrap.dedent("""
    import json, sys, time
    import pandas as pd
    data, out = sys.argv[1], sys.argv[2]
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(data)
    t1, c1 = time.perf_counter(), time.process_time()
    df.to_csv(out, index=False)
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"rows": len(df), "read_s": t1 - t0, "read_cpu": c1 - c0,
                      "write_s": t2 - t1, "write_cpu": c2 - c1}))
""")


def measure(which: str, data: Path, model: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _RUNNER, which, str(data), str(model)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


_WRAP = textwrap.dedent("""
    import json, os, subprocess, sys, time
    cmd = json.loads(sys.argv[1])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out, err = proc.stdout.read(), proc.stderr.read()
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "peak_mb": ru.ru_maxrss / 1024,
                      "code": code, "stdout": out.decode()[-2000:], "stderr": err.decode()[-2000:]}))
""")


def whole(cmd: list[str]) -> dict:
    """Run ``cmd`` as a process of its own: wall s, CPU s and peak RSS (MB) from ``wait4``."""
    out = subprocess.run([sys.executable, "-c", _WRAP, json.dumps(cmd)],
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    if r["code"] != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {r['code']}: {r['stderr']}")
    return r


def whole_rows(name: str, n: int, data: Path, model: Path, tmp: Path) -> None:
    """The whole ``cemsurvey import`` command beside pandas reading and writing the file."""
    out_ours, out_pd = tmp / f"{name}_clean.csv", tmp / f"{name}_pandas.csv"
    ours = whole([sys.executable, "-m", "cemsurvey", "import", str(data), "--model", str(model),
                  "-o", str(out_ours), "--format", "json", "--force"])
    base = whole([sys.executable, "-c", _PANDAS_RW, str(data), str(out_pd)])
    inner = json.loads(base["stdout"].strip().splitlines()[-1])
    wall_r, cpu_r = ours["wall"] / base["wall"], ours["cpu"] / base["cpu"]
    goal = ("whole command <= 5 s" if name == "labels"
            else "whole command <= 2x pandas read+write, <= 2048 MB")
    met = ours["cpu"] <= 5 if name == "labels" else (
        cpu_r <= 2 and ours["peak_mb"] <= 2048)
    print(f"{name:<8} {n:>9,} {'cemsurvey import (whole command)':<34} {ours['wall']:>8.2f} "
          f"{ours['cpu']:>7.2f} {ours['peak_mb']:>8.0f}  {goal}: {'met' if met else 'NOT met'} "
          f"(CPU); {wall_r:.2f}x wall, {cpu_r:.2f}x CPU of pandas read+write")
    print(f"{name:<8} {n:>9,} {'pandas read_csv + to_csv (process)':<34} {base['wall']:>8.2f} "
          f"{base['cpu']:>7.2f} {base['peak_mb']:>8.0f}  inside: read {inner['read_s']:.2f} s "
          f"({inner['read_cpu']:.2f} CPU), write {inner['write_s']:.2f} s "
          f"({inner['write_cpu']:.2f} CPU)", flush=True)
    what = ("text labels" if name == "labels" else "codes") + f", {n:,} rows x 112 items"
    emit(f"whole `cemsurvey import`, {what} (goal: {goal})", "cemsurvey", ours["cpu"], CPU, WHOLE,
         extra=f"{ours['peak_mb']:,.0f} MB peak; wall {ours['wall']:.1f} s")
    emit(f"whole `cemsurvey import`, {what} (goal: {goal})", "pandas read_csv + to_csv",
         base["cpu"], CPU, WHOLE, extra=f"{base['peak_mb']:,.0f} MB peak; wall {base['wall']:.1f} s")
    for f in (out_ours, out_pd):
        f.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows-labels", type=int, default=100_000)
    ap.add_argument("--rows-codes", type=int, default=1_000_000)
    ap.add_argument("--no-inner", action="store_true",
                    help="only the whole-command rows (skip import_responses in-process)")
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
        import pandas

        print(f"python {sys.version.split()[0]}, pandas {pandas.__version__}, numpy {np.__version__}")
        print("\nWhole processes (wall s, CPU s = user + system of the process, peak RSS)")
        print(f"{'workload':<8} {'rows':>9} {'tool':<34} {'wall s':>8} {'cpu s':>7} {'peak MB':>8}  note")
        files = {}
        for name, n, writer, _goal in cases:
            data = tmp / f"{name}.csv"
            writer(data, n, items)
            files[name] = (n, data)
            whole_rows(name, n, data, model, tmp)
        if args.no_inner:
            return
        print("\nIn-process import_responses (no writing; imports and YAML before the clock)")
        print(f"{'workload':<8} {'rows':>9} {'tool':<10} {'seconds':>8} {'cpu s':>7} "
              f"{'rows/s':>11} {'peak MB':>8}  note")
        for name, _n, _writer, goal in cases:
            data = files[name][1]
            ours = measure("cemsurvey", data, model)
            base = measure("pandas", data, model)
            for tool, r in (("cemsurvey", ours), ("pandas", base)):
                note = ""
                if tool == "cemsurvey":
                    note = (f"{r['seconds'] / base['seconds']:.2f}x pandas.read_csv wall, "
                            f"{r['cpu'] / base['cpu']:.2f}x CPU")
                what = "text labels" if name == "labels" else "codes"
                emit(f"`import_responses` alone (no writing), {what}, {r['rows']:,} rows",
                     "cemsurvey" if tool == "cemsurvey" else "pandas read_csv alone", r["cpu"],
                     CPU, INPROC, extra=f"{r['peak_mb']:,.0f} MB peak")
                print(f"{name:<8} {r['rows']:>9,} {tool:<10} {r['seconds']:>8.2f} "
                      f"{r['cpu']:>7.2f} {r['rows'] / r['seconds']:>11,.0f} "
                      f"{r['peak_mb']:>8.0f}  {note}", flush=True)


if __name__ == "__main__":
    main()
