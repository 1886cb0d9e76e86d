"""MICOM and PLS multi-group analysis on Model B, and Henseler's MGA against seminr.

Model B is ``instruments/customer-engagement-journey.yaml`` (17 constructs in 5
paradigm dimensions, repeated indicators: 23 composites, 80 items). 770 simulated
respondents (``simulate_responses``, seed 1) in two groups of 385 (first and second
half: one population, so invariance should hold). Timed:

* ``micom`` with ``P`` permutations (default 5,000; goal <= 30 s): steps 1-3;
* ``compare_pls_groups`` (MICOM and MGA sharing the permutations) with ``P``
  permutations and ``P`` bootstrap resamples per group;
* seminr (Python port, if installed) ``estimate_pls_mga`` against cemsurvey's bootstrap
  MGA on the small X, M, Y model of tests/reference/pls/micom_data.csv (seminr's
  bootstrap is one estimation per resample in Python, so it runs ``--seminr-boot``
  resamples, default 200, and the times are compared per resample).

CPU seconds throughout (seminr in-process, one BLAS thread).

Run: .venv/bin/python benchmarks/micom.py [P] [--seminr-boot N] [--no-seminr]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.model import Construct, Instrument, Item, Scale
from cemsurvey.psychometrics.pls.mga import pls_mga
from cemsurvey.psychometrics.pls.micom import micom
from cemsurvey.psychometrics.pls.multigroup import compare_pls_groups
from cemsurvey.responses.simulate import simulate_responses

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import (
    CPU,
    INPROC,
    PeerTimeout,
    emit,
    minutes,
    peer_alarm,
    peer_timeout,
    timed_out_note,
)

ROOT = Path(__file__).resolve().parents[1]


def model_b_groups() -> tuple[Instrument, pd.DataFrame, pd.Series]:
    ins = load_instrument(ROOT / "instruments/customer-engagement-journey.yaml", warn=False)
    data = simulate_responses(ins, 770, seed=1).data
    return ins, data, pd.Series(np.repeat([1, 2], 385), index=data.index)


def xmy() -> tuple[Instrument, pd.DataFrame, pd.Series]:
    d = pd.read_csv(ROOT / "tests/reference/pls/micom_data.csv", index_col="id")
    cons = [Construct(id=c, name=c, scale="s", items=[Item(id=f"{c}{k}", text="t")
                                                       for k in (1, 2, 3)]) for c in "XMY"]
    ins = Instrument(title="xmy", scales={"s": Scale(points=10)}, constructs=cons,
                     paths=["M ~ X", "Y ~ M + X"])
    return ins, d.drop(columns="group"), d["group"]


def seminr_side(B: int) -> None:
    workload = (f"Henseler's PLS-MGA, X-M-Y model (9 items, 2 groups), {B} bootstrap resamples "
                "per group")
    ins, items, g = xmy()
    c0 = time.process_time()
    pls_mga(items, ins, g, permutations=20, bootstrap=B, seed=1)
    t_c = time.process_time() - c0
    emit(workload, "cemsurvey", t_c, CPU, INPROC, extra="with 20 permutations")
    try:
        from seminr import composite, constructs, estimate_pls, multi_items, paths, relationships
        from seminr.mga import estimate_pls_mga
    except ImportError:
        print("seminr is not installed (pip install seminr==0.2.1); skipped")
        emit(workload, "seminr", None, CPU, INPROC, note="not installed")
        return
    from threadpoolctl import threadpool_limits

    timeout = peer_timeout()
    mm = constructs(*(composite(c, multi_items(c, [1, 2, 3])) for c in "XMY"))
    sm = relationships(paths(["X"], "M"), paths(["M"], "Y"), paths(["X"], "Y"))
    c0 = time.process_time()
    try:
        with peer_alarm(timeout), threadpool_limits(1):
            full = estimate_pls(items, mm, sm)
            estimate_pls_mga(full, (g == 1).to_numpy(), nboot=B, seed=1)
    except PeerTimeout:
        print(f"seminr: unfinished after {minutes(timeout)}")
        emit(workload, "seminr", time.process_time() - c0, CPU, INPROC, lower_bound=True,
             note=timed_out_note(timeout))
        return
    t_s = time.process_time() - c0
    emit(workload, "seminr", t_s, CPU, INPROC)
    print(f"Henseler MGA, X-M-Y model, {B} resamples per group (N = {len(items)}; CPU s):")
    print(f"  seminr estimate_pls_mga: {t_s:8.2f} s")
    print(f"  cemsurvey pls_mga:       {t_c:8.2f} s (with 20 permutations); "
          f"seminr / cemsurvey = {t_s / t_c:.0f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("P", nargs="?", type=int, default=5000)
    ap.add_argument("--seminr-boot", type=int, default=200)
    ap.add_argument("--no-seminr", action="store_true")
    args = ap.parse_args()
    ins, data, groups = model_b_groups()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        micom(data, ins, groups, permutations=20, seed=0)  # warm-up (imports, BLAS)
        t0 = time.process_time()
        res = micom(data, ins, groups, permutations=args.P, seed=1)
        t_micom = time.process_time() - t0
        t0 = time.process_time()
        mga = compare_pls_groups(data, ins, groups, permutations=args.P, bootstrap=args.P,
                                 seed=1).mga
        t_mga = time.process_time() - t0
    pair = res.pairs[0]
    print(f"Model B: {len(pair.composites)} composites, {data.shape[0]} respondents in 2 groups")
    print(f"cemsurvey micom, {args.P} permutations:  {t_micom:8.2f} s CPU "
          f"({1000 * t_micom / args.P:.2f} ms per permutation; goal <= 30 s); verdict "
          f"{res.verdict}, {int(pair.composites['compositional'].sum())} of "
          f"{len(pair.composites)} composites compositionally invariant", flush=True)
    diff = mga.paths[mga.paths["different_permutation"]]
    print(f"cemsurvey compare_pls_groups (MICOM + MGA), {args.P} permutations + {args.P} "
          "resamples per group: "
          f"{t_mga:8.2f} s CPU; paths different: "
          f"{', '.join(f'{f} -> {t}' for _, _, f, t in diff.index) or 'none'}", flush=True)
    w_micom = (f"MICOM steps 1-3, Model B (23 composites, 2 x 385), {args.P:,} permutations "
               "(goal 30 s)")
    emit(w_micom, "cemsurvey", t_micom, CPU, INPROC)
    emit(w_micom, "seminr", None, CPU, INPROC, note="has no MICOM")
    emit(f"MICOM + PLS-MGA of Model B, {args.P:,} permutations + {args.P:,} resamples per group",
         "cemsurvey", t_mga, CPU, INPROC)
    if not args.no_seminr:
        seminr_side(args.seminr_boot)


if __name__ == "__main__":
    main()
