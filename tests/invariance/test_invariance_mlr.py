"""Multi-group MLR against lavaan 0.6 (``estimator = "MLR"``) on HolzingerSwineford1939 by
school and psychTools::bfi by gender (complete cases): scaled chi-square and scaling factor, scaled and robust CFI/TLI/RMSEA, robust
(Huber-White) SEs, and ``lavTestLRT(method = "satorra.bentler.2001")`` between adjacent
levels. Tolerance 1e-4 relative; robust SEs on bfi 2e-4, because lavaan's optimizer stops
short of the bfi configural optimum (its chi2 is 1.4e-6 above ours, its loadings up to 4e-5
relative away: the SEs inherit that; HS within 1e-5). Reference:
tests/reference/invariance_reference.R.
"""

from __future__ import annotations

import numpy as np
import pytest

from cemsurvey.psychometrics.invariance import LEVELS
from cemsurvey.psychometrics.sem.multigroup_fit import fit_multigroup, group_moments

from ._helpers import assert_lrt_matches, close, load_case, merged_estimates

ROBUST = ["chisq", "chisq.scaled", "chisq.scaling.factor", "pvalue.scaled", "cfi.scaled",
          "tli.scaled", "rmsea.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
          "baseline.chisq.scaled"]


@pytest.fixture(scope="module", params=["hs_school", "bfi_gender"])
def mlr(request):
    ref, groups, st = load_case(f"{request.param}_mlr", request.param, group_moments)
    return ref, {lv: fit_multigroup(groups, st, equal=eq, estimator="MLR") for lv, eq in LEVELS}


@pytest.mark.parametrize("level", [lv for lv, _ in LEVELS])
def test_scaled_and_robust_indices(mlr, level):
    ref, fits = mlr
    ours = fits[level].fit
    want = ref["levels"][level]["fit"]
    bad = {k: (ours[k.replace(".", "_")], want[k]) for k in ROBUST
           if not close(ours[k.replace(".", "_")], want[k], 1e-4, 1e-8)}
    assert not bad


@pytest.mark.parametrize("level", [lv for lv, _ in LEVELS])
def test_robust_standard_errors(mlr, level):
    ref, fits = mlr
    est = fits[level].estimates
    m = merged_estimates(fits[level], ref["levels"][level], how="inner")
    assert len(m) == len(est)
    se_r, se_c = m["se_r"].fillna(0.0).to_numpy(), np.nan_to_num(m["se_c"].to_numpy())
    rel = 2e-4 if ref["group"] == "gender" else 1e-4
    assert all(close(a, b, rel, 1e-6) for a, b in zip(se_c, se_r))
    assert fits[level].fit["chisq"] <= ref["levels"][level]["fit"]["chisq"] + 1e-6


@pytest.mark.parametrize("level", ["metric", "scalar", "strict"])
def test_satorra_bentler_2001_differences(mlr, level):
    ref, fits = mlr
    delta = assert_lrt_matches(ref, fits, level)
    names = [lv for lv, _ in LEVELS]
    # MLR deltas use the robust indices
    lower = fits[names[names.index(level) - 1]].fit
    assert delta["cfi"] == pytest.approx(fits[level].fit["cfi_robust"] - lower["cfi_robust"])
