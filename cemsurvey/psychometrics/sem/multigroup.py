"""Multi-group latent-variable models with a mean structure, and equality constraints.

Group ``g`` (``n_g`` respondents, sample mean ``ybar_g`` and covariance ``S_g``, divisor
``n_g``) has its own matrices of the one-group model (:mod:`.model`) plus intercepts ``nu``
and latent means ``alpha``:

.. math::

    \\mu_g = \\nu_g + \\Lambda_g A_g \\alpha_g, \\qquad
    \\Sigma_g = \\Lambda_g A_g \\Psi_g A_g^\\top \\Lambda_g^\\top + \\Theta_g .

The ML discrepancy is lavaan's (``likelihood = "normal"``):

.. math::

    F = \\sum_g \\frac{n_g}{N} \\Big[\\log|\\Sigma_g| + \\operatorname{tr}(S_g\\Sigma_g^{-1})
        - \\log|S_g| - p + (\\bar y_g - \\mu_g)^\\top \\Sigma_g^{-1} (\\bar y_g - \\mu_g)\\Big],
    \\qquad \\chi^2 = N F .

Equality constraints across groups (lavaan's ``group.equal``) are expressed by giving the
constrained parameters of every group one shared entry of the estimated vector; a
parameter *released* (lavaan's ``group.partial``) gets an entry per group again.

Derivatives. With ``d = ybar - mu``, ``V = Sigma^-1`` and ``W = V - V (S + d d') V``, a
covariance-structure parameter ``j`` (see :mod:`.model` for ``a_j, b_j, s_j``) has
``dF_g/dtheta_j = 2 s_j a_j' W b_j``; the mean structure adds ``-2 (dmu/dtheta_j)' V d`` with
``dmu/dnu_i = e_i``, ``dmu/dalpha_k = H e_k``, ``dmu/dLambda_ik = e_i (A alpha)_k`` and
``dmu/dB_kl = H e_k (A alpha)_l`` (``H = Lambda A``). The expected information per
observation adds ``(dmu_j)' V (dmu_k)`` to the covariance part of :class:`.ml.MLProblem`.
Estimation is L-BFGS preconditioned by the expected information
(:mod:`.multigroup_optimize`).

Verified against lavaan 0.6 ``cfa(..., group =, group.equal =, meanstructure = TRUE)`` on
HolzingerSwineford1939 by school and bfi by gender (tests/psychometrics/sem/test_multigroup.py,
reference script tests/reference/invariance_reference.R): chi-square, every fit index,
estimates and standard errors within 1e-4 relative.

References
----------
Jöreskog, K. G. (1971). Simultaneous factor analysis in several populations.
*Psychometrika* 36(4), 409-426.
Sörbom, D. (1974). A general method for studying differences in factor means and factor
structure between groups. *British J. Math. Stat. Psychology* 27, 229-239.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.linalg import LinAlgError

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.ml import MLProblem, logdet_inv
from cemsurvey.psychometrics.sem.model import BETA, LAMBDA, Implied, SEMModel
from cemsurvey.psychometrics.sem.multigroup_blocks import BlockInformation
from cemsurvey.psychometrics.sem.multigroup_optimize import fisher_lbfgs
from cemsurvey.psychometrics.sem.start import start_values

#: lavaan's ``group.equal`` classes understood here.
EQUALITY_CLASSES = ("loadings", "intercepts", "residuals", "residual.covariances",
                    "lv.variances", "lv.covariances", "regressions", "means")


@dataclass(frozen=True)
class GroupMoments:
    """Sample moments of one group: label, size, means and covariance (divisor ``n``)."""

    label: str
    n: int
    mean: np.ndarray
    cov: np.ndarray
    data: np.ndarray | None = None   # the complete cases (n x p), for robust statistics


@dataclass(frozen=True)
class Param:
    """One parameter of one group, lavaan-style: ``lhs op rhs`` in group ``group`` (0-based)."""

    lhs: str
    op: str
    rhs: str
    group: int
    kind: str          # one of EQUALITY_CLASSES, or "" for parameters no class covers

    @property
    def key(self) -> str:
        """``'f =~ x'`` / ``'x ~1'``: the name shared by the same parameter in every group."""
        return f"{self.lhs} {self.op}{'' if self.op == '~1' else ' ' + self.rhs}"


def _kind(lhs: str, op: str, rhs: str, observed: set[str]) -> str:
    if op == "=~":
        return "loadings"
    if op == "~":
        return "regressions"
    if op == "~1":
        return "intercepts" if lhs in observed else "means"
    if lhs in observed:
        return "residuals" if lhs == rhs else "residual.covariances"
    return "lv.variances" if lhs == rhs else "lv.covariances"


class MultiGroupModel:
    """Parameter bookkeeping of one model fitted to several groups at once.

    Parameters
    ----------
    structure
        The latent structure, the same in every group (configural model).
    n_groups
        Number of groups.
    equal
        lavaan ``group.equal`` classes held equal across groups.
    released
        Parameter keys (``Param.key``, e.g. ``'speed =~ x7'``, ``'x3 ~1'``) exempt from
        ``equal`` (lavaan's ``group.partial``).
    free_means
        Whether latent means (intercepts of endogenous latents) are free in every group but
        the first (lavaan frees them as soon as intercepts are held equal); otherwise they
        are fixed to 0. First-order factors that measure a higher-order factor keep
        intercept 0 (their means follow from the higher-order mean).
    """

    def __init__(self, structure: LatentStructure, n_groups: int, equal: Iterable[str] = (),
                 released: Iterable[str] = (), free_means: bool | None = None):
        self.equal = frozenset(equal)
        unknown = self.equal - set(EQUALITY_CLASSES)
        if unknown:
            raise EstimationError(f"unknown equality class(es) {sorted(unknown)}; "
                                  f"choose from {', '.join(EQUALITY_CLASSES)}")
        self.released = frozenset(released)
        self.free_means = ("intercepts" in self.equal) if free_means is None else free_means
        self.base = SEMModel(structure, "marker")
        self.structure = structure
        self.n_groups = int(n_groups)
        m = self.base
        self.p, self.m = m.p, m.m
        pt = m.partable
        self._cov_rows = np.flatnonzero(pt.free >= 0)
        observed = set(m.observed)
        # latent means (intercepts of endogenous latents) are free in groups 2+ for every
        # latent except first-order factors measuring a higher-order one (not identified)
        measuring = {i for f in structure.higher_order for i in structure.indicators[f]}
        self.mean_latents = [k for k, f in enumerate(m.latents) if f not in measuring]
        local: list[tuple[str, str, str, str]] = []
        for r in self._cov_rows:
            lhs, op, rhs = pt.lhs[r], pt.op[r], pt.rhs[r]
            local.append((lhs, op, rhs, _kind(lhs, op, rhs, observed)))
        local += [(v, "~1", "", "intercepts") for v in m.observed]
        self.n_cov = len(self._cov_rows)
        params: list[Param] = []
        index: list[np.ndarray] = []
        shared: dict[str, int] = {}
        q = 0
        for g in range(self.n_groups):
            rows = list(local)
            if self.free_means and g > 0:
                rows += [(m.latents[k], "~1", "", "means") for k in self.mean_latents]
            idx = np.empty(len(rows), dtype=int)
            for j, (lhs, op, rhs, kind) in enumerate(rows):
                par = Param(lhs, op, rhs, g, kind)
                if kind in self.equal and par.key not in self.released:
                    if par.key not in shared:
                        shared[par.key] = q
                        q += 1
                    idx[j] = shared[par.key]
                else:
                    idx[j] = q
                    q += 1
                params.append(par)
            index.append(idx)
        self.params = tuple(params)
        self.index = index
        self.q = q
        self.q_full = len(params)
        offsets = np.cumsum([0] + [len(i) for i in index])
        self.full_slices = [slice(int(offsets[g]), int(offsets[g + 1]))
                            for g in range(self.n_groups)]

    # --------------------------------------------------------------- unpacking
    def split(self, theta_g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(covariance-structure parameters, nu, alpha)`` from one group's vector."""
        th = theta_g[: self.n_cov]
        nu = theta_g[self.n_cov: self.n_cov + self.p]
        alpha = np.zeros(self.m)
        rest = theta_g[self.n_cov + self.p:]
        if rest.size:
            alpha[self.mean_latents] = rest
        return th, nu, alpha

    def cov_theta(self, th: np.ndarray) -> np.ndarray:
        """One-group model parameter vector from the free covariance-structure rows."""
        out = np.zeros(self.base.q)
        out[self.base.partable.free[self._cov_rows]] = th
        return out

    def group_vector(self, theta: np.ndarray, g: int) -> np.ndarray:
        """Group ``g``'s own parameter vector from the estimated (constrained) vector."""
        return theta[self.index[g]]

    def full_values(self, theta: np.ndarray) -> dict[tuple[int, str], float]:
        """``(group, Param.key) -> value`` for every parameter of every group."""
        return {(par.group, par.key): float(theta[k]) for par, k in
                zip(self.params, np.concatenate(self.index))}

    def theta_from(self, values: dict[tuple[int, str], float], default: np.ndarray | None
                   ) -> np.ndarray:
        """A constrained vector from per-group values (a warm start from another level):
        the mean of the values of the parameters sharing an entry; ``default`` (NaN when
        None) elsewhere."""
        tot, cnt = np.zeros(self.q), np.zeros(self.q)
        for par, k in zip(self.params, np.concatenate(self.index)):
            v = values.get((par.group, par.key))
            if v is not None:
                tot[k] += v
                cnt[k] += 1
        fill = np.full(self.q, np.nan) if default is None else default
        return np.where(cnt > 0, tot / np.maximum(cnt, 1), fill)

    def constraint_rows(self) -> list[tuple[int, int, int]]:
        """One row per equality constraint, as lavaan's ``con.jac``: ``(position in
        params of the first group's copy, later group g, g's local index j)``."""
        first: dict[int, int] = {}
        out = []
        for g in range(self.n_groups):
            off = self.full_slices[g].start
            for j, k in enumerate(self.index[g]):
                if k in first:
                    out.append((first[k], g, j))
                else:
                    first[k] = off + j
        return out

    def constraint_matrix(self) -> np.ndarray:
        """Rows ``e_a - e_b`` over the full (per-group) parameters, one per equality,
        each later group's copy tied to the first group's, as lavaan's ``con.jac``."""
        rows = self.constraint_rows()
        out = np.zeros((len(rows), self.q_full))
        for i, (a, g, j) in enumerate(rows):
            out[i, a], out[i, self.full_slices[g].start + j] = 1.0, -1.0
        return out

    def constraint_pairs(self) -> list[tuple[Param, Param]]:
        """The ``(first group's, later group's)`` parameter of each constraint row."""
        return [(self.params[a], self.params[self.full_slices[g].start + j])
                for a, g, j in self.constraint_rows()]


@dataclass(frozen=True)
class GroupEval:
    """One group's discrepancy, gradient and information at its parameter vector."""

    f: float
    grad: np.ndarray
    info: np.ndarray
    sigma: np.ndarray
    mu: np.ndarray


class MultiGroupProblem:
    """The ML problem of a :class:`MultiGroupModel` on the groups' sample moments."""

    def __init__(self, model: MultiGroupModel, groups: Sequence[GroupMoments]):
        if len(groups) != model.n_groups:
            raise EstimationError(f"{len(groups)} groups of data for a {model.n_groups}-group model")
        self.model = model
        self.groups = tuple(groups)
        self.n = int(sum(g.n for g in groups))
        self.weights = np.array([g.n / self.n for g in groups])
        self._problems = [MLProblem(model.base, g.cov, g.n) for g in groups]

    def evaluate_group(self, g: int, theta_g: np.ndarray, need_info: bool = True
                       ) -> GroupEval | None:
        """Discrepancy ``F_g``, its gradient and the expected information (per observation)
        over group ``g``'s own parameters; ``None`` if ``Sigma_g`` is not positive definite."""
        mod, base, prob = self.model, self.model.base, self._problems[g]
        th, nu, alpha = mod.split(theta_g)
        imp = base.implied(mod.cov_theta(th))
        li = logdet_inv(imp.sigma)
        if li is None:
            return None
        logdet, v = li
        mu = nu + imp.h @ alpha
        d = self.groups[g].mean - mu
        vd = v @ d
        s = prob.s
        f = logdet + float(np.sum(s * v)) - prob.logdet_s - mod.p + float(d @ vd)
        rows = mod._cov_rows
        a, b, sc = base.a_idx[rows], base.b_idx[rows], base.scale[rows]
        u = base.u_matrix(imp)
        w = v - v @ (s + np.outer(d, d)) @ v
        g_cov = 2.0 * sc * (u.T @ w @ u)[a, b]
        jmu = self.mean_jacobian(imp, alpha, len(theta_g))
        n_cov = mod.n_cov
        grad = -2.0 * (jmu.T @ vd)
        grad[:n_cov] += g_cov
        info = np.empty((0, 0))
        if need_info:   # the mean part only over the columns of d mu / d theta that are not 0
            info = np.zeros((len(theta_g), len(theta_g)))
            info[:n_cov, :n_cov] = MLProblem.information_from(u.T @ v @ u, a, b, sc, a, b, sc)
            nz = np.flatnonzero(np.any(jmu != 0.0, axis=0))
            jn = jmu[:, nz]
            info[np.ix_(nz, nz)] += jn.T @ v @ jn
        return GroupEval(f, grad, info, imp.sigma, mu)

    def mean_jacobian(self, imp: Implied, alpha: np.ndarray, q_g: int) -> np.ndarray:
        """``d mu / d theta_g`` (p x q_g) over one group's own parameters."""
        mod, base = self.model, self.model.base
        rows = mod._cov_rows
        aalpha = imp.a @ alpha
        jmu = np.zeros((mod.p, q_g))
        pt = base.partable
        mat, r_, c_ = pt.mat[rows], pt.row[rows], pt.col[rows]
        lam = np.flatnonzero(mat == LAMBDA)
        jmu[r_[lam], lam] = aalpha[c_[lam]]
        bet = np.flatnonzero(mat == BETA)
        if bet.size:
            jmu[:, bet] = imp.h[:, r_[bet]] * aalpha[c_[bet]]
        n_cov = mod.n_cov
        jmu[np.arange(mod.p), n_cov + np.arange(mod.p)] = 1.0
        if q_g > n_cov + mod.p:
            jmu[:, n_cov + mod.p:] = imp.h[:, mod.mean_latents]
        return jmu

    def evaluate(self, theta: np.ndarray, need_info: bool = True, *, assemble: bool = True
                 ) -> tuple[float, np.ndarray, np.ndarray, list[GroupEval]] | None:
        """``(F, dF/dtheta, I, per-group)`` over the constrained vector (``I`` per observation,
        so that the expected Hessian of ``F`` is ``2 I``). With ``assemble=False`` the q x q
        ``I`` is left empty and only the groups' blocks are computed (see :meth:`blocks`)."""
        mod = self.model
        f, grad = 0.0, np.zeros(mod.q)
        evs = []
        for g in range(mod.n_groups):
            idx = mod.index[g]
            ev = self.evaluate_group(g, theta[idx], need_info)
            if ev is None:
                return None
            f += self.weights[g] * ev.f
            grad[idx] += self.weights[g] * ev.grad            # a group's entries are distinct
            evs.append(ev)
        info = self.assemble(evs) if need_info and assemble else np.empty((0, 0))
        return f, grad, info, evs

    def assemble(self, evs: Sequence[GroupEval]) -> np.ndarray:
        """The q x q information from the groups' blocks."""
        mod = self.model
        info = np.zeros((mod.q, mod.q))
        for g, ev in enumerate(evs):
            info[np.ix_(mod.index[g], mod.index[g])] += self.weights[g] * ev.info
        return info

    def blocks(self, evs: Sequence[GroupEval]) -> BlockInformation:
        """The information factored by groups and shared parameters (:mod:`.multigroup_blocks`);
        raises ``LinAlgError`` if it is not positive definite."""
        return BlockInformation(self.model.index, self.model.q,
                                [w * ev.info for w, ev in zip(self.weights, evs)])

    def full_score_information(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Gradient of ``F/2`` and the information over the full (per-group, unconstrained)
        parameters at ``theta``: the inputs of lavaan's score test."""
        mod = self.model
        score = np.zeros(mod.q_full)
        info = np.zeros((mod.q_full, mod.q_full))
        for g in range(mod.n_groups):
            ev = self.evaluate_group(g, theta[mod.index[g]])
            if ev is None:
                raise EstimationError("the model-implied covariance matrix is not positive definite")
            sl = mod.full_slices[g]
            score[sl] = 0.5 * self.weights[g] * ev.grad
            info[sl, sl] = self.weights[g] * ev.info
        return score, info

    # -------------------------------------------------------------- estimation
    def start(self) -> np.ndarray:
        """Start values: each group's one-group start values; intercepts at the group means
        (the mean over groups where held equal); latent means 0."""
        mod = self.model
        theta = np.zeros(mod.q)
        count = np.zeros(mod.q)
        for g, grp in enumerate(self.groups):
            th = start_values(mod.base, grp.cov)[mod.base.partable.free[mod._cov_rows]]
            own = np.concatenate([th, grp.mean, np.zeros(len(mod.index[g]) - mod.n_cov - mod.p)])
            np.add.at(theta, mod.index[g], own)
            np.add.at(count, mod.index[g], 1.0)
        return theta / np.maximum(count, 1.0)

    def fit(self, theta0: np.ndarray | None = None, *, gtol: float = 1e-9,
            max_iter: int = 500, memory: int = 30, refresh: int | None = None
            ) -> tuple[np.ndarray, bool, int]:
        """Minimise ``F`` from ``theta0`` (default :meth:`start`) by L-BFGS preconditioned
        with the expected information (:func:`.multigroup_optimize.fisher_lbfgs`; the
        information is also renewed every ``refresh`` iterations when given).
        Returns ``(theta, converged, iterations)``; converged when ``max |g| < gtol``."""
        theta = self.start() if theta0 is None else np.array(theta0, dtype=float)
        if theta0 is not None and self.evaluate(theta, need_info=False) is None:
            theta = self.start()
        if self.evaluate(theta, need_info=False) is None:
            raise EstimationError("no positive-definite start for the multi-group model")
        return fisher_lbfgs(lambda t: self.evaluate(t, need_info=False), self._factor, theta,
                            gtol=gtol, max_iter=max_iter, memory=memory, refresh=refresh)

    def _factor(self, theta: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        """A solver of ``I x = b`` at ``theta`` (pseudo-inverse if ``I`` is singular)."""
        ev = self.evaluate(theta, assemble=False)
        if ev is None:
            raise EstimationError("the model-implied covariance matrix is not positive definite")
        try:
            return self.blocks(ev[3]).solve
        except (LinAlgError, ValueError):
            pinv = np.linalg.pinv(self.assemble(ev[3]))
            return lambda rhs: pinv @ rhs
