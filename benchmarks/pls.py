"""PLS-SEM of Model A (sim28: 28 constructs in 6 dimensions, 112 items, N = 385): cemsurvey
vs the Python ``plspm`` package.

The model is the paradigm model of ``tests/reference/data/sim28.yaml``: the six dimensions
are higher-order constructs (repeated indicators: 34 latent variables, 224 outer
weights), five structural paths. Timed:

* cemsurvey ``fit_pls`` with ``B`` bootstrap resamples (default 5,000; path scheme;
  includes the full-sample fit, blindfolding Q^2, the jackknife for BCa, HTMT and its
  bootstrap), and the full-sample fit alone (``bootstrap=0``);
* ``plspm`` 0.5.7 (path scheme, bootstrap with 2 processes) on the same model, the
  repeated indicators given as duplicated columns. plspm fails to import under pandas 3
  (cemsurvey's environment), so it runs in a scratch virtual environment with pandas 2:
  ``python3 -m venv /tmp/plspm-venv && /tmp/plspm-venv/bin/pip install "pandas<3" plspm``
  and ``--plspm-python /tmp/plspm-venv/bin/python`` (the default when that path exists).
  Its bootstrap is slow, so it runs ``--plspm-boot`` resamples (default 10) and the
  ratio is reported per resample. The path coefficients of both are compared.

CPU seconds on both sides (plspm's: its process and its two bootstrap workers).

Run: .venv/bin/python benchmarks/pls.py [B] [--plspm-python PATH] [--plspm-boot N] [--no-plspm]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.psychometrics.pls import fit_pls

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, minutes, peer_timeout, run_peer, timed_out_note

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/reference/data"

PLSPM_SCRIPT = r'''
import json, resource, sys, time, warnings
def cpu():  # this process and its reaped workers (bootstrap processes)
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
warnings.simplefilter("ignore")
import pandas as pd
from plspm.config import Config, MV, Structure
from plspm.mode import Mode
from plspm.plspm import Plspm
from plspm.scheme import Scheme
spec = json.load(open(sys.argv[1]))
data = pd.read_csv(sys.argv[2])
B = int(sys.argv[3])
st = Structure()
for a, b in spec["edges"]:
    st.add_path([a], [b])
cfg = Config(st.path(), scaled=True)
for lv, cols in spec["blocks"].items():
    cfg.add_lv(lv, Mode.A, *[MV(c) for c in cols])
t0, c0 = time.perf_counter(), cpu()
fit = Plspm(data, cfg, Scheme.PATH, iterations=300, tolerance=1e-7)
t_fit, c_fit = time.perf_counter() - t0, cpu() - c0
pc = fit.path_coefficients()
paths = {f"{a}->{b}": float(pc.loc[b, a]) for a, b in spec["edges"]}
t0, c0 = time.perf_counter(), cpu()
Plspm(data, cfg, Scheme.PATH, iterations=300, tolerance=1e-7, bootstrap=True,
      bootstrap_iterations=B, processes=2)
t_boot, c_boot = time.perf_counter() - t0, cpu() - c0
print(json.dumps({"fit": t_fit, "boot": t_boot, "fit_cpu": c_fit, "boot_cpu": c_boot,
                  "paths": paths}))
'''


def plspm_inputs(ins, data: pd.DataFrame, tmp: Path) -> tuple[Path, Path]:
    """The repeated-indicators model for plspm: HOC blocks as duplicated item columns."""
    st = latent_structure(ins, "structural")
    blocks: dict[str, list[str]] = {f: list(st.indicators[f]) for f in st.first_order}
    cols = {i: data[i] for f in st.first_order for i in st.indicators[f]}
    edges = []
    for h in st.higher_order:
        items = [i for c in st.indicators[h] for i in st.indicators[c]]
        blocks[h] = [f"{h}__{i}" for i in items]
        for i in items:
            cols[f"{h}__{i}"] = data[i]
        edges += [(h, c) for c in st.indicators[h]]
    edges += [(x, y) for y, xs in st.regressions for x in xs]
    spec_path, data_path = tmp / "spec.json", tmp / "data.csv"
    spec_path.write_text(json.dumps({"blocks": blocks, "edges": edges}))
    pd.DataFrame(cols).to_csv(data_path, index=False)
    return spec_path, data_path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("B", nargs="?", type=int, default=5000)
    ap.add_argument("--plspm-python", default="/tmp/plspm-venv/bin/python")
    ap.add_argument("--plspm-boot", type=int, default=10)
    ap.add_argument("--no-plspm", action="store_true")
    args = ap.parse_args()

    ins = load_instrument(DATA / "sim28.yaml")
    data = pd.read_csv(DATA / "sim28.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit_pls(data, ins, bootstrap=0)  # warm-up (imports, BLAS)
        t0, c0 = time.perf_counter(), time.process_time()
        r0 = fit_pls(data, ins, bootstrap=0)
        t_fit, c_fit = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        res = fit_pls(data, ins, bootstrap=args.B, seed=1)
        t_boot, c_boot = time.perf_counter() - t0, time.process_time() - c0
    print(f"Model A: {len(r0.scores.columns)} latent variables, {res.outer.shape[0]} outer weights, "
          f"N = {res.n}; converged in {r0.iterations} iterations")
    print(f"cemsurvey fit_pls, no bootstrap:       {c_fit:8.3f} s CPU ({t_fit:.3f} s wall)",
          flush=True)
    print(f"cemsurvey fit_pls, {args.B} resamples: {c_boot:8.2f} s CPU ({t_boot:.2f} s wall; "
          f"{1000 * c_boot / max(args.B, 1):.2f} ms per resample; goal <= 30 s)", flush=True)
    w_fit = "PLS-SEM of Model A (34 composites, repeated indicators), full-sample fit"
    w_boot = (f"PLS-SEM of Model A, {args.B:,} bootstrap resamples (goal 30 s); peer per "
              "resample x the same count")
    emit(w_fit, "cemsurvey", c_fit, CPU, INPROC, extra=f"wall {t_fit:.2f} s")
    emit(w_boot, "cemsurvey", c_boot, CPU, INPROC,
         extra=f"{1000 * c_boot / max(args.B, 1):.2f} ms per resample; wall {t_boot:.1f} s")

    if args.no_plspm:
        for w in (w_fit, w_boot):
            emit(w, "plspm", None, CPU, INPROC, note="skipped (--no-peers)")
        return
    try:
        import plspm  # noqa: F401
        print("plspm imports in this environment")
    except Exception as exc:  # noqa: BLE001 - report any import failure
        print(f"plspm in this environment: {type(exc).__name__}: {str(exc)[:100]}")
    py = Path(args.plspm_python)
    if not py.exists():
        print(f"plspm: no scratch interpreter at {py}; see the module docstring")
        for w in (w_fit, w_boot):
            emit(w, "plspm", None, CPU, INPROC, note=f"not installed (scratch venv {py})")
        return
    timeout = peer_timeout()
    with tempfile.TemporaryDirectory() as d:
        spec_path, data_path = plspm_inputs(ins, data, Path(d))
        script = Path(d) / "run_plspm.py"
        script.write_text(PLSPM_SCRIPT)
        out = run_peer([str(py), str(script), str(spec_path), str(data_path),
                        str(args.plspm_boot)], timeout)
    if out.timed_out:
        print(f"plspm: unfinished after {minutes(timeout)} ({out.cpu:.0f} s CPU used)")
        emit(w_fit, "plspm", None, CPU, INPROC, note=timed_out_note(timeout))
        emit(w_boot, "plspm", None, CPU, INPROC,
             note=f"{args.plspm_boot} resamples {timed_out_note(timeout)} ({out.cpu:.0f} s CPU)")
        return
    if out.returncode != 0:
        print("plspm failed:", out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode)
        for w in (w_fit, w_boot):
            emit(w, "plspm", None, CPU, INPROC, note="failed")
        return
    pr = json.loads(out.stdout.strip().splitlines()[-1])
    per_ours = c_boot / max(args.B, 1)
    per_theirs = pr["boot_cpu"] / args.plspm_boot
    diffs = [abs(res.paths.loc[tuple(k.split("->")), "est"] - v) for k, v in pr["paths"].items()]
    print(f"plspm, no bootstrap:                   {pr['fit_cpu']:8.3f} s CPU ({pr['fit']:.3f} s "
          f"wall; ratio {pr['fit_cpu'] / c_fit:6.1f}x)")
    print(f"plspm, {args.plspm_boot} resamples (2 processes): {pr['boot_cpu']:8.2f} s CPU "
          f"({pr['boot']:.2f} s wall; {1000 * per_theirs:.1f} ms per resample; ratio per resample "
          f"{per_theirs / per_ours:6.1f}x; {args.B} resamples would take ~{per_theirs * args.B:.0f} s)")
    print(f"max |path coefficient difference| cemsurvey vs plspm: {max(diffs):.2e} "
          f"({len(diffs)} inner paths)")
    emit(w_fit, "plspm", pr["fit_cpu"], CPU, INPROC,
         extra=f"max path difference {max(diffs):.0e}")
    emit(w_boot, "plspm", per_theirs * args.B, CPU, INPROC,
         extra=f"extrapolated from {args.plspm_boot} resamples ({1000 * per_theirs:.0f} ms each, "
         "CPU of its 2 processes)")


if __name__ == "__main__":
    sys.exit(main())
