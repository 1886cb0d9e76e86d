"""Report tables of the PLS extensions and the JSON of their results."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.pls.compare import compare_models
from cemsurvey.psychometrics.pls.cvpat import cvpat
from cemsurvey.psychometrics.pls.ipma import ipma
from cemsurvey.psychometrics.pls.predict import predict_pls
from cemsurvey.report.jsonify import dumps
from cemsurvey.report.pls_next import (
    comparison_table,
    formative_tables,
    interaction_tables,
    ipma_table,
    plsc_note,
    predict_tables,
)
from tests.pls.conftest import renders
from tests.pls.test_pls_next_compare import ecsi
from tests.pls.test_pls_next_interaction import fit as fit_interaction
from tests.pls.test_pls_next_interaction import simulate
from tests.pls.test_pls_next_predict import ref  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def results(ref, mobi):  # noqa: F811
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ins = ecsi(ref, ref["model"]["paths"])
        ins_f = ins.model_validate({**ins.model_dump(), "constructs": [
            {**c.model_dump(), "measurement": "formative"} if c.id == "Quality" else c.model_dump()
            for c in ins.constructs]})
        res = fit_pls(mobi, ins_f, method="plsc", bootstrap=100, seed=1)
        alt = fit_pls(mobi, ecsi(ref, ref["it_criteria"]["alternative_paths"]), bootstrap=0)
        pred = predict_pls(mobi, ins, folds=5, repetitions=2, seed=1)
    return {"res": res, "alt": alt, "pred": pred, "cv": cvpat(pred, nboot=200),
            "ipma": ipma(res, mobi, ins_f), "cmp": compare_models({"a": res, "b": alt},
                                                                   "Loyalty"),
            "inter": fit_interaction(simulate(0.35))}


def test_tables(results):
    r = results
    assert "Consistent PLS" in plsc_note(r["res"]) and plsc_note(r["alt"]) == ""
    tabs = (formative_tables(r["res"].formative) + interaction_tables(r["inter"].interactions)
            + predict_tables(r["pred"], r["cv"]) + ipma_table(r["ipma"])
            + comparison_table(r["cmp"]))
    keys = [t.key for t in tabs]
    assert keys == ["pls_formative", "pls_interactions", "pls_simple_slopes", "pls_predict",
                    "pls_predict_verdict", "pls_cvpat", "pls_ipma", "pls_model_comparison"]
    by = {t.key: t for t in tabs}
    assert len(by["pls_formative"].rows) == 7 and len(by["pls_simple_slopes"].rows) == 3
    assert len(by["pls_predict"].rows) == 19 and len(by["pls_cvpat"].rows) == 14
    renders(tabs)
    assert formative_tables(None) == [] and interaction_tables(()) == []


def test_json(results):
    r = results
    d = json.loads(dumps({"pls": r["res"].to_dict(), "predict": r["pred"].to_dict(),
                          "cvpat": r["cv"].to_dict(), "ipma": r["ipma"].to_dict(),
                          "comparison": r["cmp"].to_dict(),
                          "interaction": r["inter"].to_dict()}))
    assert d["pls"]["method"] == "plsc" and d["pls"]["formative"]["indicators"]
    assert d["pls"]["quality"]["Loyalty"]["rho_a"] > 0
    assert {p["from"] for p in d["interaction"]["paths"]} >= {"X:M"}
    assert d["interaction"]["interactions"][0]["term"] == "X:M"
    assert d["predict"]["repetitions"] == 2 and d["cvpat"]["rows"]
    assert np.isfinite(d["ipma"]["target_performance"])


def test_svg_figures(results):
    import xml.etree.ElementTree as ET

    from cemsurvey.report.pls_next_svg import ipma_map, simple_slope_plot
    svg = ipma_map(results["ipma"])
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(root.findall("{http://www.w3.org/2000/svg}circle")) == len(results["ipma"].table)
    assert "Satisfaction" in svg
    eff = results["inter"].interactions[0]
    root = ET.fromstring(simple_slope_plot(eff))
    assert len(root.findall("{http://www.w3.org/2000/svg}line")) == 3
