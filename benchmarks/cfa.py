"""CFA of the 28-construct, 112-item model (sim28, N = 385): cemsurvey vs semopy vs lavaan.

Each tool does a complete fit with standard errors and fit indices:

* cemsurvey: ``fit_cfa(..., modindices=False)`` (estimates, SEs, std.all with SEs, every fit
  index; the 20 stored modification indices add about 0.35 s here, and no peer computes them);
* semopy: ``Model.fit`` + ``inspect(std_est=True)`` + ``calc_stats`` (ML);
* lavaan (when ``Rscript`` is on PATH): ``cfa()`` + ``standardizedSolution()`` +
  ``fitMeasures()``, timed inside R (R start-up excluded).

Then ``B`` bootstrap refits with ``bootstrap_cfa`` (warm starts; default 1000).

Run: .venv/bin/python benchmarks/cfa.py [B] [--no-semopy] [--no-lavaan]
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
from cemsurvey.psychometrics.sem.bootstrap import bootstrap_cfa
from cemsurvey.psychometrics.sem.cfa import fit_cfa

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def time_cemsurvey(data: pd.DataFrame, ins, repeats: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = fit_cfa(data, ins, modindices=False)  # as the peers: no modification indices
        times.append(time.perf_counter() - t0)
    return min(times), r.fit.chi2


def time_semopy(data: pd.DataFrame, syntax: str) -> tuple[float, float] | None:
    try:
        import semopy
    except ImportError:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        m = semopy.Model(syntax)
        m.fit(data)
        m.inspect(std_est=True)
        st = semopy.calc_stats(m)
        el = time.perf_counter() - t0
    # semopy's chi2 is (N-1)*F or N*F depending on version: report as given
    return el, float(st["chi2"].iloc[0]) if "chi2" in st else float("nan")


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
            "f <- cfa(m, data = d); s <- standardizedSolution(f); fm <- fitMeasures(f);"
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
    syntax = lavaan_syntax(latent_structure(ins, "first"))
    print(f"CFA, 28 factors, 112 items, N = {len(data)} (2-core machine; single-threaded BLAS)")
    ours, chi2 = time_cemsurvey(data, ins)
    print(f"  cemsurvey fit_cfa : {ours:8.3f} s   chi2 = {chi2:.6f}  (best of 5)")
    if "--no-semopy" not in argv:
        sp = time_semopy(data, syntax)
        if sp is not None:
            print(f"  semopy            : {sp[0]:8.3f} s   chi2 = {sp[1]:.6f}   ratio {sp[0] / ours:6.1f}x")
    if "--no-lavaan" not in argv:
        lv = time_lavaan(syntax)
        if lv is not None:
            print(f"  lavaan (in R)     : {lv[0]:8.3f} s   chi2 = {lv[1]:.6f}   ratio {lv[0] / ours:6.1f}x; "
                  f"chi2 relative difference {abs(chi2 - lv[1]) / lv[1]:.1e}")
    if b > 0:
        full = fit_cfa(data, ins, modindices=False)
        t0 = time.perf_counter()
        boot = bootstrap_cfa(data, ins, b, seed=1, full=full)
        el = time.perf_counter() - t0
        print(f"  bootstrap_cfa     : {el:8.2f} s for {b} refits ({1000 * el / b:.1f} ms each; "
              f"{int(boot.converged.sum())} converged)")


if __name__ == "__main__":
    main(sys.argv[1:])
