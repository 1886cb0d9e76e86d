"""`analyze --method pls --compare-model OTHER.yaml`: BIC and Geweke-Meese comparison of two
models on the same data (Sharma et al. 2019), equal to compare_models on the two PLS fits."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.pls.compare import compare_models
from cemsurvey.report.analysis_schema import analysis_json_schema
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.simulate import simulate_responses

MODEL_B = Path(__file__).parents[2] / "instruments" / "customer-engagement-journey.yaml"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compare")
    ins = load_instrument(MODEL_B)
    data = tmp / "responses.csv"
    write_export(simulate_responses(ins, 300, seed=8), ins, data, shape="csv")
    spec = yaml.safe_load(MODEL_B.read_text(encoding="utf-8"))
    spec["paths"] = ["phenomenon ~ causal", "strategies ~ phenomenon + contextual",
                     "consequences ~ strategies + intervening"]
    alt = tmp / "alternative.yaml"
    alt.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return data, alt


def test_compare_step_json_equals_the_library(cli, files):
    data, alt = files
    code, out, err = cli(["analyze", str(data), "-m", str(MODEL_B), "--method", "pls",
                          "--bootstrap", "20", "--seed", "1", "--steps", "structural,compare",
                          "--compare-model", str(alt), "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.validate(d, analysis_json_schema())
    cmp = d["compare"]
    assert cmp["target"] == "consequences" and len(cmp["models"]) == 2
    from cemsurvey.responses.importer import import_responses

    items = import_responses(data, load_instrument(MODEL_B)).data
    a = fit_pls(items, load_instrument(MODEL_B), bootstrap=0)
    b = fit_pls(items, load_instrument(alt), bootstrap=0)
    want = compare_models({"model": a, "alternative (alternative.yaml)": b}, "consequences")
    got = {m["model"]: m for m in cmp["models"]}
    for name, row in want.table.iterrows():
        assert got[name]["bic"] == pytest.approx(row["bic"], rel=1e-10)
        assert got[name]["gm"] == pytest.approx(row["gm"], rel=1e-10)
    assert cmp["best_bic"] == want.best_bic and cmp["best_gm"] == want.best_gm


def test_compare_needs_pls_and_a_readable_model(cli, files, tmp_path):
    data, alt = files
    code, out, err = cli(["analyze", str(data), "-m", str(MODEL_B), "--steps", "compare",
                          "--compare-model", str(alt), "--format", "json"])
    assert code == 0, err
    assert json.loads(out)["compare"] is None       # CB-SEM: skipped with a note
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nconstructs: [\n", encoding="utf-8")
    code, out, err = cli(["analyze", str(data), "-m", str(MODEL_B), "--method", "pls",
                          "--compare-model", str(bad)])
    assert code == 3 and "bad.yaml" in err and len(err.strip().splitlines()) == 1
