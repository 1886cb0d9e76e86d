"""Blindfolding Q^2 against a loop-by-loop implementation of its definition.

Construct cross-validated redundancy (Hair et al. 2022, ch. 6; omission distance D = 7):
the target block's data points are numbered down each indicator in turn (point (i, j) is
number j n + i, so n / D must not be whole, as SmartPLS asks); round d omits the points with
number = d (mod D), replaces them by the mean of the indicator's remaining values,
re-estimates the model (textbook implementation, tests/pls/pls_textbook.py) and predicts
each omitted point from the predecessors' scores, ``x_hat = mean + sd * loading *
sum_l beta_l y_l``; ``Q^2 = 1 - SSE / SSO`` on the full-sample standardized scale.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from cemsurvey.psychometrics.pls import fit_pls
from tests.pls.conftest import make_instrument, simulate_blocks


def slow_q2(data, blocks, edges, target, textbook, D=7):
    cols = blocks[target]
    X = data[cols].to_numpy(float)
    n, p = X.shape
    mean_full, sd_full = X.mean(0), X.std(0, ddof=1)
    sse = sso = 0.0
    preds = [a for a, b in edges if b == target]
    for d in range(D):
        dd = data.astype(float).copy()
        om = np.zeros((n, p), dtype=bool)
        for i in range(n):
            for j in range(p):
                om[i, j] = (j * n + i) % D == d
        for j, c in enumerate(cols):
            keep = dd[c].to_numpy()[~om[:, j]]
            vals = dd[c].to_numpy().copy()
            vals[om[:, j]] = keep.mean()
            dd[c] = vals
        fit = textbook.slow_pls(dd, blocks, edges)
        lat = list(blocks)
        Y = fit["scores"]
        yhat = sum(fit["paths"][(a, target)] * Y[:, lat.index(a)] for a in preds)
        for j, c in enumerate(cols):
            mu, sd = dd[c].mean(), dd[c].std(ddof=1)
            xhat = mu + sd * fit["loadings"][target][c] * yhat
            o = om[:, j]
            sse += np.sum(((X[o, j] - xhat[o]) / sd_full[j]) ** 2)
            sso += np.sum(((X[o, j] - mean_full[j]) / sd_full[j]) ** 2)
    return 1 - sse / sso


def test_q2_matches_definition(mobi, mobi_instrument, seminr, textbook):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(mobi, mobi_instrument, bootstrap=0, tol=1e-12, max_iter=1000)
    blocks = seminr["model"]["blocks"]
    edges = [tuple(e) for e in seminr["model"]["paths"]]
    ref = slow_q2(mobi, blocks, edges, "Satisfaction", textbook)
    assert res.q2["Satisfaction"] == pytest.approx(ref, abs=1e-8)
    assert 0 < ref < res.r2["Satisfaction"]


def test_q2_with_seven_indicators(textbook):
    """A block of D = 7 indicators: each round still omits 1/7 of every indicator (row-wise
    numbering would blank whole columns and give NaN)."""
    rng = np.random.default_rng(3)
    data = simulate_blocks(rng, 250, {("X", "Y"): 0.5}, ["X"], ["X", "Y"], n_items=7)
    blocks = {v: [f"{v}{i}" for i in range(1, 8)] for v in ("X", "Y")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_pls(data, make_instrument(blocks, ["Y ~ X"]), bootstrap=0, tol=1e-12,
                      max_iter=1000)
    ref = slow_q2(data, blocks, [("X", "Y")], "Y", textbook)
    assert np.isfinite(res.q2["Y"])
    assert res.q2["Y"] == pytest.approx(ref, abs=1e-8)
    assert 0 < ref < res.r2["Y"]
