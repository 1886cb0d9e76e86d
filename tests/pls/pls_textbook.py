"""An independent, deliberately slow PLS path modeling implementation for the tests.

Written from the textbook description (Lohmoeller 1989, ch. 2; Tenenhaus, Esposito Vinzi,
Chatelin & Lauro 2005, CSDA 48, sec. 2) on the DATA, with explicit Python loops over
latent variables, and without any code of cemsurvey:

1. standardize the indicators (mean 0, SD 1 with n - 1);
2. outer estimate of every latent: ``y_k = X_k w_k`` scaled to unit variance;
3. inner estimate ``z_k = sum_l e_lk y_l`` over adjacent latents (centroid: sign of
   the correlation; factorial: the correlation; path: regression coefficients of the
   predecessors, correlations with the successors);
4. mode A: ``w_k = X_k' z_k / (n - 1)`` (covariances of the indicators with z_k);
5. repeat until the weights change less than ``tol``.

Then path coefficients are OLS regressions of the standardized scores, loadings are the
correlations of the indicators with the scores.
"""

from __future__ import annotations

import numpy as np


def standardize(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)


def ols(y, X):
    """Coefficients of y on X (with intercept dropped: standardized data)."""
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return coef


def slow_pls(data, blocks, edges, scheme="path", tol=1e-12, max_iter=1000):
    """Textbook PLS.

    Parameters
    ----------
    data : pandas.DataFrame
    blocks : dict latent -> list of columns (an indicator may be in several blocks)
    edges : list of (from, to)

    Returns
    -------
    dict with weights {latent: {item: w}}, loadings, scores (n x K array, latents order),
    paths {(from, to): beta}, r2 {latent: R^2}, iterations.
    """
    lat = list(blocks)
    Xs = {k: standardize(data[blocks[k]].to_numpy()) for k in lat}
    n = len(data)
    w = {k: np.ones(len(blocks[k])) for k in lat}

    def score(k):
        y = Xs[k] @ w[k]
        return y / y.std(ddof=1)

    for it in range(1, max_iter + 1):
        # normalise the weights so that each score has unit variance
        for k in lat:
            w[k] = w[k] / (Xs[k] @ w[k]).std(ddof=1)
        Y = {k: score(k) for k in lat}
        Z = {}
        for k in lat:
            z = np.zeros(n)
            preds = [a for a, b in edges if b == k]
            succs = [b for a, b in edges if a == k]
            if scheme == "path":
                if preds:
                    P = np.column_stack([Y[a] for a in preds])
                    beta = ols(Y[k], P)
                    for a, bcoef in zip(preds, beta):
                        z += bcoef * Y[a]
                for s in succs:
                    z += np.corrcoef(Y[k], Y[s])[0, 1] * Y[s]
            else:
                for other in preds + succs:
                    r = np.corrcoef(Y[k], Y[other])[0, 1]
                    z += (np.sign(r) if scheme == "centroid" else r) * Y[other]
            Z[k] = z
        new = {}
        for k in lat:
            new[k] = Xs[k].T @ Z[k] / (n - 1)
            new[k] = new[k] / (Xs[k] @ new[k]).std(ddof=1)
        change = max(np.max(np.abs(new[k] - w[k])) for k in lat)
        w = new
        if change < tol:
            break
    Y = {k: score(k) for k in lat}
    out_w = {k: dict(zip(blocks[k], w[k])) for k in lat}
    out_l = {k: {c: float(np.corrcoef(Xs[k][:, j], Y[k])[0, 1]) for j, c in enumerate(blocks[k])}
             for k in lat}
    paths, r2 = {}, {}
    for k in lat:
        preds = [a for a, b in edges if b == k]
        if not preds:
            continue
        P = np.column_stack([Y[a] for a in preds])
        beta = ols(Y[k], P)
        for a, bcoef in zip(preds, beta):
            paths[(a, k)] = float(bcoef)
        resid = Y[k] - P @ beta
        r2[k] = 1.0 - resid @ resid / (Y[k] @ Y[k])
    return {"weights": out_w, "loadings": out_l, "scores": np.column_stack([Y[k] for k in lat]),
            "paths": paths, "r2": r2, "iterations": it}
