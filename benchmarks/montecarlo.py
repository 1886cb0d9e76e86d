"""Monte Carlo power (issue 20): replications per second on every core, beside one peer fit.

* **A**: the issue's model (two constructs, three items each, loadings .7, Y ~ X = .2):
  5,000 replications, 1,000 at each of n = 100, 150, 200, 300, 400 (goal: <= 30 s on 2 cores);
* **B**: Model B (``instruments/customer-engagement-journey.yaml``: 17 constructs, 86 items,
  second-order dimensions, five paradigm paths; effects .3, exogenous correlation .3):
  500 replications at n = 300 (goal: <= 60 s on 2 cores);
* the cost of one replication of model A (draw + fit + tests, one process) beside one
  ``fit_cbsem``, one semopy fit (``Model.fit`` + ``inspect``; if installed) and one lavaan
  ``sem()`` (timed inside R over 50 fits; if ``Rscript`` is on PATH) of the same data.

Run: .venv/bin/python benchmarks/montecarlo.py [--workers K] [--reps-a R] [--reps-b R]
     [--no-semopy] [--no-lavaan]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from cemsurvey.instrument.loader import load_instrument
from cemsurvey.instrument.model import Construct, Instrument, Item
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.sem.structural import fit_cbsem
from cemsurvey.sampling.montecarlo import build_design, monte_carlo_power
from cemsurvey.sampling.replicate import draw, run_chunk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, WALL, emit, peer_timeout, r_missing, rscript

ROOT = Path(__file__).resolve().parents[1]


def model_a() -> Instrument:
    def c(i: str) -> Construct:
        return Construct(id=i, name=i, items=[Item(id=f"{i}{k}", text="t") for k in (1, 2, 3)])
    return Instrument(title="A", constructs=[c("X"), c("Y")], paths=["Y ~ X"])


def per_call(fn, repeat: int) -> float:
    """CPU seconds per call (after one warm-up call)."""
    fn()
    t = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - t) / repeat


def time_semopy(data: pd.DataFrame, syntax: str, repeat: int = 20) -> float | None:
    try:
        import semopy
    except ImportError:
        return None

    from threadpoolctl import threadpool_limits

    def one() -> None:
        m = semopy.Model(syntax)
        m.fit(data)
        m.inspect()
    with threadpool_limits(1):
        return per_call(one, repeat)


def time_lavaan(data: pd.DataFrame, syntax: str, repeat: int = 50) -> float | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        csv, lav, out = Path(tmp) / "d.csv", Path(tmp) / "m.lav", Path(tmp) / "o.json"
        data.to_csv(csv, index=False)
        lav.write_text(syntax)
        script = (
            "suppressPackageStartupMessages(library(lavaan));"
            f"d <- read.csv('{csv}'); m <- paste(readLines('{lav}'), collapse='\\n');"
            "f <- sem(m, data = d); t0 <- proc.time();"
            f"for (i in 1:{repeat}) {{ f <- sem(m, data = d); p <- parameterEstimates(f) }};"
            "el <- proc.time() - t0;"
            f"el <- (el[['user.self']] + el[['sys.self']]) / {repeat};"
            f"writeLines(sprintf('{{\"seconds\": %.6f}}', el), '{out}')"
        )
        run = rscript(script, peer_timeout())
        if run.returncode != 0:
            return None
        return float(json.loads(out.read_text())["seconds"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reps-a", type=int, default=1000)
    ap.add_argument("--reps-b", type=int, default=500)
    ap.add_argument("--no-semopy", action="store_true")
    ap.add_argument("--no-lavaan", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    ins_a = model_a()
    grid = (100, 150, 200, 300, 400)
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    t = time.perf_counter()
    res = monte_carlo_power(ins_a, effects={("Y", "X"): 0.2}, n_grid=grid, reps=args.reps_a,
                            seed=42, workers=args.workers)
    wall_a = time.perf_counter() - t
    cpu_a = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - cpu0
    pw = ", ".join(f"{n}: {p:.3f}" for n, p in zip(res.paths[0].n, res.paths[0].power))
    print(f"A  two constructs, Y ~ X = .2: {res.reps_done} replications on {args.workers} "
          f"workers in {wall_a:.1f} s ({res.reps_done / wall_a:.0f}/s; goal <= 30 s)")
    print(f"   power {pw}; n required {res.n_required}")
    print(f"   worker CPU {cpu_a:.1f} s = {cpu_a / args.workers:.1f} s of wall time on "
          f"{args.workers} free cores (load average now {os.getloadavg()[0]:.1f})")

    ins_b = load_instrument(ROOT / "instruments" / "customer-engagement-journey.yaml")
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    t = time.perf_counter()
    res_b = monte_carlo_power(ins_b, default_effect=0.3, correlation=0.3, n_grid=(300,),
                              reps=args.reps_b, seed=42, workers=args.workers)
    wall_b = time.perf_counter() - t
    cpu_b = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - cpu0
    conv = res_b.sizes[0].convergence_rate
    print(f"B  Model B CB-SEM (86 items, 5 paths), n = 300: {res_b.reps_done} replications on "
          f"{args.workers} workers in {wall_b:.1f} s (converged {conv:.1%}; goal <= 60 s)")
    print("   power " + ", ".join(f"{p.label}: {p.power[0]:.3f}" for p in res_b.paths))
    print(f"   worker CPU {cpu_b:.1f} s = {cpu_b / args.workers:.1f} s of wall time on "
          f"{args.workers} free cores (load average now {os.getloadavg()[0]:.1f})")

    # one replication of A beside one fit of the peers on the same data (n = 200)
    design = build_design(ins_a, effects={("Y", "X"): 0.2})
    x = draw(design, np.linalg.cholesky(design.population.sigma), 200,
             np.random.default_rng(1))
    data = pd.DataFrame(x, columns=ins_a.item_ids)
    syntax = lavaan_syntax(latent_structure(ins_a, "structural"))
    rep = per_call(lambda: run_chunk(design, 200, 0, 100, 42), 3) / 100
    cb = per_call(lambda: fit_cbsem(data, ins_a), 20)
    rows = [("cemsurvey, one Monte Carlo replication (draw + fit + tests)", rep),
            ("cemsurvey fit_cbsem (full result: tables, effects, every index)", cb)]
    sem = None if args.no_semopy else time_semopy(data, syntax)
    if sem is not None:
        rows.append(("semopy Model.fit + inspect", sem))
    lav = None if args.no_lavaan else time_lavaan(data, syntax)
    if lav is not None:
        rows.append(("lavaan sem() + parameterEstimates (timed in R)", lav))
    w_a = (f"Monte Carlo power, {res.reps_done:,} replications of a two-construct model on "
           f"{args.workers} workers (goal 30 s wall)")
    emit(w_a, "cemsurvey", wall_a, WALL, INPROC, extra=f"worker CPU {cpu_a:.1f} s")
    w_b = (f"Monte Carlo power, {res_b.reps_done:,} replications of Model B's CB-SEM at n = 300 "
           f"on {args.workers} workers (goal 60 s wall)")
    emit(w_b, "cemsurvey", wall_b, WALL, INPROC, extra=f"worker CPU {cpu_b:.1f} s")
    w_one = "one CB-SEM fit of the two-construct model (n = 200), SEs + fit"
    emit(w_one, "cemsurvey", cb, CPU, INPROC,
         extra=f"full result; one Monte Carlo replication {1000 * rep:.1f} ms")
    if args.no_semopy:
        emit(w_one, "semopy", None, CPU, INPROC, note="skipped (--no-peers)")
    else:
        emit(w_one, "semopy", sem, CPU, INPROC, note="" if sem is not None else "not installed",
             extra="Model.fit + inspect")
    if args.no_lavaan:
        emit(w_one, "lavaan", None, CPU, INPROC, note="skipped (--no-peers)")
    else:
        emit(w_one, "lavaan", lav, CPU, INPROC, extra="sem() + parameterEstimates, mean of 50",
             note="" if lav is not None else (r_missing() if shutil.which("Rscript") is None
                                              else "failed"))
    print("\nOne fit of model A (n = 200), one process, CPU seconds:")
    for name, secs in rows:
        print(f"   {name:66s} {1000 * secs:8.2f} ms  ({secs / rep:6.1f} x one replication)")


if __name__ == "__main__":
    main()
