"""Identities, simulation recovery, bad input and warnings of the CFA engine (no R needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import (
    DataError,
    DataWarning,
    EstimationError,
    HeywoodWarning,
    SpecWarning,
)
from cemsurvey.instrument.model import Construct, Instrument, Item
from cemsurvey.instrument.structure import LatentStructure, latent_structure
from cemsurvey.psychometrics.sem.bootstrap import bootstrap_cfa
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.model import SEMModel
from cemsurvey.psychometrics.sem.start import start_values
from tests.conftest import REFERENCE

DATA = REFERENCE / "data"


def simulate(loadings: dict[str, list[float]], phi: np.ndarray, n: int, seed: int,
             resid: float = 0.5) -> tuple[pd.DataFrame, LatentStructure]:
    rng = np.random.default_rng(seed)
    names = list(loadings)
    eta = rng.multivariate_normal(np.zeros(len(names)), phi, size=n)
    cols, ind = {}, {}
    for k, f in enumerate(names):
        ind[f] = tuple(f"{f}_{j + 1}" for j in range(len(loadings[f])))
        for j, lam in enumerate(loadings[f]):
            cols[ind[f][j]] = lam * eta[:, k] + rng.normal(scale=np.sqrt(resid), size=n)
    obs = tuple(cols)
    covs = tuple((names[i], names[j]) for i in range(len(names)) for j in range(i + 1, len(names)))
    return pd.DataFrame(cols), LatentStructure(observed=obs, latents=tuple(names), indicators=ind,
                                               latent_covariances=covs)


def small_instrument(k_items: tuple[int, ...] = (3, 3), reverse: str | None = None) -> Instrument:
    cons = []
    for c, k in zip("AB", k_items):
        cons.append(Construct(id=c, name=c, items=[
            Item(id=f"{c}{j}", text="t", reverse=(f"{c}{j}" == reverse)) for j in range(1, k + 1)]))
    return Instrument(title="t", constructs=cons)


# ------------------------------------------------------------------ identities
@pytest.mark.parametrize("ident", ["marker", "variance"])
def test_gradient_matches_finite_differences(ident):
    ins_data = pd.read_csv(DATA / "political_democracy.csv")
    ind = {"ind60": ("x1", "x2", "x3"), "dem60": ("y1", "y2", "y3", "y4"), "dem65": ("y5", "y6", "y7", "y8")}
    st = LatentStructure(observed=tuple(ins_data.columns), latents=tuple(ind), indicators=ind,
                         regressions=(("dem60", ("ind60",)), ("dem65", ("ind60", "dem60"))),
                         residual_covariances=(("y1", "y5"), ("y2", "y4")))
    x = ins_data[list(st.observed)].to_numpy()
    s = np.cov(x.T, bias=True)
    model = SEMModel(st, ident)
    prob = MLProblem(model, s, len(x))
    theta = start_values(model, s) * 1.05
    g = prob.gradient(theta)
    h = 1e-6
    fd = np.array([(prob.objective(theta + h * e) - prob.objective(theta - h * e)) / (2 * h)
                   for e in np.eye(model.q)])
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-7)


def test_information_matches_kronecker_formula():
    """I = 1/2 Delta' (V kron V) Delta computed the slow way equals the rank-one gathers."""
    data, st = simulate({"F": [1, .8, .7], "G": [1, .9, .6]}, np.array([[1, .3], [.3, 1]]), 300, 3)
    s = np.cov(data.to_numpy().T, bias=True)
    model = SEMModel(st)
    prob = MLProblem(model, s, 300)
    theta = start_values(model, s)
    _, imp, inv = prob.evaluate(theta)
    p = model.p
    cols = []
    for k in range(model.q):
        e = np.zeros(model.q)
        e[k] = 1e-6
        cols.append(((model.implied(theta + e).sigma - model.implied(theta - e).sigma) / 2e-6).ravel())
    delta = np.array(cols).T
    slow = 0.5 * delta.T @ np.kron(inv, inv) @ delta
    np.testing.assert_allclose(prob.information(imp, inv), slow, rtol=1e-6, atol=1e-9)
    assert p == 6


def test_identification_invariance():
    hs = pd.read_csv(DATA / "political_democracy.csv")
    ind = {"ind60": ("x1", "x2", "x3"), "dem60": ("y1", "y2", "y3", "y4"), "dem65": ("y5", "y6", "y7", "y8")}
    st = LatentStructure(observed=tuple(hs.columns), latents=tuple(ind), indicators=ind,
                         latent_covariances=(("ind60", "dem60"), ("ind60", "dem65"), ("dem60", "dem65")))
    a = fit_cfa(hs, st, identification="marker")
    b = fit_cfa(hs, st, identification="variance")
    assert a.fit.chi2 == pytest.approx(b.fit.chi2, rel=1e-9)
    assert a.fit.df == b.fit.df
    np.testing.assert_allclose(a.loadings["std"], b.loadings["std"], rtol=1e-6)
    np.testing.assert_allclose(a.loadings["std_se"], b.loadings["std_se"], rtol=1e-5)
    np.testing.assert_allclose(a.factor_correlations, b.factor_correlations, rtol=1e-6)
    np.testing.assert_allclose(a.implied_cov, b.implied_cov, rtol=1e-7)


def test_covariance_input_equals_raw_data():
    data, st = simulate({"F": [1, .8, .7, .6], "G": [1, .9, .6]}, np.array([[1, .4], [.4, 1]]), 250, 5)
    a = fit_cfa(data, st)
    b = fit_cfa(data.cov(), st, n=len(data))  # R-style cov (N - 1), as lavaan's sample.cov
    assert a.fit.chi2 == pytest.approx(b.fit.chi2, rel=1e-9)
    np.testing.assert_allclose(a.parameters["est"], b.parameters["est"], rtol=1e-7)


def test_reverse_keying_from_instrument():
    rng = np.random.default_rng(11)
    f = rng.normal(size=(400, 2)) @ np.linalg.cholesky([[1, .3], [.3, 1]]).T
    cols = {}
    for k, c in enumerate("AB"):
        for j in (1, 2, 3):
            cols[f"{c}{j}"] = np.clip(np.round(3 + f[:, k] + rng.normal(scale=.7, size=400)), 1, 5)
    data = pd.DataFrame(cols)
    flipped = data.copy()
    flipped["A2"] = 6 - flipped["A2"]  # as answered: reverse-worded item
    a = fit_cfa(data, small_instrument())
    b = fit_cfa(flipped, small_instrument(reverse="A2"))
    assert a.fit.chi2 == pytest.approx(b.fit.chi2, rel=1e-9)
    assert b.loadings.set_index("item").loc["A2", "std"] > 0


# -------------------------------------------------------------------- recovery
def test_recovers_simulated_loadings_and_correlations():
    lam = {"F": [1.0, 0.8, 0.7, 0.9], "G": [1.0, 1.1, 0.6, 0.8], "H": [1.0, 0.7, 0.9, 0.5]}
    phi = np.array([[1, .5, .3], [.5, 1, .4], [.3, .4, 1]])
    data, st = simulate(lam, phi, 20000, 7)
    r = fit_cfa(data, st)
    est = r.loadings.set_index("item")["est"]
    for f, ls in lam.items():
        for j, l in enumerate(ls):
            assert est[f"{f}_{j + 1}"] == pytest.approx(l, abs=0.03)
    np.testing.assert_allclose(r.factor_correlations.to_numpy(), phi, atol=0.02)
    assert r.fit.rmsea < 0.01 and r.fit.cfi > 0.999
    assert r.residual_variances["est"].to_numpy() == pytest.approx(0.5, abs=0.03)


def test_second_order_recovery():
    rng = np.random.default_rng(3)
    n = 20000
    g = rng.normal(size=n)
    cons, cols = [], {}
    for k, gl in enumerate([0.9, 0.7, 0.8]):
        eta = gl * g + rng.normal(scale=np.sqrt(1 - gl**2), size=n)
        name = f"C{k + 1}"
        items = [Item(id=f"{name}_{j}", text="t") for j in (1, 2, 3)]
        for j, l in zip((1, 2, 3), (0.8, 0.7, 0.75)):
            cols[f"{name}_{j}"] = l * eta + rng.normal(scale=0.5, size=n)
        cons.append(Construct(id=name, name=name, items=items, dimension="D"))
    ins = Instrument(title="t", dimensions={"D": {"label": "D"}}, constructs=cons)
    r = fit_cfa(pd.DataFrame(cols), ins, level="second")
    second = r.loadings[r.loadings.construct == "D"].set_index("item")["std"]
    np.testing.assert_allclose(second.to_numpy(), [0.9, 0.7, 0.8], atol=0.03)
    assert r.fit.df == latent_structure(ins, "second").df


# ------------------------------------------------------------ bad input, warnings
def test_missing_items_error():
    data, st = simulate({"F": [1, .8, .7]}, np.eye(1), 100, 1)
    with pytest.raises(DataError, match="lack item column.*F_3"):
        fit_cfa(data.drop(columns="F_3"), st)


def test_zero_variance_error():
    data, st = simulate({"F": [1, .8, .7]}, np.eye(1), 100, 1)
    data["F_2"] = 3.0
    with pytest.raises(DataError, match="F_2 have zero variance"):
        fit_cfa(data, st)


def test_one_item_construct_error():
    with pytest.raises(EstimationError, match="'B' is measured by a single item \\(B1\\)"):
        fit_cfa(pd.DataFrame(np.random.default_rng(0).normal(size=(50, 4)), columns=["A1", "A2", "A3", "B1"]),
                small_instrument((3, 1)))


def test_too_few_cases_error():
    data, st = simulate({"F": [1, .8, .7, .6], "G": [1, .9, .6]}, np.eye(2), 6, 1)
    with pytest.raises(EstimationError, match="not larger than the number of items"):
        fit_cfa(data, st)


def test_fewer_cases_than_parameters_warns():
    data, st = simulate({"F": [1, .8, .7, .6], "G": [1, .9, .6, .8]}, np.eye(2), 16, 2)
    with pytest.warns(DataWarning, match="smaller than the number of free parameters"):
        r = fit_cfa(data, st)
    assert any("free parameters" in w for w in r.warnings)


def test_two_construct_dimension_alone_is_an_error():
    cons = [Construct(id=c, name=c, dimension="D", items=[Item(id=f"{c}{j}", text="t") for j in (1, 2, 3)])
            for c in "AB"]
    ins = Instrument(title="t", dimensions={"D": {"label": "D"}}, constructs=cons)
    data = pd.DataFrame(np.random.default_rng(0).normal(size=(100, 6)), columns=ins.item_ids)
    with pytest.raises(EstimationError, match="second-order factor 'D' has only two constructs"):
        fit_cfa(data, ins, level="second")


@pytest.mark.filterwarnings("ignore::cemsurvey.errors.HeywoodWarning")
@pytest.mark.filterwarnings("ignore::cemsurvey.errors.SingularMatrixWarning")
def test_two_construct_dimension_with_partners_warns():
    cons = [Construct(id=c, name=c, dimension=("X" if c in "AB" else "Y"),
                      items=[Item(id=f"{c}{j}", text="t") for j in (1, 2, 3)]) for c in "ABCDE"]
    ins = Instrument(title="t", dimensions={"X": {"label": "X"}, "Y": {"label": "Y"}}, constructs=cons)
    rng = np.random.default_rng(4)
    g = rng.normal(size=(500, 1))
    data = pd.DataFrame(0.7 * g + rng.normal(size=(500, 15)), columns=ins.item_ids)
    with pytest.warns(SpecWarning, match="'X' has only two constructs"):
        fit_cfa(data, ins, level="second")


def test_heywood_case_is_warned():
    # one factor, three items: lambda_a^2 = r_ab r_ac / r_bc = .9 * .3 / .2 = 1.35 > 1
    r = np.array([[1, .9, .3], [.9, 1, .2], [.3, .2, 1]])
    cov = pd.DataFrame(r, index=list("abc"), columns=list("abc"))
    st = LatentStructure(observed=("a", "b", "c"), latents=("F",), indicators={"F": ("a", "b", "c")})
    with pytest.warns(HeywoodWarning, match="Heywood case"):
        res = fit_cfa(cov, st, n=400)
    assert any("negative variance estimate for a" in w for w in res.warnings)
    assert res.residual_variances.loc["a", "est"] < 0


def test_non_positive_definite_sample_is_an_error():
    r = np.array([[1, .99, -.9], [.99, 1, .9], [-.9, .9, 1]])
    cov = pd.DataFrame(r, index=list("abc"), columns=list("abc"))
    st = LatentStructure(observed=("a", "b", "c"), latents=("F",), indicators={"F": ("a", "b", "c")})
    with pytest.raises(EstimationError, match="sample covariance matrix is not positive definite"):
        fit_cfa(cov, st, n=400)


def test_fiml_through_fit_cfa_is_fit_fiml_and_lavaan():
    # missing="fiml" dispatches to sem.fiml_fit.fit_fiml (ML and MLR), which reproduces lavaan's
    # cfa(missing = "fiml") on Holzinger-Swineford with 40 answers deleted in x2, x5, x8
    import json

    from cemsurvey.psychometrics.sem.fiml_fit import fit_fiml

    est = REFERENCE / "estimators"
    ref = json.loads((est / "hs_fiml_ml.json").read_text())
    hs = pd.read_csv(est / "hs_incomplete.csv")
    ind = {"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"), "speed": ("x7", "x8", "x9")}
    st = LatentStructure(observed=tuple(i for v in ind.values() for i in v), latents=tuple(ind),
                         indicators=ind, latent_covariances=(("visual", "textual"),
                                                             ("visual", "speed"), ("textual", "speed")))
    r = fit_cfa(hs, st, missing="fiml")
    direct = fit_fiml(hs, st)
    assert (r.estimator, r.missing, r.n) == ("ML", "fiml", ref["n"]) and r.converged
    pd.testing.assert_frame_equal(r.parameters, direct.parameters)
    assert r.fit == direct.fit
    for ours, theirs in (("chi2", "chisq"), ("cfi", "cfi"), ("rmsea", "rmsea"), ("srmr", "srmr"),
                         ("loglik", "logl"), ("bic", "bic")):
        assert getattr(r.fit, ours) == pytest.approx(ref["fit"][theirs], rel=1e-6), ours
    lav = {(e["lhs"], e["op"], e["rhs"]): e for e in ref["estimates"]}
    for row in r.parameters.itertuples():
        assert row.est == pytest.approx(lav[(row.lhs, row.op, row.rhs)]["est"], rel=1e-4, abs=1e-6)
    rr = fit_cfa(hs, st, missing="fiml", estimator="mlr")
    assert (rr.estimator, rr.missing) == ("MLR", "fiml") and "chisq.scaled" in rr.scaled_fit


def test_fiml_needs_raw_data_and_ml():
    data, st = simulate({"F": [1, .8, .7]}, np.eye(1), 100, 1)
    with pytest.raises(EstimationError, match="estimator='ml' or 'mlr'"):
        fit_cfa(data, st, missing="fiml", estimator="wlsmv")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="raw item codes"):
        fit_cfa(data.cov(), st, n=100, missing="fiml")  # type: ignore[arg-type]


def test_listwise_deletion_counts_complete_cases():
    data, st = simulate({"F": [1, .8, .7]}, np.eye(1), 200, 1)
    data.iloc[:10, 1] = np.nan
    r = fit_cfa(data, st)
    assert r.n == 190 and r.missing == "listwise"


# -------------------------------------------------------------------- to_dict, bootstrap
def test_to_dict_contract():
    data, st = simulate({"F": [1, .8, .7], "G": [1, .9, .6]}, np.array([[1, .4], [.4, 1]]), 300, 9)
    d = fit_cfa(data, st).to_dict()
    assert {"converged", "estimator", "n", "level", "fit", "loadings", "correlations"} <= set(d)
    assert {"chi2", "df", "p", "cfi", "tli", "rmsea", "rmsea_ci_lower", "rmsea_ci_upper",
            "rmsea_pclose", "srmr", "aic", "bic", "sabic", "loglik", "loglik_h1",
            "baseline_chi2", "baseline_df", "npar"} <= set(d["fit"])
    assert set(d["loadings"][0]) >= {"construct", "item", "est", "se", "std", "std_se", "p"}
    assert d["correlations"]["F"]["G"] == pytest.approx(d["correlations"]["G"]["F"])
    import json

    json.dumps(d)  # JSON-ready (NaN -> None)


def test_bootstrap_warm_starts_and_reproducible():
    data, st = simulate({"F": [1, .8, .7], "G": [1, .9, .6]}, np.array([[1, .4], [.4, 1]]), 300, 9)
    calls = []
    b1 = bootstrap_cfa(data, st, 20, seed=1, progress=calls.append)
    b2 = bootstrap_cfa(data, st, 20, seed=1)
    assert len(calls) == 20 and b1.converged.all()
    pd.testing.assert_frame_equal(b1.estimates, b2.estimates)
    ci = b1.percentile_ci()
    full = fit_cfa(data, st).parameters
    lab = [f"{a} {o} {b}" for a, o, b in zip(full.lhs, full.op, full.rhs)]
    free = full["free"].to_numpy()
    assert np.all(ci["lower"].to_numpy()[free] <= full["est"].to_numpy()[free] + 1e-9)
    assert list(ci.index) == lab


def test_bootstrap_refit_tolerance_is_far_below_the_bootstrap_spread():
    """The default refit tolerance (gtol 1e-4) changes no replicate's estimates by more than
    1% of the bootstrap SD compared with refits to 1e-9."""
    data, st = simulate({"F": [1, .8, .7, .6], "G": [1, .9, .6, .5], "H": [1, .7, .7, .6]},
                        np.array([[1, .4, .3], [.4, 1, .5], [.3, .5, 1]]), 250, 4)
    loose = bootstrap_cfa(data, st, 30, seed=2)
    tight = bootstrap_cfa(data, st, 30, seed=2, gtol=1e-9)
    assert loose.converged.all() and tight.converged.all()
    sd = tight.estimates.std()
    free = sd > 0
    diff = (loose.estimates - tight.estimates).abs().max()[free] / sd[free]
    assert diff.max() < 0.01
    assert diff.max() > 0  # the tolerance does act: the two runs are not the same refits
