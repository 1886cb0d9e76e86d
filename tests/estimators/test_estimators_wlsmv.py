"""WLSMV (polychorics + DWLS, robust SEs, scaled-shifted chi2) and polychoric correlations
vs lavaan 0.6.14 / psych (tests/reference/estimators/{bfi_wlsmv,hs3_wlsmv,polychoric}.json)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import multivariate_normal

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import BFI, DATA, HS, assert_wlsmv_matches_lavaan, bfi, ref, ref_table

from cemsurvey.errors import DataError, DataWarning, EstimationError
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.polychoric import bvn_cdf, polychoric

SCALED = ["chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
          "cfi.scaled", "tli.scaled", "rmsea.scaled", "rmsea.ci.lower.scaled",
          "rmsea.ci.upper.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
          "rmsea.ci.lower.robust", "rmsea.ci.upper.robust"]
PLAIN = {"chi2": "chisq", "df": "df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
         "srmr": "srmr", "npar": "npar", "baseline_chi2": "baseline.chisq"}


def hs3() -> pd.DataFrame:
    hs = pd.read_csv(DATA / "holzinger_swineford.csv")
    out = {}
    for v in [f"x{i}" for i in range(1, 10)]:
        q = hs[v].quantile([0, .3, .7, 1]).to_numpy()   # R's quantile type 7 = numpy linear
        out[v] = np.clip(np.searchsorted(q, hs[v].to_numpy(), side="left"), 1, 3)
    return pd.DataFrame(out)


@pytest.fixture(scope="module")
def fits():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"bfi_wlsmv": fit_cfa(bfi(), BFI, estimator="wlsmv"),
                "hs3_wlsmv": fit_cfa(hs3(), HS, estimator="wlsmv")}


def test_hs3_recode_matches_r_cut():
    # R: cut(x, quantile(x, c(0, .3, .7, 1)), labels = FALSE, include.lowest = TRUE)
    d = hs3()
    assert set(np.unique(d.to_numpy())) == {1, 2, 3}


@pytest.mark.parametrize("name", ["bfi_wlsmv", "hs3_wlsmv"])
def test_wlsmv_fit_matches_lavaan(fits, name):
    r, f = fits[name], ref(name)["fit"]
    assert r.estimator == "WLSMV" and r.converged
    for ours, theirs in PLAIN.items():
        assert getattr(r.fit, ours) == pytest.approx(f[theirs], rel=1e-5), ours
    for k in SCALED:
        assert r.scaled_fit[k] == pytest.approx(f[k], rel=1e-5, abs=1e-12), k


@pytest.mark.parametrize("name", ["bfi_wlsmv", "hs3_wlsmv"])
def test_wlsmv_estimates_se_thresholds_match_lavaan(fits, name):
    r, rt = fits[name], ref_table(ref(name))
    assert_wlsmv_matches_lavaan(r, ref(name))
    # residual variances are derived (1 - R^2): lavaan's est, no SE
    for item, row in r.residual_variances.iterrows():
        assert row["est"] == pytest.approx(rt[(item, "~~", item)]["est"], rel=1e-4)
        assert np.isnan(row["se"])


def test_polychoric_matches_lavaan_and_psych():
    e = ref("polychoric")
    pc = polychoric(bfi()[e["items"]])
    assert pc.n == e["n"]
    np.testing.assert_allclose(pc.correlation.to_numpy(), np.array(e["lavaan_cor"]), atol=1e-6)
    th = np.concatenate([pc.thresholds[i] for i in e["items"]])
    lav = np.array([e["lavaan_thresholds"][k] for k in e["lavaan_th_names"]])
    np.testing.assert_allclose(th, lav, atol=1e-8)
    # psych::polychoric(correct = 0) maximises the same likelihood less tightly
    np.testing.assert_allclose(pc.correlation.to_numpy(), np.array(e["psych_rho"]), atol=1e-4)


def test_bvn_cdf_against_scipy():
    rng = np.random.default_rng(3)
    for _ in range(30):
        h, k = rng.normal(size=2) * 1.5
        r = rng.uniform(-0.98, 0.98)
        ref_v = multivariate_normal([0, 0], [[1, r], [r, 1]]).cdf([h, k])
        assert float(bvn_cdf(np.array(h), np.array(k), np.array(r))) == pytest.approx(ref_v, abs=1e-7)


def test_polychoric_recovers_latent_correlation():
    rng = np.random.default_rng(21)
    z = rng.multivariate_normal([0, 0, 0], [[1, .6, .3], [.6, 1, -.2], [.3, -.2, 1]], size=20000)
    d = pd.DataFrame(np.column_stack([np.digitize(z[:, 0], [-1, 0, 1]), np.digitize(z[:, 1], [0.5]),
                                      np.digitize(z[:, 2], [-1.5, -0.5, 0.3, 1.2])]) + 1,
                     columns=["a", "b", "c"])
    pc = polychoric(d, acov=True)
    np.testing.assert_allclose(pc.correlation.to_numpy()[[1, 2, 2], [0, 0, 1]], [.6, .3, -.2], atol=0.03)
    assert pc.gamma is not None and pc.gamma.shape[0] == 3 + 1 + 4 + 3


def test_polychoric_bad_input_warns_and_raises():
    rng = np.random.default_rng(1)
    d = pd.DataFrame({"a": rng.integers(1, 5, 200), "b": rng.integers(1, 5, 200)})
    d.loc[0, "a"] = 5          # category 5 chosen once
    d.loc[d["b"] == 3, "b"] = 2  # category 3 of b empty
    d.loc[1, :] = np.nan       # a row with every answer missing
    with pytest.warns(DataWarning) as rec:
        pc = polychoric(d)
    msgs = " | ".join(str(w.message) for w in rec)
    assert "category 5 chosen by one respondent" in msgs
    assert "category 3 never chosen" in msgs
    assert "every answer missing" in msgs
    assert pc.n == 199
    with pytest.raises(DataError, match="single observed category"):
        polychoric(pd.DataFrame({"a": [1, 1, 1], "b": [1, 2, 3]}))
    with pytest.raises(DataError, match="non-integer"):
        polychoric(pd.DataFrame({"a": [1.5, 2, 3], "b": [1, 2, 3]}))


def test_wlsmv_small_sample_warns_and_options():
    d = hs3().iloc[:40]
    with pytest.warns(Warning, match="WLSMV weight matrix"):
        fit_cfa(d, HS, estimator="wlsmv")
    with pytest.raises(EstimationError, match="full-information maximum likelihood"):
        fit_cfa(hs3(), HS, estimator="wlsmv", missing="fiml")
    with pytest.raises(DataError, match="raw item codes"):
        fit_cfa(hs3().cov(), HS, n=301, estimator="wlsmv")


def test_wlsmv_to_dict(fits):
    d = fits["bfi_wlsmv"].to_dict()
    assert d["estimator"] == "WLSMV"
    assert d["scaled_fit"]["chisq.scaled"] == pytest.approx(ref("bfi_wlsmv")["fit"]["chisq.scaled"], rel=1e-5)
