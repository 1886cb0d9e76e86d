"""`cemsurvey analyze --by Q --steps invariance`: CB-SEM levels and PLS MICOM/MGA in the
terminal, JSON (valid against `cemsurvey schema --analysis`) and "What to report"."""

from __future__ import annotations

import json

import pytest

from ._helpers import MODEL_B, analyze_invariance


def test_cbsem_invariance_in_json_and_summary(cli, responses):
    d, _ = analyze_invariance(cli, responses, MODEL_B, "gender")
    inv = d["invariance"]
    assert [lv["level"] for lv in inv["levels"]] == ["configural", "metric", "scalar", "strict"]
    assert inv["levels"][1]["delta"]["df"] > 0 and inv["reached"] == "strict"
    assert sum(inv["n_by_group"].values()) == inv["n"] <= 450
    assert list(inv["n_by_group"]) == ["Female", "Male", "Prefer not to say"]  # option order
    assert len(inv["paths"]) == 5 and len(inv["latent_means"]) > 0


def test_cbsem_invariance_tables_and_sentence(cli, responses):
    code, out, err = cli(["analyze", str(responses), "-m", str(MODEL_B), "--by", "gender",
                          "--steps", "invariance", "--full"])
    assert code == 0, err
    assert "Measurement invariance across gender" in out
    assert "delta CFI" in out and "Structural paths across groups" in out
    assert "[invariance] Measurement invariance across gender" in out
    assert "invariance held" in out


def test_no_grouping_question_means_no_invariance(cli, responses):
    code, out, err = cli(["analyze", str(responses), "-m", str(MODEL_B), "--steps",
                          "invariance", "--format", "json"])
    assert code == 0, err
    assert json.loads(out)["invariance"] is None


@pytest.mark.slow  # MICOM permutations and the bootstrap MGA
def test_pls_micom_and_mga(cli, responses):
    d, _ = analyze_invariance(cli, responses, MODEL_B, "gender", "--method", "pls",
                              "--bootstrap", "200", "--seed", "4")
    assert d["invariance"]["micom"]["permutations"] == 200
    assert d["invariance"]["paths"]["method"] == "pls-mga"
