"""FIML (ML) under missing answers vs lavaan 0.6.14 ``missing = "fiml"``:
tests/reference/estimators/{hs_fiml_ml,bfi_fiml_ml}.json (estimates, observed-information SEs,
means, chi2 from the EM H1 model, baseline, CFI/TLI/RMSEA/SRMR, loglik, AIC, BIC)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import BFI, HS, REF, bfi, ref, ref_table

from cemsurvey.errors import DataError, DataWarning, EstimationError
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.fiml_fit import fit_fiml
from cemsurvey.stats.em import em_saturated, loglik, patterns

FIT = {"chi2": "chisq", "df": "df", "npar": "npar", "loglik": "logl",
       "loglik_h1": "unrestricted.logl", "baseline_chi2": "baseline.chisq", "cfi": "cfi",
       "tli": "tli", "rmsea": "rmsea", "rmsea_ci_lower": "rmsea.ci.lower",
       "rmsea_ci_upper": "rmsea.ci.upper", "srmr": "srmr", "aic": "aic", "bic": "bic"}


@pytest.fixture(scope="module")
def fits():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"hs_fiml_ml": fit_fiml(pd.read_csv(REF / "hs_incomplete.csv"), HS),
                # one bfi fit serves both references: FIML-MLR has FIML-ML's estimates and fit
                "bfi_fiml_ml": fit_fiml(bfi(complete=False), BFI, estimator="mlr")}


@pytest.mark.parametrize("name", ["hs_fiml_ml", "bfi_fiml_ml"])
def test_fiml_fit_matches_lavaan(fits, name):
    r, f = fits[name], ref(name)["fit"]
    assert r.converged and r.missing == "fiml" and r.n == ref(name)["n"]
    for ours, theirs in FIT.items():
        assert getattr(r.fit, ours) == pytest.approx(f[theirs], rel=1e-6), ours


@pytest.mark.parametrize("name", ["hs_fiml_ml", "bfi_fiml_ml"])
def test_fiml_estimates_and_se_match_lavaan(fits, name):
    # bfi was fitted with estimator="mlr": its SEs are the sandwich ones (bfi_fiml_mlr.json)
    r = fits[name]
    rt = ref_table(ref(name if name == "hs_fiml_ml" else "bfi_fiml_mlr"))
    est = ref_table(ref(name))
    ops = set()
    for _, row in r.parameters.iterrows():
        key = (row["lhs"], row["op"], row["rhs"])
        assert row["est"] == pytest.approx(est[key]["est"], rel=1e-4, abs=1e-6)
        if row["free"]:
            assert row["se"] == pytest.approx(rt[key]["se"], rel=1e-4), key
        ops.add(row["op"])
    assert ops == {"=~", "~~", "~1"}


def test_em_on_complete_data_is_the_sample_moments():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(200, 4)) @ rng.normal(size=(4, 4))
    mu, sig, ll, _ = em_saturated(patterns(x))
    np.testing.assert_allclose(mu, x.mean(0), atol=1e-10)
    np.testing.assert_allclose(sig, np.cov(x.T, bias=True), atol=1e-10)
    assert ll == pytest.approx(loglik(patterns(x), x.mean(0), np.cov(x.T, bias=True)))


def test_fiml_on_complete_data_equals_ml():
    hs = pd.read_csv(REF.parent / "data" / "holzinger_swineford.csv")
    a, b = fit_fiml(hs, HS), fit_cfa(hs, HS)
    assert a.fit.chi2 == pytest.approx(b.fit.chi2, rel=1e-6)
    np.testing.assert_allclose(a.loadings["est"], b.loadings["est"], rtol=1e-5)


def test_fiml_bad_input():
    d = pd.read_csv(REF / "hs_incomplete.csv")
    d.loc[3, :] = np.nan
    with pytest.warns(DataWarning, match="every answer missing"):
        r = fit_fiml(d, HS)
    assert r.n == len(d) - 1
    with pytest.raises(DataError, match="every answer missing"):
        patterns(np.array([[1.0, np.nan], [np.nan, np.nan]]))
    with pytest.raises(DataError, match="x2 have fewer than two answers"):
        fit_fiml(d.assign(x2=np.nan), HS)
    with pytest.raises(EstimationError, match="estimator='ml' or 'mlr'"):
        fit_cfa(d, HS, missing="fiml", estimator="wlsmv")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="raw item codes"):
        fit_cfa(d.cov(), HS, missing="fiml")  # type: ignore[arg-type]


def test_fiml_mlr_scaled_fit_matches_lavaan(fits):
    r, f = fits["bfi_fiml_ml"], ref("bfi_fiml_mlr")["fit"]
    assert r.estimator == "MLR" and r.missing == "fiml"
    for k in ["chisq.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
              "baseline.chisq.scaling.factor", "cfi.scaled", "tli.scaled", "rmsea.scaled",
              "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled"]:
        assert r.scaled_fit[k] == pytest.approx(f[k], rel=1e-5), k
    assert not any(k.endswith(".robust") for k in r.scaled_fit)
    with pytest.raises(EstimationError, match="estimator 'ml' or 'mlr'"):
        fit_fiml(pd.read_csv(REF / "hs_incomplete.csv"), HS, estimator="wlsmv")


def test_stacked_pattern_sums_equal_the_pattern_loop():
    # identity: the all-patterns-at-once evaluation (partitioned inverse of Sigma) gives the
    # pattern-by-pattern objective, gradient and observed-information blocks
    from cemsurvey.psychometrics.sem.fiml import FIMLProblem, _pattern_loop, pattern_hessian
    from cemsurvey.psychometrics.sem.model import SEMModel
    from cemsurvey.psychometrics.sem.specification import structure_of
    from cemsurvey.psychometrics.sem.start import start_values

    d = pd.read_csv(REF / "hs_incomplete.csv")
    st = structure_of(HS, "first")
    x = d[list(st.observed)].to_numpy(float)
    x[0, :4] = np.nan                                       # a pattern with four gaps
    pat = patterns(x)
    sem = SEMModel(st, "marker")
    prob = FIMLProblem(sem, pat)
    filled = np.where(np.isnan(x), np.nanmean(x, 0), x)
    imp = sem.implied(start_values(sem, np.cov(filled.T)))
    mu = np.nanmean(x, 0) + 0.1
    fast = prob._stacked.moments_grad(mu, imp.sigma)
    slow = _pattern_loop(pat, mu, imp.sigma)
    assert fast[0] == pytest.approx(slow[0], rel=1e-12)
    np.testing.assert_allclose(fast[1], slow[1], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(fast[2], slow[2], rtol=1e-10, atol=1e-10)
    u = sem.u_matrix(imp)
    args = (mu, imp.sigma, u, prob._a, prob._b, prob._s)
    for a, b in zip(prob._stacked.hessian_blocks(*args), pattern_hessian(pat, *args)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-9 * np.max(np.abs(b)))
