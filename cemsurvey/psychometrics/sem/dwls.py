"""WLSMV: diagonally weighted least squares on polychoric correlations with robust standard
errors and the mean-and-variance-adjusted (scaled-shifted) chi-square, as lavaan 0.6.14's
``cfa(..., ordered = TRUE)`` (``estimator = "WLSMV"``, delta parameterization).

Step 1-2: thresholds ``tau`` and polychoric correlations ``r`` with their asymptotic covariance
``Gamma`` (:mod:`.polychoric`). Step 3: the model's correlation structure
``Sigma* = Lambda M Lambda' + Theta`` with ``diag(Sigma*) = 1`` (residual variances are not
parameters: ``theta_ii = 1 - (Lambda M Lambda')_ii``) is fitted to the off-diagonal ``r`` by

.. math::

    F_{DWLS}(\\theta) = \\sum_{k} w_k (r_k - \\sigma_k(\\theta))^2, \\quad
    w_k = 1 / \\Gamma_{kk},

by Gauss-Newton with the engine's derivative index (:mod:`.model`: ``d sigma_kl / d theta_j
= s_j (U_ka U_lb + U_kb U_la)``). Thresholds are saturated (estimate = sample threshold), so
only the correlation block of ``Gamma`` enters the results below.

With ``Delta = d sigma / d theta'``, ``H = Delta' W Delta``:

- robust covariance ``H^-1 Delta' W Gamma W Delta H^-1 / N``;
- ``T = N F_DWLS`` (lavaan's ``chisq``), ``df = p(p-1)/2 - q``; as lavaan, ``Gamma`` here is
  the influence-function covariance times ``N / (N - 1)``;
- ``U = W - W Delta H^-1 Delta' W``; scaled-shifted statistic ``T* = a T + b`` with
  ``a = sqrt(df / tr((U Gamma)^2))``, ``b = df - a tr(U Gamma)`` (Asparouhov & Muthen 2010);
  lavaan reports ``chisq.scaling.factor = 1/a`` and ``chisq.shift.parameters = b``;
- baseline (independence): ``T0 = N sum w r^2``, ``U0 = W``;
- ``cfi.scaled``/``tli.scaled``/``rmsea.scaled`` from ``T*`` and ``T0*`` (lavaan's RMSEA
  divides by ``N - 1`` for these estimators);
- ``srmr`` = root mean square of the correlation residuals over ``p(p+1)/2`` elements.

Because ``Gamma = IF' IF / N`` (influence functions, ``N`` rows), traces use ``N x N``
matrices: no ``p* x p*`` matrix is formed (p = 112 items, 6,216 correlations).

Verified against lavaan 0.6.14 on bfi (25 six-point items, 5 factors) and a three-category
Holzinger-Swineford: estimates, SEs, thresholds and their SEs, std.all, chisq and the scaled
fit indices (``tests/estimators/test_estimators_wlsmv.py``, 1e-4 relative unless stated).

References
----------
Muthen, B., du Toit, S. H. C. & Spisic, D. (1997). Robust inference using weighted least
squares and quadratic estimating equations in latent variable modeling with categorical and
continuous outcomes. Unpublished technical report.
Asparouhov, T. & Muthen, B. (2010). Simple second order chi-square correction. Mplus note.
Rosseel, Y. (2012). lavaan. *J. Stat. Softw.* 48(2).
"""

from __future__ import annotations

import dataclasses
import warnings as _warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from cemsurvey.errors import ConvergenceWarning, EstimationError, SingularMatrixWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import fit_indices as fi
from cemsurvey.psychometrics.sem.assemble import Fit, assemble, with_acov
from cemsurvey.psychometrics.sem.dwls_robust import catml_robust
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.model import THETA, SEMModel
from cemsurvey.psychometrics.sem.moments import item_matrix
from cemsurvey.psychometrics.sem.polychoric import Polychoric, polychoric
from cemsurvey.psychometrics.sem.specification import check_structure, structure_of
from cemsurvey.psychometrics.sem.start import start_values
from cemsurvey.stats.distributions import chi2_sf, norm_sf

__all__ = ["DWLSFit", "dwls", "fit_wlsmv"]


@dataclasses.dataclass(frozen=True)
class DWLSFit:
    """A DWLS fit to polychoric correlations (see module docstring)."""

    theta: np.ndarray          # all free parameters of the SEMModel (residual variances derived)
    acov: np.ndarray           # robust covariance of all free parameters (derived ones by delta)
    chi2: float
    df: int
    scaled_fit: dict[str, float]
    converged: bool
    iterations: int
    srmr: float


def _pairs(p: int) -> tuple[np.ndarray, np.ndarray]:
    jj, ll = [], []
    for col in range(p):
        for row in range(col + 1, p):
            jj.append(row)
            ll.append(col)
    return np.array(jj, dtype=np.int64), np.array(ll, dtype=np.int64)


def _jacobian(model: SEMModel, theta: np.ndarray, rows: np.ndarray, k: np.ndarray,
              l_: np.ndarray) -> np.ndarray:
    """``d Sigma[k, l] / d theta`` for the parameter-table ``rows`` (len(k) x len(rows))."""
    imp = model.implied(theta)
    u = model.u_matrix(imp)
    a, b, s = model.a_idx[rows], model.b_idx[rows], model.scale[rows]
    uk, ul = u[k], u[l_]
    return s * (uk[:, a] * ul[:, b] + uk[:, b] * ul[:, a])


class _SparseJacobian:
    """``d sigma_kl / d theta`` (k > l) as a sparse matrix with a structural pattern.

    In a CFA most entries are structurally zero (a loading moves one item's correlations, a
    factor covariance two factors' blocks). The pattern comes from ``U`` at a generic
    (random) parameter vector; values are gathered only there, so ``Delta' W Delta`` for 112
    items (6,216 correlations, ~570 parameters) costs milliseconds.
    """

    def __init__(self, model: SEMModel, rows: np.ndarray, k: np.ndarray, l_: np.ndarray):
        self.model, self.rows = model, rows
        p = model.p
        rng = np.random.default_rng(12345)
        theta = rng.uniform(0.3, 0.7, model.q)
        u = model.u_matrix(model.implied(theta))
        nz = np.abs(u) > 0
        pair = np.full((p, p), -1, dtype=np.int64)
        pair[k, l_] = np.arange(k.size)
        pair[l_, k] = np.arange(k.size)
        a, b = model.a_idx[rows], model.b_idx[rows]
        ents, cols, kk, ll = [], [], [], []
        for c in range(rows.size):
            ra, rb = np.flatnonzero(nz[:, a[c]]), np.flatnonzero(nz[:, b[c]])
            x = np.concatenate([np.repeat(ra, rb.size), np.repeat(rb, ra.size)])
            y = np.concatenate([np.tile(rb, ra.size), np.tile(ra, rb.size)])
            keep = x > y
            x, y = x[keep], y[keep]
            idx = pair[x, y]
            idx, first = np.unique(idx, return_index=True)
            ents.append(idx)
            kk.append(x[first])
            ll.append(y[first])
            cols.append(np.full(idx.size, c))
        self.ent = np.concatenate(ents)
        self.col = np.concatenate(cols)
        self.k = np.concatenate(kk)
        self.l = np.concatenate(ll)
        self.a, self.b = a[self.col], b[self.col]
        self.s = model.scale[rows][self.col]
        self.shape = (k.size, rows.size)

    def __call__(self, theta: np.ndarray) -> sparse.csc_matrix:
        u = self.model.u_matrix(self.model.implied(theta))
        v = self.s * (u[self.k, self.a] * u[self.l, self.b] + u[self.k, self.b] * u[self.l, self.a])
        return sparse.csc_matrix((v, (self.ent, self.col)), shape=self.shape)


def _dwd(d: sparse.csc_matrix, w: np.ndarray) -> np.ndarray:
    return np.asarray((d.T @ d.multiply(w[:, None]).tocsc()).todense())


def _derive_residuals(model: SEMModel, theta: np.ndarray, diag_rows: np.ndarray) -> np.ndarray:
    imp = model.implied(theta)
    common = np.diag(imp.sigma) - np.diag(imp.theta)
    out = theta.copy()
    pt = model.partable
    out[pt.free[diag_rows]] = 1.0 - common[pt.row[diag_rows]]
    return out


def dwls(model: SEMModel, pc: Polychoric, *, tol: float = 1e-10, max_iter: int = 500) -> DWLSFit:
    """Fit ``model`` to the polychoric correlations ``pc`` (with influence functions) by DWLS."""
    if pc.influence is None:
        raise EstimationError("dwls needs polychoric(..., acov=True)")
    p, n = model.p, pc.n
    r = pc.correlation.loc[list(model.observed), list(model.observed)].to_numpy()
    # polychoric pairs are in pc.items order; map to model order
    pos = {it: i for i, it in enumerate(pc.items)}
    k, l_ = _pairs(p)
    pj, pl = _pairs(len(pc.items))
    index = {(int(a), int(b)): i for i, (a, b) in enumerate(zip(pj, pl))}
    nth = pc.influence.shape[1] - pj.size
    sel = []
    for a, b in zip(k, l_):
        i1, i2 = pos[model.observed[a]], pos[model.observed[b]]
        sel.append(index[(max(i1, i2), min(i1, i2))])
    # lavaan weights and scales with Gamma N / (N - 1) (so chisq = (N - 1) F for its Gamma)
    inf_c = pc.influence[:, nth + np.array(sel, dtype=np.int64)] * np.sqrt(n / (n - 1.0))
    gam_d = np.mean(inf_c * inf_c, axis=0)
    if np.any(gam_d <= 0):
        raise EstimationError("a polychoric correlation has zero sampling variance (an item "
                              "pair is perfectly ordered); drop or merge those items")
    w = 1.0 / gam_d
    rv = r[k, l_]
    pt = model.partable
    fr = model._free_rows
    is_diag = (pt.mat[fr] == THETA) & (pt.row[fr] == pt.col[fr])
    diag_rows, opt_rows = fr[is_diag], fr[~is_diag]
    opt_idx = pt.free[opt_rows]
    q = opt_idx.size
    ncor = rv.size
    df = ncor - q
    if df < 0:
        raise EstimationError(f"the model has {q} free parameters but only {ncor} polychoric "
                              f"correlations: not identified; add items or constrain it")
    theta = start_values(model, r)
    theta = _derive_residuals(model, theta, diag_rows)

    def resid(th: np.ndarray) -> np.ndarray:
        return rv - model.implied(th).sigma[k, l_]

    jac_fn = _SparseJacobian(model, opt_rows, k, l_)
    e = resid(theta)
    f = float(np.sum(w * e * e))
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        d = jac_fn(theta)
        g = d.T @ (w * e)
        hmat = _dwd(d, w)
        if np.max(np.abs(g)) < tol:
            converged = True
            break
        try:
            step = np.linalg.solve(hmat, g)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hmat, g, rcond=None)[0]
        t = 1.0
        while t > 1e-8:
            new = theta.copy()
            new[opt_idx] += t * step
            new = _derive_residuals(model, new, diag_rows)
            e_new = resid(new)
            f_new = float(np.sum(w * e_new * e_new))
            if np.isfinite(f_new) and f_new <= f + 1e-15:
                break
            t *= 0.5
        if t <= 1e-8:
            break
        done = abs(f - f_new) <= 1e-15 * max(1.0, f) and np.max(np.abs(t * step)) < 1e-10
        theta, e, f = new, e_new, f_new
        if done:
            converged = True
            break
    d = jac_fn(theta)
    hmat = _dwd(d, w)
    try:
        hinv = np.linalg.inv(hmat)
    except np.linalg.LinAlgError:
        raise EstimationError("the DWLS information matrix is singular: the model is not "
                              "identified; check one- or two-item constructs") from None
    m1 = np.asarray((d.T @ (inf_c * w).T).T)              # N x q   (IF W Delta)
    meat = m1.T @ m1 / n
    acov_opt = hinv @ meat @ hinv / n
    # residual variances are functions of the other parameters: chain rule
    jac = np.zeros((model.q, q))
    jac[opt_idx, np.arange(q)] = 1.0
    if diag_rows.size:
        ii = pt.row[diag_rows]
        dd = _jacobian(model, theta, opt_rows, ii, ii)
        jac[pt.free[diag_rows]] = -dd
    acov = jac @ acov_opt @ jac.T
    chi2 = n * f
    # scaled-shifted statistics via N x N matrices (Gamma = IF'IF/N)
    a_w = (inf_c * w) @ inf_c.T / n
    a_u = a_w - m1 @ hinv @ m1.T / n
    tr1, tr2 = float(np.trace(a_u)), float(np.sum(a_u * a_u))
    t0 = n * float(np.sum(w * rv * rv))
    b_tr1, b_tr2 = float(np.trace(a_w)), float(np.sum(a_w * a_w))
    sf = _scaled(chi2, df, tr1, tr2, t0, ncor, b_tr1, b_tr2, n - 1)   # lavaan: RMSEA with N - 1
    sf.update(catml_robust(r, model.implied(theta).sigma, k, l_, inf_c, m1 @ hinv, d, df, n))
    srmr = float(np.sqrt(np.sum(e * e) / (p * (p + 1) / 2)))
    return DWLSFit(theta=theta, acov=acov, chi2=chi2, df=df, scaled_fit=sf, converged=converged,
                   iterations=it, srmr=srmr)


def _scaled(chi2: float, df: int, tr1: float, tr2: float, t0: float, df0: int, b1: float,
            b2: float, n: int) -> dict[str, float]:
    def shift(t: float, d: int, u1: float, u2: float) -> tuple[float, float, float]:
        a = np.sqrt(d / u2)
        b = d - a * u1
        return float(a * t + b), float(1.0 / a), float(b)

    ts, c, b = shift(chi2, df, tr1, tr2) if df > 0 else (chi2, float("nan"), float("nan"))
    t0s, c0, b0 = shift(t0, df0, b1, b2)
    out = {
        "chisq.scaled": ts, "df.scaled": float(df),
        "pvalue.scaled": float(chi2_sf(ts, df)) if df > 0 else float("nan"),
        "chisq.scaling.factor": c, "chisq.shift.parameters": b,
        "baseline.chisq.scaled": t0s, "baseline.df.scaled": float(df0),
        "baseline.pvalue.scaled": float(chi2_sf(t0s, df0)),
        "baseline.chisq.scaling.factor": c0, "baseline.chisq.shift.parameters": b0,
        "cfi.scaled": fi.cfi(ts, df, t0s, df0), "tli.scaled": fi.tli(ts, df, t0s, df0),
        "rmsea.scaled": fi.rmsea(ts, df, n),
    }
    lo, hi = fi.rmsea_ci(ts, df, n)
    out["rmsea.ci.lower.scaled"], out["rmsea.ci.upper.scaled"] = lo, hi
    out["rmsea.pvalue.scaled"] = fi.rmsea_pclose(ts, df, n)
    return out


def fit_wlsmv(data: Any, model: Instrument | LatentStructure, *, level: str = "first",
              identification: str = "marker", missing: str = "listwise") -> Any:
    """WLSMV CFA (``fit_cfa(..., estimator="wlsmv")``): a ``CFAResult`` with
    ``estimator="WLSMV"``, DWLS estimates, robust SEs, std.all on the latent-response scale,
    ``fit`` (``chi2`` the unscaled DWLS statistic, ``cfi``/``tli``/``rmsea`` from it, ``srmr``;
    likelihood-based entries NaN) and lavaan-named ``scaled_fit``. Thresholds are in
    ``result.parameters`` (``op == "|"``). ``missing="pairwise"`` (lavaan's ``missing =
    "pairwise"``): thresholds from each item's answers, polychorics from each pair's common
    answers, their asymptotic covariance as lavaan (:func:`.polychoric.polychoric`); ``n``
    counts every respondent with an answer.
    """
    if missing not in ("listwise", "pairwise"):
        raise EstimationError(f"missing={missing!r} is not available with WLSMV; use "
                              f"missing='pairwise' (pairwise polychorics) or 'listwise' "
                              f"(complete cases)")
    st = structure_of(model, level)  # type: ignore[arg-type]
    issues: list[str] = []
    check_structure(st, issues)
    x = item_matrix(data, tuple(st.observed), model, "WLSMV")
    pc = polychoric(x, acov=True, missing=missing)
    issues += list(pc.warnings)
    sem = SEMModel(st, identification)  # type: ignore[arg-type]
    ncor = sem.p * (sem.p - 1) // 2
    nstat = ncor + sum(t.size for t in pc.thresholds.values())
    if pc.n <= nstat or pc.n < 10 * sem.p:
        msg = (f"n = {pc.n} respondents for {nstat} thresholds and polychoric correlations: "
               f"their asymptotic covariance (the WLSMV weight matrix) is estimated from too few "
               f"cases, so robust SEs and the scaled test are approximate (aim for more "
               f"respondents than statistics, at least 10 per item); collect more responses or "
               f"compare with estimator='mlr'")
        issues.append(msg)
        _warnings.warn(SingularMatrixWarning(msg), stacklevel=3)
    res = dwls(sem, pc)
    if not res.converged:
        msg = (f"DWLS estimation did not converge in {res.iterations} iterations; estimates "
               f"are unreliable - check for Heywood cases or sparse categories")
        issues.append(msg)
        _warnings.warn(ConvergenceWarning(msg), stacklevel=3)
    r = pc.correlation.loc[list(sem.observed), list(sem.observed)].to_numpy()
    problem = MLProblem(sem, r, pc.n)
    fit = Fit(problem, res.theta, True, res.iterations, "dwls-gauss-newton", "", 0.0)
    # the engine's assembly computes ML-specific diagnostics (information matrix): keep only
    # its Heywood / non-positive-definite checks, which hold for any estimator
    ml_only = ("the information matrix is singular",)
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        base = assemble(fit, st, st.level if isinstance(model, LatentStructure) else level,
                         identification, missing, [])
    kept = [str(w.message) for w in caught if not str(w.message).startswith(ml_only)]
    for w in caught:
        if str(w.message) in kept:
            _warnings.warn(w.message, stacklevel=3)
    base = dataclasses.replace(base, converged=res.converged, warnings=tuple(issues + kept))
    out = with_acov(base, res.acov, "WLSMV", res.scaled_fit)
    # residual variances are derived (1 - R^2), not parameters: no SE (lavaan shows 0)
    pt = sem.partable
    dmask = np.array([(pt.mat[i] == THETA and pt.row[i] == pt.col[i]) for i in range(len(pt))])
    par = out.parameters.copy()
    par.loc[dmask, ["se", "z", "p"]] = np.nan
    par.loc[dmask, "free"] = False
    rv = out.residual_variances.copy()
    rv[["se", "z", "p"]] = np.nan
    rv["free"] = False
    par = pd.concat([par, _threshold_rows(pc, sem.observed)], ignore_index=True)
    p, n = sem.p, pc.n
    chi2, df = res.chi2, res.df
    base_chi2 = float(res.scaled_fit["baseline.chisq.scaled"] - res.scaled_fit["baseline.chisq.shift.parameters"]) \
        * res.scaled_fit["baseline.chisq.scaling.factor"]
    bdf = p * (p - 1) // 2
    lo, hi = fi.rmsea_ci(chi2, df, n - 1)
    nan = float("nan")
    fit_ix = dataclasses.replace(
        out.fit, chi2=chi2, df=df, p=float(chi2_sf(chi2, df)) if df > 0 else nan,
        baseline_chi2=base_chi2, baseline_df=bdf, baseline_p=float(chi2_sf(base_chi2, bdf)),
        cfi=fi.cfi(chi2, df, base_chi2, bdf), tli=fi.tli(chi2, df, base_chi2, bdf),
        rmsea=fi.rmsea(chi2, df, n - 1), rmsea_ci_lower=lo, rmsea_ci_upper=hi,
        rmsea_pclose=fi.rmsea_pclose(chi2, df, n - 1), srmr=res.srmr, loglik=nan, loglik_h1=nan,
        aic=nan, bic=nan, sabic=nan, npar=int(par["free"].sum()),
        fmin=chi2 / (2 * n),
    )
    return dataclasses.replace(out, parameters=par, residual_variances=rv, fit=fit_ix,
                               sample_cov=pc.correlation.loc[list(sem.observed), list(sem.observed)])


def _threshold_rows(pc: Polychoric, observed: tuple[str, ...]) -> pd.DataFrame:
    """Threshold rows ``item | t1..`` with SEs ``sqrt(Gamma_kk / (N - 1))`` (saturated)."""
    assert pc.influence is not None
    se_all = np.sqrt(np.sum(pc.influence ** 2, axis=0) / pc.n / (pc.n - 1))
    rows = []
    off = 0
    for it in pc.items:
        t = pc.thresholds[it]
        for j, v in enumerate(t):
            se = float(se_all[off + j])
            z = v / se
            rows.append({"lhs": it, "op": "|", "rhs": f"t{j + 1}", "est": float(v), "se": se,
                         "z": z, "p": float(2 * norm_sf(abs(z))), "std": float(v),
                         "std_se": se, "free": True})
        off += t.size
    out = pd.DataFrame(rows)
    if len(out):
        order = {it: i for i, it in enumerate(observed)}
        out = out.sort_values("lhs", key=lambda s: s.map(order), kind="stable")
    return out
