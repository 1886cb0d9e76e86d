"""Measurement invariance of a Model A sized instrument (112 items, 28 constructs, two groups
of 385): cemsurvey's four-level sequence with the partial-invariance search vs lavaan's four
``cfa(group =, group.equal =)`` fits alone (lavaan's ``lavTestScore`` on this model inverts a
1,600 x 1,600 bordered matrix once per constraint and did not finish in 15 minutes, so the
peer's time leaves the search out and is a lower bound).

Group 2's answers to three items of three different constructs are shifted down by two
scale points (planted non-invariant intercepts), so that the scalar level fails and the
search has work to do; it should release exactly those three intercepts.
cemsurvey is timed in CPU seconds with one BLAS thread (the library's own setting); lavaan
inside R with ``system.time`` (CPU: user + system; R start-up excluded), both on the same
data in the same run.

Run: .venv/bin/python benchmarks/invariance.py [--no-lavaan]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.structure import latent_structure, lavaan_syntax
from cemsurvey.psychometrics.invariance import measurement_invariance
from cemsurvey.responses.simulate import simulate_responses

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrows import CPU, INPROC, emit, minutes, peer_timeout, r_missing, rscript, timed_out_note

ROOT = Path(__file__).resolve().parents[1]


def data():
    ins = load_instrument(ROOT / "instruments/digital-marketing-cem.yaml")
    sim = simulate_responses(ins, 770, seed=3)
    df = sim.data.copy()
    df["grp"] = np.repeat(["a", "b"], 385)
    items = latent_structure(ins, "first").observed
    for item in (items[8], items[13], items[22]):
        df.loc[df["grp"] == "b", item] = (df.loc[df["grp"] == "b", item] - 2).clip(lower=1)
    return ins, df


def time_lavaan(ins, df) -> dict | None:
    """``{"cpu"}`` (inside R), ``{"cpu", "timeout"}`` when stopped, ``{}`` on failure."""
    if shutil.which("Rscript") is None:
        return None
    syntax = lavaan_syntax(latent_structure(ins, "first"))
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "d.csv"
        df.to_csv(csv, index=False)
        (Path(tmp) / "m.lav").write_text(syntax)
        script = f"""suppressPackageStartupMessages(library(lavaan))
d <- read.csv("{csv}"); m <- paste(readLines("{Path(tmp) / 'm.lav'}"), collapse = "\\n")
t <- system.time({{
  for (eq in list("", "loadings", c("loadings", "intercepts"),
                  c("loadings", "intercepts", "residuals"))) {{
    f <- cfa(m, data = d, group = "grp", group.equal = eq)
    fitMeasures(f)
  }}
}})
cat(t[["user.self"]] + t[["sys.self"]])"""
        out = rscript(script, peer_timeout())
        if out.timed_out:
            return {"cpu": out.cpu, "timeout": peer_timeout()}
        return {"cpu": float(out.stdout.strip().split()[-1])} if out.returncode == 0 else {}


def main(argv: list[str]) -> int:
    ins, df = data()
    t0 = time.process_time()
    res = measurement_invariance(df, ins, "grp", paths=False)
    ours = time.process_time() - t0
    print(f"cemsurvey: four levels + partial search, {ours:.2f} s CPU "
          f"(released {len(res.released)}: {', '.join(k for _, k in res.released) or '-'}; "
          f"reached {res.reached})")
    workload = ("measurement invariance of Model A, 2 x 385, four levels + partial search "
                "(three planted releases; goal 3 s)")
    emit(workload, "cemsurvey", ours, CPU, INPROC)
    lav = None if "--no-lavaan" in argv else time_lavaan(ins, df)
    if lav and "timeout" in lav:
        print(f"lavaan: four cfa() fits unfinished after {minutes(lav['timeout'])} "
              f"({lav['cpu']:.0f} s CPU used); ratio > {lav['cpu'] / ours:.0f}x")
        emit(workload, "lavaan", lav["cpu"], CPU, INPROC, lower_bound=True,
             note="four `cfa(group.equal)` fits, no search: " + timed_out_note(lav["timeout"]))
    elif lav:
        print(f"lavaan: four cfa() fits (no score tests), {lav['cpu']:.2f} s CPU; "
              f"ratio {lav['cpu'] / ours:.0f}x")
        emit(workload, "lavaan", lav["cpu"], CPU, INPROC,
             extra="four `cfa(group.equal)` fits, no search (its figure is a lower bound)")
    else:
        emit(workload, "lavaan", None, CPU, INPROC,
             note="skipped (--no-peers)" if "--no-lavaan" in argv
             else r_missing() if lav is None else "failed")
    print(f"goal: at most 3 s -> {'met' if ours <= 3 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
