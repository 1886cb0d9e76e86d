"""seminr (Python port, PyPI ``seminr`` 0.2.1) reference values for PLS multi-group analysis.

Writes ``pls/micom_data.csv`` (a seeded two-group data set: three composites X, M, Y with
three indicators each, paths X -> M, M -> Y, X -> Y; the X -> Y path is 0.5 in group 1
and 0.1 in group 2) and ``pls/micom_seminr.json``: seminr's per-group PLS estimates
(path coefficients, outer weights), the path coefficients of every bootstrap resample
of each group and ``estimate_pls_mga``'s Henseler p values, for bootstrap index
matrices drawn with ``numpy.random.default_rng(SEED_BOOT).integers(0, n_g, (B, n_g))``
(group 1 first, then group 2; the tests draw the same ones). seminr has no MICOM and no
permutation MGA; those are tested by recovery in tests/pls/.

Run: ``pip install seminr==0.2.1 && python tests/reference/micom_reference.py``.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from seminr import (
    bootstrap_model,
    composite,
    constructs,
    estimate_pls,
    multi_items,
    paths,
    relationships,
)
from seminr.mga import estimate_pls_mga

HERE = Path(__file__).parent / "pls"
SEED_DATA, SEED_BOOT, B = 20261207, 7, 300
N = (150, 120)
BETA = {"group1": {"XM": 0.5, "MY": 0.4, "XY": 0.5}, "group2": {"XM": 0.5, "MY": 0.4, "XY": 0.1}}


def simulate(rng: np.random.Generator, n: int, b: dict[str, float]) -> pd.DataFrame:
    x = rng.standard_normal(n)
    m = b["XM"] * x + rng.standard_normal(n) * np.sqrt(1 - b["XM"] ** 2)
    ey = 1 - (b["MY"] ** 2 + b["XY"] ** 2 + 2 * b["MY"] * b["XY"] * b["XM"])
    y = b["MY"] * m + b["XY"] * x + rng.standard_normal(n) * np.sqrt(ey)
    cols = {}
    for name, lat, lam in (("X", x, (0.8, 0.7, 0.6)), ("M", m, (0.75, 0.7, 0.8)),
                           ("Y", y, (0.8, 0.65, 0.7))):
        for k, l in enumerate(lam, 1):
            cols[f"{name}{k}"] = l * lat + rng.standard_normal(n) * np.sqrt(1 - l**2)
    return pd.DataFrame(cols)


def main() -> None:
    rng = np.random.default_rng(SEED_DATA)
    frames = [simulate(rng, n, BETA[g]).assign(group=i + 1)
              for i, (g, n) in enumerate(zip(BETA, N, strict=True))]
    data = pd.concat(frames, ignore_index=True)
    data.index = [f"r{i + 1}" for i in range(len(data))]
    data.round(10).to_csv(HERE / "micom_data.csv", index_label="id")
    data = pd.read_csv(HERE / "micom_data.csv", index_col="id")  # the values the tests read
    items = data.drop(columns="group")
    mm = constructs(*(composite(c, multi_items(c, [1, 2, 3])) for c in "XMY"))
    sm = relationships(paths(["X"], "M"), paths(["M"], "Y"), paths(["X"], "Y"))
    edges = [("X", "M"), ("M", "Y"), ("X", "Y")]
    brng = np.random.default_rng(SEED_BOOT)
    idx = [brng.integers(0, n, size=(B, n)) for n in N]
    out: dict = {"seminr": version("seminr"), "seed_data": SEED_DATA, "seed_boot": SEED_BOOT,
                 "bootstrap": B, "n": list(N), "edges": [list(e) for e in edges], "groups": {}}
    for g in (1, 2):
        sub = items[data["group"] == g]
        fit = estimate_pls(sub, mm, sm)
        boot = bootstrap_model(fit, B, indices=idx[g - 1])
        out["groups"][str(g)] = {
            "paths": [fit.path_coef.get(a, b) for a, b in edges],
            "weights": {c: [fit.outer_weights.get(f"{c}{k}", c) for k in (1, 2, 3)] for c in "XMY"},
            "boot_paths": [[rep.get(a, b) for a, b in edges] for rep in boot.boot_paths],
        }
    full = estimate_pls(items, mm, sm)
    mga = estimate_pls_mga(full, (data["group"] == 1).to_numpy(), nboot=B,
                           group1_indices=idx[0], group2_indices=idx[1])
    out["mga"] = [{"from": r.source, "to": r.target, "group1_beta": r.group1_beta,
                   "group2_beta": r.group2_beta, "diff": r.diff, "pls_mga_p": r.pls_mga_p}
                  for r in mga]
    (HERE / "micom_seminr.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
