"""Write tests/reference/missing/likert_gaps.csv: all 385 respondents and 12 items
(F01-F03) of data/sim28.csv with 3% of the answers deleted completely at random (seed 15).
Run from the repository root: python tests/reference/missing/make_gaps.py"""

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
items = [f"F0{f}_{i}" for f in (1, 2, 3) for i in range(1, 5)]
x = pd.read_csv(ROOT / "data" / "sim28.csv").iloc[:400][["respondent", *items]]
rng = np.random.default_rng(15)
hole = rng.random((len(x), len(items))) < 0.03
x[items] = x[items].astype(float).mask(hole)
x.to_csv(ROOT / "missing" / "likert_gaps.csv", index=False, float_format="%.0f")
