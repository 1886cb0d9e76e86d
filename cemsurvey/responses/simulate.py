"""Simulated respondents from the population model an instrument implies.

Population model (from :func:`cemsurvey.instrument.structure.latent_structure` at
``level="structural"``):

* exogenous latent variables are standard normal with correlation ``exo_r`` (.30);
* each regression ``y ~ x1 + x2`` has standardized coefficients ``path_effect`` (0 for
  ``null_paths``), and the disturbance variance ``1 - b' Phi_x b`` keeps Var(y) = 1;
* a second-order dimension loads on its constructs with loadings drawn from
  ``loading_range``, the rest being construct-specific variance;
* item ``i`` of construct ``c``: ``y* = lambda_i eta_c + sqrt(1 - lambda_i^2) e_i`` with
  ``lambda_i ~ U(loading_range)``; ``y*`` is cut at thresholds (the standard-normal
  quantiles of a slightly agreeing response distribution) into the scale's points;
  reverse-keyed items are written reversed (``low + high - code``), as a respondent
  answers them.

Careless respondents (a ``careless`` fraction) are half straight-liners (one answer to
every item) and half random responders (uniform answers); both fail every attention
check and finish in about one second per item, while attentive respondents answer the
checks as instructed and take 4-12 seconds per item. The planted ids are in
``truth.careless``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cemsurvey.errors import DataError, SpecError
from cemsurvey.instrument.model import Instrument, Scale
from cemsurvey.instrument.paths import parse_regression
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.responses.targets import attention_scale


@dataclass(frozen=True)
class SimulationTruth:
    """The population values behind simulated data.

    Attributes
    ----------
    careless
        Ids of the planted careless respondents (straight-liners and random responders).
    straightliners, random_responders
        The two kinds of careless respondents.
    loadings
        Item id -> standardized population loading.
    second_order
        ``(dimension, construct)`` -> standardized second-order loading.
    paths
        ``(predictor, outcome)`` -> standardized coefficient (0 for null paths).
    null_paths
        The ``(predictor, outcome)`` pairs set to 0.
    latent_corr
        Population correlation matrix of the latent variables.
    thresholds
        Item id -> thresholds on the standard-normal response scale.
    group_effects
        Background question -> (construct, shift in SD units of the highest group).
    """

    careless: tuple[str, ...]
    straightliners: tuple[str, ...]
    random_responders: tuple[str, ...]
    loadings: pd.Series
    second_order: dict[tuple[str, str], float]
    paths: dict[tuple[str, str], float]
    null_paths: tuple[tuple[str, str], ...]
    latent_corr: pd.DataFrame
    thresholds: dict[str, np.ndarray]
    group_effects: dict[str, tuple[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "careless": list(self.careless),
            "straightliners": list(self.straightliners),
            "random_responders": list(self.random_responders),
            "loadings": self.loadings.to_dict(),
            "second_order": [{"dimension": d, "construct": c, "loading": v} for (d, c), v in self.second_order.items()],
            "paths": [{"from": a, "to": b, "std": v, "null": (a, b) in self.null_paths} for (a, b), v in self.paths.items()],
            "group_effects": {k: {"construct": c, "effect": e} for k, (c, e) in self.group_effects.items()},
        }


@dataclass(frozen=True)
class SimulationResult:
    """Simulated answers.

    Attributes
    ----------
    data
        Respondent id (``r1``...) x item ids then attention-check ids: codes as answered.
    background
        Coded background answers (single/number by id, multiple as ``<id>_<code>`` 0/1,
        text as text).
    durations
        Completion time in seconds.
    truth
        :class:`SimulationTruth`.
    n, seed
        Sample size and seed.
    warnings
        Warning texts.
    """

    data: pd.DataFrame
    background: pd.DataFrame
    durations: pd.Series
    truth: SimulationTruth
    n: int
    seed: int | None
    warnings: tuple[str, ...] = ()

    @property
    def items(self) -> pd.DataFrame:
        """Item columns only."""
        return self.data[[c for c in self.data.columns if c in set(self._item_ids)]]

    @property
    def _item_ids(self) -> list[str]:
        return list(self.truth.loadings.index)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "seed": self.seed, "truth": self.truth.to_dict(), "warnings": list(self.warnings)}


def thresholds_for(points: int) -> np.ndarray:
    """Standard-normal thresholds cutting ``y*`` into ``points`` categories.

    Category probabilities follow a binomial(points - 1, 0.55) shape: most answers in
    the middle, slightly agreeing, every point used.

    >>> np.round(thresholds_for(5), 3).tolist()
    [-1.515, -0.627, 0.273, 1.238]
    """
    k = np.arange(points)
    p = stats.binom.pmf(k, points - 1, 0.55)
    p = 0.85 * p + 0.15 / points
    return stats.norm.ppf(np.cumsum(p)[:-1])


def _parse_null(ins: Instrument, spec: str | tuple[str, str]) -> list[tuple[str, str]]:
    if isinstance(spec, tuple):
        return [spec]
    try:
        regs = parse_regression(spec)
    except ValueError as exc:  # parse errors of user input
        raise DataError(f"null path {exc}") from None
    return [(x, y) for y, xs in regs for x in xs]


def _cut(ystar: np.ndarray, scale: Scale, thr: np.ndarray) -> np.ndarray:
    if scale.type == "likert":
        codes = np.asarray(scale.codes, dtype=float)
        return codes[np.searchsorted(thr, ystar)]
    lo = scale.min if scale.min is not None else 0.0
    hi = scale.max if scale.max is not None else 10.0
    u = stats.norm.cdf(ystar)
    return np.round(lo + u * (hi - lo))


def simulate_responses(
    ins: Instrument,
    n: int,
    *,
    seed: int | None,
    path_effect: float = 0.4,
    null_paths: tuple[str | tuple[str, str], ...] | list[str] = (),
    loading_range: tuple[float, float] = (0.6, 0.85),
    careless: float = 0.0,
    missing: float = 0.0,
    group_effects: dict[str, tuple[str, float]] | None = None,
    exo_r: float = 0.3,
) -> SimulationResult:
    """Simulate ``n`` respondents answering ``ins``.

    Parameters
    ----------
    ins
        The instrument.
    n
        Number of respondents (>= 1).
    seed
        Seed of :func:`numpy.random.default_rng` (same seed, same data).
    path_effect
        Standardized coefficient of every structural arrow.
    null_paths
        Arrows set to 0, as ``"outcome ~ predictor"`` or ``(predictor, outcome)``; names
        as in the model's ``paths`` (dimensions or constructs).
    loading_range
        Range of the uniform draws of standardized loadings (items and second order).
    careless
        Fraction of careless respondents (0-0.5).
    missing
        Fraction of item answers of attentive respondents set missing (0-0.5).
    group_effects
        ``{background question: (construct, d)}``: respondents in the question's k-th
        option (0-based, of k_max) get ``d * k / k_max`` added to the construct's latent
        score (so with two options the second group is ``d`` SD higher).
    exo_r
        Correlation among exogenous latent variables.

    Returns
    -------
    SimulationResult

    Notes
    -----
    Verified by recovery tests: on large simulated samples the item-construct
    correlations, the planted null paths and group differences and the careless
    respondents are recovered (``tests/responses/test_responses_simulate.py``).
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise DataError(f"n = {n}: simulate at least 1 respondent")
    if not 0 <= careless <= 0.5:
        raise DataError(f"careless = {careless}: give a fraction between 0 and 0.5")
    if not 0 <= missing <= 0.5:
        raise DataError(f"missing = {missing}: give a fraction between 0 and 0.5")
    lo, hi = loading_range
    if not 0 < lo <= hi < 1:
        raise DataError(f"loading_range = {loading_range}: need 0 < low <= high < 1")
    rng = np.random.default_rng(seed)
    notes: list[str] = []
    st = latent_structure(ins, "structural")
    lat = list(st.latents)
    li = {v: i for i, v in enumerate(lat)}
    m = len(lat)

    # structural coefficients
    nulls: list[tuple[str, str]] = []
    for spec in null_paths:
        nulls += _parse_null(ins, spec)
    nulls = [(st.aliases.get(a, a), st.aliases.get(b, b)) for a, b in nulls]
    declared = {(x, y) for y, xs in st.regressions for x in xs}
    for pair in nulls:
        if pair not in declared:
            have = ", ".join(f"{y} ~ {x}" for x, y in sorted(declared)) or "none"
            raise SpecError(
                f"null path '{pair[1]} ~ {pair[0]}' is not a path of the model; paths are: {have}"
            )
    B = np.zeros((m, m))
    paths: dict[tuple[str, str], float] = {}
    for y, xs in st.regressions:
        for x in xs:
            if ":" in x:  # an interaction term: the population model is linear
                notes.append(f"interaction term {x} -> {y} is not simulated (linear model)")
                continue
            b = 0.0 if (x, y) in nulls else path_effect
            B[li[y], li[x]] = b
            paths[(x, y)] = b
    second: dict[tuple[str, str], float] = {}
    for h in st.higher_order:
        for c in st.indicators[h]:
            g = float(rng.uniform(lo, hi))
            B[li[c], li[h]] = g
            second[(h, c)] = g
    # disturbance covariance: exogenous block correlated, endogenous variances so Var = 1
    endo = set(st.endogenous)
    exo = [v for v in lat if v not in endo]
    psi = np.zeros((m, m))
    for a in exo:
        for b in exo:
            psi[li[a], li[b]] = 1.0 if a == b else exo_r
    order = _topological(lat, B)
    inv = None
    for v in order:
        if v in endo:
            # variance of the explained part given current Psi
            inv = np.linalg.inv(np.eye(m) - B)
            cov = inv @ psi @ inv.T
            i = li[v]
            expl = B[i] @ cov @ B[i]
            if expl >= 0.95:
                scale_b = math.sqrt(0.95 / expl)
                B[i] *= scale_b
                notes.append(f"paths into {v} scaled by {scale_b:.3f} so its R^2 stays below .95")
                for key in list(paths):
                    if key[1] == v:
                        paths[key] *= scale_b
                expl = 0.95
            psi[i, i] = 1.0 - expl
    inv = np.linalg.inv(np.eye(m) - B)
    phi = inv @ psi @ inv.T
    zeta = rng.multivariate_normal(np.zeros(m), psi, size=n, method="cholesky") if m else np.zeros((n, 0))
    eta = zeta @ inv.T

    # background answers (drawn before items so group effects can shift latents)
    bg_cols: dict[str, Any] = {}
    group_effects = dict(group_effects or {})
    for b in ins.background:
        if b.type == "single":
            codes = list((b.options or {}).keys())
            probs = rng.dirichlet(np.full(len(codes), 8.0))
            bg_cols[b.id] = np.asarray(codes, dtype=float)[rng.choice(len(codes), size=n, p=probs)]
        elif b.type == "multiple":
            # every respondent picks at least one option: in one-column exports an empty
            # cell means "not answered", not "none chosen"
            opts_b = list(b.options or {})
            pick = rng.random((n, len(opts_b))) < 0.4
            none = ~pick.any(axis=1)
            pick[np.flatnonzero(none), rng.integers(0, len(opts_b), size=int(none.sum()))] = True
            for k, code in enumerate(opts_b):
                bg_cols[f"{b.id}_{code}"] = pick[:, k].astype(float)
        elif b.type == "number":
            lo_b = b.min if b.min is not None else 18.0
            hi_b = b.max if b.max is not None else max(lo_b + 50.0, 65.0)
            bg_cols[b.id] = np.round(rng.uniform(lo_b, hi_b, size=n))
        else:
            txt = np.array([None] * n, dtype=object)
            pick = rng.random(n) < 0.3
            txt[pick] = [f"comment {i + 1}" for i in np.flatnonzero(pick)]
            bg_cols[b.id] = txt
    for q, (construct, d) in group_effects.items():
        bq = next((b for b in ins.background if b.id == q), None)
        if bq is None or bq.type != "single":
            raise SpecError(f"group effect on '{q}': not a single-choice background question of the model")
        if construct not in li:
            raise SpecError(f"group effect on '{q}': '{construct}' is not a construct of the model")
        codes = list((bq.options or {}).keys())
        k = np.searchsorted(np.asarray(codes, dtype=float), bg_cols[q])
        kmax = max(len(codes) - 1, 1)
        eta[:, li[construct]] += d * k / kmax
    background = pd.DataFrame(bg_cols, index=_ids(n))

    # items
    cols: dict[str, np.ndarray] = {}
    loadings: dict[str, float] = {}
    thresholds: dict[str, np.ndarray] = {}
    for c in ins.constructs:
        scale = ins.scale_of(c)
        thr = thresholds_for(scale.points or 5) if scale.type == "likert" else np.array([])
        for it in c.items:
            lam = float(rng.uniform(lo, hi))
            ystar = lam * eta[:, li[c.id]] + math.sqrt(1 - lam**2) * rng.standard_normal(n)
            code = _cut(ystar, scale, thr)
            if it.reverse and scale.low is not None and scale.high is not None:
                code = scale.low + scale.high - code
            cols[it.id] = code
            loadings[it.id] = lam
            thresholds[it.id] = thr
    ids = _ids(n)
    n_care = round(careless * n)
    care_pos = np.sort(rng.choice(n, size=n_care, replace=False)) if n_care else np.array([], dtype=int)
    n_straight = (n_care + 1) // 2
    straight_pos = care_pos[:n_straight]
    random_pos = care_pos[n_straight:]
    item_ids = ins.item_ids
    for pos in straight_pos:
        # the same point of the scale (by position) for every item
        q = rng.integers(0, 5)
        for it in item_ids:
            s = ins.scale_of_item(it)
            codes = s.codes or [s.min or 0, s.max or 10]
            cols[it][pos] = codes[min(q, len(codes) - 1)]
    for pos in random_pos:
        for it in item_ids:
            s = ins.scale_of_item(it)
            codes = s.codes or list(range(int(s.min or 0), int(s.max or 10) + 1))
            cols[it][pos] = codes[rng.integers(0, len(codes))]
    if missing > 0:
        attentive = np.ones(n, dtype=bool)
        attentive[care_pos] = False
        for it in item_ids:
            hole = attentive & (rng.random(n) < missing)
            cols[it][hole] = np.nan
    for a in ins.attention_checks:
        s = attention_scale(ins, a.id)
        codes = np.asarray(s.codes, dtype=float)
        col = np.full(n, float(a.expect))
        others = codes[codes != a.expect]
        for pos in care_pos:
            if pos in straight_pos:
                vals = [cols[it][pos] for it in item_ids[:1]]
                v = vals[0]
                col[pos] = v if v != a.expect and v in others else others[rng.integers(0, len(others))]
            else:
                col[pos] = others[rng.integers(0, len(others))]
        cols[a.id] = col
    data = pd.DataFrame(cols, index=ids, columns=[*item_ids, *(a.id for a in ins.attention_checks)], dtype=float)
    data.index.name = "respondent"
    n_q = len(item_ids) + len(ins.attention_checks) + len(ins.background)
    per_item = np.exp(rng.normal(math.log(6.5), 0.2, size=n))
    per_item[care_pos] = rng.uniform(0.6, 1.4, size=n_care)
    durations = pd.Series(np.round(per_item * n_q), index=ids, name="seconds")

    truth = SimulationTruth(
        careless=tuple(ids[care_pos]),
        straightliners=tuple(ids[straight_pos]),
        random_responders=tuple(ids[random_pos]),
        loadings=pd.Series(loadings, name="loading"),
        second_order=second,
        paths=paths,
        null_paths=tuple(nulls),
        latent_corr=pd.DataFrame(phi, index=lat, columns=lat),
        thresholds=thresholds,
        group_effects=group_effects,
    )
    background.index = ids
    background.index.name = "respondent"
    return SimulationResult(data, background, durations, truth, int(n), seed, tuple(notes))


def _ids(n: int) -> pd.Index:
    return pd.Index([f"r{i + 1}" for i in range(n)], name="respondent", dtype=object)


def _topological(lat: list[str], B: np.ndarray) -> list[str]:
    """Latents ordered so every predictor precedes its outcomes (B[y, x] != 0)."""
    m = len(lat)
    done: list[int] = []
    left = set(range(m))
    while left:
        ready = [i for i in sorted(left) if all(j in done or B[i, j] == 0 or j == i for j in range(m))]
        if not ready:
            raise SpecError("the structural paths form a cycle; simulation needs a recursive model")
        for i in ready:
            done.append(i)
            left.discard(i)
    return [lat[i] for i in done]
