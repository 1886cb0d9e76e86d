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
