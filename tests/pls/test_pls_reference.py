"""fit_pls on the mobi (ECSI) data against seminr's published estimates.

Covered: path coefficients (path and factorial schemes), outer weights, loadings and
cross-loadings, R^2 and adjusted R^2, alpha, rho_A, rho_C, AVE, HTMT, outer and inner VIF,
and seminr's (re-estimated) f^2. Reference: tests/reference/pls/seminr_mobi.json (values from seminr's own test fixtures,
see its "source"; tests/reference/pls_reference.R regenerates them with seminr).
Tolerance: 1e-7 absolute (seminr's stop criterion is 1e-7; both converge further here,
the observed differences are below 1e-9).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from cemsurvey.psychometrics.pls import fit_pls
from tests.pls.conftest import make_instrument

TOL = 1e-7


@pytest.fixture(scope="module")
def fits(mobi, mobi_instrument):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {s: fit_pls(mobi, mobi_instrument, scheme=s, bootstrap=0, tol=1e-10)
                for s in ("path", "factorial")}


@pytest.mark.parametrize("scheme", ["path", "factorial"])
def test_paths_match_seminr(fits, seminr, scheme):
    res = fits[scheme]
    for frm, est in seminr[scheme]["paths"].items():
        assert res.paths.loc[(frm, "Satisfaction"), "est"] == pytest.approx(est, abs=TOL)
        assert res.structural.path(frm, "Satisfaction").est == pytest.approx(est, abs=TOL)


def test_weights_match_seminr(fits, seminr):
    res = fits["path"]
    w = res.outer["weight"].droplevel("latent")
    for item, ref in seminr["path"]["weights"].items():
        assert w[item] == pytest.approx(ref, abs=TOL)


def test_r2_match_seminr(fits, seminr):
    res = fits["path"]
    assert res.r2["Satisfaction"] == pytest.approx(seminr["path"]["r2"]["Satisfaction"], abs=TOL)
    assert res.r2_adj["Satisfaction"] == pytest.approx(seminr["path"]["r2_adj"]["Satisfaction"],
                                                       abs=TOL)
    assert res.structural.r2["Satisfaction"] == res.r2["Satisfaction"]


def test_reliability_match_seminr(fits, seminr):
    q = fits["path"].quality
    for lat, ref in seminr["path"]["reliability"].items():
        for key in ("alpha", "rho_a", "rho_c", "ave"):
            assert q.loc[lat, key] == pytest.approx(ref[key], abs=TOL), (lat, key)


def test_htmt_match_seminr(fits, seminr):
    H = fits["path"].htmt
    for a, b, ref in seminr["path"]["htmt"]:
        assert H.loc[a, b] == pytest.approx(ref, abs=TOL)
        assert H.loc[b, a] == pytest.approx(ref, abs=TOL)
    assert np.all(np.isnan(np.diag(H.to_numpy())))


def test_convergence_reported(fits):
    res = fits["path"]
    assert res.converged and 1 <= res.iterations < res.max_iter
    assert res.tol == 1e-10


def test_loadings_and_cross_loadings_match_seminr(fits, seminr, mobi):
    """Outer loadings (the diagonal blocks of seminr's cross-loadings) and every
    cross-loading, the correlation of an item with each construct's PLS score."""
    res = fits["path"]
    lo = res.outer["loading"].droplevel("latent")
    blocks = seminr["model"]["blocks"]
    for item, row in seminr["path"]["cross_loadings"].items():
        own = next(c for c, its in blocks.items() if item in its)
        assert lo[item] == pytest.approx(row[own], abs=TOL), item
        for lat, ref in row.items():
            r = np.corrcoef(mobi[item].to_numpy(float), res.scores[lat].to_numpy())[0, 1]
            assert r == pytest.approx(ref, abs=TOL), (item, lat)


def test_outer_and_inner_vif_match_seminr(fits, seminr):
    res = fits["path"]
    ov = res.outer_vif.droplevel(0)
    for item, ref in seminr["path"]["outer_vif"].items():
        assert ov[item] == pytest.approx(ref, abs=TOL), item
    for frm, ref in seminr["path"]["inner_vif"].items():
        assert res.paths.loc[(frm, "Satisfaction"), "vif"] == pytest.approx(ref, abs=TOL), frm


def test_inner_vif_with_two_endogenous_constructs_matches_seminr(mobi, seminr):
    ref = seminr["path_value_model"]
    ins = make_instrument(seminr["model"]["blocks"], ["Satisfaction ~ Image + Expectation + Value",
                                                      "Value ~ Image + Expectation"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, ins, bootstrap=0, tol=1e-10)
    for edge, v in ref["inner_vif"].items():
        a, b = edge.split("->")
        assert res.paths.loc[(a, b), "vif"] == pytest.approx(v, abs=TOL), edge


def test_f2_on_scores_and_seminr_refit(fits, mobi, seminr):
    """``f2`` uses the latent scores of the full model (R^2 excluded: regression of the
    outcome's score on the other predictors' scores). seminr's ``fSquared`` re-estimates
    the model without the predictor; doing that here gives seminr's value."""
    res = fits["path"]
    blocks = seminr["model"]["blocks"]
    r2 = res.r2["Satisfaction"]
    s = res.scores
    X = np.column_stack([s["Expectation"], s["Value"], np.ones(len(s))])
    resid = s["Satisfaction"] - X @ np.linalg.lstsq(X, s["Satisfaction"], rcond=None)[0]
    r2_excl = 1 - resid.var() / s["Satisfaction"].var()
    assert res.paths.loc[("Image", "Satisfaction"), "f2"] == pytest.approx((r2 - r2_excl) / (1 - r2),
                                                                           abs=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Image is left out of the model
        refit = fit_pls(mobi, make_instrument(blocks, ["Satisfaction ~ Expectation + Value"]),
                        bootstrap=0, tol=1e-10)
    f2_refit = (r2 - refit.r2["Satisfaction"]) / (1 - r2)
    assert f2_refit == pytest.approx(seminr["path"]["f2_refit"]["Image"], abs=TOL)


def test_disjoint_two_stage_hoc_matches_seminr(mobi, seminr):
    """seminr's ``two_stage_HOC`` (disjoint two-stage): Satisfaction measured by the
    stage-1 scores of Image and Value; paths, stage-2 loadings and weights, and the stage-1
    weights of Image and Value."""
    ref = seminr["hoc_disjoint"]
    ins = make_instrument(ref["blocks"], ref["paths_syntax"], dimensions=ref["dimensions"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, ins, higher_order="disjoint", bootstrap=0, tol=1e-10)
    assert res.higher_order == "disjoint" and res.converged
    for a, b, est in ref["paths"]:
        assert res.paths.loc[(a, b), "est"] == pytest.approx(est, abs=TOL), (a, b)
        assert res.structural.path(a, b).est == res.paths.loc[(a, b), "est"]
    for lat, ind, v in ref["loadings"]:
        assert res.outer.loc[(lat, ind), "loading"] == pytest.approx(v, abs=TOL), (lat, ind)
    for lat, ind, v in ref["weights"]:
        assert res.outer.loc[(lat, ind), "weight"] == pytest.approx(v, abs=TOL), (lat, ind)
    assert len(res.outer) == len(ref["weights"])


def test_disjoint_two_stage_bootstrap_runs_on_stage_2(mobi, seminr):
    ref = seminr["hoc_disjoint"]
    ins = make_instrument(ref["blocks"], ref["paths_syntax"], dimensions=ref["dimensions"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, ins, higher_order="disjoint", bootstrap=50, seed=3)
    assert res.bootstrap_used == 50
    assert np.all(np.isfinite(res.paths["se"])) and np.all(res.paths["se"] > 0)
    stage2 = res.outer.loc["Satisfaction"]
    assert np.all(np.isfinite(stage2["loading_se"]))
    assert np.all(np.isnan(res.outer.loc["Image", "loading_se"]))  # stage 1: no bootstrap
    assert [h.hypothesis for h in res.structural.paths] == ["H1", "H2", "H3", "H4"]
