"""Tables of the PLS-SEM reporting extensions (Hair et al. 2019, 2022): consistent PLS,
formative measurement, interactions, PLSpredict with CVPAT, IPMA and model comparison.

Each function takes a result object of :mod:`cemsurvey.psychometrics.pls` and returns
:class:`~cemsurvey.report.tables.Table` objects with unrounded values (``formats`` says
how they are shown); nothing is computed here beyond choosing verdict labels.

* :func:`plsc_note` -- the note the PLS tables carry under consistent PLS;
* :func:`formative_tables` -- ``pls_formative`` (weights, VIF, decisions) and
  ``pls_redundancy``;
* :func:`interaction_tables` -- ``pls_interactions`` and ``pls_simple_slopes``;
* :func:`predict_tables` -- ``pls_predict`` (per indicator), ``pls_predict_verdict`` and
  ``pls_cvpat``;
* :func:`ipma_table` -- ``pls_ipma``; :func:`comparison_table` -- ``pls_model_comparison``.
"""

from __future__ import annotations

from typing import Any

from cemsurvey.report.tables import Table, Verdict, format_p

HAIR2022 = "Hair et al. (2022)"
SHMUELI2019 = "Shmueli et al. (2019)"


def plsc_note(result: Any) -> str:
    """The consistent-PLS note (empty for plain PLS)."""
    if getattr(result, "method", "pls") != "plsc":
        return ""
    return ("Consistent PLS (Dijkstra & Henseler 2015): loadings, construct correlations, "
            "paths, R^2, f^2 and inner VIF of reflective constructs corrected by rho_A; "
            "rho_C and AVE from the consistent loadings; the bootstrap repeats PLSc.")


def formative_tables(formative: Any) -> list[Table]:
    """Formative measurement model (``None``: no tables)."""
    if formative is None:
        return []
    vif_v = {"": Verdict("pass", "VIF <= 3", HAIR2022),
             "> 3": Verdict("warn", "VIF <= 5", HAIR2022),
             "> 5": Verdict("fail", "VIF <= 5", HAIR2022)}
    rows = [[c, i, r["weight"], r["weight_t"], format_p(r["weight_p"]), r["loading"],
             format_p(r["loading_p"]), r["vif"], vif_v[r["vif_flag"]], r["decision"]]
            for (c, i), r in formative.indicators.iterrows()]
    tables = [Table(
        key="pls_formative", title="PLS formative measurement: weights, collinearity, relevance",
        columns=["construct", "indicator", "weight", "t", "p", "loading", "loading p", "VIF",
                 "VIF verdict", "decision"],
        rows=rows, formats={"weight": ".3f", "t": ".2f", "loading": ".3f", "VIF": ".2f"},
        notes=["Mode B (regression) weights. Keep an indicator with a significant weight; "
               "otherwise keep it when its loading is >= .50, consider removing it when the "
               "loading is below .50 but significant, remove it otherwise "
               f"({HAIR2022}, Exhibit 5.9). VIF above 3 possible, above 5 critical "
               "collinearity.", *[f"warning: {w}" for w in formative.warnings]])]
    if len(formative.redundancy):
        tables.append(Table(
            key="pls_redundancy", title="PLS formative convergent validity: redundancy analysis",
            columns=["construct", "global item", "n", "path", "R2", "verdict"],
            rows=[[c, r["global_item"], int(r["n"]), r["path"], r["r2"],
                   Verdict("pass" if r["convergent"] else "fail", "path >= .70",
                           "Cheah et al. (2018)")]
                  for c, r in formative.redundancy.iterrows()],
            formats={"path": ".3f", "R2": ".3f"},
            notes=["The formative construct predicting its global single item in a separate "
                   "two-construct PLS model."]))
    return tables


def interaction_tables(interactions: Any) -> list[Table]:
    """Interaction terms and their simple slopes (empty tuple: no tables)."""
    if not interactions:
        return []
    main = Table(
        key="pls_interactions", title="PLS interaction (moderation) effects",
        columns=["term", "outcome", "estimate", "SE", "t", "p", "CI lower", "CI upper", "f2",
                 "approach"],
        rows=[[e.term, e.y, e.est, e.se, e.t, format_p(e.p), e.ci_lower, e.ci_upper, e.f2,
               e.approach] for e in interactions],
        formats={"estimate": ".3f", "SE": ".3f", "t": ".2f", "CI lower": ".3f",
                 "CI upper": ".3f", "f2": ".3f"},
        notes=["x:m is the product of the standardized scores of x and m (two-stage) or is "
               "measured by the products of their standardized indicators (product "
               "indicators); Henseler & Chin (2010). f2 .005/.01/.025 small/medium/large for "
               "interactions (Kenny 2018)."])
    rows = [[e.term, e.y, f"{lv:+.0f} SD", r["slope"], r["y_low"], r["y_high"]]
            for e in interactions for lv, r in e.slopes.iterrows()]
    slopes = Table(
        key="pls_simple_slopes", title="PLS simple slopes",
        columns=["term", "outcome", "moderator", "slope of x", "outcome at x = -1 SD",
                 "outcome at x = +1 SD"],
        rows=rows, formats={"slope of x": ".3f", "outcome at x = -1 SD": ".3f",
                            "outcome at x = +1 SD": ".3f"},
        notes=["Standardized latent scores: slope = b_x + b_xm m (Aiken & West 1991), as "
               "SmartPLS's simple slope plot; the plot draws the outcome from x = -1 to +1 SD "
               "at each moderator level."])
    return [main, slopes]


def predict_tables(pred: Any, cvpat: Any = None) -> list[Table]:
    """PLSpredict per indicator, its verdict and (when given) CVPAT."""
    metric = pred.metric.upper()
    tables = [Table(
        key="pls_predict", title="PLSpredict: out-of-sample prediction of endogenous indicators",
        columns=["construct", "indicator", "Q2predict", "PLS RMSE", "LM RMSE", "PLS MAE",
                 "LM MAE", f"PLS < LM ({metric})"],
        rows=[[r["construct"], i, r["q2predict"], r["pls_rmse"], r["lm_rmse"], r["pls_mae"],
               r["lm_mae"], bool(r[f"pls_{pred.metric}"] < r[f"lm_{pred.metric}"])]
              for i, r in pred.items.iterrows()],
        formats={c: ".3f" for c in ("Q2predict", "PLS RMSE", "LM RMSE", "PLS MAE", "LM MAE")},
        notes=[f"{pred.k}-fold cross-validation, {pred.repetitions} repetition(s) (seed "
               f"{pred.seed}), predictions averaged over repetitions; {pred.technique} "
               "prediction (EA: from the exogenous constructs; DA: from direct predecessors); "
               f"LM benchmark: OLS on the predictors' indicators ({SHMUELI2019}).",
               *[f"warning: {w}" for w in pred.warnings]])]
    level = {"none": "fail", "low": "warn", "medium": "warn", "high": "pass"}
    tables.append(Table(
        key="pls_predict_verdict", title="PLSpredict: predictive power",
        columns=["construct", "indicators", "Q2predict > 0", f"PLS better ({metric})",
                 "predictive power"],
        rows=[[c, int(r["indicators"]), bool(r["q2_positive"]), int(r["pls_better"]),
               Verdict(level[r["verdict"]], r["verdict"], SHMUELI2019)]
              for c, r in pred.verdict.iterrows()],
        notes=["PLS below LM for no, a minority, a majority or all indicators: none, low, "
               f"medium or high predictive power; any Q2predict <= 0: none ({SHMUELI2019})."]))
    if cvpat is not None:
        tables.append(Table(
            key="pls_cvpat", title="CVPAT: PLS against benchmarks",
            columns=["benchmark", "construct", "PLS loss", "benchmark loss", "difference", "t",
                     "p", "bootstrap t", "bootstrap p"],
            rows=[[b, c, r["pls_loss"], r["benchmark_loss"], r["diff"], r["t"],
                   format_p(r["p"]), r["boot_t"], format_p(r["boot_p"])]
                  for (b, c), r in cvpat.table.iterrows()],
            formats={"PLS loss": ".3f", "benchmark loss": ".3f", "difference": ".3f",
                     "t": ".2f", "bootstrap t": ".2f"},
            notes=["Average squared prediction error; difference = PLS - benchmark (negative: "
                   "PLS predicts better). Paired t test (Liengaard et al. 2021) and bootstrap "
                   f"variance test with {cvpat.nboot} resamples (Sharma et al. 2023); IA = "
                   f"indicator averages ({cvpat.ia}), LM = linear model."]))
    return tables


def ipma_table(ip: Any) -> list[Table]:
    """The importance-performance map as a table (plot coordinates)."""
    return [Table(
        key="pls_ipma", title=f"IPMA of {ip.target} (performance {ip.target_performance:.1f})",
        columns=["construct", "importance", "standardized total effect", "performance"],
        rows=[[c, r["importance"], r["total_effect"], r["performance"]]
              for c, r in ip.table.iterrows()],
        formats={"importance": ".3f", "standardized total effect": ".3f", "performance": ".1f"},
        notes=["Importance: unstandardized total effect on the target; performance: mean "
               f"score rescaled to 0-100 ({ip.weights} outer weights); Ringle & Sarstedt "
               "(2016).", *[f"warning: {w}" for w in ip.warnings]])]


def comparison_table(cmp: Any) -> list[Table]:
    """BIC and Geweke-Meese comparison of competing models."""
    return [Table(
        key="pls_model_comparison", title=f"Model comparison for {cmp.target}",
        columns=["model", "predictors", "R2", "BIC", "BIC weight", "GM", "GM weight"],
        rows=[[m, int(r["p"]) - 1, r["r2"], r["bic"], r["bic_weight"], r["gm"], r["gm_weight"]]
              for m, r in cmp.table.iterrows()],
        formats={"R2": ".3f", "BIC": ".2f", "BIC weight": ".3f", "GM": ".2f",
                 "GM weight": ".3f"},
        notes=[f"Lowest is preferred: BIC selects {cmp.best_bic}, Geweke-Meese selects "
               f"{cmp.best_gm} (Sharma et al. 2019)."])]


def comparison_sentence(cmp: Any) -> str:
    """The "What to report" sentence of a model comparison."""
    return (f"Model comparison for {cmp.target} (Sharma et al. 2019): BIC selects "
            f"{cmp.best_bic}, Geweke-Meese selects {cmp.best_gm}.")


_LEVEL = {"none": "fail", "low": "warn", "medium": "warn", "high": "pass"}


def _apa(x: float, nd: int = 2) -> str:
    """A number without the leading zero, as the summary writes coefficients.

    >>> _apa(0.194), _apa(-0.0152, 3), _apa(1.25)
    ('.19', '-.015', '1.25')
    """
    return f"{x:.{nd}f}".replace("0.", ".", 1) if abs(x) < 1 else f"{x:.{nd}f}"


def _p(p: float) -> str:
    s = format_p(p)
    return s if s.startswith("<") else f"= {s}"


def predict_sentence(pred: Any, cvpat: Any = None) -> tuple[str, Verdict]:
    """The "what to report" sentence of PLSpredict (and CVPAT) with its verdict: the
    predictive power over all endogenous indicators (Shmueli et al. 2019)."""
    v = pred.verdict.loc["all"]
    q2 = pred.items["q2predict"].astype(float)
    metric = pred.metric.upper()
    text = (f"PLSpredict ({pred.k}-fold, {pred.repetitions} repetition(s), {pred.technique}): "
            f"{v['verdict']} predictive power; PLS {metric} below the LM benchmark for "
            f"{int(v['pls_better'])} of {int(v['indicators'])} indicators, Q^2predict "
            f"{_apa(q2.min())} to {_apa(q2.max())}")
    if cvpat is not None:
        parts = []
        for bench in ("IA", "LM"):
            if (bench, "overall") in cvpat.table.index:
                r = cvpat.table.loc[(bench, "overall")]
                parts.append(f"against {bench} loss difference {_apa(float(r['diff']), 3)}, "
                             f"p {_p(float(r['p']))}")
        if parts:
            text += "; CVPAT " + "; ".join(parts)
    return text + ".", Verdict(_LEVEL[str(v["verdict"])], "PLS below LM for all indicators "
                               "and Q2predict > 0", SHMUELI2019)


def ipma_sentence(ip: Any) -> str:
    """The "what to report" sentence of IPMA: predecessors by importance, with their
    performance, and those above the mean importance but below the mean performance
    (the map's priority quadrant; Ringle & Sarstedt 2016)."""
    t = ip.table.sort_values("importance", ascending=False)
    imp, perf = t["importance"].astype(float), t["performance"].astype(float)
    listed = ", ".join(f"{c} (importance {_apa(imp[c])}, performance {perf[c]:.1f})"
                       for c in t.index)
    prio = [str(c) for c in t.index if imp[c] > imp.mean() and perf[c] < perf.mean()]
    text = (f"IPMA of {ip.target} (performance {ip.target_performance:.1f} of 100): {listed}")
    if prio:
        text += f"; priority for improvement (important, low performance): {', '.join(prio)}"
    return text + "."
