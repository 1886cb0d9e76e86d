"""analyze_efa on the sim28 benchmark instrument, recovery, identities and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import approx_fprime

from cemsurvey.errors import DataError, EstimationError, SingularMatrixWarning
from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.efa import analyze_efa, efa, match_factors
from cemsurvey.psychometrics.efa import extraction as efa_extraction
from cemsurvey.psychometrics.efa.rotation import geomin_criterion, gpf_oblique, oblimin_criterion

REF_DIR = Path(__file__).parent.parent / "reference"


@pytest.fixture(scope="module")
def sim28_report():
    ins = load_instrument(REF_DIR / "data" / "sim28.yaml")
    data = pd.read_csv(REF_DIR / "data" / "sim28.csv").set_index("respondent")
    return analyze_efa(data, ins, parallel_iter=50, seed=1)


def test_sim28_items_recover_their_constructs(sim28_report):
    rep = sim28_report
    assert rep.result.n_factors == 28 and rep.n == 385 and rep.missing == "listwise"
    assert sorted(v for v in rep.factor_constructs.values()) == [f"F{i:02d}" for i in range(1, 29)]
    share = np.mean([s.matches for s in rep.items])
    assert share >= 0.95
    d = rep.to_dict()
    for key in ("kmo", "kmo_items", "bartlett", "parallel_factors", "eigenvalues",
                "parallel_eigenvalues", "loadings", "method", "rotation", "n", "missing"):
        assert key in d
    assert set(d["bartlett"]) == {"chi2", "df", "p"}
    assert len(d["loadings"]["F01_1"]) == 28
    json.dumps(d)


def test_simulated_structure_recovered():
    rng = np.random.default_rng(42)
    n, k, per = 2000, 3, 4
    lam = np.zeros((k * per, k))
    for j in range(k):
        lam[j * per:(j + 1) * per, j] = rng.uniform(0.55, 0.8, per)
    phi = np.array([[1, .3, .2], [.3, 1, .25], [.2, .25, 1]])
    f = rng.multivariate_normal(np.zeros(k), phi, size=n)
    unique_sd = np.sqrt(1 - np.diag(lam @ phi @ lam.T))
    x = f @ lam.T + rng.normal(size=(n, k * per)) * unique_sd
    res = efa(x, 3, extraction="ml", rotation="oblimin")
    pat = res.pattern.to_numpy()
    order = [int(np.argmax(np.abs(pat[j * per]))) for j in range(k)]
    est = pat[:, order] * np.sign(pat[:, order].sum(axis=0))
    assert np.abs(est - lam).max() < 0.06
    est_phi = res.phi.to_numpy()[np.ix_(order, order)]
    assert np.abs(np.abs(est_phi) - phi).max() < 0.06


def test_minres_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(8, 2))
    r = np.corrcoef(rng.normal(size=(300, 2)) @ a.T + rng.normal(size=(300, 8)), rowvar=False)

    def g_obj(psi):
        w = np.linalg.eigvalsh(r - np.diag(psi))[::-1]
        return 0.5 * float((w[2:] ** 2).sum())

    psi = np.full(8, 0.6)
    lam = efa_extraction._minres_loadings(psi, r, 2)
    analytic = (lam**2).sum(axis=1) + psi - 1.0
    np.testing.assert_allclose(analytic, approx_fprime(psi, g_obj, 1e-7), atol=1e-5)


@pytest.mark.parametrize("crit", [oblimin_criterion(0.0), geomin_criterion(0.01)])
def test_rotation_criterion_gradients(crit):
    rng = np.random.default_rng(4)
    lam = rng.normal(size=(6, 3))
    _, g = crit(lam)
    num = approx_fprime(lam.ravel(), lambda v: crit(v.reshape(6, 3))[0], 1e-7).reshape(6, 3)
    np.testing.assert_allclose(g, num, atol=1e-5)
    res = gpf_oblique(lam, crit)
    assert res.converged
    # rotated model reproduces the same common variance: L Phi L' = A A'
    np.testing.assert_allclose(res.loadings @ res.phi @ res.loadings.T, lam @ lam.T, atol=1e-10)


def test_match_factors_assignment():
    pat = pd.DataFrame([[.1, .8], [.0, .7], [.9, .1]], index=["a", "b", "c"], columns=["F1", "F2"])
    assert match_factors(pat, {"a": "X", "b": "X", "c": "Y"}) == {"F1": "Y", "F2": "X"}


def test_too_many_factors_and_bad_names():
    x = np.random.default_rng(1).normal(size=(100, 5))
    with pytest.raises(EstimationError, match="cannot extract 5 factors from 5 items"):
        efa(x, 5)
    with pytest.raises(EstimationError, match="unknown rotation"):
        efa(x, 2, rotation="quartimax")
    with pytest.raises(EstimationError, match="unknown extraction"):
        efa(x, 2, extraction="gls")  # type: ignore[arg-type]
    with pytest.warns(Warning, match="negative degrees of freedom"):
        efa(x, 4)


def test_constant_item_and_small_n():
    rng = np.random.default_rng(2)
    x = pd.DataFrame(rng.normal(size=(50, 4)), columns=list("abcd"))
    x["c"] = 3.0
    with pytest.raises(DataError, match="'c' is constant"):
        efa(x, 1)
    small = pd.DataFrame(rng.normal(size=(6, 8)), columns=list("abcdefgh"))
    with pytest.warns(SingularMatrixWarning):
        res = efa(small, 1)
    assert np.isfinite(res.pattern.to_numpy()).all()
    assert any("fewer respondents" in w for w in res.warnings)


# --------------------------------------------------------------------- the CLI contract
INSTRUMENTS = Path(__file__).parent.parent.parent / "instruments"
#: instrument -> export shape and language the raw file is simulated in (analyze imports it)
EXPORTS = {"customer-engagement-journey": ("google-forms", "fa"),
           "digital-marketing-cem": ("qualtrics", "en")}


@pytest.fixture(scope="module", params=sorted(EXPORTS))
def analyzed(request, tmp_path_factory):
    from typer.testing import CliRunner

    from cemsurvey.cli.app import app

    name = request.param
    shape, lang = EXPORTS[name]
    model = INSTRUMENTS / f"{name}.yaml"
    raw = tmp_path_factory.mktemp(name) / "raw.csv"
    runner = CliRunner()
    res = runner.invoke(app, ["simulate", str(model), "-n", "385", "--seed", "7", "-o", str(raw),
                              "--as", shape, "--lang", lang, "--missing", "0.01"])
    assert res.exit_code == 0, res.stderr
    res = runner.invoke(app, ["analyze", str(raw), "--model", str(model), "--steps",
                              "reliability,efa", "--format", "json", "--seed", "1",
                              "--missing", "pairwise"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    return load_instrument(model), json.loads(res.stdout), res.stderr


def test_analyze_json_has_the_documented_keys(analyzed):
    """Issue 5's contract: n, reliability.<construct>.{alpha, alpha_std, alpha_ci, omega,
    items.<item>.{alpha_if_deleted, item_rest_r, mean, sd}}, efa.{kmo, kmo_items,
    bartlett.{chi2, df, p}, parallel_factors, eigenvalues, loadings.<item>, method, rotation};
    the missing-data policy and the effective n in every result."""
    ins, d, _ = analyzed
    assert d["n"] == 385
    rel = d["reliability"]
    assert list(rel) == ins.construct_ids
    for cid, c in rel.items():
        for key in ("alpha", "alpha_std", "omega", "n", "missing"):
            assert isinstance(c[key], (int, float, str)), (cid, key)
        assert c["missing"] == "pairwise" and 0 < c["n"] <= 385
        lo, hi = c["alpha_ci"]
        assert lo < c["alpha"] < hi
        items = [it.id for it in ins.construct(cid).items]
        assert list(c["items"]) == items
        for it in items:
            for key in ("alpha_if_deleted", "item_rest_r", "mean", "sd"):
                assert np.isfinite(c["items"][it][key]), (cid, it, key)
    e = d["efa"]
    assert 0 < e["kmo"] < 1 and set(e["kmo_items"]) == set(ins.item_ids)
    assert set(e["bartlett"]) == {"chi2", "df", "p"} and e["bartlett"]["chi2"] > 0
    assert isinstance(e["parallel_factors"], int)
    assert len(e["eigenvalues"]) == len(ins.item_ids)
    assert set(e["loadings"]) == set(ins.item_ids)
    assert all(len(v) == len(ins.construct_ids) for v in e["loadings"].values())
    assert (e["method"], e["rotation"]) == ("minres", "oblimin")
    assert e["missing"] == "pairwise" and 0 < e["n"] <= 385


def test_analyze_tables_are_readable(cli, tmp_path):
    import re

    raw = tmp_path / "raw.csv"
    model = INSTRUMENTS / "customer-engagement-journey.yaml"
    code, _, err = cli(["simulate", model, "-n", "385", "--seed", "7", "-o", raw])
    assert code == 0, err
    code, out, err = cli(["analyze", raw, "--model", model, "--steps", "reliability,efa",
                          "--seed", "1", "--full"])
    assert code == 0, err
    for title in ("Reliability per construct", "Item statistics",
                  "Sampling adequacy and number of factors", "Pattern loadings (minres, oblimin)"):
        assert title in out
    assert not re.search(r"\bnan\b|\binf\b", out)  # (construct INF is upper case)
