"""FIML CFA of Model B (80 items) with 2% MCAR gaps: cemsurvey vs lavaan ``missing = "ml"``.

The data are simulated as a user would (``cemsurvey simulate
instruments/customer-engagement-journey.yaml -n 385 --seed 7 --missing 0.02``); both tools fit
the first-order CFA by full-information ML with observed-information SEs and every fit index:

* cemsurvey: ``fit_cfa(data, instrument, missing="fiml", modindices=False)`` (EM H1 model,
  estimates, SEs, standardized solution, fit), CPU seconds (``time.process_time``) and wall;
* lavaan (when ``Rscript`` is on PATH): ``cfa(..., missing = "ml")`` + ``standardizedSolution()``
  + ``fitMeasures()``, timed inside R (R start-up and package loading excluded), CPU
  (user + system) and wall from ``proc.time()``.

Both run with one BLAS thread, in the same run, so the ratio is fair on a loaded machine.

Run: .venv/bin/python benchmarks/fiml.py [--no-lavaan] [--lavaan-timeout 1200] [--n 385]
[--missing 0.02]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.sem.cfa import fit_cfa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, peer_timeout, r_missing, time_lavaan, timed_out_note

ROOT = Path(__file__).resolve().parents[1]
WORKLOAD = ("FIML CFA of Model B (80 items, N = 385, 2% MCAR gaps), SEs + std.all + fit")
MODEL_B = ROOT / "instruments/customer-engagement-journey.yaml"


def _arg(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def simulate(tmp: Path, n: int, missing: float) -> Path:
    out = tmp / "model_b_gaps.csv"
    subprocess.run([sys.executable, "-m", "cemsurvey", "simulate", str(MODEL_B), "-n", str(n),
                    "--seed", "7", "--missing", str(missing), "-o", str(out)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return out


def time_cemsurvey(data: pd.DataFrame, ins) -> tuple[float, float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    r = fit_cfa(data, ins, missing="fiml", modindices=False)
    return time.process_time() - c0, time.perf_counter() - w0, r.fit.chi2


def lavaan_times(csv: Path, syntax: str, items: list[str], timeout: float) -> dict | None:
    """lavaan's times (``None`` without Rscript; ``{"timeout": s}`` if unfinished)."""
    cols = ", ".join(f"'{c}'" for c in items)
    return time_lavaan(syntax, f"read.csv('{csv}')[, c({cols})]",
                       "f <- cfa(m, data = d, missing = 'ml'); s <- standardizedSolution(f); "
                       "fm <- fitMeasures(f)", timeout,
                       {"version": ('"%s"', "packageVersion('lavaan')")})


def main(argv: list[str]) -> dict:
    warnings.simplefilter("ignore")
    n, miss = int(_arg(argv, "--n", "385")), float(_arg(argv, "--missing", "0.02"))
    ins = load_instrument(MODEL_B)
    st = latent_structure(ins, "first")
    items = list(st.observed)
    with tempfile.TemporaryDirectory() as tmp:
        csv = simulate(Path(tmp), n, miss)
        data = pd.read_csv(csv)
        share = float(data[items].isna().to_numpy().mean())
        print(f"FIML CFA, Model B: {len(items)} items, N = {n}, {100 * share:.1f}% of answers "
              f"missing (one BLAS thread)")
        cpu, wall, chi2 = time_cemsurvey(data, ins)
        res = {"cemsurvey_cpu": cpu, "cemsurvey_wall": wall, "chi2": chi2}
        print(f"  cemsurvey fit_cfa(missing='fiml') : {cpu:7.2f} s CPU {wall:7.2f} s wall  "
              f"chi2 = {chi2:.4f}")
        emit(WORKLOAD, "cemsurvey", cpu, CPU, INPROC, extra=f"wall {wall:.2f} s")
        if "--no-lavaan" in argv:
            emit(WORKLOAD, "lavaan", None, CPU, INPROC, note="skipped (--no-peers)")
        if "--no-lavaan" not in argv:
            lv = lavaan_times(csv, lavaan_syntax(st), items,
                             float(_arg(argv, "--lavaan-timeout", str(peer_timeout(1200)))))
            if lv is None:
                emit(WORKLOAD, "lavaan", None, CPU, INPROC, note=r_missing())
            elif "timeout" in lv:
                res["lavaan_timeout"] = lv["timeout"]
                print(f"  lavaan cfa(missing='ml')           : unfinished after "
                      f"{lv['timeout']:.0f} s wall ({lv['cpu']:.0f} s CPU used; lower bound)")
                emit(WORKLOAD, "lavaan", lv["cpu"], CPU, INPROC, lower_bound=True,
                     note=timed_out_note(lv["timeout"]))
            elif "error" in lv:
                print(f"  lavaan cfa(missing='ml') failed: {lv['error']}")
                emit(WORKLOAD, "lavaan", None, CPU, INPROC, note="failed")
            else:
                emit(WORKLOAD, "lavaan", lv["cpu"], CPU, INPROC,
                     extra=f"chi2 relative difference {abs(chi2 - lv['chi2']) / lv['chi2']:.0e}")
                res.update(lavaan_cpu=lv["cpu"], lavaan_wall=lv["wall"],
                           lavaan_version=lv["version"])
                print(f"  lavaan {lv['version']} cfa(missing='ml')    : {lv['cpu']:7.2f} s CPU "
                      f"{lv['wall']:7.2f} s wall  chi2 = {lv['chi2']:.4f}  (CPU ratio "
                      f"{lv['cpu'] / cpu:.1f}x; chi2 relative difference "
                      f"{abs(chi2 - lv['chi2']) / lv['chi2']:.1e})")
    return res


if __name__ == "__main__":
    main(sys.argv[1:])
