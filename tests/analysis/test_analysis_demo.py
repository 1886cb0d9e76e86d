"""``make demo`` (``python -m cemsurvey.demo``): simulate, analyze, write the four files."""

from __future__ import annotations

import json

import jsonschema
import openpyxl
import pytest

from cemsurvey.demo import BY, GROUP_EFFECT, main, run_demo
from cemsurvey.report.analysis_schema import analysis_json_schema


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
def test_demo_writes_report_tables_and_json(tmp_path, capsys):
    out = tmp_path / "demo-output"
    written = run_demo(out, n=150, bootstrap=20, echo=True)
    printed = capsys.readouterr().out
    for kind, name in (("report", "report.html"), ("xlsx", "tables.xlsx"),
                       ("markdown", "tables.md"), ("json", "analysis.json")):
        assert written[kind] == out / name and written[kind].stat().st_size > 1000
        assert f"wrote {(out / name).resolve()}" in printed
    d = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    assert all(s["status"] == "ok" for s in d["steps"]), d["steps"]
    assert d["structural"]["method"] == "pls" and d["structural"]["bootstrap"] == 20
    assert d["options"]["by"] == BY and GROUP_EFFECT[0] in d["groups"]["tests"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "pathdiagram" in html
    wb = openpyxl.load_workbook(out / "tables.xlsx")
    assert len(wb.sheetnames) > 10
    # a second run replaces the demo's own files (no --force needed)
    run_demo(out, n=150, bootstrap=20, echo=False)


def test_demo_main_usage_error(capsys):
    assert main(["--lang"]) == 2
    assert "--lang needs" in capsys.readouterr().err
