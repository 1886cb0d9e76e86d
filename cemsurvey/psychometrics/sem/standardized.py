"""Completely standardized solution (lavaan's ``std.all``) with delta-method standard errors.

With ``sigma_i`` the model-implied variance of item ``i`` (diagonal of Sigma) and
``phi_k`` the model-implied variance of latent ``k`` (diagonal of ``M = A Psi A'``):

=======================  ============================================
parameter                std.all
=======================  ============================================
loading lambda_ik        lambda_ik sqrt(phi_k / sigma_i)
B[k, l] (=~ or ~)        b_kl sqrt(phi_l / phi_k)
variance theta_ii        theta_ii / sigma_i
variance psi_kk          psi_kk / phi_k
covariance theta_ij      theta_ij / sqrt(theta_ii theta_jj)
covariance psi_kl        psi_kl / sqrt(psi_kk psi_ll)
=======================  ============================================

(covariances are standardized by the residual/disturbance variances, as lavaan does).
Every entry is ``x * prod_t v_t^{e_t}`` with two variance terms ``v_t``, so its gradient is
``f dx + x f sum_t e_t dv_t / v_t``; ``dsigma_i`` and ``dphi_k`` come from the same
rank-one derivative form as the information (see :mod:`.model`), and the delta-method
covariance is ``J ACOV J'``. Verified against lavaan's ``standardizedSolution()`` (se column).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from cemsurvey.psychometrics.sem.information import Acov
from cemsurvey.psychometrics.sem.model import BETA, LAMBDA, PSI, THETA, Implied, SEMModel


def standardized(model: SEMModel, theta: np.ndarray, imp: Implied,
                 acov: Acov | None) -> tuple[np.ndarray, np.ndarray]:
    """std.all value and delta-method SE of every parameter-table row.

    Parameters
    ----------
    model, theta, imp
        The model, the estimates and the implied matrices at the estimates.
    acov
        Asymptotic covariance of the free parameters (``I^-1 / N``, dense or in blocks:
        :class:`~.information.Acov`) or ``None`` (SEs NaN).
    """
    pt = model.partable
    p, m, q = model.p, model.m, model.q
    x = model.values(theta)
    mat, row, col = pt.mat, pt.row, pt.col
    sig = np.diag(imp.sigma)
    phi = np.diag(imp.m)
    th_d = np.diag(imp.theta)
    ps_d = np.diag(imp.psi)
    v = np.concatenate([sig, phi, th_d, ps_d])
    o_sig, o_phi, o_th, o_ps = 0, p, p + m, 2 * p + m

    n = len(pt)
    i1 = np.zeros(n, dtype=int)
    i2 = np.zeros(n, dtype=int)
    e1 = np.zeros(n)
    e2 = np.zeros(n)
    diag = row == col
    sel = mat == LAMBDA
    i1[sel], e1[sel], i2[sel], e2[sel] = o_phi + col[sel], 0.5, o_sig + row[sel], -0.5
    sel = mat == BETA
    i1[sel], e1[sel], i2[sel], e2[sel] = o_phi + col[sel], 0.5, o_phi + row[sel], -0.5
    sel = (mat == THETA) & diag
    i1[sel], e1[sel], i2[sel], e2[sel] = o_sig + row[sel], -0.5, o_sig + row[sel], -0.5
    sel = (mat == THETA) & ~diag
    i1[sel], e1[sel], i2[sel], e2[sel] = o_th + row[sel], -0.5, o_th + col[sel], -0.5
    sel = (mat == PSI) & diag
    i1[sel], e1[sel], i2[sel], e2[sel] = o_phi + row[sel], -0.5, o_phi + row[sel], -0.5
    sel = (mat == PSI) & ~diag
    i1[sel], e1[sel], i2[sel], e2[sel] = o_ps + row[sel], -0.5, o_ps + col[sel], -0.5

    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.abs(v[i1]) ** e1 * np.abs(v[i2]) ** e2
        std = x * f
    if acov is None:
        return std, np.full(n, np.nan)

    # Jacobian of v (len 2p + 2m) with respect to the free parameters
    fr = model._free_rows
    a, b, s = model.a_idx[fr], model.b_idx[fr], model.scale[fr]
    u = model.u_matrix(imp)
    jv = np.zeros((2 * p + 2 * m, q))
    jv[:p] = model.collapse(2.0 * s * u[:, a] * u[:, b])
    ul = np.hstack([imp.a, imp.m])
    fmat, frow, fcol = mat[fr], row[fr], col[fr]
    la = np.where(fmat == PSI, frow, np.where(fmat == BETA, frow, 0))
    lb = np.where(fmat == PSI, fcol, np.where(fmat == BETA, m + fcol, 0))
    ls = np.where(fmat == PSI, np.where(frow == fcol, 0.5, 1.0), np.where(fmat == BETA, 1.0, 0.0))
    jv[p:p + m] = model.collapse(2.0 * ls * ul[:, la] * ul[:, lb])
    free_of = pt.free[fr]
    tsel = (fmat == THETA) & (frow == fcol)
    jv[o_th + frow[tsel], free_of[tsel]] = 1.0
    psel = (fmat == PSI) & (frow == fcol)
    jv[o_ps + frow[psel], free_of[psel]] = 1.0

    # J is sparse (a std.all value depends on a handful of parameters): J ACOV J' costs
    # nnz(J) q instead of a dense (rows x q) @ (q x q) product
    with np.errstate(invalid="ignore", divide="ignore"):
        c1 = std * e1 / v[i1]
        c2 = std * e2 / v[i2]
    jv_s = sparse.csr_matrix(jv)
    rows_free = np.flatnonzero(pt.free >= 0)
    j = (sparse.diags(np.nan_to_num(c1)) @ jv_s[i1] + sparse.diags(np.nan_to_num(c2)) @ jv_s[i2]
         + sparse.csr_matrix((f[rows_free], (rows_free, pt.free[rows_free])), shape=(n, q)))
    var = acov.quad_diag(j)
    var[~(np.isfinite(c1) & np.isfinite(c2))] = np.nan   # as the dense product: 0 * inf = nan
    return std, np.sqrt(np.maximum(var, 0.0))
