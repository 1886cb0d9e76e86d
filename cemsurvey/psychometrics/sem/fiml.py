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
``information = "observed"`` with missing data). The pattern sums are evaluated for all
patterns at once from one Cholesky factor of ``Sigma`` and a low-rank correction per pattern
(:class:`_Stacked`; the same numbers as the pattern-by-pattern loop to about 1e-15, which
remains the route when ``Sigma`` is not positive definite).

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

import numpy as np
from scipy import optimize

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.sem.model import SEMModel
from cemsurvey.psychometrics.sem.robust import gradient_jacobian
from cemsurvey.stats.em import Patterns, pattern_deviance

__all__ = ["FIMLProblem", "pattern_hessian"]

# missingness patterns, the observed-data log-likelihood and the EM H1 moments live in
# the neutral cemsurvey.stats.em (response screening shares them)


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

_LOG2PI = math.log(2.0 * math.pi)


def _pattern_loop(pat: Patterns, mu: np.ndarray, sigma: np.ndarray
                  ) -> tuple[float, np.ndarray, np.ndarray]:
    """``(-2l, W = d(-2l)/dSigma, d(-2l)/dmu)`` pattern by pattern (``-2l = inf`` when a
    block ``Sigma_oo`` is not PD): the route when ``Sigma`` itself is not PD."""
    p = pat.p
    w = np.zeros((p, p))
    gmu = np.zeros(p)
    total = 0.0
    for o, n, m, s in zip(pat.obs, pat.n, pat.mean, pat.cov):
        block = pattern_deviance(sigma, mu, o, m, s)
        if block is None:
            return math.inf, w, gmu
        dev, v, t = block
        total += n * dev
        w[np.ix_(o, o)] += n * (v - v @ t @ v)
        gmu[o] += -2.0 * n * (v @ (m - mu[o]))
    return total, w, gmu


class _Stacked:
    """The patterns in stacked form, for :meth:`moments_grad`.

    Each pattern's ``n_g T_g = n_g (S_g + d_g d_g')`` is written as ``R_g R_g'`` with the
    columns ``R_g = sqrt(n_g) [F_g, d_g]`` (``S_g = F_g F_g'`` from its eigendecomposition,
    embedded in ``p`` rows with zeros at the missing items), and each pattern's inverse as a
    low-rank correction of ``P = Sigma^-1`` (partitioned inverse, ``m`` the missing items):

    .. math::

        E_o \\Sigma_{oo}^{-1} E_o^\\top = P - P_{\\cdot m} P_{mm}^{-1} P_{m \\cdot},
        \\qquad \\log|\\Sigma_{oo}| = \\log|\\Sigma| + \\log|P_{mm}|,

    so one ``p x p`` Cholesky factor and a ``k_g x k_g`` one per pattern (``k_g`` missing
    items) replace a ``p_o x p_o`` inverse per pattern; the products run over all patterns
    at once (``W = N P - P B P - Y Y'``, ``Y`` the corrected ``P R``)."""

    def __init__(self, pat: Patterns):
        p = pat.p
        self.p, self.ntotal = p, float(pat.ntotal)
        g = len(pat.n)
        self.sqrtn = np.sqrt(pat.n.astype(float))
        self.mask = np.zeros((p, g))
        self.means = np.zeros((p, g))
        fixed: list[np.ndarray] = []
        owner: list[int] = []
        for k, (o, n, m, s) in enumerate(zip(pat.obs, pat.n, pat.mean, pat.cov)):
            self.mask[o, k] = 1.0
            self.means[o, k] = m
            if n > 1:
                ev, vec = np.linalg.eigh(s)
                keep = ev > 1e-13 * max(float(ev[-1]), 1e-300)
                f = np.zeros((p, int(keep.sum())))
                f[o] = vec[:, keep] * np.sqrt(ev[keep] * n)
                fixed.append(f)
                owner += [k] * f.shape[1]
        self.fixed = np.hstack(fixed) if fixed else np.zeros((p, 0))
        k1 = self.fixed.shape[1]
        owner_arr = np.asarray(owner, dtype=int)
        self.const = float(np.sum(pat.n * np.array([o.size for o in pat.obs]))) * _LOG2PI
        self.missing: list[tuple[int, np.ndarray, np.ndarray]] = []
        for k, o in enumerate(pat.obs):
            if o.size < p:
                cols = np.append(np.flatnonzero(owner_arr == k), k1 + k)
                self.missing.append((int(pat.n[k]), np.setdiff1d(np.arange(p), o), cols))

    def _solve(self, mu: np.ndarray, sigma: np.ndarray) -> tuple | None:
        """``(P, R, Y, B, log-determinant term, per-pattern inverse Cholesky factors of
        P_mm)``, or ``None`` if ``Sigma`` (or a ``P_mm``) is not PD."""
        try:
            c = np.linalg.cholesky(sigma)
        except np.linalg.LinAlgError:
            return None
        ci = np.linalg.inv(c)
        pm = ci.T @ ci
        r = np.hstack([self.fixed, (self.means - mu[:, None]) * self.mask * self.sqrtn])
        y = pm @ r
        b = np.zeros_like(pm)
        logdet = self.ntotal * 2.0 * float(np.sum(np.log(np.diag(c))))
        cmis = []
        for n, mis, cols in self.missing:
            try:
                cm = np.linalg.cholesky(pm[np.ix_(mis, mis)])
            except np.linalg.LinAlgError:
                return None
            cmi = np.linalg.inv(cm)
            a = cmi.T @ cmi
            logdet += n * 2.0 * float(np.sum(np.log(np.diag(cm))))
            b[np.ix_(mis, mis)] += n * a
            yc = y[:, cols]
            yc -= pm[:, mis] @ (a @ yc[mis])
            yc[mis] = 0.0
            y[:, cols] = yc
            cmis.append(cmi)
        return pm, r, y, b, logdet, cmis

    def moments_grad(self, mu: np.ndarray, sigma: np.ndarray
                     ) -> tuple[float, np.ndarray, np.ndarray] | None:
        """``(-2l, W, d(-2l)/dmu)`` as :func:`_pattern_loop`; ``None`` if ``Sigma`` is not PD."""
        out = self._solve(mu, sigma)
        if out is None:
            return None
        pm, r, y, b, logdet, _ = out
        total = self.const + logdet + float(np.sum(r * y))
        w = self.ntotal * pm - pm @ b @ pm - y @ y.T
        gmu = -2.0 * (y[:, self.fixed.shape[1]:] @ self.sqrtn)
        return total, w, gmu

    def hessian_blocks(self, mu: np.ndarray, sigma: np.ndarray, u: np.ndarray, a: np.ndarray,
                       b: np.ndarray, s: np.ndarray) -> tuple | None:
        """:func:`pattern_hessian`'s blocks summed over the patterns at once (``None`` if
        ``Sigma`` is not PD). With ``P_g = P0 - L_g`` (``P0 = U'Sigma^-1 U``, ``L_g =
        Lambda_g Lambda_g'`` of rank ``k_g``) and ``n_g Q_g = H_g H_g'`` (``H_g = U'Y_g``),
        every pattern sum is ``P0``/``sum_g n_g Q_g`` terms minus a product ``S'S`` (``Q``
        terms) or ``T'T/2`` (``L L`` terms) whose rows run over the missing items' columns."""
        out = self._solve(mu, sigma)
        if out is None:
            return None
        pm, _, y, bm, _, cmis = out
        used, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
        ar, br = inv[:a.size], inv[a.size:]
        pu = pm @ u[:, used]
        p0 = u[:, used].T @ pu
        hc = u[:, used].T @ y
        k1 = self.fixed.shape[1]
        zs = hc[:, k1:] @ self.sqrtn
        ls = np.zeros_like(p0)
        h_mt = 2.0 * (pu[:, ar] * zs[br] + pu[:, br] * zs[ar])
        sq, tq = [], []
        for (n, mis, cols), cmi in zip(self.missing, cmis):
            lam = pu[mis].T @ cmi.T
            ls += n * (lam @ lam.T)
            la, lb = lam[ar], lam[br]
            hg = hc[:, cols]
            sq.append((la[:, :, None] * hg[br][:, None, :]
                       + lb[:, :, None] * hg[ar][:, None, :]).reshape(a.size, -1))
            tq.append(math.sqrt(n) * (la[:, :, None] * lb[:, None, :]
                                      + lb[:, :, None] * la[:, None, :]).reshape(a.size, -1))
            z = hc[:, cols[-1]] * math.sqrt(n)          # n_g z_g
            h_mt -= 2.0 * ((pm[:, mis] @ cmi.T) @ (la * z[br, None] + lb * z[ar, None]).T)
        sm = np.hstack(sq) if sq else np.zeros((a.size, 0))
        tm = np.hstack(tq) if tq else np.zeros((a.size, 0))
        qs = hc @ hc.T
        aa, bb, ab, ba = np.ix_(ar, ar), np.ix_(br, br), np.ix_(ar, br), np.ix_(br, ar)

        def pp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
            return x[aa] * v[bb] + x[ab] * v[ba]

        pq = p0[ba] * qs[ab] + p0[bb] * qs[aa] + p0[aa] * qs[bb] + p0[ab] * qs[ba] - sm @ sm.T
        ppt = self.ntotal * pp(p0, p0) - pp(p0, ls) - pp(ls, p0) + 0.5 * (tm @ tm.T)
        h_tt = 2.0 * (pq - ppt) * np.outer(s, s)
        h_mm = 2.0 * (self.ntotal * pm - pm @ bm @ pm)
        w = 0.5 * h_mm - y @ y.T
        return h_mm, h_mt * s, h_tt, w


class FIMLProblem:
    """FIML objective ``-l/N`` and its analytic gradient in ``x = (mu, theta)``."""

    def __init__(self, model: SEMModel, pat: Patterns):
        self.model, self.pat = model, pat
        self.p, self.q = model.p, model.q
        m = model
        rows = m._free_rows
        self._a, self._b, self._s = m.a_idx[rows], m.b_idx[rows], m.scale[rows]
        self._col = m.partable.free[rows]
        self._stacked = _Stacked(pat)

    def split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return x[:self.p], x[self.p:]

    def fun_grad(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        mu, theta = self.split(x)
        imp = self.model.implied(theta)
        out = self._stacked.moments_grad(mu, imp.sigma)
        if out is None:                    # Sigma not PD: the pattern blocks may still be
            out = _pattern_loop(self.pat, mu, imp.sigma)
        total, w, gmu = out
        if not math.isfinite(total):
            return math.inf, np.zeros_like(x)
        u = self.model.u_matrix(imp)
        uwu = u.T @ w @ u
        g_rows = 2.0 * self._s * uwu[self._a, self._b]
        gth = np.zeros(self.q)
        np.add.at(gth, self._col, g_rows)
        nn = self.pat.ntotal
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
        u = model.u_matrix(imp)
        blocks = self._stacked.hessian_blocks(mu, imp.sigma, u, self._a, self._b, self._s)
        if blocks is None:                  # Sigma not PD: pattern by pattern
            blocks = pattern_hessian(self.pat, mu, imp.sigma, u, self._a, self._b, self._s)
        h_mm, h_mt, h_tt, w = blocks
        agg = np.zeros((self._col.size, q))
        agg[np.arange(self._col.size), self._col] = 1.0

        def grad_w(th: np.ndarray) -> np.ndarray:
            u = model.u_matrix(model.implied(th))
            return agg.T @ (2.0 * self._s * (u.T @ w @ u)[self._a, self._b])

        struct = gradient_jacobian(grad_w, theta)
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
