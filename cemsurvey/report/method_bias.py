"""Tables and "What to report" lines for common-method bias
(:class:`~cemsurvey.psychometrics.method_bias.MethodBiasResult`) and discriminant validity
with inference (:class:`~cemsurvey.psychometrics.discriminant.DiscriminantValidity`,
:class:`~cemsurvey.psychometrics.discriminant.HTMTInference`).

Every verdict comes from a flag or threshold stored on the result and names its source;
nothing is computed here. The "What to report" lines read the same typed results.
"""

from __future__ import annotations

from typing import Any

from cemsurvey.psychometrics.discriminant import DiscriminantValidity, HTMTInference
from cemsurvey.psychometrics.method_bias import MethodBiasResult
from cemsurvey.report.tables import Table, Verdict, format_p

PODSAKOFF = "Podsakoff et al. (2003)"
KOCK = "Kock (2015)"
WHC = "Williams, Hartman & Cavazotte (2010)"
LW = "Lindell & Whitney (2001)"
RC = "Rönkkö & Cho (2022)"
FS = "Franke & Sarstedt (2019)"
_MODEL_NAMES = {"method_c": "method-C", "method_u": "method-U"}
_CLASS_STATUS = {"no problem": "pass", "marginal": "warn", "moderate": "fail", "severe": "fail"}

Line = tuple[str, str, Verdict | None]


def _ok(good: bool, rule: str, source: str) -> Verdict:
    return Verdict("pass" if good else "fail", rule, source)


def _t(x: float, nd: int = 2) -> str:
    s = f"{x:.{nd}f}"
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def _t3(x: float) -> str:
    return _t(x, 3)


def method_bias_tables(result: MethodBiasResult, thresholds: Any = None) -> list[Table]:
    """``method_bias_summary`` (one row per check), ``method_bias_items`` (common latent
    factor: each item's standardized loading without and with it) and, with a marker,
    ``method_bias_marker`` (Williams et al. model comparisons). ``thresholds`` is accepted
    for the step-renderer signature; the cut-offs are those stored on the result."""
    _ = thresholds
    rows: list[list[Any]] = []
    h = result.harman
    if h is not None:
        rule = f"single factor < {h.threshold:.0%} (weak evidence)"
        rows.append(["Harman: first principal component", h.pca_share, "share of variance",
                     _ok(h.pca_share <= h.threshold, rule, PODSAKOFF)])
        rows.append(["Harman: one-factor EFA (minres)", h.efa_share, "share of variance",
                     _ok(h.efa_share <= h.threshold, rule, PODSAKOFF)])
    v = result.collinearity
    if v is not None:
        for c, x in v.vif.items():
            rows.append([f"full-collinearity VIF: {c}", float(x), f"{v.scores} scores",
                         _ok(x <= v.threshold, f"VIF <= {v.threshold:g}", KOCK)])
    c = result.clf
    if c is not None:
        t = c.test
        rows.append(["common latent factor: delta chi2", t.chi2,
                     f"df = {t.df}, p {_pp(t.p)}", Verdict("info", "vs trait-only CFA", PODSAKOFF)])
        rows.append(["common latent factor: method share", c.method_share,
                     "mean squared std. method loading", Verdict("info", "share of item variance",
                                                                  PODSAKOFF)])
        rows.append(["common latent factor: items flagged", str(len(c.flagged)),
                     ", ".join(c.flagged) or "none",
                     _ok(not c.flagged, f"|change in std. loading| <= {c.threshold:.2f}",
                         PODSAKOFF)])
    lw = result.lindell_whitney
    if lw is not None:
        rows.append([f"marker r_M ({lw.marker})", lw.r_marker,
                     "smallest positive marker correlation", Verdict("info", "r_M", LW)])
    m = result.marker
    if m is not None:
        rows.append(["marker: method variance (baseline vs method-C)", m.baseline_vs_c.chi2,
                     f"df = {m.baseline_vs_c.df}, p {_pp(m.baseline_vs_c.p)}",
                     _ok(m.baseline_vs_c.p >= m.alpha, "no significant method variance", WHC)])
        rows.append(["marker: correlations biased (method-R)", m.r_test.chi2,
                     f"df = {m.r_test.df}, p {_pp(m.r_test.p)}",
                     _ok(m.r_test.p >= m.alpha, "correlations not significantly biased", WHC)])
    notes: list[str] = []
    if h is not None:
        notes += ["Harman's test is weak evidence: a share below 50% does not rule out "
                  "common-method variance (Podsakoff et al. 2003).",
                  f"Harman's test: n = {h.n} respondents with every item answered."]
    if v is not None:
        notes.append(f"Full-collinearity VIFs: {v.scores} scores, n = {v.n}.")
    fitted = c.trait if c is not None else (m.cfa if m is not None else None)
    if fitted is not None:
        notes.append(f"Method-factor models: estimator {fitted.estimator}, missing data: "
                     f"{fitted.missing} (n = {fitted.n}).")
    notes += [f"warning: {w}" for w in result.warnings]
    tables = [Table("method_bias_summary", "Common-method bias", ["check", "value", "detail",
                                                                  "verdict"], rows,
                    formats={"value": ".3f"}, notes=notes)]
    if c is not None:
        irows = [[i, r["construct"], r["std_without"], r["std_with"], r["change"], r["method_std"],
                  _ok(not r["flagged"], f"|change| <= {c.threshold:.2f}", PODSAKOFF)]
                 for i, r in c.items.iterrows()]
        tables.append(Table(
            "method_bias_items", "Common latent factor: standardized loadings without and with it",
            ["item", "construct", "std. loading (CFA)", "std. loading (with CLF)", "change",
             "std. method loading", "verdict"], irows,
            formats={k: ".3f" for k in ("std. loading (CFA)", "std. loading (with CLF)",
                                        "change", "std. method loading")},
            notes=[f"Method factor: equal loadings ({c.method_loading:.3f}, SE "
                   f"{c.method_loading_se:.3f}), variance 1, orthogonal to the constructs."]))
    if m is not None:
        mrows = [[name, getattr(m, key).fit.chi2, getattr(m, key).fit.df, getattr(m, key).fit.cfi,
                  getattr(m, key).fit.rmsea] for key, name in (
                     ("cfa", "CFA"), ("baseline", "baseline"), ("method_c", "method-C"),
                     ("method_u", "method-U"), ("method_r", "method-R"))]
        tables.append(Table(
            "method_bias_marker", f"CFA marker technique (marker: {m.marker})",
            ["model", "chi2", "df", "CFI", "RMSEA"], mrows,
            formats={"chi2": ".2f", "df": "d", "CFI": ".3f", "RMSEA": ".3f"},
            notes=[f"Retained method model: {_MODEL_NAMES[m.retained]} (method-C vs method-U: "
                   f"delta chi2 = {m.c_vs_u.chi2:.2f}, df = {m.c_vs_u.df}, p {_pp(m.c_vs_u.p)}); "
                   f"method share of substantive items {m.method_share:.3f}.", f"Source: {WHC}."]))
    return tables


def discriminant_tables(dv: DiscriminantValidity | None, htmt: HTMTInference | None) -> list[Table]:
    """``discriminant_cfa`` (factor correlations, CIs, chi2(cut) tests and Rönkkö & Cho
    classes) and ``discriminant_htmt`` (HTMT/HTMT2 bootstrap intervals, upper-bound verdicts)."""
    out: list[Table] = []
    if dv is not None:
        rule = (f"chi2(cut): |phi| < {_t(dv.cutoff)}" if dv.chi2_tests else
                f"CI upper limit < {_t(dv.cutoff)}")
        rows = [[r["lhs"], r["rhs"], r["est"], r["ci_lower"], r["ci_upper"], r["chi2_diff"],
                 r["p"], _ok(bool(r["below_cutoff"]), rule, RC),
                 Verdict(_CLASS_STATUS[r["class"]], f"{r['class']} (upper limit {_t(r['upper'])})",
                         RC)] for r in dv.pairs.to_dict("records")]
        out.append(Table(
            "discriminant_cfa", "Discriminant validity: factor correlations with inference",
            ["construct 1", "construct 2", "correlation", "CI lower", "CI upper",
             f"chi2({_t(dv.cutoff)})", "p", "test verdict", "class"], rows,
            formats={"correlation": ".3f", "CI lower": ".3f", "CI upper": ".3f",
                     f"chi2({_t(dv.cutoff)})": ".2f"},
            notes=[f"{dv.level:.0%} Wald CI of the CFA factor correlation (latent variances 1); "
                   f"chi2(cut): the model fixing the correlation at {_t(dv.cutoff)} against the free "
                   f"model, df = 1 (semTools::discriminantValidity).",
                   f"Estimator: {dv.fit.estimator}; missing data: {dv.fit.missing} "
                   f"(n = {dv.fit.n}).",
                   "Classes by the CI's upper limit: < .80 no problem, .80-.90 marginal, "
                   ".90-1 moderate, >= 1 severe (Rönkkö & Cho 2022).",
                   *[f"warning: {w}" for w in dv.warnings]]))
    if htmt is not None:
        rows = [[r["lhs"], r["rhs"], r["htmt"], r["htmt_lower"], r["htmt_upper"],
                 _ok(bool(r["supported"]), f"HTMT CI upper < {_t(htmt.cutoff)}", FS), r["htmt2"],
                 r["htmt2_lower"], r["htmt2_upper"],
                 _ok(bool(r["supported2"]), f"HTMT2 CI upper < {_t(htmt.cutoff)}", FS)]
                for r in htmt.pairs.to_dict("records")]
        cols = ["construct 1", "construct 2", "HTMT", "HTMT CI lower", "HTMT CI upper",
                "HTMT verdict", "HTMT2", "HTMT2 CI lower", "HTMT2 CI upper", "HTMT2 verdict"]
        out.append(Table(
            "discriminant_htmt", "Discriminant validity: HTMT with bootstrap intervals", cols, rows,
            formats={k: ".3f" for k in cols if k.startswith("HTMT") and "verdict" not in k},
            notes=[f"Percentile bootstrap, {htmt.n_boot} resamples of respondents "
                   f"({htmt.n_failed} failed), {htmt.level:.0%} level, seed {htmt.seed}; "
                   f"HTMT: Henseler et al. (2015), HTMT2: Roemer et al. (2021).",
                   "Verdicts use the interval's upper bound (Franke & Sarstedt 2019)."]))
    return out


def _pp(p: float) -> str:
    s = format_p(p)
    return s if s.startswith("<") else f"= {s}"


def method_bias_lines(result: MethodBiasResult | None) -> list[Line]:
    """"What to report" lines from a :class:`MethodBiasResult` (``[]`` for ``None``)."""
    if result is None:
        return []
    out: list[Line] = []
    h = result.harman
    if h is not None:
        out.append(("method bias", f"Harman's single-factor test: one factor explained "
                    f"{h.pca_share:.1%} of the variance (first principal component; "
                    f"{h.efa_share:.1%} in a one-factor EFA), "
                    f"{'above' if h.flagged else 'below'} {h.threshold:.0%}; the test is "
                    f"weak evidence.", _ok(not h.flagged, f"single factor < {h.threshold:.0%}",
                                           PODSAKOFF)))
    v = result.collinearity
    if v is not None and len(v.vif):
        out.append(("method bias", f"Full-collinearity VIFs ({v.scores} scores) ranged from "
                    f"{float(v.vif.min()):.2f} to {float(v.vif.max()):.2f}"
                    + (f"; above {v.threshold:g}: {', '.join(v.flagged)}." if v.flagged
                       else f", all at or below {v.threshold:g}."),
                    _ok(not v.flagged, f"full-collinearity VIF <= {v.threshold:g}", KOCK)))
    c = result.clf
    if c is not None:
        t = c.test
        out.append(("method bias", f"A common latent factor (equal loadings) improved fit by "
                    f"delta chi2({t.df}) = {t.chi2:.2f}, p {_pp(t.p)}, and accounted for "
                    f"{c.method_share:.1%} of item variance; "
                    + (f"{len(c.flagged)} standardized loading(s) changed by more than "
                       f"{_t(c.threshold)} ({', '.join(c.flagged)})." if c.flagged else
                       f"no standardized loading changed by more than {_t(c.threshold)}."),
                    _ok(not c.flagged, f"loading change <= {_t(c.threshold)}", PODSAKOFF)))
    lw = result.lindell_whitney
    if lw is not None and len(lw.pairs):
        ra = lw.pairs["r_adjusted"]
        out.append(("method bias", f"Marker correction (marker {lw.marker}, r_M = "
                    f"{_t(lw.r_marker)}): the corrected construct correlations ranged from "
                    f"{_t(float(ra.min()))} to {_t(float(ra.max()))}.",
                    Verdict("info", "r_A = (r - r_M) / (1 - r_M)", LW)))
    m = result.marker
    if m is not None:
        b, r = m.baseline_vs_c, m.r_test
        out.append(("method bias", f"CFA marker technique (marker {m.marker}): method "
                    f"variance delta chi2({b.df}) = {b.chi2:.2f}, p {_pp(b.p)}; bias in "
                    f"the construct correlations delta chi2({r.df}) = {r.chi2:.2f}, "
                    f"p {_pp(r.p)}.", _ok(r.p >= m.alpha, "correlations not biased", WHC)))
    return out


def discriminant_lines(dv: DiscriminantValidity | None, htmt: HTMTInference | None
                       ) -> list[Line]:
    """"What to report" lines from the discriminant-validity results (``None``: no line)."""
    out: list[Line] = []
    known = None if dv is None else dv.pairs.dropna(subset=["upper"])
    if dv is not None and known is not None and len(known):
        worst = known.loc[known["upper"].idxmax()]
        n_ok = int(dv.pairs["below_cutoff"].sum())
        out.append(("validity", f"Every factor correlation's {dv.level:.0%} CI upper limit "
                    f"was at most {_t3(float(worst['upper']))} ({worst['lhs']}, {worst['rhs']}: "
                    f"{worst['class']}); {n_ok} of {len(dv.pairs)} correlations were "
                    f"significantly below {_t(dv.cutoff)} ("
                    + ("chi2(cut) test)." if dv.chi2_tests else "CI upper limit)."),
                    Verdict(_CLASS_STATUS[str(worst["class"])], "CI upper limit < .80", RC)))
    if htmt is not None and len(htmt.pairs):
        worst = htmt.pairs.loc[htmt.pairs["htmt_upper"].idxmax()]
        up = float(worst["htmt_upper"])
        out.append(("validity", f"The largest upper bound of the {htmt.level:.0%} bootstrap CI "
                    f"of HTMT was {_t(up)} ({worst['lhs']}, {worst['rhs']}; "
                    f"{htmt.n_boot} resamples).",
                    _ok(up < htmt.cutoff, f"HTMT CI upper < {_t(htmt.cutoff)}", FS)))
    return out
