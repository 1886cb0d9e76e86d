"""Multivariate normal moments under missing answers: missingness patterns, the observed-data
log-likelihood and the saturated (H1) means and covariance by EM; Mahalanobis distances of
incomplete rows.

A neutral numeric module (numpy only): the SEM engine's FIML (:mod:`cemsurvey.psychometrics.sem.fiml`),
the missing-data report (:mod:`cemsurvey.psychometrics.missing`) and the respondent screening
(:mod:`cemsurvey.responses.screening`, which must not import psychometrics/) share one EM.

EM (Dempster, Laird & Rubin 1977; Little & Rubin 2002, sec. 11.2): per pattern ``g`` with
observed items ``o`` and missing items ``m``, the E step replaces the sufficient statistics by
their conditional expectations given ``(mu, Sigma)``:
``E[y_m | y_o] = mu_m + B (y_o - mu_o)``, ``B = Sigma_mo Sigma_oo^-1``, with residual
covariance ``Sigma_mm - B Sigma_om`` (computed as ``B = -P_mm^-1 P_mo`` and ``P_mm^-1`` from
``P = Sigma^-1``: one ``p x p`` inverse per iteration, not one per pattern); the M step sets ``mu`` and ``Sigma`` (divisor N) to the
completed moments. Iterates until the log-likelihood changes by less than ``tol`` (relative).

Verified against lavaan 0.6.14 ``lavCor(x, missing = "ml", output = "sampstat")``
(tests/stats/test_em.py, reference tests/reference/missing/) and through FIML's H1 model
(tests/estimators/test_estimators_fiml.py).

References
----------
Dempster, A. P., Laird, N. M. & Rubin, D. B. (1977). Maximum likelihood from incomplete data
via the EM algorithm. *J. Royal Statistical Society B* 39(1), 1-38.
Little, R. J. A. & Rubin, D. B. (2002). *Statistical Analysis with Missing Data*, 2nd ed. Wiley.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from cemsurvey.errors import DataError

__all__ = ["Patterns", "em_saturated", "loglik", "mahalanobis_by_pattern", "pattern_deviance",
           "pattern_rows", "patterns"]

_LOG2PI = math.log(2.0 * math.pi)


@dataclass(frozen=True)
class Patterns:
    """Missingness patterns: observed-index arrays, counts, means, covariances (divisor n)."""

    obs: tuple[np.ndarray, ...]
    n: np.ndarray
    mean: tuple[np.ndarray, ...]
    cov: tuple[np.ndarray, ...]
    rows: tuple[np.ndarray, ...]
    ntotal: int
    p: int


def patterns(x: np.ndarray) -> Patterns:
    """Group the rows of ``x`` (NaN = missing; no all-missing rows) by missingness pattern."""
    miss = ~np.isfinite(x)
    if np.any(miss.all(axis=1)):
        raise DataError("a row has every answer missing; drop it before FIML")
    obs, n, mean, cov, rows = [], [], [], [], []
    for key, r in pattern_rows(miss):
        o = np.flatnonzero(~key)
        y = x[np.ix_(r, o)]
        m = y.mean(axis=0)
        d = y - m
        obs.append(o)
        n.append(r.size)
        mean.append(m)
        cov.append(d.T @ d / r.size)
        rows.append(r)
    return Patterns(tuple(obs), np.array(n), tuple(mean), tuple(cov), tuple(rows), x.shape[0],
                    x.shape[1])


def _precision(sigma: np.ndarray) -> tuple[np.ndarray, float] | None:
    """``(Sigma^-1, log|Sigma|)`` from a Cholesky factor, ``None`` if ``Sigma`` is not PD."""
    try:
        c = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return None
    ci = np.linalg.inv(c)
    return ci.T @ ci, 2.0 * float(np.sum(np.log(np.diag(c))))


def loglik(pat: Patterns, mu: np.ndarray, sigma: np.ndarray) -> float:
    """Observed-data log-likelihood at ``(mu, sigma)`` (``-inf`` if a block is not PD).

    With ``P = Sigma^-1`` and ``m`` a pattern's missing items, ``Sigma_oo^-1 = P_oo - P_om
    P_mm^-1 P_mo`` and ``log|Sigma_oo| = log|Sigma| + log|P_mm|`` (partitioned inverse): a
    ``k x k`` factor per pattern instead of a ``p_o x p_o`` one; pattern by pattern when
    ``Sigma`` itself is not PD."""
    pre = _precision(sigma)
    if pre is None:
        return _loglik_loop(pat, mu, sigma)
    prec, logdet = pre
    allp = np.arange(pat.p)
    total = 0.0
    for o, n, m, s in zip(pat.obs, pat.n, pat.mean, pat.cov):
        d = m - mu[o]
        t = s + np.outer(d, d)
        quad = float(np.sum(prec[np.ix_(o, o)] * t))
        ld = logdet
        if o.size < pat.p:
            mis = np.setdiff1d(allp, o)
            try:
                cm = np.linalg.cholesky(prec[np.ix_(mis, mis)])
            except np.linalg.LinAlgError:
                return _loglik_loop(pat, mu, sigma)
            g = np.linalg.solve(cm, prec[np.ix_(mis, o)])        # cm^-1 P_mo
            quad -= float(np.sum((g @ t) * g))
            ld += 2.0 * float(np.sum(np.log(np.diag(cm))))
        total += -0.5 * n * (o.size * _LOG2PI + ld + quad)
    return total


def _loglik_loop(pat: Patterns, mu: np.ndarray, sigma: np.ndarray) -> float:
    total = 0.0
    for o, n, m, s in zip(pat.obs, pat.n, pat.mean, pat.cov):
        block = pattern_deviance(sigma, mu, o, m, s)
        if block is None:
            return -math.inf
        total += -0.5 * n * block[0]
    return total


def pattern_deviance(sigma: np.ndarray, mu: np.ndarray, o: np.ndarray, mean: np.ndarray,
                     cov: np.ndarray) -> tuple[float, np.ndarray, np.ndarray] | None:
    """One pattern's ``-2 log L`` per respondent and its pieces, ``None`` if ``Sigma_oo`` is not PD.

    With ``V = Sigma_oo^-1`` (through the Cholesky factor), ``d = ybar_o - mu_o`` and
    ``T = S_o + d d'`` (the pattern's mean and covariance, divisor n), returns
    ``(|o| log 2 pi + log det Sigma_oo + tr(V T), V, T)``: :func:`loglik` and the FIML
    objective and gradient (:mod:`cemsurvey.psychometrics.sem.fiml`) share it.
    """
    try:
        c = np.linalg.cholesky(sigma[np.ix_(o, o)])
    except np.linalg.LinAlgError:
        return None
    d = mean - mu[o]
    t = cov + np.outer(d, d)
    ci = np.linalg.inv(c)
    v = ci.T @ ci
    return o.size * _LOG2PI + 2 * np.sum(np.log(np.diag(c))) + float(np.sum(v * t)), v, t


def pattern_rows(mask: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(row of mask, row numbers)`` for each distinct row of a boolean matrix, in
    ``numpy.unique`` order: the respondents of each missingness pattern."""
    keys, inv = np.unique(mask, axis=0, return_inverse=True)
    inv = inv.ravel()
    for g in range(keys.shape[0]):
        yield keys[g], np.flatnonzero(inv == g)


def em_saturated(pat: Patterns, tol: float = 1e-11, max_iter: int = 5000,
                 param_tol: float | None = None) -> tuple[np.ndarray, np.ndarray, float, int]:
    """Saturated (H1) means and covariance by EM: ``(mu, sigma, loglik, iterations)``.

    Stops when the log-likelihood changes by less than ``tol`` (relative) and, with
    ``param_tol``, when no mean or covariance changes by more than ``param_tol`` (relative to
    ``1 + |value|``) either: EM converges linearly, so a settled log-likelihood can leave the
    moments about 1e-6 from the maximum (the report and screening ask for ``1e-10``)."""
    p, n = pat.p, pat.ntotal
    # start: available-case means and variances, zero covariances
    s1 = np.zeros(p)
    cnt = np.zeros(p)
    s2 = np.zeros(p)
    for o, k, m, s in zip(pat.obs, pat.n, pat.mean, pat.cov):
        s1[o] += k * m
        s2[o] += k * (np.diag(s) + m * m)
        cnt[o] += k
    if np.any(cnt < 2):
        raise DataError(f"item(s) at column(s) {', '.join(str(j + 1) for j in np.flatnonzero(cnt < 2))} "
                        f"of the model have fewer than two answers: FIML cannot estimate their "
                        f"mean and variance; drop them or collect more answers")
    mu = s1 / cnt
    sigma = np.diag(s2 / cnt - mu * mu)
    miss = [np.setdiff1d(np.arange(p), o) for o in pat.obs]
    ll_old = -math.inf
    for it in range(1, max_iter + 1):
        mu_old, sigma_old = mu, sigma
        t1 = np.zeros(p)
        t2 = np.zeros((p, p))
        pre = _precision(sigma)
        for o, k, m, s, mis in zip(pat.obs, pat.n, pat.mean, pat.cov, miss):
            if mis.size == 0:
                t1 += k * m
                t2 += k * (s + np.outer(m, m))
                continue
            if pre is not None:     # partitioned inverse: B = -P_mm^-1 P_mo, resid = P_mm^-1
                resid = np.linalg.inv(pre[0][np.ix_(mis, mis)])
                b = -resid @ pre[0][np.ix_(mis, o)]
            else:
                smo = sigma[np.ix_(mis, o)]
                b = np.linalg.solve(sigma[np.ix_(o, o)], smo.T).T   # regression of mis on obs
                resid = sigma[np.ix_(mis, mis)] - b @ smo.T
            cm = mu[mis] + b @ (m - mu[o])                    # E[y_mis] at the pattern mean
            ey = np.empty(p)
            ey[o], ey[mis] = m, cm
            full = np.zeros((p, p))
            full[np.ix_(o, o)] = s
            full[np.ix_(mis, o)] = b @ s
            full[np.ix_(o, mis)] = (b @ s).T
            full[np.ix_(mis, mis)] = b @ s @ b.T + resid
            t1 += k * ey
            t2 += k * (full + np.outer(ey, ey))
        mu = t1 / n
        sigma = t2 / n - np.outer(mu, mu)
        ll = loglik(pat, mu, sigma)
        step = math.inf if param_tol is None else max(
            float(np.max(np.abs(mu - mu_old) / (1.0 + np.abs(mu)))),
            float(np.max(np.abs(sigma - sigma_old) / (1.0 + np.abs(sigma)))))
        if abs(ll - ll_old) < tol * max(1.0, abs(ll)) and (param_tol is None or step < param_tol):
            return mu, sigma, ll, it
        ll_old = ll
    return mu, sigma, loglik(pat, mu, sigma), max_iter


def mahalanobis_by_pattern(x: np.ndarray, mu: np.ndarray, sigma: np.ndarray
                           ) -> tuple[np.ndarray, np.ndarray]:
    """Squared Mahalanobis distance of each row on the items it answered, and its df.

    .. math:: D^2_i = (y_{i,o} - \\mu_o)^\\top \\Sigma_{oo}^{-1} (y_{i,o} - \\mu_o),
              \\quad df_i = |o|

    (``o`` the items row ``i`` answered); under multivariate normality ``D^2_i`` is
    chi-square on ``df_i`` (Little & Rubin 2002, sec. 11.2). Rows with no answer get NaN and
    df 0. A singular ``Sigma_oo`` uses its pseudo-inverse.

    >>> x = np.array([[1.0, 2.0], [np.nan, 0.0]])
    >>> d2, df = mahalanobis_by_pattern(x, np.zeros(2), np.eye(2))
    >>> d2.tolist(), df.tolist()
    ([5.0, 0.0], [2, 1])
    """
    x = np.asarray(x, dtype=float)
    ok = np.isfinite(x)
    df = ok.sum(axis=1)
    d2 = np.full(x.shape[0], np.nan)
    for key, rows in pattern_rows(ok):
        o = np.flatnonzero(key)
        if o.size == 0:
            continue
        so = sigma[np.ix_(o, o)]
        try:
            vi = np.linalg.inv(so) if np.linalg.matrix_rank(so) == o.size else np.linalg.pinv(so)
        except np.linalg.LinAlgError:
            vi = np.linalg.pinv(so)
        d = x[np.ix_(rows, o)] - mu[o]
        d2[rows] = np.einsum("ij,jk,ik->i", d, vi, d)
    return d2, df
