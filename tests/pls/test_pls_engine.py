"""The pair-block engine (estimate) against the dense engine (estimate_dense), batched.

Both run the same iterations with the same stopping rule; on a stack of resampled
correlation matrices (mobi ECSI model, all schemes, and a repeated-indicators model)
they must agree to 1e-12 in weights, loadings and latent correlations, and in the
iteration counts and convergence flags of every resample.
"""

from __future__ import annotations

import numpy as np
import pytest

from cemsurvey.psychometrics.pls.data import Correlator, correlations
from cemsurvey.psychometrics.pls.engine import estimate, estimate_dense
from cemsurvey.psychometrics.pls.model import PLSSpec
from cemsurvey.psychometrics.pls.quality import htmt

ECSI = {"Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"], "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
        "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
        "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"], "Complaints": ["CUSCO"],
        "Loyalty": ["CUSL1", "CUSL2", "CUSL3"]}
EDGES = [("Image", "Expectation"), ("Expectation", "Quality"), ("Expectation", "Value"),
         ("Quality", "Value"), ("Image", "Satisfaction"), ("Expectation", "Satisfaction"),
         ("Quality", "Satisfaction"), ("Value", "Satisfaction"), ("Satisfaction", "Complaints"),
         ("Image", "Loyalty"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]


def _spec(blocks, edges):
    man = list(dict.fromkeys(i for b in blocks.values() for i in b))
    lat = list(blocks)
    mask = np.zeros((len(man), len(lat)), dtype=bool)
    for k, lv in enumerate(lat):
        for i in blocks[lv]:
            mask[man.index(i), k] = True
    return man, PLSSpec(tuple(man), tuple(lat), mask,
                        tuple((lat.index(a), lat.index(b)) for a, b in edges))


@pytest.mark.parametrize("scheme", ["path", "centroid", "factorial"])
def test_pair_engine_equals_dense(mobi, scheme):
    man, spec = _spec(ECSI, EDGES)
    X = mobi[man].to_numpy(float)
    counts = np.random.default_rng(1).multinomial(len(X), np.full(len(X), 1 / len(X)), size=25)
    S = Correlator(X)(counts)
    a = estimate(S, spec, scheme=scheme, tol=1e-10)
    b = estimate_dense(S, spec, scheme=scheme, tol=1e-10)
    np.testing.assert_array_equal(a.iterations, b.iterations)
    np.testing.assert_array_equal(a.converged, b.converged)
    for x, y in ((a.W, b.W), (a.SW, b.SW), (a.R, b.R)):
        np.testing.assert_allclose(x, y, atol=1e-12)


def test_pair_engine_repeated_indicators(mobi):
    blocks = {"Image": ECSI["Image"], "Expectation": ECSI["Expectation"],
              "Satisfaction": ECSI["Satisfaction"], "Loyalty": ECSI["Loyalty"],
              "H": ECSI["Image"] + ECSI["Expectation"]}
    edges = [("H", "Image"), ("H", "Expectation"), ("H", "Satisfaction"),
             ("Satisfaction", "Loyalty"), ("H", "Loyalty")]
    man, spec = _spec(blocks, edges)
    S = correlations(mobi[man].to_numpy(float))
    a = estimate(S, spec, max_iter=3)  # not converged: same partial iterations too
    b = estimate_dense(S, spec, max_iter=3)
    assert not a.converged[0] and a.iterations[0] == 3
    np.testing.assert_allclose(a.W, b.W, atol=1e-12)
    a = estimate(S, spec, tol=1e-10)
    b = estimate_dense(S, spec, tol=1e-10)
    np.testing.assert_allclose(a.SW, b.SW, atol=1e-12)


def test_weighted_correlations_match_repeated_rows(mobi):
    X = mobi.to_numpy(float)
    c = np.random.default_rng(3).multinomial(len(X), np.full(len(X), 1 / len(X)), size=3)
    S = Correlator(X)(c)
    for r in range(3):
        np.testing.assert_allclose(S[r], np.corrcoef(np.repeat(X, c[r], axis=0).T), atol=1e-12)


def test_htmt_formula(mobi):
    """HTMT from its definition with explicit loops (Henseler et al. 2015, eq. 6)."""
    items = {"A": ["IMAG1", "IMAG2", "IMAG3"], "B": ["CUEX1", "CUEX2", "CUEX3"], "C": ["PERV1", "PERV2"]}
    cols = [i for v in items.values() for i in v]
    R = np.corrcoef(mobi[cols].to_numpy(float).T)
    pos = {c: j for j, c in enumerate(cols)}
    M = np.zeros((len(cols), 3))
    for g, v in enumerate(items.values()):
        M[[pos[i] for i in v], g] = 1

    def mono(v):
        return np.mean([abs(R[pos[a], pos[b]]) for i, a in enumerate(v) for b in v[i + 1:]])
    H = htmt(R[None], M)[0]
    names = list(items)
    for g, a in enumerate(names):
        for h, b in enumerate(names):
            if g == h:
                continue
            het = np.mean([abs(R[pos[x], pos[y]]) for x in items[a] for y in items[b]])
            assert H[g, h] == pytest.approx(het / np.sqrt(mono(items[a]) * mono(items[b])), abs=1e-14)
