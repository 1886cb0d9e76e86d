"""Issue 15 "done": the default ``analyze`` of Model B with 2% of answers missing uses every
respondent in CFA and CB-SEM (FIML), states n and the missing-data policy in every step,
shows the missing-data section with Little's test (terminal, HTML, JSON), and flags a share
of outliers close to that of the same design without gaps."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from cemsurvey.report.analysis_schema import analysis_json_schema
from tests.conftest import INSTRUMENTS

MODEL_B = INSTRUMENTS / "customer-engagement-journey.yaml"


@pytest.fixture(scope="module")
def model_b(tmp_path_factory):
    from typer.testing import CliRunner

    from cemsurvey.cli.app import app

    d = tmp_path_factory.mktemp("modelb")
    runner = CliRunner()
    for name, extra in (("gaps.csv", ["--missing", "0.02"]), ("full.csv", [])):
        res = runner.invoke(app, ["simulate", str(MODEL_B), "-n", "385", "--seed", "7",
                                  *extra, "-o", str(d / name)], catch_exceptions=False)
        assert res.exit_code == 0, res.stderr
    return d


def _outlier_share(d: dict) -> float:
    flags = d["import"]["flags"]
    return len(flags.get("outliers", [])) / d["n"]


@pytest.mark.slow
def test_default_analysis_of_model_b_with_gaps_uses_everyone(cli, model_b):
    html = model_b / "report.html"
    code, out, err = cli(["analyze", model_b / "gaps.csv", "--model", MODEL_B, "--format",
                          "json", "--seed", "1", "--report", html])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    status = {s["name"]: s["status"] for s in d["steps"]}
    assert status["missing"] == status["cfa"] == status["structural"] == "ok"
    # every respondent in CFA and SEM, by FIML
    assert d["n"] == 385
    assert d["cfa"]["n"] == 385 and d["cfa"]["missing"] == "fiml"
    assert d["structural"]["n"] == 385 and d["structural"]["missing"] == "fiml"
    # n and policy in every step
    assert d["efa"]["missing"] == "pairwise" and d["efa"]["n"] > 300
    assert all(v["missing"] == "pairwise" for v in d["reliability"].values()
               if isinstance(v, dict) and "alpha" in v)
    assert all(v["n"] + v["missing"] == 385 for v in d["descriptives"]["items"].values())
    # the missing-data section: every item, counts, patterns, Little's test
    m = d["missing"]
    assert len(m["items"]) == 80 and sum(m["by_count"].values()) == 385
    assert 0.01 < m["share_missing"] < 0.03 and m["n_patterns"] > 100
    assert m["little"]["df"] > 0 and 0 <= m["little"]["p"] <= 1
    assert "CFA: listwise deletion keeps" not in err
    assert "CB-SEM: listwise deletion keeps" not in err
    # HTMT still uses complete cases: said, with both numbers
    assert re.search(r"validity \(HTMT\): listwise deletion keeps \d+ of 385 respondents", err)
    text = html.read_text()
    assert "Missing answers" in text and "Little" in text
    assert "FIML" in text
    # outliers: close to the share on data without gaps
    code, out_full, err = cli(["analyze", model_b / "full.csv", "--model", MODEL_B,
                               "--format", "json", "--steps", "import"])
    assert code == 0, err
    full, gaps = _outlier_share(json.loads(out_full)), _outlier_share(d)
    assert abs(gaps - full) <= 0.02 + 0.25 * full, (full, gaps)


def test_terminal_shows_missing_section_and_policy(cli, model_b):
    code, out, err = cli(["analyze", model_b / "gaps.csv", "--model", MODEL_B,
                          "--steps", "missing,descriptives,reliability", "--full"])
    assert code == 0, err
    for s in ("Missing answers", "Little's MCAR test", "Items most often left unanswered",
              "Respondents by number of missing answers", "most often skipped are shown",
              "pairwise-complete correlations", "smallest pair n =", "What to report",
              "Missing answers were handled per step"):
        assert s in " ".join(out.split()), s   # the terminal wraps long notes


def test_listwise_policy_warns_with_both_numbers(cli, model_b):
    code, out, err = cli(["analyze", model_b / "gaps.csv", "--model", MODEL_B,
                          "--steps", "reliability", "--missing", "listwise"])
    assert code == 0, err
    assert "reliability: listwise deletion keeps" in err and "of 385 respondents" in err
    assert "pairwise" in err


@pytest.mark.parametrize("policy, label", [("auto", "mean replacement"), ("em", "EM imputation")])
def test_pls_names_its_missing_data_method(cli, model_b, policy, label):
    code, out, err = cli(["analyze", model_b / "gaps.csv", "--model", MODEL_B, "--steps",
                          "structural", "--method", "pls", "--missing", policy, "--bootstrap",
                          "20", "--seed", "1", "--format", "json"])
    assert code == 0, err
    st = json.loads(out)["structural"]
    assert st["n"] == 385 and st["missing"] == label
    assert st["pls"]["missing"] == label
