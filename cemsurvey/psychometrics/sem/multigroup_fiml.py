"""Multi-group models under missing answers: full-information ML (FIML) by group.

Group ``g`` keeps every respondent with at least one answer (lavaan's ``missing = "ml"``);
its rows are grouped by missingness pattern ``k`` (observed items ``o``, ``n_k`` rows, mean
``ybar_k``, covariance ``S_k``, divisor ``n_k``). With the structured moments of
:mod:`.multigroup` (``mu_g = nu_g + Lambda_g A_g alpha_g``, ``Sigma_g``), the group's
casewise log-likelihood is

.. math::

    -2\\ell_g = \\sum_k n_k \\big[p_o \\log 2\\pi + \\log|\\Sigma_{oo}|
       + \\operatorname{tr}(\\Sigma_{oo}^{-1} T_k)\\big],
       \\qquad T_k = S_k + (\\bar y_k - \\mu_o)(\\bar y_k - \\mu_o)^\\top,

and the discrepancy minimised is ``F = sum_g (-2 l_g + 2 l_g^{H1}) / N`` (``l^{H1}`` the
saturated model's maximum, fitted by EM), so that ``chi2 = N F = 2 (l_H1 - l_H0)``, lavaan's
statistic. The gradient chains the pattern sums of :class:`.fiml.FIMLProblem`
(``d(-2l)/dSigma`` and ``d(-2l)/dmu``) through the multi-group parameter map: covariance
parameters by the engine's derivative index, mean-structure parameters by ``d mu/d theta``
(:meth:`.multigroup.MultiGroupProblem.mean_jacobian`); equality constraints (``group.equal``,
``group.partial``) share entries of the estimated vector exactly as for complete data.

Estimation: Newton steps with the observed information from the complete-data ML fit to the
EM moments (or a neighbouring level); Fisher scoring as fallback, with the expected
information under missing data at the model-implied moments (lavaan's
``h1.information = "structured"``): per pattern
``n_k [J_o' Sigma_oo^-1 J_o + 1/2 tr(Sigma_oo^-1 dSigma_oo Sigma_oo^-1 dSigma_oo)]``.
Standard errors: the inverse observed information (lavaan's default with missing data,
``information = "observed"``, ``observed.information = "hessian"``): the analytic pattern
Hessian of :meth:`.fiml.FIMLProblem.hessian` chained through ``(mu, theta_cov)`` plus the
second derivatives of the mean structure (equal to central differences of the analytic
gradient to 5e-10). The score tests of :meth:`.multigroup_fit.MultiGroupFit.score_tests`
use the expected information, as ``lavTestScore``'s default ``information = "expected"``.

Fit measures (lavaan's ``fitMeasures`` with ``missing = "ml"``): ``chi2`` on
``df = G (p(p+1)/2 + p) - q``; baseline: independence with free means and variances by FIML
(it factorises over items: each item's mean and divisor-n variance of its answers), CFI and
TLI from it; ``RMSEA = sqrt(max(chi2/(N df) - 1/N, 0)) sqrt(G)`` and its 90% interval likewise
(Steiger 1998); SRMR per group from the EM (H1) moments, residual covariances and means
standardized by the EM standard deviations, averaged with weights ``n_g / N``; log-likelihood,
AIC and BIC with ``N`` the total. MLR: :mod:`.multigroup_fiml_robust`.

Verified against lavaan 0.6.14 ``cfa(..., group =, group.equal =, missing = "ml")`` on
HolzingerSwineford1939 by school with 10% MCAR gaps per item and psychTools::bfi by gender
with its own gaps (tests/invariance/test_invariance_fiml.py; reference script
tests/reference/invariance_fiml_reference.R), ML and MLR: every fit index of every level
within 2.3e-5 relative, estimates and SEs within 1e-4 (bfi configural 2.2e-4, where lavaan
stops short of the optimum), ``lavTestLRT`` differences within 1e-5, ``lavTestScore``
within 1e-4.

References
----------
Arbuckle, J. L. (1996). Full information estimation in the presence of incomplete data. In
Marcoulides & Schumacker (eds.), *Advanced Structural Equation Modeling*. Erlbaum.
Steiger, J. H. (1998). A note on multiple sample extensions of the RMSEA fit index.
*Structural Equation Modeling* 5(4), 411-419.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import ConvergenceWarning, DataError, EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import fit_indices as fx
from cemsurvey.psychometrics.sem.fiml import FIMLProblem
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.multigroup import GroupEval, MultiGroupModel, MultiGroupProblem
from cemsurvey.psychometrics.sem.multigroup_fiml_robust import mlr_fiml
from cemsurvey.psychometrics.sem.multigroup_fit import (
    GroupMoments,
    MultiGroupFit,
    assembled,
    check_estimator,
    evaluated,
    fit_multigroup,
    srmr_group,
)
from cemsurvey.psychometrics.sem.robust import gradient_jacobian
from cemsurvey.stats.distributions import chi2_sf
from cemsurvey.stats.em import Patterns, em_saturated, patterns

__all__ = ["FIMLGroup", "MultiGroupFIMLProblem", "fiml_groups", "fit_groups",
           "fit_multigroup_fiml", "needs_fiml"]

_LOG2PI = math.log(2.0 * math.pi)
#: Most EM iterations for a group's saturated (H1) model, lavaan's ``em.h1.iter.max``: with
#: many items and few respondents per group EM crawls (80 items, 124 respondents: thousands
#: of iterations of a few ms each), and lavaan stops there too.
EM_MAX_ITER = 500


@dataclass(frozen=True)
class FIMLGroup:
    """One group's answers with gaps: ``data`` (n x p, NaN = missing; rows with every answer
    missing removed), its missingness patterns, the EM (H1) means and covariance (``mean``,
    ``cov``) and the log-likelihoods of the saturated and the independence model."""

    label: str
    n: int
    mean: np.ndarray
    cov: np.ndarray
    data: np.ndarray
    pat: Patterns
    logl_h1: float
    logl_baseline: float
    dropped: int = 0          # rows with every answer missing (lavaan drops them too)


def _baseline_logl(x: np.ndarray) -> float:
    total = 0.0
    for j in range(x.shape[1]):
        y = x[:, j][np.isfinite(x[:, j])]
        total += -0.5 * y.size * (_LOG2PI + math.log(y.var()) + 1.0)
    return total


def fiml_groups(data: pd.DataFrame, items: Sequence[str], group: pd.Series | np.ndarray,
                labels: Sequence[str] | None = None) -> list[FIMLGroup]:
    """The answers of ``items`` by group for FIML: every respondent with a group label and at
    least one answer; groups in order of appearance unless ``labels`` gives the order."""
    g = pd.Series(np.asarray(group, dtype=object), index=data.index)
    x = data[list(items)].apply(pd.to_numeric, errors="coerce")
    order = list(labels) if labels is not None else list(pd.unique(g.dropna()))
    out = []
    for lab in order:
        arr = x[(g == lab).to_numpy()].to_numpy(dtype=float)
        empty = ~np.isfinite(arr).any(axis=1)
        arr = arr[~empty]
        few = [str(c) for c, k in zip(items, np.isfinite(arr).sum(axis=0)) if k < 2]
        if arr.shape[0] < 2 or few:
            why = (f"item(s) {', '.join(few[:10])} have fewer than two answers in it" if few
                   else f"it has {arr.shape[0]} respondent(s) with answers")
            raise DataError(f"group '{lab}' cannot be fitted by FIML: {why}; drop the items "
                            f"or merge the group with another")
        pat = patterns(arr)
        mu, sig, ll1, its = em_saturated(pat, param_tol=1e-10, max_iter=EM_MAX_ITER)
        if not math.isfinite(ll1):
            raise DataError(f"group '{lab}' cannot be fitted by FIML: the EM covariance of its "
                            f"{arr.shape[0]} respondents on {arr.shape[1]} items is singular; "
                            f"merge the group with another or use fewer items")
        if its >= EM_MAX_ITER:
            warnings.warn(ConvergenceWarning(
                f"group '{lab}': the EM estimate of the saturated model did not settle in "
                f"{EM_MAX_ITER} iterations ({arr.shape[0]} respondents, {arr.shape[1]} items); "
                f"the chi-square and the fit indices are approximate: more respondents per "
                f"group or fewer items would help"), stacklevel=2)
        out.append(FIMLGroup(str(lab), arr.shape[0], mu, sig, arr, pat, ll1,
                             _baseline_logl(arr), int(empty.sum())))
    return out


class MultiGroupFIMLProblem(MultiGroupProblem):
    """The FIML problem of a :class:`.multigroup.MultiGroupModel` on groups with gaps.

    The same conventions as :class:`.multigroup.MultiGroupProblem` (``F`` per observation,
    gradient of ``F``, information ``I`` with expected Hessian ``2 I``), so its Fisher
    scoring, score tests and warm starts serve unchanged; ``F_g = (-2 l_g + 2 l_g^{H1})/n_g``.
    """

    def __init__(self, model: MultiGroupModel, groups: Sequence[FIMLGroup]):
        super().__init__(model, groups)       # type: ignore[arg-type]
        self._fiml = [FIMLProblem(model.base, g.pat) for g in groups]
        self._cols = model.base.partable.free[model._cov_rows]

    def evaluate_group(self, g: int, theta_g: np.ndarray, need_info: bool = True
                       ) -> GroupEval | None:
        mod, base = self.model, self.model.base
        grp = self.groups[g]
        th, nu, alpha = mod.split(theta_g)
        bth = mod.cov_theta(th)
        imp = base.implied(bth)
        mu = nu + imp.h @ alpha
        val, grad = self._fiml[g].fun_grad(np.concatenate([mu, bth]))
        if not math.isfinite(val):
            return None
        p, n_cov = mod.p, mod.n_cov
        f = 2.0 * val + 2.0 * grp.logl_h1 / grp.n        # fun_grad gives -l/n
        jmu = self.mean_jacobian(imp, alpha, len(theta_g))
        out = jmu.T @ (2.0 * grad[:p])
        out[:n_cov] += 2.0 * grad[p:][self._cols]
        info = self._expected_information(g, imp, jmu) if need_info else np.empty((0, 0))
        return GroupEval(f, out, info, imp.sigma, mu)

    def _expected_information(self, g: int, imp: Any, jmu: np.ndarray) -> np.ndarray:
        """Expected information per observation under the group's missingness patterns,
        at the model-implied moments: ``sum_k n_k [J_o' V_o J_o + 1/2 tr(V_o dS V_o dS)] / n``
        (``V_o = Sigma_oo^-1``), the covariance part through ``U_o' V_o U_o``."""
        mod, base = self.model, self.model.base
        grp = self.groups[g]
        rows = mod._cov_rows
        a, b, sc = base.a_idx[rows], base.b_idx[rows], base.scale[rows]
        u = base.u_matrix(imp)
        p = mod.p
        mmat = np.zeros((p, p))
        cov = np.zeros((mod.n_cov, mod.n_cov))
        for o, k in zip(grp.pat.obs, grp.pat.n):
            v = np.linalg.inv(imp.sigma[np.ix_(o, o)])
            uo = u[o]
            cov += k * MLProblem.information_from(uo.T @ v @ uo, a, b, sc, a, b, sc)
            mmat[np.ix_(o, o)] += k * v
        info = jmu.T @ mmat @ jmu
        info[:mod.n_cov, :mod.n_cov] += cov
        return info / grp.n

    def fit(self, theta0: np.ndarray | None = None, *, gtol: float = 1e-9,
            max_iter: int = 500, refresh: int = 3) -> tuple[np.ndarray, bool, int]:
        """Newton steps with the observed information and step halving from ``theta0``
        (close to the optimum: the complete-data fit to the EM moments, or a neighbouring
        level); Fisher scoring (:meth:`.multigroup.MultiGroupProblem.fit`) takes over when
        a Newton step is not a descent direction or cannot decrease ``F``."""
        theta = self.start() if theta0 is None else np.array(theta0, dtype=float)
        for it in range(min(max_iter, 30)):
            ev = self.evaluate(theta, need_info=False)
            if ev is None:
                break
            f, grad = ev[0], ev[1]
            if np.max(np.abs(grad)) < gtol:
                return theta, True, it
            try:
                step = np.linalg.solve(self.observed_information(theta), 0.5 * grad)
            except (np.linalg.LinAlgError, EstimationError):
                break
            if not float(grad @ step) > 0:
                break
            t = 1.0
            while t > 1e-6:
                cand = self.evaluate(theta - t * step, need_info=False)
                if cand is not None and cand[0] <= f + 1e-14 * max(1.0, abs(f)):
                    break
                t *= 0.5
            if t <= 1e-6:
                break
            theta = theta - t * step
        return super().fit(theta, gtol=gtol, max_iter=max_iter, refresh=refresh)

    def observed_information(self, theta: np.ndarray) -> np.ndarray:
        """Half the Hessian of ``F`` (the observed information of ``-l`` per observation).

        Per group, with ``x = (mu, theta_cov)`` and ``J = dx/dtheta_g``:
        ``H_g = J' H_x J + d/dtheta_g [(d mu/d theta_g)' g_mu]`` with ``H_x`` the analytic
        pattern Hessian of :meth:`.fiml.FIMLProblem.hessian` and ``g_mu = d(-l_g)/d mu``
        held fixed (the second derivatives of ``mu = nu + Lambda A alpha``, by central
        differences of that cheap map)."""
        mod, base = self.model, self.model.base
        out = np.zeros((mod.q, mod.q))
        p, n_cov = mod.p, mod.n_cov
        for g, grp in enumerate(self.groups):
            idx = mod.index[g]
            th, nu, alpha = mod.split(theta[idx])
            bth = mod.cov_theta(th)
            imp = base.implied(bth)
            x = np.concatenate([nu + imp.h @ alpha, bth])
            fp = self._fiml[g]
            val, gx = fp.fun_grad(x)
            if not math.isfinite(val):
                raise EstimationError("the observed information could not be computed (the "
                                      "implied covariance is not positive definite)")
            jac = np.zeros((p + base.q, idx.size))
            jac[:p] = self.mean_jacobian(imp, alpha, idx.size)
            jac[p + self._cols, np.arange(n_cov)] = 1.0
            gmu = gx[:p] * grp.n

            def mean_term(t: np.ndarray, gmu: np.ndarray = gmu) -> np.ndarray:
                th_, _, al = mod.split(t)
                im = base.implied(mod.cov_theta(th_))
                return self.mean_jacobian(im, al, t.size).T @ gmu

            second = gradient_jacobian(mean_term, theta[idx])
            hg = jac.T @ (fp.hessian(x) * grp.n) @ jac + 0.5 * (second + second.T)
            out[np.ix_(idx, idx)] += hg
        return out / self.n


def fiml_measures(prob: MultiGroupFIMLProblem, f: float, evs: Sequence[GroupEval]
                  ) -> dict[str, float]:
    """Fit measures of a FIML multi-group fit (see the module docstring), keyed as
    :func:`.multigroup_fit.fit_multigroup` keys them, plus ``unrestricted_logl``."""
    mod = prob.model
    n, g_n, p = prob.n, mod.n_groups, mod.p
    chi2 = float(n * f)
    df = g_n * (p * (p + 1) // 2 + p) - mod.q
    ll1 = float(sum(g.logl_h1 for g in prob.groups))
    base = 2.0 * (ll1 - float(sum(g.logl_baseline for g in prob.groups)))
    df0 = g_n * p * (p - 1) // 2
    logl = ll1 - 0.5 * chi2
    lo, hi = fx.rmsea_ci(chi2, df, n)
    ic = fx.information_criteria(logl, mod.q, n)
    root = math.sqrt(g_n)
    out = {
        "chisq": chi2, "df": float(df),
        "pvalue": float(chi2_sf(chi2, df)) if df > 0 else float("nan"),
        "cfi": fx.cfi(chi2, df, base, df0), "tli": fx.tli(chi2, df, base, df0),
        "rmsea": fx.rmsea(chi2, df, n) * root,
        "rmsea_ci_lower": lo * root, "rmsea_ci_upper": hi * root,
        "srmr": float(sum(w * srmr_group(grp, ev.sigma, ev.mu)
                          for w, grp, ev in zip(prob.weights, prob.groups, evs))),
        "logl": logl, "unrestricted_logl": ll1, "aic": ic["aic"], "bic": ic["bic"],
        "npar": float(mod.q), "baseline_chisq": base, "baseline_df": float(df0), "n": float(n),
    }
    return {k: float(v) for k, v in out.items()}


def fit_multigroup_fiml(groups: Sequence[FIMLGroup], structure: LatentStructure, *,
                        equal: Iterable[str] = (), released: Iterable[str] = (),
                        warm: MultiGroupFit | None = None, estimator: str = "ML",
                        standard_errors: bool = True) -> MultiGroupFit:
    """Fit ``structure`` to every group at once by FIML under lavaan's ``group.equal``
    classes: the arguments and the result of :func:`.multigroup_fit.fit_multigroup`
    (``fit`` adds ``unrestricted_logl``; under MLR the scaled and robust indices of
    :mod:`.multigroup_fiml_robust`).

    Examples
    --------
    Metric invariance of Holzinger-Swineford by school with 10% of each item missing
    (lavaan's ``cfa(..., group = "school", group.equal = "loadings", missing = "ml")``
    gives chi-square 99.423 on 54 df, CFI .9405):

    >>> import pandas as pd
    >>> from cemsurvey.instrument.structure import LatentStructure
    >>> hs = pd.read_csv("tests/reference/data/hs_school_gaps.csv")
    >>> st = LatentStructure(observed=tuple(f"x{i}" for i in range(1, 10)),
    ...     latents=("visual", "textual", "speed"),
    ...     indicators={"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"),
    ...                 "speed": ("x7", "x8", "x9")},
    ...     latent_covariances=(("visual", "textual"), ("visual", "speed"), ("textual", "speed")))
    >>> groups = fiml_groups(hs, st.observed, hs["school"], ["Pasteur", "Grant-White"])
    >>> fit = fit_multigroup_fiml(groups, st, equal=("loadings",))
    >>> [g.n for g in groups], round(fit.fit["chisq"], 3), fit.fit["df"], round(fit.fit["cfi"], 4)
    ([156, 145], 99.423, 54.0, 0.9405)
    """
    check_estimator(estimator)
    equal, released = tuple(equal), tuple(sorted(released))
    mod = MultiGroupModel(structure, len(groups), equal, released)
    prob = MultiGroupFIMLProblem(mod, groups)
    if warm is not None:
        theta0 = mod.theta_from(warm.problem.model.full_values(warm.theta), prob.start())
    else:   # the complete-data ML fit to the EM moments: close to the FIML optimum
        theta0 = MultiGroupProblem(mod, groups).fit()[0]  # type: ignore[arg-type]
    theta, converged, its = prob.fit(theta0)
    f, evs = evaluated(prob, theta, converged, its, equal, "multi-group FIML model")
    measures = fiml_measures(prob, f, evs)
    acov = np.full((mod.q, mod.q), np.nan)
    if standard_errors or estimator == "MLR":
        a0 = prob.observed_information(theta)
        try:
            a_inv = np.linalg.inv(a0)
        except np.linalg.LinAlgError:
            raise EstimationError("the observed information matrix is singular: the "
                                  "multi-group model is not identified") from None
        acov = a_inv / prob.n
        if estimator == "MLR":
            rob = mlr_fiml(prob, theta, a_inv, measures)
            acov = rob.acov
            measures.update({k.replace(".", "_"): v for k, v in rob.fit.items()})
    return assembled(prob, theta, acov, measures, converged, its, equal, released, groups,
                     estimator)


def fit_groups(groups: Sequence[GroupMoments] | Sequence[FIMLGroup], structure: LatentStructure,
               **options: Any) -> MultiGroupFit:
    """:func:`fit_multigroup_fiml` for groups with gaps (:class:`FIMLGroup`), else the
    complete-data :func:`.multigroup_fit.fit_multigroup`; the same keyword arguments."""
    if groups and isinstance(groups[0], FIMLGroup):
        return fit_multigroup_fiml(groups, structure, **options)  # type: ignore[arg-type]
    return fit_multigroup(groups, structure, **options)  # type: ignore[arg-type]


def needs_fiml(data: pd.DataFrame, items: list[str], group: pd.Series, missing: str) -> bool:
    """Whether multi-group fits use FIML: ``missing`` is ``"fiml"``, or ``"auto"`` and
    an item of a grouped respondent has a missing answer."""
    if missing not in ("auto", "fiml", "listwise"):
        raise DataError(f"missing-data policy must be 'auto', 'fiml' or 'listwise' for "
                        f"multi-group models, got {missing!r}")
    if missing == "listwise":
        return False
    x = data.loc[group.notna().to_numpy(), items].apply(pd.to_numeric, errors="coerce")
    return bool(x.isna().to_numpy().any())
