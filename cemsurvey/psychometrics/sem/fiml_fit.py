"""Full-information ML (FIML) estimation: the fit, its fit indices and robust (MLR) SEs.

The likelihood, its derivatives and the EM saturated model are in :mod:`.fiml`; this module
fits a model with them and builds the :class:`~.results.CFAResult` (lavaan 0.6.14's
``cfa(..., missing = "fiml")``, ``estimator = "ML"`` or ``"MLR"``). Verified against lavaan
in ``tests/estimators/test_estimators_fiml.py``.
"""

from __future__ import annotations

import dataclasses
import math
import warnings as _warnings
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import ConvergenceWarning, DataError, DataWarning, EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import fit_indices as fi
from cemsurvey.psychometrics.sem.assemble import Fit, assemble, with_acov
from cemsurvey.psychometrics.sem.fiml import FIMLProblem
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.model import SEMModel
from cemsurvey.psychometrics.sem.moments import item_matrix
from cemsurvey.psychometrics.sem.optimize import minimize_ml
from cemsurvey.psychometrics.sem.robust import RobustML, scaled_fit_indices
from cemsurvey.psychometrics.sem.specification import check_structure, structure_of
from cemsurvey.psychometrics.sem.start import start_values
from cemsurvey.stats.distributions import chi2_sf, norm_sf
from cemsurvey.stats.em import Patterns, em_saturated, loglik, patterns

__all__ = ["fiml_mlr", "fit_fiml", "saturated_gradient", "saturated_hessian", "saturated_scores"]

_LOG2PI = math.log(2.0 * math.pi)


def fit_fiml(data: Any, model: Any, *, level: str = "first", identification: str = "marker",
             estimator: str = "ml") -> Any:
    """FIML CFA: a ``CFAResult`` with ``missing="fiml"``, FIML estimates, observed-information
    SEs, ``fit`` from the EM H1 model (chi2, CFI, TLI, RMSEA, SRMR, loglik, AIC, BIC) and the
    estimated means in ``parameters`` (``op == "~1"``). See the module docstring.

    ``estimator="mlr"``: sandwich SEs and the Yuan-Bentler scaled chi-square with the
    ``.scaled`` indices in ``scaled_fit`` (lavaan's ``estimator = "MLR", missing = "fiml"``;
    the ``.robust`` indices, which lavaan computes by another route for missing data, are not
    given)."""
    with blas_threads(1):   # as fit_cfa: the same bits whichever entry point is used
        return _fit_fiml(data, model, level=level, identification=identification,
                         estimator=estimator)


def _fit_fiml(data: Any, model: Any, *, level: str, identification: str, estimator: str) -> Any:
    st = structure_of(model, level)  # type: ignore[arg-type]
    issues: list[str] = []
    check_structure(st, issues)
    xdf = item_matrix(data, tuple(st.observed), model, "FIML")
    allna = xdf.isna().all(axis=1).to_numpy()
    if allna.any():
        msg = (f"{int(allna.sum())} row(s) have every answer missing (first: row "
               f"{xdf.index[allna][0]}); they carry no information and are dropped (as lavaan)")
        issues.append(msg)
        _warnings.warn(DataWarning(msg), stacklevel=3)
    few = [str(c) for c, k in xdf.notna().sum().items() if k < 2]
    if few:
        raise DataError(f"item(s) {', '.join(few[:10])} have fewer than two answers: FIML cannot "
                        f"estimate their mean and variance; drop them from the model or collect "
                        f"more answers")
    x = xdf.to_numpy(dtype=float)[~allna]
    pat = patterns(x)
    mu1, sig1, ll1, _ = em_saturated(pat)
    sem = SEMModel(st, identification)  # type: ignore[arg-type]
    prob = FIMLProblem(sem, pat)
    # start from the ML fit to the EM covariance: close to the FIML optimum, and a start that
    # L-BFGS cannot leave (a line search into a non-positive-definite region) is avoided
    th0 = start_values(sem, sig1)
    warm = minimize_ml(MLProblem(sem, sig1, pat.ntotal), th0)
    x0 = np.concatenate([mu1, warm.theta if np.isfinite(warm.fmin) else th0])
    xhat, ok, it = prob.fit(x0)
    n, p, q = pat.ntotal, sem.p, sem.q
    hess = prob.hessian(xhat) * n          # observed information of -l (total)
    try:
        acov_all = np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        raise EstimationError("the FIML information matrix is singular: the model is not "
                              "identified") from None
    est = str(estimator).lower()
    if est not in ("ml", "mlr"):
        raise EstimationError(f"FIML is available with estimator 'ml' or 'mlr', got {estimator!r}")
    rob = fiml_mlr(prob, x, xhat, hess, mu1, sig1) if est == "mlr" else None
    if rob is not None:
        acov_all = rob[0]
    mu, theta = prob.split(xhat)
    if not ok:
        msg = "FIML estimation did not converge; estimates and fit are unreliable"
        issues.append(msg)
        _warnings.warn(ConvergenceWarning(msg), stacklevel=3)
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        base = assemble(Fit(MLProblem(sem, sig1, n), theta, True, it, "fiml-newton", "", 0.0),
                         st, st.level if isinstance(model, LatentStructure) else level,
                         identification, "fiml", [])
    kept = [str(w.message) for w in caught if not str(w.message).startswith("the information matrix")]
    for w in caught:
        if str(w.message) in kept:
            _warnings.warn(w.message, stacklevel=3)
    out = with_acov(dataclasses.replace(base, converged=ok, warnings=tuple(issues + kept)),
                    acov_all[p:, p:], est.upper(), {})
    # means rows
    se_mu = np.sqrt(np.maximum(np.diag(acov_all)[:p], 0.0))
    z = mu / se_mu
    means = pd.DataFrame({"lhs": list(sem.observed), "op": "~1", "rhs": "", "est": mu, "se": se_mu,
                          "z": z, "p": 2 * norm_sf(np.abs(z)), "std": mu / np.sqrt(np.diag(
                              sem.implied(theta).sigma)), "std_se": np.nan, "free": True})
    par = pd.concat([out.parameters, means], ignore_index=True)
    # fit indices
    sigma = sem.implied(theta).sigma
    ll0 = loglik(pat, mu, sigma)
    chi2 = 2.0 * (ll1 - ll0)
    df = p * (p + 1) // 2 - q
    llb = 0.0
    for j in range(p):
        y = x[:, j][np.isfinite(x[:, j])]
        v = y.var()
        llb += -0.5 * y.size * (_LOG2PI + math.log(v) + 1.0)
    bchi2 = 2.0 * (ll1 - llb)
    bdf = p * (p - 1) // 2
    lo, hi = fi.rmsea_ci(chi2, df, n)
    ic = fi.information_criteria(ll0, q + p, n)
    sd = np.sqrt(np.diag(sig1))
    rc = (sig1 - sigma) / np.outer(sd, sd)
    rm = (mu1 - mu) / sd
    iu = np.triu_indices(p)
    srmr = math.sqrt((float(np.sum(rc[iu] ** 2)) + float(np.sum(rm ** 2))) / (p * (p + 1) / 2 + p))
    fit_ix = dataclasses.replace(
        out.fit, chi2=chi2, df=df, p=float(chi2_sf(chi2, df)) if df > 0 else float("nan"),
        baseline_chi2=bchi2, baseline_df=bdf, baseline_p=float(chi2_sf(bchi2, bdf)),
        cfi=fi.cfi(chi2, df, bchi2, bdf), tli=fi.tli(chi2, df, bchi2, bdf),
        rmsea=fi.rmsea(chi2, df, n), rmsea_ci_lower=lo, rmsea_ci_upper=hi,
        rmsea_pclose=fi.rmsea_pclose(chi2, df, n), srmr=srmr, loglik=ll0, loglik_h1=ll1,
        aic=ic["aic"], bic=ic["bic"], sabic=ic["sabic"], npar=q + p, n=n, fmin=chi2 / (2 * n),
    )
    scaled: dict[str, float] = {}
    if rob is not None:
        allf = scaled_fit_indices(chi2, df, bchi2, bdf, n, RobustML(acov_all, rob[1], rob[2], 0.0, 0.0))
        scaled = {k: v for k, v in allf.items() if not k.endswith(".robust")}
    return dataclasses.replace(out, parameters=par, fit=fit_ix, missing="fiml", scaled_fit=scaled,
                               sample_cov=pd.DataFrame(sig1, index=list(sem.observed),
                                                       columns=list(sem.observed)))


# ----------------------------------------------------------------------------- MLR
def saturated_gradient(pat: Patterns, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Gradient of ``-l`` of the saturated model in ``(mu, vech(Sigma))`` (lower, column-wise)."""
    p = pat.p
    w = np.zeros((p, p))
    gmu = np.zeros(p)
    for o, n, m, s in zip(pat.obs, pat.n, pat.mean, pat.cov):
        v = np.linalg.inv(sigma[np.ix_(o, o)])
        d = m - mu[o]
        t = s + np.outer(d, d)
        w[np.ix_(o, o)] += n * (v - v @ t @ v)
        gmu[o] -= n * (v @ d)
    il, jl = np.tril_indices(p)
    gs = np.where(il == jl, 0.5, 1.0) * w[il, jl]
    return np.concatenate([gmu, gs])


def saturated_hessian(pat: Patterns, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Observed information (Hessian of ``-l``) of the saturated model in
    ``(mu, vech(Sigma))``.

    :func:`pattern_hessian`'s formula with ``U = I``: with ``C = V T V - V/2`` (embedded
    ``p x p`` per pattern), the row-row block is ``2 s_j s_k (L[(a,c),(b,d)] +
    L[(a,d),(b,c)])`` with ``L = K + K'``, ``K = sum_g n_g vec(V_g) vec(C_g)'``: one matrix
    product over the patterns instead of a ``p* x p*`` block per pattern."""
    p, g = pat.p, len(pat.n)
    vs = np.zeros((g, p, p))
    cs = np.zeros((g, p, p))
    zs = np.zeros((g, p))
    for k, (o, m, sg) in enumerate(zip(pat.obs, pat.mean, pat.cov)):
        v = np.linalg.inv(sigma[np.ix_(o, o)])
        d = m - mu[o]
        ix = np.ix_(o, o)
        vs[k][ix] = v
        cs[k][ix] = v @ (sg + np.outer(d, d)) @ v - 0.5 * v
        zs[k, o] = v @ d
    nn = pat.n.astype(float)
    kmat = (vs.reshape(g, p * p) * nn[:, None]).T @ cs.reshape(g, p * p)
    kmat += kmat.T
    il, jl = np.tril_indices(p)
    s = np.where(il == jl, 0.5, 1.0)
    ia, ib = il[:, None] * p, jl[:, None] * p
    h_tt = kmat[ia + il[None, :], ib + jl[None, :]]
    h_tt += kmat[ia + jl[None, :], ib + il[None, :]]
    h_tt *= 2.0 * np.outer(s, s)
    h_mm = 2.0 * np.einsum("g,gij->ij", nn, vs)
    t3 = np.einsum("g,gia,gb->iab", nn, vs, zs)
    h_mt = 2.0 * s * (t3[:, il, jl] + t3[:, jl, il])
    return 0.5 * np.block([[h_mm, h_mt], [h_mt.T, h_tt]])


def saturated_scores(pat: Patterns, x: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Casewise scores of the saturated log-likelihood in ``(mu, vech(Sigma))`` (N x k)."""
    p = pat.p
    il, jl = np.tril_indices(p)
    out = np.zeros((x.shape[0], p + il.size))
    pos = np.full((p, p), -1)
    pos[il, jl] = np.arange(il.size)
    pos[jl, il] = np.arange(il.size)
    for o, rows in zip(pat.obs, pat.rows):
        v = np.linalg.inv(sigma[np.ix_(o, o)])
        z = (x[np.ix_(rows, o)] - mu[o]) @ v
        out[np.ix_(rows, o)] = z
        a, b = np.tril_indices(o.size)
        sc = z[:, a] * z[:, b] - v[a, b]
        sc = np.where(a == b, 0.5, 1.0) * sc
        out[np.ix_(rows, p + pos[o[a], o[b]])] = sc
    return out


def _h0_scores(prob: FIMLProblem, x: np.ndarray, xhat: np.ndarray) -> np.ndarray:
    """Casewise scores of the model log-likelihood in ``(mu, theta)`` (N x (p + q))."""
    pat, model = prob.pat, prob.model
    mu, theta = prob.split(xhat)
    imp = model.implied(theta)
    u = model.u_matrix(imp)
    p = pat.p
    out = np.zeros((x.shape[0], p + prob.q))
    for o, rows in zip(pat.obs, pat.rows):
        v = np.linalg.inv(imp.sigma[np.ix_(o, o)])
        z = (x[np.ix_(rows, o)] - mu[o]) @ v
        out[np.ix_(rows, o)] = z
        uo = u[o]
        c = uo.T @ v @ uo
        zu = z @ uo
        sc = prob._s * (zu[:, prob._a] * zu[:, prob._b] - c[prob._a, prob._b])
        blk = np.zeros((rows.size, prob.q))
        np.add.at(blk.T, prob._col, sc.T)
        out[rows, p:] = blk
    return out


def fiml_mlr(prob: FIMLProblem, x: np.ndarray, xhat: np.ndarray, hess: np.ndarray,
             mu1: np.ndarray, sig1: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Robust FIML (lavaan's MLR with ``missing = "fiml"``): sandwich covariance of
    ``(mu, theta)`` and Yuan-Bentler scaling factors of the model and the baseline
    (``h1.information = "unstructured"``: the saturated information at the EM estimates)."""
    pat = prob.pat
    s0 = _h0_scores(prob, x, xhat)
    b0 = s0.T @ s0
    a_inv = np.linalg.inv(hess)
    acov = a_inv @ b0 @ a_inv
    s1 = saturated_scores(pat, x, mu1, sig1)
    a1 = saturated_hessian(pat, mu1, sig1)
    t1 = float(np.sum((s1.T @ s1) * np.linalg.inv(a1).T))
    t0 = float(np.sum(b0 * a_inv.T))
    p = pat.p
    df = p * (p + 1) // 2 - prob.q
    c = (t1 - t0) / df
    # baseline: free means and variances, factorising over items
    t0b = 0.0
    sb = np.zeros((x.shape[0], 2 * p))
    ab = np.zeros(2 * p)
    for j in range(p):
        ok = np.isfinite(x[:, j])
        y = x[ok, j]
        m, v = y.mean(), y.var()
        d = np.zeros(x.shape[0])
        d[ok] = x[ok, j] - m
        sb[ok, j] = d[ok] / v
        sb[ok, p + j] = 0.5 * (d[ok] ** 2 / v**2 - 1.0 / v)
        ab[j], ab[p + j] = ok.sum() / v, ok.sum() / (2 * v * v)
    t0b = float(np.sum(np.sum(sb * sb, axis=0) / ab))
    dfb = p * (p - 1) // 2
    cb = (t1 - t0b) / dfb
    return acov, c, cb
