"""cemsurvey.stats.distributions equals scipy.stats to the bit (same scipy.special calls).

Tolerance: exact equality (numpy.testing.assert_array_equal, NaN == NaN) on grids that include
0, negative, infinite and NaN arguments, probabilities outside [0, 1], and non-positive or
infinite degrees of freedom; scalars stay scalars (same type as scipy.stats returns).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from scipy import stats

from cemsurvey.stats import distributions as d

X = np.array([-np.inf, -50.0, -3.0, -1.0, -1e-300, 0.0, 1e-300, 1e-8, 0.1, 0.5, 1.0, 1.96,
              2.5, 3.841458820694124, 7.0, 15.3, 40.0, 120.0, 800.0, 5000.0, np.inf, np.nan])
Q = np.array([-0.1, 0.0, 1e-300, 1e-12, 1e-5, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9,
              0.95, 0.975, 0.999, 1 - 1e-12, 1.0, 1.1, np.nan])
DF = np.array([-1.0, 0.0, 0.3, 1.0, 2.0, 3.0, 5.5, 10.0, 27.0, 100.0, 350.0, 1e4, np.inf])
NC = np.array([-1.0, 0.0, 1e-9, 0.5, 3.0, 24.0, 301.0, 3000.0, np.inf, np.nan])

CASES = [
    (d.chi2_sf, stats.chi2.sf, X, (DF,)),
    (d.chi2_cdf, stats.chi2.cdf, X, (DF,)),
    (d.chi2_ppf, stats.chi2.ppf, Q, (DF,)),
    (d.t_sf, stats.t.sf, X, (DF,)),
    (d.t_cdf, stats.t.cdf, X, (DF,)),
    (d.t_ppf, stats.t.ppf, Q, (DF,)),
    (d.norm_sf, stats.norm.sf, X, ()),
    (d.norm_cdf, stats.norm.cdf, X, ()),
    (d.norm_ppf, stats.norm.ppf, Q, ()),
    (d.f_ppf, stats.f.ppf, Q, (DF, DF)),
    (d.ncx2_cdf, stats.ncx2.cdf, X, (DF, NC)),
    (d.ncx2_sf, stats.ncx2.sf, X, (DF, NC)),
]


@pytest.mark.parametrize(("ours", "theirs", "grid", "dfs"), CASES,
                         ids=[c[0].__name__ for c in CASES])
def test_equals_scipy_stats_bit_for_bit(ours, theirs, grid, dfs):
    # full grid by broadcasting: points x df (x dfd)
    shape = [grid.size] + [1] * len(dfs)
    args = [grid.reshape(shape)]
    for k, df in enumerate(dfs):
        s = [1] * (len(dfs) + 1)
        s[k + 1] = df.size
        args.append(df.reshape(s))
    with np.errstate(all="ignore"):
        try:
            want = theirs(*args)
        except OverflowError:  # scipy's ncx2.sf raises for a few extreme points: so must we
            with pytest.raises(OverflowError):
                ours(*args)
        else:
            assert_array_equal(ours(*args), want)
        # scalars one at a time, including type (numpy float64 scalar)
        for idx in np.ndindex(np.broadcast(*args).shape):
            scal = [float(a[tuple(i if a.shape[j] > 1 else 0 for j, i in enumerate(idx))])
                    for a in args]
            try:
                want = theirs(*scal)
            except OverflowError:
                with pytest.raises(OverflowError):
                    ours(*scal)
                continue
            got = ours(*scal)
            assert type(got) is type(want), (scal, type(got), type(want))
            assert_array_equal(got, want, err_msg=str(scal))


def test_python_ints_and_lists():
    assert_array_equal(d.chi2_sf(5, 3), stats.chi2.sf(5, 3))
    assert_array_equal(d.norm_sf([0, 1, 2]), stats.norm.sf([0, 1, 2]))
    assert_array_equal(d.t_sf([0.5, 2.0], 7), stats.t.sf([0.5, 2.0], 7))
    assert_array_equal(d.f_ppf(0.975, 4, [10, 20]), stats.f.ppf(0.975, 4, [10, 20]))
