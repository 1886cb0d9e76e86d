"""The parameters of the Wu & Estabrook (2016) levels for ordered items in lavaan's delta
parameterization (see :mod:`.multigroup_dwls` for the model and the level table), the
standardized statistics they imply and their Jacobian.

The Jacobian is analytic: with ``S = Lambda Psi Lambda' + Theta`` and ``mu = nu + Lambda
alpha``, ``tau*_ik = delta_i (tau_ik - mu_i)`` and ``rho_ij = delta_i delta_j S_ij``,

- ``d tau*_ik / d tau_ik = delta_i``, ``/ d nu_i = -delta_i``, ``/ d alpha_a = -delta_i
  Lambda_ia``, ``/ d Lambda_ia = -delta_i alpha_a``, ``/ d delta_i = tau_ik - mu_i``;
- ``d rho_ij / d Lambda_ia = delta_i delta_j (Lambda Psi)_ja`` (and symmetrically),
  ``/ d Psi_ab = delta_i delta_j (Lambda_ia Lambda_jb + Lambda_ib Lambda_ja)`` (``a != b``;
  ``Lambda_ia Lambda_ja`` for ``a = b``), ``/ d Theta_ij = delta_i delta_j``, ``/ d delta_i =
  delta_j S_ij``;

checked against the complex-step derivative (:func:`jacobian_complex`, exact to rounding)
in tests/invariance/test_invariance_wlsmv.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.ordinal_groups import OrdinalGroup, pairs

__all__ = ["WE_LEVELS", "Entry", "WETable", "jacobian", "jacobian_complex", "matrices"]

#: Wu & Estabrook (2016) levels in order
WE_LEVELS = ("configural", "thresholds", "metric", "scalar")


@dataclass(frozen=True)
class Entry:
    group: int
    kind: str         # lambda psi theta tau nu delta alpha
    i: int
    j: int
    free: int         # index into the free vector, -1 if fixed
    value: float      # value when fixed (start when free)


class WETable:
    """Free and fixed parameters of one level (see module table)."""

    def __init__(self, st: LatentStructure, items: Sequence[str], nthr: Sequence[int],
                 n_groups: int, level: str):
        if level not in WE_LEVELS:
            raise EstimationError(f"unknown level {level!r}; one of {', '.join(WE_LEVELS)}")
        lv = WE_LEVELS.index(level)
        self.items, self.latents = list(items), list(st.first_order)
        self.p, self.m, self.G, self.nthr = len(items), len(self.latents), n_groups, list(nthr)
        pos = {it: i for i, it in enumerate(items)}
        lat = {f: a for a, f in enumerate(self.latents)}
        labels: dict[tuple, int] = {}
        entries: list[Entry] = []

        def add(g: int, kind: str, i: int, j: int, free: bool, value: float, shared: bool) -> None:
            idx = -1
            if free:
                key = (kind, i, j) if shared else (kind, i, j, g)
                idx = labels.setdefault(key, len(labels))
            entries.append(Entry(g, kind, i, j, idx, value))

        for g in range(n_groups):
            first = g == 0
            for f in self.latents:
                for x in st.indicators[f]:
                    add(g, "lambda", pos[x], lat[f], True, 0.7, lv >= 2)
                add(g, "psi", lat[f], lat[f], not first and lv >= 2, 1.0, False)
                add(g, "alpha", lat[f], 0, not first and lv >= 3, 0.0, False)
            for a, b in st.latent_covariances:
                if a in lat and b in lat:
                    add(g, "psi", max(lat[a], lat[b]), min(lat[a], lat[b]), True, 0.0, False)
            for a, b in st.residual_covariances:
                if a in pos and b in pos:
                    add(g, "theta", max(pos[a], pos[b]), min(pos[a], pos[b]), True, 0.0, False)
            for i in range(self.p):
                for k in range(self.nthr[i]):
                    add(g, "tau", i, k, True, 0.0, lv >= 1)
                add(g, "nu", i, 0, not first and lv in (1, 2), 0.0, False)
                add(g, "delta", i, 0, not first and lv >= 1, 1.0, False)
        self.entries = entries
        self.q = len(labels)
        self.level = level
        self.keys = [None] * self.q
        for key, idx in labels.items():
            self.keys[idx] = key
        self._index()

    def _index(self) -> None:
        e = self.entries
        self.e_group = np.array([x.group for x in e])
        self.e_kind = np.array([x.kind for x in e])
        self.e_i = np.array([x.i for x in e])
        self.e_j = np.array([x.j for x in e])
        self.e_free = np.array([x.free for x in e])
        self.e_value = np.array([x.value for x in e])
        self.toff = np.concatenate([[0], np.cumsum(self.nthr)])

    def start(self, groups: Sequence[OrdinalGroup]) -> np.ndarray:
        x = np.zeros(self.q)
        for e in self.entries:
            if e.free < 0:
                continue
            x[e.free] = e.value
            if e.kind == "tau":
                x[e.free] = groups[e.group].stats[self.toff[e.i] + e.j]
        return x

    def implied(self, x: np.ndarray) -> list[np.ndarray]:
        """Standardized thresholds and correlations each group implies (``x`` may be complex)."""
        vals = np.where(self.e_free >= 0, x[np.maximum(self.e_free, 0)], self.e_value)
        k, l_ = pairs(self.p)
        out = []
        for g in range(self.G):
            sel = self.e_group == g
            mats = matrices(self, vals[sel], self.e_kind[sel], self.e_i[sel], self.e_j[sel],
                             x.dtype)
            lam, psi, th, tau, nu, dlt, alpha = mats
            s = lam @ psi @ lam.T + th
            mu = nu + lam @ alpha
            thr = np.concatenate([(tau[i, :self.nthr[i]] - mu[i]) * dlt[i] for i in range(self.p)])
            out.append(np.concatenate([thr, dlt[k] * dlt[l_] * s[k, l_]]))
        return out


def matrices(t: WETable, vals: np.ndarray, kind: np.ndarray, ii: np.ndarray, jj: np.ndarray,
              dtype: np.dtype) -> tuple[np.ndarray, ...]:
    p, m = t.p, t.m
    lam = np.zeros((p, m), dtype=dtype)
    psi = np.zeros((m, m), dtype=dtype)
    th = np.zeros((p, p), dtype=dtype)
    tau = np.zeros((p, max(t.nthr)), dtype=dtype)
    nu = np.zeros(p, dtype=dtype)
    dlt = np.zeros(p, dtype=dtype)
    alpha = np.zeros(m, dtype=dtype)
    for name, arr in (("lambda", lam), ("tau", tau)):
        s = kind == name
        arr[ii[s], jj[s]] = vals[s]
    for name, arr in (("psi", psi), ("theta", th)):
        s = kind == name
        arr[ii[s], jj[s]] = vals[s]
        arr[jj[s], ii[s]] = vals[s]
    for name, arr in (("nu", nu), ("delta", dlt), ("alpha", alpha)):
        s = kind == name
        arr[ii[s]] = vals[s]
    return lam, psi, th, tau, nu, dlt, alpha


def jacobian_complex(t: WETable, x: np.ndarray) -> list[np.ndarray]:
    """``d sigma_g / d x'`` per group by the complex step (exact: polynomial statistics)."""
    h = 1e-30
    cols: list[list[np.ndarray]] = [[] for _ in range(t.G)]
    for j in range(t.q):
        xc = x.astype(complex)
        xc[j] += 1j * h
        for g, s in enumerate(t.implied(xc)):
            cols[g].append(s.imag / h)
    return [np.column_stack(c) for c in cols]


def jacobian(t: WETable, x: np.ndarray) -> list[sparse.csc_matrix]:
    """``d sigma_g / d x'`` per group, analytic (see module docstring), sparse: a loading
    moves one item's statistics, a threshold one."""
    vals = np.where(t.e_free >= 0, x[np.maximum(t.e_free, 0)], t.e_value)
    k, l_ = pairs(t.p)
    ti = np.repeat(np.arange(t.p), t.nthr)                 # item of each threshold row
    tk = np.concatenate([np.arange(n) for n in t.nthr])    # its position
    nth = ti.size
    out = []
    for g in range(t.G):
        sel = np.flatnonzero(t.e_group == g)
        kind, ii, jj = t.e_kind[sel], t.e_i[sel], t.e_j[sel]
        lam, psi, th, tau, nu, dlt, alpha = matrices(t, vals[sel], kind, ii, jj, np.dtype(float))
        s = lam @ psi @ lam.T + th
        mu = nu + lam @ alpha
        lp = lam @ psi
        dd = dlt[k] * dlt[l_]
        cols = np.zeros((nth + k.size, sel.size))
        top, bot = cols[:nth], cols[nth:]
        for c in range(sel.size):
            i, j, kd = ii[c], jj[c], kind[c]
            if kd == "tau":
                top[t.toff[i] + j, c] = dlt[i]
            elif kd == "nu":
                top[ti == i, c] = -dlt[i]
            elif kd == "alpha":
                top[:, c] = -dlt[ti] * lam[ti, i]
            elif kd == "delta":
                top[ti == i, c] = tau[i, tk[ti == i]] - mu[i]
                bot[:, c] = ((k == i) * dlt[l_] + (l_ == i) * dlt[k]) * s[k, l_]
            elif kd == "lambda":
                top[ti == i, c] = -dlt[i] * alpha[j]
                bot[:, c] = dd * ((k == i) * lp[l_, j] + (l_ == i) * lp[k, j])
            elif kd == "psi":
                v = lam[k, i] * lam[l_, j] + (lam[k, j] * lam[l_, i] if i != j else 0.0)
                bot[:, c] = dd * v
            else:                                         # theta (i > j)
                bot[:, c] = dd * ((k == i) & (l_ == j))
        free = t.e_free[sel]
        m = free >= 0
        to_free = sparse.csc_matrix((np.ones(int(m.sum())), (np.flatnonzero(m), free[m])),
                                    shape=(sel.size, t.q))
        out.append((sparse.csc_matrix(cols) @ to_free).tocsc())
    return out
