"""Measurement invariance of ordered items by WLSMV: the levels of Wu & Estabrook (2016)
(configural, thresholds, metric = thresholds + loadings, scalar = + intercepts), fitted by
:func:`cemsurvey.psychometrics.sem.multigroup_dwls.fit_dwls_multigroup` (lavaan's delta
parameterization, semTools' ``measEq.syntax(ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016")``).

Each level is compared with the one below by lavaan's default difference test for the
scaled-shifted statistic (``lavTestLRT``: method ``"satorra.2000"``) and by the deltas of the
scaled CFI and RMSEA and of SRMR, judged with Chen's (2007) cut-offs. No cut-offs specific to
the threshold level are published; it is judged with the metric level's (the first constrained
step, as the loadings level). The sequence stops at the first level that fails. There is no
partial-invariance search under WLSMV (score tests under DWLS are not implemented); latent mean
differences (in first-group standard deviations, std.lv) are read from the scalar model when
it holds.

Every group must use every category of every item: lavaan refuses otherwise ("some categories
of variable are empty in group"), and so does :func:`category_gaps` here, naming item, group
and category.

Verified against lavaan 0.6.14 / semTools 0.5.6: tests/invariance/test_invariance_wlsmv.py.

References
----------
Wu, H. & Estabrook, R. (2016). Identification of confirmatory factor analysis models of
different levels of invariance for ordered categorical outcomes. *Psychometrika* 81(4),
1014-1045.
Chen, F. F. (2007). Sensitivity of goodness of fit indexes to lack of measurement invariance.
*Structural Equation Modeling* 14(3), 464-504.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.multigroup_dwls import (
    WE_LEVELS,
    MultiGroupDWLSFit,
    fit_dwls_multigroup,
)
from cemsurvey.psychometrics.sem.multigroup_dwls_diff import satorra2000
from cemsurvey.psychometrics.sem.ordinal_groups import OrdinalGroup, ordinal_groups
from cemsurvey.stats.distributions import norm_sf

__all__ = ["OrdinalLevels", "category_gaps", "ordinal_levels"]

#: fit entries of a level (lavaan's names with ``_`` for ``.``)
KEYS = ("chisq", "df", "pvalue", "chisq.scaled", "pvalue.scaled", "chisq.scaling.factor",
        "chisq.shift.parameters", "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled",
        "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "srmr", "npar")


@dataclass(frozen=True)
class OrdinalLevels:
    """The WLSMV levels: ``levels`` as keyword dicts of
    :class:`~cemsurvey.psychometrics.invariance.InvarianceLevel`, the highest level that
    holds, latent mean differences and the fits by level."""

    levels: tuple[dict[str, Any], ...]
    reached: str
    latent_means: pd.DataFrame
    warnings: tuple[str, ...] = ()
    fits: dict[str, MultiGroupDWLSFit] = field(default_factory=dict, repr=False)


def category_gaps(data: pd.DataFrame, items: Sequence[str], group: pd.Series,
                  labels: Sequence[str]) -> list[str]:
    """One message per item whose categories differ between groups: the category, the groups
    that never use it and the groups' frequencies."""
    out = []
    keep = [str(x) for x in labels]
    gs = group.astype(str)
    for it in items:
        x = pd.to_numeric(data[it], errors="coerce")
        tab = pd.crosstab(x, gs).reindex(columns=keep, fill_value=0)
        for cat, row in tab.iterrows():
            empty = [g for g in keep if row[g] == 0]
            if empty and len(empty) < len(keep):
                freq = "; ".join(f"{g}: {' '.join(str(int(v)) for v in tab[g])}" for g in keep)
                out.append(f"item {it}: category {cat:g} is never chosen in group(s) "
                           f"{', '.join(empty)} but is in the others (frequencies by category "
                           f"{freq}); merge category {cat:g} of {it} with a neighbouring category in "
                           f"every group")
    return out


def _fit(f: MultiGroupDWLSFit) -> dict[str, float]:
    out = {k.replace(".", "_"): float(f.fit[k]) for k in KEYS}
    out["rmsea_ci_lower"], out["rmsea_ci_upper"] = (out["rmsea_ci_lower_scaled"],
                                                    out["rmsea_ci_upper_scaled"])
    out["aic"] = out["bic"] = float("nan")
    return out


def _compare(lower: MultiGroupDWLSFit, upper: MultiGroupDWLSFit, groups: list[OrdinalGroup],
             cut: tuple[float, float, float]) -> tuple[dict[str, float], bool]:
    d = satorra2000(lower, upper, groups)
    a, b = lower.fit, upper.fit
    delta = {"chisq": d["chisq"], "df": d["df"], "p": d["p"],
             "cfi": b["cfi.scaled"] - a["cfi.scaled"],
             "rmsea": b["rmsea.scaled"] - a["rmsea.scaled"], "srmr": b["srmr"] - a["srmr"]}
    holds = delta["cfi"] >= cut[0] and delta["rmsea"] <= cut[1] and delta["srmr"] <= cut[2]
    return delta, bool(holds)


def _latent_means(fit: MultiGroupDWLSFit, latents: Sequence[str]) -> pd.DataFrame:
    e = fit.estimates
    rows = e[(e["op"] == "~1") & e["lhs"].isin(list(latents)) & np.isfinite(e["se"])]
    z = (rows["est"] / rows["se"]).to_numpy()
    return pd.DataFrame({"latent": rows["lhs"].to_numpy(), "group": rows["group"].to_numpy(),
                         "diff": rows["est"].to_numpy(), "se": rows["se"].to_numpy(), "z": z,
                         "p": 2 * norm_sf(np.abs(z))})


def ordinal_levels(data: pd.DataFrame, st: LatentStructure, group: pd.Series,
                   labels: Sequence[str], criteria: dict[str, tuple[float, float, float]]
                   ) -> OrdinalLevels:
    """Fit the Wu & Estabrook levels in order and judge each against the one below.

    Parameters
    ----------
    data
        Item codes (reverse keys already applied).
    st
        First-order measurement model.
    group, labels
        Group of each row and the groups to compare (in order; the first is the reference).
    criteria
        Chen (2007) cut-offs ``(delta CFI >=, delta RMSEA <=, delta SRMR <=)`` for
        ``"metric"`` and ``"scalar"`` (the threshold level uses the metric ones).

    Raises
    ------
    DataError
        A category used in one group but never in another (see :func:`category_gaps`).
    """
    items = list(st.observed)
    full = data[items].apply(pd.to_numeric, errors="coerce").notna().all(axis=1).to_numpy()
    gaps = category_gaps(data[full], items, group[full], labels)   # complete cases, as fitted
    if gaps:
        raise DataError("WLSMV invariance needs every category of every item in every group "
                        "(lavaan refuses too), so no WLSMV level can be fitted: "
                        + "; ".join(gaps[:5]) + (f"; and {len(gaps) - 5} more" if len(gaps) > 5
                                                 else "")
                        + ". The ML and MLR levels (items treated as continuous: configural, "
                          "metric, scalar, strict) can still run")
    groups = ordinal_groups(data, items, group.astype(str), [str(x) for x in labels])
    cut = {"thresholds": criteria["metric"], "metric": criteria["metric"],
           "scalar": criteria["scalar"]}
    lower = fit_dwls_multigroup(groups, st, "configural")
    fits = {"configural": lower}
    fits_all = dict(fits)
    levels: list[dict[str, Any]] = [{"level": "configural", "fit": _fit(lower)}]
    reached = "configural"
    for level in WE_LEVELS[1:]:
        f = fits_all[level] = fit_dwls_multigroup(groups, st, level, warm=lower)
        delta, holds = _compare(lower, f, groups, cut[level])
        levels.append({"level": level, "fit": _fit(f), "delta": delta, "holds": holds})
        if not holds:
            break
        fits[level] = lower = f
        reached = level
    means = (_latent_means(fits["scalar"], st.first_order) if "scalar" in fits
             else pd.DataFrame(columns=["latent", "group", "diff", "se", "z", "p"]))
    issues = [f"group {grp.label}: {w}" for grp in groups for w in grp.warnings]
    for grp in groups:
        if grp.n <= grp.stats.size or grp.n < 10 * len(items):
            issues.append(f"group {grp.label}: n = {grp.n} respondents for {grp.stats.size} "
                          f"thresholds and polychoric correlations: the WLSMV weight matrix is "
                          f"estimated from too few cases, so robust SEs and the scaled tests "
                          f"are approximate (aim for at least 10 respondents per item in "
                          f"every group)")
    for lv in levels:
        f = fits_all[lv["level"]]
        if not f.converged:
            issues.append(f"the {lv['level']} level did not converge; its fit is unreliable "
                          f"(check sparse categories)")
        e = f.estimates
        neg = e[(e["op"] == "~~") & (e["lhs"] == e["rhs"]) & e["lhs"].isin(items)
                & (e["est"] < 0)]
        if len(neg):
            issues.append(f"the {lv['level']} level has negative residual variances (Heywood "
                          f"case: {', '.join(f'{r.lhs} in {r.group}' for r in neg.head(5).itertuples())}"
                          f"); check those items' categories and loadings")
    return OrdinalLevels(tuple(levels), reached, means, tuple(issues), fits)
