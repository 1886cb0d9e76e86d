"""``cemsurvey analyze`` with the PLS-SEM extensions end to end: ``--method plsc``,
``--interaction``, formative constructs, the ``predict`` (PLSpredict + CVPAT) and ``ipma``
steps. The numbers in the JSON are the engines' own (fit_pls, predict_pls, cvpat, ipma
called directly on the same data, 1e-10); the JSON validates against the schema; the
terminal, HTML and XLSX show the sections."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace

import jsonschema
import numpy as np
import pandas as pd
import pytest

from cemsurvey.analysis import AnalysisOptions, run_analysis
from cemsurvey.analysis.context import StepSkipped
from cemsurvey.analysis.steps import DEFAULT_STEPS
from cemsurvey.instrument import load_instrument
from cemsurvey.report.analysis_schema import analysis_json_schema
from cemsurvey.report.analysis_tables import analysis_sections
from cemsurvey.results import ALL_STEPS

YAML = """\
title: Moderation test
scales:
  agree5: {{type: likert, points: 5}}
constructs:
  - id: X
    name: Experience
    items:
      - {{id: X1, text: x one}}
      - {{id: X2, text: x two}}
      - {{id: X3, text: x three}}
  - id: M
    name: Trust
    measurement: formative
    items:
      - {{id: M1, text: m one}}
      - {{id: M2, text: m two}}
      - {{id: M3, text: m three}}
  - id: Y
    name: Loyalty
    items:
      - {{id: Y1, text: y one}}
      - {{id: Y2, text: y two}}
      - {{id: Y3, text: y three}}
paths:
  - {path}
"""


def _likert(v: np.ndarray) -> np.ndarray:
    return np.clip(np.round(3 + 1.1 * v), 1, 5)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Data with a planted X:M interaction; a model with it and one without it."""
    rng = np.random.default_rng(5)
    n = 250
    x = rng.standard_normal(n)
    m = 0.3 * x + np.sqrt(0.91) * rng.standard_normal(n)
    y = 0.4 * x + 0.3 * m + 0.3 * x * m
    y = (y - y.mean()) / y.std() * 0.8 + 0.6 * rng.standard_normal(n)
    cols = {}
    for name, eta in (("X", x), ("M", m), ("Y", y)):
        for k in (1, 2, 3):
            cols[f"{name}{k}"] = _likert(0.8 * eta + 0.6 * rng.standard_normal(n))
    d = tmp_path_factory.mktemp("plsnext")
    data = d / "responses.csv"
    pd.DataFrame(cols, index=pd.RangeIndex(1, n + 1, name="respondent")).to_csv(data)
    (d / "moderation.yaml").write_text(YAML.format(path="Y ~ X + M + X:M"), encoding="utf-8")
    (d / "main.yaml").write_text(YAML.format(path="Y ~ X + M"), encoding="utf-8")
    return data, d / "moderation.yaml", d / "main.yaml"


def _quiet_run(data, yaml, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_analysis(data, load_instrument(yaml), AnalysisOptions(**kw))


def _engine_data(data):
    return pd.read_csv(data, index_col="respondent")


@pytest.fixture(scope="module")
def moderation(files):
    data, mod, _ = files
    return _quiet_run(data, mod, steps=("reliability", "structural", "predict", "ipma"),
                      method="plsc", bootstrap=40, seed=2)


@pytest.mark.slow  # bootstrap resamples: seconds
def test_plsc_interaction_formative_numbers_are_the_engines(files, moderation):
    from cemsurvey.psychometrics.pls import fit_pls, ipma

    data, mod, _ = files
    ins = load_instrument(mod)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = fit_pls(_engine_data(data), ins, method="plsc", bootstrap=0)
    d = moderation.to_dict()
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    st = d["structural"]
    assert st["method"] == "pls" and st["pls"]["method"] == "plsc"
    ours = {(p["from"], p["to"]): p["est"] for p in st["pls"]["paths"]}
    assert ("X:M", "Y") in ours
    for (a, b), row in ref.paths.iterrows():
        assert ours[(a, b)] == pytest.approx(float(row["est"]), rel=1e-10)
    (eff,) = st["pls"]["interactions"]
    assert eff["term"] == "X:M" and eff["p"] < 0.05  # planted
    assert {r["construct"] for r in st["pls"]["formative"]["indicators"]} == {"M"}
    # IPMA of the default target (the last outcome) from the run's own PLS result
    df = _engine_data(data)
    df.index = moderation.results["structural"].scores.index  # the import's row labels
    ip = ipma(moderation.results["structural"], df, ins)
    assert d["ipma"]["target"] == "Y" == ip.target
    rows = {r["construct"]: r for r in d["ipma"]["rows"]}
    assert set(rows) == {"X", "M"}
    for c, r in ip.table.iterrows():
        assert rows[c]["importance"] == pytest.approx(float(r["importance"]), rel=1e-10)
    # PLSpredict refuses interaction terms: a visible skip, the rest ran
    rec = moderation.record("predict")
    assert rec.status == "skipped" and "interaction" in rec.note
    assert d["predict"] is None


@pytest.mark.slow
def test_plsc_interaction_formative_tables_and_figures(moderation):
    from cemsurvey.report.html import html_report

    secs = {s.step: s for s in analysis_sections(moderation)}
    tabs = {t.key: t for t in secs["structural"].tables}
    for key in ("structural_hypotheses", "pls_outer", "pls_quality", "pls_settings",
                "pls_formative", "pls_interactions", "pls_simple_slopes"):
        assert key in tabs, key
    assert ["method", "PLSc (consistent PLS)"] in tabs["pls_settings"].rows
    assert any("Consistent PLS" in n for n in tabs["pls_outer"].notes)
    assert any("mode B (formative: M" in n for n in tabs["pls_outer"].notes)
    quality = {r[0]: r for r in tabs["pls_quality"].rows}
    assert quality["M"][1] == quality["M"][3] == "n/a"        # alpha, rho_A of mode B
    assert isinstance(quality["X"][3], float) and 0 < quality["X"][3] < 1.2  # rho_A
    assert any("rho_A" in n for n in secs["reliability"].tables[0].notes)
    assert "X:M" in [r[1] for r in tabs["structural_hypotheses"].rows][-1]
    assert [t.key for t in secs["ipma"].tables] == ["pls_ipma"]
    h = html_report(moderation)
    assert h.count("<svg") == 3   # path diagram, simple slopes, importance-performance map
    assert "Simple slopes: X -&gt; Y by M" in h and "Importance-performance map: Y" in h


@pytest.mark.slow
def test_predict_step_numbers_tables_and_summary(files, cli):
    from cemsurvey.psychometrics.pls import cvpat, predict_pls

    data, _, main = files
    args = ["analyze", data, "-m", main, "--steps", "predict", "--method", "pls", "--seed",
            "4", "--predict-folds", "5", "--predict-repetitions", "2",
            "--predict-technique", "DA"]
    code, out, err = cli([*args, "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    p = d["predict"]
    assert (p["folds"], p["repetitions"], p["technique"], p["method"]) == (5, 2, "DA", "pls")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = predict_pls(_engine_data(data), load_instrument(main), folds=5, repetitions=2,
                          seed=4, technique="DA")
    items = {r["indicator"]: r for r in p["items"]}
    assert set(items) == {"Y1", "Y2", "Y3"}
    for i, r in ref.items.iterrows():
        for k in ("q2predict", "pls_rmse", "lm_rmse", "pls_mae", "lm_mae"):
            assert items[i][k] == pytest.approx(float(r[k]), rel=1e-10)
    cv = cvpat(ref, nboot=2000, seed=4)
    rows = {(r["benchmark"], r["construct"]): r for r in p["cvpat"]["rows"]}
    for (b, c), r in cv.table.iterrows():
        assert rows[(b, c)]["t"] == pytest.approx(float(r["t"]), rel=1e-10)
    assert {v["construct"]: v["verdict"] for v in p["verdict"]}["all"] \
        == ref.verdict.loc["all", "verdict"]
    code, out, err = cli([*args, "--full"])  # every table, not the summary
    assert code == 0, err
    for s in ("PLSpredict: predictive power", "CVPAT: PLS against benchmarks", "[predict]",
              f"{ref.verdict.loc['all', 'verdict']} predictive power"):
        assert s in out, s


def test_predict_and_ipma_follow_the_method(files):
    """Under CB-SEM the default step list leaves them quietly out; asked for, a note."""
    data, _, main = files
    def off(ctx):
        raise StepSkipped("not in this test", quiet=True)

    reg = {k: s if k in ("import", "predict", "ipma") else replace(s, run=off)
           for k, s in DEFAULT_STEPS.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ins = load_instrument(main)
        quiet = run_analysis(data, ins, AnalysisOptions(steps=ALL_STEPS), registry=reg)
        asked = run_analysis(data, ins, AnalysisOptions(steps=("import", "predict")),
                             registry=reg)
    assert quiet.record("predict").status == "not requested"
    assert quiet.record("ipma").status == "not requested"
    rec = asked.record("predict")
    assert rec.status == "skipped" and "PLS-SEM (method pls or plsc), not cb-sem" in rec.note


def test_usage_errors_exit_2(files, cli):
    data, mod, _ = files
    base = ["analyze", data, "-m", mod, "--steps", "predict", "--method", "pls"]
    assert cli([*base, "--predict-technique", "XA"])[0] == 2
    assert cli([*base, "--predict-folds", "1"])[0] == 2
    assert cli([*base, "--predict-repetitions", "0"])[0] == 2
    assert cli([*base, "--interaction", "latent"])[0] == 2
    code, _, err = cli([*base, "--ipma-target", "Nope"])
    assert code == 2 and "Nope" in err
    assert cli(["analyze", data, "-m", mod, "--method", "plsc", "--ci", "bc"])[0] == 2
    assert cli(["analyze", data, "-m", mod, "--method", "plsm"])[0] == 2


@pytest.mark.slow
def test_cli_plsc_product_indicator_terminal_and_json(files, cli):
    from cemsurvey.psychometrics.pls import fit_pls

    data, mod, _ = files
    args = ["analyze", data, "-m", mod, "--steps", "structural,ipma", "--method", "plsc",
            "--interaction", "product-indicator", "--bootstrap", "20", "--seed", "1",
            "--ipma-target", "Y"]
    code, out, err = cli([*args, "--full"])  # every table, not the summary
    assert code == 0, err
    for s in ("PLS interaction (moderation) effects", "product-indicator", "PLS simple slopes",
              "PLS formative measurement", "PLSc (consistent PLS)", "IPMA of Y", "[ipma]"):
        assert s in out, s
    code, out, err = cli([*args, "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(d)
    assert d["options"]["interaction"] == "product-indicator"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = fit_pls(_engine_data(data), load_instrument(mod), method="plsc",
                      interaction="product-indicator", bootstrap=0)
    est = {(p["from"], p["to"]): p["est"] for p in d["structural"]["paths"]}
    assert est[("X:M", "Y")] == pytest.approx(float(ref.paths.loc[("X:M", "Y"), "est"]),
                                              rel=1e-10)
