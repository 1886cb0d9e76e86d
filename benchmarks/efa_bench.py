"""EFA and parallel-analysis timings side by side with peers (not a test; prints ratios).

Run:  .venv/bin/python benchmarks/efa_bench.py [--repeat 5]

Workload (issue 5): sim28 (tests/reference/data/sim28.csv), 112 items, N = 385, 28 factors,
minres extraction + oblimin rotation; parallel analysis with 100 iterations on the 112 items.
Peers: factor_analyzer (same process, if it runs with the installed scikit-learn) and
psych::fa via Rscript (if R is installed; timed inside R so R's start-up is excluded).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

from cemsurvey.psychometrics.efa import efa
from cemsurvey.psychometrics.parallel import parallel_analysis

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "reference" / "data" / "sim28.csv"


def _median_time(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _factor_analyzer(x: pd.DataFrame, repeat: int) -> tuple[float | None, str]:
    try:
        from factor_analyzer import FactorAnalyzer
    except ImportError:
        return None, "not installed"
    try:
        return _median_time(lambda: FactorAnalyzer(n_factors=28, method="minres",
                                                   rotation="oblimin").fit(x.to_numpy()),
                            repeat), ""
    except TypeError as exc:  # 0.5.1 passes force_all_finite, removed in scikit-learn 1.8
        return None, f"fails with this scikit-learn: {exc}"


def _psych(repeat: int) -> tuple[float | None, str]:
    if shutil.which("Rscript") is None:
        return None, "R not installed"
    code = f"""
suppressPackageStartupMessages(library(psych))
x <- read.csv("{DATA}")[, -1]
fa(x, nfactors = 28, fm = "minres", rotate = "oblimin")
t <- replicate({repeat}, system.time(fa(x, nfactors = 28, fm = "minres",
                                      rotate = "oblimin"))[["elapsed"]])
cat(median(t), "\\n")
"""
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as fh:
        fh.write(code)
    try:
        out = subprocess.run(["Rscript", fh.name], capture_output=True, text=True, timeout=600,
                             check=False)
    finally:
        Path(fh.name).unlink(missing_ok=True)
    try:
        return float(out.stdout.strip().split()[-1]), ""
    except (ValueError, IndexError):
        return None, f"Rscript failed: {out.stderr.strip()[:200]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    x = pd.read_csv(DATA).drop(columns="respondent")
    ours = _median_time(lambda: efa(x, 28, extraction="minres", rotation="oblimin"), args.repeat)
    print(f"EFA sim28 112 items x 28 factors, minres + oblimin, N = {len(x)} "
          f"(median of {args.repeat})")
    print(f"  cemsurvey        {ours:8.3f} s")
    for name, (t, why) in (("factor_analyzer", _factor_analyzer(x, args.repeat)),
                           ("psych::fa (R)", _psych(args.repeat))):
        if t is None:
            print(f"  {name:16s}      n/a   ({why})")
        else:
            print(f"  {name:16s} {t:8.3f} s   cemsurvey is {t / ours:5.1f}x faster")
    pa = _median_time(lambda: parallel_analysis(x, 100, seed=1, fa="both"), args.repeat)
    print(f"Parallel analysis, 100 iterations, 112 items, pc + fa: {pa:.3f} s (target <= 2 s)")


if __name__ == "__main__":
    main()
