"""WLSMV CFA of the 28-construct, 112-item Likert model (sim28, N = 385): cemsurvey vs lavaan.

Each tool does the complete ordinal analysis: thresholds, 6,216 polychoric correlations with
their asymptotic covariance, DWLS estimates, robust SEs, the scaled-shifted chi-square and
scaled fit indices.

* cemsurvey: ``fit_cfa(data, ins, estimator="wlsmv")`` (best of 3, wall clock);
* lavaan (when ``Rscript`` is on PATH): ``cfa(model, data, ordered = TRUE)`` +
  ``fitMeasures()``, timed inside R (R start-up excluded).

Also MLR on the same data (``estimator="mlr"`` vs lavaan ``estimator = "MLR"``).

Run: .venv/bin/python benchmarks/wlsmv.py [--no-lavaan] [--no-mlr] [--lavaan-timeout=SECONDS]

Both sides are timed in CPU seconds (lavaan inside R: user + system, R start-up excluded).
lavaan's WLSMV on this model is slow (it did not finish within 15 minutes on the 2-core
development machine under load); it is stopped after ``--lavaan-timeout`` seconds (default:
``run_all.py --peer-timeout``, else 30 minutes) and the CPU it used until then is a lower
bound of its time.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.sem.cfa import fit_cfa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import (
    CPU,
    INPROC,
    emit,
    minutes,
    peer_timeout,
    r_missing,
    time_lavaan,
    timed_out_note,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def time_cemsurvey(data: pd.DataFrame, ins, estimator: str, repeats: int = 3) -> tuple[float, float, float, float]:
    """Best of ``repeats``: (CPU s, wall s, chi2, scaled chi2)."""
    cpus, walls = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        r = fit_cfa(data, ins, estimator=estimator)
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - t0)
    return min(cpus), min(walls), r.fit.chi2, r.scaled_fit["chisq.scaled"]


def lavaan_times(syntax: str, estimator: str, timeout: float) -> dict | None:
    """lavaan's CPU (user + system, timed inside R) or, when stopped, the process's CPU."""
    opts = "ordered = TRUE" if estimator == "wlsmv" else "estimator = 'MLR'"
    return time_lavaan(syntax, f"read.csv('{DATA / 'sim28.csv'}')",
                       f"f <- cfa(m, data = d, {opts}); fm <- fitMeasures(f)", timeout,
                       {"scaled": ("%.10f", "fm[['chisq.scaled']]")})


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")  # n < parameters / sparse-category warnings are expected
    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv", index_col="respondent")
    syntax = lavaan_syntax(latent_structure(ins, "first"))
    arg = next((a.split("=", 1)[1] for a in argv if a.startswith("--lavaan-timeout=")), None)
    timeout = float(arg) if arg else peer_timeout(1800)
    print(f"CFA, 28 factors, 112 items, N = {len(data)} (2-core machine; single-threaded BLAS; "
          "CPU seconds)")
    labels = {"wlsmv": "WLSMV CFA of Model A (112 ordered items, 6,216 polychorics), SEs + fit",
              "mlr": "MLR CFA of Model A (112 items), robust SEs + scaled fit"}
    for est in ("wlsmv",) + (() if "--no-mlr" in argv else ("mlr",)):
        ours, wall, chi2, scaled = time_cemsurvey(data, ins, est)
        print(f"  cemsurvey {est:5s} : {ours:8.3f} s CPU ({wall:.3f} s wall)   chi2 = {chi2:.6f}  "
              f"scaled = {scaled:.6f}  (best of 3)")
        emit(labels[est], "cemsurvey", ours, CPU, INPROC, extra=f"best of 3; wall {wall:.2f} s")
        if "--no-lavaan" in argv:
            emit(labels[est], "lavaan", None, CPU, INPROC, note="skipped (--no-peers)")
            continue
        lv = lavaan_times(syntax, est, timeout)
        if lv is None:
            emit(labels[est], "lavaan", None, CPU, INPROC, note=r_missing())
        elif "timeout" in lv:
            print(f"  lavaan    {est:5s} : unfinished after {minutes(timeout)} wall "
                  f"({lv['cpu']:.0f} s CPU used); ratio > {lv['cpu'] / ours:.0f}x")
            emit(labels[est], "lavaan", lv["cpu"], CPU, INPROC, lower_bound=True,
                 note=timed_out_note(timeout))
        elif "error" in lv:
            print(f"  lavaan    {est:5s} : failed: {lv['error']}")
            emit(labels[est], "lavaan", None, CPU, INPROC, note="failed")
        else:
            print(f"  lavaan    {est:5s} : {lv['cpu']:8.3f} s CPU ({lv['wall']:.3f} s wall)   "
                  f"chi2 = {lv['chi2']:.6f}  scaled = {lv['scaled']:.6f}  "
                  f"ratio {lv['cpu'] / ours:6.1f}x; relative differences chi2 "
                  f"{abs(chi2 - lv['chi2']) / lv['chi2']:.1e}, scaled "
                  f"{abs(scaled - lv['scaled']) / lv['scaled']:.1e}")
            emit(labels[est], "lavaan", lv["cpu"], CPU, INPROC,
                 extra=f"chi2 relative difference {abs(chi2 - lv['chi2']) / lv['chi2']:.0e}")


if __name__ == "__main__":
    main(sys.argv[1:])
