"""PLS path modeling (PLS-SEM) of an instrument's structural model: :func:`fit_pls`.

The steps, each in its module: the model (:mod:`.model`), the data (:mod:`.data`), the
algorithm (:mod:`.engine`), quality criteria (:mod:`.quality`), Q^2 (:mod:`.blindfolding`),
bootstrap inference (:mod:`.bootstrap`) and the result tables (:mod:`.result`).

:func:`fit_pls` estimates the instrument's ``paths`` with Lohmoeller's PLS algorithm
(mode A, reflective; path weighting scheme by default as SmartPLS, centroid and factorial
as options) on standardized indicators, reverse-keyed items recoded first
(``(low + high) - code``), with listwise deletion of incomplete respondents.

Model (from :func:`~cemsurvey.instrument.structure.latent_structure` at level
``"structural"``): a dimension named in a path is a higher-order construct (HOC)
measured by its constructs (reflective-reflective).

* ``higher_order="repeated"`` (default): the HOC's indicators are all items of its
  constructs, and the inner model has the arrows HOC -> construct besides the structural
  paths (Lohmoeller 1989; Becker, Klein & Wetzels 2012).
* ``higher_order="two-stage"`` (embedded two-stage): stage 1 is the repeated-indicators
  model; stage 2 measures each HOC by the stage-1 scores of its constructs and keeps
  only the structural paths. The bootstrap resamples stage 2 (stage-1 scores held fixed,
  as when the stage-2 model is bootstrapped on its own in SmartPLS); stage-1 loadings are
  reported without bootstrap.
* ``higher_order="disjoint"`` (disjoint two-stage, seminr's ``two_stage_HOC``): stage 1
  holds only the first-order constructs, each HOC's place in the paths taken by its
  constructs (the HOC's predictors point at every one of its constructs, which point at
  every outcome of the HOC); stage 2 and the bootstrap as in the embedded approach.

Outputs: outer weights and loadings, path coefficients, R^2 and adjusted R^2, f^2
(``(R^2_incl - R^2_excl) / (1 - R^2_incl)`` on the latent scores), Q^2 by blindfolding
(construct cross-validated redundancy, omission distance 7), inner VIF (predictors of
each endogenous latent) and outer VIF (indicators of each block), Cronbach's alpha on
standardized indicators, rho_A (Dijkstra & Henseler 2015), rho_C, AVE, and HTMT on the
item correlations (absolute values, as semTools).

Bootstrap (default 5,000 resamples, seeded): resamples of respondents, each re-estimated
from the full-sample weights; **sign indeterminacy** is handled by construct-level
reflection: a latent whose resample weight vector points away from its full-sample
weight vector (negative dot product) is reflected. Standard errors are bootstrap
standard deviations, ``t = est / se`` and ``p`` from Student's t with ``n - 1`` df (as
SmartPLS), one- or two-tailed. Percentile and BCa (jackknife acceleration) intervals are
both computed; ``ci`` chooses the one in the hypothesis table. Resamples that do not
converge or give non-finite estimates are excluded and counted in a warning.

Verified against: seminr's published estimates for the mobi (ECSI) model -- path
coefficients (path and factorial weighting), outer weights, outer loadings and
cross-loadings, R^2, adjusted R^2, alpha, rho_A, rho_C, AVE, HTMT, outer and inner VIF
(tests/reference/pls/seminr_mobi.json, 1e-7 absolute; f^2 here uses the full model's
scores, seminr's ``fSquared`` re-estimates the model without the predictor); an
independent slow textbook implementation in the tests (tests/pls/pls_textbook.py: all
three schemes on the 7-construct ECSI model, repeated-indicators and two-stage
higher-order models, and every bootstrap resample; 1e-8); the fixed-point equations and
OLS identities at convergence (f^2, inner and outer VIF from their definitions); and
recovery of planted true and null paths in simulated data. The BCa interval equals
scipy.stats.bootstrap's on the same resamples (1e-10); Q^2 equals a loop-by-loop
implementation of its definition (1e-8) but was not compared with another program
(none was available); see docs/pls.md.

References
----------
Lohmoeller (1989) *Latent Variable Path Modeling with Partial Least Squares*. Tenenhaus,
Esposito Vinzi, Chatelin & Lauro (2005) CSDA 48, 159-205. Dijkstra & Henseler (2015) MIS
Quarterly 39(2), 297-316. Henseler, Ringle & Sarstedt (2015) JAMS 43, 115-135. Hair, Hult,
Ringle & Sarstedt (2022) *A Primer on PLS-SEM*, 3rd ed. Sarstedt et al. (2019) Australasian
Marketing Journal 27, 197-211 (higher-order constructs). Efron (1987) JASA 82, 171-185 (BCa).
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import (
    ConvergenceWarning,
    DataWarning,
    EstimationError,
    SingularMatrixWarning,
)
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.blindfolding import blindfold_q2
from cemsurvey.psychometrics.pls.bootstrap import (
    Statistics,
    bootstrap_inference,
    no_inference,
)
from cemsurvey.psychometrics.pls.consistent import METHODS, consistent, plsc_warnings
from cemsurvey.psychometrics.pls.data import correlations, prepare_items, standardize
from cemsurvey.psychometrics.pls.engine import SCHEMES, Fit, Scheme, estimate, orient, regressions
from cemsurvey.psychometrics.pls.formative import assess_formative
from cemsurvey.psychometrics.pls.interaction import add_interactions, interaction_effects
from cemsurvey.psychometrics.pls.model import (
    HIGHER_ORDER,
    HigherOrder,
    PLSModel,
    PLSSpec,
    model_of,
    stage1_spec,
    stage2,
)
from cemsurvey.psychometrics.pls.quality import construct_quality, f2_vif, htmt, outer_vif
from cemsurvey.psychometrics.pls.result import (
    PLSResult,
    htmt_ci_table,
    indirect_effects,
    outer_table,
    path_tests,
    paths_table,
    with_stage1,
)
from cemsurvey.psychometrics.sem.structural_result import (
    StructuralResult,
    adjusted_r2,
    check_test_options,
    indirect_chains,
)

#: Bootstrap intervals of the hypothesis table.
CI_METHODS = ("percentile", "bca")


def fit_pls(
    data: pd.DataFrame,
    ins: Instrument,
    *,
    method: Literal["pls", "plsc"] = "pls",
    scheme: Scheme = "path",
    higher_order: HigherOrder = "repeated",
    interaction: Literal["two-stage", "product-indicator"] = "two-stage",
    bootstrap: int = 5000,
    seed: int | None = None,
    alpha: float = 0.05,
    tails: int = 2,
    ci: Literal["percentile", "bca"] = "percentile",
    max_iter: int = 300,
    tol: float = 1e-7,
    blindfold_distance: int = 7,
    block_size: int = 200,
    progress: Callable[[int], None] | None = None,
) -> PLSResult:
    """Estimate the instrument's structural model by PLS path modeling.

    Parameters
    ----------
    data
        Responses: respondents x item ids, codes as answered (NaN = missing).
    ins
        The instrument (its ``paths`` or the paradigm default).
    method
        ``"pls"`` (default) or ``"plsc"``: consistent PLS (Dijkstra & Henseler 2015;
        :mod:`.consistent`) corrects the reflective constructs' loadings, correlations,
        paths and R^2 for measurement error; the bootstrap repeats the whole procedure.
    scheme
        Inner weighting: ``"path"`` (default, as SmartPLS), ``"centroid"``, ``"factorial"``.
    higher_order
        ``"repeated"`` indicators (default), embedded ``"two-stage"`` or
        ``"disjoint"`` two-stage (see the module docstring).
    interaction
        Indicators of interaction terms ``x:m`` in paths: ``"two-stage"`` (default) or
        ``"product-indicator"`` (:mod:`.interaction`).
    bootstrap
        Resamples (0 = none: SEs, t, p and CIs are NaN and no path is supported).
    seed
        Seed of the resampling generator (``numpy.random.default_rng``).
    alpha, tails
        Significance level and one- (positive direction) or two-tailed tests.
    ci
        Interval shown in the hypothesis table: ``"percentile"`` or ``"bca"``.
    max_iter, tol
        Iteration cap and stop criterion ``max |w_new - w_old| < tol``.
    blindfold_distance
        Omission distance D of the blindfolding Q^2 (7; n must not be a multiple of D).
    block_size
        Resamples processed together (memory ~ block_size * n * items * 16 bytes).
    progress
        Called with the number of resamples finished after each block.

    Returns
    -------
    PLSResult

    Raises
    ------
    SpecError
        Cyclic paths, unknown names or malformed statements (e.g. an outcome without
        predictors) in paths.
    DataError
        Missing/non-numeric item columns, constant items.
    EstimationError
        No paths, bad options, too few respondents.

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> import numpy as np, pandas as pd
    >>> c = lambda i: Construct(id=i, name=i, items=[Item(id=f"{i}{k}", text="t") for k in (1, 2, 3)])
    >>> ins = Instrument(title="t", constructs=[c("X"), c("Y")], paths=["Y ~ X"])
    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(300); y = 0.5 * x + rng.standard_normal(300) * 0.87
    >>> cols = {f"X{k}": x + rng.standard_normal(300) * 0.6 for k in (1, 2, 3)}
    >>> cols |= {f"Y{k}": y + rng.standard_normal(300) * 0.6 for k in (1, 2, 3)}
    >>> res = fit_pls(pd.DataFrame(cols), ins, bootstrap=200, seed=1)
    >>> h = res.structural.paths[0]
    >>> (h.hypothesis, h.from_, h.to, round(h.est, 2), h.supported)
    ('H1', 'X', 'Y', 0.47, True)
    """
    # the batched products are small: single-threaded BLAS is faster, and much faster
    # on a busy machine (OpenBLAS threads spin; see correlation.blas_threads)
    with blas_threads(1):
        return _fit_pls(data, ins, method=method, scheme=scheme, higher_order=higher_order,
                        interaction=interaction, bootstrap=bootstrap,
                        seed=seed, alpha=alpha, tails=tails, ci=ci, max_iter=max_iter, tol=tol,
                        blindfold_distance=blindfold_distance, block_size=block_size,
                        progress=progress)


def _check_options(method: str, scheme: str, higher_order: str, ci: str, bootstrap: object,
                   alpha: float, tails: int) -> None:
    """Raise :class:`EstimationError` for an option outside its documented values."""
    check_test_options(alpha, tails)
    if method not in METHODS:
        raise EstimationError(f"method must be pls or plsc, got {method!r}")
    if scheme not in SCHEMES:
        raise EstimationError(f"scheme must be path, centroid or factorial, got {scheme!r}")
    if higher_order not in HIGHER_ORDER:
        raise EstimationError(f"higher_order must be repeated, two-stage or disjoint, got "
                              f"{higher_order!r}")
    if ci not in CI_METHODS:
        raise EstimationError(f"ci must be percentile or bca, got {ci!r}")
    if not isinstance(bootstrap, int) or bootstrap < 0:
        raise EstimationError(f"bootstrap must be a whole number >= 0, got {bootstrap!r}")


@dataclass(frozen=True)
class Estimation:
    """Full-sample fits: stage 1 on the items, and the reported model.

    Without a two-stage approach the reported model is stage 1 itself (``spec is spec1``).
    """

    spec1: PLSSpec
    S1: np.ndarray
    fit1: Fit
    spec: PLSSpec
    Xm: np.ndarray
    S: np.ndarray
    fit: Fit

    @property
    def two_stage(self) -> bool:
        return self.spec is not self.spec1

    @property
    def converged(self) -> bool:
        return bool(self.fit.converged[0] and self.fit1.converged[0])


def _estimate(model: PLSModel, Xitems: np.ndarray, higher_order: str, scheme: Scheme,
              max_iter: int, tol: float) -> Estimation:
    """Stage 1 on the items and, for a two-stage approach with HOCs, stage 2 on its scores."""
    spec1 = stage1_spec(model, higher_order)
    S1 = correlations(Xitems)
    fit1 = estimate(S1, spec1, scheme=scheme, max_iter=max_iter, tol=tol)
    orient(fit1)
    if higher_order not in ("two-stage", "disjoint") or not model.hoc_members:
        return Estimation(spec1, S1, fit1, spec1, Xitems, S1, fit1)
    spec, X2 = stage2(model, Xitems, spec1, standardize(Xitems) @ fit1.W[0])
    S = correlations(X2)
    fit = estimate(S, spec, scheme=scheme, max_iter=max_iter, tol=tol)
    orient(fit)
    return Estimation(spec1, S1, fit1, spec, X2, S, fit)


def _check_fit(e: Estimation, max_iter: int, tol: float, warn: list[str]) -> None:
    """Warn about non-convergence; raise for non-finite estimates."""
    if not e.fit.converged[0] or not e.fit1.converged[0]:
        warn.append(f"PLS did not converge in {max_iter} iterations (last max weight change "
                    f"{e.fit.delta[0]:.2e} > {tol:g}); raise max_iter or check the model "
                    "(constructs with weak or opposite-signed items)")
    if not (np.all(np.isfinite(e.fit.W[0])) and np.all(np.isfinite(e.fit.R[0]))):
        raise EstimationError("PLS estimation gave non-finite weights; check for items "
                              "that are identical or perfectly collinear")


def _loadings(S: np.ndarray, fit: Fit, spec: PLSSpec, model: PLSModel, plsc: bool) -> np.ndarray:
    """``(q, K)`` loadings of one full-sample fit: consistent for reflective latents (PLSc)."""
    if not plsc:
        return fit.SW[0]
    return consistent(S, fit, spec, model.reflective(spec.latents)).L[0]


def _quality(e: Estimation, model: PLSModel, plsc: bool) -> pd.DataFrame:
    """Alpha, rho_A, rho_C, AVE: items (stage 1) for first-order constructs, stage 2 for HOCs
    (rho_C and AVE from consistent loadings under PLSc)."""
    L1 = _loadings(e.S1, e.fit1, e.spec1, model, plsc)
    q1 = construct_quality(e.S1[0], e.fit1.W[0], L1, e.spec1.mask, e.spec1.latents)
    if not e.two_stage:
        return q1
    L2 = _loadings(e.S, e.fit, e.spec, model, plsc)
    q2 = construct_quality(e.S[0], e.fit.W[0], L2, e.spec.mask, e.spec.latents)
    return pd.concat([q1.loc[model.first_order], q2.loc[list(model.hoc_members)]])


def _htmt(e: Estimation, first_order: list[str], warn: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Item membership of the first-order constructs and their HTMT matrix."""
    members = e.spec1.mask[:, [e.spec1.latents.index(f) for f in first_order]]
    H = htmt(e.S1, members)[0]
    multi = members.sum(axis=0) > 1
    if not np.all(multi):
        single = [f for f, m in zip(first_order, multi, strict=True) if not m]
        warn.append(f"HTMT is undefined for single-item construct(s) {', '.join(single)}")
    return members, H


def _outer_vif(e: Estimation, model: PLSModel, warn: list[str]) -> pd.Series:
    """Outer VIF: first-order blocks in stage 1, HOC blocks in the reported model."""
    ovif = outer_vif(e.spec1, e.S1[0], model.first_order) | \
        outer_vif(e.spec, e.S[0], list(model.hoc_members))
    if any(v >= 1e8 for v in ovif.values()):
        warn.append(str(SingularMatrixWarning("some blocks have perfectly collinear indicators "
                                              "(outer VIF infinite); remove duplicated items")))
    return pd.Series(ovif, name="vif")


def _q2(e: Estimation, targets: list[int], scheme: Scheme, distance: int, max_iter: int,
        tol: float, warn: list[str]) -> np.ndarray:
    """Blindfolding Q^2 of the structural endogenous latents (NaN with a warning on failure)."""
    try:
        return blindfold_q2(e.Xm, e.spec, targets, scheme=scheme, W0=e.fit.W[0],
                            distance=distance, max_iter=max_iter, tol=tol)
    except np.linalg.LinAlgError:
        warn.append("blindfolding failed (singular matrices); Q^2 not reported")
        return np.full(len(targets), np.nan)


def _structural_endogenous(e: Estimation, model: PLSModel) -> tuple[list[int], list[tuple[str, ...]]]:
    """Indices of the latents with structural predictors, and the indirect-effect chains."""
    names = e.spec.latents
    li = {v: k for k, v in enumerate(names)}
    struct_edges = [(li[a], li[b]) for a, b in model.edges if a in li and b in li
                    and not model.is_hoc_arrow(a, b)]
    endo = list(dict.fromkeys(b for _, b in struct_edges))
    chains = indirect_chains([(names[b], tuple(names[a] for a, bb in struct_edges if bb == b))
                              for b in endo])
    return endo, chains


def _fit_pls(data: pd.DataFrame, ins: Instrument, *, method: str, scheme: Scheme,
             higher_order: HigherOrder, interaction: str,
             bootstrap: int, seed: int | None, alpha: float, tails: int, ci: str, max_iter: int,
             tol: float, blindfold_distance: int, block_size: int,
             progress: Callable[[int], None] | None) -> PLSResult:
    """The body of :func:`fit_pls` (same parameters): the steps in order."""
    _check_options(method, scheme, higher_order, ci, bootstrap, alpha, tails)
    warn: list[str] = []
    model = model_of(ins, warn)
    data, model = add_interactions(data, ins, model, interaction, scheme, max_iter, tol)
    Xitems, index, msgs = prepare_items(data, ins, model.items)
    warn += msgs
    n = Xitems.shape[0]
    if n % blindfold_distance == 0:
        warn.append(f"n = {n} is a multiple of the omission distance {blindfold_distance}; "
                    "Q^2 uses it anyway, but choose another distance (SmartPLS advice)")
    e = _estimate(model, Xitems, higher_order, scheme, max_iter, tol)
    _check_fit(e, max_iter, tol, warn)
    spec = e.spec
    first_order = [f for f in model.first_order if f not in model.interactions]
    W, L, Rlat, corrected, exempt = e.fit.W[0], e.fit.SW[0], e.fit.R, None, None
    if method == "plsc":
        corrected, exempt = model.reflective(spec.latents), model.hoc_pairs(spec.latents)
        c = consistent(e.S, e.fit, spec, corrected, exempt)
        warn += plsc_warnings(c, spec.latents, corrected)
        L, Rlat = c.L[0], c.R
    beta, r2 = (a[0] for a in regressions(Rlat, spec))
    f2, vif = f2_vif(Rlat[0], spec, r2)
    quality = _quality(e, model, method == "plsc")
    members, H = _htmt(e, first_order, warn)
    ovif = _outer_vif(e, model, warn)
    struct_endo, chains = _structural_endogenous(e, model)
    q2 = _q2(e, struct_endo, scheme, blindfold_distance, max_iter, tol, warn)

    li = {v: k for k, v in enumerate(spec.latents)}
    stat = Statistics(spec, e.Xm, None if not e.two_stage else Xitems, members,
                      [[li[v] for v in ch] for ch in chains], W, scheme, max_iter, tol,
                      corrected, exempt)
    est = stat.estimates(beta, L, W, H)
    used = 0
    if bootstrap > 0:
        level = 1 - alpha if tails == 2 else 1 - 2 * alpha
        inf, used = bootstrap_inference(stat, est, n, bootstrap=bootstrap, seed=seed,
                                        block_size=block_size, progress=progress, tails=tails,
                                        level=level, warn=warn)
    else:
        inf = no_inference(est)
        warn.append("no bootstrap (bootstrap=0): standard errors, p values and intervals "
                    "are not available and no hypothesis is marked supported")

    paths = paths_table(spec, est, inf, ci, f2, vif)
    outer = outer_table(spec, est, inf, ci)
    if e.two_stage:  # stage-1 measurement of first-order constructs (no bootstrap)
        outer = with_stage1(outer, e.spec1, e.fit1.W[0], e.fit1.SW[0], first_order)
    formative = None if not model.formative else assess_formative(
        outer, ovif, [f for f in first_order if f in model.formative], model.global_items,
        model.blocks, Xitems, model.items, data.loc[index], alpha)
    warn += list(formative.warnings) if formative else []
    n_pred = {k: len(spec.predecessors(k)) for k in range(spec.K)}
    endo = [k for k in range(spec.K) if n_pred[k]]
    names = spec.latents
    for m in warn:
        cls = ConvergenceWarning if "converge" in m else DataWarning
        _warnings.warn(cls(m), stacklevel=3)
    structural = StructuralResult(
        method="pls", paths=tuple(path_tests(ins, paths, alpha, tails)),
        r2={names[k]: float(r2[k]) for k in struct_endo},
        r2_adj={names[k]: float(adjusted_r2(r2[k], n, n_pred[k])) for k in struct_endo},
        indirect=indirect_effects(chains, est, inf, ci), fit=None, n=n, bootstrap=used,
        ci_method=ci if bootstrap else "none", alpha=alpha, tails=tails, missing="listwise",
        warnings=tuple(warn))
    return PLSResult(
        structural=structural, n=n, scheme=scheme, higher_order=higher_order,
        converged=e.converged, iterations=int(e.fit.iterations[0]), tol=tol, max_iter=max_iter,
        outer=outer, paths=paths,
        r2=pd.Series({names[k]: r2[k] for k in endo}, name="r2"),
        r2_adj=pd.Series({names[k]: adjusted_r2(r2[k], n, n_pred[k]) for k in endo},
                         name="r2_adj"),
        q2=pd.Series({names[k]: v for k, v in zip(struct_endo, q2, strict=True)}, name="q2"),
        quality=quality, htmt=pd.DataFrame(H, index=first_order, columns=first_order),
        htmt_ci=htmt_ci_table(first_order, est, inf, ci), outer_vif=ovif,
        scores=pd.DataFrame(standardize(e.Xm) @ W, index=index, columns=list(names)),
        bootstrap=bootstrap, bootstrap_used=used, ci_method=ci, warnings=tuple(warn),
        method=method, formative=formative,
        interactions=interaction_effects(model, paths, interaction))
