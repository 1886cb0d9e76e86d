"""Missing-data report vs R: EM moments vs lavaan 0.6.14 lavCor(missing = "ml",
output = "sampstat"), Little's MCAR test vs the statistic written out in
tests/reference/missing_reference.R, and the published naniar::mcar_test(airquality)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.missing import analyze_missing

REF = Path(__file__).resolve().parents[1] / "reference"
DATA = {"airquality": REF / "data" / "airquality.csv",
        "hs_incomplete": REF / "estimators" / "hs_incomplete.csv",
        "likert_gaps": REF / "missing" / "likert_gaps.csv"}


def load(name: str) -> tuple[pd.DataFrame, dict]:
    ref = json.loads((REF / "missing" / f"{name}_moments.json").read_text())
    return pd.read_csv(DATA[name])[ref["items"]], ref


@pytest.mark.parametrize("name", list(DATA))
def test_em_moments_match_lavcor(name):
    data, ref = load(name)
    r = analyze_missing(data)
    assert r.em_converged and list(r.mean.index) == ref["items"]
    np.testing.assert_allclose(r.mean.to_numpy(), ref["mean"], rtol=1e-6)
    np.testing.assert_allclose(r.cov.to_numpy(), np.array(ref["cov"]), rtol=1e-6, atol=1e-9)
    # lavCor itself stops EM at lavaan's default tolerance (1e-5): agreement to 1e-4
    np.testing.assert_allclose(r.mean.to_numpy(), ref["lavcor_mean"], rtol=1e-4)
    np.testing.assert_allclose(r.cov.to_numpy(), np.array(ref["lavcor_cov"]), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", list(DATA))
def test_little_mcar_matches_r(name):
    data, ref = load(name)
    t = analyze_missing(data).little
    assert t.df == ref["little"]["df"] and t.patterns == ref["little"]["patterns"]
    assert t.chi2 == pytest.approx(ref["little"]["d2"], rel=1e-6)
    assert t.p == pytest.approx(ref["little"]["p"], rel=1e-5)


def test_little_mcar_matches_published_naniar_example():
    # naniar 1.x tests/testthat/test-mcar-test.R: mcar_test(airquality) (EM by the norm package)
    t = analyze_missing(pd.read_csv(DATA["airquality"])).little
    assert (t.df, t.patterns) == (14, 4)
    assert t.chi2 == pytest.approx(35.1061288689702, rel=1e-5)
    assert t.p == pytest.approx(0.00141778113856683, rel=1e-4)


def test_counts_and_patterns():
    data, _ = load("likert_gaps")
    r = analyze_missing(data)
    na = data.isna()
    assert r.n == len(data) == 385 and r.n_items == 12
    assert r.item_missing_n.to_dict() == na.sum().to_dict()
    assert r.by_count.to_dict() == na.sum(axis=1).value_counts().to_dict()
    assert r.complete == int((na.sum(axis=1) == 0).sum())
    assert r.n_patterns == len({tuple(row) for row in na.to_numpy()})
    assert r.share_missing == pytest.approx(na.to_numpy().mean())
    top = r.top_items(3)
    assert list(top) == sorted(r.item_missing, reverse=True)[:3]
    d = r.to_dict()
    json.dumps(d)
    assert set(d["items"]) == set(data.columns) and d["little"]["df"] == 252
