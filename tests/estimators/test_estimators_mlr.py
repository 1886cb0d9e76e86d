"""MLR (Huber-White SEs, Yuan-Bentler scaled chi2, scaled/robust indices) vs lavaan 0.6.14.

Reference: tests/reference/estimators_reference.R -> hs_mlr.json, bfi_mlr.json.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import BFI, HS, bfi, hs, ref, ref_table

from cemsurvey.errors import DataError, EstimationError
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.robust import casewise_scores, mlr, observed_information

SCALED = ["chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
          "baseline.chisq.scaling.factor", "cfi.scaled", "tli.scaled", "cfi.robust", "tli.robust",
          "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled",
          "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust"]


@pytest.fixture(scope="module")
def fits():
    return {"hs_mlr": fit_cfa(hs(), HS, estimator="mlr"),
            "bfi_mlr": fit_cfa(bfi(), BFI, estimator="MLR")}


@pytest.mark.parametrize("name", ["hs_mlr", "bfi_mlr"])
def test_mlr_fit_indices_match_lavaan(fits, name):
    r, f = fits[name], ref(name)["fit"]
    assert r.estimator == "MLR"
    for k in SCALED:
        tol = 1e-4 if f[k] > 1e-3 else 1e-3   # tiny p-values: 1e-3 relative
        assert r.scaled_fit[k] == pytest.approx(f[k], rel=tol, abs=1e-12), k
    # the ML statistic itself is unchanged
    assert r.fit.chi2 == pytest.approx(f["chisq"], rel=1e-6)


@pytest.mark.parametrize("name", ["hs_mlr", "bfi_mlr"])
def test_mlr_estimates_and_robust_se_match_lavaan(fits, name):
    r, rt = fits[name], ref_table(ref(name))
    n = 0
    for _, row in r.parameters.iterrows():
        e = rt[(row["lhs"], row["op"], row["rhs"])]
        assert row["est"] == pytest.approx(e["est"], rel=1e-4, abs=1e-6)
        if row["free"]:
            assert row["se"] == pytest.approx(e["se"], rel=1e-4), (row["lhs"], row["rhs"])
            n += 1
    assert n == r.problem.model.q


@pytest.mark.parametrize("name", ["hs_mlr", "bfi_mlr"])
def test_mlr_standardized_se_match_lavaan(fits, name):
    r, st = fits[name], ref_table(ref(name), "std")
    for _, row in r.loadings.iterrows():
        e = st[(row["construct"], "=~", row["item"])]
        assert row["std"] == pytest.approx(e["est.std"], rel=1e-4)
        assert row["std_se"] == pytest.approx(e["se"], rel=1e-4)
    pe = ref_table(ref(name))
    for item, row in r.residual_variances.iterrows():
        assert row["se"] == pytest.approx(pe[(item, "~~", item)]["se"], rel=1e-4)
        assert row["std_se"] == pytest.approx(st[(item, "~~", item)]["se"], rel=1e-4)


def test_mlr_scaling_traces_match_lavaan(fits):
    r = fits["hs_mlr"]
    f = ref("hs_mlr")["fit"]
    x = hs()[list(HS.observed)].to_numpy(float)
    rob = mlr(r.problem, r.theta, x)
    assert rob.trace_h1 / 45 == pytest.approx(f["scaling.factor.h1"], rel=1e-6)
    assert rob.trace_h0 / 21 == pytest.approx(f["scaling.factor.h0"], rel=1e-5)


def test_scores_sum_to_the_gradient_and_normal_data_give_c_near_one():
    rng = np.random.default_rng(7)
    lam = np.array([[1, .8, .7, 0, 0, 0], [0, 0, 0, 1, .9, .6]]).T
    f = rng.multivariate_normal([0, 0], [[1, .4], [.4, 1]], size=4000)
    import pandas as pd
    x = pd.DataFrame(f @ lam.T + rng.normal(scale=.6, size=(4000, 6)), columns=list("abcdef"))
    from _est_helpers import structure
    st = structure({"F": ["a", "b", "c"], "G": ["d", "e", "f"]})
    r = fit_cfa(x, st, estimator="mlr")
    arr = x.to_numpy()
    sc = casewise_scores(r.problem, r.theta, arr - arr.mean(0))
    # mean score = -1/2 gradient of F_ML = 0 at the ML estimate
    assert np.abs(sc.mean(0)).max() < 1e-6
    # normal data: the robust and ML SEs agree and c ~ 1 (no excess kurtosis)
    ml = fit_cfa(x, st)
    assert np.allclose(r.loadings["se"].dropna(), ml.loadings["se"].dropna(), rtol=0.08)
    assert r.scaled_fit["chisq.scaling.factor"] == pytest.approx(1.0, abs=0.15)
    # observed information at the optimum ~ expected information for a well-fitting model
    a = observed_information(r.problem, r.theta)
    ev = r.problem.evaluate(r.theta)
    assert ev is not None
    e = r.problem.information(ev[1], ev[2])
    assert np.allclose(a, e, rtol=0.1, atol=0.02)


def test_mlr_needs_raw_data():
    cov = hs()[list(HS.observed)].cov()
    with pytest.raises(DataError, match="raw item codes"):
        fit_cfa(cov, HS, n=301, estimator="mlr")


def test_bad_estimator_and_policy_are_one_line_errors():
    with pytest.raises(EstimationError, match="estimator must be one of ml, mlr, wlsmv"):
        fit_cfa(hs(), HS, estimator="gls")
    with pytest.raises(EstimationError, match="missing='pairwise' is meant for estimator='wlsmv'"):
        fit_cfa(hs(), HS, estimator="mlr", missing="pairwise")  # type: ignore[arg-type]


def test_mlr_to_dict_has_scaled_fit(fits):
    d = fits["hs_mlr"].to_dict()
    assert d["estimator"] == "MLR" and d["missing"] == "listwise"
    assert math.isclose(d["scaled_fit"]["cfi.robust"], ref("hs_mlr")["fit"]["cfi.robust"], rel_tol=1e-4)


# An improper ML point built directly (no optimizer involved): the full-data HS estimates
# rounded to 2 decimals, with the residual variance of x3 set to -0.03 (a Heywood case),
# on the first 12 respondents. Its Yuan-Bentler scaling factor is about -7.1 (t0 > t1).
IMPROPER_THETA = np.array([0.55, 0.73, 1.11, 0.93, 1.18, 1.08,          # loadings x2 x3 x5 x6 x8 x9
                           0.55, 1.13, -0.03, 0.37, 0.45, 0.36, 0.80, 0.49, 0.57,  # x1..x9 ~~
                           0.81, 0.98, 0.38, 0.41, 0.26, 0.17])         # factor (co)variances


def test_improper_solution_gives_no_scaled_fit_but_a_warning():
    # the guard in fit_mlr: a non-positive scaling factor gives no scaled fit and a warning
    # instead of a failure. The improper point is constructed, not left to where a
    # non-converged optimizer happens to stop (that depends on the numpy/scipy build).
    import dataclasses
    import warnings

    from cemsurvey.errors import SingularMatrixWarning
    from cemsurvey.psychometrics.sem.estimation import fit_mlr

    data = hs()[list(HS.observed)].iloc[:12]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ml = fit_cfa(data, HS)                      # only its 12-respondent ML problem is used
    improper = dataclasses.replace(ml, theta=IMPROPER_THETA.copy())
    rob = mlr(improper.problem, improper.theta, data.to_numpy(float))
    assert rob.scaling_factor < -1.0                # far from zero: the sign is not fragile
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("always", SingularMatrixWarning)
        with pytest.warns(SingularMatrixWarning, match="scaling factor .* not positive"):
            r = fit_mlr(improper, data, HS)
    assert r.estimator == "MLR" and r.scaled_fit == {}
    assert any("scaled and robust fit indices are not available" in w for w in r.warnings)
