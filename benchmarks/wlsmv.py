"""WLSMV CFA of the 28-construct, 112-item Likert model (sim28, N = 385): cemsurvey vs lavaan.

Each tool does the complete ordinal analysis: thresholds, 6,216 polychoric correlations with
their asymptotic covariance, DWLS estimates, robust SEs, the scaled-shifted chi-square and
scaled fit indices.

* cemsurvey: ``fit_cfa(data, ins, estimator="wlsmv")`` (best of 3, wall clock);
* lavaan (when ``Rscript`` is on PATH): ``cfa(model, data, ordered = TRUE)`` +
  ``fitMeasures()``, timed inside R (R start-up excluded).

Also MLR on the same data (``estimator="mlr"`` vs lavaan ``estimator = "MLR"``).

Run: .venv/bin/python benchmarks/wlsmv.py [--no-lavaan] [--no-mlr] [--lavaan-timeout=SECONDS]

lavaan's WLSMV on this model is slow (it did not finish within 15 minutes on the 2-core
development machine under load); the default timeout is 30 minutes, after which the ratio is
printed as a lower bound.
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
from cemsurvey.psychometrics.sem.cfa import fit_cfa

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def time_cemsurvey(data: pd.DataFrame, ins, estimator: str, repeats: int = 3) -> tuple[float, float, float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = fit_cfa(data, ins, estimator=estimator)
        times.append(time.perf_counter() - t0)
    return min(times), r.fit.chi2, r.scaled_fit["chisq.scaled"]


def time_lavaan(syntax: str, estimator: str, timeout: float) -> tuple[float, float, float] | str | None:
    if shutil.which("Rscript") is None:
        return None
    opts = "ordered = TRUE" if estimator == "wlsmv" else "estimator = 'MLR'"
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model.lav"
        model.write_text(syntax)
        out = Path(tmp) / "out.json"
        script = (
            "suppressPackageStartupMessages(library(lavaan));"
            f"d <- read.csv('{DATA / 'sim28.csv'}');"
            f"m <- paste(readLines('{model}'), collapse='\\n');"
            "t0 <- proc.time()[['elapsed']];"
            f"f <- cfa(m, data = d, {opts}); fm <- fitMeasures(f);"
            "el <- proc.time()[['elapsed']] - t0;"
            f"writeLines(sprintf('{{\"seconds\": %.6f, \"chi2\": %.10f, \"scaled\": %.10f}}', el,"
            f" fm[['chisq']], fm[['chisq.scaled']]), '{out}')"
        )
        try:
            subprocess.run(["Rscript", "-e", script], check=True, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"did not finish within {timeout:.0f} s (stopped)"
        res = json.loads(out.read_text())
    return res["seconds"], res["chi2"], res["scaled"]


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")  # n < parameters / sparse-category warnings are expected
    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv", index_col="respondent")
    syntax = lavaan_syntax(latent_structure(ins, "first"))
    timeout = float(next((a.split("=", 1)[1] for a in argv if a.startswith("--lavaan-timeout=")), 1800))
    print(f"CFA, 28 factors, 112 items, N = {len(data)} (2-core machine; single-threaded BLAS)")
    for est in ("wlsmv",) + (() if "--no-mlr" in argv else ("mlr",)):
        ours, chi2, scaled = time_cemsurvey(data, ins, est)
        print(f"  cemsurvey {est:5s} : {ours:8.3f} s   chi2 = {chi2:.6f}  scaled = {scaled:.6f}  (best of 3)")
        if "--no-lavaan" not in argv:
            lv = time_lavaan(syntax, est, timeout)
            if isinstance(lv, str):
                print(f"  lavaan    {est:5s} : {lv}; ratio > {timeout / ours:.0f}x")
            elif lv is not None:
                print(f"  lavaan    {est:5s} : {lv[0]:8.3f} s   chi2 = {lv[1]:.6f}  scaled = {lv[2]:.6f}  "
                      f"ratio {lv[0] / ours:6.1f}x; relative differences chi2 "
                      f"{abs(chi2 - lv[1]) / lv[1]:.1e}, scaled {abs(scaled - lv[2]) / lv[2]:.1e}")


if __name__ == "__main__":
    main(sys.argv[1:])
