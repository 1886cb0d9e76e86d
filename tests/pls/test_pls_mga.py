"""PLS multi-group analysis: seminr's estimate_pls_mga (Python port 0.2.1) and recovery.

tests/reference/micom_reference.py wrote the data (two groups, X -> Y planted at 0.5 and
0.1) and seminr's per-group estimates, bootstrap path draws and Henseler p values for
bootstrap index matrices drawn from ``default_rng(seed_boot)``; the tests draw the same.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.pls.draws import bootstrap_paths
from cemsurvey.psychometrics.pls.groupwise import PairEngine, split_groups
from cemsurvey.psychometrics.pls.mga import henseler_p, pls_mga
from cemsurvey.psychometrics.pls.permutation import membership
from tests.pls.conftest import PLS_REF, make_instrument

TOL = 1e-6


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((PLS_REF / "micom_seminr.json").read_text())


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(PLS_REF / "micom_data.csv", index_col="id")


def xmy_instrument():
    return make_instrument({c: [f"{c}{k}" for k in (1, 2, 3)] for c in "XMY"},
                           ["M ~ X", "Y ~ M + X"])


def _edges(gi, ref):
    names = gi.spec.latents
    return [(names.index(a), names.index(b)) for a, b in ref["edges"]]


def test_group_estimates_match_seminr(ref, data):
    gi = split_groups(data.drop(columns="group"), xmy_instrument(), data["group"])
    engine = PairEngine(gi.X[np.concatenate([gi.rows(1), gi.rows(2)])], gi.spec, "path", 300, 1e-10)
    fit = engine.fit(membership(*ref["n"]))
    for g, beta, W in (("1", fit.beta_a[0], fit.Wa[0]), ("2", fit.beta_b[0], fit.Wb[0])):
        got = [beta[a, b] for a, b in _edges(gi, ref)]
        np.testing.assert_allclose(got, ref["groups"][g]["paths"], atol=TOL)
        for c, w in ref["groups"][g]["weights"].items():
            k = gi.spec.latents.index(c)
            rows = [gi.spec.manifest.index(f"{c}{i}") for i in (1, 2, 3)]
            np.testing.assert_allclose(W[rows, k], w, atol=TOL)


def test_bootstrap_draws_and_henseler_p_match_seminr(ref, data):
    gi = split_groups(data.drop(columns="group"), xmy_instrument(), data["group"])
    edges = _edges(gi, ref)
    rng = np.random.default_rng(ref["seed_boot"])
    idx = [rng.integers(0, n, size=(ref["bootstrap"], n)) for n in ref["n"]]
    draws = [bootstrap_paths(gi.X[gi.rows(g)], gi.spec, edges, idx[g - 1], tol=1e-10)
             for g in (1, 2)]
    for g in (1, 2):
        np.testing.assert_allclose(draws[g - 1], ref["groups"][str(g)]["boot_paths"], atol=TOL)
    p_ref = [r["pls_mga_p"] for r in ref["mga"]]
    seminr_draws = [np.array(ref["groups"][g]["boot_paths"]) for g in ("1", "2")]
    np.testing.assert_allclose(henseler_p(*seminr_draws), p_ref, atol=1e-12)
    np.testing.assert_allclose(henseler_p(*draws), p_ref, atol=1e-12)


def test_henseler_p_is_its_definition():
    """p = 1 - (1/J^2) sum_ij step(2 mean_a - a_i - 2 mean_b + b_j), written out."""
    rng = np.random.default_rng(3)
    a, b = rng.normal(0.3, 0.1, (60, 2)), rng.normal(0.2, 0.1, (60, 2))
    for e in range(2):
        ma, mb = a[:, e].mean(), b[:, e].mean()
        fav = sum(1 for i in range(60) for j in range(60) if 2 * ma - a[i, e] - 2 * mb + b[j, e] > 0)
        assert henseler_p(a, b)[e] == pytest.approx(1 - fav / 3600, abs=1e-15)
    # ties with the boundary do not count: identical constant draws give p = 1
    assert henseler_p(np.ones((5, 1)), np.ones((5, 1)))[0] == 1.0


def test_pls_mga_table(ref, data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = pls_mga(data.drop(columns="group"), xmy_instrument(), data["group"],
                      labels={1: "one", 2: "two"}, permutations=100, bootstrap=100, seed=5)
    t = res.paths.loc[("one", "two")]
    for r in ref["mga"]:
        row = t.loc[(r["from"], r["to"])]
        assert row.beta_a == pytest.approx(r["group1_beta"], abs=TOL)
        assert row.beta_b == pytest.approx(r["group2_beta"], abs=TOL)
        assert row.henseler_p == pytest.approx(2 * min(row.henseler_p_one_sided,
                                                       1 - row.henseler_p_one_sided))
    d = res.to_dict()
    assert d["groups"] == {"one": 150, "two": 120}
    assert {"groups", "from", "to", "beta_a", "beta_b", "diff", "permutation_p", "henseler_p",
            "different_permutation", "different_henseler"} <= set(d["paths"][0])
    assert all(isinstance(r["different_permutation"], bool) for r in d["paths"])
    assert all(isinstance(r["henseler_p"], float) for r in d["paths"])
    again = pls_mga(data.drop(columns="group"), xmy_instrument(), data["group"],
                    labels={1: "one", 2: "two"}, permutations=100, bootstrap=100, seed=5)
    pd.testing.assert_frame_equal(res.paths, again.paths)


def simulate_groups(rng, ns, betas, *, loadings=None):
    """Data of several groups of the X, M, Y model; ``betas`` per group ``(XM, MY, XY)``."""
    frames = []
    for g, (n, (bxm, bmy, bxy)) in enumerate(zip(ns, betas, strict=True)):
        x = rng.standard_normal(n)
        m = bxm * x + rng.standard_normal(n) * np.sqrt(1 - bxm**2)
        ey = 1 - (bmy**2 + bxy**2 + 2 * bmy * bxy * bxm)
        y = bmy * m + bxy * x + rng.standard_normal(n) * np.sqrt(ey)
        lam = (loadings or {}).get(g, {})
        cols = {}
        for c, lat in (("X", x), ("M", m), ("Y", y)):
            for k, l in enumerate(lam.get(c, (0.8, 0.7, 0.75)), 1):
                cols[f"{c}{k}"] = l * lat + rng.standard_normal(n) * np.sqrt(1 - l**2)
        frames.append(pd.DataFrame(cols).assign(group=g + 1))
    out = pd.concat(frames, ignore_index=True)
    out.index = [f"r{i}" for i in range(len(out))]
    return out


def test_permutation_mga_recovers_a_planted_difference():
    d = simulate_groups(np.random.default_rng(11), (300, 300), [(0.5, 0.4, 0.5), (0.5, 0.4, 0.05)])
    res = pls_mga(d.drop(columns="group"), xmy_instrument(), d["group"], permutations=300,
                  bootstrap=300, seed=1)
    t = res.paths.droplevel([0, 1])
    assert t.loc[("X", "Y"), "different_permutation"]
    assert t.loc[("X", "Y"), "different_henseler"]
    # composites attenuate the latent 0.45 (reliability about .8, correlated predictors)
    assert 0.1 < t.loc[("X", "Y"), "diff"] < 0.45
    assert not t.loc[("X", "M"), "different_permutation"]


def test_permutation_mga_rejection_rate_under_no_difference():
    """Equal populations: 60 data sets x 3 paths; the 5% test rejects near 5% of the time
    and its p values average near 1/2 (a broken test gives 0 or 1 everywhere). On 150 data
    sets x 3 paths with 200 permutations the rate was .060 (MICOM step 2: .040)."""
    rng = np.random.default_rng(2026)
    ps = []
    for _ in range(60):
        d = simulate_groups(rng, (120, 100), [(0.5, 0.4, 0.3)] * 2)
        res = pls_mga(d.drop(columns="group"), xmy_instrument(), d["group"], permutations=100,
                      bootstrap=20, seed=int(rng.integers(1 << 30)))
        ps += list(res.paths["permutation_p"])
    ps = np.array(ps)
    assert 0.0 < np.mean(ps < 0.05) <= 0.11
    assert 0.42 < ps.mean() < 0.58


def test_three_groups_are_compared_pairwise():
    d = simulate_groups(np.random.default_rng(4), (100, 90, 80), [(0.5, 0.4, 0.3)] * 3)
    res = pls_mga(d.drop(columns="group"), xmy_instrument(), d["group"],
                  labels={1: "a", 2: "b", 3: "c"}, permutations=50, bootstrap=50, seed=1)
    pairs = sorted({(a, b) for a, b, _, _ in res.paths.index})
    assert pairs == [("a", "b"), ("a", "c"), ("b", "c")]
    assert len(res.paths) == 9


def test_combined_run_equals_separate_runs():
    from cemsurvey.psychometrics.pls.micom import micom
    from cemsurvey.psychometrics.pls.multigroup import compare_pls_groups

    d = simulate_groups(np.random.default_rng(12), (90, 80, 70), [(0.5, 0.4, 0.3)] * 3)
    args = (d.drop(columns="group"), xmy_instrument(), d["group"])
    both = compare_pls_groups(*args, permutations=60, bootstrap=40, seed=3)
    alone = pls_mga(*args, permutations=60, bootstrap=40, seed=3)
    mc = micom(*args, permutations=60, seed=3)
    pd.testing.assert_frame_equal(both.mga.paths, alone.paths)
    for p, q in zip(both.micom.pairs, mc.pairs, strict=True):
        pd.testing.assert_frame_equal(p.composites, q.composites)
    assert set(both.to_dict()) == {"micom", "paths"}
