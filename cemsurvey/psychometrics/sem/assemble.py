"""Building a :class:`~.results.CFAResult` from an estimate: SEs, std.all, fit, tables.

Every estimator (ML, MLR, WLSMV, FIML) ends here: :func:`assemble` computes the
expected-information standard errors (``sqrt(diag(I^-1)/N)``), the ``std.all`` solution with
delta-method SEs (:mod:`.standardized`), Heywood and non-positive-definite checks, and
lavaan's ``fitMeasures()`` for ML (:func:`ml_fit_indices`, on the bare formulas of
:mod:`.fit_indices`); :func:`with_acov` swaps in another covariance of the estimates (robust
or observed-information SEs) and recomputes every SE column.
"""

from __future__ import annotations

import dataclasses
import warnings as _warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import (
    ConvergenceWarning,
    EstimationError,
    HeywoodWarning,
    SingularMatrixWarning,
)
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem import fit_indices as fi
from cemsurvey.psychometrics.sem.information import Acov, BlockInverse, information_inverse
from cemsurvey.psychometrics.sem.ml import MLProblem, logdet_inv
from cemsurvey.psychometrics.sem.model import PSI, THETA, Implied
from cemsurvey.psychometrics.sem.results import CFAResult, FitIndices
from cemsurvey.psychometrics.sem.standardized import standardized
from cemsurvey.stats.distributions import chi2_sf, norm_sf

__all__ = ["Fit", "assemble", "declared_psi", "frame", "ml_fit_indices", "with_acov"]


@dataclass
class Fit:
    """An estimate ready to be assembled: the problem, ``theta`` and how the optimiser ended."""

    problem: MLProblem
    theta: np.ndarray
    converged: bool
    iterations: int
    method: str
    message: str
    max_gradient: float


def frame(rows: np.ndarray, pt: Any, est: np.ndarray, se: np.ndarray, std: np.ndarray,
          std_se: np.ndarray, names: tuple[str, str] = ("lhs", "rhs")) -> pd.DataFrame:
    """Rows ``rows`` of the parameter table: ``lhs, rhs, est, se, z, p, std, std_se, free``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = est[rows] / se[rows]
    return pd.DataFrame({
        names[0]: [pt.lhs[r] for r in rows],
        names[1]: [pt.rhs[r] for r in rows],
        "est": est[rows], "se": se[rows], "z": z,
        "p": 2.0 * norm_sf(np.abs(z)),
        "std": std[rows], "std_se": std_se[rows],
        "free": pt.free[rows] >= 0,
    })


def assemble(fit: Fit, st: LatentStructure, level: str, identification: str, missing: str,
             issues: list[str]) -> CFAResult:
    """The :class:`~.results.CFAResult` of an ML estimate (expected-information SEs, std.all,
    fit indices, warnings for non-convergence, Heywood cases and singular matrices)."""
    problem = fit.problem
    model = problem.model
    pt = model.partable
    n = problem.n
    theta = fit.theta
    ev = problem.evaluate(theta)
    if ev is None:
        raise EstimationError("the estimates imply a non-positive-definite covariance matrix; "
                              "the model could not be fitted (check for a misspecified structure)")
    f, imp, inv = ev

    def warn(cls: type[Warning], msg: str) -> None:
        issues.append(msg)
        _warnings.warn(cls(msg), stacklevel=4)

    if not fit.converged:
        warn(ConvergenceWarning, f"ML estimation did not converge ({fit.message}; largest gradient "
                                 f"{fit.max_gradient:.2g}); estimates and fit are unreliable — check "
                                 f"for Heywood cases, weak or near-duplicate items, or a too-small n")
    info_inv = information_inverse(problem, imp, inv)  # Cholesky or blocks: no eigendecomposition
    acov = (None if info_inv is None else
            Acov(blocks=info_inv, scale=1.0 / n) if isinstance(info_inv, BlockInverse) else
            Acov(info_inv / n))
    if acov is None:
        warn(SingularMatrixWarning, "the information matrix is singular: the model is not "
                                    "identified (or empirically under-identified); standard "
                                    "errors are not available — check one- or two-indicator "
                                    "factors and near-zero factor correlations")
    se_free = np.sqrt(np.maximum(acov.diag(), 0.0)) if acov is not None else np.full(model.q, np.nan)
    est = model.values(theta)
    se = np.full(len(pt), np.nan)
    fr = model._free_rows
    se[fr] = se_free[pt.free[fr]]
    std, std_se = standardized(model, theta, imp, acov)

    # Heywood cases and non-positive-definite matrices
    var_rows = np.flatnonzero((pt.row == pt.col) & ((pt.mat == THETA) | (pt.mat == PSI)))
    neg = [pt.lhs[r] for r in var_rows if est[r] < 0]
    if neg:
        warn(HeywoodWarning, f"negative variance estimate for {', '.join(neg[:8])} (Heywood case): "
                             f"the model is misspecified or the sample too small; check these "
                             f"items/constructs, consider dropping or merging them")
    load_rows = np.flatnonzero(np.array([o == "=~" for o in pt.op]))
    big = [f"{pt.lhs[r]}=~{pt.rhs[r]}" for r in load_rows if abs(std[r]) > 1.0]
    if big:
        warn(HeywoodWarning, f"standardized loading above 1 for {', '.join(big[:8])} (Heywood "
                             f"case): check for redundant constructs or items")
    if np.linalg.eigvalsh(imp.m)[0] < -1e-10:
        warn(SingularMatrixWarning, "the implied latent covariance matrix is not positive definite "
                                    "(a factor correlation beyond +-1): two constructs may be one; "
                                    "check the factor correlations")

    fit_ix = ml_fit_indices(problem, f, imp, inv)

    params = frame(np.arange(len(pt)), pt, est, se, std, std_se)
    params.insert(1, "op", list(pt.op))
    load = frame(load_rows, pt, est, se, std, std_se, ("construct", "item"))
    obs_var = np.flatnonzero((pt.mat == THETA) & (pt.row == pt.col))
    rv = frame(obs_var, pt, est, se, std, std_se).set_index("lhs").drop(columns=["rhs"])
    rv.index.name = "item"
    rc_rows = np.flatnonzero((pt.row != pt.col) & ((pt.mat == THETA) |
                             ((pt.mat == PSI) & np.isin(np.arange(len(pt)), declared_psi(pt, st)))))
    rcov = frame(rc_rows, pt, est, se, std, std_se)
    reg_rows = np.flatnonzero(np.array([o == "~" for o in pt.op], dtype=bool))
    regs = frame(reg_rows, pt, est, se, std, std_se)
    lat = list(model.latents)
    cov = pd.DataFrame(imp.m, index=lat, columns=lat)
    d = np.sqrt(np.abs(np.diag(imp.m)))
    with np.errstate(divide="ignore", invalid="ignore"):
        cor = pd.DataFrame(imp.m / np.outer(d, d), index=lat, columns=lat)
    obs = list(model.observed)
    r2 = dict(zip(obs, 1.0 - rv.loc[obs, "std"].to_numpy(dtype=float)))
    endo = set(st.endogenous)
    for k, name in enumerate(lat):
        if name in endo:
            r2[name] = 1.0 - imp.psi[k, k] / imp.m[k, k]
    return CFAResult(
        converged=fit.converged, n=n, level=level, estimator="ML",
        identification=model.identification, missing=missing,
        loadings=load, factor_covariances=cov, factor_correlations=cor,
        residual_variances=rv, residual_covariances=rcov, regressions=regs,
        parameters=params, fit=fit_ix,
        implied_cov=pd.DataFrame(imp.sigma, index=obs, columns=obs),
        sample_cov=pd.DataFrame(problem.s, index=obs, columns=obs),
        r2=pd.Series(r2, dtype=float), warnings=tuple(issues), iterations=fit.iterations,
        optimizer=fit.method, theta=theta, vcov=acov, problem=problem,
    )


def declared_psi(pt: Any, st: LatentStructure) -> list[int]:
    """Parameter-table rows of the latent covariances the structure declares."""
    pairs = {frozenset(p) for p in st.residual_covariances}
    return [r for r in range(len(pt)) if pt.mat[r] == PSI and frozenset((pt.lhs[r], pt.rhs[r])) in pairs]


def ml_fit_indices(problem: MLProblem, f: float, imp: Implied, inv: np.ndarray) -> FitIndices:
    """lavaan's ``fitMeasures()`` of an ML fit with discrepancy ``f`` = F_ML at the estimate.

    ``chi2 = N F_ML``; the baseline is the independence model (``N (sum log s_ii - log|S|)``
    on ``p (p - 1) / 2`` df); log-likelihoods of the model and the saturated model under
    normality; formulas in :mod:`.fit_indices`.
    """
    model = problem.model
    n, p = problem.n, model.p
    df = p * (p + 1) // 2 - model.q
    chi2 = n * f
    s = problem.s
    base_chi2 = n * (float(np.sum(np.log(np.diag(s)))) - problem.logdet_s)
    base_df = p * (p - 1) // 2
    logdet_sig = logdet_inv(imp.sigma)[0]  # type: ignore[index]
    ll = fi.loglik_normal(logdet_sig, float(np.sum(s * inv)), p, n)
    ll1 = fi.loglik_normal(problem.logdet_s, float(p), p, n)
    lo, hi = fi.rmsea_ci(chi2, df, n)
    ic = fi.information_criteria(ll, model.q, n)
    fit_ix = FitIndices(
        chi2=chi2, df=df, p=float(chi2_sf(chi2, df)) if df > 0 else float("nan"),
        baseline_chi2=base_chi2, baseline_df=base_df, baseline_p=float(chi2_sf(base_chi2, base_df)),
        cfi=fi.cfi(chi2, df, base_chi2, base_df), tli=fi.tli(chi2, df, base_chi2, base_df),
        rmsea=fi.rmsea(chi2, df, n), rmsea_ci_lower=lo, rmsea_ci_upper=hi,
        rmsea_pclose=fi.rmsea_pclose(chi2, df, n), srmr=fi.srmr_bentler(s, imp.sigma),
        loglik=ll, loglik_h1=ll1, aic=ic["aic"], bic=ic["bic"], sabic=ic["sabic"],
        npar=model.q, n=n, fmin=f / 2.0,
    )
    return fit_ix


def with_acov(result: Any, acov: np.ndarray, estimator: str, scaled_fit: dict[str, float],
              extra_warnings: tuple[str, ...] = ()) -> Any:
    """A copy of a ``CFAResult`` with standard errors (and std.all SEs) from ``acov``."""
    problem = result.problem
    model = problem.model
    pt = model.partable
    theta = result.theta
    imp = model.implied(theta)
    se_free = np.sqrt(np.maximum(np.diag(acov), 0.0))
    se = np.full(len(pt), np.nan)
    fr = model._free_rows
    se[fr] = se_free[pt.free[fr]]
    _, std_se = standardized(model, theta, imp, Acov(acov))
    par = result.parameters.copy()
    par["se"] = se
    par["std_se"] = std_se
    with np.errstate(divide="ignore", invalid="ignore"):
        par["z"] = par["est"] / par["se"]
    par["p"] = 2.0 * norm_sf(np.abs(par["z"]))
    cols = ["se", "z", "p", "std_se"]
    key = {(a, o, b): k for k, (a, o, b) in enumerate(zip(par["lhs"], par["op"], par["rhs"]))}

    def update(df: pd.DataFrame, lhs: str, op: str | None, rhs: str, index_is_lhs: bool = False) -> pd.DataFrame:
        out = df.copy()
        for r, (ix, row) in enumerate(df.iterrows()):
            lh = ix if index_is_lhs else row[lhs]
            rh = lh if index_is_lhs else row[rhs]
            ops = [op] if op else ["~~", "~"]
            for o in ops:
                k = key.get((lh, o, rh))
                if k is not None:
                    out.iloc[r, [out.columns.get_loc(c) for c in cols]] = par.loc[k, cols].to_numpy(float)
                    break
        return out

    return dataclasses.replace(
        result, estimator=estimator, vcov=Acov(acov), parameters=par,
        loadings=update(result.loadings, "construct", "=~", "item"),
        residual_variances=update(result.residual_variances, "", "~~", "", index_is_lhs=True),
        residual_covariances=update(result.residual_covariances, "lhs", "~~", "rhs"),
        regressions=update(result.regressions, "lhs", "~", "rhs"),
        scaled_fit=scaled_fit, warnings=tuple(result.warnings) + tuple(extra_warnings),
    )
