"""PLSpredict and CVPAT against seminr's predict_pls and seminrExtras' assess_cvpat.

Reference: tests/reference/pls/pls_next.json (tests/reference/pls_next_reference.py), the
ECSI model on the mobi data, mode A composites, 10 folds given as a fold vector (the same
folds as seminr's shuffle). Tolerance 1e-6 (observed agreement about 1e-12).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Construct, Instrument, Item, Scale
from cemsurvey.psychometrics.pls.cvpat import cvpat
from cemsurvey.psychometrics.pls.predict import cut_folds, fold_matrix, predict_pls, verdict_of
from tests.pls.conftest import PLS_REF, make_instrument

TOL = 1e-6
#: seminr's order of the endogenous constructs (first appearance as a target), which fixes
#: the order of CVPAT's bootstrap draws
ORDER = ["Image", "Expectation", "Satisfaction", "Loyalty", "Quality", "Value", "Complaints"]


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((PLS_REF / "pls_next.json").read_text())


@pytest.fixture(scope="module")
def ins(ref) -> Instrument:
    blocks = ref["model"]["blocks"]
    cons = [Construct(id=c, name=c, scale="s", measurement="composite",
                      items=[Item(id=i, text=i) for i in blocks[c]]) for c in ORDER]
    return Instrument(title="ECSI", scales={"s": Scale(points=10)}, constructs=cons,
                      paths=[f"{b} ~ {a}" for a, b in ref["model"]["paths"]])


@pytest.mark.parametrize("technique", ["DA", "EA"])
def test_predict_matches_seminr(ref, mobi, ins, technique):
    exp = ref["predict"][technique]
    res = predict_pls(mobi, ins, fold_vector=ref["predict"]["folds"], technique=technique,
                      tol=1e-12)
    items = exp["items"]
    tab = res.items.loc[items]
    for name in ("pls", "lm"):
        np.testing.assert_allclose(tab[f"{name}_rmse"], exp[name]["rmse"], atol=TOL)
        np.testing.assert_allclose(tab[f"{name}_mae"], exp[name]["mae"], atol=TOL)
        q2 = tab["q2predict" if name == "pls" else "lm_q2predict"]
        np.testing.assert_allclose(q2, exp[name]["q2predict"], atol=TOL)
        pred = getattr(res, name)[items].to_numpy()[:10]
        np.testing.assert_allclose(pred, exp[name]["head"], atol=TOL)
    assert res.repetitions == 1 and res.k == 10 and res.n == 250
    assert sorted(res.items.index) == sorted(items)


def test_verdict_table(ref, mobi, ins):
    res = predict_pls(mobi, ins, fold_vector=ref["predict"]["folds"], technique="DA")
    for c, row in res.verdict.iterrows():
        its = res.items.index if c == "all" else res.constructs[c]
        t = res.items.loc[its]
        assert row["pls_better"] == int(np.sum(t["pls_rmse"] < t["lm_rmse"]))
        assert row["verdict"] == verdict_of(t["q2predict"].to_numpy(), t["pls_rmse"].to_numpy(),
                                            t["lm_rmse"].to_numpy())[2]
    d = res.to_dict()
    assert d["folds"] == 10 and len(d["items"]) == 19 and d["verdict"][-1]["construct"] == "all"


def test_verdict_rules():
    q = np.array([0.1, 0.2, 0.3])
    lm = np.ones(3)
    assert verdict_of(q, np.array([0.9, 0.9, 0.9]), lm)[2] == "high"
    assert verdict_of(q, np.array([0.9, 0.9, 1.1]), lm)[2] == "medium"
    assert verdict_of(q, np.array([0.9, 1.1, 1.1]), lm)[2] == "low"
    assert verdict_of(q, np.array([1.1, 1.1, 1.1]), lm)[2] == "none"
    assert verdict_of(np.array([0.1, -0.1, 0.3]), np.array([0.9] * 3), lm)[2] == "none"


def test_folds_seeded_and_balanced():
    a = fold_matrix(103, 10, 10, 7, None)
    b = fold_matrix(103, 10, 10, 7, None)
    assert a.shape == (10, 103) and np.array_equal(a, b)
    assert not np.array_equal(a, fold_matrix(103, 10, 10, 8, None))
    for row in a:
        counts = np.bincount(row)
        assert counts.size == 10 and counts.max() - counts.min() <= 1
    assert np.array_equal(np.bincount(cut_folds(250, 10)), [25] * 10)
    with pytest.raises(EstimationError, match="fold vector has 3 entries"):
        fold_matrix(5, 2, 1, None, [1, 2, 1])
    with pytest.raises(EstimationError, match="folds must be"):
        fold_matrix(5, 1, 1, None, None)


def test_repetitions_average(ref, mobi, ins):
    """Repeated CV averages each respondent's predictions over the repetitions."""
    res = predict_pls(mobi, ins, folds=5, repetitions=3, seed=4, technique="DA")
    single = [predict_pls(mobi, ins, fold_vector=res.folds[r], technique="DA") for r in range(3)]
    avg = np.mean([s.pls.to_numpy() for s in single], axis=0)
    np.testing.assert_allclose(res.pls.to_numpy(), avg, atol=1e-10)
    np.testing.assert_allclose(res.lm.to_numpy(), np.mean([s.lm.to_numpy() for s in single],
                                                          axis=0), atol=1e-10)


def test_higher_order_refused():
    ins = make_instrument({"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c1", "c2"]},
                          ["C ~ H"], dimensions={"H": ["A", "B"]})
    with pytest.raises(EstimationError, match="higher-order"):
        predict_pls(None, ins)


def test_cvpat_matches_seminrextras(ref, mobi, ins):
    cv = ref["cvpat"]
    pred = predict_pls(mobi, ins, fold_vector=cv["folds"], technique="DA", tol=1e-12)
    res = cvpat(pred, nboot=cv["nboot"], seed=cv["seed"], ia="sample")
    for bench, key in (("LM", "lm"), ("IA", "ia")):
        for c, row in cv[key].items():
            mine = res.table.loc[(bench, "overall" if c == "Overall" else c)]
            assert mine["pls_loss"] == pytest.approx(row["PLS Loss"], abs=TOL)
            assert mine["benchmark_loss"] == pytest.approx(row[f"{bench} Loss"], abs=TOL)
            assert mine["diff"] == pytest.approx(row["Diff"], abs=TOL)
            assert mine["boot_t"] == pytest.approx(row["Boot T value"], abs=TOL)
            assert mine["boot_p"] == pytest.approx(row["Boot P Value"], abs=TOL)


def test_cvpat_paired_t_and_training_ia(ref, mobi, ins):
    pred = predict_pls(mobi, ins, fold_vector=ref["cvpat"]["folds"], technique="DA")
    res = cvpat(pred, nboot=200, seed=1)
    y = pred.actual.to_numpy()
    lp = ((y - pred.pls.to_numpy()) ** 2).reshape(len(y), -1)
    cols = list(pred.actual.columns)
    sat = [cols.index(i) for i in pred.constructs["Satisfaction"]]
    d = ((y - pred.naive.to_numpy())[:, sat] ** 2).mean(axis=1) - lp[:, sat].mean(axis=1)
    row = res.table.loc[("IA", "Satisfaction")]
    assert row["t"] == pytest.approx(d.mean() / (d.std(ddof=1) / np.sqrt(len(d))), rel=1e-12)
    assert row["diff"] == pytest.approx(-d.mean(), rel=1e-12)
    assert res.to_dict()["rows"][0]["benchmark"] == "IA"
