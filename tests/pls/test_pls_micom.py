"""MICOM (Henseler, Ringle & Sarstedt 2016): identities, recovery of planted differences,
seeding and bad input. No other program's MICOM was available; the group fits are checked
against seminr in test_pls_mga.py."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataWarning, EstimationError
from cemsurvey.psychometrics.pls.data import correlations
from cemsurvey.psychometrics.pls.engine import estimate, reflect
from cemsurvey.psychometrics.pls.groupwise import PairEngine, split_groups
from cemsurvey.psychometrics.pls.micom import micom
from cemsurvey.psychometrics.pls.permutation import mean_var_diff, membership
from tests.pls.test_pls_mga import simulate_groups, xmy_instrument

SAME = [(0.5, 0.4, 0.3)] * 2


def _run(d, **kw):
    kw = {"permutations": 200, "seed": 1} | kw
    return micom(d.drop(columns="group"), xmy_instrument(), d["group"], **kw)


@pytest.fixture(scope="module")
def engine_case():
    d = simulate_groups(np.random.default_rng(5), (90, 70), SAME)
    gi = split_groups(d.drop(columns="group"), xmy_instrument(), d["group"])
    ra, rb = gi.rows(1), gi.rows(2)
    X = gi.X[np.concatenate([ra, rb])]
    return gi, X, PairEngine(X, gi.spec, "path", 300, 1e-10), ra.size


def test_group_fits_equal_single_fits(engine_case):
    gi, X, eng, na = engine_case
    fit = eng.fit(membership(na, X.shape[0] - na))
    for Xg, W in ((X[:na], fit.Wa[0]), (X[na:], fit.Wb[0])):
        single = estimate(correlations(Xg), gi.spec, tol=1e-10)
        reflect(single, eng.pooled.W[0])
        np.testing.assert_allclose(W, single.W[0], atol=1e-8)


def test_permuted_group_correlations_equal_direct_ones(engine_case):
    _, X, eng, na = engine_case
    member = np.random.default_rng(1).permuted(membership(na, X.shape[0] - na), axis=1)
    Sa, Sb = eng.group_correlations(member)
    a = member[0] == 1
    np.testing.assert_allclose(Sa[0], np.corrcoef(X[a].T), atol=1e-12)
    np.testing.assert_allclose(Sb[0], np.corrcoef(X[~a].T), atol=1e-12)


def test_c_is_the_correlation_of_pooled_scores(engine_case):
    _, X, eng, na = engine_case
    fit = eng.fit(membership(na, X.shape[0] - na))
    c = eng.composite_correlation(fit.Wa, fit.Wb)[0]
    Xs = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    direct = [np.corrcoef(Xs @ fit.Wa[0][:, k], Xs @ fit.Wb[0][:, k])[0, 1] for k in range(3)]
    np.testing.assert_allclose(c, direct, atol=1e-12)


def test_mean_and_log_variance_differences(engine_case):
    _, X, eng, na = engine_case
    scores = eng.pooled_scores()
    np.testing.assert_allclose(scores.std(axis=0, ddof=1), 1.0, atol=1e-10)
    member = np.random.default_rng(2).permuted(membership(na, X.shape[0] - na), axis=1)
    md, lv = mean_var_diff(member, scores)
    a = member[0] == 1
    np.testing.assert_allclose(md[0], scores[a].mean(0) - scores[~a].mean(0), atol=1e-12)
    np.testing.assert_allclose(lv[0], np.log(scores[a].var(0, ddof=1) / scores[~a].var(0, ddof=1)),
                               atol=1e-12)


def test_planted_composition_and_mean_differences_are_found():
    """Group 2: X measured with other loadings (so other weights); Y's mean shifted 0.6 SD."""
    rng = np.random.default_rng(8)
    d = simulate_groups(rng, (250, 250), SAME, loadings={1: {"X": (0.2, 0.3, 0.95)}})
    d.loc[d["group"] == 2, ["Y1", "Y2", "Y3"]] += 0.6
    res = _run(d, permutations=500)
    t = res.pairs[0].composites
    assert not t.loc["X", "compositional"] and t.loc["X", "c_p"] < 0.01
    assert t.loc["X", "verdict"] == "no"
    assert t.loc["Y", "compositional"] and not t.loc["Y", "equal_mean"]
    assert t.loc["Y", "verdict"] == "partial"
    assert res.verdict == "no"


def test_planted_path_difference_leaves_composites_invariant():
    """Only X -> Y differs: the composites are the same (c near 1), MGA is legitimate."""
    d = simulate_groups(np.random.default_rng(11), (300, 300), [(0.5, 0.4, 0.5), (0.5, 0.4, 0.05)])
    t = _run(d).pairs[0].composites
    assert (t["c"] > 0.99).all()
    assert t.loc["X", "compositional"] and t.loc["M", "compositional"]


def test_rejection_rate_under_invariance():
    """Equal populations: step 2 and the mean test reject near alpha (5%)."""
    rng = np.random.default_rng(77)
    cp, mp = [], []
    for r in range(50):
        t = _run(simulate_groups(rng, (110, 90), SAME), permutations=100, seed=r).pairs[0].composites
        cp += list(t["c_p"])
        mp += list(t["mean_p"])
    for p in (np.array(cp), np.array(mp)):
        assert np.mean(p < 0.05) <= 0.11
        assert 0.42 < p.mean() < 0.58


def test_same_seed_same_result_and_json():
    d = simulate_groups(np.random.default_rng(3), (80, 80), SAME)
    a, b = _run(d, seed=9), _run(d, seed=9)
    pd.testing.assert_frame_equal(a.pairs[0].composites, b.pairs[0].composites)
    c = _run(d, seed=10)
    assert not np.allclose(a.pairs[0].composites["c_quantile"], c.pairs[0].composites["c_quantile"])
    out = json.loads(json.dumps(a.to_dict()))
    assert out["method"] == "micom" and out["permutations"] == 200
    assert out["configural"]["holds"] and len(out["configural"]["groups"]) == 2
    comp = out["pairs"][0]["composites"][0]
    assert {"construct", "c", "c_quantile", "c_p", "compositional", "mean_diff", "mean_ci",
            "log_var_diff", "log_var_ci", "verdict"} <= set(comp)
    assert out["verdict"] in ("full", "partial", "no")


def test_progress_counts_permutations():
    d = simulate_groups(np.random.default_rng(3), (60, 60), SAME)
    seen = []
    _run(d, permutations=130, block_size=50, progress=seen.append)
    assert seen == [50, 50, 30]


def test_small_group_constant_item_and_bad_options():
    rng = np.random.default_rng(4)
    d = simulate_groups(rng, (80, 70, 6, 60), [SAME[0]] * 4)
    d.loc[d["group"] == 4, "M2"] = 1.0
    with pytest.warns(DataWarning) as rec:
        res = _run(d, permutations=50)
    text = " ".join(str(w.message) for w in rec)
    assert "group 3: 6 respondent(s)" in text
    assert "group 4: item M2 has the same answer" in text
    assert list(res.configural["holds"]) == [True, True, False, False]
    assert [p.groups for p in res.pairs] == [("1", "2")]
    with pytest.raises(EstimationError, match="permutations"):
        _run(d, permutations=5)


def test_more_than_ten_groups_warns_and_runs():
    d = simulate_groups(np.random.default_rng(6), (20,) * 11, [SAME[0]] * 11)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = _run(d, permutations=20)
    assert any("11 groups, more than 10" in str(w.message) for w in rec)
    assert len(res.pairs) == 55


def test_one_group_is_not_tested():
    d = simulate_groups(np.random.default_rng(6), (50,), [SAME[0]])
    with pytest.warns(DataWarning, match="fewer than two groups"):
        res = _run(d)
    assert res.verdict == "not tested" and res.pairs == ()


def test_higher_order_composites_and_float_codes():
    """Repeated indicators: the HOC is a composite of all its items; disjoint: first-order
    constructs only. Float group codes of whole numbers are labelled as integers."""
    from tests.pls.conftest import make_instrument, simulate_blocks

    ins = make_instrument({c: [f"{c}{i}" for i in range(1, 5)] for c in ("A", "B", "Y")},
                          ["Y ~ H"], points=5, dimensions={"H": ["A", "B"]})
    rng = np.random.default_rng(9)
    d = simulate_blocks(rng, 300, {("A", "Y"): 0.3, ("B", "Y"): 0.3}, ["A", "B"], ["A", "B", "Y"])
    g = pd.Series(np.repeat([1.0, 2.0], 150), index=d.index)
    rep = micom(d, ins, g, permutations=50, seed=1)
    assert list(rep.pairs[0].composites.index) == ["A", "B", "Y", "H"]
    assert rep.pairs[0].groups == ("1", "2")
    dis = micom(d, ins, g, permutations=50, seed=1, higher_order="disjoint")
    assert list(dis.pairs[0].composites.index) == ["A", "B", "Y"]


def test_permutations_with_a_constant_item_in_a_permuted_group_are_left_out():
    """M2 varies only through two respondents, one per group: a permutation that puts both
    in one group leaves the other group's M2 constant; those permutations are left out."""
    d = simulate_groups(np.random.default_rng(2), (60, 60), SAME)
    d["M2"] = 0.0
    d.iloc[[0, 60], d.columns.get_loc("M2")] = 1.0
    with pytest.warns(DataWarning, match="permutations gave no group-specific fit"):
        res = _run(d, permutations=100)
    used = res.pairs[0].permutations_used
    assert 20 < used < 80  # about half: both respondents in different groups
    assert np.isfinite(res.pairs[0].composites["c_quantile"]).all()
