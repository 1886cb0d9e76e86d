"""Identities behind the fast multi-group engine (HolzingerSwineford1939 by school).

* the block factorization of the information (:mod:`.multigroup_blocks`) solves and inverts
  like the dense q x q matrix (1e-10 relative);
* the score tests from the constrained information equal lavaan's definition with the
  bordered matrix ``[[I, R'], [R, 0]]`` over the per-group parameters (1e-8 relative);
* the preconditioned L-BFGS reaches the same optimum from the start values and from a warm
  start of another level.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.multigroup_fit import fit_multigroup, group_moments

DATA = Path(__file__).parents[1] / "reference" / "data" / "holzinger_swineford.csv"
FACTORS = {"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"), "speed": ("x7", "x8", "x9")}


@pytest.fixture(scope="module")
def fits():
    st = LatentStructure(observed=tuple(x for v in FACTORS.values() for x in v),
                         latents=tuple(FACTORS), indicators=FACTORS,
                         latent_covariances=tuple(itertools.combinations(FACTORS, 2)))
    hs = pd.read_csv(DATA)
    groups = group_moments(hs, st.observed, hs["school"])
    conf = fit_multigroup(groups, st)
    metric = fit_multigroup(groups, st, equal=("loadings",), warm=conf)
    scalar = fit_multigroup(groups, st, equal=("loadings", "intercepts"), warm=metric)
    partial = fit_multigroup(groups, st, equal=("loadings", "intercepts"), released={"x3 ~1"},
                             warm=scalar)
    return {"configural": conf, "metric": metric, "scalar": scalar, "partial": partial,
            "groups": groups, "structure": st}


@pytest.mark.parametrize("level", ["configural", "metric", "scalar", "partial"])
def test_block_information_matches_dense(fits, level):
    prob = fits[level].problem
    _, grad, info, evs = prob.evaluate(fits[level].theta)
    blk = prob.blocks(evs)
    rhs = np.column_stack([grad, np.arange(prob.model.q, dtype=float)])
    assert np.allclose(blk.solve(rhs), np.linalg.solve(info, rhs), rtol=1e-10, atol=0)
    assert np.allclose(blk.inverse_diagonal(), np.diag(np.linalg.inv(info)), rtol=1e-10, atol=0)


def _bordered_score_tests(fit, kind: str) -> dict[str, float]:
    """lavaan's lavTestScore: X2_r = N s' [Z_{-r}^-1]_11 s, Z = [[I, R'], [R, 0]] over the
    per-group parameters, each Z_{-r} inverted densely."""
    prob, mod = fit.problem, fit.problem.model
    s, info = prob.full_score_information(fit.theta)
    r = mod.constraint_matrix()
    pairs = mod.constraint_pairs()
    out = {}
    for k, (a, _) in enumerate(pairs):
        if a.kind != kind:
            continue
        rk = np.delete(r, k, axis=0)
        z = np.block([[info, rk.T], [rk, np.zeros((len(rk), len(rk)))]])
        x = np.linalg.solve(z, np.concatenate([s, np.zeros(len(rk))]))
        out[a.key] = prob.n * float(s @ x[: len(s)])
    return out


@pytest.mark.parametrize("level, kind", [("metric", "loadings"), ("scalar", "intercepts"),
                                         ("scalar", "loadings"), ("partial", "intercepts")])
def test_score_tests_equal_the_bordered_definition(fits, level, kind):
    got = fits[level].score_tests({kind}).set_index("key")["X2"]
    want = _bordered_score_tests(fits[level], kind)
    assert set(got.index) == set(want)
    for key, x2 in want.items():
        assert got[key] == pytest.approx(x2, rel=1e-8, abs=1e-9)


def test_same_optimum_from_start_values_and_warm_start(fits):
    prob = fits["scalar"].problem
    cold, ok_cold, _ = prob.fit()
    warm = fits["scalar"].theta
    assert ok_cold
    assert np.max(np.abs(prob.evaluate(cold, need_info=False)[1])) < 1e-9
    assert np.allclose(cold, warm, rtol=1e-6, atol=1e-8)
