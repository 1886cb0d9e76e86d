"""Robust FIML (MLR with missing answers) for multi-group models, as lavaan 0.6.14's
``cfa(..., group =, estimator = "MLR", missing = "ml")``.

* Sandwich covariance ``acov = A0^-1 B0 A0^-1 / N``: ``A0`` the observed information per
  observation (:meth:`.multigroup_fiml.MultiGroupFIMLProblem.observed_information`),
  ``B0 = sum_g T_g' (S_g' S_g) T_g / N`` from the casewise scores of the incomplete rows:
  with ``e_i = y_io - mu_o`` and ``V_o = Sigma_oo^-1``, the mean-structure parameters
  ``(d mu_o/d theta_j)' V_o e_i`` and the covariance parameters
  ``s_j [(U_o'V_o e_i)_a (U_o'V_o e_i)_b - (U_o'V_o U_o)_ab]``.
* Yuan-Bentler scaling (lavaan's ``test = "yuan.bentler.mplus"``):
  ``c = [sum_g tr(B1_g A1_g^-1) - tr(B0 A0^-1)] / df``, ``A1_g`` and ``B1_g`` the observed
  information and the score cross-product of the saturated model at the EM moments
  (:func:`.fiml_fit.saturated_hessian`, :func:`.fiml_fit.saturated_scores`); the baseline's
  ``c0`` likewise with the independence model (free means and variances per item).
  The ``.scaled`` indices as :func:`.robust.scaled_fit_indices`, every RMSEA times ``sqrt(G)``.
* Robust CFI, TLI and RMSEA under missing data are lavaan's FIML-corrected ones
  (``lav_fit_fiml_corrected``, version V3; Zhang & Savalei 2023): the model's estimates are
  evaluated on the EM moments as complete data, ``XX3 = N F_ML(theta_hat; ybar~, S~)``, and
  with the saturated observed information ``W_m`` (per observation, under the patterns),
  its first-order counterpart ``J_m``, the complete-data information ``W_c`` at the EM
  moments, the model Jacobian ``Delta`` of ``(mu, vech Sigma)`` and
  ``E = (sum_g f_g Delta_g' W_m,g Delta_g)^-1`` (``f_g = n_g/N``),
  ``U = W - W Delta E Delta' W`` with ``W = diag(f_g W_m,g)``,
  ``Gamma = diag(W_m,g^-1 J_m,g W_m,g^-1 / f_g)`` and
  ``c3 = tr(U W_m^-1 W_c W_m^-1 U Gamma) / df`` (the inverse and ``W_c`` blocks weighted
  ``1/f_g`` and ``f_g``). ``RMSEA_robust = sqrt(max(XX3/(N df) - c3/N, 0)) sqrt(G)``, its
  interval from ``XX3/c3``; CFI and TLI from ``XX3 - c3 df`` and the baseline's
  ``XX3_0 - c3_0 df_0`` (the independence model evaluated the same way).

Verified against lavaan 0.6.14 on HolzingerSwineford1939 by school with MCAR gaps and bfi by
gender (tests/invariance/test_invariance_fiml.py).

References
----------
Yuan, K.-H. & Bentler, P. M. (2000). Three likelihood-based methods for mean and covariance
structure analysis with nonnormal missing data. *Sociological Methodology* 30, 165-200.
Zhang, X. & Savalei, V. (2023). New computations for RMSEA and CFI following FIML and TS
estimation with missing data. *Psychological Methods* 28(2), 263-283.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from cemsurvey.psychometrics.sem import fit_indices as fx
from cemsurvey.psychometrics.sem.fiml_fit import saturated_hessian, saturated_scores
from cemsurvey.psychometrics.sem.multigroup import MultiGroupProblem
from cemsurvey.psychometrics.sem.robust import RobustML, scaled_fit_indices
from cemsurvey.stats.em import Patterns

__all__ = ["RobustFIML", "mlr_fiml"]


@dataclass(frozen=True)
class RobustFIML:
    """MLR quantities of a multi-group FIML fit: sandwich covariance of the constrained
    vector and lavaan-named scaled and robust fit indices."""

    acov: np.ndarray
    fit: dict[str, float]


def _scores(prob: Any, g: int, theta_g: np.ndarray) -> np.ndarray:
    """Casewise log-likelihood scores (n_g x q_g) of group ``g``'s incomplete rows."""
    mod, base = prob.model, prob.model.base
    grp = prob.groups[g]
    th, nu, alpha = mod.split(theta_g)
    imp = base.implied(mod.cov_theta(th))
    mu = nu + imp.h @ alpha
    u = base.u_matrix(imp)
    jmu = prob.mean_jacobian(imp, alpha, len(theta_g))
    rows = mod._cov_rows
    a, b, sc = base.a_idx[rows], base.b_idx[rows], base.scale[rows]
    out = np.zeros((grp.n, len(theta_g)))
    for o, r in zip(grp.pat.obs, grp.pat.rows):
        v = np.linalg.inv(imp.sigma[np.ix_(o, o)])
        z = (grp.data[np.ix_(r, o)] - mu[o]) @ v
        uo = u[o]
        zu = z @ uo
        c = uo.T @ v @ uo
        blk = z @ jmu[o]
        blk[:, :mod.n_cov] += sc * (zu[:, a] * zu[:, b] - c[a, b])
        out[r] = blk
    return out


def _complete(mean: np.ndarray, cov: np.ndarray, n: int) -> Patterns:
    """One complete pattern with the given moments (the complete-data saturated model)."""
    p = mean.size
    return Patterns((np.arange(p),), np.array([n]), (mean,), (cov,), (np.arange(n),), n, p)


def _baseline_trace(x: np.ndarray) -> float:
    """``tr(B A^-1)`` of the independence model (free mean and variance per item, FIML)."""
    total = 0.0
    for j in range(x.shape[1]):
        y = x[:, j][np.isfinite(x[:, j])]
        d, v = y - y.mean(), y.var()
        total += float(np.sum((d / v) ** 2)) / (y.size / v)
        total += float(np.sum((0.5 * (d * d / v**2 - 1.0 / v)) ** 2)) / (y.size / (2 * v * v))
    return total


def _model_jacobian(prob: Any, g: int, theta_g: np.ndarray) -> np.ndarray:
    """``d (mu, vech Sigma) / d theta_g`` (lower triangle in ``numpy.tril_indices`` order,
    the order of :func:`.fiml_fit.saturated_hessian`)."""
    mod, base = prob.model, prob.model.base
    th, _, alpha = mod.split(theta_g)
    imp = base.implied(mod.cov_theta(th))
    u = base.u_matrix(imp)
    rows = mod._cov_rows
    a, b, sc = base.a_idx[rows], base.b_idx[rows], base.scale[rows]
    il, jl = np.tril_indices(mod.p)
    ds = sc * (u[il][:, a] * u[jl][:, b] + u[il][:, b] * u[jl][:, a])
    out = np.zeros((mod.p + il.size, len(theta_g)))
    out[:mod.p] = prob.mean_jacobian(imp, alpha, len(theta_g))
    out[mod.p:, :mod.n_cov] = ds
    return out


def _independence_chi2(grp: Any) -> float:
    """The FIML independence model's estimates evaluated on the EM moments (complete-data
    ML discrepancy times ``n_g``)."""
    x = grp.data
    m = np.array([np.nanmean(x[:, j]) for j in range(x.shape[1])])
    v = np.array([np.nanvar(x[:, j]) for j in range(x.shape[1])])
    s, ybar = grp.cov, grp.mean
    ld = np.linalg.slogdet(s)[1]
    return grp.n * float(np.sum(np.log(v)) + np.sum((np.diag(s) + (ybar - m) ** 2) / v)
                         - ld - x.shape[1])


def _corrected(prob: Any, theta: np.ndarray, df: float) -> dict[str, float]:
    """lavaan's FIML-corrected ``XX3, c3`` of the model and the baseline (V3)."""
    mod = prob.model
    n, p = prob.n, mod.p
    k = p + p * (p + 1) // 2
    gk = mod.n_groups * k
    wm, wmi, wc, gam = (np.zeros((gk, gk)) for _ in range(4))
    delta = np.zeros((gk, mod.q))
    delta_b = np.zeros((gk, 2 * p * mod.n_groups))
    il, jl = np.tril_indices(p)
    diag_rows = p + np.flatnonzero(il == jl)
    for g, grp in enumerate(prob.groups):
        fg = prob.weights[g]
        sl = slice(g * k, (g + 1) * k)
        a1 = saturated_hessian(grp.pat, grp.mean, grp.cov) / grp.n
        s1 = saturated_scores(grp.pat, grp.data, grp.mean, grp.cov)
        a1i = np.linalg.inv(a1)
        wm[sl, sl] = fg * a1
        wmi[sl, sl] = a1i / fg
        wc[sl, sl] = fg * saturated_hessian(_complete(grp.mean, grp.cov, grp.n),
                                            grp.mean, grp.cov) / grp.n
        gam[sl, sl] = a1i @ (s1.T @ s1 / grp.n) @ a1i / fg
        delta[sl, mod.index[g]] = _model_jacobian(prob, g, theta[mod.index[g]])
        cols = 2 * p * g + np.arange(2 * p)
        delta_b[g * k + np.arange(p), cols[:p]] = 1.0
        delta_b[g * k + diag_rows, cols[p:]] = 1.0

    def trace(dl: np.ndarray) -> float:
        e = np.linalg.inv(dl.T @ wm @ dl)
        u = wm - wm @ dl @ e @ dl.T @ wm
        mid = u @ wmi @ wc @ wmi @ u
        return float(np.sum(mid * gam.T))

    xx3 = n * MultiGroupProblem(mod, prob.groups).evaluate(theta, need_info=False)[0]
    df0 = mod.n_groups * p * (p - 1) // 2
    return {"xx3": xx3, "c3": trace(delta) / df,
            "xx3_null": float(sum(_independence_chi2(g) for g in prob.groups)),
            "c3_null": trace(delta_b) / df0, "df_null": float(df0)}


def _robust_indices(cr: dict[str, float], df: float, n: int, groups: int) -> dict[str, float]:
    xx3, c3, xb, cb, dfb = cr["xx3"], cr["c3"], cr["xx3_null"], cr["c3_null"], cr["df_null"]
    t1, t0 = max(xx3 - c3 * df, 0.0), max(xx3 - c3 * df, xb - cb * dfb, 0.0)
    root = math.sqrt(groups)
    lo, hi = fx.rmsea_ci(xx3 / c3, df, n)
    return {
        "cfi.robust": 1.0 if t0 == 0 else 1.0 - t1 / t0,
        "tli.robust": 1.0 - ((xx3 - c3 * df) * dfb) / ((xb - cb * dfb) * df),
        "rmsea.robust": math.sqrt(max(xx3 / n / df - c3 / n, 0.0)) * root,
        "rmsea.ci.lower.robust": lo * math.sqrt(c3) * root,
        "rmsea.ci.upper.robust": hi * math.sqrt(c3) * root,
    }


def mlr_fiml(prob: Any, theta: np.ndarray, a_inv: np.ndarray, measures: dict[str, float]
             ) -> RobustFIML:
    """MLR statistics of the converged multi-group FIML fit ``theta`` of ``prob`` (a
    :class:`.multigroup_fiml.MultiGroupFIMLProblem`), ``a_inv`` the inverse observed
    information per observation and ``measures`` its ML fit measures."""
    mod = prob.model
    b0 = np.zeros((mod.q, mod.q))
    t1 = t1b = 0.0
    for g, grp in enumerate(prob.groups):
        idx = mod.index[g]
        sg = _scores(prob, g, theta[idx])
        b0[np.ix_(idx, idx)] += (sg.T @ sg) / prob.n
        s1 = saturated_scores(grp.pat, grp.data, grp.mean, grp.cov)
        a1 = saturated_hessian(grp.pat, grp.mean, grp.cov)
        h1 = float(np.sum((s1.T @ s1) * np.linalg.inv(a1).T))
        t1 += h1
        t1b += h1 - _baseline_trace(grp.data)
    acov = a_inv @ b0 @ a_inv / prob.n
    t0 = float(np.sum(b0 * a_inv.T))
    df, bdf = measures["df"], measures["baseline_df"]
    c = (t1 - t0) / df if df > 0 else float("nan")
    cb = t1b / bdf if bdf > 0 else float("nan")
    fit = scaled_fit_indices(measures["chisq"], int(df), measures["baseline_chisq"], int(bdf),
                             prob.n, RobustML(acov, c, cb, t1, t0))
    root = math.sqrt(mod.n_groups)
    for k in list(fit):
        if k.startswith("rmsea") and "pvalue" not in k:
            fit[k] *= root
        if k.endswith(".robust"):
            del fit[k]            # replaced by the FIML-corrected indices below
    if df > 0:
        fit.update(_robust_indices(_corrected(prob, theta, df), df, prob.n, mod.n_groups))
    return RobustFIML(acov, fit)
