"""How the CFA's cost grows with the number of items: p = 20 .. 320 at N = 1000.

Simple-structure models with 4 items per factor (p = 20, 40, 80, 160, 320 items; 5 .. 80
correlated factors), data simulated with a fixed seed (loadings .5-.8, factor correlations
.3). Each row is one complete ``fit_cfa``: estimates, expected-information SEs, the std.all
solution with delta-method SEs and every fit index, in CPU seconds (``time.process_time``,
single-threaded BLAS; best of ``repeats``). The growth exponent between two sizes is
``log(t2 / t1) / log(p2 / p1)``. A second column adds the stored modification indices
(``fit_cfa``'s default), a third gives 1,000 bootstrap refits of the 112-item sim28 model.

Run: .venv/bin/python benchmarks/cfa_scaling.py [--max-p 320] [--repeats 3] [--boot 1000]
     [--no-mi]   (``make bench`` runs it with ``--boot 0 --no-mi``: the bootstrap row is
     benchmarks/cfa.py's, and the modification indices take most of a minute at 320 items)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit  # noqa: E402

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.bootstrap import bootstrap_cfa
from cemsurvey.psychometrics.sem.cfa import fit_cfa

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"


def simulate(p: int, n: int = 1000, per: int = 4, seed: int = 1) -> tuple[pd.DataFrame, LatentStructure]:
    """Data and structure of a ``p / per``-factor simple-structure CFA."""
    k = p // per
    rng = np.random.default_rng(seed)
    phi = np.full((k, k), 0.3) + 0.7 * np.eye(k)
    f = rng.standard_normal((n, k)) @ np.linalg.cholesky(phi).T
    lam = rng.uniform(0.5, 0.8, size=p)
    x = f[:, np.arange(p) // per] * lam + rng.standard_normal((n, p)) * np.sqrt(1 - lam ** 2)
    items = [f"x{i + 1}" for i in range(p)]
    facs = [f"F{j + 1}" for j in range(k)]
    st = LatentStructure(observed=tuple(items), latents=tuple(facs),
                         indicators={facs[j]: tuple(items[j * per:(j + 1) * per]) for j in range(k)},
                         latent_covariances=tuple((a, b) for i, a in enumerate(facs) for b in facs[i + 1:]))
    return pd.DataFrame(x, columns=items), st


def cpu(fn, repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-p", type=int, default=320)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--no-mi", action="store_true", help="skip the fit + MIs column")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    sizes = [p for p in (20, 40, 80, 160, 320) if p <= args.max_p]
    print("CFA at N = 1000, 4 items per factor: CPU seconds of one fit (SEs, std.all, fit); "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'items':>6} {'factors':>8} {'fit':>9} {'growth':>7} {'fit + MIs':>10} {'chi2':>14}")
    prev = None
    for p in sizes:
        data, st = simulate(p)
        t = cpu(lambda data=data, st=st: fit_cfa(data, st, modindices=False), args.repeats)
        tm = math.nan if args.no_mi else cpu(lambda data=data, st=st: fit_cfa(data, st), 1)
        chi2 = fit_cfa(data, st, modindices=False).fit.chi2
        growth = f"p^{math.log(t / prev[1]) / math.log(p / prev[0]):.2f}" if prev else ""
        print(f"{p:>6} {p // 4:>8} {t:>9.3f} {growth:>7} {tm:>10.3f} {chi2:>14.6f}")
        if p >= 160:
            goal = "; goal 4 s and growth from 160 items at most p^3.2" if p == 320 else ""
            emit(f"CFA, {p} items ({p // 4} correlated factors), N = 1000, SEs + std.all + "
                 f"every fit index{goal}", "cemsurvey", t, CPU, INPROC,
                 extra=f"growth from {prev[0]} items {growth}" if prev else "")
        prev = (p, t)
    if args.boot > 0:
        from cemsurvey.instrument import load_instrument

        ins = load_instrument(DATA / "sim28.yaml")
        data = pd.read_csv(DATA / "sim28.csv", index_col="respondent")
        full = fit_cfa(data, ins)
        t0 = time.process_time()
        boot = bootstrap_cfa(data, ins, args.boot, seed=1, full=full)
        el = time.process_time() - t0
        print(f"bootstrap_cfa, 112-item sim28 model (N = {len(data)}): {el:.2f} s CPU for "
              f"{args.boot} refits ({1000 * el / args.boot:.1f} ms each; "
              f"{int(boot.converged.sum())} converged)")


if __name__ == "__main__":
    main()
