"""Consistent PLS with bootstrap and PLSpredict on Model A: cemsurvey beside seminr-py.

Model A is the simulated 28-construct, 112-item instrument of tests/reference/data/sim28
(N = 385). Two forms:

* the instrument as analysed (six higher-order dimensions, repeated indicators: 34 latent
  variables) -- cemsurvey only, since seminr estimates higher-order constructs in two stages
  and refuses PLSpredict for them;
* its first-order form (the disjoint stage 1: the 28 reflective constructs, each dimension's
  place in the paths taken by its constructs) -- both programs, same model.

Timed: cemsurvey ``fit_pls(method="plsc", bootstrap=B)`` (default B = 5,000; goal <= 30 s)
and ``predict_pls`` 10 folds x 10 repetitions (goal <= 10 s); seminr-py 0.2.1 (the
``reference`` extra) ``estimate_pls`` with ``reflective()`` constructs (PLSc) +
``bootstrap_model`` on ``--seminr-boot`` resamples (default 20, reported per resample) and
``predict_pls`` with 10 folds, repeated ``--seminr-reps`` times (default 1, reported per
repetition). The PLSc paths of both are compared. CPU seconds on both sides (in-process).

Run: .venv/bin/python benchmarks/pls_next.py [B] [--seminr-boot N] [--seminr-reps R] [--no-seminr]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.pls.model import model_of, stage1_spec
from cemsurvey.psychometrics.pls.predict import predict_pls

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
DATA = ROOT / "tests/reference/data"


def first_order(ins: Instrument) -> tuple[Instrument, dict[str, list[str]], list[tuple[str, str]]]:
    """Model A's disjoint stage 1 as an instrument of first-order constructs and paths."""
    spec = stage1_spec(model_of(ins, []), "disjoint")
    edges = [(spec.latents[a], spec.latents[b]) for a, b in spec.edges]
    targets = list(dict.fromkeys(b for _, b in edges))
    paths = [f"{b} ~ {' + '.join(a for a, bb in edges if bb == b)}" for b in targets]
    cons = [c.model_copy(update={"dimension": None}) for c in ins.constructs
            if c.id in spec.latents]
    flat = Instrument(title=ins.title, scales=ins.scales, constructs=cons, paths=paths)
    blocks = {c.id: [i.id for i in c.items] for c in cons}
    return flat, blocks, edges


def seminr_times(data: pd.DataFrame, blocks: dict[str, list[str]], edges: list[tuple[str, str]],
                 nboot: int, reps: int) -> dict[str, float]:
    import numpy as np
    import seminr as sm
    mm = sm.constructs(*[sm.reflective(c, items) for c, items in blocks.items()])
    smod = sm.relationships(*[sm.paths(from_=a, to=b) for a, b in edges])
    cols = [i for items in blocks.values() for i in items]
    t0 = time.process_time()
    model = sm.estimate_pls(data[cols], mm, smod)
    t_fit = time.process_time() - t0
    t0 = time.process_time()
    sm.bootstrap_model(model, nboot=nboot, seed=1)
    t_boot = time.process_time() - t0
    mma = sm.constructs(*[sm.composite(c, items) for c, items in blocks.items()])
    composite = sm.estimate_pls(data[cols], mma, smod)
    t0 = time.process_time()
    for r in range(reps):
        sm.predict_pls(composite, no_folds=10, seed=r)
    t_pred = time.process_time() - t0
    paths = {(a, b): model.path_coef.get(a, b) for a, b in edges}
    return {"fit": t_fit, "boot": t_boot, "predict": t_pred, "paths": paths,  # type: ignore[dict-item]
            "n": float(np.asarray(model.data.values).shape[0])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("B", nargs="?", type=int, default=5000)
    ap.add_argument("--seminr-boot", type=int, default=20)
    ap.add_argument("--seminr-reps", type=int, default=1)
    ap.add_argument("--no-seminr", action="store_true")
    args = ap.parse_args()
    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv")
    flat, blocks, edges = first_order(ins)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit_pls(data, flat, method="plsc", bootstrap=0)  # warm-up
        rows = []
        for label, model in (("Model A (34 LVs, repeated indicators)", ins),
                             ("Model A first-order (28 LVs)", flat)):
            t0 = time.process_time()
            res = fit_pls(data, model, method="plsc", bootstrap=args.B, seed=1)
            rows.append((label, time.process_time() - t0, res))
        t0 = time.process_time()
        pred = predict_pls(data, flat, folds=10, repetitions=10, seed=1)
        t_pred = time.process_time() - t0
    for label, t, res in rows:
        print(f"cemsurvey PLSc + {args.B} resamples, {label}: {t:7.2f} s CPU "
              f"({1000 * t / args.B:.2f} ms per resample; {res.bootstrap_used} used; "
              f"goal <= 30 s)", flush=True)
    print(f"cemsurvey PLSpredict 10 folds x 10 repetitions, first-order Model A: {t_pred:6.2f} s "
          f"CPU (goal <= 10 s); verdict over all indicators: {pred.verdict.loc['all', 'verdict']}",
          flush=True)
    w_hoc = f"PLSc of Model A (34 LVs, repeated indicators), {args.B:,} bootstrap resamples"
    w_flat = (f"PLSc of first-order Model A (28 LVs), {args.B:,} bootstrap resamples (goal 30 s);"
              " peer per resample x the same count")
    w_pred = "PLSpredict of first-order Model A, 10 folds x 10 repetitions (goal 10 s)"
    emit(w_hoc, "cemsurvey", rows[0][1], CPU, INPROC,
         extra="seminr estimates higher-order constructs in two stages: no peer")
    emit(w_flat, "cemsurvey", rows[1][1], CPU, INPROC)
    emit(w_pred, "cemsurvey", t_pred, CPU, INPROC)
    if args.no_seminr:
        for w in (w_flat, w_pred):
            emit(w, "seminr", None, CPU, INPROC, note="skipped (--no-peers)")
        return
    timeout = peer_timeout()
    from threadpoolctl import threadpool_limits

    c0 = time.process_time()
    try:
        with peer_alarm(timeout), threadpool_limits(1):
            s = seminr_times(data, blocks, edges, args.seminr_boot, args.seminr_reps)
    except ImportError:
        print("seminr-py not installed: pip install -e '.[reference]'")
        for w in (w_flat, w_pred):
            emit(w, "seminr", None, CPU, INPROC, note="not installed")
        return
    except PeerTimeout:
        print(f"seminr-py: unfinished after {minutes(timeout)}")
        for w in (w_flat, w_pred):
            emit(w, "seminr", None, CPU, INPROC,
                 note=f"{timed_out_note(timeout)}; {time.process_time() - c0:.0f} s CPU")
        return
    ours = rows[1][1] / args.B
    per = s["boot"] / args.seminr_boot
    print(f"seminr-py PLSc + {args.seminr_boot} resamples, first-order Model A: {s['boot']:7.2f} s CPU "
          f"({1000 * per:.1f} ms per resample, {per / ours:.0f}x cemsurvey's; {args.B} resamples "
          f"would take ~{per * args.B:.0f} s)")
    pp = s["predict"] / args.seminr_reps
    print(f"seminr-py PLSpredict 10 folds x {args.seminr_reps} repetition(s): {s['predict']:6.2f} s CPU "
          f"({pp:.2f} s per repetition; 10 repetitions ~{10 * pp:.0f} s, "
          f"{10 * pp / t_pred:.0f}x cemsurvey's)")
    paths = rows[1][2].paths["est"]
    diff = max(abs(paths[(a, b)] - v) for (a, b), v in s["paths"].items())
    print(f"max |PLSc path difference| cemsurvey vs seminr-py: {diff:.2e} ({len(edges)} paths)")
    emit(w_flat, "seminr", per * args.B, CPU, INPROC,
         extra=f"extrapolated from {args.seminr_boot} resamples ({1000 * per:.0f} ms each); "
         f"max path difference {diff:.0e}")
    emit(w_pred, "seminr", 10 * pp, CPU, INPROC,
         extra=f"extrapolated from {args.seminr_reps} repetition(s)")


if __name__ == "__main__":
    sys.exit(main())
