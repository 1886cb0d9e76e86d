"""Tables of a PLS-SEM result (:class:`cemsurvey.psychometrics.pls.PLSResult`).

:func:`pls_tables` gives the hypothesis, R^2 and indirect-effect tables of
:func:`cemsurvey.report.structural.hypothesis_tables` (keys ``structural_*``) followed by
the PLS assessment tables of Hair et al. (2019): measurement model (outer loadings and
weights with bootstrap tests, outer VIF), reliability and convergent validity (alpha,
rho_A, rho_C, AVE), discriminant validity (HTMT with bootstrap CIs), structural model
(f^2, inner VIF, Q^2) and the estimation settings. Values stay unrounded; ``formats``
says how they are shown.
"""

from __future__ import annotations

import math
from typing import Any

from cemsurvey.report.pls_next import formative_tables, interaction_tables, plsc_note
from cemsurvey.report.structural import hypothesis_tables
from cemsurvey.report.tables import Table, Verdict, format_p
from cemsurvey.report.thresholds import HRS2015, Threshold, judge

COHEN = "Cohen (1988)"


def f2_size(f2: float) -> str:
    """Cohen's (1988) label of an f^2 effect size: .02 small, .15 medium, .35 large.

    >>> f2_size(0.01), f2_size(0.02), f2_size(0.2), f2_size(0.5), f2_size(float("nan"))
    ('none', 'small', 'medium', 'large', '—')
    """
    if f2 is None or math.isnan(f2):
        return "—"
    if f2 >= 0.35:
        return "large"
    if f2 >= 0.15:
        return "medium"
    if f2 >= 0.02:
        return "small"
    return "none"


def _num(x: Any) -> float:
    return float(x) if x is not None else float("nan")


def _formative(result: Any) -> list[str]:
    """Ids of the formative (mode B) constructs of a PLS result."""
    f = getattr(result, "formative", None)
    if f is None:
        return []
    return list(dict.fromkeys(f.indicators.index.get_level_values(0)))


def pls_report_tables(result: Any, thresholds: dict[str, Threshold] | None = None
                      ) -> list[Table]:
    """The structural section of a PLS run: :func:`pls_tables`, then the formative
    measurement and interaction tables (:mod:`cemsurvey.report.pls_next`) when the model
    has them."""
    return [*pls_tables(result, thresholds), *formative_tables(result.formative),
            *interaction_tables(result.interactions)]


def pls_tables(result: Any, thresholds: dict[str, Threshold] | None = None) -> list[Table]:
    """All tables of a PLS result.

    Keys: ``structural_hypotheses``, ``structural_r2``, ``structural_indirect`` (when there
    are chains), ``pls_outer``, ``pls_quality``, ``pls_htmt`` (two or more multi-item
    constructs), ``pls_inner``, ``pls_q2`` and ``pls_settings``.
    """
    tables = hypothesis_tables(result.structural, thresholds)
    boot = result.bootstrap_used > 0
    level = (1 - result.structural.alpha if result.structural.tails == 2
             else 1 - 2 * result.structural.alpha)
    boot_note = (f"Bootstrap: {result.bootstrap_used} of {result.bootstrap} resamples used; "
                 f"t = estimate / bootstrap SD, p from Student's t with n - 1 df (as SmartPLS); "
                 f"{100 * level:.0f}% {result.ci_method} intervals; sign changes: "
                 f"{result.sign_correction}." if boot else "No bootstrap: no t, p or intervals.")

    formative = _formative(result)
    plsc = [n for n in (plsc_note(result),) if n]
    mode = ("Mode A (reflective)" if not formative else
            f"Mode A (reflective) and mode B (formative: {', '.join(formative)}; see the "
            "formative table)")
    o = result.outer
    vif = result.outer_vif
    rows = []
    for (lat, ind), r in o.iterrows():
        v = _num(vif.get((lat, ind)))
        rows.append([lat, ind, r["loading"], judge("loading", r["loading"], thresholds),
                     r["weight"], r["loading_t"], format_p(r["loading_p"]),
                     r["loading_ci_lower"], r["loading_ci_upper"], v,
                     judge("vif", v, thresholds)])
    tables.append(Table(
        key="pls_outer", title="PLS measurement model: outer loadings and weights",
        columns=["construct", "indicator", "loading", "loading verdict", "weight", "t", "p",
                 "CI lower", "CI upper", "VIF", "VIF verdict"],
        rows=rows,
        formats={"loading": ".3f", "weight": ".3f", "t": ".2f", "CI lower": ".3f",
                 "CI upper": ".3f", "VIF": ".2f"},
        notes=[(f"{mode}; loadings = correlations of the standardized indicators "
                "with the construct scores; weights scaled so scores have unit variance."),
               boot_note,
               *([("Higher-order constructs (two-stage): stage-1 loadings of the first-order "
                   "constructs are shown without bootstrap.")]
                 if result.higher_order in ("two-stage", "disjoint") else []), *plsc],
    ))

    q = result.quality
    tables.append(Table(
        key="pls_quality", title="PLS reliability and convergent validity",
        columns=["construct", "alpha", "alpha verdict", "rho_A", "rho_C", "rho_C verdict",
                 "AVE", "AVE verdict"],
        rows=[[lat, "n/a", None, "n/a", "n/a", None, "n/a", None] if lat in formative else
              [lat, r["alpha"], judge("alpha", r["alpha"], thresholds), r["rho_a"],
               r["rho_c"], judge("cr", r["rho_c"], thresholds), r["ave"],
               judge("ave", r["ave"], thresholds)] for lat, r in q.iterrows()],
        formats={"alpha": ".3f", "rho_A": ".3f", "rho_C": ".3f", "AVE": ".3f"},
        notes=[("alpha on standardized indicators; rho_A = Dijkstra & Henseler (2015); "
                "rho_C = (sum l)^2 / ((sum l)^2 + sum(1 - l^2)); AVE = mean l^2 "
                "(l: outer loadings). Single-item constructs have alpha = rho_A = 1."),
               *(["Formative constructs: n/a (internal consistency does not apply to "
                  "mode B; Hair et al. 2022, ch. 5)."] if formative else []), *plsc],
    ))

    H = result.htmt
    names = list(H.index)
    if len(names) > 1:
        rows = []
        for (a, b), r in result.htmt_ci.iterrows():
            h = float(r["est"])
            up = float(r["ci_upper"])
            excl = (None if math.isnan(up) else
                    Verdict("pass" if up < 1 else "fail", "HTMT CI upper bound < 1", HRS2015))
            rows.append([a, b, h, judge("htmt", h, thresholds), r["ci_lower"], up, excl])
        tables.append(Table(
            key="pls_htmt", title="PLS discriminant validity: HTMT",
            columns=["construct 1", "construct 2", "HTMT", "verdict", "CI lower", "CI upper",
                     "CI excludes 1"],
            rows=rows,
            formats={"HTMT": ".3f", "CI lower": ".3f", "CI upper": ".3f"},
            notes=[("HTMT on the item correlations (absolute values, as semTools::htmt and "
                    "seminr); Henseler, Ringle & Sarstedt (2015)."), boot_note],
        ))

    p = result.paths
    tables.append(Table(
        key="pls_inner", title="PLS structural model: effect sizes and collinearity",
        columns=["path", "estimate", "f2", "effect size", "VIF", "VIF verdict"],
        rows=[[f"{a} -> {b}", r["est"], r["f2"], f2_size(float(r["f2"])), r["vif"],
               judge("vif", float(r["vif"]), thresholds)] for (a, b), r in p.iterrows()],
        formats={"estimate": ".3f", "f2": ".3f", "VIF": ".2f"},
        notes=[("f2 = (R2 included - R2 excluded) / (1 - R2 included); .02/.15/.35 small/"
                f"medium/large ({COHEN}). Inner VIF among the predictors of each construct.")],
    ))

    if len(result.q2):
        tables.append(Table(
            key="pls_q2", title="PLS predictive relevance: Q2 (blindfolding)",
            columns=["construct", "Q2", "verdict"],
            rows=[[c, v, judge("q2", float(v), thresholds)] for c, v in result.q2.items()],
            formats={"Q2": ".3f"},
            notes=[("Construct cross-validated redundancy, omission distance 7, omitted "
                    "points replaced by the indicator mean (Hair et al. 2022, ch. 6).")],
        ))

    tables.append(Table(
        key="pls_settings", title="PLS estimation settings",
        columns=["setting", "value"],
        rows=[["method", "PLSc (consistent PLS)" if result.method == "plsc" else "PLS"],
              ["inner weighting scheme", result.scheme],
              ["higher-order constructs", result.higher_order],
              ["converged", result.converged],
              ["iterations", str(result.iterations)],
              ["stop criterion", f"max |w change| < {result.tol:g} (cap {result.max_iter})"],
              ["respondents", str(result.n)], ["missing data", result.missing],
              ["bootstrap resamples (used / requested)",
               f"{result.bootstrap_used} / {result.bootstrap}"],
              ["sign correction", result.sign_correction]],
        notes=[f"warning: {w}" for w in result.warnings],
    ))
    return tables
