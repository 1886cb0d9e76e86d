"""Start-up of the whole ``cemsurvey`` process: ``--help``, ``--version``, ``analyze --help``.

Each command runs as a process of its own (``python -m cemsurvey ...``, the code of this
checkout), ``--repeat`` times after one warm-up (the file cache); the median CPU seconds
(user + system of the child, from ``os.wait4``) and the median wall seconds are printed.
Goals (issue 14): ``--help`` <= 0.4 s and ``--version`` <= 0.3 s of CPU. No peer: another
program's start-up answers a different question.

Run: .venv/bin/python benchmarks/startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, WHOLE, emit, run_peer

COMMANDS = [(["--help"], 0.4), (["--version"], 0.3), (["analyze", "--help"], None)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'command':28s} {'CPU s':>7s} {'wall s':>7s}  goal (CPU)")
    for argv, goal in COMMANDS:
        cmd = [sys.executable, "-m", "cemsurvey", *argv]
        runs = []
        for _ in range(args.repeat + 1):
            r = run_peer(cmd, 120)
            if r.returncode != 0:
                raise SystemExit(f"{' '.join(argv)} exited {r.returncode}: {r.stderr[-300:]}")
            runs.append(r)
        cpu = statistics.median(r.cpu for r in runs[1:])
        wall = statistics.median(r.wall for r in runs[1:])
        label = "cemsurvey " + " ".join(argv)
        verdict = "" if goal is None else f"<= {goal:g} s: {'met' if cpu <= goal else 'NOT met'}"
        print(f"{label:28s} {cpu:7.3f} {wall:7.3f}  {verdict}")
        emit(f"start-up: `{label}`", "cemsurvey", cpu, CPU, WHOLE,
             extra=f"wall {wall:.2f} s; median of {args.repeat}"
             + (f"; goal {goal:g} s" if goal else ""))


if __name__ == "__main__":
    main()
