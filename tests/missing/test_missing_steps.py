"""Missing answers in the item analyses and the FIML fits, against R
(tests/reference/missing_reference.R on missing/likert_gaps.csv: 385 respondents, 12 items,
3% of answers deleted completely at random): pairwise alpha vs psych::alpha, FIML CFA vs
lavaan cfa(missing = "ml") with ML and MLR; and awkward gaps (warnings, never a crash)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from cemsurvey.errors import DataWarning
from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.missing import analyze_missing, impute_em, impute_mean
from cemsurvey.psychometrics.reliability import analyze_reliability
from cemsurvey.psychometrics.sem.cfa import fit_cfa

REF = Path(__file__).resolve().parents[1] / "reference"
GAPS = REF / "missing" / "likert_gaps.csv"
FIT = {"chi2": "chisq", "df": "df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
       "srmr": "srmr", "loglik": "logl", "baseline_chi2": "baseline.chisq"}
ROBUST = ["chisq.scaled", "chisq.scaling.factor", "cfi.scaled", "tli.scaled", "rmsea.scaled"]


@pytest.fixture(scope="module")
def ins(tmp_path_factory):
    spec = yaml.safe_load((REF / "data" / "sim28.yaml").read_text())
    spec["constructs"] = spec["constructs"][:3]
    p = tmp_path_factory.mktemp("ins") / "three.yaml"
    p.write_text(yaml.safe_dump(spec))
    return load_instrument(p)


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(GAPS)


def test_pairwise_alpha_matches_psych(ins, data):
    ref = json.loads((REF / "missing" / "likert_alpha.json").read_text())
    rel = analyze_reliability(data, ins, missing="pairwise")
    for c in ref["constructs"]:
        ours = rel.constructs[c["construct"]]
        assert ours.missing == "pairwise"
        assert ours.alpha == pytest.approx(c["raw_alpha"], rel=1e-6)
        assert ours.alpha_std == pytest.approx(c["std_alpha"], rel=1e-6)


@pytest.mark.parametrize("est", ["ml", "mlr"])
def test_fiml_on_mcar_gaps_matches_lavaan(ins, data, est):
    ref = json.loads((REF / "missing" / f"likert_fiml_{est}.json").read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = fit_cfa(data, ins, missing="fiml", estimator=est)
    assert r.n == ref["n"] == 385 and r.missing == "fiml"
    for ours, theirs in FIT.items():
        assert getattr(r.fit, ours) == pytest.approx(ref["fit"][theirs], rel=1e-4), ours
    if est == "mlr":
        for k in ROBUST:
            assert r.scaled_fit[k] == pytest.approx(ref["fit"][k], rel=1e-4), k
    table = {(e["lhs"], e["op"], e["rhs"]): e for e in ref["estimates"]}
    for _, row in r.parameters.iterrows():
        e = table[(row["lhs"], row["op"], row["rhs"])]
        assert row["est"] == pytest.approx(e["est"], rel=1e-4, abs=1e-6)
        if row["free"]:
            assert row["se"] == pytest.approx(e["se"], rel=1e-4), (row["lhs"], row["rhs"])


def test_awkward_gaps_warn_with_counts_and_never_crash(data):
    x = data.drop(columns="respondent").iloc[:60].copy()
    x["EMPTY"] = np.nan                       # an item nobody answered
    x.iloc[3, :] = np.nan                     # a respondent with no answers
    x.iloc[5, 2:] = np.nan                    # more than half the answers missing
    x.iloc[7, :11] = np.nan                   # one answer only
    with pytest.warns(DataWarning) as caught:
        r = analyze_missing(x)
    texts = " | ".join(str(w.message) for w in caught)
    assert "1 item(s) nobody answered (EMPTY)" in texts
    assert "1 of 60 respondents answered none of the 13 items" in texts
    assert "2 of 60 respondents left more than half of the 13 items" in texts
    assert r.empty_items == ("EMPTY",) and r.empty_respondents == 1
    assert r.little is not None and "EMPTY" not in r.mean.index
    assert r.single_patterns >= 2
    json.dumps(r.to_dict())


def test_more_items_than_respondents_gives_no_em_but_a_report(data):
    x = data.drop(columns="respondent").iloc[:8]
    with pytest.warns(DataWarning, match="EM estimates .* not available .* Little's test is skipped"):
        r = analyze_missing(x)
    assert r.n == 8 and r.little is None and r.mean is None
    assert sum(r.item_missing_n) == int(x.isna().sum().sum())


def test_imputation_fills_every_gap(data):
    x = data.drop(columns="respondent")
    rep = analyze_missing(x)
    em = impute_em(x, rep.mean, rep.cov)
    mean = impute_mean(x)
    assert not em.isna().any().any() and not mean.isna().any().any()
    answered = x.notna()
    assert (em[answered] == x[answered]).sum().sum() == answered.sum().sum()
    # a filled answer is the conditional mean: for one respondent, by hand
    i = int(np.flatnonzero(x.isna().any(axis=1))[0])
    m = x.columns[x.iloc[i].isna()]
    o = x.columns[x.iloc[i].notna()]
    s = rep.cov
    hand = rep.mean[m] + s.loc[m, o] @ np.linalg.solve(s.loc[o, o], x.iloc[i][o] - rep.mean[o])
    np.testing.assert_allclose(em.iloc[i][m].to_numpy(float), hand.to_numpy(float), rtol=1e-10)


def test_pipeline_auto_policy_per_estimator(ins):
    from cemsurvey.analysis import AnalysisOptions, run_analysis

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ml = run_analysis(GAPS, ins, AnalysisOptions(steps=("import", "missing", "cfa")))
        wl = run_analysis(GAPS, ins, AnalysisOptions(steps=("import", "cfa"), estimator="wlsmv"))
        wlc = run_analysis(GAPS, ins, AnalysisOptions(steps=("import", "cfa"), estimator="wlsmv",
                                                      missing="listwise"))
    assert ml.get("cfa").missing == "fiml" and ml.get("cfa").n == 385
    assert ml.get("missing").little.df == 252
    # WLSMV under auto: pairwise polychorics (lavaan missing = "pairwise"), every respondent
    r = wl.get("cfa")
    assert r.estimator == "WLSMV" and r.missing == "pairwise" and r.n == 385
    x = pd.read_csv(GAPS).drop(columns="respondent").notna().to_numpy(dtype=float)
    note = wl.record("cfa").note
    assert "WLSMV on pairwise polychorics" in note
    assert f"n = 385, smallest pair n = {int((x.T @ x).min())}" in note
    n_complete = int(x.all(axis=1).sum())
    assert wlc.get("cfa").missing == "listwise" and wlc.get("cfa").n == n_complete < 0.95 * 385
    texts = [str(w.message) for w in caught]
    assert any(f"CFA: listwise deletion keeps {n_complete} of 385 respondents" in t
               for t in texts), texts


def test_items_never_answered_together_skip_only_the_steps_that_need_the_pair(ins, tmp_path):
    """Two items of one construct never answered by the same respondent (a split
    questionnaire): the steps that need their joint answers are skipped with the reason,
    and the others run (never a crash of the whole analysis)."""
    from cemsurvey.analysis import AnalysisOptions, run_analysis

    d = pd.read_csv(GAPS)
    items = [c for c in d.columns if c != "respondent"]
    a, b = items[0], items[1]
    d.loc[: len(d) // 2, a] = np.nan
    d.loc[len(d) // 2 + 1:, b] = np.nan
    path = tmp_path / "split.csv"
    d.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_analysis(path, ins, AnalysisOptions(steps=("import", "missing", "descriptives",
                                                             "reliability", "cfa")))
    status = {r.name: r.status for r in res.steps}
    assert status["import"] == status["missing"] == status["descriptives"] == "ok"
    # pairwise correlations need the pair: reliability is skipped and says which items;
    # FIML uses every observed answer and fits
    assert status["reliability"] == "skipped"
    note = res.record("reliability").note
    assert f"'{a}' and '{b}'" in note and "fewer than 2 respondents answering both" in note
    assert status["cfa"] == "ok" and res.get("cfa").missing == "fiml"
