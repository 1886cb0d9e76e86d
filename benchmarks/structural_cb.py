"""CB-SEM of the sim28 paradigm model (28 constructs, 112 items, six second-order dimensions,
five structural paths, N = 385): cemsurvey vs semopy (and lavaan when R is present).

* cemsurvey: ``fit_cbsem`` (estimates, SEs, std.all, R^2, effects, every fit index), then
  ``fit_cbsem(..., bootstrap=B)`` (default 1000 resamples, percentile CIs of every path and
  indirect effect; goal <= 90 s on the 2-core machine).
* semopy: one ``Model.fit`` + ``inspect(std_est=True)`` + ``calc_stats``; its bootstrap time is
  extrapolated as B x one fit (semopy has no warm-started bootstrap).
* lavaan (``Rscript`` on PATH): ``sem()`` + ``standardizedSolution()`` + ``fitMeasures()``,
  timed inside R.

Run: .venv/bin/python benchmarks/structural_cb.py [B] [--no-semopy] [--no-lavaan]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.sem.structural import fit_cbsem

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def time_semopy(data: pd.DataFrame, syntax: str) -> tuple[float, float] | None:
    try:
        import semopy
    except ImportError:
        return None
    t0 = time.perf_counter()
    m = semopy.Model(syntax)
    m.fit(data)
    m.inspect(std_est=True)
    st = semopy.calc_stats(m)
    return time.perf_counter() - t0, float(st["chi2"].iloc[0])


def time_lavaan(syntax: str) -> tuple[float, float] | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model.lav"
        model.write_text(syntax)
        out = Path(tmp) / "out.json"
        script = (
            "suppressPackageStartupMessages(library(lavaan));"
            f"d <- read.csv('{DATA / 'sim28.csv'}');"
            f"m <- paste(readLines('{model}'), collapse='\\n');"
            "t0 <- proc.time()[['elapsed']];"
            "f <- sem(m, data = d); s <- standardizedSolution(f); fm <- fitMeasures(f);"
            "el <- proc.time()[['elapsed']] - t0;"
            f"writeLines(sprintf('{{\"seconds\": %.6f, \"chi2\": %.10f}}', el, fm[['chisq']]), '{out}')"
        )
        subprocess.run(["Rscript", "-e", script], check=True, capture_output=True)
        res = json.loads(out.read_text())
    return res["seconds"], res["chi2"]


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")  # the n < parameters DataWarning is expected here
    b = next((int(a) for a in argv if a.isdigit()), 1000)
    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv", index_col="respondent")
    syntax = lavaan_syntax(latent_structure(ins, "structural"))
    print(f"CB-SEM, sim28 paradigm model (28 constructs, 6 dimensions, 5 paths), N = {len(data)}")
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        r = fit_cbsem(data, ins)
        times.append(time.perf_counter() - t0)
    ours, chi2 = min(times), r.fit.fit.chi2
    print(f"  cemsurvey fit_cbsem : {ours:8.3f} s   chi2 = {chi2:.6f}  (best of 3)")
    sp = None
    if "--no-semopy" not in argv:
        sp = time_semopy(data, syntax)
        if sp is not None:
            print(f"  semopy              : {sp[0]:8.3f} s   chi2 = {sp[1]:.6f}   ratio "
                  f"{sp[0] / ours:6.1f}x")
    if "--no-lavaan" not in argv:
        lv = time_lavaan(syntax)
        if lv is not None:
            print(f"  lavaan sem() (in R) : {lv[0]:8.3f} s   chi2 = {lv[1]:.6f}   ratio "
                  f"{lv[0] / ours:6.1f}x; chi2 relative difference {abs(chi2 - lv[1]) / lv[1]:.1e}")
    if b > 0:
        t0 = time.perf_counter()
        rb = fit_cbsem(data, ins, bootstrap=b, seed=1)
        el = time.perf_counter() - t0
        print(f"  fit_cbsem bootstrap : {el:8.2f} s for {b} resamples ({1000 * el / b:.1f} ms each; "
              f"{rb.bootstrap_failed} failed)")
        if sp is not None:
            print(f"  semopy, {b} refits (extrapolated {b} x one fit): {b * sp[0]:10.0f} s   "
                  f"ratio {b * sp[0] / el:6.0f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
