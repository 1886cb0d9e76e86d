"""Run every benchmark in ``benchmarks/`` one after another (``make bench``).

Each benchmark runs in its own Python process (so its peak memory and BLAS state are its
own) and prints its own side-by-side table with the peers' times and ratios; this script
only sequences them and ends with the wall time of each.

Run: .venv/bin/python benchmarks/run_all.py [--quick] [--only NAME ...] [--no-peers]

``--quick`` uses small workloads (100 bootstrap resamples, 10,000 imported rows) for a smoke
run; the numbers quoted in the README come from the default workloads. ``--no-peers``
skips semopy, lavaan, psych and plspm (peers that take minutes).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: name -> (script, default args, quick args, args that skip slow peers)
BENCHMARKS: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "cfa": ("cfa.py", ["1000"], ["100"], ["--no-semopy", "--no-lavaan"]),
    "efa": ("efa_bench.py", [], ["--repeat", "2"], []),
    "validity": ("validity.py", ["1000"], ["100"], []),
    "structural_cb": ("structural_cb.py", ["1000"], ["50"], ["--no-semopy", "--no-lavaan"]),
    "pls": ("pls.py", ["5000"], ["200"], ["--no-plspm"]),
    "micom": ("micom.py", ["5000"], ["200"], ["--no-seminr"]),
    "wlsmv": ("wlsmv.py", [], [], ["--no-lavaan"]),
    "fiml": ("fiml.py", [], [], ["--no-lavaan"]),
    "import": ("import_bench.py", [], ["--rows-labels", "10000", "--rows-codes", "20000"], []),
    "analyze": ("analyze.py", ["2000"], ["100"], []),
    "montecarlo": ("montecarlo.py", [], ["--reps-a", "100", "--reps-b", "50"],
                   ["--no-semopy", "--no-lavaan"]),
    "invariance": ("invariance.py", [], [], ["--no-lavaan"]),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small workloads (smoke run)")
    ap.add_argument("--no-peers", action="store_true", help="skip the slow peers")
    ap.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these")
    args = ap.parse_args(argv)
    names = args.only or list(BENCHMARKS)
    walls: dict[str, tuple[float, int]] = {}
    for name in names:
        script, full, quick, no_peers = BENCHMARKS[name]
        cmd = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        if args.no_peers:
            cmd += no_peers
        print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
        t = time.perf_counter()
        rc = subprocess.call(cmd)
        walls[name] = (time.perf_counter() - t, rc)
    print("\n=== wall time per benchmark (including the peers it runs)")
    for name, (secs, rc) in walls.items():
        print(f"{name:15s} {secs:8.1f} s" + ("" if rc == 0 else f"   FAILED (exit {rc})"))
    return 0 if all(rc == 0 for _, rc in walls.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
