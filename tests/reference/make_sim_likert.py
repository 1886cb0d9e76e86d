"""Generate the simulated 28-construct, 112-item Likert data set used by reference tests.

Shape of Model A (shared/paradigm-models.md): 28 constructs in six paradigm dimensions
(7, 4, 4, 3, 4, 6 constructs), 4 items each, N = 385, five-point answers. Written once
with a fixed seed and committed (``data/sim28.csv`` and its instrument ``data/sim28.yaml``);
the R reference scripts read the same CSV.

Run from the repository root:  python tests/reference/make_sim_likert.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).parent / "data"
DIMS = [("causal", 7), ("contextual", 4), ("intervening", 4), ("phenomenon", 3),
        ("strategies", 4), ("consequences", 6)]
N, ITEMS, SEED = 385, 4, 20261122


def main() -> None:
    rng = np.random.default_rng(SEED)
    # second-order structure: dimension factors with paradigm-like correlations
    dim_names = [d for d, _ in DIMS]
    phi = np.array([
        [1.0, 0.4, 0.3, 0.5, 0.4, 0.3],
        [0.4, 1.0, 0.3, 0.4, 0.5, 0.3],
        [0.3, 0.3, 1.0, 0.3, 0.4, 0.3],
        [0.5, 0.4, 0.3, 1.0, 0.5, 0.4],
        [0.4, 0.5, 0.4, 0.5, 1.0, 0.5],
        [0.3, 0.3, 0.3, 0.4, 0.5, 1.0],
    ])
    eta2 = rng.multivariate_normal(np.zeros(6), phi, size=N)
    constructs: list[tuple[str, str]] = []
    cols: list[np.ndarray] = []
    names: list[str] = []
    k = 0
    for d, (dim, m) in enumerate(DIMS):
        for _ in range(m):
            k += 1
            cid = f"F{k:02d}"
            constructs.append((cid, dim))
            gamma = rng.uniform(0.6, 0.85)
            eta = gamma * eta2[:, d] + np.sqrt(1 - gamma**2) * rng.standard_normal(N)
            for j in range(ITEMS):
                lam = rng.uniform(0.55, 0.85)
                y = lam * eta + np.sqrt(1 - lam**2) * rng.standard_normal(N)
                cuts = np.sort(rng.normal([-1.6, -0.7, 0.2, 1.1], 0.15))
                cols.append(1 + np.searchsorted(cuts, y))
                names.append(f"{cid}_{j + 1}")
    data = np.column_stack(cols)
    OUT.mkdir(parents=True, exist_ok=True)
    header = "respondent," + ",".join(names)
    rows = [f"r{i + 1}," + ",".join(map(str, r)) for i, r in enumerate(data)]
    (OUT / "sim28.csv").write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")

    y = ["# Instrument for the simulated 28-construct reference data (make_sim_likert.py).",
         "title: Simulated 28-construct Likert instrument",
         "scales:", "  agree5: {type: likert, points: 5}", "dimensions:"]
    y += [f"  {d}: {{label: {d}}}" for d in dim_names]
    y.append("constructs:")
    for cid, dim in constructs:
        y.append(f"  - id: {cid}\n    name: Construct {cid}\n    dimension: {dim}\n    items:")
        y += [f"      - {{id: {cid}_{j + 1}, text: Item {j + 1} of {cid}}}" for j in range(ITEMS)]
    (OUT / "sim28.yaml").write_text("\n".join(y) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
