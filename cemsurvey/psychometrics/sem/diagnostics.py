"""Modification indices and residuals of a fitted model.

Modification index (score test) of a fixed-to-zero parameter ``c`` (expected information,
lavaan's default ``modindices()``):

.. math::

    MI_c = \\frac{N g_c^2}{4 V_c}, \\quad
    V_c = I_{cc} - I_{c\\theta} I_{\\theta\\theta}^{-1} I_{\\theta c}, \\quad
    EPC_c = -\\frac{g_c}{2 V_c},

with ``g_c = dF_ML/dtheta_c`` at the estimates and ``I`` the per-observation expected
information (:mod:`.ml`). ``sepc.all`` standardizes the EPC like the parameter it would be
(cross-loading: ``EPC sqrt(phi_k / sigma_i)``; residual covariance:
``EPC / sqrt(theta_ii theta_jj)``). Candidates are the cross-loadings of items on the
first-order factors they do not measure and the residual covariances of item pairs.

Standardized residuals (lavaan's ``resid(type = "standardized")``): ``(s_ij - sigma_ij) /
sqrt(v_ij)`` with ``v_ij`` the asymptotic variance of the residual (see
:func:`standardized_residuals`); where ``v_ij`` is not positive the value is NaN, as in lavaan.

Verified against lavaan 0.6.14 ``modindices()`` and ``resid()`` (tests/reference/lavaan).

References
----------
Sörbom, D. (1989). Model modification. *Psychometrika* 54, 371-384.
Saris, W. E., Satorra, A. & Sörbom, D. (1987). The detection and correction of
specification errors in structural equation models. *Sociol. Methodology* 17, 105-129.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.model import LAMBDA, THETA, Implied

#: Elements of the candidate information block handled at once (8 bytes each).
_CHUNK_ELEMENTS = 4_000_000


def modification_indices(problem: MLProblem, theta: np.ndarray, imp: Implied, inv: np.ndarray,
                         info_inv: np.ndarray) -> pd.DataFrame:
    """All modification indices (cross-loadings and item residual covariances), sorted.

    Returns a DataFrame with columns ``lhs, op, rhs, mi, epc, sepc_all``.
    """
    model = problem.model
    st = model.structure
    pt = model.partable
    p = model.p
    free_pairs = {(int(r), int(c)) for code, r, c, fr in zip(pt.mat, pt.row, pt.col, pt.free)
                  if code == THETA}
    lhs, op, rhs, mat, row, col = [], [], [], [], [], []
    lam_set = {(int(r), int(c)) for code, r, c in zip(pt.mat, pt.row, pt.col) if code == LAMBDA}
    for f in st.first_order:
        k = model._lat[f]
        for it in model.observed:
            i = model._obs[it]
            if (i, k) not in lam_set:
                lhs.append(f), op.append("=~"), rhs.append(it)
                mat.append(LAMBDA), row.append(i), col.append(k)
    for j in range(p):
        for i in range(j + 1, p):
            if (i, j) not in free_pairs:
                lhs.append(model.observed[j]), op.append("~~"), rhs.append(model.observed[i])
                mat.append(THETA), row.append(i), col.append(j)
    if not lhs:
        return pd.DataFrame(columns=["lhs", "op", "rhs", "mi", "epc", "sepc_all"])
    mat_a, row_a, col_a = np.array(mat), np.array(row), np.array(col)
    a_c, b_c, s_c = model.derivative_index(mat_a, row_a, col_a)
    g_c = problem.gradient_rows(imp, inv, a_c, b_c, s_c)
    u = model.u_matrix(imp)
    uvu = u.T @ inv @ u
    fr = model._free_rows
    a, b, s = model.a_idx[fr], model.b_idx[fr], model.scale[fr]
    i_cc = s_c * s_c * (uvu[a_c, a_c] * uvu[b_c, b_c] + uvu[a_c, b_c] * uvu[b_c, a_c])
    # candidates in chunks: the (candidates x q) information block of a 320-item model
    # would take gigabytes at once
    quad = np.empty(len(a_c))
    step = max(1, _CHUNK_ELEMENTS // max(len(a), 1))
    for lo in range(0, len(a_c), step):
        sl = slice(lo, lo + step)
        i_ct = model.collapse(problem.information_from(uvu, a_c[sl], b_c[sl], s_c[sl], a, b, s))
        quad[sl] = np.sum((i_ct @ info_inv) * i_ct, axis=1)
    v_c = i_cc - quad
    n = problem.n
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.where(v_c > 1e-12, n * g_c**2 / (4.0 * v_c), np.nan)
        epc = np.where(v_c > 1e-12, -g_c / (2.0 * v_c), np.nan)
    sig = np.diag(imp.sigma)
    phi = np.diag(imp.m)
    th = np.diag(imp.theta)
    is_l = mat_a == LAMBDA
    sepc = np.empty_like(epc)
    with np.errstate(divide="ignore", invalid="ignore"):
        sepc[is_l] = epc[is_l] * np.sqrt(np.abs(phi[col_a[is_l]] / sig[row_a[is_l]]))
        sepc[~is_l] = epc[~is_l] / np.sqrt(np.abs(th[row_a[~is_l]] * th[col_a[~is_l]]))
    out = pd.DataFrame({"lhs": lhs, "op": op, "rhs": rhs, "mi": mi, "epc": epc, "sepc_all": sepc})
    return out.sort_values("mi", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def standardized_residuals(problem: MLProblem, imp: Implied, acov: np.ndarray) -> np.ndarray:
    """lavaan's standardized residual matrix (p x p; NaN where the variance is not positive).

    lavaan (``lav_residuals_acov``, ``z.type = "standardized"``) takes the residual ACOV as
    ``Q Gamma_S Q' / N`` with ``Q = I - Delta I0^-1 Delta' A1``, ``Gamma_S`` the
    normal-theory ACOV of the sample covariances at ``S`` (unstructured), ``A1`` the
    normal-theory information at the fitted Sigma and ``I0 = Delta' A1 Delta``. Per element
    ``r = (i, j)`` this is ``gamma_r - 2 k_r c_r + k_r J k_r'`` with ``k = Delta I0^-1``,
    ``c_r[t] = (S V dSigma_t V S)_ij`` and ``J = 1/2 tr(V S V dSigma_a V S V dSigma_b)``.
    """
    model = problem.model
    p, n = model.p, problem.n
    sig, s_mat = imp.sigma, problem.s
    inv = np.linalg.inv(sig)
    iu, ju = np.tril_indices(p)
    fr = model._free_rows
    a, b, s = model.a_idx[fr], model.b_idx[fr], model.scale[fr]
    u = model.u_matrix(imp)
    delta = model.collapse(s * (u[iu][:, a] * u[ju][:, b] + u[iu][:, b] * u[ju][:, a]))
    k = delta @ (acov * n)
    pm = s_mat @ inv @ u
    c = model.collapse(s * (pm[iu][:, a] * pm[ju][:, b] + pm[iu][:, b] * pm[ju][:, a]))
    vsv = inv @ s_mat @ inv
    j = model.collapse(problem.information_from(u.T @ vsv @ u, a, b, s, a, b, s), both=True)
    gamma = s_mat[iu, iu] * s_mat[ju, ju] + s_mat[iu, ju] ** 2
    v = (gamma - 2.0 * np.sum(k * c, axis=1) + np.sum((k @ j) * k, axis=1)) / n
    res = (s_mat - sig)[iu, ju]
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(v > 0, res / np.sqrt(np.where(v > 0, v, 1.0)), np.nan)
    # residuals that are zero by construction (e.g. item variances) have zero variance:
    # report 0 rather than noise / NaN
    z = np.where((np.abs(res) < 1e-6 * np.sqrt(gamma)) & ~(v > 1e-10 * gamma / n), 0.0, z)
    out = np.full((p, p), np.nan)
    out[iu, ju] = z
    out[ju, iu] = z
    return out


def correlation_residuals(s: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Correlation residuals, lavaan's ``resid(type = "cor")``: ``cor(S) - cor(Sigma)``."""
    ds = np.sqrt(np.diag(s))
    dm = np.sqrt(np.diag(sigma))
    return s / np.outer(ds, ds) - sigma / np.outer(dm, dm)
