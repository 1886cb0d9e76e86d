"""WLSMV with pairwise polychorics (lavaan ``missing = "pairwise"``) vs lavaan 0.6.14
(tests/reference/wlsmv_pairwise_reference.R -> tests/reference/wlsmv_pairwise/*.json):
Holzinger-Swineford cut into 4 categories with 5% MCAR gaps, and bfi with its natural gaps.
Estimates, SEs, thresholds, polychorics, std.all, the scaled and the robust (Savalei 2021)
fit indices at 1e-4 relative (they agree to ~1e-5 or better; near-zero values with an
absolute 1e-6)."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import BFI, HS, ROOT, assert_wlsmv_matches_lavaan, bfi

from cemsurvey.errors import DataError, DataWarning, EstimationError
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.polychoric import polychoric

REF = ROOT / "tests" / "reference" / "wlsmv_pairwise"
SCALED = ["chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
          "cfi.scaled", "tli.scaled", "rmsea.scaled", "rmsea.ci.lower.scaled",
          "rmsea.ci.upper.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
          "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust"]
PLAIN = {"chi2": "chisq", "df": "df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
         "srmr": "srmr", "npar": "npar", "baseline_chi2": "baseline.chisq"}


def ref(name: str) -> dict:
    return json.loads((REF / f"{name}.json").read_text())


def hs4_gaps() -> pd.DataFrame:
    return pd.read_csv(REF / "hs4_gaps.csv")


CASES = {"hs4_pairwise": (hs4_gaps, HS), "bfi_pairwise": (lambda: bfi(complete=False), BFI)}


@pytest.fixture(scope="module")
def fits():
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, (data, model) in CASES.items():
            out[name] = fit_cfa(data(), model, estimator="wlsmv", missing="pairwise")
    return out


def test_reference_data_have_gaps():
    d = hs4_gaps()
    share = float(d.isna().to_numpy().mean())
    assert 0.03 < share < 0.07 and d.dropna().shape[0] < 0.8 * d.shape[0]
    assert bfi(complete=False).dropna().shape[0] == 2436 < 2800


@pytest.mark.parametrize("name", list(CASES))
def test_pairwise_polychorics_and_thresholds_match_lavaan(name):
    e = ref(name)
    data = CASES[name][0]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pc = polychoric(data[e["items"]], missing="pairwise", acov=True)
    assert pc.n == e["n"] and pc.missing == "pairwise"
    np.testing.assert_allclose(pc.correlation.to_numpy(), np.array(e["polychoric"]), atol=1e-6)
    th = np.concatenate([pc.thresholds[i] for i in e["items"]])
    np.testing.assert_allclose(th, [e["thresholds"][k] for k in e["th_names"]], atol=1e-8)
    assert pc.pair_n is not None
    np.testing.assert_array_equal(pc.pair_n.to_numpy(), np.array(e["pair_n"]))


@pytest.mark.parametrize("name", list(CASES))
def test_pairwise_wlsmv_fit_matches_lavaan(fits, name):
    r, f = fits[name], ref(name)["fit"]
    assert r.estimator == "WLSMV" and r.converged and r.missing == "pairwise"
    assert r.n == ref(name)["n"]
    for ours, theirs in PLAIN.items():
        assert getattr(r.fit, ours) == pytest.approx(f[theirs], rel=1e-4), ours
    for k in SCALED:
        assert r.scaled_fit[k] == pytest.approx(f[k], rel=1e-4, abs=1e-12), k


@pytest.mark.parametrize("name", list(CASES))
def test_pairwise_wlsmv_estimates_ses_match_lavaan(fits, name):
    r = fits[name]
    assert_wlsmv_matches_lavaan(r, ref(name))


def test_pairwise_equals_listwise_on_complete_data():
    d = hs4_gaps().dropna()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = polychoric(d, acov=True)
        b = polychoric(d, acov=True, missing="pairwise")
    np.testing.assert_allclose(b.correlation.to_numpy(), a.correlation.to_numpy(), atol=1e-12)
    assert a.gamma is not None and b.gamma is not None
    np.testing.assert_allclose(b.gamma, a.gamma, rtol=1e-10, atol=1e-12)


def test_pairwise_gaps_widen_threshold_ses():
    # an item answered by fewer respondents has a less precise threshold (N / n_j scaling)
    d = hs4_gaps()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pc = polychoric(d.fillna(d.median()).astype(int), acov=True)
        pw = polychoric(d, acov=True, missing="pairwise")
    assert pc.gamma is not None and pw.gamma is not None
    assert np.all(np.diag(pw.gamma)[:3] > np.diag(pc.gamma)[:3])


def test_pairwise_bad_input_warns_or_raises_never_crashes():
    rng = np.random.default_rng(5)
    z = rng.multivariate_normal([0, 0, 0], [[1, .5, .4], [.5, 1, .3], [.4, .3, 1]], size=400)
    d = pd.DataFrame(np.digitize(z, [-1, 0, 1]) + 1.0, columns=["a", "b", "c"])
    # a category unused in one item's answers: the observed categories are used, with a warning
    e = d.copy()
    e.loc[e["a"] == 2, "a"] = np.nan
    with pytest.warns(DataWarning, match="category 2 never chosen"):
        pc = polychoric(e, missing="pairwise", acov=True)
    assert pc.thresholds["a"].size == 2 and pc.pair_n is not None
    assert int(pc.pair_n.loc["a", "a"]) == int(e["a"].notna().sum())
    # an item pair never answered together: a one-line EstimationError naming the pair (the
    # analyze pipeline skips the model step with it as the note)
    f = d.copy()
    f.loc[:199, "a"] = np.nan
    f.loc[200:, "b"] = np.nan
    with pytest.raises(EstimationError, match=r"never answered together \(b-a\)"):
        polychoric(f, missing="pairwise")
    with pytest.raises(EstimationError, match="never answered together"):
        fit_cfa(f.assign(d=d["c"]), _one_factor(("a", "b", "c", "d")), estimator="wlsmv",
                missing="pairwise")
    # an item nobody answered
    with pytest.raises(DataError, match="item c has no answers"):
        polychoric(d.assign(c=np.nan), missing="pairwise")
    # common answers leave one item with a single category
    g = d.copy()
    g.loc[g["a"] != 1, "b"] = np.nan
    with pytest.raises(EstimationError, match="single category of one item"):
        polychoric(g, missing="pairwise")
    # few common answers: a warning with the count
    h = d.copy()
    h.loc[20:, "a"] = np.nan
    h.loc[:19, "c"] = np.nan
    h.loc[:9, "b"] = np.nan
    with pytest.raises(EstimationError, match="never answered together"):
        polychoric(h, missing="pairwise")
    h = d.copy()
    h.loc[25:, "a"] = np.nan
    with pytest.warns(DataWarning, match="fewer than 30 respondents"):
        polychoric(h, missing="pairwise")


def _one_factor(items: tuple[str, ...]):
    from cemsurvey.instrument.structure import LatentStructure

    return LatentStructure(observed=items, latents=("F",), indicators={"F": items})


def test_analyze_skips_the_model_step_when_a_pair_was_never_answered_together(tmp_path):
    import yaml

    from cemsurvey.analysis import AnalysisOptions, run_analysis
    from cemsurvey.instrument import load_instrument

    spec = yaml.safe_load((ROOT / "tests" / "reference" / "data" / "sim28.yaml").read_text())
    spec["constructs"] = spec["constructs"][:3]
    (tmp_path / "three.yaml").write_text(yaml.safe_dump(spec))
    ins = load_instrument(tmp_path / "three.yaml")
    d = pd.read_csv(ROOT / "tests" / "reference" / "missing" / "likert_gaps.csv")
    half = len(d) // 2
    d.loc[:half, "F01_1"] = np.nan
    d.loc[half + 1:, "F02_1"] = np.nan
    d.to_csv(tmp_path / "gaps.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_analysis(tmp_path / "gaps.csv", ins, AnalysisOptions(
            steps=("import", "missing", "cfa"), estimator="wlsmv"))
    rec = res.record("cfa")
    assert rec.status == "skipped" and "never answered together (F02_1-F01_1)" in rec.note
    assert res.record("missing").status == "ok"
