"""``cemsurvey analyze`` end to end: stdout/stderr, exit codes, files, thresholds, languages."""

from __future__ import annotations

import json

import jsonschema
import openpyxl
import pandas as pd
import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.report.analysis_schema import analysis_json_schema
from tests.conftest import INSTRUMENTS, REFERENCE

SIM = REFERENCE / "data" / "sim28.csv"
SIM_YAML = REFERENCE / "data" / "sim28.yaml"
FAST = ["--steps", "reliability,efa", "--seed", "1"]


def test_json_output_validates_and_stderr_is_separate(cli):
    code, out, err = cli(["analyze", SIM, "--model", SIM_YAML, "--format", "json", *FAST])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    assert d["n"] == 385 and d["cfa"] is None and d["efa"]["kmo"] > 0.8
    assert {s["name"]: s["status"] for s in d["steps"]}["reliability"] == "ok"
    assert "error" not in err


def test_table_output_has_sections_verdicts_and_summary(cli):
    code, out, err = cli(["analyze", SIM, "--model", SIM_YAML, *FAST, "--full"])
    assert code == 0, err
    for s in ("Reliability", "Exploratory factor analysis", "What to report", "Kaiser (1974)"):
        assert s in out
    assert "✓" in out


def test_writes_report_files_and_refuses_overwrite(cli, tmp_path):
    html, xlsx, md = tmp_path / "r.html", tmp_path / "t.xlsx", tmp_path / "t.md"
    args = ["analyze", SIM, "-m", SIM_YAML, *FAST, "--report", html, "--xlsx", xlsx,
            "--markdown", md, "--format", "json"]
    code, out, err = cli(args)
    assert code == 0, err
    assert f"wrote {html}" in err
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    wb = openpyxl.load_workbook(xlsx)
    assert "reliability_constructs" in wb.sheetnames or len(wb.sheetnames) > 3
    assert "*Note.*" in md.read_text(encoding="utf-8")
    before = html.read_bytes()
    code, out, err = cli(args)
    assert code == 6 and err.startswith("error: ") and "--force" in err
    assert html.read_bytes() == before and out == ""
    code, _, err = cli(args + ["--force"])
    assert code == 0, err


def test_bad_data_one_line_error_and_no_report(cli, tmp_path):
    df = pd.read_csv(SIM, index_col=0)
    df.iloc[2, 0] = 9
    bad = tmp_path / "bad.csv"
    df.to_csv(bad)
    rep = tmp_path / "r.html"
    code, out, err = cli(["analyze", bad, "-m", SIM_YAML, *FAST, "--report", rep])
    assert code == 4  # ExitCode.DATA
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "9" in errors[0]
    assert not rep.exists() and not list(tmp_path.glob(".r.html*"))


def test_thresholds_file_changes_verdicts(cli, tmp_path):
    th = tmp_path / "th.yaml"
    th.write_text("kmo: {good: 0.95, ok: 0.90}\n", encoding="utf-8")
    code, out, err = cli(["analyze", SIM, "-m", SIM_YAML, *FAST, "--thresholds", th, "--full"])
    assert code == 0, err
    line = next(ln for ln in out.splitlines() if "KMO = " in ln)
    assert line.lstrip().startswith("✗") and "user (th.yaml)" in out
    th.write_text("kmoo: 0.9\n", encoding="utf-8")
    code, out, err = cli(["analyze", SIM, "-m", SIM_YAML, *FAST, "--thresholds", th])
    assert code == 3 and "unknown threshold 'kmoo'" in err


def test_usage_errors_exit_2(cli):
    assert cli(["analyze", SIM, "-m", SIM_YAML, "--steps", "relability"])[0] == 2
    assert cli(["analyze", SIM, "-m", SIM_YAML, "--lang", "fa"])[0] == 2
    assert cli(["analyze", SIM, "-m", SIM_YAML, "--format", "csv"])[0] == 2
    assert cli(["analyze", SIM, "-m", SIM_YAML, "--bootstrap", "-3"])[0] == 2


@pytest.fixture(scope="module")
def cej_csv(tmp_path_factory):
    from cemsurvey.responses.simulate import simulate_responses

    ins = load_instrument(INSTRUMENTS / "customer-engagement-journey.yaml")
    sim = simulate_responses(ins, 300, seed=7, group_effects={"gender": ("ENG", 0.8)})
    df = pd.concat([sim.background, sim.data], axis=1)
    df.index.name = "respondent"
    p = tmp_path_factory.mktemp("cej") / "responses.csv"
    df.to_csv(p)
    return p


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
def test_full_pipeline_on_shipped_instrument_with_groups_and_persian(cli, cej_csv, tmp_path):
    rep = tmp_path / "r.html"
    code, out, err = cli(["analyze", cej_csv, "-m", INSTRUMENTS / "customer-engagement-journey.yaml",
                          "--format", "json", "--seed", "1", "--by", "gender", "--lang", "fa",
                          "--report", rep])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    status = {s["name"]: s["status"] for s in d["steps"]}
    for s in ("import", "profile", "descriptives", "reliability", "efa", "cfa", "validity",
              "groups"):
        assert status[s] == "ok", (s, status)
    assert "gender" in d["profile"]["questions"] if "questions" in d["profile"] else "gender" in d["profile"]
    h = rep.read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in h and "تعامل مشتری" in h


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
def test_pls_options_reach_fit_pls(cli):
    """--pls-scheme/--higher-order/--ci give fit_pls's own numbers for those options; an
    interval the method does not offer is a usage error."""
    from cemsurvey.psychometrics.pls import fit_pls

    args = ["analyze", SIM, "-m", SIM_YAML, "--steps", "structural", "--method", "pls",
            "--bootstrap", "50", "--seed", "3", "--format", "json"]
    code, out, err = cli(args + ["--pls-scheme", "factorial", "--higher-order", "disjoint",
                                 "--ci", "bca"])
    assert code == 0, err
    d = json.loads(out)
    assert (d["options"]["pls_scheme"], d["options"]["higher_order"]) == ("factorial", "disjoint")
    assert d["structural"]["ci_method"] == "bca"
    data = pd.read_csv(SIM, index_col="respondent")
    ref = fit_pls(data, load_instrument(SIM_YAML), scheme="factorial", higher_order="disjoint",
                  bootstrap=0)
    ours = {(p["from"], p["to"]): p["est"] for p in d["structural"]["paths"]}
    theirs = {(p["from"], p["to"]): p["est"]
              for p in ref.structural.to_dict()["paths"]}
    assert ours.keys() == theirs.keys()
    for k, v in theirs.items():
        assert ours[k] == pytest.approx(v, rel=1e-10)
    default = json.loads(cli(args)[1])["structural"]["paths"]
    assert any(abs(p["est"] - ours[(p["from"], p["to"])]) > 1e-4 for p in default)
    assert cli(args + ["--ci", "bc"])[0] == 2
    assert cli(["analyze", SIM, "-m", SIM_YAML, "--steps", "structural", "--ci", "bca"])[0] == 2
    assert cli(args + ["--pls-scheme", "mode-b"])[0] == 2
