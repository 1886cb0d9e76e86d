"""The analysis pipeline: step order, skips with notes, errors, warnings, JSON schema,
descriptives against psych::describe."""

from __future__ import annotations

import json
import warnings
from types import SimpleNamespace

import jsonschema
import numpy as np
import pandas as pd
import pytest

from cemsurvey.analysis import AnalysisOptions, run_analysis
from cemsurvey.analysis.context import Step, StepSkipped
from cemsurvey.analysis.descriptives import describe_items
from cemsurvey.analysis.options import parse_steps
from cemsurvey.analysis.steps import DEFAULT_STEPS
from cemsurvey.errors import DataError, EstimationError, ReliabilityWarning
from cemsurvey.instrument import load_instrument
from cemsurvey.report.analysis_schema import analysis_json_schema
from cemsurvey.report.analysis_summary import reported_fit, summary_lines
from cemsurvey.report.analysis_tables import analysis_tables
from cemsurvey.report.generic import generic_tables
from cemsurvey.report.jsonify import dumps
from cemsurvey.results import ALL_STEPS
from tests.conftest import REFERENCE

DATA = REFERENCE / "data"
SIM_CSV = DATA / "sim28.csv"


@pytest.fixture(scope="module")
def sim_ins():
    return load_instrument(DATA / "sim28.yaml")


@pytest.fixture(scope="module")
def sim_result(sim_ins):
    opts = AnalysisOptions(seed=1, steps=parse_steps("import,descriptives,reliability,efa,"
                                                     "cfa,validity"), parallel_iter=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_analysis(SIM_CSV, sim_ins, opts)


def _validate(d: dict) -> None:
    jsonschema.Draft202012Validator(analysis_json_schema()).validate(json.loads(dumps(d)))


# ----------------------------------------------------------------------------- real modules
def test_real_pipeline_runs_requested_steps_in_order(sim_result):
    st = {r.name: r.status for r in sim_result.steps}
    assert [r.name for r in sim_result.steps] == list(ALL_STEPS)
    for s in ("import", "descriptives", "reliability", "efa", "cfa", "validity"):
        assert st[s] == "ok", s
    assert st["structural"] == st["profile"] == st["groups"] == "not requested"
    assert sim_result.n == 385
    assert set(sim_result.timings) >= {"import", "efa", "cfa", "total"}
    assert sim_result.timings["total"] >= sim_result.timings["efa"]


def test_real_pipeline_json_validates_against_schema(sim_result):
    d = sim_result.to_dict()
    _validate(d)
    assert d["structural"] is None and d["cfa"]["converged"] is True
    assert set(d["reliability"]) == set(sim_result.instrument.construct_ids)


def test_validity_reuses_the_single_cfa_fit(sim_ins):
    opts = AnalysisOptions(steps=parse_steps("validity"))
    seen = []
    reg = dict(DEFAULT_STEPS)
    real_cfa = reg["cfa"].run

    def counting(ctx):
        seen.append(1)
        return real_cfa(ctx)

    reg["cfa"] = Step("cfa", "CFA", counting, ("import",))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_analysis(SIM_CSV, sim_ins, opts, registry=reg)
    assert len(seen) == 1
    assert res.record("cfa").status == "ok" and res.record("validity").status == "ok"
    assert any("cfa runs because validity needs it" in n for n in res.notes)


def test_tables_and_summary_from_real_results(sim_result):
    tables = analysis_tables(sim_result)
    keys = [t.key for t in tables]
    assert len(keys) == len(set(keys))
    assert "descriptives" in keys and keys[-2:] == ["summary", "steps"]
    topics = [t for t, _, _ in summary_lines(sim_result)]
    assert {"sample", "reliability", "efa", "cfa", "validity"} <= set(topics)
    cfa_line = next(text for t, text, _ in summary_lines(sim_result) if t == "cfa")
    fit = sim_result.get("cfa").fit
    assert f"CFI = {fit.cfi:.3f}".replace("0.", ".") in cfa_line


# ----------------------------------------------------------------------------- fakes
def _fake_import(n=30, seed=0):
    def run(ctx):
        rng = np.random.default_rng(seed)
        cols = ctx.ins.item_ids
        ctx.data = pd.DataFrame(rng.integers(1, 6, (n, len(cols))).astype(float), columns=cols,
                                index=[f"r{i}" for i in range(n)])
        ctx.background = pd.DataFrame(index=ctx.data.index)
        return SimpleNamespace(data=ctx.data, background=ctx.background, n_rows=n, n_kept=n,
                               flagged=[], options=SimpleNamespace(drop=False),
                               to_dict=lambda: {"n_rows": n, "n_kept": n})
    return Step("import", "Import", run)


def test_estimation_error_skips_step_with_note_and_rest_runs(sim_ins):
    reg = dict(DEFAULT_STEPS)
    reg["import"] = _fake_import()

    def boom(ctx):
        raise EstimationError("the correlation matrix is singular; drop constant items")

    reg["efa"] = Step("efa", "EFA", boom, ("import",))
    res = run_analysis("x.csv", sim_ins, AnalysisOptions(steps=parse_steps("descriptives,efa")),
                       registry=reg)
    assert res.record("efa").status == "skipped"
    assert "singular" in res.record("efa").note
    assert any(n.startswith("efa skipped: the correlation matrix is singular") for n in res.notes)
    assert res.record("descriptives").status == "ok"
    _validate(res.to_dict())
    assert any(t == "skipped" for t, _, _ in summary_lines(res))


def test_dependent_step_skipped_when_requirement_skipped(sim_ins):
    reg = dict(DEFAULT_STEPS)
    reg["import"] = _fake_import()
    reg["cfa"] = Step("cfa", "CFA", lambda ctx: (_ for _ in ()).throw(
        EstimationError("not identified")), ("import",))
    res = run_analysis("x.csv", sim_ins, AnalysisOptions(steps=parse_steps("validity")),
                       registry=reg)
    assert res.record("cfa").status == "skipped"
    assert res.record("validity").status == "skipped"
    assert "needs cfa" in res.record("validity").note


def test_data_error_stops_the_run(sim_ins):
    reg = dict(DEFAULT_STEPS)

    def bad(ctx):
        raise DataError("x.csv: row 3, column F01_1: value 9 is not a code of agree5 (1-5)")

    reg["import"] = Step("import", "Import", bad)
    with pytest.raises(DataError, match="row 3"):
        run_analysis("x.csv", sim_ins, AnalysisOptions(), registry=reg)


def test_structural_without_paths_is_skipped_with_note(tmp_path):
    y = tmp_path / "m.yaml"
    y.write_text("title: t\nconstructs:\n"
                 "  - {id: A, name: a, items: [{id: A1, text: x}, {id: A2, text: y}, "
                 "{id: A3, text: z}]}\n", encoding="utf-8")
    ins = load_instrument(y)
    reg = dict(DEFAULT_STEPS)
    reg["import"] = _fake_import()
    res = run_analysis("x.csv", ins, AnalysisOptions(steps=parse_steps("structural")),
                       registry=reg)
    assert res.record("structural").status == "skipped"
    assert "no structural paths" in res.record("structural").note


def test_warnings_kept_on_record_and_reemitted(sim_ins):
    reg = dict(DEFAULT_STEPS)
    reg["import"] = _fake_import()

    def warns(ctx):
        warnings.warn(ReliabilityWarning("alpha of F01 is negative; check reverse keys"),
                      stacklevel=2)
        return SimpleNamespace(to_dict=lambda: {})

    reg["reliability"] = Step("reliability", "Reliability", warns, ("import",))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = run_analysis("x.csv", sim_ins, AnalysisOptions(steps=parse_steps("reliability")),
                           registry=reg)
    assert res.record("reliability").warnings == ("alpha of F01 is negative; check reverse keys",)
    assert any(issubclass(w.category, ReliabilityWarning) for w in caught)
    assert res.to_dict()["warnings"] == ["alpha of F01 is negative; check reverse keys"]


def test_groups_without_by_is_quietly_not_requested(sim_ins):
    reg = dict(DEFAULT_STEPS)
    reg["import"] = _fake_import()
    res = run_analysis("x.csv", sim_ins, AnalysisOptions(steps=parse_steps("groups")),
                       registry=reg)
    assert res.record("groups").status == "not requested" and res.record("groups").note is None
    assert not res.notes


def test_progress_factory_receives_long_steps(sim_ins):
    calls = []

    def factory(label, total):
        calls.append((label, total))
        return lambda k=1: None

    opts = AnalysisOptions(steps=parse_steps("efa"), parallel_iter=7, seed=3)
    reg = dict(DEFAULT_STEPS)
    reg["import"] = _fake_import(n=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_analysis("x.csv", sim_ins, opts, registry=reg, progress=factory)
    assert calls == [("parallel analysis", 7)]


def test_parse_steps_and_options_errors():
    assert parse_steps("cfa") == ("import", "cfa")
    with pytest.raises(EstimationError, match="unknown step 'foo'"):
        parse_steps("foo")
    with pytest.raises(EstimationError, match="bootstrap must be 0 or more"):
        AnalysisOptions(bootstrap=-1)
    with pytest.raises(EstimationError, match="unknown method"):
        AnalysisOptions(method="lisrel")  # type: ignore[arg-type]


def test_step_skipped_quiet_flag():
    assert StepSkipped("x", quiet=True).quiet and not StepSkipped("y").quiet


def test_generic_tables_keep_all_values():
    t = generic_tables("z", {"a": 1.5, "m": {"r1": {"c": 2.0}}, "l": [{"k": 3}],
                             "v": {"i": [0.1, 0.2]}})
    assert [x.key for x in t] == ["z", "z_m", "z_l", "z_v"]
    assert t[3].rows == [["i", 0.1, 0.2]]


# ----------------------------------------------------------------------------- descriptives
@pytest.mark.parametrize("name,items", [
    ("bfi", [f"{s}{i}" for s in "ACENO" for i in range(1, 6)]),
    ("sim28", None),
])
def test_descriptives_match_psych_describe(name, items):
    """psych::describe(x, type = 3) (tests/reference/analyze_reference.R), 1e-10 relative."""
    ref = json.loads((REFERENCE / "analyze" / f"describe_{name}.json").read_text())["items"]
    df = pd.read_csv(DATA / f"{name}.csv", index_col=0)
    df = df[items] if items else df
    got = describe_items(df.astype(float)).table
    assert list(got.index) == list(ref)
    for item, r in ref.items():
        for k in ("n", "mean", "sd", "median", "min", "max", "skew", "kurtosis"):
            assert got.loc[item, k] == pytest.approx(r[k], rel=1e-10, abs=1e-12), (item, k)


def test_descriptives_constant_and_empty_items_warn():
    d = describe_items(pd.DataFrame({"a": [3.0, 3, 3], "b": [np.nan] * 3, "c": [1.0, 2, 4]}))
    assert any("constant items" in w and "a" in w for w in d.warnings)
    assert any("no answers" in w and "b" in w for w in d.warnings)
    assert d.table.loc["b", "n"] == 0 and d.table.loc["b", "missing"] == 3


def test_summary_reports_the_estimators_own_fit_statistics():
    """MLR: Yuan-Bentler chi2 with the robust indices; FIML-MLR (no robust): the scaled ones;
    ML: the ordinary fit. SRMR is the estimator-independent one."""
    fit = {"chi2": 100.0, "df": 24, "p": 0.01, "cfi": 0.90, "tli": 0.88, "rmsea": 0.09,
           "rmsea_ci_lower": 0.07, "rmsea_ci_upper": 0.11, "srmr": 0.05}
    sf = {"chisq.scaled": 80.0, "pvalue.scaled": 0.02, "cfi.scaled": 0.93, "tli.scaled": 0.91,
          "rmsea.scaled": 0.08, "rmsea.ci.lower.scaled": 0.06, "rmsea.ci.upper.scaled": 0.10,
          "cfi.robust": 0.94, "tli.robust": 0.92, "rmsea.robust": 0.07,
          "rmsea.ci.lower.robust": 0.05, "rmsea.ci.upper.robust": 0.09}
    assert reported_fit(fit, {}, "ML") == (fit, "")
    rep, label = reported_fit(fit, sf, "MLR")
    assert (rep["chi2"], rep["p"], rep["cfi"], rep["tli"], rep["rmsea"]) == (80.0, 0.02, 0.94,
                                                                           0.92, 0.07)
    assert (rep["rmsea_ci_lower"], rep["rmsea_ci_upper"], rep["srmr"]) == (0.05, 0.09, 0.05)
    assert "Yuan-Bentler" in label and "robust" in label
    no_robust = {k: v for k, v in sf.items() if not k.endswith("robust")}
    rep, label = reported_fit(fit, no_robust, "WLSMV")
    assert (rep["cfi"], rep["rmsea"]) == (0.93, 0.08)
    assert "mean-and-variance adjusted" in label and "scaled" in label
