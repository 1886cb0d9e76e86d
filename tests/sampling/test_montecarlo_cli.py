"""``cemsurvey sample-size --monte-carlo``: JSON keys, planning: block, flags override it, errors,
the HTML power curve."""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

import pytest

from cemsurvey.instrument.loader import load_instrument
from cemsurvey.instrument.schema import instrument_json_schema

YAML = """\
title: Two constructs
scales:
  agree5: {type: likert, points: 5}
constructs:
  - id: X
    name: Predictor
    items:
      - {id: X1, text: one}
      - {id: X2, text: two}
      - {id: X3, text: three}
  - id: Y
    name: Outcome
    items:
      - {id: Y1, text: one}
      - {id: Y2, text: two}
      - {id: Y3, text: three}
paths:
  - "Y ~ X"
"""
PLANNING = """\
planning:
  loading: 0.6
  loadings: {X1: 0.8}
  effects:
    "Y ~ X": 0.3
"""
FAST = ["--reps", "20", "--n-grid", "120,240", "--workers", "1", "--seed", "3"]


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    p = tmp_path / "m.yaml"
    p.write_text(YAML + PLANNING, encoding="utf-8")
    return p


def test_json_monte_carlo_keys_and_planning_block(cli, model):
    code, out, err = cli(["sample-size", "-m", model, "--monte-carlo", *FAST, "--format", "json"])
    assert code == 0, err
    mc = json.loads(out)["monte_carlo"]
    assert {"paths", "convergence", "reps", "seed", "n_required", "n_grid", "method"} <= set(mc)
    assert mc["reps"] == 20 and mc["seed"] == 3 and mc["n_grid"] == [120, 240]
    assert mc["loading"] == 0.6                         # from planning:
    (path,) = mc["paths"]
    assert path["path"] == "Y ~ X" and path["effect"] == 0.3 and not path["effect_defaulted"]
    assert [r["n"] for r in path["by_n"]] == [120, 240]
    assert {"power", "relative_bias", "se_bias", "coverage", "analytic_power",
            "converged"} <= set(path["by_n"][0])
    assert [c["n"] for c in mc["convergence"]] == [120, 240]
    assert {"convergence_rate", "chi2_rejection_rate", "mean_rmsea", "mean_cfi"} <= set(
        mc["convergence"][0])
    assert err == ""                                   # quiet under --format json


def test_flags_override_planning_and_defaults_apply(cli, model, tmp_path):
    code, out, err = cli(["sample-size", "-m", model, "--monte-carlo", *FAST, "--format", "json",
                          "--effect", "Y~X=0.1", "--loading", "0.75"])
    assert code == 0, err
    mc = json.loads(out)["monte_carlo"]
    assert mc["loading"] == 0.75 and mc["paths"][0]["effect"] == 0.1
    bare = tmp_path / "bare.yaml"
    bare.write_text(YAML, encoding="utf-8")
    code, out, err = cli(["sample-size", "-m", bare, "--monte-carlo", *FAST, "--format", "json"])
    assert code == 0, err
    mc = json.loads(out)["monte_carlo"]
    assert mc["loading"] == 0.7 and mc["paths"][0]["effect"] == 0.2
    assert mc["paths"][0]["effect_defaulted"] and "took the default 0.2" in err


def test_table_and_html_power_curve(cli, model, tmp_path):
    page = tmp_path / "power.html"
    code, out, err = cli(["sample-size", "-m", model, "--monte-carlo", *FAST, "--html", page])
    assert code == 0, err
    assert "Monte Carlo power by path and n" in out and "Y ~ X" in out and "n=240" in out
    assert "Convergence and model fit by n" in out
    html = page.read_text(encoding="utf-8")
    svg = html[html.index("<svg"): html.index("</svg>") + 6]
    xml.dom.minidom.parseString(svg)
    assert 'class="target"' in svg and "target 0.8" in svg
    assert svg.count('class="analytic"') == 1 and svg.count("<polyline") == 2


@pytest.mark.parametrize("args,message", [
    (["--effect", "Y=X"], "outcome ~ predictor = value"),
    (["--effect", "X~Y=0.2"], "not a path of the model"),
    (["--n-grid", "100,abc"], "--n-grid"),
    (["--n-grid", "5"], "not larger than the model's 6 items"),
    (["--method", "lisrel"], "method must be one of"),
])
def test_errors_are_one_line(cli, model, args, message):
    code, out, err = cli(["sample-size", "-m", model, "--monte-carlo", "--reps", "5",
                          "--workers", "1", *args])
    assert code != 0 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_monte_carlo_needs_a_model(cli):
    code, out, err = cli(["sample-size", "--monte-carlo"])
    assert code != 0 and "--model" in err


def test_planning_block_in_schema_and_loader(tmp_path):
    planning = instrument_json_schema()["$defs"]["Planning"]
    assert set(planning["properties"]) == {"loading", "correlation", "loadings", "effects"}
    p = tmp_path / "m.yaml"
    p.write_text(YAML + PLANNING, encoding="utf-8")
    ins = load_instrument(p)
    assert ins.planning.effects == {"Y ~ X": 0.3} and ins.planning.loadings == {"X1": 0.8}
