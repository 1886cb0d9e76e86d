"""Scaled-shifted chi-square difference test of two nested WLSMV multi-group fits, as lavaan
0.6.14's ``lavTestLRT(m1, m0)`` does by default for ``test = "scaled.shifted"`` (method
``"satorra.2000"``, ``A.method = "delta"``, ``scaled.shifted = TRUE``).

With ``m1`` the less restricted model (its Jacobian ``Delta_1`` at its estimates, stacked over
groups) and ``m0`` the restricted one (``Delta_0`` at its estimates):

- ``A`` spans the orthogonal complement of ``H = Delta_1^+ Delta_0`` (rows, ``A H = 0``): the
  constraints that turn ``m1`` into ``m0`` to first order;
- ``P = sum_g f_g Delta_g' W_g Delta_g`` (``f_g = N_g / N``), ``Q = P^-1 A' (A P^-1 A')^+ A P^-1``;
- ``U Gamma`` with ``U = V Delta_1 Q Delta_1' V`` (``V = diag(W_g)``) and ``Gamma = diag(f_g
  Gamma_g)``; its traces equal ``tr(Q B)`` and ``tr((Q B)^2)`` with ``B = sum_g f_g Delta_g'
  W_g Gamma_g W_g Delta_g``;
- ``m = df_0 - df_1``, ``a = sqrt(m / tr((U Gamma)^2))``, ``b = m - a tr(U Gamma)``;
  ``T_d = a (T_0 - T_1) + b`` on ``m`` df, with ``T`` the unscaled DWLS statistics.

Verified against lavaan 0.6.14 (tests/reference/invariance_wlsmv/*.json, ``differences``).

References
----------
Satorra, A. (2000). Scaled and adjusted restricted tests in multi-sample analysis of moment
structures. In Heijmans, Pollock & Satorra (eds.), *Innovations in Multivariate Statistical
Analysis*, 233-247. Kluwer.
Asparouhov, T. & Muthen, B. (2010). Simple second order chi-square correction. Mplus note.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from cemsurvey.psychometrics.sem.multigroup_dwls import MultiGroupDWLSFit, OrdinalGroup
from cemsurvey.stats.distributions import chi2_sf

__all__ = ["satorra2000"]


def _complement(h: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the complement of ``h``'s column space (R's ``qr`` rank rule)."""
    q, r = np.linalg.qr(h, mode="complete")
    d = np.abs(np.diag(r))
    rank = int(np.sum(d > 1e-7 * max(d.max(initial=0.0), 1.0)))
    return q[:, rank:]


def satorra2000(m1: MultiGroupDWLSFit, m0: MultiGroupDWLSFit,
                groups: list[OrdinalGroup]) -> dict[str, float]:
    """``chisq, df, p`` of the difference between ``m1`` (less restricted) and ``m0``."""
    t1, t0 = m1.fit["chisq"], m0.fit["chisq"]
    df = m0.fit["df"] - m1.fit["df"]
    if df <= 0:
        return {"chisq": t0 - t1, "df": df, "p": float("nan")}
    d1, d0 = sparse.vstack(m1.jacobian).tocsc(), sparse.vstack(m0.jacobian).tocsc()
    # Delta_1^+ Delta_0 by the normal equations (Delta_1 has full column rank: identified)
    h = np.linalg.solve(np.asarray((d1.T @ d1).todense()), np.asarray((d1.T @ d0).todense()))
    a = _complement(h).T
    n = float(sum(g.n for g in groups))
    ws = [g.weight for g in groups]
    p = sum(g.n / n * np.asarray((d.T @ sparse.diags(w) @ d).todense())
            for g, d, w in zip(groups, m1.jacobian, ws))
    b = sum((lambda m: m.T @ m / n)(np.asarray((d.T @ (g.influence * w).T).T))
            for g, d, w in zip(groups, m1.jacobian, ws))
    p_inv = np.linalg.inv(p)
    apa = a @ p_inv @ a.T
    keep = ~((np.abs(apa.sum(axis=0)) < 1.5e-8) & (np.abs(apa.sum(axis=1)) < 1.5e-8))
    a = a[keep]
    qm = p_inv @ a.T @ np.linalg.pinv(a @ p_inv @ a.T) @ a @ p_inv
    qb = qm @ b
    tr1, tr2 = float(np.trace(qb)), float(np.sum(qb * qb.T))
    scale = np.sqrt(df / tr2)
    shift = df - scale * tr1
    td = float((t0 - t1) * scale + shift)
    return {"chisq": td, "df": float(df), "p": float(chi2_sf(td, df))}
