"""`cemsurvey analyze --by Q --steps invariance --estimator wlsmv`: the Wu & Estabrook levels
in JSON (valid against the analysis schema) and, when a category is unused in one group, the
remark naming it and the MLR levels instead."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ._helpers import MODEL_B, analyze_invariance


@pytest.mark.slow  # four WLSMV levels of an 80-item model in three groups (~20 CPU s)
def test_wlsmv_levels_in_json(cli, responses):
    d, _ = analyze_invariance(cli, responses, MODEL_B, "gender", "--estimator", "wlsmv")
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
    d, _ = analyze_invariance(cli, path, MODEL_B, "gender", "--estimator", "wlsmv")
    assert d["invariance"]["method"] == "MLR"
    step = next(s for s in d["steps"] if s["name"] == "invariance")
    text = json.dumps(step)
    assert f"item {item}: category 1 is never chosen in group(s)" in text
    assert "fitted by MLR instead" in text
