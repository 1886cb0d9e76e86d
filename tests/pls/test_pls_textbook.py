"""The batched engine against the textbook definition of PLS path modeling.

* an independent slow implementation on the data (tests/pls/pls_textbook.py, loops per
  latent, Lohmoeller 1989 / Tenenhaus et al. 2005), compared at 1e-8 for the full ECSI
  model on mobi (7 latents, 24 indicators) with all three schemes, and for a
  repeated-indicators higher-order model;
* the fixed point at convergence: the mode A weights reproduce themselves
  (``w_k ∝ cov(X_k, z_k)`` with the inner estimate ``z_k``);
* identities: paths = OLS on the standardized scores, R^2 = OLS R^2, loadings =
  correlations of indicators with scores, weights and loadings of a construct agree in
  sign, scores have unit variance, f^2 and inner VIF from their definitions.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.pls import fit_pls

_spec = importlib.util.spec_from_file_location("pls_conftest_helpers",
                                               Path(__file__).with_name("conftest.py"))
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)
make_instrument = _helpers.make_instrument
simulate_blocks = _helpers.simulate_blocks

TOL = 1e-8

ECSI_BLOCKS = {
    "Image": [f"IMAG{i}" for i in range(1, 6)],
    "Expectation": [f"CUEX{i}" for i in range(1, 4)],
    "Quality": [f"PERQ{i}" for i in range(1, 8)],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    "Complaints": ["CUSCO"],
    "Loyalty": [f"CUSL{i}" for i in range(1, 4)],
}
ECSI_PATHS = ["Expectation ~ Image", "Quality ~ Expectation", "Value ~ Expectation + Quality",
              "Satisfaction ~ Image + Expectation + Quality + Value",
              "Complaints ~ Satisfaction", "Loyalty ~ Image + Satisfaction + Complaints"]


def _edges(paths):
    out = []
    for p in paths:
        y, xs = p.split("~")
        out += [(x.strip(), y.strip()) for x in xs.split("+")]
    return out


def _fit(data, ins, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_pls(data, ins, bootstrap=0, tol=1e-12, max_iter=1000, **kw)


@pytest.fixture(scope="module")
def ecsi(mobi):
    ins = make_instrument(ECSI_BLOCKS, ECSI_PATHS)
    return ins, {s: _fit(mobi, ins, scheme=s) for s in ("path", "centroid", "factorial")}


@pytest.mark.parametrize("scheme", ["path", "centroid", "factorial"])
def test_ecsi_matches_textbook(mobi, ecsi, textbook, scheme):
    res = ecsi[1][scheme]
    ref = textbook.slow_pls(mobi, ECSI_BLOCKS, _edges(ECSI_PATHS), scheme=scheme)
    for (a, b), v in ref["paths"].items():
        assert res.paths.loc[(a, b), "est"] == pytest.approx(v, abs=TOL), (a, b)
    for lat, ws in ref["weights"].items():
        for item, w in ws.items():
            assert res.outer.loc[(lat, item), "weight"] == pytest.approx(w, abs=TOL)
            assert res.outer.loc[(lat, item), "loading"] == pytest.approx(
                ref["loadings"][lat][item], abs=TOL)
    for lat, r2 in ref["r2"].items():
        assert res.r2[lat] == pytest.approx(r2, abs=TOL)
    np.testing.assert_allclose(res.scores[list(ECSI_BLOCKS)].to_numpy(), ref["scores"], atol=1e-7)


def test_schemes_differ_slightly(ecsi):
    """Different schemes give different (but close) estimates: the option is honoured."""
    p = {s: r.paths["est"].to_numpy() for s, r in ecsi[1].items()}
    assert not np.allclose(p["path"], p["centroid"], atol=1e-6)
    assert np.allclose(p["path"], p["centroid"], atol=0.05)


def test_fixed_point(mobi, ecsi):
    """Stationarity: w_k = cov(X_k, z_k) / sd(X_k w) with z_k the path-scheme inner estimate."""
    res = ecsi[1]["path"]
    Y = res.scores
    edges = _edges(ECSI_PATHS)
    for lat, items in ECSI_BLOCKS.items():
        Xk = mobi[items].to_numpy(float)
        Xk = (Xk - Xk.mean(0)) / Xk.std(0, ddof=1)
        z = np.zeros(len(Y))
        preds = [a for a, b in edges if b == lat]
        if preds:
            beta = np.linalg.lstsq(Y[preds].to_numpy(), Y[lat].to_numpy(), rcond=None)[0]
            z += Y[preds].to_numpy() @ beta
        for s in [b for a, b in edges if a == lat]:
            z += np.corrcoef(Y[lat], Y[s])[0, 1] * Y[s].to_numpy()
        w = Xk.T @ z / (len(z) - 1)
        w = w / (Xk @ w).std(ddof=1)
        got = res.outer.loc[lat, "weight"][items].to_numpy()
        np.testing.assert_allclose(got, w, atol=1e-9)


def test_identities(mobi, ecsi):
    res = ecsi[1]["path"]
    Y = res.scores
    np.testing.assert_allclose(Y.std(ddof=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(Y.mean(), 0.0, atol=1e-12)
    edges = _edges(ECSI_PATHS)
    for lat in res.r2.index:
        preds = [a for a, b in edges if b == lat]
        P, y = Y[preds].to_numpy(), Y[lat].to_numpy()
        beta = np.linalg.lstsq(P, y, rcond=None)[0]
        for a, b in zip(preds, beta, strict=True):
            assert res.paths.loc[(a, lat), "est"] == pytest.approx(b, abs=1e-10)
        r2 = 1 - np.sum((y - P @ beta) ** 2) / np.sum(y**2)
        assert res.r2[lat] == pytest.approx(r2, abs=1e-10)
        # f^2 from the regression without the predictor; VIF from regressing predictors
        for a in preds:
            rest = [x for x in preds if x != a]
            r2x = 0.0
            if rest:
                Q = Y[rest].to_numpy()
                r2x = 1 - np.sum((y - Q @ np.linalg.lstsq(Q, y, rcond=None)[0]) ** 2) / np.sum(y**2)
                xa = Y[a].to_numpy()
                ra = 1 - np.sum((xa - Q @ np.linalg.lstsq(Q, xa, rcond=None)[0]) ** 2) / np.sum(xa**2)
                assert res.paths.loc[(a, lat), "vif"] == pytest.approx(1 / (1 - ra), abs=1e-9)
            else:
                assert res.paths.loc[(a, lat), "vif"] == 1.0
            assert res.paths.loc[(a, lat), "f2"] == pytest.approx((r2 - r2x) / (1 - r2), abs=1e-9)
    for (lat, item), row in res.outer.iterrows():
        x = mobi[item].to_numpy(float)
        assert row["loading"] == pytest.approx(np.corrcoef(x, Y[lat])[0, 1], abs=1e-10)
        assert np.sign(row["loading"]) == np.sign(row["weight"])
    # adjusted R^2
    n_pred = {lat: sum(1 for a, b in edges if b == lat) for lat in res.r2.index}
    for lat, r2 in res.r2.items():
        k = n_pred[lat]
        assert res.r2_adj[lat] == pytest.approx(1 - (1 - r2) * (250 - 1) / (250 - k - 1))


def test_outer_vif(mobi, ecsi):
    res = ecsi[1]["path"]
    items = ECSI_BLOCKS["Quality"]
    X = mobi[items].to_numpy(float)
    for j, item in enumerate(items):
        others = np.delete(X, j, axis=1)
        A = np.column_stack([np.ones(len(X)), others])
        resid = X[:, j] - A @ np.linalg.lstsq(A, X[:, j], rcond=None)[0]
        r2 = 1 - resid @ resid / np.sum((X[:, j] - X[:, j].mean()) ** 2)
        assert res.outer_vif[("Quality", item)] == pytest.approx(1 / (1 - r2), rel=1e-9)
    assert res.outer_vif[("Complaints", "CUSCO")] == 1.0


@pytest.fixture(scope="module")
def hoc_data():
    rng = np.random.default_rng(11)
    betas = {("A", "M"): 0.5, ("B", "M"): 0.3, ("M", "Y"): 0.6}
    return simulate_blocks(rng, 400, betas, ["A", "B"], ["A", "B", "M", "Y"], n_items=3)


def test_repeated_indicators_match_textbook(hoc_data, textbook):
    """Dimension H = {A, B} named in a path: H measured by all items of A and B,
    arrows H -> A, H -> B and H -> Y (Becker, Klein & Wetzels 2012)."""
    blocks = {c: [f"{c}{i}" for i in (1, 2, 3)] for c in ("A", "B", "M", "Y")}
    ins = make_instrument({c: blocks[c] for c in ("A", "B", "Y")}, ["Y ~ H"],
                          points=5, dimensions={"H": ["A", "B"]})
    res = _fit(hoc_data, ins)
    tb = {"A": blocks["A"], "B": blocks["B"], "Y": blocks["Y"], "H": blocks["A"] + blocks["B"]}
    ref = textbook.slow_pls(hoc_data, tb, [("H", "A"), ("H", "B"), ("H", "Y")])
    for (a, b), v in ref["paths"].items():
        assert res.paths.loc[(a, b), "est"] == pytest.approx(v, abs=TOL)
    for item, w in ref["weights"]["H"].items():
        assert res.outer.loc[("H", item), "weight"] == pytest.approx(w, abs=TOL)
    h = res.structural.paths
    assert [(p.hypothesis, p.from_, p.to) for p in h] == [("H1", "H", "Y")]
    assert set(res.r2.index) == {"A", "B", "Y"} and set(res.structural.r2) == {"Y"}


def test_two_stage_matches_textbook(hoc_data, textbook):
    """Two-stage: stage 1 repeated indicators; stage 2 measures H by the stage-1 scores
    of A and B (Sarstedt et al. 2019, embedded two-stage)."""
    blocks = {c: [f"{c}{i}" for i in (1, 2, 3)] for c in ("A", "B", "Y")}
    ins = make_instrument(blocks, ["Y ~ H"], points=5, dimensions={"H": ["A", "B"]})
    res = _fit(hoc_data, ins, higher_order="two-stage")
    tb1 = dict(blocks) | {"H": blocks["A"] + blocks["B"]}
    s1 = textbook.slow_pls(hoc_data, tb1, [("H", "A"), ("H", "B"), ("H", "Y")])
    lat1 = list(tb1)
    stage2 = hoc_data[blocks["Y"]].copy()
    stage2["A"] = s1["scores"][:, lat1.index("A")]
    stage2["B"] = s1["scores"][:, lat1.index("B")]
    s2 = textbook.slow_pls(stage2, {"Y": blocks["Y"], "H": ["A", "B"]}, [("H", "Y")])
    assert res.paths.loc[("H", "Y"), "est"] == pytest.approx(s2["paths"][("H", "Y")], abs=TOL)
    assert res.outer.loc[("H", "A"), "weight"] == pytest.approx(s2["weights"]["H"]["A"], abs=TOL)
    assert res.outer.loc[("A", "A1"), "loading"] == pytest.approx(s1["loadings"]["A"]["A1"], abs=TOL)
    assert list(res.paths.index) == [("H", "Y")]
    assert res.higher_order == "two-stage"


def test_reverse_keyed_items_are_recoded(mobi, seminr):
    """Reversing an item in the data and declaring it reverse-keyed changes nothing."""
    blocks = seminr["model"]["blocks"]
    paths = ["Satisfaction ~ Image + Expectation + Value"]
    ins = make_instrument(blocks, paths)
    ins_rev = make_instrument(blocks, paths, reverse=("IMAG2", "CUSA1"))
    d = mobi.copy()
    d["IMAG2"] = 11 - d["IMAG2"]
    d["CUSA1"] = 11 - d["CUSA1"]
    a, b = _fit(mobi, ins), _fit(d, ins_rev)
    np.testing.assert_allclose(a.paths["est"], b.paths["est"], atol=1e-12)
    np.testing.assert_allclose(a.outer["loading"], b.outer["loading"], atol=1e-12)


def test_listwise_deletion(mobi, mobi_instrument):
    d = mobi.copy().astype(float)
    d.loc[[3, 7], "IMAG1"] = np.nan
    with pytest.warns(Warning, match="2 respondent"):
        res = fit_pls(d, mobi_instrument, bootstrap=0)
    ref = _fit(mobi.drop(index=[3, 7]), mobi_instrument)
    assert res.n == 248 and res.missing == "listwise"
    np.testing.assert_allclose(res.paths["est"], ref.paths["est"], atol=1e-6)
    assert list(res.scores.index) == [i for i in d.index if i not in (3, 7)]
    assert isinstance(res.scores, pd.DataFrame)
