"""Group comparisons against R (tests/reference/groups_reference.R) at 1e-6, and behaviour."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataError, DataWarning, EstimationError
from cemsurvey.psychometrics.groups import compare_groups
from cemsurvey.report.groups import group_tables

REF = Path(__file__).resolve().parents[1] / "reference" / "groups"
RTOL = 1e-6


@pytest.fixture(scope="module")
def fixture():
    fx = pd.read_csv(REF / "fixture.csv", index_col="respondent")
    ref = json.loads((REF / "reference.json").read_text())
    return fx, ref


def test_welch_t_and_hedges_vs_r(fixture):
    fx, ref = fixture
    res = compare_groups(fx[["S1", "S2"]], fx["group2"])
    assert res.method == "welch_t"
    for s in ("S1", "S2"):
        r, t = ref[s]["welch_t"], res.tests.loc[s]
        assert t["statistic"] == pytest.approx(r["t"], rel=RTOL)
        assert t["df1"] == pytest.approx(r["df"], rel=RTOL)
        assert t["p"] == pytest.approx(r["p"], rel=RTOL)
        assert t["effect"] == pytest.approx(r["hedges_g"], rel=RTOL)


def test_welch_anova_omega_games_howell_vs_r(fixture):
    fx, ref = fixture
    res = compare_groups(fx[["S1", "S2"]], fx["group3"])
    assert res.method == "welch_anova"
    for s in ("S1", "S2"):
        r, t = ref[s]["welch_anova"], res.tests.loc[s]
        assert t["statistic"] == pytest.approx(r["F"], rel=RTOL)
        assert (t["df1"], t["df2"]) == (pytest.approx(r["df1"]), pytest.approx(r["df2"], rel=RTOL))
        assert t["p"] == pytest.approx(r["p"], rel=RTOL)
        assert t["effect"] == pytest.approx(r["omega_sq"], rel=RTOL)
        post = res.posthoc[res.posthoc["construct"] == s].reset_index(drop=True)
        for i, gh in enumerate(ref[s]["games_howell"]):
            row = post.loc[i]
            assert (row["A"], row["B"]) == (gh["A"], gh["B"])
            for mine, theirs in (("diff", "diff"), ("se", "se"), ("t", "T"), ("df", "df")):
                assert row[mine] == pytest.approx(gh[theirs], rel=RTOL)
            assert row["p"] == pytest.approx(gh["p"], rel=1e-5, abs=1e-9)  # ptukey precision


def test_nonparametric_vs_r(fixture):
    fx, ref = fixture
    mw = compare_groups(fx[["S1", "S2"]], fx["group2"], nonparametric=True)
    kw = compare_groups(fx[["S1", "S2"]], fx["group3"], nonparametric=True)
    assert (mw.method, kw.method) == ("mann_whitney", "kruskal_wallis")
    for s in ("S1", "S2"):
        assert mw.tests.loc[s, "statistic"] == pytest.approx(ref[s]["wilcox"]["W"], rel=RTOL)
        assert mw.tests.loc[s, "p"] == pytest.approx(ref[s]["wilcox"]["p"], rel=RTOL)
        assert kw.tests.loc[s, "statistic"] == pytest.approx(ref[s]["kruskal"]["H"], rel=RTOL)
        assert kw.tests.loc[s, "p"] == pytest.approx(ref[s]["kruskal"]["p"], rel=RTOL)


def test_planted_difference_and_null(fixture):
    fx, _ = fixture
    res = compare_groups(fx[["S1", "S2"]], fx["group3"])
    assert res.tests.loc["S1", "p"] < 0.001   # planted difference
    assert res.tests.loc["S2", "p"] > 0.05    # planted null


def test_single_respondent_group_warns_and_is_left_out(fixture):
    fx, _ = fixture
    g = fx["group3"].copy()
    g.iloc[0] = 9
    with pytest.warns(DataWarning, match="single respondent"):
        res = compare_groups(fx[["S1"]], g, labels={1: "a", 2: "b", 3: "c", 9: "lonely"})
    assert 9 not in res.groups and res.method == "welch_anova"
    assert any("lonely" in w for w in res.warnings)


def test_bad_groups():
    s = pd.DataFrame({"A": [1.0, 2, 3, 4]})
    with pytest.raises(EstimationError, match="at least two groups"):
        compare_groups(s, pd.Series([1, 1, 1, 1]))
    with pytest.raises(DataError, match="not a number"):
        compare_groups(s, pd.Series(["x", "y", "x", "y"]))


def test_missing_scores_pairwise_and_dict(fixture):
    fx, _ = fixture
    s = fx[["S1"]].copy()
    s.iloc[:10, 0] = np.nan
    res = compare_groups(s, fx["group2"])
    assert res.tests.loc["S1", "n"] == len(fx) - 10
    d = res.to_dict()
    assert set(d) == {"method", "groups", "tests", "descriptives", "posthoc", "missing",
                      "warnings"}
    assert d["tests"]["S1"]["effect_name"] == "hedges_g"
    assert sum(v["n"] for v in d["descriptives"]["S1"].values()) == len(fx) - 10


def test_group_tables(fixture):
    fx, _ = fixture
    res = compare_groups(fx[["S1", "S2"]], fx["group3"], labels={1: "new", 2: "repeat",
                                                                   3: "loyal"})
    tables = group_tables(res)
    keys = [t.key for t in tables]
    assert keys == ["groups_descriptives", "groups_tests", "groups_posthoc"]
    assert tables[1].rows[0][0] == "S1" and tables[1].rows[0][4] == res.tests.loc["S1", "p"]
    assert "loyal" in {r[1] for r in tables[0].rows}


# ------------------------------------------------ pingouin's own documented examples
@pytest.fixture(scope="module")
def examples():
    return json.loads((REF / "examples.json").read_text())


def test_pingouin_documented_welch_anova(examples):
    """pingouin's welch_anova docstring (pain threshold by hair colour): F = 5.890115,
    ddof2 = 8.329841, p = 0.018813; and the same data in R (oneway.test)."""
    pain = pd.read_csv(REF / "pain_threshold.csv")
    labels = dict(zip(pain["group"], pain["hair_color"], strict=False))
    res = compare_groups(pain[["pain"]], pain["group"], labels=labels)
    t = res.tests.loc["pain"]
    assert res.method == "welch_anova"
    assert (t["statistic"], t["df2"], t["p"]) == (
        pytest.approx(5.890115, abs=1e-6), pytest.approx(8.329841, abs=1e-6),
        pytest.approx(0.018813, abs=1e-6))
    r = examples["pain"]["welch_anova"]
    assert t["statistic"] == pytest.approx(r["F"], rel=RTOL)
    assert t["df2"] == pytest.approx(r["df2"], rel=RTOL)
    assert t["p"] == pytest.approx(r["p"], rel=RTOL)
    assert t["effect"] == pytest.approx(r["omega_sq"], rel=RTOL)
    for row, gh in zip(res.posthoc.itertuples(), examples["pain"]["games_howell"], strict=True):
        assert (row.A, row.B) == (gh["A"], gh["B"])
        assert (row.diff, row.se, row.t, row.df) == (
            pytest.approx(gh["diff"], rel=RTOL), pytest.approx(gh["se"], rel=RTOL),
            pytest.approx(gh["T"], rel=RTOL), pytest.approx(gh["df"], rel=RTOL))
        assert row.p == pytest.approx(gh["p"], rel=1e-5, abs=1e-9)
    kw = compare_groups(pain[["pain"]], pain["group"], nonparametric=True).tests.loc["pain"]
    assert kw["statistic"] == pytest.approx(examples["pain"]["kruskal"]["H"], rel=RTOL)
    assert kw["p"] == pytest.approx(examples["pain"]["kruskal"]["p"], rel=RTOL)


def test_pingouin_documented_games_howell(examples):
    """pingouin's pairwise_gameshowell docstring (penguin body mass by species, two
    missing masses), printed to 3 decimals; and Games-Howell written out in R."""
    pen = pd.read_csv(REF / "penguins_mass.csv", index_col="respondent")
    res = compare_groups(pen[["body_mass_g"]], pen["group"])
    assert res.tests.loc["body_mass_g", "n"] == examples["penguins"]["n"] == 342
    documented = [  # A, B, diff, se, T, df, pval, hedges (pingouin 0.7 docstring)
        (1, 2, -32.426, 59.706, -0.543, 152.455, 0.85, -0.074),
        (1, 3, -1375.354, 58.811, -23.386, 249.643, 0.00, -2.860),
        (2, 3, -1342.928, 65.103, -20.628, 170.404, 0.00, -2.875),
    ]
    for row, doc, gh in zip(res.posthoc.itertuples(), documented,
                            examples["penguins"]["games_howell"], strict=True):
        assert (row.A, row.B) == doc[:2] == (gh["A"], gh["B"])
        got = (row.diff, row.se, row.t, row.df, row.p, row.hedges)
        assert [round(v, 3) for v in got[:4]] == list(doc[2:6])
        assert round(got[4], 2) == doc[6] and round(got[5], 3) == doc[7]
        assert (row.diff, row.se, row.t, row.df) == (
            pytest.approx(gh["diff"], rel=RTOL), pytest.approx(gh["se"], rel=RTOL),
            pytest.approx(gh["T"], rel=RTOL), pytest.approx(gh["df"], rel=RTOL))
        assert row.p == pytest.approx(gh["p"], rel=1e-5, abs=1e-9)


def test_small_groups_use_the_documented_tests(examples):
    """Two groups of 5 and 6 untied scores: scipy would switch Mann-Whitney to its exact
    distribution; cemsurvey keeps the normal approximation with continuity correction it
    documents (R: wilcox.test(exact = FALSE)), and Welch's t matches t.test."""
    sm = examples["small"]
    scores = pd.DataFrame({"S": sm["a"] + sm["b"]})
    groups = pd.Series([1] * len(sm["a"]) + [2] * len(sm["b"]))
    mw = compare_groups(scores, groups, nonparametric=True).tests.loc["S"]
    assert mw["statistic"] == pytest.approx(sm["wilcox"]["W"], rel=RTOL)
    assert mw["p"] == pytest.approx(sm["wilcox"]["p"], rel=RTOL)
    t = compare_groups(scores, groups).tests.loc["S"]
    r = sm["welch_t"]
    assert (t["statistic"], t["df1"], t["p"], t["effect"]) == (
        pytest.approx(r["t"], rel=RTOL), pytest.approx(r["df"], rel=RTOL),
        pytest.approx(r["p"], rel=RTOL), pytest.approx(r["hedges_g"], rel=RTOL))
