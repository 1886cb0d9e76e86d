"""Covariance-based structural equation modelling (CB-SEM) of the instrument's hypotheses.

``fit_cbsem`` fits lavaan's ``sem()`` model of an instrument: the measurement model (one
factor per construct; a dimension named in ``paths`` becomes a second-order factor of its
constructs), the latent regressions of ``paths`` (or the paradigm default), the residual
covariances of ``covariances:``, with lavaan's defaults (marker identification, exogenous
latent variables covary, disturbances do not; see
:func:`~cemsurvey.instrument.structure.latent_structure`). Estimation is
:func:`~cemsurvey.psychometrics.sem.cfa.fit_cfa` at level ``"structural"`` (ML, expected
information SEs, ``std.all``, every fit index).

On top of the fit it reports, for the hypothesis table shared with PLS
(:class:`~cemsurvey.psychometrics.sem.structural_result.StructuralResult`):

* each path's unstandardized estimate with its ML standard error, ``z = est / se`` and p
  (normal, one- or two-tailed), the standardized (``std.all``) coefficient and a
  confidence interval (bootstrap percentile or bias-corrected when ``bootstrap > 0``,
  Wald ``est +- z_q se`` otherwise);
* R^2 of every endogenous latent variable, ``1 - psi_yy / var(eta_y)``, and its adjusted value;
* direct, indirect and total effects, ``B``, ``(I - B)^-1 - I - B`` and ``(I - B)^-1 - I``
  (Bollen 1987), unstandardized and standardized, and every specific indirect effect
  (a product of path coefficients along a chain), with delta-method SEs (the multivariate
  delta method with the ML covariance of the coefficients, as lavaan's ``:=``) or bootstrap
  SEs and percentile / bias-corrected intervals.

Verified against lavaan 0.6.14 (``tests/reference/lavaan_reference.R``): the PoliticalDemocracy
SEM example with its six correlated residuals and the sim28 paradigm model with second-order
dimensions: estimates, SEs, std.all, R^2 and every fit index at 1e-4 relative or better; the
indirect and total effects and their delta-method SEs against lavaan's ``:=`` parameters.

References
----------
Bollen, K. A. (1987). Total, direct, and indirect effects in structural equation models.
*Sociological Methodology* 17, 37-69.
Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall
(percentile and bias-corrected intervals, ch. 13-14).
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *J. Stat. Softw.* 48(2).
"""

from __future__ import annotations

import math
import warnings as _warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Literal

import numpy as np
import pandas as pd

from cemsurvey.errors import ConvergenceWarning, EstimationError, SpecError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure, latent_structure
from cemsurvey.psychometrics.sem.bootstrap import bootstrap_cfa
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.results import CFAResult
from cemsurvey.psychometrics.sem.structural_result import (
    IndirectEffect,
    PathTest,
    StructuralResult,
    adjusted_r2,
    bca_ci,
    check_test_options,
    hypotheses,
    indirect_chains,
    p_from_t,
    percentile_ci,
    structural_order,
)
from cemsurvey.stats.distributions import norm_ppf

CIMethod = Literal["percentile", "bc"]
#: Bootstrap intervals of the hypothesis table.
CI_METHODS = ("percentile", "bc")

__all__ = ["CBSEMResult", "effects_matrices", "fit_cbsem"]

#: share of failed bootstrap resamples above which the intervals are flagged as unreliable
FAILED_SHARE_WARN = 0.05


@dataclass(frozen=True)
class CBSEMResult:
    """A fitted CB-SEM model with its hypothesis tests.

    Attributes
    ----------
    fit
        The full :class:`~cemsurvey.psychometrics.sem.results.CFAResult` of the structural model
        (loadings, regressions, fit indices, implied covariances ...).
    structural
        The shared :class:`StructuralResult`, method ``"cb-sem"``: H1..Hn in the order of
        ``paths``, R^2 and adjusted R^2, specific indirect effects, fit indices.
    effects
        DataFrame ``from, to, kind, est, std, se, z, p, ci_lower, ci_upper`` with ``kind``
        ``"direct"``, ``"indirect"`` (total indirect) or ``"total"``, one row per ordered pair
        of latent variables linked by the paths (rows with all effects zero left out).
    n, bootstrap, bootstrap_failed
        Sample size, bootstrap resamples requested and how many failed (did not converge or
        gave a singular covariance matrix; excluded from every interval and SE).
    ci_method
        ``"percentile"``, ``"bc"`` (bias-corrected) or ``"wald"`` (no bootstrap).
    warnings
        Texts of every warning (the fit's and the bootstrap's).
    """

    fit: CFAResult
    structural: StructuralResult
    effects: pd.DataFrame
    n: int
    bootstrap: int
    bootstrap_failed: int
    ci_method: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def method(self) -> str:
        return "cb-sem"

    def to_dict(self) -> dict[str, Any]:
        """``{structural: StructuralResult.to_dict(), fit: CFAResult.to_dict(), effects: [{from,
        to, kind, est, std, se, z, p, ci_lower, ci_upper}], n, bootstrap, bootstrap_failed,
        ci_method, warnings}``."""
        recs = [{k: _num(v) for k, v in r.items()} for r in self.effects.to_dict("records")]
        return {"structural": self.structural.to_dict(), "fit": self.fit.to_dict(),
                "effects": recs, "n": self.n, "bootstrap": self.bootstrap,
                "bootstrap_failed": self.bootstrap_failed, "ci_method": self.ci_method,
                "warnings": list(self.warnings)}


def _num(x: Any) -> Any:
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(float(x)) else float(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


# ----------------------------------------------------------------------- effects
def effects_matrices(b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Direct, total indirect and total effects of a recursive latent regression matrix.

    ``b[i, j]`` is the coefficient of latent ``j`` in the equation of latent ``i``
    (lavaan's ``BETA``). Total effects ``T = (I - B)^-1 - I``; indirect ``T - B``
    (Bollen 1987).

    >>> b = np.array([[0, 0, 0], [0.5, 0, 0], [0.2, 0.4, 0]])
    >>> d, ind, tot = effects_matrices(b)
    >>> round(float(ind[2, 0]), 6), round(float(tot[2, 0]), 6)
    (0.2, 0.4)
    """
    k = b.shape[0]
    tot = np.linalg.solve(np.eye(k) - b, np.eye(k)) - np.eye(k)
    return b, tot - b, tot


def _beta(reg_est: np.ndarray, reg_idx: list[tuple[int, int]], k: int) -> np.ndarray:
    b = np.zeros((k, k))
    for v, (i, j) in zip(reg_est, reg_idx):
        b[i, j] = v
    return b


def _effect_values(reg_est: np.ndarray, reg_idx: list[tuple[int, int]], k: int,
                   pairs: list[tuple[int, int]], chains: list[list[int]],
                   sd: np.ndarray | None) -> np.ndarray:
    """Vector [direct, indirect, total for every pair] + [specific indirect per chain],
    standardized by ``sd[from] / sd[to]`` when ``sd`` is given."""
    b = _beta(reg_est, reg_idx, k)
    d, ind, tot = effects_matrices(b)
    out = []
    for y, x in pairs:
        s = 1.0 if sd is None else sd[x] / sd[y]
        out += [d[y, x] * s, ind[y, x] * s, tot[y, x] * s]
    for ch in chains:
        v = 1.0
        for a, c in pairwise(ch):
            v *= b[c, a]
        out.append(v * (1.0 if sd is None else sd[ch[0]] / sd[ch[-1]]))
    return np.array(out)


def _delta_se(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Delta-method SEs of ``f(x)`` with central differences (f is polynomial in x)."""
    h = 1e-6 * np.maximum(np.abs(x), 1.0)
    jac = np.empty((f(x).size, x.size))
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h[i]
        jac[:, i] = (f(x + e) - f(x - e)) / (2 * h[i])
    return np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", jac, cov, jac), 0.0))


# ---------------------------------------------------------------------- checks
def _check_paths(st: LatentStructure) -> None:
    if not st.regressions:
        raise SpecError("the instrument has no structural paths (and no paradigm dimensions for "
                        "the default model); add `paths:` such as 'outcome ~ predictor' to the YAML")
    for y, xs in st.regressions:
        if not xs:
            raise SpecError(f"endogenous '{y}' has no predictors in paths; write '{y} ~ "
                            f"predictor1 + predictor2' or remove it from paths")
    # cycles and unknown names (non-recursive models are not supported)
    structural_order(st.regressions, st.latents)


# ------------------------------------------------------------------------ main
def fit_cbsem(data: pd.DataFrame, ins: Instrument, *, bootstrap: int = 0, seed: int | None = None,
              progress: Callable[[int], None] | None = None, alpha: float = 0.05, tails: int = 2,
              ci: CIMethod = "percentile", identification: str = "marker",
              missing: str = "listwise", estimator: str = "ml") -> CBSEMResult:
    """Test the instrument's structural hypotheses by covariance-based SEM (lavaan's ``sem()``).

    Parameters
    ----------
    data
        Item codes as answered (respondents x item ids); reverse-keyed items are recoded
        from the instrument.
    ins
        The instrument; its ``paths`` (or the paradigm default) and ``covariances``.
    bootstrap
        Nonparametric bootstrap resamples (0: Wald intervals and delta-method SEs only).
        Each resample refits the model by warm-started ML (:func:`bootstrap_cfa`); failed
        resamples are counted (``bootstrap_failed``), excluded and announced.
    seed
        Seed of ``numpy.random.default_rng`` for the resamples.
    progress
        Called with 1 after each resample.
    alpha, tails
        Significance level and one- (hypothesised positive sign) or two-tailed tests; the
        intervals have level ``1 - alpha`` (two-tailed) or ``1 - 2 alpha`` (one-tailed).
    ci
        Bootstrap interval: ``"percentile"`` or ``"bc"`` (bias-corrected, Efron's z0 without
        acceleration).
    identification, missing
        As :func:`fit_cfa`. The identification changes the unstandardized coefficients
        (latent scales) but not the standardized ones, R^2 or the fit. ``missing="fiml"``
        (with ``estimator`` ``"ml"`` or ``"mlr"``) fits by full-information ML.
    estimator
        As :func:`fit_cfa`: ``"ml"`` (default), ``"mlr"`` (ML estimates, Huber-White SEs,
        Yuan-Bentler scaled test in ``fit.scaled_fit``) or ``"wlsmv"`` (ordinal items:
        polychorics + DWLS, robust SEs, scaled-shifted test). Path tests and delta-method
        effect SEs use that estimator's covariance of the estimates, as lavaan's
        ``parameterEstimates()`` and ``:=`` do. The bootstrap refits by ML on complete
        cases, so it is offered with ``ml`` and ``mlr`` under listwise deletion only.

    Returns
    -------
    CBSEMResult

    Raises
    ------
    SpecError
        No paths, an endogenous variable without predictors, a path naming an unknown
        latent variable, or a cycle (non-recursive models are not supported).

    Notes
    -----
    Path tests use the estimator's standard errors (``z = est / se``, normal p, as lavaan's
    ``parameterEstimates()``); the bootstrap supplies the intervals. Indirect and total
    effects use the bootstrap SD as SE when ``bootstrap > 0``, else the delta method.
    """
    check_test_options(alpha, tails)
    if ci not in CI_METHODS:
        raise EstimationError(f"ci must be 'percentile' or 'bc', got {ci!r}")
    if int(bootstrap) < 0:
        raise EstimationError(f"bootstrap must be 0 or a positive number of resamples, got {bootstrap}")
    if int(bootstrap) and (str(estimator).lower() == "wlsmv" or str(missing).lower() == "fiml"):
        raise EstimationError(f"the CB-SEM bootstrap refits by ML on complete cases, which does not "
                              f"match estimator={estimator!r}, missing={missing!r}; use bootstrap=0 "
                              f"(Wald intervals and delta-method SEs from that estimator) or "
                              f"estimator 'ml'/'mlr' with missing='listwise'")
    try:
        st = latent_structure(ins, "structural")
    except ValueError as exc:  # a malformed 'paths' statement
        raise SpecError(f"paths: {exc}") from None
    _check_paths(st)
    issues: list[str] = []
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        # modification indices of the structural model are not shown anywhere (the report's
        # come from the CFA step): compute them on request, ``result.fit.modification_indices()``
        full = fit_cfa(data, ins, level="structural", identification=identification,
                       missing=missing, estimator=estimator,  # type: ignore[arg-type]
                       modindices=False)
    _rewarn(caught)
    issues += list(full.warnings)

    lat = list(full.factor_covariances.index)
    k = len(lat)
    pos = {v: i for i, v in enumerate(lat)}
    regs = full.regressions.reset_index(drop=True)
    reg_idx = [(pos[y], pos[x]) for y, x in zip(regs.lhs, regs.rhs)]
    reg_label = [f"{y} ~ {x}" for y, x in zip(regs.lhs, regs.rhs)]
    reg_est = regs.est.to_numpy(dtype=float)

    # effects: pairs linked by a directed chain of paths
    b0, ind0, tot0 = effects_matrices(_beta(np.ones(len(reg_idx)), reg_idx, k))
    pairs = [(y, x) for y in range(k) for x in range(k) if tot0[y, x] != 0]
    chains = [[pos[v] for v in ch] for ch in indirect_chains(st.regressions)]
    sd = np.sqrt(np.diag(full.factor_covariances.to_numpy()))
    eff_est = _effect_values(reg_est, reg_idx, k, pairs, chains, None)
    eff_std = _effect_values(reg_est, reg_idx, k, pairs, chains, sd)

    # delta-method SEs from the ML covariance of the regression coefficients
    params = full.parameters
    free_rows = np.flatnonzero(params["free"].to_numpy())
    row_of = {(a, o, b): i for i, (a, o, b) in enumerate(zip(params.lhs, params.op, params.rhs))}
    reg_rows = [row_of[(y, "~", x)] for y, x in zip(regs.lhs, regs.rhs)]
    if full.vcov is not None:
        free_pos = {r: j for j, r in enumerate(free_rows)}
        ix = [free_pos[r] for r in reg_rows]
        vcov = full.vcov.submatrix(ix)
        eff_se = _delta_se(lambda b: _effect_values(b, reg_idx, k, pairs, chains, None),
                           reg_est, vcov)
    else:
        eff_se = np.full(eff_est.size, np.nan)

    level = 1.0 - alpha if tails == 2 else 1.0 - 2.0 * alpha
    n_fail = 0
    ci_method = "wald"
    if bootstrap:
        with _warnings.catch_warnings(record=True) as caught:
            _warnings.simplefilter("always")
            boot = bootstrap_cfa(data, ins, int(bootstrap), seed, level="structural",
                                 identification=identification, missing=missing,
                                 progress=progress, full=full)
        # bootstrap_cfa's own count is re-announced below with the total failures
        _rewarn([w for w in caught if not issubclass(w.category, ConvergenceWarning)])
        ok = boot.converged & np.all(np.isfinite(boot.estimates.to_numpy()), axis=1)
        n_fail = int((~ok).sum())
        est_b = boot.estimates.to_numpy()[ok]
        if n_fail:
            share = n_fail / int(bootstrap)
            msg = (f"{n_fail} of {int(bootstrap)} bootstrap resamples failed (did not converge or "
                   f"singular) and are excluded from the intervals and SEs")
            if share > FAILED_SHARE_WARN:
                msg += (f" — {100 * share:.0f}% is many: the intervals may be biased; check the "
                        f"model for Heywood cases or weak constructs, or collect more responses")
            issues.append(msg)
            _warnings.warn(ConvergenceWarning(msg), stacklevel=2)
        if est_b.shape[0] < 2:
            raise EstimationError(f"only {est_b.shape[0]} of {int(bootstrap)} bootstrap resamples "
                                  f"converged; no intervals can be computed — fix the model first")
        labels = list(boot.estimates.columns)
        col = {lab: j for j, lab in enumerate(labels)}
        rb = est_b[:, [col[f"{y} ~ {x}"] for y, x in zip(regs.lhs, regs.rhs)]]
        eff_b = np.array([_effect_values(r, reg_idx, k, pairs, chains, None) for r in rb])
        eff_se = np.std(eff_b, axis=0, ddof=1)
        if ci == "bc":
            jack0 = np.zeros((1, rb.shape[1]))
            reg_lo, reg_hi = bca_ci(rb, reg_est, jack0, level)
            eff_lo, eff_hi = bca_ci(eff_b, eff_est, np.zeros((1, eff_b.shape[1])), level)
        else:
            reg_lo, reg_hi = percentile_ci(rb, level)
            eff_lo, eff_hi = percentile_ci(eff_b, level)
        ci_method = ci
    else:
        zq = norm_ppf(0.5 + level / 2.0)
        reg_se = regs.se.to_numpy(dtype=float)
        reg_lo, reg_hi = reg_est - zq * reg_se, reg_est + zq * reg_se
        eff_lo, eff_hi = eff_est - zq * eff_se, eff_est + zq * eff_se

    # hypothesis table, H1..Hn in the order of paths
    where = {lab: j for j, lab in enumerate(reg_label)}
    tests = []
    for h, x, y in hypotheses(ins):
        j = where.get(f"{y} ~ {x}")
        if j is None:  # pragma: no cover - latent_structure builds every declared path
            raise SpecError(f"hypothesis {h} ({x} -> {y}) is not a path of the fitted model")
        r = regs.iloc[j]
        tests.append(PathTest.from_estimate(h, x, y, float(r.est), float(r["std"]), float(r.se),
                                            float(reg_lo[j]), float(reg_hi[j]),
                                            alpha=alpha, tails=tails))

    # effects table and specific indirect effects
    npairs = len(pairs)
    rows = []
    for m, (y, x) in enumerate(pairs):
        for kk, kind in enumerate(("direct", "indirect", "total")):
            j = 3 * m + kk
            e, s = eff_est[j], eff_se[j]
            if (kind == "direct" and b0[y, x] == 0) or (kind == "indirect" and ind0[y, x] == 0):
                continue  # no such path in the model: the effect is zero by construction
            z = e / s if s and np.isfinite(s) and s > 0 else float("nan")
            rows.append({"from": lat[x], "to": lat[y], "kind": kind, "est": e, "std": eff_std[j],
                         "se": s, "z": z, "p": p_from_t(z, tails=tails),
                         "ci_lower": eff_lo[j], "ci_upper": eff_hi[j]})
    effects = pd.DataFrame(rows, columns=["from", "to", "kind", "est", "std", "se", "z", "p",
                                          "ci_lower", "ci_upper"])
    indirect = []
    for c, ch in enumerate(chains):
        j = 3 * npairs + c
        e, s = float(eff_est[j]), float(eff_se[j])
        t = e / s if s > 0 and math.isfinite(s) else float("nan")
        indirect.append(IndirectEffect(tuple(lat[i] for i in ch), e, s, t,
                                       p_from_t(t, tails=tails), float(eff_lo[j]), float(eff_hi[j])))

    endo = [y for y, _ in st.regressions]
    npred = {y: len(xs) for y, xs in st.regressions}
    r2 = {y: float(full.r2[y]) for y in endo}
    r2_adj = {y: adjusted_r2(r2[y], full.n, npred[y]) for y in endo}
    res = StructuralResult(
        method="cb-sem", paths=tuple(tests), r2=r2, r2_adj=r2_adj, indirect=tuple(indirect),
        fit=full.fit.to_dict(), n=full.n, bootstrap=int(bootstrap), ci_method=ci_method,
        alpha=float(alpha), tails=int(tails), missing=full.missing, warnings=tuple(issues),
    )
    return CBSEMResult(fit=full, structural=res, effects=effects, n=full.n,
                       bootstrap=int(bootstrap), bootstrap_failed=n_fail, ci_method=ci_method,
                       warnings=tuple(issues))


def _rewarn(caught: list[_warnings.WarningMessage]) -> None:
    """Re-issue captured warnings so they point at the caller of :func:`fit_cbsem`."""
    for w in caught:
        _warnings.warn(w.message, stacklevel=3)

