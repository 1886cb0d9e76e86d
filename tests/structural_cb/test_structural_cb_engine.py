"""fit_cbsem: identities, simulation recovery, bootstrap intervals and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from cemsurvey.errors import ConvergenceWarning, EstimationError, SpecError
from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.sem import structural as structural_mod
from cemsurvey.psychometrics.sem.structural import CBSEMResult, fit_cbsem
from cemsurvey.psychometrics.sem.structural_result import StructuralResult
from cemsurvey.report.structural import structural_tables
from tests.conftest import REFERENCE

HERE = Path(__file__).parent
PD_YAML = HERE / "political_democracy.yaml"


@pytest.fixture(scope="module")
def pd_data() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "data" / "political_democracy.csv")


@pytest.fixture(scope="module")
def pd_ins() -> Instrument:
    return load_instrument(PD_YAML)


def _instrument(paths: list[str], k: int = 3) -> Instrument:
    """Three constructs X, M, Y with ``k`` items each on a numeric scale."""
    cons = [{"id": c, "name": c, "scale": "v",
             "items": [{"id": f"{c}{j}", "text": f"{c} item {j}"} for j in range(1, k + 1)]}
            for c in ("X", "M", "Y")]
    return Instrument.model_validate({"title": "t", "scales": {"v": {"type": "numeric"}},
                                      "constructs": cons, "paths": paths})


def _simulate(n: int, a: float, b: float, c: float, seed: int) -> pd.DataFrame:
    """X -> M (a), M -> Y (b), X -> Y (c); latent disturbances N(0, 1); loadings .8/.7/.6."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = a * x + rng.normal(size=n)
    y = b * m + c * x + rng.normal(size=n)
    cols = {}
    for name, f in (("X", x), ("M", m), ("Y", y)):
        for j, lam in enumerate((1.0, 0.8, 0.6), start=1):
            cols[f"{name}{j}"] = lam * f + rng.normal(scale=0.6, size=n)
    return pd.DataFrame(cols)


def test_result_types_and_to_dict(pd_data, pd_ins):
    r = fit_cbsem(pd_data, pd_ins)
    assert isinstance(r, CBSEMResult) and isinstance(r.structural, StructuralResult)
    d = r.structural.to_dict()
    assert d["method"] == "cb-sem" and d["bootstrap"] == 0 and d["ci_method"] == "wald"
    assert set(d["paths"][0]) == {"hypothesis", "from", "to", "est", "std", "se", "t", "p",
                                  "ci_lower", "ci_upper", "supported"}
    assert set(d["r2"]) == {"dem60", "dem65"} and d["fit"]["df"] == 35
    full = r.to_dict()
    assert {"structural", "fit", "effects", "bootstrap_failed"} <= set(full)
    assert {"from", "to", "kind", "est", "std", "se", "z", "p", "ci_lower",
            "ci_upper"} == set(full["effects"][0])


def test_effect_identities(pd_data, pd_ins):
    """total = direct + indirect; the indirect effect is the product of its paths;
    standardized effects rescale by sd(x)/sd(y) of the implied latent covariances."""
    r = fit_cbsem(pd_data, pd_ins)
    e = r.effects.set_index(["from", "to", "kind"])
    h = {(p.from_, p.to): p for p in r.structural.paths}
    ind = h[("ind60", "dem60")].est * h[("dem60", "dem65")].est
    assert e.loc[("ind60", "dem65", "indirect"), "est"] == pytest.approx(ind, rel=1e-12)
    assert e.loc[("ind60", "dem65", "total"), "est"] == pytest.approx(
        ind + h[("ind60", "dem65")].est, rel=1e-12)
    cov = r.fit.factor_covariances
    s = np.sqrt(cov.loc["ind60", "ind60"] / cov.loc["dem65", "dem65"])
    assert e.loc[("ind60", "dem65", "total"), "std"] == pytest.approx(
        e.loc[("ind60", "dem65", "total"), "est"] * s, rel=1e-12)
    # no direct row where the model has no direct path, no indirect row without a chain
    assert ("ind60", "dem60", "indirect") not in e.index
    assert e.loc[("dem60", "dem65", "direct"), "std"] == pytest.approx(h[("dem60", "dem65")].std)


def test_variance_identification_same_standardized_solution(pd_data, pd_ins):
    a = fit_cbsem(pd_data, pd_ins)
    b = fit_cbsem(pd_data, pd_ins, identification="variance")
    assert b.fit.fit.chi2 == pytest.approx(a.fit.fit.chi2, rel=1e-8)
    for p, q in zip(a.structural.paths, b.structural.paths):
        assert q.std == pytest.approx(p.std, rel=1e-6)
        # (Wald z of unstandardized paths is not invariant to the identification:
        # Gonzalez & Griffin 2001, so it is not compared)
    for c in a.structural.r2:
        assert b.structural.r2[c] == pytest.approx(a.structural.r2[c], rel=1e-6)


def test_recovers_planted_paths_and_rejects_null_path():
    data = _simulate(3000, a=0.6, b=0.5, c=0.0, seed=7)
    r = fit_cbsem(data, _instrument(["M ~ X", "Y ~ M + X"]))
    h = {(p.from_, p.to): p for p in r.structural.paths}
    assert h[("X", "M")].est == pytest.approx(0.6, abs=0.06)
    assert h[("M", "Y")].est == pytest.approx(0.5, abs=0.06)
    assert abs(h[("X", "Y")].est) < 0.08
    assert h[("X", "M")].supported and h[("M", "Y")].supported
    (ie,) = r.structural.indirect
    assert ie.est == pytest.approx(0.3, abs=0.05)
    assert r.fit.fit.p > 0.001  # the model is true


def test_one_tailed_test_needs_the_hypothesised_sign():
    data = _simulate(800, a=-0.5, b=0.5, c=0.0, seed=3)
    ins = _instrument(["M ~ X", "Y ~ M"])
    two = fit_cbsem(data, ins, tails=2)
    one = fit_cbsem(data, ins, tails=1)
    assert two.structural.path("X", "M").supported
    assert not one.structural.path("X", "M").supported  # negative, hypothesised positive
    assert one.structural.path("M", "Y").p == pytest.approx(two.structural.path("M", "Y").p / 2)


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
def test_bootstrap_intervals_reproducible_and_sensible(pd_data, pd_ins):
    calls = []
    a = fit_cbsem(pd_data, pd_ins, bootstrap=150, seed=11, progress=calls.append)
    b = fit_cbsem(pd_data, pd_ins, bootstrap=150, seed=11)
    bc = fit_cbsem(pd_data, pd_ins, bootstrap=150, seed=11, ci="bc")
    assert sum(calls) == 150 and a.bootstrap_failed == 0
    assert a.structural.ci_method == "percentile" and bc.structural.ci_method == "bc"
    for p, q, r in zip(a.structural.paths, b.structural.paths, bc.structural.paths):
        assert (p.ci_lower, p.ci_upper) == (q.ci_lower, q.ci_upper)
        assert p.ci_lower < p.est < p.ci_upper
        assert r.ci_lower < r.est < r.ci_upper
        assert (r.ci_lower, r.ci_upper) != (p.ci_lower, p.ci_upper)
        # path tests keep the ML standard error
        assert p.se == pytest.approx(fit_cbsem(pd_data, pd_ins).structural.path(p.from_, p.to).se)
    (ie,) = a.structural.indirect
    assert ie.ci_lower < ie.est < ie.ci_upper and ie.se > 0
    # bootstrap SE of the indirect effect is near the delta-method SE (n = 75: loosely)
    delta = fit_cbsem(pd_data, pd_ins).structural.indirect[0].se
    assert 0.6 < ie.se / delta < 1.6


def test_failed_resamples_are_counted_excluded_and_announced(pd_data, pd_ins, monkeypatch):
    real = structural_mod.bootstrap_cfa

    def flaky(*args, **kw):
        boot = real(*args, **kw)
        conv = boot.converged.copy()
        conv[::4] = False  # 25 of 100 "fail"
        return type(boot)(boot.estimates, boot.std, boot.chi2, conv, boot.seed, boot.b,
                          boot.warnings)

    monkeypatch.setattr(structural_mod, "bootstrap_cfa", flaky)
    with pytest.warns(ConvergenceWarning, match=r"25 of 100 bootstrap resamples failed.*25% is many"):
        r = fit_cbsem(pd_data, pd_ins, bootstrap=100, seed=2)
    assert r.bootstrap_failed == 25
    assert any("25 of 100" in w for w in r.structural.warnings)
    assert "25 failed" in " ".join(" ".join(t.notes) for t in structural_tables(r))


def test_cycle_is_an_error(pd_data):
    base = yaml.safe_load(PD_YAML.read_text())
    ins = Instrument.model_validate({**base, "paths": ["dem60 ~ ind60", "dem65 ~ dem60",
                                                       "ind60 ~ dem65"]})
    with pytest.raises(SpecError, match="cycle .*must be recursive"):
        fit_cbsem(pd_data, ins)


def test_malformed_and_missing_paths_are_spec_errors(pd_data):
    base = yaml.safe_load(PD_YAML.read_text())
    with pytest.raises(SpecError, match="paths: .*empty name"):
        fit_cbsem(pd_data, Instrument.model_validate({**base, "paths": ["dem60 ~ "]}))
    with pytest.raises(SpecError, match="no structural paths"):
        fit_cbsem(pd_data, Instrument.model_validate({**base, "paths": []}))
    with pytest.raises(SpecError, match="names 'foo'"):
        fit_cbsem(pd_data, Instrument.model_validate({**base, "paths": ["dem60 ~ foo"]}))


def test_endogenous_without_predictors_is_an_error():
    from cemsurvey.instrument.structure import LatentStructure

    st = LatentStructure(observed=("a",), latents=("F", "G"), indicators={"F": ("a",), "G": ("a",)},
                         regressions=(("G", ()),))
    with pytest.raises(SpecError, match="'G' has no predictors"):
        structural_mod._check_paths(st)


def test_bad_options(pd_data, pd_ins):
    with pytest.raises(EstimationError, match="ci must be"):
        fit_cbsem(pd_data, pd_ins, ci="bca")
    with pytest.raises(EstimationError, match="tails"):
        fit_cbsem(pd_data, pd_ins, tails=3)
    with pytest.raises(EstimationError, match="bootstrap"):
        fit_cbsem(pd_data, pd_ins, bootstrap=-1)


def test_tables(pd_data, pd_ins):
    keys = [t.key for t in structural_tables(fit_cbsem(pd_data, pd_ins))]
    assert keys == ["structural_hypotheses", "structural_r2", "structural_indirect",
                    "cbsem_effects", "cbsem_fit"]
