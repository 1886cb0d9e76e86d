"""Multi-group CFA of ordered items by WLSMV (DWLS on thresholds and polychoric correlations),
delta parameterization, with the invariance levels of Wu & Estabrook (2016) as semTools'
``measEq.syntax(..., ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", parameterization =
"delta")`` writes them and lavaan 0.6.14 fits them (``cfa(..., ordered = , estimator = "WLSMV")``).

Model in group ``g`` for the latent responses ``y*`` of ``p`` items and ``m`` factors:
``y* = nu + Lambda eta + eps``, ``E(eta) = alpha``, ``Cov(eta) = Psi``; the scale factors
``delta_i`` (lavaan's ``~*~``) set ``Var(y*_i) = 1 / delta_i^2`` (residual variances are derived,
``theta_ii = 1/delta_i^2 - (Lambda Psi Lambda')_ii``). The standardized statistics the model
implies are

.. math::

    \\tau^*_{ik} = \\delta_i (\\tau_{ik} - \\nu_i - (\\Lambda\\alpha)_i), \\qquad
    \\rho_{ij} = \\delta_i \\delta_j (\\Lambda \\Psi \\Lambda' + \\Theta)_{ij}\\ (i \\ne j).

Levels (``g1`` the first group, ``g>1`` the others; factor variances 1 and latent means 0 in
``g1`` throughout):

==========  =========  ==============  ===========  ========  ===========  ===========
level       tau        Lambda          nu (g>1)     delta     Psi_ii (g>1) alpha (g>1)
==========  =========  ==============  ===========  ========  ===========  ===========
configural  per group  per group       0            1         1            0
thresholds  equal      per group       free         free      1            0
metric      equal      equal           free         free      free         0
scalar      equal      equal           0            free      free         free
==========  =========  ==============  ===========  ========  ===========  ===========

Estimation minimises ``T = sum_g (N_g - 1) (s_g - sigma_g)' W_g (s_g - sigma_g)`` (lavaan's
``chisq``) with ``W_g = diag(Gamma_g)^-1``, ``Gamma_g = IF_g' IF_g / N_g`` the group's asymptotic
covariance of ``s_g``, by Gauss-Newton; derivatives by the complex step (exact for these
polynomial statistics). With ``Delta_g = d sigma_g / d theta'``, ``H = sum_g N_g Delta_g' W_g
Delta_g`` and ``B = sum_g N_g Delta_g' W_g Gamma_g W_g Delta_g``:

- robust covariance ``N / (N - G) H^-1 B H^-1`` (lavaan's ``robust.sem`` on ``N - G``);
- scaled-shifted statistic ``a T + b``, ``a = sqrt(df / tr((U Omega)^2))``, ``b = df - a tr(U
  Omega)`` with ``U = V - V Delta H^-1 Delta' V``, ``V = diag(N_g W_g)``, ``Omega =
  diag(Gamma_g / N_g)`` (lavaan's ``UGamma`` with ``f_g = N_g / N``), the traces computed on
  the respondents (``N x N``), no ``p* x p*`` matrix;
- baseline: independence with free thresholds per group, ``T_0 = sum_g (N_g - 1) sum w r^2``
  on ``G p(p-1)/2`` df, scaled likewise with ``U_0 = diag(0, W_cor)``;
- CFI/TLI from ``T`` and ``T_0`` (``.scaled``: from the scaled statistics); RMSEA
  ``sqrt(max(T - df, 0) / (df (N - G))) sqrt(G)``; SRMR the ``N_g/N`` weighted mean of each
  group's root mean square correlation residual over ``p(p+1)/2`` (thresholds not counted).

Verified against lavaan 0.6.14 / semTools 0.5.6 on Holzinger-Swineford (4 categories) by
school and bfi A/C items by gender: every fit index, estimates and robust SEs of every level at
1e-4 relative (tests/invariance/test_invariance_wlsmv.py; tests/reference/
invariance_wlsmv_reference.R). Binary items are not covered (Wu & Estabrook identify them
differently) and are refused.

References
----------
Wu, H. & Estabrook, R. (2016). Identification of confirmatory factor analysis models of
different levels of invariance for ordered categorical outcomes. *Psychometrika* 81(4),
1014-1045.
Muthen, B., du Toit, S. H. C. & Spisic, D. (1997). Robust inference using weighted least
squares and quadratic estimating equations in latent variable modeling with categorical and
continuous outcomes. Unpublished technical report.
Asparouhov, T. & Muthen, B. (2010). Simple second order chi-square correction. Mplus note.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import fit_indices as fx
from cemsurvey.psychometrics.sem.multigroup_dwls_model import WE_LEVELS, WETable, jacobian, matrices
from cemsurvey.psychometrics.sem.ordinal_groups import OrdinalGroup, ordinal_groups
from cemsurvey.stats.distributions import chi2_sf

__all__ = ["WE_LEVELS", "MultiGroupDWLSFit", "OrdinalGroup", "fit_dwls_multigroup",
           "ordinal_groups"]

@dataclass(frozen=True)
class MultiGroupDWLSFit:
    """A fitted level (see module docstring).

    Attributes
    ----------
    level
        One of :data:`WE_LEVELS`.
    fit
        lavaan-named measures: ``npar, chisq, df, pvalue, chisq.scaled, df.scaled,
        pvalue.scaled, chisq.scaling.factor, chisq.shift.parameters, baseline.chisq,
        baseline.df, baseline.chisq.scaled, ..., cfi, tli, rmsea, cfi.scaled, tli.scaled,
        rmsea.scaled, rmsea.ci.lower.scaled, rmsea.ci.upper.scaled, srmr``.
    estimates
        ``lhs, op, rhs, group, est, se`` per parameter and group (``se`` NaN when fixed or
        derived: residual variances).
    """

    level: str
    fit: dict[str, float]
    estimates: pd.DataFrame
    converged: bool
    iterations: int
    groups: tuple[str, ...]
    x: np.ndarray = field(repr=False)
    jacobian: tuple[sparse.csc_matrix, ...] = field(repr=False, default=())
    table: WETable | None = field(repr=False, default=None)


def _dwd(d: sparse.csc_matrix, w: np.ndarray) -> np.ndarray:
    """``Delta' W Delta`` (dense q x q) for a diagonal ``W``."""
    return np.asarray((d.T @ sparse.diags(w) @ d).todense())


def _ifwd(inf: np.ndarray, w: np.ndarray, d: sparse.csc_matrix) -> np.ndarray:
    """``IF W Delta`` (N x q)."""
    return np.asarray((d.T @ (inf * w).T).T)


def _objective(t: WETable, x: np.ndarray, groups: Sequence[OrdinalGroup],
               ws: Sequence[np.ndarray]) -> tuple[float, list[np.ndarray]]:
    res = [grp.stats - s for grp, s in zip(groups, t.implied(x))]
    return float(sum((grp.n - 1) * np.sum(w * e * e) for grp, w, e in zip(groups, ws, res))), res


def _estimate(t: WETable, groups: Sequence[OrdinalGroup], x: np.ndarray, ws: Sequence[np.ndarray],
              tol: float, max_iter: int) -> tuple[np.ndarray, bool, int]:
    f, res = _objective(t, x, groups, ws)
    for it in range(1, max_iter + 1):
        jac = jacobian(t, x)
        g = sum((grp.n - 1) * (d.T @ (w * e)) for grp, d, w, e in zip(groups, jac, ws, res))
        hm = sum((grp.n - 1) * _dwd(d, w) for grp, d, w in zip(groups, jac, ws))
        if np.max(np.abs(g)) / sum(grp.n for grp in groups) < tol:
            return x, True, it
        try:
            step = cho_solve(cho_factor(hm, check_finite=False), g, check_finite=False)
        except LinAlgError:
            step = np.linalg.lstsq(hm, g, rcond=None)[0]
        s = 1.0
        while s > 1e-10:
            new = x + s * step
            f_new, res_new = _objective(t, new, groups, ws)
            if np.isfinite(f_new) and f_new <= f + 1e-12 * max(f, 1.0):
                break
            s /= 2
        else:
            return x, False, it
        x, f, res = new, f_new, res_new
    return x, False, max_iter


def fit_dwls_multigroup(groups: Sequence[OrdinalGroup], st: LatentStructure, level: str, *,
                        warm: MultiGroupDWLSFit | None = None, tol: float = 1e-11,
                        max_iter: int = 200) -> MultiGroupDWLSFit:
    """Fit one Wu & Estabrook level to the groups' polychoric statistics by DWLS."""
    items = list(st.observed)
    nthr = groups[0].nthr
    for grp in groups[1:]:
        if grp.nthr != nthr:
            raise EstimationError("the groups' items have different numbers of observed "
                                  "categories; collapse the categories that are empty in a group")
    binary = [it for it, k in zip(items, nthr) if k < 2]
    if binary and level != "configural":
        raise EstimationError(f"item(s) {', '.join(binary[:5])} have two categories: the "
                              f"{level} level is identified differently for binary items "
                              f"(Wu & Estabrook 2016) and is not available; fit the "
                              f"configural level only or use items with 3+ categories")
    t = WETable(st, items, nthr, len(groups), level)
    x0 = t.start(groups)
    if warm is not None and warm.table is not None:
        x0 = _warm(t, warm, x0)
    ws = [grp.weight for grp in groups]
    x, conv, it = _estimate(t, groups, x0, ws, tol, max_iter)
    x = _orient(t, st, x)
    jac = jacobian(t, x)
    hm = sum(grp.n * _dwd(d, w) for grp, d, w in zip(groups, jac, ws))
    try:
        hinv = cho_solve(cho_factor(hm, check_finite=False), np.eye(t.q), check_finite=False)
    except LinAlgError:
        raise EstimationError(f"the DWLS information of the {level} level is singular: the "
                              f"model is not identified") from None
    m_rows = [_ifwd(grp.influence, w, d) for grp, d, w in zip(groups, jac, ws)]
    n_tot, n_grp = sum(grp.n for grp in groups), len(groups)
    meat = sum(m.T @ m for m in m_rows)          # sum_g N_g D' W Gamma W D
    acov = hinv @ meat @ hinv * n_tot / (n_tot - n_grp)
    se = np.sqrt(np.maximum(np.diag(acov), 0.0))
    fit = _measures(t, groups, x, ws, hinv, m_rows)
    est = _estimates(t, x, se, [grp.label for grp in groups])
    return MultiGroupDWLSFit(level, fit, est, conv, it, tuple(g.label for g in groups), x,
                             tuple(jac), t)


def _orient(t: WETable, st: LatentStructure, x: np.ndarray) -> np.ndarray:
    """Reflect each factor whose first indicator loads negatively (lavaan's start values make
    that loading positive), per group while loadings are free per group."""
    x = x.copy()
    shared = t.level not in ("configural", "thresholds")
    first = {a: t.items.index(st.indicators[f][0]) for a, f in enumerate(t.latents)}
    for a, i0 in first.items():
        for g in ([0] if shared else range(t.G)):
            lam = next(e for e in t.entries
                       if e.group == g and e.kind == "lambda" and e.i == i0 and e.j == a)
            if x[lam.free] >= 0:
                continue
            flip = {e.free for e in t.entries if e.free >= 0 and (shared or e.group == g) and (
                (e.kind == "lambda" and e.j == a) or (e.kind == "alpha" and e.i == a)
                or (e.kind == "psi" and (e.i == a) != (e.j == a)))}
            x[list(flip)] *= -1
    return x


def _warm(t: WETable, warm: MultiGroupDWLSFit, x0: np.ndarray) -> np.ndarray:
    """Start from a lower level's estimates (matched by group, kind and position)."""
    wt = warm.table
    assert wt is not None
    old = {(e.group, e.kind, e.i, e.j): (warm.x[e.free] if e.free >= 0 else e.value)
           for e in wt.entries}
    x = x0.copy()
    for e in t.entries:
        if e.free >= 0 and (e.group, e.kind, e.i, e.j) in old:
            x[e.free] = old[(e.group, e.kind, e.i, e.j)]
    return x


def _shift(t: float, df: float, tr1: float, tr2: float) -> tuple[float, float, float]:
    """Scaled-shifted statistic ``a T + b`` with ``a = sqrt(df / tr2)``, ``b = df - a tr1``;
    returns ``(a T + b, 1 / a, b)`` (lavaan's statistic, scaling factor, shift)."""
    a = math.sqrt(df / tr2)
    b = df - a * tr1
    return a * t + b, 1.0 / a, b


def _measures(t: WETable, groups: Sequence[OrdinalGroup], x: np.ndarray,
              ws: Sequence[np.ndarray], hinv: np.ndarray, m_rows: Sequence[np.ndarray]
              ) -> dict[str, float]:
    n_g = np.array([grp.n for grp in groups], dtype=float)
    n, G = float(n_g.sum()), len(groups)
    chi2, res = _objective(t, x, groups, ws)
    df = float(sum(grp.stats.size for grp in groups) - t.q)
    nthr = sum(t.nthr)
    ncor = t.p * (t.p - 1) // 2
    # U Omega on the respondents: blockdiag(IF_g W_g IF_g' / N_g) - M H^-1 M'
    blocks = [(grp.influence * w) @ grp.influence.T / grp.n for grp, w in zip(groups, ws)]
    m = np.vstack(m_rows)
    au = -(m @ hinv @ m.T)
    off = 0
    b1 = b2 = 0.0
    for grp, blk, w in zip(groups, blocks, ws):
        sl = slice(off, off + grp.n)
        au[sl, sl] += blk
        off += grp.n
        inf_c = grp.influence[:, nthr:]
        b0 = (inf_c * w[nthr:]) @ inf_c.T / grp.n
        b1 += float(np.trace(b0))
        b2 += float(np.sum(b0 * b0))
    tr1, tr2 = float(np.trace(au)), float(np.sum(au * au))
    t0 = float(sum((grp.n - 1) * np.sum(w[nthr:] * grp.stats[nthr:] ** 2) for grp, w in zip(groups, ws)))
    df0 = float(G * ncor)
    nan = float("nan")
    ts, c, b = _shift(chi2, df, tr1, tr2) if df > 0 else (chi2, nan, nan)
    t0s, c0, b0_ = _shift(t0, df0, b1, b2)
    n_rmsea = n - G                                   # lavaan: N - G for (D)WLS
    root_g = math.sqrt(G)
    lo, hi = fx.rmsea_ci(ts, df, n_rmsea) if df > 0 else (nan, nan)
    srmr = sum(grp.n / n * math.sqrt(float(np.sum(e[nthr:] ** 2)) / (t.p * (t.p + 1) / 2))
               for grp, e in zip(groups, res))
    pv = (lambda s, d: float(chi2_sf(s, d)) if d > 0 else nan)
    return {
        "npar": float(t.q), "chisq": chi2, "df": df, "pvalue": pv(chi2, df),
        "chisq.scaled": ts, "df.scaled": df, "pvalue.scaled": pv(ts, df),
        "chisq.scaling.factor": c, "chisq.shift.parameters": b,
        "baseline.chisq": t0, "baseline.df": df0,
        "baseline.chisq.scaled": t0s, "baseline.df.scaled": df0,
        "baseline.chisq.scaling.factor": c0, "baseline.chisq.shift.parameters": b0_,
        "cfi": fx.cfi(chi2, df, t0, df0), "tli": fx.tli(chi2, df, t0, df0),
        "rmsea": fx.rmsea(chi2, df, n_rmsea) * root_g if df > 0 else nan,
        "cfi.scaled": fx.cfi(ts, df, t0s, df0), "tli.scaled": fx.tli(ts, df, t0s, df0),
        "rmsea.scaled": fx.rmsea(ts, df, n_rmsea) * root_g if df > 0 else nan,
        "rmsea.ci.lower.scaled": lo * root_g, "rmsea.ci.upper.scaled": hi * root_g,
        "srmr": srmr, "ntotal": n,
    }


_OPS = {"lambda": "=~", "psi": "~~", "theta": "~~", "tau": "|", "nu": "~1", "alpha": "~1",
        "delta": "~*~"}


def _estimates(t: WETable, x: np.ndarray, se: np.ndarray, labels: Sequence[str]) -> pd.DataFrame:
    rows = []
    vals = np.where(t.e_free >= 0, x[np.maximum(t.e_free, 0)], t.e_value)
    for e, v in zip(t.entries, vals):
        it = t.items[e.i] if e.kind not in ("psi", "alpha") else t.latents[e.i]
        if e.kind == "lambda":
            lhs, rhs = t.latents[e.j], it
        elif e.kind == "psi":
            lhs, rhs = t.latents[e.j], it
        elif e.kind == "theta":
            lhs, rhs = t.items[e.j], it
        elif e.kind == "tau":
            lhs, rhs = it, f"t{e.j + 1}"
        elif e.kind in ("nu", "alpha"):
            lhs, rhs = it, ""
        else:
            lhs, rhs = it, it
        rows.append((lhs, _OPS[e.kind], rhs, labels[e.group], float(v),
                     float(se[e.free]) if e.free >= 0 else float("nan")))
    # residual variances (derived): 1/delta^2 - (Lambda Psi Lambda')_ii
    for g in range(t.G):
        sel = t.e_group == g
        lam, psi, _, _, _, dlt, _ = matrices(t, vals[sel], t.e_kind[sel], t.e_i[sel],
                                              t.e_j[sel], np.dtype(float))
        common = np.einsum("ia,ab,ib->i", lam, psi, lam)
        for i, it in enumerate(t.items):
            rows.append((it, "~~", it, labels[g], float(1 / dlt[i] ** 2 - common[i]), float("nan")))
    return pd.DataFrame(rows, columns=["lhs", "op", "rhs", "group", "est", "se"])
