"""MICOM and the permutation MGA written out with the slow textbook PLS (tests/pls/
pls_textbook.py: loops on the data, no cemsurvey code), for the same permutations:
every statistic of steps 2 and 3 and every permutation p value agree to 1e-8."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.pls.mga import pls_mga
from cemsurvey.psychometrics.pls.micom import micom
from cemsurvey.psychometrics.pls.permutation import membership, permutations_of
from tests.pls.test_pls_mga import simulate_groups, xmy_instrument

P, SEED, TOL = 40, 17, 1e-8
BLOCKS = {c: [f"{c}{k}" for k in (1, 2, 3)] for c in "XMY"}
EDGES = [("X", "M"), ("M", "Y"), ("X", "Y")]


def _stats(textbook, items: pd.DataFrame, member: np.ndarray, pooled_scores: np.ndarray):
    """c, mean and log-variance differences, path differences of one assignment."""
    a = member == 1
    fa = textbook.slow_pls(items[a], BLOCKS, EDGES)
    fb = textbook.slow_pls(items[~a], BLOCKS, EDGES)
    Xs = textbook.standardize(items.to_numpy())
    cols = list(items.columns)
    c = []
    for k, block in BLOCKS.items():
        J = [cols.index(i) for i in block]
        wa = np.array([fa["weights"][k][i] for i in block])
        wb = np.array([fb["weights"][k][i] for i in block])
        c.append(np.corrcoef(Xs[:, J] @ wa, Xs[:, J] @ wb)[0, 1])
    sa, sb = pooled_scores[a], pooled_scores[~a]
    md = sa.mean(axis=0) - sb.mean(axis=0)
    lv = np.log(sa.var(axis=0, ddof=1)) - np.log(sb.var(axis=0, ddof=1))
    d = [fa["paths"][e] - fb["paths"][e] for e in EDGES]
    return np.array(c), md, lv, np.array(d)


@pytest.fixture(scope="module")
def case(textbook):
    d = simulate_groups(np.random.default_rng(21), (70, 60), [(0.5, 0.4, 0.4), (0.5, 0.3, 0.1)],
                        loadings={1: {"M": (0.6, 0.8, 0.7)}})
    items = d.drop(columns="group")
    pooled = textbook.slow_pls(items, BLOCKS, EDGES)["scores"]
    obs = _stats(textbook, items, membership(70, 60)[0], pooled)
    rng = np.random.default_rng(SEED)
    perms = [m for block in permutations_of(70, 60, P, rng, 250) for m in block]
    draws = [_stats(textbook, items, m, pooled) for m in perms]
    return d, obs, [np.array(x) for x in zip(*draws, strict=True)]


def test_micom_equals_the_textbook(case):
    d, (c0, md0, lv0, _), (c, md, lv, _) = case
    res = micom(d.drop(columns="group"), xmy_instrument(), d["group"], permutations=P,
                seed=SEED, tol=1e-12)
    t = res.pairs[0].composites.loc[list(BLOCKS)]
    np.testing.assert_allclose(t["c"], c0, atol=TOL)
    np.testing.assert_allclose(t["c_quantile"], np.quantile(c, 0.05, axis=0), atol=TOL)
    np.testing.assert_array_equal(t["c_p"], np.mean(c < c0, axis=0))
    np.testing.assert_allclose(t["mean_diff"], md0, atol=TOL)
    np.testing.assert_allclose(t[["mean_lower", "mean_upper"]].T,
                               np.quantile(md, [0.025, 0.975], axis=0), atol=TOL)
    np.testing.assert_allclose(t["log_var_diff"], lv0, atol=TOL)
    np.testing.assert_allclose(t[["var_lower", "var_upper"]].T,
                               np.quantile(lv, [0.025, 0.975], axis=0), atol=TOL)
    np.testing.assert_array_equal(t["mean_p"], np.mean(np.abs(md) >= np.abs(md0), axis=0))
    np.testing.assert_array_equal(t["var_p"], np.mean(np.abs(lv) >= np.abs(lv0), axis=0))


def test_permutation_mga_equals_the_textbook(case):
    d, (*_, d0), (*_, dp) = case
    res = pls_mga(d.drop(columns="group"), xmy_instrument(), d["group"], permutations=P,
                  bootstrap=20, seed=SEED, tol=1e-12)
    t = res.paths.droplevel([0, 1]).loc[EDGES]
    np.testing.assert_allclose(t["diff"], d0, atol=TOL)
    np.testing.assert_array_equal(t["permutation_p"], np.mean(np.abs(dp) >= np.abs(d0), axis=0))
