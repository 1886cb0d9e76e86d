"""Blindfolding: Stone-Geisser's Q^2 as construct cross-validated redundancy.

Omission distance D (7 by default); data points numbered down each indicator in turn, so
every round omits 1/D of each indicator (Hair et al. 2022; SmartPLS's rule that
n / D must not be a whole number). All rounds of all targets are estimated as one batch by
the engine. Verified against a loop-by-loop implementation of the definition in the tests
(tests/pls/test_pls_q2.py, 1e-8); not compared with another program (none was available).

References
----------
Stone, M. (1974). J. Royal Statistical Society B, 36, 111-147. Geisser, S. (1974).
Biometrika, 61, 101-107. Hair, Hult, Ringle & Sarstedt (2022) *A Primer on PLS-SEM*, 3rd ed.
"""

from __future__ import annotations

import numpy as np

from cemsurvey.psychometrics.pls.data import correlations
from cemsurvey.psychometrics.pls.engine import Scheme, estimate, regressions
from cemsurvey.psychometrics.pls.model import PLSSpec


def blindfold_q2(Xraw: np.ndarray, spec: PLSSpec, targets: list[int], *, scheme: Scheme,
               W0: np.ndarray, distance: int, max_iter: int, tol: float) -> np.ndarray:
    """Construct cross-validated redundancy Q^2 (blindfolding, mean replacement).

    For a target latent ``k`` with ``p_k`` indicators the ``n x p_k`` data points are
    numbered down each indicator in turn (point ``(i, j)`` has number ``j n + i``), the
    numbering behind SmartPLS's and Hair et al.'s rule that ``n / D`` must not be a whole
    number (otherwise every round omits whole respondents); round ``d`` omits the points
    with number ``= d (mod D)``,
    replaces them by the indicator's mean of the remaining points, re-estimates the model
    and predicts each omitted point as ``x_hat = mean + sd * loading * sum_l beta_lk y_l``
    (scores of the predecessors). ``Q^2 = 1 - SSE / SSO`` with both sums over all rounds
    on the full-sample standardized scale, SSO around the full-sample mean.
    """
    n = Xraw.shape[0]
    mean_full = Xraw.mean(axis=0)
    sd_full = Xraw.std(axis=0, ddof=1)
    data, omit, who = [], [], []
    for k in targets:
        cols = np.flatnonzero(spec.mask[:, k])
        # column-major numbering: a block of D (or 2D ...) indicators still loses only
        # 1/D of each indicator per round (row-major numbering would omit whole columns)
        num = np.arange(n * cols.size).reshape(cols.size, n).T
        for d in range(distance):
            om = (num % distance) == d
            Xd = Xraw.copy()
            sub = Xd[:, cols]
            keep_mean = np.nanmean(np.where(om, np.nan, sub), axis=0)
            sub[om] = np.broadcast_to(keep_mean, sub.shape)[om]
            Xd[:, cols] = sub
            data.append(Xd)
            omit.append(om)
            who.append(k)
    S = np.concatenate([correlations(Xd) for Xd in data])
    fit = estimate(S, spec, scheme=scheme, W0=W0, max_iter=max_iter, tol=tol)
    beta, _ = regressions(fit.R, spec)
    sse = dict.fromkeys(targets, 0.0)
    sso = dict.fromkeys(targets, 0.0)
    for r, (Xd, om, k) in enumerate(zip(data, omit, who, strict=True)):
        cols = np.flatnonzero(spec.mask[:, k])
        mu, sd = Xd.mean(axis=0), Xd.std(axis=0, ddof=1)
        Y = ((Xd - mu) / sd) @ fit.W[r]
        P = spec.predecessors(k)
        yhat = Y[:, P] @ beta[r, P, k]
        xhat = mu[cols] + sd[cols] * (yhat[:, None] * fit.SW[r, cols, k][None, :])
        obs = Xraw[:, cols]
        sse[k] += float(np.sum((((obs - xhat) / sd_full[cols]) ** 2)[om]))
        sso[k] += float(np.sum((((obs - mean_full[cols]) / sd_full[cols]) ** 2)[om]))
    return np.array([1.0 - sse[k] / sso[k] for k in targets])
