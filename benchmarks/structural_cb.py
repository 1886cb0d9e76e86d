"""CB-SEM of the sim28 paradigm model (28 constructs, 112 items, six second-order dimensions,
five structural paths, N = 385): cemsurvey vs semopy (and lavaan when R is present).

* cemsurvey: ``fit_cbsem`` (estimates, SEs, std.all, R^2, effects, every fit index), then
  ``fit_cbsem(..., bootstrap=B)`` (default 1000 resamples, percentile CIs of every path and
  indirect effect; goal <= 90 s on the 2-core machine).
* semopy: one ``Model.fit`` + ``inspect(std_est=True)`` + ``calc_stats``; its bootstrap time is
  extrapolated as B x one fit (semopy has no warm-started bootstrap).
* lavaan (``Rscript`` on PATH): ``sem()`` + ``standardizedSolution()`` + ``fitMeasures()``,
  timed inside R.

All in CPU seconds (user + system; one BLAS thread each); a peer is stopped after the peer
timeout (``run_all.py --peer-timeout``) and the CPU it used is then a lower bound.

Run: .venv/bin/python benchmarks/structural_cb.py [B] [--no-semopy] [--no-lavaan]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.sem.structural import fit_cbsem

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, peer_timeout, report_semopy_lavaan

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")  # the n < parameters DataWarning is expected here
    b = next((int(a) for a in argv if a.isdigit()), 1000)
    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv", index_col="respondent")
    syntax = lavaan_syntax(latent_structure(ins, "structural"))
    timeout = peer_timeout()
    print(f"CB-SEM, sim28 paradigm model (28 constructs, 6 dimensions, 5 paths), N = {len(data)} "
          "(CPU seconds)")
    cpus, walls = [], []
    for _ in range(3):
        c0, t0 = time.process_time(), time.perf_counter()
        r = fit_cbsem(data, ins)
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - t0)
    ours, chi2 = min(cpus), r.fit.fit.chi2
    print(f"  cemsurvey fit_cbsem : {ours:8.3f} s CPU ({min(walls):.3f} s wall)   chi2 = "
          f"{chi2:.6f}  (best of 3)")
    workload = ("CB-SEM of Model A (paradigm model: 28 constructs, 6 second-order dimensions, "
                "5 paths), SEs + std.all + fit")
    emit(workload, "cemsurvey", ours, CPU, INPROC, extra=f"best of 3; wall {min(walls):.2f} s")
    sp = report_semopy_lavaan(
        workload, argv, data, syntax, f"read.csv('{DATA / 'sim28.csv'}')",
        "f <- sem(m, data = d); s <- standardizedSolution(f); fm <- fitMeasures(f)", timeout, ours,
        chi2)
    if b > 0:
        c0, t0 = time.process_time(), time.perf_counter()
        rb = fit_cbsem(data, ins, bootstrap=b, seed=1)
        cpu, el = time.process_time() - c0, time.perf_counter() - t0
        print(f"  fit_cbsem bootstrap : {cpu:8.2f} s CPU ({el:.2f} s wall) for {b} resamples "
              f"({1000 * cpu / b:.1f} ms each; {rb.bootstrap_failed} failed)")
        boot = f"CB-SEM of Model A, {b:,} bootstrap resamples (goal: 1,000 in 90 s)"
        emit(boot, "cemsurvey", cpu, CPU, INPROC,
             extra=f"{1000 * cpu / b:.1f} ms per resample; wall {el:.1f} s")
        if sp is not None and "cpu" in sp and "timeout" not in sp:
            print(f"  semopy, {b} refits (extrapolated {b} x one fit): {b * sp['cpu']:10.0f} s   "
                  f"ratio {b * sp['cpu'] / cpu:6.0f}x")
            emit(boot, "semopy", b * sp["cpu"], CPU, INPROC,
                 extra=f"extrapolated: {b:,} x one fit (no bootstrap of its own)")


if __name__ == "__main__":
    main(sys.argv[1:])
