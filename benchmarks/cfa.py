"""CFA of the 28-construct, 112-item model (sim28, N = 385): cemsurvey vs semopy vs lavaan.

Each tool does a complete fit with standard errors and fit indices:

* cemsurvey: ``fit_cfa(..., modindices=False)`` (estimates, SEs, std.all with SEs, every fit
  index; the 20 stored modification indices add about 0.35 s here, and no peer computes them);
* semopy: ``Model.fit`` + ``inspect(std_est=True)`` + ``calc_stats`` (ML);
* lavaan (when ``Rscript`` is on PATH): ``cfa()`` + ``standardizedSolution()`` +
  ``fitMeasures()``, timed inside R (R start-up excluded).

All in CPU seconds (user + system; one BLAS thread for each). A peer is stopped after the
peer timeout (``run_all.py --peer-timeout``; 20 minutes) and the CPU it used is a lower bound.

Then ``B`` bootstrap refits with ``bootstrap_cfa`` (warm starts; default 1000).

Run: .venv/bin/python benchmarks/cfa.py [B] [--no-semopy] [--no-lavaan]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.sem.bootstrap import bootstrap_cfa
from cemsurvey.psychometrics.sem.cfa import fit_cfa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, peer_timeout, report_semopy_lavaan

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def time_cemsurvey(data: pd.DataFrame, ins, repeats: int = 5) -> tuple[float, float, float]:
    """Best of ``repeats``: CPU s, wall s, chi2."""
    cpus, walls = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        r = fit_cfa(data, ins, modindices=False)  # as the peers: no modification indices
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - t0)
    return min(cpus), min(walls), r.fit.chi2


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")  # the n < parameters DataWarning is expected here
    b = next((int(a) for a in argv if a.isdigit()), 1000)
    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv", index_col="respondent")
    syntax = lavaan_syntax(latent_structure(ins, "first"))
    timeout = peer_timeout()
    print(f"CFA, 28 factors, 112 items, N = {len(data)} (2-core machine; single-threaded BLAS; "
          "CPU seconds)")
    ours, wall, chi2 = time_cemsurvey(data, ins)
    print(f"  cemsurvey fit_cfa : {ours:8.3f} s CPU ({wall:.3f} s wall)   chi2 = {chi2:.6f}  "
          "(best of 5)")
    workload = "CFA of Model A (28 factors, 112 items, N = 385), ML, SEs + std.all + every fit index"
    emit(workload, "cemsurvey", ours, CPU, INPROC, extra=f"best of 5; wall {wall:.2f} s")
    report_semopy_lavaan(workload, argv, data, syntax, f"read.csv('{DATA / 'sim28.csv'}')",
                         "f <- cfa(m, data = d); s <- standardizedSolution(f); fm <- fitMeasures(f)",
                         timeout, ours, chi2)
    if b > 0:
        full = fit_cfa(data, ins, modindices=False)
        c0, t0 = time.process_time(), time.perf_counter()
        boot = bootstrap_cfa(data, ins, b, seed=1, full=full)
        cpu, el = time.process_time() - c0, time.perf_counter() - t0
        print(f"  bootstrap_cfa     : {cpu:8.2f} s CPU ({el:.2f} s wall) for {b} refits "
              f"({1000 * cpu / b:.1f} ms each; {int(boot.converged.sum())} converged)")
        emit(f"CFA of Model A, {b:,} bootstrap refits (goal: 1,000 in 20 s)", "cemsurvey", cpu,
             CPU, INPROC, extra=f"{int(boot.converged.sum())} converged; wall {el:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
