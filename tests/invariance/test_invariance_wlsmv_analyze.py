"""`cemsurvey analyze --by Q --steps invariance --estimator wlsmv`: the Wu & Estabrook levels
in JSON (valid against the analysis schema) and, when a category is unused in one group, the
remark naming it and the MLR levels instead."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.report.analysis_schema import analysis_json_schema as analysis_schema
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.simulate import simulate_responses

ROOT = Path(__file__).parents[2]
MODEL_B = ROOT / "instruments" / "customer-engagement-journey.yaml"


@pytest.fixture(scope="module")
def responses(tmp_path_factory):
    ins = load_instrument(MODEL_B)
    sim = simulate_responses(ins, 450, seed=21)
    path = tmp_path_factory.mktemp("invw") / "responses.csv"
    write_export(sim, ins, path, shape="csv")
    return path


@pytest.mark.slow  # four WLSMV levels of an 80-item model in three groups (~20 CPU s)
def test_wlsmv_levels_in_json(cli, responses):
    code, out, err = cli(["analyze", str(responses), "-m", str(MODEL_B), "--by", "gender",
                          "--steps", "invariance", "--estimator", "wlsmv", "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.validate(d, analysis_schema())
    inv = d["invariance"]
    assert inv["method"] == "WLSMV"
    assert [lv["level"] for lv in inv["levels"]] == ["configural", "thresholds", "metric",
                                                     "scalar"]
    assert inv["levels"][1]["delta"]["df"] > 0 and inv["levels"][1]["fit"]["chisq_scaled"] > 0
    assert inv["partial"]["freed"] == []


def test_unused_category_falls_back_to_mlr_with_a_remark(cli, responses, tmp_path):
    data = pd.read_csv(responses)
    item = "SAT1"
    used = data.groupby("gender")[item].apply(lambda s: (s == 1).sum())
    assert (used > 0).sum() >= 2                       # category 1 used in several groups
    first = used.index[used > 0][0]
    data.loc[(data["gender"] == first) & (data[item] == 1), item] = 2
    path = tmp_path / "gap.csv"
    data.to_csv(path, index=False)
    code, out, err = cli(["analyze", str(path), "-m", str(MODEL_B), "--by", "gender",
                          "--steps", "invariance", "--estimator", "wlsmv", "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    assert d["invariance"]["method"] == "MLR"
    step = next(s for s in d["steps"] if s["name"] == "invariance")
    text = json.dumps(step)
    assert f"item {item}: category 1 is never chosen in group(s)" in text
    assert "fitted by MLR instead" in text
