"""Measurement invariance of a Model A sized instrument (112 items, 28 constructs, two groups
of 385): cemsurvey's four-level sequence with the partial-invariance search vs lavaan's four
``cfa(group =, group.equal =)`` fits of the same data in the same run.

Group 2's answers to three items of three different constructs are shifted down by two
scale points (planted non-invariant intercepts), so that the scalar level fails and the
search has work to do; it should release exactly those three intercepts.

cemsurvey is timed in CPU seconds with one BLAS thread (the library's own setting). lavaan is
timed inside R with ``system.time`` (CPU: user + system; R start-up and reading the data
excluded), one line per level as it finishes: ``cfa(model, data, group = "grp",
group.equal = ...)`` for configural, metric (loadings), scalar (+ intercepts) and strict
(+ residuals) with lavaan's defaults (``se = "standard"``, ``test = "standard"``, as cemsurvey
computes) and ``fitMeasures`` of each. lavaan does less work than cemsurvey here: no score
tests and no refits of partial models, so its time is a lower bound for the same analysis.
When lavaan has not finished after ``--lavaan-timeout`` minutes the run stops it and prints
"unfinished after X min" with the levels it did finish: a firm lower bound.

``--factors K`` keeps the first K constructs (4 items each), for a configuration lavaan can
finish (``--factors 10``: 40 items, 2 x 385), so that a measured ratio exists.

Run: .venv/bin/python benchmarks/invariance.py [--factors K] [--no-plant] [--no-lavaan]
     [--lavaan-timeout MINUTES]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import LatentStructure, latent_structure, lavaan_syntax
from cemsurvey.psychometrics.invariance import measurement_invariance
from cemsurvey.responses.simulate import simulate_responses

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, minutes, peer_timeout, r_missing, rscript, timed_out_note

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("configural", "metric", "scalar", "strict")


def data(factors: int | None = None, plant: bool = True):
    """The simulated answers (two groups of 385, three planted intercept shifts in group b
    unless ``plant`` is false) and the first-order structure, restricted to the first
    ``factors`` constructs."""
    ins = load_instrument(ROOT / "instruments/digital-marketing-cem.yaml")
    sim = simulate_responses(ins, 770, seed=3)
    df = sim.data.copy()
    df["grp"] = np.repeat(["a", "b"], 385)
    st = latent_structure(ins, "first")
    items = st.observed
    for item in (items[8], items[13], items[22]) if plant else ():
        df.loc[df["grp"] == "b", item] = (df.loc[df["grp"] == "b", item] - 2).clip(lower=1)
    if factors is not None and factors < len(st.latents):
        keep = st.latents[:factors]
        ind = {f: st.indicators[f] for f in keep}
        obs = tuple(x for f in keep for x in ind[f])
        covs = tuple((a, b) for a, b in st.latent_covariances if a in ind and b in ind)
        st = LatentStructure(observed=obs, latents=keep, indicators=ind, latent_covariances=covs)
        df = df[[*obs, "grp"]]
    return st, df


R_SCRIPT = """suppressPackageStartupMessages(library(lavaan))
d <- read.csv("{csv}"); m <- paste(readLines("{syntax}"), collapse = "\\n")
eqs <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"),
            strict = c("loadings", "intercepts", "residuals"))
for (lv in names(eqs)) {{
  part <- if (lv == "strict") c({partial}) else character(0)
  t <- system.time({{
    f <- cfa(m, data = d, group = "grp", group.equal = eqs[[lv]], group.partial = part)
    fm <- fitMeasures(f)
  }})
  cat(lv, t[["user.self"]] + t[["sys.self"]], fm[["chisq"]], "\\n"); flush(stdout())
}}
"""


def time_lavaan(st: LatentStructure, df, timeout: float, partial: list[str]
                ) -> tuple[dict[str, tuple[float, float]], bool, float] | None:
    """lavaan's CPU seconds and chi-square per finished level, whether all four finished
    within ``timeout`` wall seconds, and the R process's CPU (a lower bound when stopped:
    :func:`benchrows.rscript` subtracts R's start-up); None without Rscript or on an R
    error. ``partial``: the intercepts cemsurvey released at the scalar level, left free in
    lavaan's strict model too (as in cemsurvey's strict model), so that both fit the same
    four models."""
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        csv, syn = Path(tmp) / "d.csv", Path(tmp) / "m.lav"
        df.to_csv(csv, index=False)
        syn.write_text(lavaan_syntax(st))
        out = rscript(R_SCRIPT.format(csv=csv, syntax=syn, partial=", ".join(
            f'"{k.replace("~1", "~ 1")}"' for k in partial)), timeout)
    if not out.timed_out and out.returncode != 0:
        print(f"lavaan failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    done = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in LEVELS:
            done[parts[0]] = (float(parts[1]), float(parts[2]))
    return done, not out.timed_out, out.cpu


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", type=int, default=None,
                    help="keep the first K constructs (default: all 28, 112 items)")
    ap.add_argument("--no-plant", action="store_true",
                    help="no planted intercept shifts (the search then has nothing to do)")
    ap.add_argument("--no-lavaan", action="store_true", help="skip lavaan")
    ap.add_argument("--lavaan-timeout", type=float, default=None,
                    help="minutes before lavaan is stopped (default: make bench's peer "
                         "timeout, else 20)")
    args = ap.parse_args(argv)
    st, df = data(args.factors, not args.no_plant)
    load = os.getloadavg()[0]
    t0 = time.process_time()
    res = measurement_invariance(df, st, "grp", paths=False)
    ours = time.process_time() - t0
    print(f"{len(st.observed)} items, {len(st.latents)} factors, 2 x 385; load average {load:.1f}")
    print(f"cemsurvey: four levels + partial search, {ours:.2f} s CPU "
          f"(released {len(res.released)}: {', '.join(k for _, k in res.released) or '-'}; "
          f"reached {res.reached})")
    workload = (f"measurement invariance, {len(st.observed)} items, 2 x 385, four levels + "
                f"partial search ({'three planted releases' if not args.no_plant else 'no planted differences'}; goal 3 s)")
    emit(workload, "cemsurvey", ours, CPU, INPROC,
         extra=f"released {len(res.released)}, reached {res.reached}")
    if args.no_lavaan:
        emit(workload, "lavaan", None, CPU, INPROC, note="skipped (--no-peers)")
    else:
        timeout = args.lavaan_timeout * 60 if args.lavaan_timeout else peer_timeout()
        scalar = [k for lv, k in res.released if lv == "scalar"]
        lav = time_lavaan(st, df, timeout, scalar)
        if lav is None:
            emit(workload, "lavaan", None, CPU, INPROC,
                 note=r_missing() if shutil.which("Rscript") is None else "failed")
        else:
            done, finished, cpu = lav
            total = sum(t for t, _ in done.values())
            for lv, (t, chi) in done.items():
                ours_chi = next(x.fit["chisq"] for x in res.levels if x.level == lv)
                print(f"  lavaan {lv}: {t:.1f} s CPU, chi2 {chi:.3f} (cemsurvey {ours_chi:.3f})")
            what = "four `cfa(group.equal)` fits, no score tests, no partial refits"
            if finished:
                print(f"lavaan: four cfa() fits (no score tests, no partial refits), "
                      f"{total:.1f} s CPU; ratio {total / ours:.0f}x")
                emit(workload, "lavaan", total, CPU, INPROC, extra=what)
            else:
                print(f"lavaan: unfinished after {minutes(timeout)} "
                      f"({cpu:.0f} s CPU; finished: {', '.join(done) or 'none'}); "
                      f"ratio at least {cpu / ours:.0f}x")
                emit(workload, "lavaan", cpu, CPU, INPROC, lower_bound=True,
                     note=f"{what}: {timed_out_note(timeout)}")
    print(f"goal: at most 3 s -> {'met' if ours <= 3 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
