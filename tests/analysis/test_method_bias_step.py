"""The ``method-bias`` step and the discriminant validity with inference of the ``validity``
step, end to end: ``cemsurvey analyze`` on a shipped instrument's simulated data and on a small
instrument with a ``marker: true`` construct; tables in the terminal, HTML and JSON, the JSON
valid against the published schema, the "What to report" lines, the remarks on ML and
complete cases, the scores behind the full-collinearity VIFs and the cut-off option."""

from __future__ import annotations

import json
import warnings

import jsonschema
import numpy as np
import pandas as pd
import pytest

from cemsurvey.analysis import AnalysisOptions, run_analysis
from cemsurvey.errors import EstimationError
from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.method_bias import full_collinearity_vif
from cemsurvey.report.analysis_schema import analysis_json_schema
from cemsurvey.report.analysis_summary import summary_lines
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.simulate import simulate_responses
from tests.conftest import INSTRUMENTS, REFERENCE, ROOT

BFI_YAML = (ROOT / "tests" / "cfa" / "bfi.yaml").read_text(encoding="utf-8")
TABLE_TITLES = ("Common-method bias", "Common latent factor: standardized loadings",
                "Discriminant validity: factor correlations with inference")


@pytest.fixture(scope="module")
def marker_files(tmp_path_factory):
    """bfi with Openness declared the marker, 300 respondents (some with gaps)."""
    d = tmp_path_factory.mktemp("marker")
    yaml = d / "bfi_marker.yaml"
    yaml.write_text(BFI_YAML.replace("  - id: O\n", "  - id: O\n    marker: true\n"),
                    encoding="utf-8")
    data = pd.read_csv(REFERENCE / "data" / "bfi.csv").iloc[:300, :26]
    csv = d / "bfi300.csv"
    data.to_csv(csv, index=False)
    return yaml, csv, data


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    ins = load_instrument(INSTRUMENTS / "customer-engagement-journey.yaml")
    sim = simulate_responses(ins, 200, seed=5)
    path = write_export(sim, ins, tmp_path_factory.mktemp("cej") / "cej.csv", "csv")
    return INSTRUMENTS / "customer-engagement-journey.yaml", path


def _valid(d: dict) -> None:
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)


def test_marker_instrument_end_to_end(cli, marker_files, tmp_path):
    yaml, csv, data = marker_files
    html = tmp_path / "r.html"
    args = ["analyze", csv, "-m", yaml, "--steps", "validity,method-bias", "--bootstrap", "50",
            "--seed", "1", "--discriminant-cutoff", "0.85"]
    code, out, err = cli([*args, "--format", "json", "--report", html])
    assert code == 0, err
    d = json.loads(out)
    _valid(d)
    mb, val = d["method_bias"], d["validity"]
    assert mb["marker_construct"] == "O"
    assert mb["full_collinearity"]["scores"] == "mean"
    assert set(mb["full_collinearity"]["vif"]) == {"A", "C", "E", "N"}  # marker left out
    assert mb["marker_technique"]["marker"] == "O" and mb["lindell_whitney"]["marker"] == "O"
    n_cc = int(data.iloc[:, 1:].notna().all(axis=1).sum())
    assert mb["harman"]["n"] == n_cc < 300
    dv = val["discriminant"]
    assert dv["cutoff"] == 0.85 and dv["chi2_tests"] is True and len(dv["pairs"]) == 10
    assert all(p["p"] is not None and p["df_diff"] == 1 for p in dv["pairs"])
    hi = val["htmt_inference"]
    assert hi["n_boot"] == 50 and hi["cutoff"] == 0.85 and len(hi["pairs"]) == 10
    # the verdict is the interval's upper bound against the cut-off
    assert all(p["supported"] == (p["htmt_upper"] < 0.85) for p in hi["pairs"])
    notes = {s["name"]: s["note"] or "" for s in d["steps"]}
    assert f"the {n_cc} of 300 respondents who answered every item" in notes["method-bias"]
    assert "complete cases" in notes["validity"]
    page = html.read_text(encoding="utf-8")
    for title in (*TABLE_TITLES, "CFA marker technique (marker: O)",
                  "Discriminant validity: HTMT with bootstrap intervals", "Kock (2015)",
                  "Rönkkö &amp; Cho (2022)", "Franke &amp; Sarstedt (2019)"):
        assert title in page, title

    code, out, err = cli([*args, "--full"])  # every table, not the summary
    assert code == 0, err
    flat = " ".join(out.split())  # the terminal wraps long sentences
    for s in (*TABLE_TITLES, "CFA marker technique", "chi2(.85)", "What to report",
              "Harman's single-factor test: one factor explained",
              "Full-collinearity VIFs (mean scores) ranged from",
              "A common latent factor (equal loadings) improved fit by",
              "Marker correction (marker O", "CFA marker technique (marker O): method variance",
              "significantly below .85 (chi2(cut) test)",
              "largest upper bound of the 95% bootstrap CI of HTMT"):
        assert s in flat, s


def test_cutoff_is_validated(cli, marker_files):
    yaml, csv, _ = marker_files
    code, out, err = cli(["analyze", csv, "-m", yaml, "--steps", "method-bias",
                          "--discriminant-cutoff", "1.5"])
    assert code == 2 and "--discriminant-cutoff" in err and "1.5" in err and out == ""
    with pytest.raises(EstimationError, match="cut-off must be above 0 and at most 1"):
        AnalysisOptions(discriminant_cutoff=0.0)
    assert AnalysisOptions().to_dict()["discriminant_cutoff"] == 0.90


def test_remarks_name_ml_and_pls_fallback(marker_files):
    """Under MLR the method-factor models are still ML (a remark says so); under PLS-SEM
    without structural paths the VIFs fall back to mean scores with a remark."""
    yaml, csv, _ = marker_files
    ins = load_instrument(yaml)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = run_analysis(csv, ins, AnalysisOptions(steps=("method-bias",), estimator="mlr",
                                                   method="pls"))
    note = r.record("method-bias").note
    assert "fitted by ML (this run's estimator is MLR)" in note
    assert "full-collinearity VIFs use mean scores: PLS construct scores need" in note
    mb = r.get("method-bias")
    assert mb.collinearity.scores == "mean" and mb.clf.trait.estimator == "ML"
    assert "--" not in note  # core messages name no CLI option


@pytest.mark.slow
def test_shipped_instrument_cli(cli, shipped, tmp_path):
    yaml, csv = shipped
    html = tmp_path / "r.html"
    args = ["analyze", csv, "-m", yaml, "--steps", "validity,method-bias", "--bootstrap", "50",
            "--seed", "1"]
    code, out, err = cli([*args, "--format", "json", "--report", html])
    assert code == 0, err
    d = json.loads(out)
    _valid(d)
    status = {s["name"]: s["status"] for s in d["steps"]}
    assert status["method-bias"] == "ok" and status["validity"] == "ok"
    mb = d["method_bias"]
    assert 0 < mb["harman"]["pca_share"] < 0.5 and mb["marker_construct"] is None
    assert mb["lindell_whitney"] is None and mb["marker_technique"] is None
    assert len(mb["full_collinearity"]["vif"]) == 18
    dv = d["validity"]["discriminant"]
    assert dv["chi2_tests"] is False and len(dv["pairs"]) == 153  # 18 constructs > 105 pairs
    assert all(p["below_cutoff"] == (p["upper"] < 0.90) for p in dv["pairs"])
    assert "run for at most 105 pairs" in {s["name"]: s["note"] for s in d["steps"]}["validity"]
    page = html.read_text(encoding="utf-8")
    assert all(t in page for t in TABLE_TITLES)
    code, out, err = cli([*args, "--full"])  # every table, not the summary
    assert code == 0, err
    assert all(t in out for t in TABLE_TITLES)
    assert "significantly below .90 (CI upper limit)" in " ".join(out.split())


@pytest.mark.slow
def test_pls_scores_of_the_structural_step(shipped):
    """Under PLS-SEM the VIFs are those of the structural step's construct scores."""
    yaml, csv = shipped
    ins = load_instrument(yaml)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = run_analysis(csv, ins, AnalysisOptions(steps=("structural", "method-bias"),
                                                   method="pls", bootstrap=20, seed=1))
    mb = r.get("method-bias")
    scores = r.get("structural").scores
    ref = full_collinearity_vif(scores[[c for c in ins.construct_ids if c in scores.columns]])
    assert mb.collinearity.scores == "PLS"
    np.testing.assert_allclose(mb.collinearity.vif.to_numpy(), ref.vif.to_numpy(), rtol=1e-12)
    lines = [t for topic, t, _ in summary_lines(r) if topic == "method bias"]
    assert any(t.startswith("Full-collinearity VIFs (PLS scores)") for t in lines)
