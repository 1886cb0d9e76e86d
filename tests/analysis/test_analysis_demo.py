"""``cemsurvey demo`` (``make demo``): simulate, analyze, write the four files."""

from __future__ import annotations

import json

import jsonschema
import openpyxl
import pytest

from cemsurvey.cli.cmd_demo import BY, GROUP_EFFECT
from cemsurvey.report.analysis_schema import analysis_json_schema


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
def test_demo_writes_report_tables_and_json(cli, tmp_path):
    out = tmp_path / "demo-output"
    code, printed, err = cli(["demo", out, "-n", "150", "--bootstrap", "20"])
    assert code == 0, err
    assert "What to report" in printed
    for name in ("report.html", "tables.xlsx", "tables.md", "analysis.json"):
        assert (out / name).stat().st_size > 1000
        assert f"wrote {out / name}" in err
    d = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    # PLSpredict refuses the paradigm's higher-order constructs: a visible skip
    pred = next(s for s in d["steps"] if s["name"] == "predict")
    assert pred["status"] == "skipped" and "higher-order" in pred["note"]
    assert next(s for s in d["steps"] if s["name"] == "compare")["status"] == "not requested"
    assert all(s["status"] == "ok" for s in d["steps"]
               if s["name"] not in ("predict", "compare")), d["steps"]
    assert d["ipma"]["target"] == "consequences" and "Importance-performance map" in \
        (out / "report.html").read_text(encoding="utf-8")
    assert d["structural"]["method"] == "pls" and d["structural"]["bootstrap"] == 20
    assert d["options"]["by"] == BY and GROUP_EFFECT[0] in d["groups"]["tests"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "pathdiagram" in html
    wb = openpyxl.load_workbook(out / "tables.xlsx")
    assert len(wb.sheetnames) > 10
    # a second run replaces the demo's own files (no --force needed)
    assert cli(["demo", out, "-n", "150", "--bootstrap", "20"])[0] == 0


def test_demo_usage_errors(cli, tmp_path):
    code, _, err = cli(["demo", tmp_path, "--lang"])
    assert code == 2 and "--lang" in err
    code, _, err = cli(["demo", tmp_path, "--lang", "de", "-n", "60"])
    assert code == 2 and "--lang" in err
