"""Starting values: one-factor principal-axis solutions per latent variable.

For every latent variable, its indicators' covariance submatrix (items for a first-order
factor; the first-order factors' estimated covariance matrix for a higher-order factor)
gets one principal-axis step (squared multiple correlations as communalities, leading
eigenvector). Loadings are rescaled to the identification (marker: relative to the first
indicator; variance: absolute), residual variances are what the loadings leave (floored at
10% of the variance), latent covariances are the average of ``s_ij / (lambda_i lambda_j)``
over the two factors' indicators, and regressions start at 0 (lavaan's start, too).
"""

from __future__ import annotations

import numpy as np

from cemsurvey.psychometrics.sem.model import BETA, LAMBDA, PSI, THETA, SEMModel


def _one_factor(c: np.ndarray) -> np.ndarray:
    """Absolute loadings of a one-factor principal-axis step on covariance ``c``."""
    k = c.shape[0]
    d = np.diag(c).copy()
    if k == 1:
        return np.sqrt(np.maximum(d, 1e-8))
    if k == 2:
        r = abs(c[0, 1])
        prod = max(r, 1e-8)
        # lambda_i lambda_j = c_ij; split by variances
        return np.sqrt(prod * np.sqrt(d / d[::-1]))
    try:
        smc = d * (1.0 - 1.0 / (np.diag(np.linalg.inv(c)) * d))
    except np.linalg.LinAlgError:
        smc = 0.5 * d
    smc = np.clip(smc, 0.05 * d, 0.95 * d)
    r = c.copy()
    np.fill_diagonal(r, smc)
    vals, vecs = np.linalg.eigh(r)
    v = vecs[:, -1] * np.sqrt(max(vals[-1], 1e-8))
    if v.sum() < 0:
        v = -v
    return np.where(np.abs(v) < 1e-3 * np.sqrt(d), 1e-3 * np.sqrt(d), v)


def start_values(model: SEMModel, s: np.ndarray) -> np.ndarray:
    """Starting vector of free parameters for ``model`` on sample covariance ``s``."""
    st = model.structure
    obs, lat = model._obs, model._lat
    m = model.m
    load: dict[tuple[str, str], float] = {}
    cov = np.zeros((m, m))  # estimated latent covariance matrix (total)
    resid: dict[str, float] = {}
    first = list(st.first_order)
    higher = list(st.higher_order)

    def fit_block(f: str, c: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, float]:
        lam = _one_factor(c)
        if model.identification == "marker":
            scale = lam[0]
            rel, var = lam / scale, scale**2
        else:
            rel, var = lam, 1.0
        for name, l_abs, l_rel in zip(names, lam, rel):
            load[(f, name)] = float(l_rel)
            resid[name] = float(max(c[names.index(name), names.index(name)] - l_abs**2,
                                    0.1 * c[names.index(name), names.index(name)]))
        return rel, var

    rel_of: dict[str, np.ndarray] = {}
    for f in first:
        names = st.indicators[f]
        idx = [obs[i] for i in names]
        rel, var = fit_block(f, s[np.ix_(idx, idx)], names)
        rel_of[f] = rel
        cov[lat[f], lat[f]] = var
    # mean of s_ij / (rel_i rel_j) over the indicators of two factors, for all pairs at once:
    # W' S W with W[i, f] = 1 / (rel_i n_f) (one product instead of m^2 / 2 small blocks)
    w = np.zeros((model.p, len(first)))
    for j, f in enumerate(first):
        idx = [obs[x] for x in st.indicators[f]]
        w[idx, j] = 1.0 / (rel_of[f] * len(idx))
    between = w.T @ s @ w
    fi = [lat[f] for f in first]
    off = ~np.eye(len(first), dtype=bool)
    cov[np.ix_(fi, fi)] = np.where(off, between, cov[np.ix_(fi, fi)])
    # make the first-order block positive definite
    blk = cov[np.ix_(fi, fi)]
    sd = np.sqrt(np.maximum(np.diag(blk), 1e-8))
    r = np.clip(blk / np.outer(sd, sd), -0.95, 0.95)
    np.fill_diagonal(r, 1.0)
    vals, vecs = np.linalg.eigh(r)
    if vals.min() < 0.01:
        r = vecs @ np.diag(np.maximum(vals, 0.01)) @ vecs.T
        dd = np.sqrt(np.diag(r))
        r = r / np.outer(dd, dd)
    cov[np.ix_(fi, fi)] = r * np.outer(sd, sd)

    for h in higher:
        names = st.indicators[h]
        idx = [lat[x] for x in names]
        c = cov[np.ix_(idx, idx)]
        lam = _one_factor(c)
        if model.identification == "marker":
            rel, var = lam / lam[0], lam[0] ** 2
        else:
            rel, var = lam, 1.0
        rel_of[h] = rel
        cov[lat[h], lat[h]] = var
        for name, l_abs, l_rel, j in zip(names, lam, rel, idx):
            load[(h, name)] = float(l_rel)
            resid[name] = float(max(cov[j, j] - l_abs**2, 0.1 * cov[j, j]))
    for i, h1 in enumerate(higher):
        i1 = [lat[x] for x in st.indicators[h1]]
        for h2 in [*higher[i + 1:], *[f for f in first if f not in resid]]:
            i2 = [lat[x] for x in st.indicators[h2]] if h2 in higher else [lat[h2]]
            r2 = rel_of[h2] if h2 in higher else np.ones(1)
            c = cov[np.ix_(i1, i2)] / np.outer(rel_of[h1], r2)
            cov[lat[h1], lat[h2]] = cov[lat[h2], lat[h1]] = float(np.mean(c))

    pt = model.partable
    theta = np.zeros(model.q)
    for r in np.flatnonzero(pt.free >= 0):
        code, lhs, rhs = pt.mat[r], pt.lhs[r], pt.rhs[r]
        if code in (LAMBDA,) or (code == BETA and pt.op[r] == "=~"):
            val = load.get((lhs, rhs), 1.0)
        elif code == BETA:
            val = 0.0
        elif code == THETA:
            val = resid.get(lhs, 0.5 * s[obs[lhs], obs[lhs]]) if lhs == rhs else 0.0
        elif code == PSI:
            i, j = lat[lhs], lat[rhs]
            if i == j:
                val = resid.get(lhs, cov[i, i]) if lhs in resid else cov[i, i]
                if model.identification == "variance" and lhs in resid:
                    val = 1.0
            else:
                val = cov[i, j]
        else:  # pragma: no cover
            val = 0.0
        theta[pt.free[r]] = val
    return theta
