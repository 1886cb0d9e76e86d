"""The result of :func:`~cemsurvey.psychometrics.pls.fit_pls` and how its tables are laid out.

:class:`PLSResult` holds full-precision, labelled tables; the functions below build them from
the engine's arrays (indices of latents and indicators become names) and the hypothesis
table (:class:`~cemsurvey.psychometrics.sem.structural_result.PathTest`) from the paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.formative import FormativeResult
from cemsurvey.psychometrics.pls.interaction import InteractionEffect
from cemsurvey.psychometrics.pls.model import PLSSpec
from cemsurvey.psychometrics.sem.structural_result import (
    IndirectEffect,
    PathTest,
    StructuralResult,
    hypotheses,
    is_supported,
)

SIGN_CORRECTION = "construct-level reflection against the full-sample weights"
Inference = dict[str, dict[str, np.ndarray]]


@dataclass(frozen=True)
class PLSResult:
    """Result of :func:`fit_pls` (full precision; rounding happens in report/).

    Attributes
    ----------
    structural
        The hypothesis table (:class:`StructuralResult`, method ``"pls"``).
    n, missing
        Respondents used and the missing-data policy (``"listwise"``).
    scheme, higher_order
        Inner weighting scheme and the higher-order approach.
    formative
        Formative measurement assessment (weights, VIF flags, decisions, redundancy
        analysis; :mod:`.formative`), ``None`` without formative constructs.
    interactions
        Interaction terms ``x:m`` (their rows are also in ``paths`` and the hypothesis
        table) with simple slopes (:mod:`.interaction`).
    method
        ``"pls"`` or ``"plsc"`` (consistent PLS: loadings, paths, R^2, f^2, inner VIF,
        rho_C and AVE from the corrected estimates; ``quality.rho_a`` its factors).
    converged, iterations, tol, max_iter
        Convergence of the full-sample estimation (``max |w_new - w_old| < tol``).
    outer
        Indexed by ``(latent, indicator)``: ``weight, loading`` and the loadings' bootstrap
        ``loading_se, loading_t, loading_p, loading_ci_lower, loading_ci_upper`` and the
        weights' ``weight_se, weight_t, weight_p`` (NaN without bootstrap).
    paths
        Every inner arrow indexed by ``(from, to)``: ``est, se, t, p, ci_lower, ci_upper``
        (``ci`` method), ``pct_lower, pct_upper, bca_lower, bca_upper, f2, vif``.
    r2, r2_adj
        Per endogenous latent of the inner model (HOC -> construct arrows included).
    q2
        Blindfolding Q^2 per structural endogenous latent.
    quality
        Per latent: ``alpha, rho_a, rho_c, ave``.
    htmt
        HTMT among first-order constructs (DataFrame, NaN on the diagonal).
    htmt_ci
        Indexed by ``(construct, construct)``: ``est, se, ci_lower, ci_upper``.
    outer_vif
        VIF of each indicator within its block, indexed by ``(latent, indicator)``.
    scores
        Standardized latent scores (respondents x latents).
    bootstrap, bootstrap_used
        Resamples requested and resamples kept.
    warnings
        Warning texts.
    """

    structural: StructuralResult
    n: int
    scheme: str
    higher_order: str
    converged: bool
    iterations: int
    tol: float
    max_iter: int
    outer: pd.DataFrame
    paths: pd.DataFrame
    r2: pd.Series
    r2_adj: pd.Series
    q2: pd.Series
    quality: pd.DataFrame
    htmt: pd.DataFrame
    htmt_ci: pd.DataFrame
    outer_vif: pd.Series
    scores: pd.DataFrame
    bootstrap: int
    bootstrap_used: int
    missing: str = "listwise"
    ci_method: str = "percentile"
    sign_correction: str = SIGN_CORRECTION
    warnings: tuple[str, ...] = field(default_factory=tuple)
    method: str = "pls"
    formative: FormativeResult | None = None
    interactions: tuple[InteractionEffect, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{method, scheme, higher_order, n, missing, converged, iterations, tol, max_iter,
        stop_criterion, structural,
        outer, paths, r2, r2_adj, f2, q2, quality, htmt, htmt_ci, inner_vif, outer_vif,
        bootstrap, warnings}``."""
        outer = [{"latent": lat, "indicator": ind, **row.to_dict()}
                 for (lat, ind), row in self.outer.iterrows()]
        paths = [{"from": a, "to": b, **row.to_dict()} for (a, b), row in self.paths.iterrows()]
        return {
            "method": self.method, "scheme": self.scheme, "higher_order": self.higher_order,
            "n": self.n, "missing": self.missing, "converged": self.converged,
            "iterations": self.iterations, "tol": self.tol, "max_iter": self.max_iter,
            "stop_criterion": f"max |w_new - w_old| < {self.tol:g}",
            "structural": self.structural.to_dict(),
            "outer": outer, "paths": paths,
            "r2": self.r2.to_dict(), "r2_adj": self.r2_adj.to_dict(),
            "f2": [{"from": a, "to": b, "f2": float(v)} for (a, b), v in self.paths["f2"].items()],
            "q2": self.q2.to_dict(),
            "quality": {k: row.to_dict() for k, row in self.quality.iterrows()},
            "htmt": {k: row.dropna().to_dict() for k, row in self.htmt.iterrows()},
            "htmt_ci": [{"a": a, "b": b, **row.to_dict()} for (a, b), row in self.htmt_ci.iterrows()],
            "inner_vif": [{"from": a, "to": b, "vif": float(v)}
                          for (a, b), v in self.paths["vif"].items()],
            "outer_vif": [{"latent": a, "indicator": b, "vif": float(v)}
                          for (a, b), v in self.outer_vif.items()],
            "bootstrap": {"requested": self.bootstrap, "used": self.bootstrap_used,
                          "ci_method": self.ci_method, "sign_correction": self.sign_correction,
                          "p_values": "t = est / bootstrap SD, Student's t with n - 1 df"},
            "interactions": [i.to_dict() for i in self.interactions],
            "formative": None if self.formative is None else self.formative.to_dict(),
            "warnings": list(self.warnings),
        }


def paths_table(spec: PLSSpec, est: dict[str, np.ndarray], inf: Inference, ci: str,
                f2: np.ndarray, vif: np.ndarray) -> pd.DataFrame:
    """Every inner arrow indexed by ``(from, to)`` (see :attr:`PLSResult.paths`)."""
    lo_key, hi_key = _ci_keys(ci)
    pidx = pd.MultiIndex.from_tuples([(spec.latents[a], spec.latents[b]) for a, b in spec.edges],
                                     names=["from", "to"])
    ip = inf["paths"]
    return pd.DataFrame({"est": est["paths"], "se": ip["se"], "t": ip["t"], "p": ip["p"],
                         "ci_lower": ip[lo_key], "ci_upper": ip[hi_key],
                         "pct_lower": ip["pct_lower"], "pct_upper": ip["pct_upper"],
                         "bca_lower": ip["bca_lower"], "bca_upper": ip["bca_upper"],
                         "f2": f2, "vif": vif}, index=pidx)


def outer_table(spec: PLSSpec, est: dict[str, np.ndarray], inf: Inference,
                ci: str) -> pd.DataFrame:
    """Weights and loadings with their inference, indexed by ``(latent, indicator)``."""
    lo_key, hi_key = _ci_keys(ci)
    rows, cols = np.nonzero(spec.mask)
    oidx = pd.MultiIndex.from_tuples([(spec.latents[k], spec.manifest[j])
                                      for j, k in zip(rows, cols, strict=True)],
                                     names=["latent", "indicator"])
    il, iw = inf["loadings"], inf["weights"]
    return pd.DataFrame({"weight": est["weights"], "loading": est["loadings"],
                         "loading_se": il["se"], "loading_t": il["t"], "loading_p": il["p"],
                         "loading_ci_lower": il[lo_key], "loading_ci_upper": il[hi_key],
                         "weight_se": iw["se"], "weight_t": iw["t"], "weight_p": iw["p"]},
                        index=oidx)


def with_stage1(outer: pd.DataFrame, spec1: PLSSpec, W1: np.ndarray, L1: np.ndarray,
                first_order: list[str]) -> pd.DataFrame:
    """``outer`` preceded by the stage-1 measurement of the first-order constructs.

    Stage-1 rows carry weight and loading only (no bootstrap); rows already in ``outer``
    (constructs measured by their items in stage 2) are not repeated.
    """
    fo_idx = [spec1.latents.index(f) for f in first_order]
    r1, c1 = np.nonzero(spec1.mask[:, fo_idx])
    idx1 = pd.MultiIndex.from_tuples([(first_order[k], spec1.manifest[j])
                                      for j, k in zip(r1, c1, strict=True)],
                                     names=["latent", "indicator"])
    st1 = pd.DataFrame({"weight": W1[:, fo_idx][r1, c1], "loading": L1[:, fo_idx][r1, c1]},
                       index=idx1)
    st1 = st1[[i not in outer.index for i in st1.index]]
    return pd.concat([st1.reindex(columns=outer.columns), outer])


def htmt_ci_table(first_order: list[str], est: dict[str, np.ndarray], inf: Inference,
                  ci: str) -> pd.DataFrame:
    """HTMT of each pair of first-order constructs with its bootstrap SE and interval."""
    lo_key, hi_key = _ci_keys(ci)
    gi, gj = np.triu_indices(len(first_order), 1)
    ih = inf["htmt"]
    hidx = pd.MultiIndex.from_tuples([(first_order[a], first_order[b])
                                      for a, b in zip(gi, gj, strict=True)])
    return pd.DataFrame({"est": est["htmt"], "se": ih["se"], "ci_lower": ih[lo_key],
                         "ci_upper": ih[hi_key]}, index=hidx)


def path_tests(ins: Instrument, paths: pd.DataFrame, alpha: float, tails: int) -> list[PathTest]:
    """The instrument's hypotheses that are arrows of the model, tested."""
    tests = []
    for hname, a, b in hypotheses(ins):
        if (a, b) not in paths.index:
            continue
        row = paths.loc[(a, b)]
        p = float(row["p"])
        tests.append(PathTest(hname, a, b, float(row["est"]), float(row["est"]), float(row["se"]),
                              float(row["t"]), p, float(row["ci_lower"]), float(row["ci_upper"]),
                              is_supported(float(row["est"]), p, alpha=alpha, tails=tails)))
    return tests


def indirect_effects(chains: list[tuple[str, ...]], est: dict[str, np.ndarray], inf: Inference,
                     ci: str) -> tuple[IndirectEffect, ...]:
    """Each chain's product of path coefficients with its bootstrap inference."""
    lo_key, hi_key = _ci_keys(ci)
    ii = inf["indirect"]
    return tuple(IndirectEffect(tuple(ch), float(est["indirect"][c]), float(ii["se"][c]),
                                float(ii["t"][c]), float(ii["p"][c]),
                                float(ii[lo_key][c]), float(ii[hi_key][c]))
                 for c, ch in enumerate(chains))


def _ci_keys(ci: str) -> tuple[str, str]:
    return ("bca_lower", "bca_upper") if ci == "bca" else ("pct_lower", "pct_upper")
