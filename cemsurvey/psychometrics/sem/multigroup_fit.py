"""Fitting a multi-group model to data: moments by group, fit indices, estimates, score tests.

Fit indices follow lavaan 0.6 for several groups with a mean structure:

* ``chi2 = N F`` on ``df = G (p(p+1)/2 + p) - q``;
* baseline: independence within each group with free means and variances,
  ``chi2_0 = sum_g n_g (sum_i log s_ii - log|S_g|)`` on ``G p(p-1)/2`` df; CFI and TLI from them;
* ``RMSEA = sqrt(max(chi2 - df, 0) / (df N)) sqrt(G)`` (Steiger 1998), its 90% interval likewise;
* SRMR: per group the root mean square of the standardized covariance residuals (lower
  triangle) and mean residuals ``(ybar_i - mu_i)/sqrt(s_ii)``, averaged with weights ``n_g/N``;
* log-likelihood, AIC and BIC with ``N`` the total.

The score test of releasing an equality constraint is lavaan's ``lavTestScore``: with the
gradient ``s`` of ``F/2`` and the information ``I`` over the unconstrained per-group
parameters and ``R`` the constraint rows, ``X2_r = N s' [Z_{-r}^{-1}]_{11} s`` where
``Z_{-r} = [[I, R_{-r}'], [R_{-r}, 0]]``. Since ``[Z_{-r}^{-1}]_{11} = T (T' I T)^{-1} T'`` for
a basis ``T`` of the parameters that satisfy ``R_{-r}``, this is the score statistic of the
model with constraint ``r`` released, written with the constrained vector plus one
parameter ``delta = theta_gj - theta_k`` (group ``g``'s copy ``j`` of shared parameter
``k``). With ``u = I_c^{-1} g_c`` on the constrained vector (``g_c`` the gradient of ``F/2``,
``I_c`` the information), ``delta``'s score ``s_d = w_g g_gj / 2``, information column
``c = w_g I_g[., j]`` and diagonal ``d = w_g I_g[j, j]``:
``X2_r = N [g_c' u + (s_d - c' u)^2 / (d - c' I_c^{-1} c)]``. One factorization of
``I_c`` (the model's own information, :mod:`.multigroup_blocks`) serves every ``r``.

Verified against lavaan (``fitMeasures``, ``parameterEstimates``, ``lavTestScore``) in
tests/psychometrics/sem/test_multigroup.py at 1e-4 relative or tighter.

References
----------
Steiger, J. H. (1998). A note on multiple sample extensions of the RMSEA fit index.
*Structural Equation Modeling* 5(4), 411-419.
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *J. Stat. Softw.* 48(2).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.linalg import LinAlgError

from cemsurvey.errors import ConvergenceWarning, DataError, EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import fit_indices as fx
from cemsurvey.psychometrics.sem.ml import logdet_inv
from cemsurvey.psychometrics.sem.multigroup import (
    GroupMoments,
    MultiGroupModel,
    MultiGroupProblem,
    Param,
)
from cemsurvey.psychometrics.sem.multigroup_robust import mlr_multigroup
from cemsurvey.stats.distributions import chi2_sf


def group_moments(data: pd.DataFrame, items: Sequence[str], group: pd.Series | np.ndarray,
                  labels: Sequence[str] | None = None) -> list[GroupMoments]:
    """Means and covariances (divisor ``n_g``) of ``items`` by group, complete cases within
    each group (lavaan's default ``missing = "listwise"``), groups in order of appearance
    unless ``labels`` gives the order."""
    g = pd.Series(np.asarray(group), index=data.index)
    x = data[list(items)].apply(pd.to_numeric, errors="coerce")
    keep = x.notna().all(axis=1) & g.notna()
    x, g = x[keep], g[keep]
    order = list(labels) if labels is not None else list(pd.unique(g))
    out = []
    for lab in order:
        arr = x[g == lab].to_numpy(dtype=float)
        if arr.shape[0] < 2:
            raise DataError(f"group {lab!r} has {arr.shape[0]} complete respondent(s); "
                            f"a group needs many more to be analysed")
        out.append(GroupMoments(str(lab), arr.shape[0], arr.mean(axis=0),
                                np.cov(arr, rowvar=False, bias=True), arr))
    return out


@dataclass(frozen=True)
class MultiGroupFit:
    """A fitted multi-group model.

    Attributes
    ----------
    fit
        ``chisq, df, pvalue, cfi, tli, rmsea, rmsea_ci_lower, rmsea_ci_upper, srmr, logl,
        aic, bic, npar, baseline_chisq, baseline_df, n``.
    estimates
        One row per parameter and group: ``lhs, op, rhs, group, est, se`` (``se`` NaN for
        fixed parameters).
    converged, iterations
        Optimizer outcome.
    equal, released
        The equality classes and the released parameter keys.
    """

    fit: dict[str, float]
    estimates: pd.DataFrame
    converged: bool
    iterations: int
    equal: tuple[str, ...]
    released: tuple[str, ...]
    groups: tuple[str, ...]
    theta: np.ndarray = field(repr=False)
    problem: MultiGroupProblem = field(repr=False)
    estimator: str = "ML"

    def score_tests(self, kinds: Iterable[str] | None = None) -> pd.DataFrame:
        """Univariate score tests (lavaan's ``lavTestScore``) of the equality constraints,
        optionally only those of the given ``kinds`` (e.g. ``{"intercepts"}``): columns
        ``key, kind, group, X2, df, p``, largest first."""
        prob = self.problem
        mod = prob.model
        kinds = None if kinds is None else set(kinds)
        rows = [r for r in mod.constraint_rows() if kinds is None or mod.params[r[0]].kind in kinds]
        cols = ["key", "kind", "group", "X2", "df", "p"]
        if not rows:
            return pd.DataFrame(columns=cols)
        ev = prob.evaluate(self.theta, assemble=False)
        if ev is None:
            raise EstimationError("the model-implied covariance matrix is not positive definite")
        _, grad, _, evs = ev
        # releasing the constraint of group g's copy j of shared parameter k adds
        # delta = theta_gj - theta_k: score s = w_g g_gj / 2, information column
        # c = w_g I_g[:, j] (on the constrained vector) and diagonal d = w_g I_g[j, j]
        c = np.zeros((mod.q, len(rows)))
        s, d = np.empty(len(rows)), np.empty(len(rows))
        for col, (_, g, j) in enumerate(rows):
            w = prob.weights[g]
            c[mod.index[g], col] = w * evs[g].info[:, j]
            d[col] = w * evs[g].info[j, j]
            s[col] = 0.5 * w * evs[g].grad[j]
        try:
            blk = prob.blocks(evs)
            u, cic = blk.solve(0.5 * grad), np.sum(c * blk.solve(c), axis=0)
        except (LinAlgError, ValueError):
            pinv = np.linalg.pinv(prob.assemble(evs))
            u, cic = pinv @ (0.5 * grad), np.sum(c * (pinv @ c), axis=0)
        den = d - cic
        with np.errstate(divide="ignore", invalid="ignore"):
            x2 = np.where(den > 1e-12 * d, prob.n * (0.5 * grad @ u + (s - u @ c) ** 2 / den),
                          np.nan)
        out = pd.DataFrame({
            "key": [mod.params[a].key for a, _, _ in rows],
            "kind": [mod.params[a].kind for a, _, _ in rows],
            "group": [self.groups[g] for _, g, _ in rows], "X2": x2, "df": 1,
            "p": chi2_sf(x2, 1)}, columns=cols)
        return out.sort_values("X2", ascending=False, kind="stable").reset_index(drop=True)


def srmr_group(grp, sigma: np.ndarray, mu: np.ndarray) -> float:
    """lavaan's SRMR of one group (means included): the root mean square of the residual
    correlations ``(S - Sigma) / (d d')`` over the lower triangle with the diagonal and of
    the standardized mean residuals ``(m - mu) / d``, ``d = sqrt(diag S)``; ``grp`` holds the
    sample (or, under FIML, the EM-estimated) moments ``cov`` and ``mean``."""
    d = np.sqrt(np.diag(grp.cov))
    r = (grp.cov - sigma) / np.outer(d, d)
    il = np.tril_indices(len(d))
    m = (grp.mean - mu) / d
    return math.sqrt((float(np.sum(r[il] ** 2)) + float(np.sum(m**2))) / (len(il[0]) + len(d)))


def _fit_measures(prob: MultiGroupProblem, f: float, evs: list) -> dict[str, float]:
    mod = prob.model
    n, g_n, p = prob.n, mod.n_groups, mod.p
    chi2 = n * f
    df = g_n * (p * (p + 1) // 2 + p) - mod.q
    base = sum(grp.n * (float(np.sum(np.log(np.diag(grp.cov)))) - logdet_inv(grp.cov)[0])
               for grp in prob.groups)
    df0 = g_n * p * (p - 1) // 2
    logl = 0.0
    for grp, ev in zip(prob.groups, evs):
        ld, v = logdet_inv(ev.sigma)
        dd = grp.mean - ev.mu
        logl += -0.5 * grp.n * (p * math.log(2 * math.pi) + ld + float(np.sum(grp.cov * v))
                                + float(dd @ v @ dd))
    lo, hi = fx.rmsea_ci(chi2, df, n)
    ic = fx.information_criteria(logl, mod.q, n)
    return {
        "chisq": chi2, "df": float(df),
        "pvalue": float(chi2_sf(chi2, df)) if df > 0 else float("nan"),
        "cfi": fx.cfi(chi2, df, base, df0), "tli": fx.tli(chi2, df, base, df0),
        "rmsea": fx.rmsea(chi2, df, n) * math.sqrt(g_n),
        "rmsea_ci_lower": lo * math.sqrt(g_n), "rmsea_ci_upper": hi * math.sqrt(g_n),
        "srmr": float(sum(w * srmr_group(grp, ev.sigma, ev.mu)
                          for w, grp, ev in zip(prob.weights, prob.groups, evs))),
        "logl": logl, "aic": ic["aic"], "bic": ic["bic"], "npar": float(mod.q),
        "baseline_chisq": base, "baseline_df": float(df0), "n": float(n),
    }


def estimates_table(prob: MultiGroupProblem, theta: np.ndarray, se: np.ndarray,
                    labels: Sequence[str]) -> pd.DataFrame:
    """One row per parameter and group (``lhs, op, rhs, group, est, se``), lavaan's
    ``parameterEstimates`` layout; ``se`` NaN for fixed parameters."""
    mod = prob.model
    base = mod.base
    pt = base.partable
    rows = []
    for g in range(mod.n_groups):
        own = theta[mod.index[g]]
        own_se = se[mod.index[g]]
        th, nu, alpha = mod.split(own)
        values = base.values(mod.cov_theta(th))
        free_pos = {int(r): j for j, r in enumerate(mod._cov_rows)}
        for r in range(len(pt)):
            j = free_pos.get(r)
            rows.append((pt.lhs[r], pt.op[r], pt.rhs[r], labels[g], float(values[r]),
                         float(own_se[j]) if j is not None else float("nan")))
        for i, v in enumerate(base.observed):
            rows.append((v, "~1", "", labels[g], float(nu[i]), float(own_se[mod.n_cov + i])))
        for k, f in enumerate(base.latents):
            free = mod.free_means and g > 0 and k in mod.mean_latents
            pos = mod.n_cov + mod.p + mod.mean_latents.index(k) if free else None
            rows.append((f, "~1", "", labels[g], float(alpha[k]),
                         float(own_se[pos]) if pos is not None else float("nan")))
    return pd.DataFrame(rows, columns=["lhs", "op", "rhs", "group", "est", "se"])


def check_estimator(estimator: str) -> None:
    """Raise :class:`EstimationError` unless ``estimator`` is ``"ML"`` or ``"MLR"``."""
    if estimator not in ("ML", "MLR"):
        raise EstimationError(f"estimator must be 'ML' or 'MLR' for multi-group models, "
                              f"got {estimator!r}")


def evaluated(prob, theta: np.ndarray, converged: bool, its: int, equal: tuple[str, ...],
              kind: str = "multi-group model", **options) -> tuple[float, list]:
    """``prob.evaluate(theta, **options)`` at the optimum as ``(f, per-group evaluations)``;
    an error when the implied covariance is not positive definite and a
    :class:`ConvergenceWarning` (naming ``kind`` and its equality classes) when the
    optimizer did not converge."""
    ev = prob.evaluate(theta, **options)
    if ev is None:
        raise EstimationError("the multi-group model's implied covariance is not positive definite")
    if not converged:
        warnings.warn(ConvergenceWarning(
            f"the {kind} ({', '.join(equal) or 'configural'}) did not converge in {its} "
            "iterations; its fit may be wrong: check the items and group sizes"), stacklevel=3)
    return ev[0], ev[3]


def assembled(prob, theta: np.ndarray, acov: np.ndarray, measures: dict[str, float],
              converged: bool, its: int, equal: tuple[str, ...], released: tuple[str, ...],
              groups: Sequence, estimator: str) -> MultiGroupFit:
    """The :class:`MultiGroupFit` of a fit: SEs from the diagonal of ``acov`` (negative
    rounding clipped to 0) and the estimates table by group label."""
    se = np.sqrt(np.clip(np.diag(acov), 0.0, None))
    labels = [g.label for g in groups]
    return MultiGroupFit(measures, estimates_table(prob, theta, se, labels), converged, its, equal,
                         released, tuple(labels), theta, prob, estimator)


def fit_multigroup(groups: Sequence[GroupMoments], structure: LatentStructure, *,
                   equal: Iterable[str] = (), released: Iterable[str] = (),
                   warm: MultiGroupFit | None = None, estimator: str = "ML",
                   standard_errors: bool = True) -> MultiGroupFit:
    """Fit ``structure`` to every group at once under lavaan's ``group.equal`` classes.

    Parameters
    ----------
    groups
        Sample moments by group (:func:`group_moments`).
    structure
        The configural model.
    equal
        Equality classes (:data:`.multigroup.EQUALITY_CLASSES`), e.g. ``("loadings",
        "intercepts")`` for scalar invariance; latent means are free in every group but the
        first as soon as intercepts are equal.
    released
        Parameter keys exempt from the equalities (partial invariance).
    warm
        A fit of a neighbouring model (another level, fewer releases) to start from.
    standard_errors
        Compute SEs (an inverse of the information); ``False`` for intermediate fits
        whose estimates are not shown (SEs then NaN; MLR computes its own).
    estimator
        ``"ML"`` or ``"MLR"`` (robust SEs; scaled and robust fit indices under lavaan's
        names with ``_`` for ``.``, e.g. ``chisq_scaled``, ``cfi_robust``, and
        ``chisq_scaling_factor``).
    """
    check_estimator(estimator)
    equal, released = tuple(equal), tuple(sorted(released))
    mod = MultiGroupModel(structure, len(groups), equal, released)
    prob = MultiGroupProblem(mod, groups)
    theta0 = None
    if warm is not None:   # start values only for parameters the warm fit does not have
        theta0 = mod.theta_from(warm.problem.model.full_values(warm.theta), None)
        if np.isnan(theta0).any():
            theta0 = np.where(np.isnan(theta0), prob.start(), theta0)
    theta, converged, its = prob.fit(theta0)
    f, evs = evaluated(prob, theta, converged, its, equal, need_info=standard_errors,
                       assemble=False)
    measures = _fit_measures(prob, f, evs)
    acov = np.full((mod.q, mod.q), np.nan)
    if standard_errors:    # only the SEs are kept: the diagonal of I^-1 suffices
        try:
            acov = np.diag(prob.blocks(evs).inverse_diagonal()) / prob.n
        except (LinAlgError, ValueError):
            pass
    if estimator == "MLR":
        rob = mlr_multigroup(prob, theta, measures["chisq"], measures["df"],
                             measures["baseline_chisq"], measures["baseline_df"])
        acov = rob.acov
        measures.update({k.replace(".", "_"): v for k, v in rob.fit.items()})
    return assembled(prob, theta, acov, measures, converged, its, equal, released, groups,
                     estimator)


__all__ = ["GroupMoments", "MultiGroupFit", "Param", "fit_multigroup", "group_moments"]
