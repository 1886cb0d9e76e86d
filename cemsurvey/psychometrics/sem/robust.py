"""Robust maximum likelihood (MLR): Huber-White standard errors and the Yuan-Bentler
scaled chi-square, as lavaan 0.6.14's ``estimator = "MLR"`` computes them.

lavaan's MLR with complete data uses (``lavInspect(fit, "options")``): ``information =
"observed"`` (the Hessian), ``information.meat = "first.order"`` with ``h1.information.meat =
"structured"`` (casewise scores at the model-implied Sigma), ``se = "robust.huber.white"``,
``test = "yuan.bentler.mplus"`` and no mean structure (means are the sample means).

Sandwich covariance of the estimates (per observation ``A``, ``B``):

.. math::

    \\operatorname{acov}(\\hat\\theta) = A^{-1} B A^{-1} / N, \\quad
    A = \\tfrac12 \\nabla^2 F_{ML}, \\quad
    B = \\tfrac1N \\sum_i s_i s_i^\\top,

with the casewise score ``s_ij = 1/2 tr(R_i dSigma_j)``, ``R_i = V d_i d_i' V - V``,
``V = Sigma^-1`` and ``d_i = y_i - ybar``. With ``dSigma_j = s_j(a_j b_j' + b_j a_j')``
(:mod:`.model`) this is ``s_j [(U'Vd_i)_a (U'Vd_i)_b - (U'VU)_ab]``: one matrix product
for all cases and parameters. ``A`` is the central-difference Jacobian of the engine's
analytic gradient (:meth:`.ml.MLProblem.gradient`), as lavaan differentiates its gradient.

Yuan-Bentler (Mplus) scaling factor ``c = tr(U Gamma) / df`` with

.. math::

    \\operatorname{tr}(U\\Gamma) = \\operatorname{tr}(B_1 A_1^{-1}) - \\operatorname{tr}(B_0 A^{-1}),

``A_1``/``B_1`` the observed/first-order information of the saturated model and ``B_0 = B``;
lavaan's ``yuan.bentler.mplus`` evaluates ``A_1``, ``B_1`` at the sample moments
(``h1.information = "unstructured"``), so the h1 trace is shared by the model and the
independence (baseline) model. ``A_1`` acts on a symmetric perturbation ``E`` as
``1/2 (C E V + V E C)`` with ``C = V S V - V/2``; with ``P`` from the generalized eigenproblem
``C P = V P Lambda`` (``P'VP = I``) its inverse is diagonal, and

.. math::

    \\operatorname{tr}(B_1 A_1^{-1}) = \\frac{1}{4N} \\sum_i \\sum_{kl}
      \\frac{2 (u_{ik} u_{il} - \\delta_{kl})^2}{\\lambda_k + \\lambda_l}, \\quad u_i = P' V d_i,

so no ``p* x p*`` matrix is ever formed (p = 112 costs milliseconds).

Fit indices (lavaan's names): ``chisq.scaled = chisq / c``; the baseline (independence)
model's ``c0`` the same way; ``cfi.scaled``/``tli.scaled``/``rmsea.scaled`` from the scaled
statistics; ``cfi.robust``, ``tli.robust`` (Brosseau-Liard & Savalei 2014) and
``rmsea.robust`` with its CI (Brosseau-Liard, Savalei & Li 2012), which use ``c`` and ``c0``.

Verified against lavaan 0.6.14 ``cfa(..., estimator = "MLR")`` on Holzinger-Swineford and
bfi (``tests/reference/estimators/``): estimates, robust SEs, std.all SEs and every scaled
and robust fit index at 1e-4 relative (``tests/estimators/test_estimators_mlr.py``).

References
----------
Yuan, K.-H. & Bentler, P. M. (2000). Three likelihood-based methods for mean and covariance
structure analysis with nonnormal missing data. *Sociological Methodology* 30, 165-200.
Brosseau-Liard, P. E., Savalei, V. & Li, L. (2012). An investigation of the sample
performance of two nonnormality corrections for RMSEA. *Multivariate Behav. Res.* 47, 904-930.
Brosseau-Liard, P. E. & Savalei, V. (2014). Adjusting incremental fit indices for
nonnormality. *Multivariate Behav. Res.* 49, 460-470.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import linalg

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.sem import fit_indices as fi
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.stats.distributions import chi2_sf

__all__ = ["RobustML", "casewise_scores", "mlr", "observed_information", "scaled_fit_indices",
           "trace_h1"]


@dataclass(frozen=True)
class RobustML:
    """Robust (MLR) quantities of one fitted model.

    Attributes
    ----------
    acov
        Sandwich covariance of the free parameters (q x q, already divided by N).
    scaling_factor, scaling_factor_baseline
        Yuan-Bentler ``c = tr(U Gamma)/df`` of the model and of the independence model.
    trace_h1, trace_h0
        The two traces ``tr(B1 A1^-1)``, ``tr(B0 A0^-1)`` (lavaan: ``scaling.factor.h1``
        is ``trace_h1 / p*``, ``scaling.factor.h0`` is ``trace_h0 / q``).
    """

    acov: np.ndarray
    scaling_factor: float
    scaling_factor_baseline: float
    trace_h1: float
    trace_h0: float


def gradient_jacobian(gradient: Callable[[np.ndarray], np.ndarray],
                      theta: np.ndarray) -> np.ndarray:
    """Central differences of ``gradient`` at ``theta``: column ``j`` is
    ``(g(theta + h_j e_j) - g(theta - h_j e_j)) / (2 h_j)`` with ``h_j = 1e-6 max(|theta_j|, 1)``.

    Not symmetrized; the observed informations symmetrize it (single- and multi-group ML,
    :mod:`.multigroup_robust`; the structural term of the FIML Hessian, :mod:`.fiml`).
    """
    q = theta.size
    h = np.empty((q, q))
    for j in range(q):
        step = 1e-6 * max(abs(theta[j]), 1.0)
        tp, tm = theta.copy(), theta.copy()
        tp[j] += step
        tm[j] -= step
        h[:, j] = (gradient(tp) - gradient(tm)) / (2 * step)
    return h


def observed_information(problem: MLProblem, theta: np.ndarray) -> np.ndarray:
    """Observed information per observation, ``1/2`` the Hessian of ``F_ML`` at ``theta``,
    by central differences of the analytic gradient (step ``1e-6 max(|theta_j|, 1)``)."""
    h = gradient_jacobian(problem.gradient, theta)
    if not np.all(np.isfinite(h)):
        raise EstimationError("the observed information could not be computed (the implied "
                              "covariance matrix is not positive definite near the estimates)")
    return 0.25 * (h + h.T)


def casewise_scores(problem: MLProblem, theta: np.ndarray, dev: np.ndarray) -> np.ndarray:
    """Casewise scores of the log-likelihood (N x q) at ``theta`` for centred data ``dev``."""
    m = problem.model
    imp = m.implied(theta)
    v = np.linalg.inv(imp.sigma)
    u = m.u_matrix(imp)
    vu = v @ u
    z = dev @ vu                        # rows: (U' V d_i)'
    c = u.T @ vu                        # U' V U
    rows = m._free_rows
    a, b, s = m.a_idx[rows], m.b_idx[rows], m.scale[rows]
    sc_rows = s * (z[:, a] * z[:, b] - c[a, b])
    out = np.zeros((dev.shape[0], m.q))
    for k, col in enumerate(m.partable.free[rows]):   # equality-free model: one row per column
        out[:, col] += sc_rows[:, k]
    return out


def trace_h1(sigma: np.ndarray, s: np.ndarray, dev: np.ndarray) -> float:
    """``tr(B1 A1^-1)`` of the saturated model at ``sigma`` (see module docstring)."""
    v = np.linalg.inv(sigma)
    c = v @ s @ v - 0.5 * v
    lam, p = linalg.eigh(0.5 * (c + c.T), 0.5 * (v + v.T))
    g = 2.0 / (lam[:, None] + lam[None, :])
    uu = dev @ (v @ p)
    n = dev.shape[0]
    u2 = uu * uu
    total = float(np.sum(g * (u2.T @ u2))) - 2.0 * float(np.sum(np.diag(g) * u2.sum(axis=0))) \
        + n * float(np.trace(g))
    return total / (4.0 * n)


def mlr(problem: MLProblem, theta: np.ndarray, data: np.ndarray) -> RobustML:
    """Huber-White covariance and Yuan-Bentler scaling factors of a converged ML fit.

    Parameters
    ----------
    problem
        The :class:`~.ml.MLProblem` the estimates solve (``problem.s`` the divisor-N
        covariance of ``data``).
    theta
        ML estimates.
    data
        Complete cases (N x p, columns ordered as ``problem.model.observed``).
    """
    n = data.shape[0]
    dev = data - data.mean(axis=0)
    a = observed_information(problem, theta)
    sc = casewise_scores(problem, theta, dev)
    b = sc.T @ sc / n
    try:
        a_inv = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        raise EstimationError("the observed information matrix is singular: the model is not "
                              "identified; robust standard errors are not available") from None
    acov = a_inv @ b @ a_inv / n
    p = problem.model.p
    df = p * (p + 1) // 2 - problem.model.q
    t1 = trace_h1(problem.s, problem.s, dev)   # lavaan: h1.information "unstructured"
    t0 = float(np.sum(b * a_inv.T))
    c = (t1 - t0) / df if df > 0 else float("nan")
    # independence model: Sigma0 = diag(S); its scores and (diagonal) observed information
    d = np.diag(problem.s)
    t1b = t1
    z = dev * dev / d - 1.0                       # (d_ij^2 / s_jj - 1)
    t0b = 0.5 * float(np.sum(np.mean(z * z, axis=0)))
    dfb = p * (p - 1) // 2
    cb = (t1b - t0b) / dfb if dfb > 0 else float("nan")
    return RobustML(acov=acov, scaling_factor=c, scaling_factor_baseline=cb, trace_h1=t1, trace_h0=t0)


def _rmsea_robust_ci(chi2: float, df: float, n: int, c: float, level: float = 0.90) -> tuple[float, float]:
    """CI of the robust RMSEA: the scaled statistic's noncentrality bounds times ``c``."""
    lo, hi = fi.rmsea_ci(chi2 / c, df, n, level)
    return lo * math.sqrt(c), hi * math.sqrt(c)


def scaled_fit_indices(chi2: float, df: int, base_chi2: float, base_df: int, n: int,
                       rob: RobustML) -> dict[str, float]:
    """Scaled and robust fit indices, keyed as lavaan's ``fitMeasures()`` names them."""
    c, cb = rob.scaling_factor, rob.scaling_factor_baseline
    t, tb = chi2 / c, base_chi2 / cb
    out: dict[str, float] = {
        "chisq.scaled": t, "df.scaled": float(df),
        "pvalue.scaled": float(chi2_sf(t, df)) if df > 0 else float("nan"),
        "chisq.scaling.factor": c,
        "baseline.chisq.scaled": tb, "baseline.df.scaled": float(base_df),
        "baseline.pvalue.scaled": float(chi2_sf(tb, base_df)),
        "baseline.chisq.scaling.factor": cb,
        "cfi.scaled": fi.cfi(t, df, tb, base_df), "tli.scaled": fi.tli(t, df, tb, base_df),
    }
    # robust CFI / TLI (Brosseau-Liard & Savalei 2014): noncentralities chi2 - c df
    d1, d0 = max(chi2 - c * df, 0.0), max(base_chi2 - cb * base_df, 0.0)
    den = max(d0, d1)
    out["cfi.robust"] = 1.0 if den == 0 else 1.0 - d1 / den
    t2 = (base_chi2 - cb * base_df) * df
    out["tli.robust"] = 1.0 - ((chi2 - c * df) * base_df) / t2 if t2 != 0 else float("nan")
    out["rmsea.scaled"] = fi.rmsea(t, df, n)
    # lavaan: the scaled CI and close-fit test use the unscaled chi2 on tr(U Gamma) = c df
    lo, hi = fi.rmsea_ci(chi2, c * df, n)
    out["rmsea.ci.lower.scaled"], out["rmsea.ci.upper.scaled"] = lo, hi
    out["rmsea.pvalue.scaled"] = fi.rmsea_pclose(chi2, c * df, n)
    out["rmsea.robust"] = math.sqrt(max(chi2 - c * df, 0.0) / (df * n)) if df > 0 else float("nan")
    lo, hi = _rmsea_robust_ci(chi2, df, n, c)
    out["rmsea.ci.lower.robust"], out["rmsea.ci.upper.robust"] = lo, hi
    out["rmsea.pvalue.robust"] = fi.rmsea_pclose(t, df, n, h0=0.05 / math.sqrt(c))
    return out
