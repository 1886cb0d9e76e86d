"""Full-information maximum likelihood (FIML) under missing answers, as lavaan 0.6.14's
``cfa(..., missing = "fiml")`` with ``estimator = "ML"``.

Rows are grouped by missingness pattern ``g`` (observed items ``o``, ``n_g`` rows, mean
``ybar_g``, covariance ``S_g`` with divisor ``n_g``). With free (saturated) item means ``mu``:

.. math::

    -2\\ell(\\mu, \\theta) = \\sum_g n_g \\big[p_o \\log 2\\pi + \\log|\\Sigma_{oo}|
       + \\operatorname{tr}(\\Sigma_{oo}^{-1} T_g)\\big], \\quad
       T_g = S_g + (\\bar y_g - \\mu_o)(\\bar y_g - \\mu_o)^\\top.

Gradient: ``d(-2l)/dSigma = W = sum_g n_g E_o(V_o - V_o T_g V_o)`` (``E_o`` embeds the
pattern block, ``V_o = Sigma_oo^-1``), mapped to the parameters with the engine's derivative
index (``2 s_j a_j' W b_j``, :mod:`.model`); ``d(-2l)/dmu = -2 sum_g n_g E_o V_o (ybar_g - mu_o)``.
Estimation: Newton steps with the observed information (analytic pattern terms,
:func:`pattern_hessian`) from the ML fit to the EM covariance (L-BFGS on the analytic
gradient first if Newton fails); SEs from the inverse observed information (lavaan's default
``information = "observed"`` with missing data).

The H1 (saturated) model is fitted by EM (Dempster, Laird & Rubin 1977); ``chisq =
2 (l_H1 - l_H0)``; the baseline model has free means and variances (it factorizes over
items, so each is the mean and divisor-n variance of the item's observed answers). SRMR
includes the mean residuals, standardized by the H1 standard deviations (lavaan's
``srmr`` with a mean structure).

Verified against lavaan 0.6.14 on bfi (25 items, 2,800 rows with at least one answer) and
Holzinger-Swineford with 40 answers deleted in each of x2, x5, x8
(``tests/estimators/test_estimators_fiml.py``).

References
----------
Arbuckle, J. L. (1996). Full information estimation in the presence of incomplete data. In
Marcoulides & Schumacker (eds.), *Advanced Structural Equation Modeling*. Erlbaum.
Enders, C. K. (2010). *Applied Missing Data Analysis*. Guilford.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import optimize

from cemsurvey.errors import DataError, EstimationError
from cemsurvey.psychometrics.sem.model import SEMModel
from cemsurvey.stats.em import Patterns, em_saturated, loglik, patterns  # noqa: F401

__all__ = ["FIMLProblem", "Patterns", "em_saturated", "patterns"]

# patterns, the observed-data log-likelihood and the EM H1 moments live in the neutral
# cemsurvey.stats.em (screening shares them); re-exported here for the engine's callers

_LOG2PI = math.log(2.0 * math.pi)


def pattern_hessian(pat: Patterns, mu: np.ndarray, sigma: np.ndarray, u: np.ndarray,
                    a: np.ndarray, b: np.ndarray, s: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hessian of ``-2l`` at ``(mu, Sigma)`` for parameters whose ``dSigma`` is
    ``s (u_a u_b' + u_b u_a')`` (columns ``a``, ``b`` of ``u``), without the term from second
    derivatives of ``Sigma``; returns the ``mu-mu``, ``mu-row`` and ``row-row`` blocks and
    ``W = d(-2l)/dSigma``.

    Per pattern (``V = Sigma_oo^-1``, ``d = ybar - mu_o``, ``T = S + dd'``, ``P = U'VU``,
    ``Q = U'VTVU``, ``z = U'Vd``, rows ``j = (a, b)``, ``k = (c, d)``):
    ``H_jk = 2 n s_j s_k [P_bc Q_ad + P_bd Q_ac + P_ac Q_bd + P_ad Q_bc - P_ac P_bd - P_ad P_bc]``,
    ``H_mu,mu = 2 n V`` and ``H_mu,j = 2 n s_j (VU_a z_b + VU_b z_a)``."""
    p = pat.p
    used, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    ar, br = inv[:a.size], inv[a.size:]
    uu = u[:, used]
    h_mm = np.zeros((p, p))
    h_mt = np.zeros((p, a.size))
    h_tt = np.zeros((a.size, a.size))
    w = np.zeros((p, p))
    aa, bb, ab, ba = np.ix_(ar, ar), np.ix_(br, br), np.ix_(ar, br), np.ix_(br, ar)
    for o, n, m, sg in zip(pat.obs, pat.n, pat.mean, pat.cov):
        v = np.linalg.inv(sigma[np.ix_(o, o)])
        d = m - mu[o]
        t = sg + np.outer(d, d)
        vu = v @ uu[o]
        pm = uu[o].T @ vu
        qm = vu.T @ t @ vu
        z = vu.T @ d
        p_ac, p_bd, p_ad, p_bc = pm[aa], pm[bb], pm[ab], pm[ba]
        h_tt += (2.0 * n) * (p_bc * qm[ab] + p_bd * qm[aa] + p_ac * qm[bb] + p_ad * qm[ba]
                             - p_ac * p_bd - p_ad * p_bc)
        h_mm[np.ix_(o, o)] += 2.0 * n * v
        h_mt[o] += 2.0 * n * (vu[:, ar] * z[br] + vu[:, br] * z[ar])
        w[np.ix_(o, o)] += n * (v - v @ t @ v)
    h_tt *= np.outer(s, s)
    h_mt *= s
    return h_mm, h_mt, h_tt, w


class FIMLProblem:
    """FIML objective ``-l/N`` and its analytic gradient in ``x = (mu, theta)``."""

    def __init__(self, model: SEMModel, pat: Patterns):
        self.model, self.pat = model, pat
        self.p, self.q = model.p, model.q
        m = model
        rows = m._free_rows
        self._a, self._b, self._s = m.a_idx[rows], m.b_idx[rows], m.scale[rows]
        self._col = m.partable.free[rows]

    def split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return x[:self.p], x[self.p:]

    def fun_grad(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        mu, theta = self.split(x)
        imp = self.model.implied(theta)
        sigma = imp.sigma
        p, pat = self.p, self.pat
        w = np.zeros((p, p))
        gmu = np.zeros(p)
        total = 0.0
        for o, n, m, s in zip(pat.obs, pat.n, pat.mean, pat.cov):
            so = sigma[np.ix_(o, o)]
            try:
                c = np.linalg.cholesky(so)
            except np.linalg.LinAlgError:
                return math.inf, np.zeros_like(x)
            ci = np.linalg.inv(c)
            v = ci.T @ ci
            d = m - mu[o]
            t = s + np.outer(d, d)
            total += n * (o.size * _LOG2PI + 2 * np.sum(np.log(np.diag(c))) + float(np.sum(v * t)))
            vt = v @ t @ v
            w[np.ix_(o, o)] += n * (v - vt)
            gmu[o] += -2.0 * n * (v @ d)
        u = self.model.u_matrix(imp)
        uwu = u.T @ w @ u
        g_rows = 2.0 * self._s * uwu[self._a, self._b]
        gth = np.zeros(self.q)
        np.add.at(gth, self._col, g_rows)
        nn = pat.ntotal
        return 0.5 * total / nn, 0.5 * np.concatenate([gmu, gth]) / nn

    def hessian(self, x: np.ndarray) -> np.ndarray:
        """Observed information: the Hessian of ``-l/N`` in ``(mu, theta)``.

        The pattern terms are analytic (:func:`pattern_hessian`); the term from the second
        derivatives of ``Sigma(theta)``, ``tr(W d2Sigma/dtheta_j dtheta_k)`` with ``W =
        d(-2l)/dSigma`` held fixed, is the central-difference Jacobian of the cheap map
        ``theta -> 2 s (U' W U)[a, b]``."""
        mu, theta = self.split(x)
        model, p, q = self.model, self.p, self.q
        imp = model.implied(theta)
        h_mm, h_mt, h_tt, w = pattern_hessian(self.pat, mu, imp.sigma, model.u_matrix(imp),
                                              self._a, self._b, self._s)
        agg = np.zeros((self._col.size, q))
        agg[np.arange(self._col.size), self._col] = 1.0

        def grad_w(th: np.ndarray) -> np.ndarray:
            u = model.u_matrix(model.implied(th))
            return agg.T @ (2.0 * self._s * (u.T @ w @ u)[self._a, self._b])

        struct = np.empty((q, q))
        for j in range(q):
            step = 1e-6 * max(abs(theta[j]), 1.0)
            tp, tm = theta.copy(), theta.copy()
            tp[j] += step
            tm[j] -= step
            struct[:, j] = (grad_w(tp) - grad_w(tm)) / (2 * step)
        h = np.empty((p + q, p + q))
        h[:p, :p] = h_mm
        h[:p, p:] = h_mt @ agg
        h[p:, :p] = h[:p, p:].T
        h[p:, p:] = agg.T @ h_tt @ agg + 0.5 * (struct + struct.T)
        return 0.5 * h / self.pat.ntotal

    def newton(self, x: np.ndarray, steps: int) -> tuple[np.ndarray, bool, int]:
        """Newton steps with the observed information and step halving:
        ``(x, converged, steps taken)``; stops at max |gradient| < 1e-9 or when a step
        cannot decrease the objective. The information is recomputed only when a full step
        fails to shrink the gradient tenfold (near the optimum one matrix serves every step)."""
        hmat = None
        gmax_prev = math.inf
        for k in range(steps):
            f, g = self.fun_grad(x)
            gmax = float(np.max(np.abs(g)))
            if gmax < 1e-9:
                return x, True, k
            if hmat is None or gmax > 0.1 * gmax_prev:
                hmat = self.hessian(x)
            gmax_prev = gmax
            try:
                step = np.linalg.solve(hmat, g)
            except np.linalg.LinAlgError:
                return x, False, k
            if not float(g @ step) > 0:     # not a descent direction (Hessian not PD)
                return x, False, k
            t = 1.0
            while t > 1e-6:
                f2, _ = self.fun_grad(x - t * step)
                if f2 <= f + 1e-14:
                    break
                t *= 0.5
            if t <= 1e-6:
                return x, False, k
            if t < 1.0:
                hmat = None
            x = x - t * step
        return x, bool(np.max(np.abs(self.fun_grad(x)[1])) < 1e-9), steps

    def fit(self, x0: np.ndarray) -> tuple[np.ndarray, bool, int]:
        # Newton from the (close) warm start; L-BFGS first only if that fails
        x, ok, it = self.newton(x0, 25)
        if not ok:
            res = optimize.minimize(self.fun_grad, x0, jac=True, method="L-BFGS-B",
                                    options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-10,
                                             "maxcor": 30})
            x, ok, k = self.newton(res.x, 8)            # polish: lavaan-tight optimum
            it = int(res.nit) + k
        if not ok:
            ok = bool(np.max(np.abs(self.fun_grad(x)[1])) < 1e-6)
        if not np.isfinite(self.fun_grad(x)[0]):
            raise EstimationError("FIML estimation failed: the implied covariance matrix is not "
                                  "positive definite; check the model or the missing-data pattern")
        return x, ok, it


def fit_fiml(data: Any, model: Any, *, level: str = "first", identification: str = "marker",
             estimator: str = "ml") -> Any:
    """FIML CFA: a ``CFAResult`` with ``missing="fiml"``, FIML estimates, observed-information
    SEs, ``fit`` from the EM H1 model (chi2, CFI, TLI, RMSEA, SRMR, loglik, AIC, BIC) and the
    estimated means in ``parameters`` (``op == "~1"``). See the module docstring.

    ``estimator="mlr"``: sandwich SEs and the Yuan-Bentler scaled chi-square with the
    ``.scaled`` indices in ``scaled_fit`` (lavaan's ``estimator = "MLR", missing = "fiml"``;
    the ``.robust`` indices, which lavaan computes by another route for missing data, are not
    given)."""
    import dataclasses
    import warnings as _warnings

    import pandas as pd
    from scipy import stats

    from cemsurvey.errors import ConvergenceWarning, DataWarning
    from cemsurvey.instrument.structure import LatentStructure
    from cemsurvey.psychometrics.cfa import _assemble, _check_structure, _Fit, _structure_of
    from cemsurvey.psychometrics.sem import fit_indices as fi
    from cemsurvey.psychometrics.sem.estimation import item_matrix, with_acov
    from cemsurvey.psychometrics.sem.ml import MLProblem
    from cemsurvey.psychometrics.sem.optimize import minimize_ml
    from cemsurvey.psychometrics.sem.start import start_values

    st = _structure_of(model, level)  # type: ignore[arg-type]
    issues: list[str] = []
    _check_structure(st, issues)
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
        base = _assemble(_Fit(MLProblem(sem, sig1, n), theta, True, it, "fiml-newton", "", 0.0),
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
                          "z": z, "p": 2 * stats.norm.sf(np.abs(z)), "std": mu / np.sqrt(np.diag(
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
        out.fit, chi2=chi2, df=df, p=float(stats.chi2.sf(chi2, df)) if df > 0 else float("nan"),
        baseline_chi2=bchi2, baseline_df=bdf, baseline_p=float(stats.chi2.sf(bchi2, bdf)),
        cfi=fi.cfi(chi2, df, bchi2, bdf), tli=fi.tli(chi2, df, bchi2, bdf),
        rmsea=fi.rmsea(chi2, df, n), rmsea_ci_lower=lo, rmsea_ci_upper=hi,
        rmsea_pclose=fi.rmsea_pclose(chi2, df, n), srmr=srmr, loglik=ll0, loglik_h1=ll1,
        aic=ic["aic"], bic=ic["bic"], sabic=ic["sabic"], npar=q + p, n=n, fmin=chi2 / (2 * n),
    )
    scaled: dict[str, float] = {}
    if rob is not None:
        from cemsurvey.psychometrics.sem.robust import RobustML, scaled_fit_indices

        allf = scaled_fit_indices(chi2, df, bchi2, bdf, n, RobustML(acov_all, rob[1], rob[2], 0.0, 0.0))
        scaled = {k: v for k, v in allf.items() if not k.endswith(".robust")}
    return dataclasses.replace(out, parameters=par, fit=fit_ix, missing="fiml", scaled_fit=scaled,
                               sample_cov=pd.DataFrame(sig1, index=list(sem.observed),
                                                       columns=list(sem.observed)))


# ----------------------------------------------------------------------------- MLR
def _sat_gradient(pat: Patterns, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
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


def _sat_hessian(pat: Patterns, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
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


def _sat_scores(pat: Patterns, x: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
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
    s1 = _sat_scores(pat, x, mu1, sig1)
    a1 = _sat_hessian(pat, mu1, sig1)
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
