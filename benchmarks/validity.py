"""HTMT/HTMT2 bootstrap on the 28-construct, 112-item set (N = 385): cemsurvey's vectorised
bootstrap vs a per-replicate loop (pandas .corr() + semTools-style block means, as peers do).

Run: .venv/bin/python benchmarks/validity.py [B]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cemsurvey.psychometrics.validity import htmt_bootstrap, htmt_matrix

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit

ROOT = Path(__file__).resolve().parents[1]


def main(b: int = 1000) -> None:
    data = pd.read_csv(ROOT / "tests/reference/data/sim28.csv", index_col="respondent")
    blocks = {f"F{k:02d}": [f"F{k:02d}_{j}" for j in range(1, 5)] for k in range(1, 29)}
    t0 = time.process_time()
    htmt_bootstrap(data, blocks, b, seed=1)
    fast = time.process_time() - t0
    loop_b = max(b // 10, 10)
    rng = np.random.default_rng(1)
    t0 = time.process_time()
    for _ in range(loop_b):
        d = data.iloc[rng.integers(0, len(data), len(data))]
        r = d.corr()
        htmt_matrix(r, blocks)
        htmt_matrix(r, blocks, geometric=True)
    loop = (time.process_time() - t0) * b / loop_b
    print(f"HTMT+HTMT2 bootstrap, {b} replicates, 112 items, N = {len(data)} (CPU seconds)")
    workload = f"HTMT + HTMT2 of Model A's 28 constructs, {b:,} bootstrap replicates"
    emit(workload, "cemsurvey", fast, CPU, INPROC)
    emit(workload, "per-replicate loop (pandas .corr + block means)", loop, CPU, INPROC,
         extra=f"extrapolated from {loop_b} replicates")
    print(f"  cemsurvey vectorised : {fast:7.2f} s")
    print(f"  per-replicate loop   : {loop:7.2f} s (extrapolated from {loop_b})")
    print(f"  ratio                : {loop / fast:7.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
