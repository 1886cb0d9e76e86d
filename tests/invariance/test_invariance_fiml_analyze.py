"""Measurement invariance with missing answers end to end: ``measurement_invariance``
chooses FIML when grouped respondents have gaps (complete data: the very same result as
before), and ``cemsurvey analyze DATA --model M --by Q`` runs the FIML levels, the partial
search and the note stating FIML and n per group.

Data: HolzingerSwineford1939 with the MCAR gaps of tests/reference/data/hs_school_gaps.csv
(the lavaan reference tests/reference/invariance/hs_school_fiml_ml.json), as an export of a
small nine-item instrument with ``school`` as its background question. Levels are compared
with lavaan at 1e-4 relative."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.invariance import measurement_invariance

from ._helpers import CASES, analyze_invariance, close, structure

REF = Path(__file__).parents[1] / "reference"
LAV = json.loads((REF / "invariance" / "hs_school_fiml_ml.json").read_text())
HS = structure(CASES["hs_school_ml"][2])
KEYS = ("chisq", "df", "cfi", "tli", "rmsea", "srmr", "aic", "bic")

INSTRUMENT = """\
title: {en: Holzinger-Swineford abilities, fa: توانایی‌های هولزینگر-سواینفورد}
languages: [en, fa]
scales:
  score: {type: numeric, min: 0, max: 12}
constructs:
""" + "".join(
    f"  - id: {f}\n    name: {{en: {f}, fa: {f}}}\n    scale: score\n    items:\n"
    + "".join(f"      - {{id: {x}, text: {{en: Test {x}, fa: آزمون {x}}}}}\n" for x in xs)
    for f, xs in CASES["hs_school_ml"][2].items()) + """\
background:
  - id: school
    type: single
    text: {en: School, fa: مدرسه}
    options:
      1: {en: Pasteur, fa: Pasteur}
      2: {en: Grant-White, fa: Grant-White}
"""


def gaps() -> pd.DataFrame:
    return pd.read_csv(REF / "data" / "hs_school_gaps.csv")


def test_complete_data_gives_the_complete_data_result():
    hs = pd.read_csv(REF / "data" / "holzinger_swineford.csv")
    auto = measurement_invariance(hs, HS, "school", paths=False)
    listwise = measurement_invariance(hs, HS, "school", paths=False, missing="listwise")
    assert auto.missing == listwise.missing == "listwise"
    assert auto.to_dict() == listwise.to_dict()


def test_gaps_choose_fiml_and_match_lavaan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = measurement_invariance(gaps(), HS, "school", paths=False)
    assert res.missing == "fiml" and res.n_by_group == (156, 145)
    for lv in res.levels[:3]:            # full models (strict is fitted with the releases)
        want = LAV["levels"][lv.level]["fit"]
        assert all(close(lv.fit[k], want[k]) for k in KEYS), lv.level
    assert res.released                   # the score-test search ran under FIML
    listwise = measurement_invariance(gaps(), HS, "school", paths=False, missing="listwise")
    assert listwise.missing == "listwise" and sum(listwise.n_by_group) < 301


def test_mlr_search_runs_under_fiml():
    res = measurement_invariance(gaps(), HS, "school", paths=False, estimator="MLR")
    mlr = json.loads((REF / "invariance" / "hs_school_fiml_mlr.json").read_text())
    want = mlr["levels"]["metric"]["fit"]
    got = res.levels[1].fit
    assert close(got["chisq_scaled"], want["chisq.scaled"])
    assert close(got["cfi_robust"], want["cfi.robust"])
    assert close(res.levels[1].delta["chisq"], mlr["differences"]["metric"]["delta_chisq"])
    assert res.reached in ("scalar", "strict")


def test_bad_policy_is_refused():
    from cemsurvey.errors import DataError

    with pytest.raises(DataError, match="missing-data policy"):
        measurement_invariance(gaps(), HS, "school", missing="pairwise")


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    d = tmp_path_factory.mktemp("fiml")
    (d / "hs.yaml").write_text(INSTRUMENT, encoding="utf-8")
    x = gaps()
    out = x[["id"] + list(HS.observed)].rename(columns={"id": "respondent"})
    out["school"] = np.where(x["school"] == "Pasteur", 1, 2)
    out.to_csv(d / "hs.csv", index=False)
    return d / "hs.csv", d / "hs.yaml"


def test_analyze_by_group_fits_fiml_levels(cli, export):
    data, model = export
    d, err = analyze_invariance(cli, data, model, "school")
    inv = d["invariance"]
    assert inv["missing"] == "fiml" and inv["method"] == "ML"
    assert inv["n_by_group"] == {"Pasteur": 156, "Grant-White": 145}
    for lv in inv["levels"][:3]:
        want = LAV["levels"][lv["level"]]["fit"]
        assert all(close(lv["fit"][k], want[k]) for k in KEYS), lv["level"]
    assert "FIML" in err and "n = 301 (Pasteur 156, Grant-White 145)" in err


def test_analyze_notes_fiml_and_listwise_on_request(cli, export):
    data, model = export
    code, out, err = cli(["analyze", str(data), "-m", str(model), "--by", "school",
                          "--steps", "invariance", "--full"])
    assert code == 0, err
    assert "ML, FIML (every respondent with at least one answer)" in out
    assert "multi-group CFA, ML, FIML): configural" in out          # What to report
    code, out, err = cli(["analyze", str(data), "-m", str(model), "--by", "school",
                          "--steps", "invariance", "--lang", "fa"])
    assert code == 0, err
    assert "FIML" in out and "complete cases" not in out
    # the stderr note is Persian too, its values (n, group labels) as found
    assert "یادداشت: ناوردایی: برازش‌های چندگروهی با FIML" in err
    assert "n = 301 (Pasteur 156, Grant-White 145)" in err and "multi-group fits" not in err
    d, err = analyze_invariance(cli, data, model, "school", "--missing", "listwise")
    inv = d["invariance"]
    assert inv["missing"] == "listwise" and inv["n"] < 301
    assert "complete cases within each group" in err


def test_respondents_without_answers_are_left_out_with_a_warning():
    x = gaps()
    x.loc[[0, 5], list(HS.observed)] = np.nan      # two Pasteur pupils answered nothing
    with pytest.warns(UserWarning, match="2 respondent\\(s\\) of group 'Pasteur' answered none"):
        res = measurement_invariance(x, HS, "school", paths=False, max_release=0)
    assert res.missing == "fiml" and res.n_by_group == (154, 145)


def test_group_with_an_unanswered_item_is_left_out():
    x = gaps()
    x["school"] = np.where(np.arange(len(x)) % 3 == 0, "third", x["school"])
    x.loc[x["school"] == "third", "x4"] = np.nan          # nobody in it answered x4
    with pytest.warns(UserWarning, match="group 'third' left out .* x4 constant or unanswered"):
        res = measurement_invariance(x, HS, "school", paths=False, max_release=0)
    assert res.missing == "fiml" and res.groups == ("Pasteur", "Grant-White")
