"""The method-bias step's core call: every check runs, the JSON is serialisable, a check that
cannot run is skipped with a reason, and the parts equal the individual functions."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cemsurvey.instrument.loader import parse_instrument
from cemsurvey.psychometrics.method_bias import assess_method_bias, lindell_whitney
from cemsurvey.psychometrics.scores import construct_scores
from tests.conftest import REFERENCE

YAML = (Path(__file__).parents[1] / "cfa" / "bfi.yaml").read_text()
DATA = pd.read_csv(REFERENCE / "data" / "bfi.csv")


def test_every_check_runs_with_a_marker() -> None:
    ins, _ = parse_instrument(YAML.replace("  - id: O\n", "  - id: O\n    marker: true\n"), "b.yaml")
    r = assess_method_bias(DATA[ins.item_ids], ins)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["marker_construct"] == "O" and not d["warnings"]
    assert set(d["full_collinearity"]["vif"]) == {"A", "C", "E", "N"}  # marker left out
    assert d["harman"]["pca_share"] == pytest.approx(
        json.loads((REFERENCE / "method_bias" / "bfi.json").read_text())["harman"]["pca_share"],
        rel=1e-6)  # listwise on the 25 items, as R
    lw = lindell_whitney(construct_scores(DATA[ins.item_ids], ins), "O")
    assert d["lindell_whitney"]["r_marker"] == pytest.approx(lw.r_marker)
    assert d["common_latent_factor"]["test"]["df"] == 1
    assert d["marker_technique"]["tests"]["baseline_vs_c"]["df"] == 1


def test_without_marker_and_with_supplied_scores() -> None:
    ins, _ = parse_instrument(YAML, "b.yaml")
    sc = construct_scores(DATA[ins.item_ids], ins)
    r = assess_method_bias(DATA[ins.item_ids], ins, scores=sc, scores_label="pls",
                           common_factor=False)
    assert r.marker is None and r.lindell_whitney is None and r.clf is None
    assert r.collinearity is not None and r.collinearity.scores == "pls"


def test_a_failing_check_is_skipped_with_its_reason() -> None:
    ins, _ = parse_instrument(YAML, "b.yaml")
    sc = construct_scores(DATA[ins.item_ids], ins)[["A"]]  # one score: no VIF possible
    r = assess_method_bias(DATA[ins.item_ids], ins, scores=sc, common_factor=False)
    assert r.collinearity is None
    assert any(w.startswith("full-collinearity VIFs not computed: ") for w in r.warnings)
