"""PLS path modeling (PLS-SEM) of an instrument's structural model.

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
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from cemsurvey.errors import (
    ConvergenceWarning,
    DataError,
    DataWarning,
    EstimationError,
    SingularMatrixWarning,
    SpecError,
)
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.psychometrics.correlation import blas_threads
from cemsurvey.psychometrics.pls_engine import (
    SCHEMES,
    Correlator,
    PLSSpec,
    Scheme,
    correlations,
    estimate,
    htmt,
    reflect,
    regressions,
)
from cemsurvey.psychometrics.structural_result import (
    IndirectEffect,
    PathTest,
    StructuralResult,
    adjusted_r2,
    bca_ci,
    check_test_options,
    hypotheses,
    indirect_chains,
    is_supported,
    structural_order,
)

HigherOrder = Literal["repeated", "two-stage", "disjoint"]
HIGHER_ORDER = ("repeated", "two-stage", "disjoint")
#: Bootstrap intervals of the hypothesis table.
CI_METHODS = ("percentile", "bca")
SIGN_CORRECTION = "construct-level reflection against the full-sample weights"


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

    method = "pls"

    def to_dict(self) -> dict[str, Any]:
        """``{method, scheme, higher_order, n, missing, converged, iterations, tol, max_iter,
        stop_criterion, structural,
        outer, paths, r2, r2_adj, f2, q2, quality, htmt, htmt_ci, inner_vif, outer_vif,
        bootstrap, warnings}``."""
        outer = [{"latent": lat, "indicator": ind, **row.to_dict()}
                 for (lat, ind), row in self.outer.iterrows()]
        paths = [{"from": a, "to": b, **row.to_dict()} for (a, b), row in self.paths.iterrows()]
        return {
            "method": "pls", "scheme": self.scheme, "higher_order": self.higher_order,
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
            "warnings": list(self.warnings),
        }


# ----------------------------------------------------------------------------- data
def prepare_items(data: pd.DataFrame, ins: Instrument, items: list[str]) -> tuple[np.ndarray, pd.Index, list[str]]:
    """Item matrix with reverse-keyed items recoded and incomplete rows removed.

    Returns ``(X, kept_index, warnings)``. Raises :class:`DataError` for missing or
    non-numeric columns and constant items.
    """
    msgs: list[str] = []
    if not isinstance(data, pd.DataFrame):
        raise DataError("PLS needs a DataFrame of responses (respondents x item ids)")
    missing_cols = [c for c in items if c not in data.columns]
    if missing_cols:
        raise DataError(f"responses have no column '{missing_cols[0]}' (item of construct "
                        f"{ins.construct_of_item.get(missing_cols[0], '?')}); "
                        f"{len(missing_cols)} item column(s) missing; import the responses "
                        "with the instrument so columns are named by item id")
    frame = data[items]
    frame = frame.copy()
    for c in items:
        if not pd.api.types.is_numeric_dtype(frame[c]):
            num = pd.to_numeric(frame[c], errors="coerce")
            bad = frame[c][num.isna() & frame[c].notna()]
            if len(bad):
                raise DataError(f"column '{c}' row '{bad.index[0]}': value {bad.iloc[0]!r} is not "
                                "a numeric code; recode answers to numbers")
            frame[c] = num
    frame = frame.astype(float)
    rev = set(ins.reverse_items) & set(items)
    for c in rev:
        sc = ins.scale_of_item(c)
        frame[c] = (sc.low + sc.high) - frame[c]
    complete = frame.notna().all(axis=1)
    dropped = int((~complete).sum())
    if dropped:
        msgs.append(f"{dropped} respondent(s) with missing answers were removed (listwise "
                    "deletion); impute or screen the data first to keep them")
    frame = frame[complete]
    X = frame.to_numpy()
    if X.shape[0] < 10:
        raise EstimationError(f"PLS needs at least 10 complete respondents, got {X.shape[0]}")
    sd = X.std(axis=0, ddof=1)
    const = [c for c, s in zip(items, sd, strict=True) if not s > 0]
    if const:
        raise DataError(f"item '{const[0]}' has the same answer for every respondent (no "
                        "variance); remove it from the instrument or check the data")
    return X, frame.index, msgs


@dataclass
class _Model:
    spec: PLSSpec
    X: np.ndarray  # (n, q) manifest data of this model
    structural: list[tuple[int, int]]  # structural edges (latent indices)


def _build(ins: Instrument, warn: list[str]) -> tuple[list[str], dict[str, list[str]],
                                                      list[tuple[str, str]], list[str],
                                                      dict[str, tuple[str, ...]]]:
    """Latents (first-order then HOCs), their items, inner edges, structural edges."""
    try:
        st = latent_structure(ins, "structural")
    except ValueError as exc:  # a malformed 'paths' statement, e.g. 'y ~ ' (no predictors)
        raise SpecError(f"paths: {exc}") from None
    if not st.regressions:
        raise EstimationError("the instrument has no structural paths; declare 'paths:' "
                              "(e.g. 'y ~ x1 + x2') or use the six paradigm dimensions")
    structural_order(st.regressions, st.latents)
    higher = set(st.higher_order)
    in_paths = {v for y, xs in st.regressions for v in (y, *xs)}
    keep_first = [f for f in st.first_order
                  if f in in_paths or any(f in st.indicators[h] for h in higher & in_paths)]
    dropped = [f for f in st.first_order if f not in keep_first]
    if dropped:
        warn.append(f"construct(s) {', '.join(dropped)} are not connected to the structural "
                    "model; PLS leaves them out (name them in 'paths' to include them)")
    hocs = [h for h in st.higher_order if h in in_paths]
    latents = keep_first + hocs
    items: dict[str, list[str]] = {f: list(st.indicators[f]) for f in keep_first}
    for h in hocs:
        items[h] = [i for c in st.indicators[h] for i in st.indicators[c]]
    edges = [(h, c) for h in hocs for c in st.indicators[h]]
    struct = [(x, y) for y, xs in st.regressions for x in xs]
    return latents, items, edges + struct, [f"{a}->{b}" for a, b in struct], \
        {h: st.indicators[h] for h in hocs}


def _spec(manifest: list[str], latents: list[str], blocks: dict[str, list[str]],
          edges: list[tuple[str, str]]) -> PLSSpec:
    pos = {m: j for j, m in enumerate(manifest)}
    mask = np.zeros((len(manifest), len(latents)), dtype=bool)
    for k, lat in enumerate(latents):
        for m in blocks[lat]:
            mask[pos[m], k] = True
    li = {lat: k for k, lat in enumerate(latents)}
    return PLSSpec(tuple(manifest), tuple(latents), mask,
                   tuple((li[a], li[b]) for a, b in edges))


def _standardize(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)


# ----------------------------------------------------------------------------- statistics
def _orient(fit: Any) -> None:
    """Full-sample orientation: each latent's loadings sum to a non-negative value."""
    s = np.sign(np.sum(fit.SW[0] * (fit.W[0] != 0), axis=0))
    s[s == 0] = 1.0
    fit.W *= s[None, None, :]
    fit.SW *= s[None, None, :]
    fit.R *= s[None, :, None] * s[None, None, :]


def _quality(S: np.ndarray, W: np.ndarray, L: np.ndarray, mask: np.ndarray,
             latents: tuple[str, ...]) -> pd.DataFrame:
    rows = []
    for k in range(len(latents)):
        c = np.flatnonzero(mask[:, k])
        lam = L[c, k]
        w = W[c, k]
        Sb = S[np.ix_(c, c)]
        p = c.size
        if p > 1:
            alpha = p / (p - 1) * (1 - p / Sb.sum())
            ww = np.outer(w, w)
            num = w @ (Sb - np.diag(np.diag(Sb))) @ w
            den = w @ (ww - np.diag(np.diag(ww))) @ w
            rho_a = (w @ w) ** 2 * num / den
        else:
            alpha = rho_a = 1.0
        sl = lam.sum()
        rho_c = sl**2 / (sl**2 + np.sum(1 - lam**2))
        rows.append({"alpha": alpha, "rho_a": rho_a, "rho_c": rho_c, "ave": np.mean(lam**2)})
    return pd.DataFrame(rows, index=pd.Index(latents, name="latent"))


def _f2_vif(R: np.ndarray, spec: PLSSpec, r2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f^2 and inner VIF per edge (in ``spec.edges`` order)."""
    f2 = np.full(len(spec.edges), np.nan)
    vif = np.full(len(spec.edges), np.nan)
    for k in range(spec.K):
        P = spec.predecessors(k)
        if not P:
            continue
        Rpp = R[np.ix_(P, P)]
        try:
            inv = np.linalg.inv(Rpp)
        except np.linalg.LinAlgError:
            inv = np.linalg.pinv(Rpp)
        for i, lat in enumerate(P):
            e = spec.edges.index((lat, k))
            vif[e] = inv[i, i] if len(P) > 1 else 1.0
            rest = [x for x in P if x != lat]
            if rest:
                b = np.linalg.lstsq(R[np.ix_(rest, rest)], R[rest, k], rcond=None)[0]
                r2x = float(R[k, rest] @ b)
            else:
                r2x = 0.0
            f2[e] = (r2[k] - r2x) / (1 - r2[k])
    return f2, vif


def _blindfold(Xraw: np.ndarray, spec: PLSSpec, targets: list[int], *, scheme: Scheme,
               W0: np.ndarray, distance: int, max_iter: int, tol: float) -> np.ndarray:
    """Construct cross-validated redundancy Q^2 (blindfolding, mean replacement).

    For a target latent ``k`` with ``p_k`` indicators the ``n x p_k`` data points are
    numbered down each indicator in turn (point ``(i, j)`` has number ``j n + i``), the
    numbering behind SmartPLS's and Hair et al.'s rule that ``n / D`` must not be a whole
    number (otherwise every round omits whole respondents); round ``d`` omits the points
    with number ``= d (mod D)``,
    replaces them by the indicator's mean of the remaining points, re-estimates the model
    and predicts each omitted point as ``x_hat = mean + sd * loading * sum_l beta_lk y_l``
    (scores of the predecessors). ``Q^2 = 1 - SSE / SSO`` with both sums over all rounds
    on the full-sample standardized scale, SSO around the full-sample mean.
    """
    n = Xraw.shape[0]
    mean_full = Xraw.mean(axis=0)
    sd_full = Xraw.std(axis=0, ddof=1)
    data, omit, who = [], [], []
    for k in targets:
        cols = np.flatnonzero(spec.mask[:, k])
        # column-major numbering: a block of D (or 2D ...) indicators still loses only
        # 1/D of each indicator per round (row-major numbering would omit whole columns)
        num = np.arange(n * cols.size).reshape(cols.size, n).T
        for d in range(distance):
            om = (num % distance) == d
            Xd = Xraw.copy()
            sub = Xd[:, cols]
            keep_mean = np.nanmean(np.where(om, np.nan, sub), axis=0)
            sub[om] = np.broadcast_to(keep_mean, sub.shape)[om]
            Xd[:, cols] = sub
            data.append(Xd)
            omit.append(om)
            who.append(k)
    S = np.concatenate([correlations(Xd) for Xd in data])
    fit = estimate(S, spec, scheme=scheme, W0=W0, max_iter=max_iter, tol=tol)
    beta, _ = regressions(fit.R, spec)
    sse = dict.fromkeys(targets, 0.0)
    sso = dict.fromkeys(targets, 0.0)
    for r, (Xd, om, k) in enumerate(zip(data, omit, who, strict=True)):
        cols = np.flatnonzero(spec.mask[:, k])
        mu, sd = Xd.mean(axis=0), Xd.std(axis=0, ddof=1)
        Y = ((Xd - mu) / sd) @ fit.W[r]
        P = spec.predecessors(k)
        yhat = Y[:, P] @ beta[r, P, k]
        xhat = mu[cols] + sd[cols] * (yhat[:, None] * fit.SW[r, cols, k][None, :])
        obs = Xraw[:, cols]
        sse[k] += float(np.sum((((obs - xhat) / sd_full[cols]) ** 2)[om]))
        sso[k] += float(np.sum((((obs - mean_full[cols]) / sd_full[cols]) ** 2)[om]))
    return np.array([1.0 - sse[k] / sso[k] for k in targets])


# ----------------------------------------------------------------------------- main
def fit_pls(
    data: pd.DataFrame,
    ins: Instrument,
    *,
    scheme: Scheme = "path",
    higher_order: HigherOrder = "repeated",
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
    scheme
        Inner weighting: ``"path"`` (default, as SmartPLS), ``"centroid"``, ``"factorial"``.
    higher_order
        ``"repeated"`` indicators (default), embedded ``"two-stage"`` or
        ``"disjoint"`` two-stage (see the module docstring).
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
        return _fit_pls(data, ins, scheme=scheme, higher_order=higher_order, bootstrap=bootstrap,
                        seed=seed, alpha=alpha, tails=tails, ci=ci, max_iter=max_iter, tol=tol,
                        blindfold_distance=blindfold_distance, block_size=block_size,
                        progress=progress)


def _fit_pls(data: pd.DataFrame, ins: Instrument, *, scheme: Scheme, higher_order: HigherOrder,
             bootstrap: int, seed: int | None, alpha: float, tails: int, ci: str, max_iter: int,
             tol: float, blindfold_distance: int, block_size: int,
             progress: Callable[[int], None] | None) -> PLSResult:
    """The body of :func:`fit_pls` (same parameters)."""
    check_test_options(alpha, tails)
    if scheme not in SCHEMES:
        raise EstimationError(f"scheme must be path, centroid or factorial, got {scheme!r}")
    if higher_order not in HIGHER_ORDER:
        raise EstimationError(f"higher_order must be repeated, two-stage or disjoint, got "
                              f"{higher_order!r}")
    if ci not in CI_METHODS:
        raise EstimationError(f"ci must be percentile or bca, got {ci!r}")
    if not isinstance(bootstrap, int) or bootstrap < 0:
        raise EstimationError(f"bootstrap must be a whole number >= 0, got {bootstrap!r}")
    warn: list[str] = []

    latents, blocks, edges, _, hoc_members = _build(ins, warn)
    items = list(dict.fromkeys(i for f in latents if f not in hoc_members for i in blocks[f]))
    Xitems, index, msgs = prepare_items(data, ins, items)
    warn += msgs
    n = Xitems.shape[0]
    if n % blindfold_distance == 0:
        warn.append(f"n = {n} is a multiple of the omission distance {blindfold_distance}; "
                    "Q^2 uses it anyway, but choose another distance (SmartPLS advice)")

    if higher_order == "disjoint" and hoc_members:
        # stage 1 without the HOCs: each HOC replaced by its constructs in the paths
        sub = [(x, y) for a, b in edges if not (a in hoc_members and b in hoc_members[a])
               for x in hoc_members.get(a, (a,)) for y in hoc_members.get(b, (b,))]
        fo = [f for f in latents if f not in hoc_members]
        spec1 = _spec(items, fo, {f: blocks[f] for f in fo}, list(dict.fromkeys(sub)))
    else:
        spec1 = _spec(items, latents, blocks, edges)
    S1 = correlations(Xitems)
    fit1 = estimate(S1, spec1, scheme=scheme, max_iter=max_iter, tol=tol)
    _orient(fit1)
    first_order = [f for f in latents if f not in hoc_members]

    if higher_order in ("two-stage", "disjoint") and hoc_members:
        scores1 = _standardize(Xitems) @ fit1.W[0]
        direct = [f for f in first_order if not any(f in m for m in hoc_members.values())]
        manifest = [i for f in direct for i in blocks[f]] + \
            [c for h in hoc_members for c in hoc_members[h]]
        cols = [Xitems[:, items.index(i)] for f in direct for i in blocks[f]] + \
            [scores1[:, latents.index(c)] for h in hoc_members for c in hoc_members[h]]
        X2 = np.column_stack(cols)
        lat2 = direct + list(hoc_members)
        blocks2 = {f: blocks[f] for f in direct} | {h: list(m) for h, m in hoc_members.items()}
        edges2 = [e for e in edges if e[0] in lat2 and e[1] in lat2 and
                  not (e[0] in hoc_members and e[1] in hoc_members[e[0]])]
        spec = _spec(manifest, lat2, blocks2, edges2)
        Xm = X2
        S = correlations(Xm)
        fit = estimate(S, spec, scheme=scheme, max_iter=max_iter, tol=tol)
        _orient(fit)
    else:
        spec, Xm, S, fit = spec1, Xitems, S1, fit1

    if not fit.converged[0] or not fit1.converged[0]:
        warn.append(f"PLS did not converge in {max_iter} iterations (last max weight change "
                    f"{fit.delta[0]:.2e} > {tol:g}); raise max_iter or check the model "
                    "(constructs with weak or opposite-signed items)")
    finite = np.all(np.isfinite(fit.W[0])) and np.all(np.isfinite(fit.R[0]))
    if not finite:
        raise EstimationError("PLS estimation gave non-finite weights; check for items "
                              "that are identical or perfectly collinear")

    W, L, R = fit.W[0], fit.SW[0], fit.R[0]
    beta, r2 = regressions(fit.R, spec)
    beta, r2 = beta[0], r2[0]
    f2, vif = _f2_vif(R, spec, r2)
    lat_names = spec.latents
    li = {v: k for k, v in enumerate(lat_names)}
    struct_edges = [(li[a], li[b]) for a, b in edges if a in li and b in li
                    and not (a in hoc_members and b in hoc_members[a])]
    struct_endo = list(dict.fromkeys(b for _, b in struct_edges))
    n_pred = {k: len(spec.predecessors(k)) for k in range(spec.K)}

    # measurement quality: items (stage 1) for first-order, stage-2 model for HOCs
    q1 = _quality(S1[0], fit1.W[0], fit1.SW[0], spec1.mask, spec1.latents)
    if spec is not spec1:
        q2_ = _quality(S[0], W, L, spec.mask, spec.latents)
        quality = pd.concat([q1.loc[first_order], q2_.loc[list(hoc_members)]])
    else:
        quality = q1
    fo_idx = [latents.index(f) for f in first_order]
    members = spec1.mask[:, fo_idx]
    H = htmt(S1, members)[0]
    multi = members.sum(axis=0) > 1
    if not np.all(multi):
        single = [f for f, m in zip(first_order, multi, strict=True) if not m]
        warn.append(f"HTMT is undefined for single-item construct(s) {', '.join(single)}")

    # outer VIF
    ovif = {}
    for sp, Sx, lats in ((spec1, S1[0], first_order), (spec, S[0], list(hoc_members))):
        for lat in lats:
            k = sp.latents.index(lat)
            c = np.flatnonzero(sp.mask[:, k])
            if c.size == 1:
                v = np.array([1.0])
            else:
                try:
                    v = np.diag(np.linalg.inv(Sx[np.ix_(c, c)]))
                except np.linalg.LinAlgError:
                    v = np.full(c.size, np.inf)
            for j, vv in zip(c, v, strict=True):
                ovif[(lat, sp.manifest[j])] = float(vv)
    if any(v >= 1e8 for v in ovif.values()):
        _w = SingularMatrixWarning("some blocks have perfectly collinear indicators "
                                   "(outer VIF infinite); remove duplicated items")
        warn.append(str(_w))

    # Q^2
    try:
        q2 = _blindfold(Xm, spec, struct_endo, scheme=scheme, W0=W,
                        distance=blindfold_distance, max_iter=max_iter, tol=tol)
    except np.linalg.LinAlgError:
        q2 = np.full(len(struct_endo), np.nan)
        warn.append("blindfolding failed (singular matrices); Q^2 not reported")

    # ------------------------------------------------------------------ bootstrap
    chains = indirect_chains([(lat_names[b], tuple(lat_names[a] for a, bb in struct_edges if bb == b))
                              for b in struct_endo])
    chain_idx = [[li[v] for v in ch] for ch in chains]
    mask_rows, mask_cols = np.nonzero(spec.mask)
    e_from = np.array([a for a, _ in spec.edges])
    e_to = np.array([b for _, b in spec.edges])
    gi, gj = np.triu_indices(len(first_order), 1)
    same_items = spec is spec1
    Wref = W
    corr_m = Correlator(Xm)
    corr_i = corr_m if same_items else Correlator(Xitems)

    def stats_of(counts: np.ndarray) -> dict[str, np.ndarray]:
        Sb = corr_m(counts)
        fb = estimate(Sb, spec, scheme=scheme, W0=Wref, max_iter=max_iter, tol=tol)
        reflect(fb, Wref)
        bb, _ = regressions(fb.R, spec)
        out = {"paths": bb[:, e_from, e_to],
               "loadings": fb.SW[:, mask_rows, mask_cols],
               "weights": fb.W[:, mask_rows, mask_cols]}
        ind = np.ones((counts.shape[0], len(chain_idx)))
        for c, ch in enumerate(chain_idx):
            for a, b in pairwise(ch):
                ind[:, c] *= bb[:, a, b]
        out["indirect"] = ind
        Si = Sb if same_items else corr_i(counts)
        out["htmt"] = htmt(Si, members)[:, gi, gj]
        ok = fb.ok
        for arr in out.values():
            arr[~ok] = np.nan
        out["ok"] = ok
        return out

    est = {"paths": beta[e_from, e_to], "loadings": L[mask_rows, mask_cols],
           "weights": W[mask_rows, mask_cols],
           "indirect": np.array([np.prod([beta[a, b] for a, b in pairwise(ch)])
                                 for ch in chain_idx]),
           "htmt": H[gi, gj]}
    level = 1 - alpha if tails == 2 else 1 - 2 * alpha
    inf: dict[str, dict[str, np.ndarray]] = {}
    used = 0
    if bootstrap > 0:
        rng = np.random.default_rng(seed)
        boot = {k: np.full((bootstrap, v.size), np.nan) for k, v in est.items()}
        done = 0
        while done < bootstrap:
            b = min(block_size, bootstrap - done)
            idx = rng.integers(0, n, size=(b, n))
            counts = np.bincount((idx + n * np.arange(b)[:, None]).ravel(),
                                 minlength=b * n).reshape(b, n)
            res = stats_of(counts)
            for k, arr in boot.items():
                arr[done:done + b] = res[k]
            done += b
            if progress is not None:
                progress(b)
        okb = np.all(np.isfinite(boot["paths"]), axis=1)
        used = int(okb.sum())
        if used < bootstrap:
            warn.append(f"{bootstrap - used} of {bootstrap} bootstrap resamples did not "
                        "converge or gave non-finite estimates and were excluded")
        if used < 2:
            raise EstimationError("fewer than 2 bootstrap resamples converged; check the model")
        # jackknife for the BCa acceleration
        jack = {k: np.full((n, v.size), np.nan) for k, v in est.items()}
        for s in range(0, n, block_size):
            e = min(n, s + block_size)
            counts = np.ones((e - s, n))
            counts[np.arange(e - s), np.arange(s, e)] = 0.0
            res = stats_of(counts)
            for k, arr in jack.items():
                arr[s:e] = res[k]
        for k, v in est.items():
            bk = boot[k][okb]
            se = np.std(bk, axis=0, ddof=1) if bk.shape[0] > 1 else np.full(v.size, np.nan)
            with np.errstate(invalid="ignore", divide="ignore"):
                t = v / se
            dist = stats.t(n - 1)  # as p_from_t, vectorised
            p = 2.0 * dist.sf(np.abs(t)) if tails == 2 else dist.sf(t)
            a2 = (1 - level) / 2
            pl, pu = (np.nanquantile(bk, [a2, 1 - a2], axis=0) if v.size
                      else (np.empty(0), np.empty(0)))
            bl, bu = bca_ci(bk, v, jack[k], level) if v.size else (np.empty(0), np.empty(0))
            inf[k] = {"se": se, "t": t, "p": p, "pct_lower": pl, "pct_upper": pu,
                      "bca_lower": bl, "bca_upper": bu}
    else:
        for k, v in est.items():
            nan = np.full(v.size, np.nan)
            inf[k] = {"se": nan, "t": nan, "p": nan, "pct_lower": nan, "pct_upper": nan,
                      "bca_lower": nan, "bca_upper": nan}
        warn.append("no bootstrap (bootstrap=0): standard errors, p values and intervals "
                    "are not available and no hypothesis is marked supported")
    lo_key, hi_key = ("bca_lower", "bca_upper") if ci == "bca" else ("pct_lower", "pct_upper")

    # ------------------------------------------------------------------ tables
    pidx = pd.MultiIndex.from_tuples([(lat_names[a], lat_names[b]) for a, b in spec.edges],
                                     names=["from", "to"])
    ip = inf["paths"]
    paths_df = pd.DataFrame({"est": est["paths"], "se": ip["se"], "t": ip["t"], "p": ip["p"],
                             "ci_lower": ip[lo_key], "ci_upper": ip[hi_key],
                             "pct_lower": ip["pct_lower"], "pct_upper": ip["pct_upper"],
                             "bca_lower": ip["bca_lower"], "bca_upper": ip["bca_upper"],
                             "f2": f2, "vif": vif}, index=pidx)
    oidx = pd.MultiIndex.from_tuples([(lat_names[k], spec.manifest[j])
                                      for j, k in zip(mask_rows, mask_cols, strict=True)],
                                     names=["latent", "indicator"])
    il, iw = inf["loadings"], inf["weights"]
    outer = pd.DataFrame({"weight": est["weights"], "loading": est["loadings"],
                          "loading_se": il["se"], "loading_t": il["t"], "loading_p": il["p"],
                          "loading_ci_lower": il[lo_key], "loading_ci_upper": il[hi_key],
                          "weight_se": iw["se"], "weight_t": iw["t"], "weight_p": iw["p"]},
                         index=oidx)
    if spec is not spec1:  # stage-1 measurement of first-order constructs (no bootstrap)
        r1, c1 = np.nonzero(spec1.mask[:, fo_idx])
        idx1 = pd.MultiIndex.from_tuples([(first_order[k], items[j]) for j, k in zip(r1, c1, strict=True)],
                                         names=["latent", "indicator"])
        st1 = pd.DataFrame({"weight": fit1.W[0][:, fo_idx][r1, c1],
                            "loading": fit1.SW[0][:, fo_idx][r1, c1]}, index=idx1)
        st1 = st1[[i not in outer.index for i in st1.index]]
        outer = pd.concat([st1.reindex(columns=outer.columns), outer])
    endo = [k for k in range(spec.K) if n_pred[k]]
    r2s = pd.Series({lat_names[k]: r2[k] for k in endo}, name="r2")
    r2a = pd.Series({lat_names[k]: adjusted_r2(r2[k], n, n_pred[k]) for k in endo}, name="r2_adj")
    q2s = pd.Series({lat_names[k]: v for k, v in zip(struct_endo, q2, strict=True)}, name="q2")
    htmt_df = pd.DataFrame(H, index=first_order, columns=first_order)
    ih = inf["htmt"]
    hidx = pd.MultiIndex.from_tuples([(first_order[a], first_order[b]) for a, b in zip(gi, gj, strict=True)])
    htmt_ci = pd.DataFrame({"est": est["htmt"], "se": ih["se"], "ci_lower": ih[lo_key],
                            "ci_upper": ih[hi_key]}, index=hidx)
    sc_lat = spec.latents
    Xs = _standardize(Xm)
    scores = pd.DataFrame(Xs @ W, index=index, columns=list(sc_lat))

    # hypotheses and indirect effects
    tests = []
    for hname, a, b in hypotheses(ins):
        if (a, b) not in paths_df.index:
            continue
        row = paths_df.loc[(a, b)]
        p = float(row["p"])
        tests.append(PathTest(hname, a, b, float(row["est"]), float(row["est"]), float(row["se"]),
                              float(row["t"]), p, float(row["ci_lower"]), float(row["ci_upper"]),
                              is_supported(float(row["est"]), p, alpha=alpha, tails=tails)))
    ii = inf["indirect"]
    indirect = tuple(IndirectEffect(tuple(ch), float(est["indirect"][c]), float(ii["se"][c]),
                                    float(ii["t"][c]), float(ii["p"][c]),
                                    float(ii[lo_key][c]), float(ii[hi_key][c]))
                     for c, ch in enumerate(chains))

    for m in warn:
        cls = ConvergenceWarning if "converge" in m else DataWarning
        _warnings.warn(cls(m), stacklevel=3)
    structural = StructuralResult(
        method="pls", paths=tuple(tests),
        r2={lat_names[k]: float(r2[k]) for k in struct_endo},
        r2_adj={lat_names[k]: float(adjusted_r2(r2[k], n, n_pred[k])) for k in struct_endo},
        indirect=indirect, fit=None, n=n, bootstrap=used, ci_method=ci if bootstrap else "none",
        alpha=alpha, tails=tails, missing="listwise", warnings=tuple(warn))
    return PLSResult(
        structural=structural, n=n, scheme=scheme, higher_order=higher_order,
        converged=bool(fit.converged[0] and fit1.converged[0]),
        iterations=int(fit.iterations[0]), tol=tol, max_iter=max_iter,
        outer=outer, paths=paths_df, r2=r2s, r2_adj=r2a, q2=q2s, quality=quality,
        htmt=htmt_df, htmt_ci=htmt_ci, outer_vif=pd.Series(ovif, name="vif"), scores=scores,
        bootstrap=bootstrap, bootstrap_used=used, ci_method=ci, warnings=tuple(warn))


def t_critical(alpha: float, tails: int, df: int) -> float:
    """Critical |t| for a test at ``alpha`` (e.g. 1.97 for .05 two-tailed, df = 384)."""
    return float(stats.t.ppf(1 - alpha / tails, df))
