"""The BCa interval used by fit_pls (structural_result.bca_ci) against scipy.stats.bootstrap.

scipy returns its bootstrap distribution, so both compute the interval from the same
resamples; the jackknife of the mean is computed here. Tolerance 1e-10.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from cemsurvey.psychometrics.sem.structural_result import bca_ci


@pytest.mark.parametrize("seed", [0, 1])
def test_bca_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    x = rng.gamma(2.0, size=60)  # skewed: acceleration and bias correction matter
    res = stats.bootstrap((x,), np.mean, method="BCa", n_resamples=4000, confidence_level=0.95,
                          rng=np.random.default_rng(seed + 10))
    boot = res.bootstrap_distribution[:, None]
    jack = np.array([np.delete(x, i).mean() for i in range(x.size)])[:, None]
    lo, hi = bca_ci(boot, np.array([x.mean()]), jack, 0.95)
    assert lo[0] == pytest.approx(res.confidence_interval.low, abs=1e-10)
    assert hi[0] == pytest.approx(res.confidence_interval.high, abs=1e-10)
