"""EFA and parallel-analysis timings side by side with peers (not a test; prints ratios).

Run:  .venv/bin/python benchmarks/efa_bench.py [--repeat 5] [--fa-python PYTHON]

Workload (issue 5): sim28 (tests/reference/data/sim28.csv), 112 items, N = 385, 28 factors,
minres extraction + oblimin rotation; parallel analysis with 100 iterations on the 112 items.

Peers, in the same run:

* factor_analyzer 0.5.1, ``FactorAnalyzer(n_factors=28, method="minres", rotation="oblimin")``.
  It calls scikit-learn's ``check_array(force_all_finite=...)``, removed in scikit-learn 1.8,
  so it needs ``scikit-learn<1.8`` (the ``bench`` extra pins that range). It runs in a child
  process of ``--fa-python`` (default: this interpreter), so it can live in its own venv
  without downgrading the test environment::

      python3 -m venv /tmp/fa-venv
      /tmp/fa-venv/bin/pip install "factor-analyzer==0.5.1" "scikit-learn>=1.2,<1.8"
      .venv/bin/python benchmarks/efa_bench.py --fa-python /tmp/fa-venv/bin/python

* psych::fa via Rscript (if R is installed; timed inside R, so R's start-up is excluded).

Each tool is warmed up once, then timed ``--repeat`` times; the median wall time and the
median CPU time (user + system of the process) are printed. Every tool runs with one BLAS
thread (cemsurvey limits itself with threadpoolctl; the peers' processes get
``OPENBLAS_NUM_THREADS=1`` and friends): on a busy 2-core machine multithreaded BLAS makes
factor_analyzer ~20x slower (61 s instead of 3 s CPU per fit, measured), which would say
nothing about the algorithms. On a shared machine the wall
time includes waiting for a core, so compare CPU times too. The largest difference of
factor_analyzer's loadings from cemsurvey's (= psych's within 1e-4, tests/efa) is printed
after matching columns and signs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from cemsurvey.psychometrics.efa import efa
from cemsurvey.psychometrics.efa.parallel import parallel_analysis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, minutes, peer_timeout, run_peer, timed_out_note

ROOT = Path(__file__).resolve().parent.parent
FA_VENV = "/tmp/fa-venv/bin/python"
DATA = ROOT / "tests" / "reference" / "data" / "sim28.csv"


def _median_time(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` calls after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


_FA_RUNNER = textwrap.dedent("""
    import json, statistics, sys, time, warnings
    from importlib.metadata import version
    import numpy as np, pandas as pd
    data, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    try:
        import factor_analyzer, sklearn
        from factor_analyzer import FactorAnalyzer
    except ImportError as exc:
        print(json.dumps({"error": f"not installed ({exc})"})); sys.exit(0)
    x = pd.read_csv(data).drop(columns="respondent").to_numpy()
    def fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn 1.6-1.7: force_all_finite renamed
            return FactorAnalyzer(n_factors=28, method="minres", rotation="oblimin").fit(x)
    try:
        fa = fit()
    except TypeError as exc:
        print(json.dumps({"error": f"fails with scikit-learn {sklearn.__version__}: {exc}"}))
        sys.exit(0)
    np.save(out, fa.loadings_)
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fit()
        wall.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    print(json.dumps({"wall": statistics.median(wall), "cpu": statistics.median(cpu),
                      "version": version("factor_analyzer"), "sklearn": sklearn.__version__}))
""")


ONE_THREAD = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                 "BLIS_NUM_THREADS")}


def _factor_analyzer(python: str, repeat: int, out: Path) -> dict:
    env = dict(os.environ, PYTHONWARNINGS="ignore", **ONE_THREAD)
    res = run_peer([python, "-c", _FA_RUNNER, str(DATA), str(repeat), str(out)],
                   peer_timeout(), env=env)
    if res.timed_out:
        return {"timeout": peer_timeout(), "cpu": res.cpu / (repeat + 1)}
    try:
        return json.loads(res.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"{python} failed: {res.stderr.strip()[-300:]}"}


def _psych(repeat: int) -> dict:
    if shutil.which("Rscript") is None:
        return {"error": "R not installed"}
    code = f"""
suppressPackageStartupMessages(library(psych))
x <- read.csv("{DATA}")[, -1]
invisible(fa(x, nfactors = 28, fm = "minres", rotate = "oblimin"))
t <- replicate({repeat}, system.time(fa(x, nfactors = 28, fm = "minres",
                                      rotate = "oblimin")))
cat(median(t["elapsed", ]), median(t["user.self", ] + t["sys.self", ]),
    as.character(packageVersion("psych")), "\\n")
"""
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as fh:
        fh.write(code)
    try:
        out = run_peer(["Rscript", fh.name], peer_timeout())
    finally:
        Path(fh.name).unlink(missing_ok=True)
    if out.timed_out:
        return {"timeout": peer_timeout(), "cpu": out.cpu / (repeat + 1)}
    try:
        wall, cpu, version = out.stdout.strip().split()[-3:]
        return {"wall": float(wall), "cpu": float(cpu), "version": version}
    except ValueError:
        return {"error": f"Rscript failed: {out.stderr.strip()[:200]}"}


def _max_diff(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Largest |loading difference| after matching columns (|congruence|) and signs."""
    cong = ours.T @ theirs / np.outer(np.linalg.norm(ours, axis=0), np.linalg.norm(theirs, axis=0))
    rows, cols = linear_sum_assignment(-np.abs(cong))
    signs = np.sign(cong[rows, cols])
    return float(np.abs(ours[:, rows] * signs - theirs[:, cols]).max())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--fa-python", default=FA_VENV if Path(FA_VENV).exists() else sys.executable,
                    help="Python interpreter with factor_analyzer 0.5.1 and scikit-learn < 1.8 "
                    f"(default {FA_VENV} when it exists, else this one)")
    ap.add_argument("--no-peers", action="store_true", help="cemsurvey only")
    args = ap.parse_args()
    x = pd.read_csv(DATA).drop(columns="respondent")
    try:
        load = os.getloadavg()[0]
        print(f"load average (1 min) at start: {load:.2f} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    ours_res = efa(x, 28, extraction="minres", rotation="oblimin")
    wall, cpu = _median_time(lambda: efa(x, 28, extraction="minres", rotation="oblimin"),
                             args.repeat)
    print(f"EFA sim28 112 items x 28 factors, minres + oblimin, N = {len(x)} "
          f"(median of {args.repeat})")
    print(f"  {'tool':24s} {'wall s':>8s} {'CPU s':>8s}   ratio (peer / cemsurvey)")
    print(f"  {'cemsurvey':24s} {wall:8.3f} {cpu:8.3f}")
    workload = "EFA of Model A's 112 items, 28 factors, minres + oblimin"
    emit(workload, "cemsurvey", cpu, CPU, INPROC, extra=f"median of {args.repeat}; wall {wall:.2f} s")
    with tempfile.TemporaryDirectory() as d:
        npy = Path(d) / "fa_loadings.npy"
        skip = {"error": "skipped (--no-peers)"}
        peers = [("factor_analyzer", skip if args.no_peers
                  else _factor_analyzer(args.fa_python, args.repeat, npy)),
                 ("psych::fa (R)", skip if args.no_peers else _psych(args.repeat))]
        fa_load = np.load(npy) if npy.exists() else None
    for name, r in peers:
        tool = "factor_analyzer" if name == "factor_analyzer" else "psych"
        if "timeout" in r:
            print(f"  {name:24s} unfinished after {minutes(r['timeout'])}")
            emit(workload, tool, r["cpu"], CPU, INPROC, lower_bound=True,
                 note=timed_out_note(r["timeout"]))
            continue
        if "error" in r:
            print(f"  {name:24s} {'n/a':>8s} {'n/a':>8s}   ({r['error']})")
            emit(workload, tool, None, CPU, INPROC, note=r["error"])
            continue
        emit(workload, tool, r["cpu"], CPU, INPROC, extra=f"median of {args.repeat}"
             + (f"; scikit-learn {r['sklearn']}" if "sklearn" in r else ""))
        label = f"{name} {r.get('version', '')}".strip()
        extra = f", scikit-learn {r['sklearn']}" if "sklearn" in r else ""
        print(f"  {label:24s} {r['wall']:8.3f} {r['cpu']:8.3f}   wall {r['wall'] / wall:5.1f}x, "
              f"CPU {r['cpu'] / cpu:5.1f}x{extra}")
    if fa_load is not None:
        diff = _max_diff(ours_res.pattern.to_numpy(), fa_load)
        print(f"  factor_analyzer loadings vs cemsurvey (= psych): largest |difference| {diff:.3g}")
    pa_wall, pa_cpu = _median_time(lambda: parallel_analysis(x, 100, seed=1, fa="both"),
                                   args.repeat)
    print(f"Parallel analysis, 100 iterations, 112 items, pc + fa: wall {pa_wall:.3f} s, "
          f"CPU {pa_cpu:.3f} s (target <= 2 s)")
    emit("parallel analysis of Model A's 112 items, 100 simulated data sets, pc + fa "
         "(goal 2 s)", "cemsurvey", pa_cpu, CPU, INPROC, extra=f"wall {pa_wall:.2f} s")


if __name__ == "__main__":
    main()
