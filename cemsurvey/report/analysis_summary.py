"""The "what to report" summary of an analysis: one sentence per finding, with its verdict.

Reads the typed result of each step (:class:`~cemsurvey.results.AnalysisResult` ``.results``:
the import result, reliability report, EFA report, CFA result, validity result, PLS or
CB-SEM result, common-method-bias result and group comparison), so it states the same full-precision numbers the
tables show; rounding happens here, in the sentences. Each verdict names its rule and
source (:mod:`cemsurvey.report.thresholds`); a range is judged by its weakest value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from cemsurvey.report.invariance import invariance_sentence, invariance_verdict
from cemsurvey.report.method_bias import discriminant_lines, method_bias_lines
from cemsurvey.report.missing import missing_summary_lines
from cemsurvey.report.pls_next import comparison_sentence, ipma_sentence, predict_sentence
from cemsurvey.report.tables import Table, Verdict, format_p
from cemsurvey.report.thresholds import Threshold, judge
from cemsurvey.results import AnalysisResult

Line = tuple[str, str, Verdict | None]
Thresholds = dict[str, Threshold] | None


def _num(v: Any) -> float | None:
    """A finite-or-inf real as float; ``None`` for NaN, missing and non-numbers."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _dec(x: float | None, nd: int = 2) -> str:
    if x is None:
        return "—"
    s = f"{x:.{nd}f}"
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def _p_text(p: Any) -> str:
    s = format_p(_num(p))
    return s if s.startswith("<") or s == "—" else f"= {s}"


def _worst(vs: list[Verdict]) -> Verdict | None:
    order = {"fail": 0, "warn": 1, "pass": 2, "info": 3}
    return min(vs, key=lambda v: order[v.status]) if vs else None


def reported_fit(fit: Mapping[str, Any], scaled_fit: Mapping[str, Any], estimator: str
                 ) -> tuple[Mapping[str, Any], str]:
    """The fit statistics a paper reports for the CFA's estimator, and their label.

    ML: the ordinary ``fit``. MLR: the Yuan-Bentler scaled chi2 with the robust CFI/TLI/RMSEA
    (Brosseau-Liard & Savalei), or the scaled ones where the robust are not computed (FIML).
    WLSMV: the mean-and-variance adjusted chi2 with the scaled indices. SRMR is the same
    for every estimator. ``fit`` is ``FitIndices.to_dict()``; keys of ``scaled_fit`` are
    lavaan's ``fitMeasures()`` names.
    """
    sf = scaled_fit or {}
    if _num(sf.get("chisq.scaled")) is None:
        return fit, ""
    kind = "robust" if _num(sf.get("cfi.robust")) is not None else "scaled"
    est = str(estimator or "")
    chi = ("mean-and-variance adjusted" if est.upper().startswith("WLSMV")
           else "Yuan-Bentler scaled")
    rep = {"chi2": sf.get("chisq.scaled"), "df": fit.get("df"), "p": sf.get("pvalue.scaled"),
           "srmr": fit.get("srmr")}
    for k in ("cfi", "tli", "rmsea"):
        rep[k] = sf.get(f"{k}.{kind}")
    rep["rmsea_ci_lower"] = sf.get(f"rmsea.ci.lower.{kind}")
    rep["rmsea_ci_upper"] = sf.get(f"rmsea.ci.upper.{kind}")
    return rep, f" ({est}: {chi} chi2, {kind} CFI/TLI/RMSEA)"


def _range_line(topic: str, lab: str, values: Mapping[str, Any], cut: float, rule: str,
                th: Thresholds) -> list[Line]:
    """"<lab> ranged from lo to hi; below threshold: a, b." over the numeric values."""
    m = {k: x for k, v in values.items() if (x := _num(v)) is not None}
    if not m:
        return []
    lo = min(m.values())
    bad = [k for k, v in m.items() if v < cut]
    txt = f"{lab} ranged from {_dec(lo)} to {_dec(max(m.values()))}"
    txt += f"; below threshold: {', '.join(bad)}." if bad else "."
    return [(topic, txt, judge(rule, lo, th))]


def _import_lines(imp: Any, n: int) -> list[Line]:
    """ImportResult: respondents read, kept and flagged."""
    txt = f"N = {imp.n_kept}"
    if imp.n_rows != imp.n_kept:
        txt += f" of {imp.n_rows} respondents kept after screening"
    flagged = len(imp.flagged)
    if flagged > 0 and not imp.options.drop:
        txt += (f"; {flagged} respondents flagged by screening are still included "
                "(see the screening table)")
    return [("sample", txt + ".", None)]


def _reliability_lines(rel: Any, th: Thresholds) -> list[Line]:
    """ReliabilityReport: the range of alpha (and omega) over the constructs."""
    cons = rel.constructs
    out: list[Line] = []
    alphas = [a for a in (_num(c.alpha) for c in cons.values()) if a is not None]
    if alphas:
        lo = min(alphas)
        low = [k for k, c in cons.items() if (_num(c.alpha) or 0) < 0.70]
        txt = (f"Cronbach's alpha ranged from {_dec(lo)} to {_dec(max(alphas))} across "
               f"{len(alphas)} constructs")
        txt += f"; below .70: {', '.join(low)}." if low else "."
        out.append(("reliability", txt, judge("alpha", lo, th)))
    omegas = [o for o in (_num(c.omega) for c in cons.values()) if o is not None]
    if omegas:
        out.append(("reliability", f"McDonald's omega ranged from {_dec(min(omegas))} to "
                    f"{_dec(max(omegas))}.", judge("omega", min(omegas), th)))
    return out


def _efa_lines(efa: Any, n_constructs: int | None, th: Thresholds) -> list[Line]:
    """EFAReport: KMO, Bartlett's test and the factors parallel analysis suggests."""
    out: list[Line] = []
    kmo, b = _num(efa.kmo.overall), efa.bartlett
    if kmo is not None:
        out.append(("efa", f"KMO = {_dec(kmo)}.", judge("kmo", kmo, th)))
    if _num(b.chi2) is not None:
        out.append(("efa", f"Bartlett's test: chi2({b.df}) = {b.chi2:.2f}, p {_p_text(b.p)}.",
                    judge("bartlett_p", _num(b.p), th)))
    if efa.parallel.n_factors is not None:
        model = n_constructs if n_constructs is not None else "?"
        out.append(("efa", f"Parallel analysis suggests {efa.parallel.n_factors} factors "
                    f"(model: {model} constructs).", None))
    return out


def _cfa_lines(cfa: Any, th: Thresholds) -> list[Line]:
    """CFAResult: the estimator's own fit statistics and the range of standardized loadings."""
    f, label = reported_fit(cfa.fit.to_dict(), cfa.scaled_fit, cfa.estimator)
    chi2, df = _num(f.get("chi2")), f.get("df")
    parts = []
    if chi2 is not None:
        parts.append(f"chi2({df}) = {chi2:.2f}, p {_p_text(f.get('p'))}")
    for k, lab in (("cfi", "CFI"), ("tli", "TLI")):
        if _num(f.get(k)) is not None:
            parts.append(f"{lab} = {_dec(_num(f[k]), 3)}")
    if _num(f.get("rmsea")) is not None:
        ci = ""
        if _num(f.get("rmsea_ci_lower")) is not None:
            ci = (f" [{_dec(_num(f['rmsea_ci_lower']), 3)}, "
                  f"{_dec(_num(f.get('rmsea_ci_upper')), 3)}]")
        parts.append(f"RMSEA = {_dec(_num(f['rmsea']), 3)}{ci}")
    if _num(f.get("srmr")) is not None:
        parts.append(f"SRMR = {_dec(_num(f['srmr']), 3)}")
    worst = _worst([judge(k, _num(f.get(k)), th)
                    for k in ("cfi", "tli", "rmsea", "srmr") if _num(f.get(k)) is not None])
    conv = "" if cfa.converged else " (did NOT converge)"
    out: list[Line] = [("cfa", f"Measurement model{label}: " + ", ".join(parts) + conv + ".",
                        worst)]
    lds = [x for x in (_num(v) for v in cfa.loadings["std"]) if x is not None]
    if lds:
        out.append(("cfa", f"Standardized loadings ranged from {_dec(min(lds))} to "
                    f"{_dec(max(lds))}.", judge("loading", min(lds), th)))
    return out


def _validity_lines(val: Any, th: Thresholds) -> list[Line]:
    """ValidityResult: ranges of CR and AVE, the largest HTMT."""
    out = _range_line("validity", "Composite reliability", val.cr.to_dict(), 0.70, "cr", th)
    out += _range_line("validity", "AVE", val.ave.to_dict(), 0.50, "ave", th)
    vals = [(str(a), str(b), x) for a, row in val.htmt.iterrows() for b, v in row.items()
            if a != b and (x := _num(v)) is not None]
    if vals:
        a, b, mx = max(vals, key=lambda t: t[2])
        out.append(("validity", f"Largest HTMT = {_dec(mx)} ({a}, {b}).", judge("htmt", mx, th)))
    return out


def _structural_lines(res: Any, th: Thresholds) -> list[Line]:
    """StructuralResult (of a PLS or CB-SEM result): hypotheses supported, R^2."""
    st = getattr(res, "structural", res)
    out: list[Line] = []
    if st.paths:
        sup = [p for p in st.paths if p.supported]
        txt = (f"{len(sup)} of {len(st.paths)} hypotheses supported "
               f"({getattr(res, 'method', st.method)}, "
               f"alpha = {st.alpha})")
        if sup:
            txt += ": " + ", ".join(f"{p.hypothesis} {p.from_} -> {p.to} "
                                    f"(beta = {_dec(_num(p.std))}, p {_p_text(p.p)})"
                                    for p in sup)
        out.append(("structural", txt + ".", None))
    r2 = {k: x for k, v in st.r2.items() if (x := _num(v)) is not None}
    if r2:
        out.append(("structural", "R^2: " + ", ".join(f"{k} = {_dec(v)}" for k, v in r2.items())
                    + ".", judge("r2", min(r2.values()), th)))
    return out


_GROUP_METHODS = {"welch_t": ("Welch's t-test", "t"), "welch_anova": ("Welch's ANOVA", "F"),
                  "mann_whitney": ("Mann-Whitney U test", "U"),
                  "kruskal_wallis": ("Kruskal-Wallis test", "H")}

_EFFECT_NAMES = {"omega_squared": "ω²", "hedges_g": "Hedges' g", "epsilon_squared": "ε²",
                 "rank_biserial": "rank-biserial r", "eta_squared": "η²"}


def _group_lines(g: Any, alpha: float, by: str) -> list[Line]:
    """GroupComparison: which construct scores differ across the groups."""
    name, stat = _GROUP_METHODS.get(str(g.method), (str(g.method), "stat"))
    sig = []
    for c, t in g.tests.iterrows():
        p = _num(t.get("p"))
        if p is None or p >= alpha:
            continue
        df = [x for x in (_num(t.get("df1")), _num(t.get("df2")), _num(t.get("df")))
              if x is not None]
        dft = f"({', '.join(f'{x:.4g}' for x in df)})" if df and stat in ("t", "F") else ""
        val = _num(t.get("statistic"))
        eff = _num(t.get("effect"))
        txt = f"{c} ({stat}{dft} = {val:.2f}" if val is not None else f"{c} ("
        txt += f", p {_p_text(p)}"
        if eff is not None:
            en = str(t.get("effect_name", "effect"))
            txt += f", {_EFFECT_NAMES.get(en, en)} = {_dec(eff)}"
        sig.append(txt + ")")
    k = len(g.tests)
    if sig:
        text = (f"Construct scores across {by} groups ({name}, alpha = {alpha:g}): "
                f"{len(sig)} of {k} differ: " + "; ".join(sig) + ".")
    else:
        text = (f"Construct scores across {by} groups ({name}): no difference at "
                f"alpha = {alpha:g} in any of {k} constructs.")
    return [("groups", text, None)]


def summary_lines(result: AnalysisResult, thresholds: Thresholds = None) -> list[Line]:
    """The "what to report" summary: ``(topic, sentence, verdict)`` per finding, in
    pipeline order, then a line per skipped step."""
    r, th = result.results, thresholds
    out: list[Line] = []
    if (imp := r.get("import")) is not None:
        out += _import_lines(imp, result.n)
    if r.get("missing") is not None:
        out += missing_summary_lines(result.to_dict())
    if (rel := r.get("reliability")) is not None:
        out += _reliability_lines(rel, th)
    if (efa := r.get("efa")) is not None:
        ins = result.instrument
        out += _efa_lines(efa, len(ins.constructs) if ins else None, th)
    if (cfa := r.get("cfa")) is not None:
        out += _cfa_lines(cfa, th)
    if (val := r.get("validity")) is not None:
        out += _validity_lines(val, th)
        out += discriminant_lines(getattr(val, "discriminant", None),
                                  getattr(val, "htmt_inference", None))
    if (st := r.get("structural")) is not None:
        out += _structural_lines(st, th)
    if (pr := r.get("predict")) is not None:
        text, verdict = predict_sentence(pr.predict, pr.cvpat)
        out.append(("predict", text, verdict))
    if (ip := r.get("ipma")) is not None:
        out.append(("ipma", ipma_sentence(ip), None))
    if (cmp := r.get("compare")) is not None:
        out.append(("model comparison", comparison_sentence(cmp), None))
    out += method_bias_lines(r.get("method-bias"))
    if (g := r.get("groups")) is not None:
        opts = result.options
        alpha = float(getattr(opts, "alpha", 0.05) or 0.05)
        out += _group_lines(g, alpha, getattr(opts, "by", None) or "group")
    if (inv := r.get("invariance")) is not None:
        out.append(("invariance", invariance_sentence(inv), invariance_verdict(inv)))
    for rec in result.steps:
        if rec.status == "skipped" and rec.note:
            out.append(("skipped", rec.note + ".", Verdict("info", "step skipped", "cemsurvey")))
    return out


def summary_table(result: AnalysisResult, thresholds: Thresholds = None) -> Table:
    """The summary as a table (topic, finding, verdict)."""
    rows = [[topic, text, v] for topic, text, v in summary_lines(result, thresholds)]
    return Table("summary", "What to report", ["topic", "finding", "verdict"], rows,
                 notes=["Each verdict names the rule and its source; the verdict of a range is "
                        "that of its weakest value."])
