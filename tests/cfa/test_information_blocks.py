"""The block inverse of the expected information (closed-form Psi block, Schur complement)
equals the dense Cholesky inverse, and is not used where its formulas do not hold.

Identities, no R: the dense path is verified against lavaan in test_cfa_lavaan.py (and the
sim28 first-order model there runs through the blocks)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import information
from cemsurvey.psychometrics.sem.assemble import Fit, assemble
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.information import (
    Acov,
    BlockInverse,
    information_inverse,
    psi_layout,
)
from cemsurvey.psychometrics.sem.model import Constraints, SEMModel
from cemsurvey.psychometrics.sem.optimize import fisher_scoring
from cemsurvey.psychometrics.sem.start import start_values
from tests.conftest import REFERENCE

RTOL = 1e-10
PD_IND = {"ind60": ("x1", "x2", "x3"), "dem60": ("y1", "y2", "y3", "y4"),
          "dem65": ("y5", "y6", "y7", "y8")}


def many_factors(k: int = 12, per: int = 3, n: int = 600, seed: int = 7, cross: bool = False
                 ) -> tuple[pd.DataFrame, LatentStructure]:
    """``k`` correlated factors with ``per`` items each (more Psi coordinates than
    measurement parameters); ``cross`` adds a cross-loading and a residual covariance."""
    rng = np.random.default_rng(seed)
    phi = np.full((k, k), 0.35) + 0.65 * np.eye(k)
    f = rng.standard_normal((n, k)) @ np.linalg.cholesky(phi).T
    p = k * per
    lam = rng.uniform(0.5, 0.85, size=p)
    x = f[:, np.arange(p) // per] * lam + rng.standard_normal((n, p)) * np.sqrt(1 - lam ** 2)
    items = [f"x{i + 1}" for i in range(p)]
    if cross:
        x[:, 0] += 0.3 * f[:, 1]
    facs = [f"F{j + 1}" for j in range(k)]
    ind = {facs[j]: tuple(items[j * per:(j + 1) * per]) for j in range(k)}
    if cross:
        ind[facs[1]] = (*ind[facs[1]], items[0])
    st = LatentStructure(observed=tuple(items), latents=tuple(facs), indicators=ind,
                         latent_covariances=tuple((a, b) for i, a in enumerate(facs)
                                                  for b in facs[i + 1:]),
                         residual_covariances=((items[2], items[4]),) if cross else ())
    return pd.DataFrame(x, columns=items), st


def political_democracy() -> tuple[pd.DataFrame, LatentStructure]:
    """A structural model on Bollen's data: two correlated exogenous factors, a regression,
    correlated residuals, fixed disturbance covariances (two fixed Psi coordinates; five
    under ``identification="variance"``)."""
    data = pd.read_csv(REFERENCE / "data" / "political_democracy.csv")
    st = LatentStructure(observed=tuple(data.columns), latents=tuple(PD_IND), indicators=PD_IND,
                         regressions=(("dem65", ("ind60", "dem60")),),
                         latent_covariances=(("ind60", "dem60"),),
                         residual_covariances=(("y1", "y5"), ("y2", "y4"), ("y3", "y7")))
    return data, st


def orthogonal() -> tuple[pd.DataFrame, LatentStructure]:
    """Uncorrelated factors: every Psi covariance fixed to 0."""
    data, st = many_factors(k=5, per=4)
    return data, LatentStructure(observed=st.observed, latents=st.latents,
                                 indicators=st.indicators)


CASES = {
    "12 factors, marker": (many_factors, "marker", "first"),
    "12 factors, variance": (many_factors, "variance", "first"),
    "cross-loading, residual covariance": (lambda: many_factors(cross=True), "marker", "first"),
    "structural, variance": (political_democracy, "variance", "structural"),
    "structural, marker": (political_democracy, "marker", "structural"),
    "orthogonal factors": (lambda: orthogonal(), "marker", "first"),
}


@pytest.fixture(scope="module", params=list(CASES))
def fitted(request):
    make, ident, level = CASES[request.param]
    data, st = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_cfa(data, st, level=level, identification=ident, modindices=False)
    assert res.converged
    return res, st, level, ident


def test_blocks_equal_dense_inverse(fitted):
    res = fitted[0]
    prob = res.problem
    _, imp, inv = prob.evaluate(res.theta)
    dense = information_inverse(prob, imp, inv, "dense")
    blocks = information_inverse(prob, imp, inv, "blocks")
    assert isinstance(dense, np.ndarray) and isinstance(blocks, BlockInverse)
    scale = np.max(np.abs(dense))
    np.testing.assert_allclose(blocks.dense(), dense, rtol=RTOL, atol=RTOL * scale)
    np.testing.assert_allclose(blocks.diag(), np.diag(dense), rtol=RTOL)
    v = np.random.default_rng(3).standard_normal(prob.model.q)
    np.testing.assert_allclose(blocks.matvec(v), dense @ v, rtol=RTOL,
                               atol=RTOL * np.max(np.abs(dense @ v)))
    ix = [3, 0, prob.model.q - 1]
    np.testing.assert_allclose(blocks.submatrix(np.array(ix)), dense[np.ix_(ix, ix)], rtol=RTOL,
                               atol=RTOL * scale)
    for density in (0.05, 0.6):          # rows with few nonzeros, and with many (> 32)
        j = sparse.random(150, prob.model.q, density=density, random_state=4, format="csr")
        quad = np.asarray(j.multiply(j @ dense).sum(axis=1)).ravel()
        np.testing.assert_allclose(blocks.quad_diag(j), quad, rtol=RTOL,
                                   atol=RTOL * np.max(quad))


def test_fit_through_blocks_equals_dense(fitted, monkeypatch):
    """SEs, std.all SEs and the covariance of the estimates at the same estimates."""
    res, st, level, ident = fitted
    fit = Fit(res.problem, res.theta, True, res.iterations, res.optimizer, "", 0.0)
    out = {}
    for name in ("dense", "blocks"):
        monkeypatch.setattr(information, "block_layout",
                            lambda model, method="auto", name=name:
                            psi_layout(model) if name == "blocks" else None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out[name] = assemble(fit, st, level, ident, "listwise", [])
    dense, blocks = out["dense"], out["blocks"]
    assert isinstance(dense.vcov, Acov) and dense.vcov.blocks is None
    assert blocks.vcov.blocks is not None
    for col in ("est", "se", "std", "std_se"):
        want = dense.parameters[col].to_numpy()
        # atol: SEs that are 0 in exact arithmetic (std.all of a variance standardized to 1)
        # come out as rounding noise of 1e-17 on either path
        np.testing.assert_allclose(blocks.parameters[col], want, rtol=RTOL,
                                   atol=RTOL * np.nanmax(np.abs(want)))
    ix = [1, 0, len(res.theta) - 2]
    sub = dense.vcov.submatrix(ix)
    np.testing.assert_allclose(blocks.vcov.submatrix(ix), sub, rtol=RTOL,
                               atol=RTOL * np.max(np.abs(sub)))
    assert blocks.vcov._matrix is None        # not formed by the above
    np.testing.assert_allclose(blocks.acov, dense.acov, rtol=RTOL,
                               atol=RTOL * np.max(np.abs(dense.acov)))
    assert blocks.fit == dense.fit


def test_large_model_takes_blocks_and_matches_modindices(monkeypatch):
    """The default choice at 12 factors is the block path; the modification indices (which
    need the full inverse) equal the dense path's."""
    data, st = many_factors()
    a = fit_cfa(data, st)
    assert a.vcov.blocks is None            # 78 Psi coordinates: below BLOCK_MIN_PSI
    monkeypatch.setattr(information, "BLOCK_MIN_PSI", 0)
    b = fit_cfa(data, st)
    assert b.vcov.blocks is not None
    np.testing.assert_allclose(b.parameters["se"], a.parameters["se"], rtol=1e-8)
    np.testing.assert_allclose(b.modindices["mi"], a.modindices["mi"], rtol=1e-7)
    assert list(b.modindices["rhs"]) == list(a.modindices["rhs"])


def test_scoring_through_blocks_converges_to_the_same_estimates(monkeypatch):
    data, st = many_factors(k=15)
    s = np.cov(data.to_numpy().T, bias=True)
    from cemsurvey.psychometrics.sem.ml import MLProblem

    prob = MLProblem(SEMModel(st), s, len(data))
    theta0 = start_values(prob.model, s)
    monkeypatch.setattr(information, "BLOCK_MIN_PSI", 10 ** 9)
    dense = fisher_scoring(prob, theta0)
    monkeypatch.setattr(information, "BLOCK_MIN_PSI", 0)
    blocks = fisher_scoring(prob, theta0)
    assert dense.converged and blocks.converged
    np.testing.assert_allclose(blocks.theta, dense.theta, rtol=1e-7, atol=1e-9)
    assert blocks.fmin == pytest.approx(dense.fmin, rel=1e-12)


# ------------------------------------------------------------------ where blocks must not apply
def test_blocks_refused_for_second_order_and_constraints():
    data, st = many_factors(k=4)
    assert psi_layout(SEMModel(st)) is not None
    # second-order: H = Lambda A is rank deficient
    so = LatentStructure(observed=st.observed, latents=(*st.latents, "G"),
                         indicators={**st.indicators, "G": st.latents})
    assert so.higher_order
    assert psi_layout(SEMModel(so)) is None
    # no free Psi coordinate at all (every factor variance fixed, factors orthogonal)
    orth = LatentStructure(observed=st.observed, latents=st.latents, indicators=st.indicators)
    assert psi_layout(SEMModel(orth, "variance")) is None
    # equality constraints: rows share a parameter
    eq = SEMModel(st).constrained(Constraints(equal=(("F1 =~ x2", "F1 =~ x3"),)))
    assert psi_layout(eq) is None
    s = np.cov(data.to_numpy().T, bias=True)
    from cemsurvey.psychometrics.sem.ml import MLProblem

    prob = MLProblem(eq, s, len(data))
    _, imp, inv = prob.evaluate(start_values(prob.model, s))
    with pytest.raises(ValueError, match="do not apply"):
        information_inverse(prob, imp, inv, "blocks")
    assert isinstance(information_inverse(prob, imp, inv), np.ndarray)


def test_auto_takes_blocks_only_where_they_pay(monkeypatch):
    monkeypatch.setattr(information, "BLOCK_MIN_PSI", 0)
    _, st = many_factors(k=12)
    assert information.block_layout(SEMModel(st)) is not None          # 78 Psi > 60 meas.
    _, small = many_factors(k=4)
    assert information.block_layout(SEMModel(small)) is None           # 10 Psi < 12 meas.
    cov = st.latent_covariances
    fixed = LatentStructure(observed=st.observed, latents=st.latents, indicators=st.indicators,
                            latent_covariances=cov[:-7])
    assert information.block_layout(SEMModel(fixed)) is not None       # 71 Psi, 7 fixed
    fixed = LatentStructure(observed=st.observed, latents=st.latents, indicators=st.indicators,
                            latent_covariances=cov[:-13])
    assert information.block_layout(SEMModel(fixed), "blocks") is not None
    assert information.block_layout(SEMModel(fixed)) is None           # 13 fixed > 12 latents
    assert information.block_layout(SEMModel(st), "dense") is None


def test_second_order_fit_keeps_dense_path():
    data, st = many_factors(k=6)
    so = LatentStructure(observed=st.observed, latents=(*st.latents, "G"),
                         indicators={**st.indicators, "G": st.latents})
    r = fit_cfa(data, so, level="second", modindices=False)
    assert r.converged and r.vcov.blocks is None


def test_singular_measurement_block_is_reported(monkeypatch):
    """A non-identified measurement part (a factor with one free loading and its variance
    fixed by nothing) makes S singular: no SEs, the warning, as on the dense path."""
    data, st = many_factors(k=5)
    model = SEMModel(st).constrained(Constraints(free=("F1 =~ x1",)))
    s = np.cov(data.to_numpy().T, bias=True)
    from cemsurvey.psychometrics.sem.ml import MLProblem

    prob = MLProblem(model, s, len(data))
    _, imp, inv = prob.evaluate(start_values(model, s))
    assert information_inverse(prob, imp, inv, "dense") is None
    assert information_inverse(prob, imp, inv, "blocks") is None
