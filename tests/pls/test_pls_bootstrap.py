"""Bootstrap of fit_pls: every resample equals the textbook PLS of the resampled rows.

fit_pls draws resamples as ``rng.integers(0, n, size=(block, n))`` from
``numpy.random.default_rng(seed)``; the test redraws them, fits each resampled data set
with the slow textbook implementation (tests/pls/pls_textbook.py), aligns signs against
the full-sample weights (construct-level reflection) and recomputes SE, t, p (Student t,
n - 1 df) and the percentile interval, compared at 1e-8.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.pls.engine import Fit, reflect

_spec = importlib.util.spec_from_file_location("pls_conftest_helpers_b",
                                               Path(__file__).with_name("conftest.py"))
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)

B = 40
SEED = 7


@pytest.fixture(scope="module")
def boot(mobi, mobi_instrument):
    ticks: list[int] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, mobi_instrument, bootstrap=B, seed=SEED, tol=1e-12, max_iter=1000,
                      block_size=64, progress=ticks.append)
    return res, ticks


def test_resamples_match_textbook(mobi, seminr, textbook, boot):
    res, ticks = boot
    assert sum(ticks) == B and res.bootstrap_used == B
    blocks = seminr["model"]["blocks"]
    edges = [tuple(e) for e in seminr["model"]["paths"]]
    n = len(mobi)
    full = textbook.slow_pls(mobi, blocks, edges)
    idx = np.random.default_rng(SEED).integers(0, n, size=(B, n))
    est = {e: [] for e in edges}
    load = []
    for r in range(B):
        fb = textbook.slow_pls(mobi.iloc[idx[r]].reset_index(drop=True), blocks, edges)
        sign = {k: np.sign(sum(fb["weights"][k][i] * full["weights"][k][i] for i in blocks[k]))
                for k in blocks}
        for a, b in edges:
            est[(a, b)].append(fb["paths"][(a, b)] * sign[a] * sign[b])
        load.append(fb["loadings"]["Image"]["IMAG1"] * sign["Image"])
    level = 0.95
    for e in edges:
        v = np.array(est[e])
        se = v.std(ddof=1)
        row = res.paths.loc[e]
        assert row["se"] == pytest.approx(se, abs=1e-8)
        t = full["paths"][e] / se
        assert row["t"] == pytest.approx(t, rel=1e-7)
        assert row["p"] == pytest.approx(2 * stats.t.sf(abs(t), n - 1), rel=1e-6, abs=1e-300)
        lo, hi = np.quantile(v, [(1 - level) / 2, (1 + level) / 2])
        assert row["pct_lower"] == pytest.approx(lo, abs=1e-8)
        assert row["pct_upper"] == pytest.approx(hi, abs=1e-8)
        assert row["ci_lower"] == row["pct_lower"]  # default ci="percentile"
    assert res.outer.loc[("Image", "IMAG1"), "loading_se"] == pytest.approx(
        np.std(load, ddof=1), abs=1e-8)


def test_hypothesis_table_uses_bootstrap(boot):
    res, _ = boot
    st = res.structural
    assert st.method == "pls" and st.bootstrap == B and st.ci_method == "percentile"
    for h in st.paths:
        row = res.paths.loc[(h.from_, h.to)]
        assert (h.est, h.se, h.t, h.p, h.ci_lower, h.ci_upper) == tuple(
            row[["est", "se", "t", "p", "ci_lower", "ci_upper"]])
        assert h.supported == (h.p < 0.05)
    assert [h.hypothesis for h in st.paths] == ["H1", "H2", "H3"]


def test_seeded_and_reproducible(mobi, mobi_instrument):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = fit_pls(mobi, mobi_instrument, bootstrap=30, seed=3)
        b = fit_pls(mobi, mobi_instrument, bootstrap=30, seed=3)
        c = fit_pls(mobi, mobi_instrument, bootstrap=30, seed=4)
    assert a.paths["se"].equals(b.paths["se"])
    assert not np.allclose(a.paths["se"], c.paths["se"])


def test_bca_and_one_tailed(mobi, mobi_instrument):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r2 = fit_pls(mobi, mobi_instrument, bootstrap=200, seed=1, ci="bca")
        r1 = fit_pls(mobi, mobi_instrument, bootstrap=200, seed=1, tails=1)
    p = r2.paths
    assert np.all(p["ci_lower"] == p["bca_lower"]) and r2.structural.ci_method == "bca"
    assert np.all((p["bca_lower"] < p["est"]) & (p["est"] < p["bca_upper"]))
    # BCa shifts the percentile bounds only a little for these near-symmetric estimates
    np.testing.assert_allclose(p["bca_lower"], p["pct_lower"], atol=0.03)
    # one-tailed p is half the two-tailed p for positive estimates (same resamples)
    np.testing.assert_allclose(r1.paths["p"], r2.paths["p"] / 2, rtol=1e-10)
    # one-tailed interval is the 90% interval: narrower
    assert np.all(r1.paths["pct_upper"] - r1.paths["pct_lower"] < p["pct_upper"] - p["pct_lower"])


def test_indirect_effects_and_htmt_ci(mobi):
    blocks = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
              "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"], "Loyalty": ["CUSL1", "CUSL2", "CUSL3"]}
    ins = _helpers.make_instrument(blocks, ["Expectation ~ Image", "Satisfaction ~ Expectation + Image",
                                            "Loyalty ~ Satisfaction"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, ins, bootstrap=100, seed=2)
    chains = {ie.path: ie for ie in res.structural.indirect}
    assert set(chains) == {("Image", "Expectation", "Satisfaction"),
                           ("Expectation", "Satisfaction", "Loyalty"),
                           ("Image", "Satisfaction", "Loyalty"),
                           ("Image", "Expectation", "Satisfaction", "Loyalty")}
    b = res.paths["est"]
    ie = chains[("Image", "Expectation", "Satisfaction", "Loyalty")]
    assert ie.est == pytest.approx(b[("Image", "Expectation")] * b[("Expectation", "Satisfaction")]
                                   * b[("Satisfaction", "Loyalty")], abs=1e-14)
    assert ie.se > 0 and ie.ci_lower < ie.est < ie.ci_upper
    hc = res.htmt_ci
    for (a, c), row in hc.iterrows():
        assert row["est"] == pytest.approx(res.htmt.loc[a, c], abs=1e-14)
        assert row["se"] > 0 and row["ci_lower"] < row["est"] < row["ci_upper"]


def test_reflect_restores_flipped_signs():
    rng = np.random.default_rng(0)
    W = np.abs(rng.standard_normal((1, 4, 2))) * np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
    SW = W * 2.0
    R = np.array([[[1.0, 0.4], [0.4, 1.0]]])
    flipped = Fit(W=W * [1, -1], SW=SW * [1, -1], R=R * np.array([[1, -1], [-1, 1]]),
                  converged=np.array([True]), iterations=np.array([3]), delta=np.array([0.0]))
    sign = reflect(flipped, W[0])
    np.testing.assert_array_equal(sign, [[1.0, -1.0]])
    np.testing.assert_allclose(flipped.W, W)
    np.testing.assert_allclose(flipped.R, R)
