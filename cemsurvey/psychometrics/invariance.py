"""Measurement invariance across groups: configural, metric, scalar and strict levels,
partial invariance found by score tests, latent mean differences, and path differences.

Levels (lavaan's ``group.equal``; marker identification, latent means 0 in the first group
and free in the others from the scalar level on):

==========  =====================================  =====================
level       held equal across groups               compared with
==========  =====================================  =====================
configural  nothing (same pattern)                 -
metric      loadings                               configural
scalar      loadings, intercepts                   metric
strict      loadings, intercepts, residual var.    scalar
==========  =====================================  =====================

A level holds when, against the level below, ``delta CFI >= -.010``, ``delta RMSEA <= .015``
and ``delta SRMR <= .030`` (metric) or ``.010`` (scalar, strict) (Chen 2007; Cheung &
Rensvold 2002); the chi-square difference test is reported beside it.

Partial invariance: when a level fails, the equality constraint of that level with the
largest univariate score test (lavaan's ``lavTestScore``) is released (the parameter becomes
free in every group, lavaan's ``group.partial``), the level is refitted and judged again
against the (possibly partial) level below, until it holds or the limit is reached: a release
may not leave a factor with fewer than two equal parameters of the kind being tested
(Byrne, Shavelson & Muthén 1989), and at most ``max_release`` parameters are released per
level (default: half of that level's constraints). Constraints of lower levels are never
released. Released parameters stay released at the higher levels.

Verified against lavaan 0.6 on HolzingerSwineford1939 by school and bfi by gender (every fit
index of every level and the chi-square differences within 1e-4 relative, score tests within
1e-4; tests/psychometrics/test_invariance.py), and on simulated data with one planted
non-invariant loading and one planted non-invariant intercept, which the search releases.
With missing answers, FIML (lavaan's ``missing = "ml"``; :mod:`.sem.multigroup_fiml`).

References
----------
Byrne, B. M., Shavelson, R. J. & Muthén, B. (1989). Testing for the equivalence of factor
covariance and mean structures. *Psychological Bulletin* 105(3), 456-466.
Chen, F. F. (2007). Sensitivity of goodness of fit indexes to lack of measurement invariance.
*Structural Equation Modeling* 14(3), 464-504.
Cheung, G. W. & Rensvold, R. B. (2002). Evaluating goodness-of-fit indexes for testing
measurement invariance. *Structural Equation Modeling* 9(2), 233-255.
Meredith, W. (1993). Measurement invariance, factor analysis and factorial invariance.
*Psychometrika* 58(4), 525-543.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import DataWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure, latent_structure
from cemsurvey.psychometrics.invariance_groups import usable_groups
from cemsurvey.psychometrics.invariance_ordinal import ordinal_levels
from cemsurvey.psychometrics.scores import reverse_keyed
from cemsurvey.psychometrics.sem.multigroup_fiml import fit_groups as fit_multigroup  # FIML if gaps
from cemsurvey.psychometrics.sem.multigroup_fiml import needs_fiml
from cemsurvey.psychometrics.sem.multigroup_fit import GroupMoments, MultiGroupFit
from cemsurvey.psychometrics.sem.multigroup_robust import sb2001
from cemsurvey.stats.distributions import chi2_sf, norm_sf

LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("configural", ()),
    ("metric", ("loadings",)),
    ("scalar", ("loadings", "intercepts")),
    ("strict", ("loadings", "intercepts", "residuals")),
)
#: the equality class each level adds
TESTED = {"metric": "loadings", "scalar": "intercepts", "strict": "residuals"}
#: Chen (2007) cut-offs: (delta CFI >=, delta RMSEA <=, delta SRMR <=)
CRITERIA = {"metric": (-0.010, 0.015, 0.030), "scalar": (-0.010, 0.015, 0.010),
            "strict": (-0.010, 0.015, 0.010)}
FIT_KEYS = ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea_ci_lower", "rmsea_ci_upper",
            "srmr", "aic", "bic")
ROBUST_KEYS = ("chisq_scaled", "pvalue_scaled", "chisq_scaling_factor", "cfi_robust",
               "tli_robust", "rmsea_robust")


def _fit_of(fit: MultiGroupFit) -> dict[str, float]:
    keys = FIT_KEYS + (ROBUST_KEYS if fit.estimator == "MLR" else ())
    return {k: fit.fit[k] for k in keys}


@dataclass(frozen=True)
class InvarianceLevel:
    """One level of the sequence.

    Attributes
    ----------
    level
        ``configural``, ``metric``, ``scalar`` or ``strict``.
    fit
        Fit of the full-invariance model of this level (:data:`FIT_KEYS`).
    delta
        Against the accepted level below: ``chisq, df, p, cfi, rmsea, srmr`` (None for
        configural).
    holds
        Whether the full-invariance model meets the criteria (None for configural).
    released
        Parameters released to reach partial invariance at this level (empty if none).
    partial_fit, partial_delta
        Fit and deltas of the partial model (None when nothing was released).
    partial_holds
        Whether the partial model meets the criteria.
    """

    level: str
    fit: dict[str, float]
    delta: dict[str, float] | None = None
    holds: bool | None = None
    released: tuple[str, ...] = ()
    partial_fit: dict[str, float] | None = None
    partial_delta: dict[str, float] | None = None
    partial_holds: bool | None = None

    @property
    def verdict(self) -> str:
        """``holds``, ``partial``, ``fails`` or ``baseline``."""
        if self.holds is None:
            return "baseline"
        if self.holds:
            return "holds"
        return "partial" if self.partial_holds else "fails"

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "fit": _clean(self.fit), "delta": _clean(self.delta),
                "verdict": self.verdict, "released": list(self.released),
                "partial_fit": _clean(self.partial_fit), "partial_delta": _clean(self.partial_delta)}


@dataclass(frozen=True)
class InvarianceResult:
    """Measurement invariance of an instrument across the groups of one question.

    Attributes
    ----------
    group
        The grouping variable's name; ``groups`` its labels and ``n_by_group`` their sizes.
    levels
        The tested levels in order (a level is tested only when the one below holds).
    reached
        The highest level that holds, fully or partially (``"none"`` if even the metric
        level fails; ``"configural"`` is always reached when the model fits at all).
    released
        Every released parameter as ``(level, key)``.
    latent_means
        Latent mean differences against the first group once (partial) scalar invariance
        holds: ``latent, group, diff, se, z, p``; empty otherwise.
    paths
        Per structural path: ``path, chisq, df, p`` of constraining it equal across groups
        (on the highest invariance level reached, at least metric); empty when the
        instrument has no paths or metric invariance fails.
    method, missing
        Estimator (``ML`` or ``MLR``) and missing-data policy (``listwise`` within groups,
        or ``fiml``).
    """

    group: str
    groups: tuple[str, ...]
    n_by_group: tuple[int, ...]
    levels: tuple[InvarianceLevel, ...]
    reached: str
    released: tuple[tuple[str, str], ...]
    latent_means: pd.DataFrame
    paths: pd.DataFrame
    method: str = "ML"
    missing: str = "listwise"
    warnings: tuple[str, ...] = ()
    fits: dict[str, MultiGroupFit] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n(self) -> int:
        return int(sum(self.n_by_group))

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group, "groups": list(self.groups),
            "n_by_group": dict(zip(self.groups, self.n_by_group)), "n": self.n,
            "method": self.method, "missing": self.missing, "reached": self.reached,
            "levels": [lv.to_dict() for lv in self.levels],
            "partial": {"freed": [{"level": a, "parameter": b} for a, b in self.released],
                        "fit": _clean(next((lv.partial_fit for lv in reversed(self.levels)
                                            if lv.partial_fit is not None), None))},
            "latent_means": _records(self.latent_means),
            "paths": _records(self.paths),
            "warnings": list(self.warnings),
        }


def _clean(d: dict[str, float] | None) -> dict[str, float | None] | None:
    if d is None:
        return None
    return {k: (None if not math.isfinite(float(v)) else float(v)) for k, v in d.items()}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
             for k, v in row.items()} for row in df.to_dict(orient="records")]


def compare(lower: MultiGroupFit, upper: MultiGroupFit, level: str) -> tuple[dict[str, float], bool]:
    """Deltas of ``upper`` against ``lower`` and whether Chen's (2007) criteria hold.

    Under ML ``delta chisq`` is the likelihood-ratio difference (lavaan's ``lavTestLRT``);
    under MLR the Satorra-Bentler (2001) scaled difference and the deltas of the robust CFI
    and RMSEA (Brosseau-Liard & Savalei 2014).
    """
    a, b = lower.fit, upper.fit
    robust = lower.estimator == "MLR" and upper.estimator == "MLR"
    if robust:
        d = sb2001(b["chisq"], b["df"], b["chisq_scaling_factor"],
                   a["chisq"], a["df"], a["chisq_scaling_factor"])
        dchi, ddf, p = d["chisq"], d["df"], d["p"]
    else:
        dchi, ddf = b["chisq"] - a["chisq"], b["df"] - a["df"]
        p = float(chi2_sf(dchi, ddf)) if ddf > 0 else float("nan")
    cfi, rmsea = ("cfi_robust", "rmsea_robust") if robust else ("cfi", "rmsea")
    delta = {"chisq": dchi, "df": ddf, "p": p, "cfi": b[cfi] - a[cfi],
             "rmsea": b[rmsea] - a[rmsea], "srmr": b["srmr"] - a["srmr"]}
    c_cfi, c_rmsea, c_srmr = CRITERIA[level]
    holds = delta["cfi"] >= c_cfi and delta["rmsea"] <= c_rmsea and delta["srmr"] <= c_srmr
    return delta, bool(holds)


def _members(key: str, kind: str, st: LatentStructure) -> tuple[list[str], int]:
    """The parameters of ``kind`` on the same factor as ``key``, and how many of that
    factor's parameters are fixed equal anyway (the marker loading)."""
    if kind == "loadings":
        factor = key.split(" =~ ")[0]
        return [f"{factor} =~ {x}" for x in st.indicators[factor][1:]], 1
    item = key.split(" ")[0]
    fmt = "{x} ~1" if kind == "intercepts" else "{x} ~~ {x}"
    for ind in st.indicators.values():
        if item in ind:
            return [fmt.format(x=x) for x in ind], 0
    return [], 2


def _may_release(key: str, kind: str, st: LatentStructure, released: set[str]) -> bool:
    """Byrne et al. (1989): keep at least two equal parameters of this kind per factor."""
    members, fixed = _members(key, kind, st)
    return sum(m not in released for m in members) + fixed > 2


def _search(groups: list[GroupMoments], st: LatentStructure, level: str, equal: tuple[str, ...],
            released: set[str], lower: MultiGroupFit, first: MultiGroupFit, max_release: int
            ) -> tuple[list[str], MultiGroupFit, dict[str, float], bool]:
    """Release one constraint at a time by the largest score test until the level holds."""
    kind = TESTED[level]
    freed: list[str] = []
    fit = first
    delta, holds = compare(lower, fit, level)
    while not holds and len(freed) < max_release:
        tests = fit.score_tests({kind})
        cand = [k for k in dict.fromkeys(tests["key"])
                if k not in released and _may_release(k, kind, st, released)]
        if not cand:
            break
        key = cand[0]
        released.add(key)
        freed.append(key)
        fit = fit_multigroup(groups, st, equal=equal, released=released, warm=fit,
                             estimator=lower.estimator, standard_errors=False)
        delta, holds = compare(lower, fit, level)
    if freed and not np.isfinite(fit.estimates["se"]).any():
        # the accepted partial model with its SEs (latent means are read from it); under
        # MLR the search's fits carry their robust SEs already
        fit = fit_multigroup(groups, st, equal=equal, released=released, warm=fit,
                             estimator=lower.estimator)
    return freed, fit, delta, holds


def _latent_means(fit: MultiGroupFit) -> pd.DataFrame:
    e = fit.estimates
    rows = e[(e["op"] == "~1") & e["lhs"].isin(fit.problem.model.base.latents)
             & np.isfinite(e["se"])]
    z = rows["est"] / rows["se"]
    return pd.DataFrame({"latent": rows["lhs"].to_numpy(), "group": rows["group"].to_numpy(),
                         "diff": rows["est"].to_numpy(), "se": rows["se"].to_numpy(),
                         "z": z.to_numpy(), "p": 2 * norm_sf(np.abs(z.to_numpy()))})


def _path_tests(groups: list[GroupMoments], st: LatentStructure, equal: tuple[str, ...],
                released: set[str], estimator: str) -> pd.DataFrame:
    keys = [f"{y} ~ {x}" for y, xs in st.regressions for x in xs]
    cols = ["path", "chisq", "df", "p"]
    if not keys:
        return pd.DataFrame(columns=cols)
    free = fit_multigroup(groups, st, equal=equal, released=released, estimator=estimator)
    rows = []
    for key in keys:
        others = set(released) | (set(keys) - {key})
        con = fit_multigroup(groups, st, equal=equal + ("regressions",), released=others,
                             warm=free, estimator=estimator)
        delta, _ = compare(free, con, "metric")
        rows.append({"path": key, "chisq": delta["chisq"], "df": delta["df"], "p": delta["p"]})
    return pd.DataFrame(rows, columns=cols)


def measurement_invariance(data: pd.DataFrame, model: Instrument | LatentStructure,
                           group: str | pd.Series, *, paths: bool = True,
                           max_release: int | None = None, estimator: str = "ML",
                           missing: str = "auto") -> InvarianceResult:
    """Test configural, metric, scalar and strict invariance across the groups of ``group``.

    Parameters
    ----------
    data
        Responses (item codes); reverse-keyed items are recoded when ``model`` is an
        instrument.
    model
        The instrument (its first-order measurement model) or a latent structure.
    group
        Column name of ``data``, or a Series aligned with it.
    paths
        Also test each structural path of the instrument for equality across groups.
    max_release
        Most parameters released per level (default half of the level's constraints).
    estimator
        ``"ML"`` or ``"MLR"`` (Satorra-Bentler 2001 differences, robust CFI and RMSEA), or
        ``"WLSMV"`` for ordered items: the levels configural, thresholds, metric, scalar of
        Wu & Estabrook (2016), scaled CFI/RMSEA, satorra.2000 differences, no partial search
        (:mod:`cemsurvey.psychometrics.invariance_ordinal`).
    missing
        ``"auto"`` (default): FIML (lavaan's ``missing = "ml"``, every respondent with at
        least one answer; :mod:`.sem.multigroup_fiml`) when an item has a missing answer in
        a group, otherwise the complete-data fit; ``"fiml"`` the same; ``"listwise"``
        complete cases within each group.

    Examples
    --------
    >>> import pandas as pd
    >>> from cemsurvey.instrument.structure import LatentStructure
    >>> hs = pd.read_csv("tests/reference/data/holzinger_swineford.csv")
    >>> st = LatentStructure(observed=tuple(f"x{i}" for i in range(1, 10)),
    ...     latents=("visual", "textual", "speed"),
    ...     indicators={"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"),
    ...                 "speed": ("x7", "x8", "x9")},
    ...     latent_covariances=(("visual", "textual"), ("visual", "speed"), ("textual", "speed")))
    >>> res = measurement_invariance(hs, st, "school")
    >>> float(round(res.levels[0].fit["chisq"], 3)), res.reached, res.released
    (115.851, 'strict', (('scalar', 'x3 ~1'), ('scalar', 'x7 ~1')))
    """
    with blas_threads(1):
        return _invariance(data, model, group, paths, max_release, estimator, missing)


def _invariance(data: pd.DataFrame, model: Instrument | LatentStructure, group: str | pd.Series,
                paths: bool, max_release: int | None, estimator: str,
                missing: str = "auto") -> InvarianceResult:
    issues: list[str] = []
    g = data[group] if isinstance(group, str) else pd.Series(group, index=data.index)
    name = group if isinstance(group, str) else str(g.name or "group")
    g = g.rename(name)
    if isinstance(model, Instrument):
        st = latent_structure(model, "first")
        data = reverse_keyed(data, model, strict=False)
        full = latent_structure(model, "structural") if paths else None
        full = full if full is not None and full.regressions else None
    else:
        st, full = model, (model if paths and model.regressions else None)
    items = list(st.observed)
    p = len(items)
    n_par = p * 3 + len(st.latents) * (len(st.latents) + 1) // 2
    fiml = estimator != "WLSMV" and needs_fiml(data, items, g, missing)
    groups = usable_groups(data, items, g, min(n_par, p + 1), issues, fiml)
    if estimator == "WLSMV":
        return _wlsmv(data, st, g, name, groups, issues)
    fits: dict[str, MultiGroupFit] = {}
    levels: list[InvarianceLevel] = []
    released: set[str] = set()
    freed_all: list[tuple[str, str]] = []
    lower = fits["configural"] = fit_multigroup(groups, st, estimator=estimator)
    levels.append(InvarianceLevel("configural", _fit_of(lower)))
    reached = "configural"
    for level, equal in LEVELS[1:]:
        full_fit = fit_multigroup(groups, st, equal=equal, released=released, warm=lower,
                                  estimator=estimator)
        delta, holds = compare(lower, full_fit, level)
        entry = InvarianceLevel(level, _fit_of(full_fit), delta, holds)
        accepted = full_fit if holds else None
        if not holds:
            n_con = len({a.key for a, _ in full_fit.problem.model.constraint_pairs()
                         if a.kind == TESTED[level]})
            limit = max_release if max_release is not None else max(n_con // 2, 1)
            freed, pfit, pdelta, pholds = _search(groups, st, level, equal, released, lower,
                                                   full_fit, limit)
            if freed:
                entry = InvarianceLevel(level, entry.fit, delta, False, tuple(freed),
                                        _fit_of(pfit), pdelta, pholds)
                freed_all += [(level, k) for k in freed]
            accepted = pfit if pholds else None
        levels.append(entry)
        if accepted is None:
            break
        fits[level] = lower = accepted
        reached = level
    means = (_latent_means(fits["scalar"]) if "scalar" in fits
             else pd.DataFrame(columns=["latent", "group", "diff", "se", "z", "p"]))
    path_df = pd.DataFrame(columns=["path", "chisq", "df", "p"])
    if full is not None and reached != "configural":
        eq = dict(LEVELS)[reached if reached != "strict" else "scalar"]
        path_df = _path_tests(groups, full, eq, {k for _, k in freed_all}, estimator)
    for msg in issues:
        warnings.warn(DataWarning(msg), stacklevel=2)
    return InvarianceResult(name, tuple(x.label for x in groups), tuple(x.n for x in groups),
                            tuple(levels), reached, tuple(freed_all), means, path_df,
                            method=estimator, missing="fiml" if fiml else "listwise",
                            warnings=tuple(issues), fits=fits)


def _wlsmv(data: pd.DataFrame, st: LatentStructure, g: pd.Series, name: str,
           groups: list[GroupMoments], issues: list[str]) -> InvarianceResult:
    """Ordered items: the Wu & Estabrook (2016) levels (:mod:`.invariance_ordinal`)."""
    res = ordinal_levels(data, st, g, [x.label for x in groups], CRITERIA)
    issues += list(res.warnings)
    for msg in issues:
        warnings.warn(DataWarning(msg), stacklevel=3)
    return InvarianceResult(name, tuple(x.label for x in groups), tuple(x.n for x in groups),
                            tuple(InvarianceLevel(**lv) for lv in res.levels), res.reached, (),
                            res.latent_means, pd.DataFrame(columns=["path", "chisq", "df", "p"]),
                            method="WLSMV", warnings=tuple(issues))


__all__ = ["CRITERIA", "LEVELS", "InvarianceLevel", "InvarianceResult", "compare",
           "measurement_invariance"]
