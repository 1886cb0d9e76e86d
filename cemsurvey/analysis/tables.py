"""Turn an :class:`~cemsurvey.analysis.result.AnalysisResult` into report tables.

Each area renders its own result (``cemsurvey/report/<area>.py``,
``<area>_tables(result, thresholds) -> list[Table]``, docs/api-contract.md); this module
calls those renderers in pipeline order, adds the item-descriptives table, a table of
steps (status, seconds, notes) and the "what to report" summary. An area without a
renderer gets a plain table built from its ``to_dict()`` so nothing computed is hidden.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from typing import Any

from cemsurvey.analysis.result import AnalysisResult
from cemsurvey.report.jsonify import to_jsonable
from cemsurvey.report.tables import Table, Verdict, format_p
from cemsurvey.report.thresholds import Threshold, judge

#: Step -> candidate renderers ``(module, function)``, first found wins.
RENDERERS: dict[str, tuple[tuple[str, str], ...]] = {
    "import": (("cemsurvey.report.responses", "responses_tables"),
               ("cemsurvey.report.responses", "import_tables")),
    "missing": (("cemsurvey.report.missing", "missing_tables"),),
    "profile": (("cemsurvey.report.groups", "profile_tables"),),
    "reliability": (("cemsurvey.report.reliability", "reliability_tables"),),
    "efa": (("cemsurvey.report.efa", "efa_tables"),),
    "cfa": (("cemsurvey.report.cfa", "cfa_tables"),),
    "validity": (("cemsurvey.report.validity", "validity_tables"),),
    "structural": (("cemsurvey.report.structural", "structural_tables"),),
    "groups": (("cemsurvey.report.groups", "group_tables"),
               ("cemsurvey.report.groups", "groups_tables")),
}

STEP_TITLES = {
    "import": "Import and screening", "missing": "Missing answers",
    "profile": "Sample profile",
    "descriptives": "Item descriptives", "reliability": "Reliability",
    "efa": "Exploratory factor analysis", "cfa": "Confirmatory factor analysis",
    "validity": "Convergent and discriminant validity", "structural": "Structural model",
    "groups": "Group comparisons",
}


@dataclass(frozen=True)
class Section:
    """A titled group of tables for one step."""

    step: str
    title: str
    tables: list[Table]


def _renderer(step: str) -> Any:
    for mod, fn in RENDERERS.get(step, ()):
        try:
            module = importlib.import_module(mod)
        except ImportError:
            continue
        f = getattr(module, fn, None)
        if callable(f):
            return f
    return None


def step_tables(step: str, result: Any, thresholds: dict[str, Threshold] | None = None,
                *, estimated_by: Any = None) -> list[Table]:
    """Tables of one step's result: the area's renderer, else a plain rendering.

    CFA, validity and structural tables get a note naming the estimator and the
    missing-data policy that produced them (:func:`estimation_note`); ``estimated_by``
    is the result whose estimator counts (validity: the CFA fit it was computed from).
    """
    if step == "descriptives":
        return [descriptives_table(result)]
    f = _renderer(step)
    if f is not None:
        tables = list(f(result, thresholds))
    elif step == "import":
        tables = import_tables(to_jsonable(result))
    else:
        tables = generic_tables(step, to_jsonable(result))
    if step in ESTIMATION_STEPS:
        text = estimation_note(step, result, estimated_by)
        if text:
            tables = [_with_note(t, text) for t in tables]
    return tables


#: Steps whose tables say which estimator and missing-data policy produced them.
ESTIMATION_STEPS = ("cfa", "validity", "structural")


def _with_note(t: Table, text: str) -> Table:
    if text in t.notes:
        return t
    return Table(t.key, t.title, t.columns, t.rows, t.formats, [*t.notes, text], t.rtl_columns)


def _attr(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def estimation_note(step: str, result: Any, estimated_by: Any = None) -> str | None:
    """"Estimator: ML; missing data: listwise (n = 385)." for a CFA, validity or
    structural result (its ``estimator, missing, n, method, bootstrap`` attributes or
    keys; ``estimated_by``, e.g. the CFA fit behind validity, supplies the estimator;
    PLS results name PLS-SEM, CB-SEM results CB-SEM and the estimator of their fit).

    >>> estimation_note("cfa", {"estimator": "MLR", "missing": "fiml", "n": 300})
    'Estimator: MLR; missing data: fiml (n = 300).'
    >>> estimation_note("structural", {"method": "pls", "missing": "listwise", "n": 90,
    ...                                "bootstrap": 500})
    'Estimator: PLS-SEM (500 bootstrap resamples); missing data: listwise (n = 90).'
    >>> estimation_note("structural", {"method": "cb-sem", "missing": "listwise", "n": 90},
    ...                 {"estimator": "ML"})
    'Estimator: CB-SEM, ML; missing data: listwise (n = 90).'
    """
    keys = ("estimator", "missing", "n", "method", "bootstrap")
    d = {k: _attr(result, k) for k in keys}
    inner = _attr(result, "structural")  # PLSResult / CBSEMResult: the hypothesis table
    if step == "structural" and inner is not None and not _is_scalar(inner):
        d.update({k: v for k in keys if (v := _attr(inner, k)) is not None})
    if estimated_by is not None:
        if (e := _attr(estimated_by, "estimator")) is not None:
            d["estimator"] = e
        if d.get("missing") is None:
            d["missing"] = _attr(estimated_by, "missing")
    est = d.get("estimator")
    method = str(d.get("method", "")).lower()
    b = d.get("bootstrap")
    boot = f" ({b} bootstrap resamples)" if b else ""
    if step == "structural" and method == "pls":
        est = "PLS-SEM" + boot
    elif step == "structural" and method == "cb-sem":
        e = str(est) if est is not None else "ML"
        est = f"CB-SEM, {e.upper() if e.islower() else e}{boot}"
    if est is None and isinstance(d.get("method"), str) and d["method"] != "pls":
        est = d["method"]
    parts = []
    if est is not None:
        est = str(est)
        parts.append(f"Estimator: {est.upper() if est.islower() and len(est) <= 5 else est}")
    if d.get("missing") is not None:
        parts.append(f"missing data: {d['missing']}")
    if not parts:
        return None
    n = d.get("n")
    tail = f" (n = {n})" if isinstance(n, int | float) and not isinstance(n, bool) else ""
    return "; ".join(parts) + tail + "."


def analysis_sections(result: AnalysisResult, thresholds: dict[str, Threshold] | None = None
                      ) -> list[Section]:
    """Sections (one per step that ran) in pipeline order."""
    out = []
    for rec in result.steps:
        res = result.results.get(rec.name)
        if rec.status != "ok" or res is None:
            continue
        src = None
        if rec.name == "validity":
            src = result.results.get("cfa")
        elif rec.name == "structural" and hasattr(getattr(res, "fit", None), "estimator"):
            src = res.fit  # CB-SEM: the ML (MLR, ...) fit of the structural model
        tables = step_tables(rec.name, res, thresholds, estimated_by=src)
        if rec.name in ("descriptives", "reliability", "efa") and tables:  # issue 15 hook
            from cemsurvey.report.missing import policy_note

            text = policy_note(rec.name, res, result.n)
            tables = [_with_note(t, text) for t in tables] if text else tables
        if tables:
            out.append(Section(rec.name, STEP_TITLES.get(rec.name, rec.name), tables))
    return out


def analysis_tables(result: AnalysisResult, thresholds: dict[str, Threshold] | None = None,
                    sections: list[Section] | None = None) -> list[Table]:
    """Every table of the analysis (for XLSX/Markdown), then the summary and step log.

    Pass the ``sections`` already built for the HTML report to avoid rendering twice
    (some renderers compute, e.g. CFA modification indices)."""
    if sections is None:
        sections = analysis_sections(result, thresholds)
    tables = [t for s in sections for t in s.tables]
    tables.append(summary_table(result, thresholds))
    tables.append(steps_table(result))
    return _unique_keys(tables)


def _unique_keys(tables: list[Table]) -> list[Table]:
    seen: set[str] = set()
    out = []
    for t in tables:
        key, k = t.key, 2
        while key in seen:
            key, k = f"{t.key}_{k}", k + 1
        seen.add(key)
        out.append(t if key == t.key else Table(key, t.title, t.columns, t.rows, t.formats,
                                                t.notes, t.rtl_columns))
    return out


# ----------------------------------------------------------------------------- own tables
def descriptives_table(desc: Any) -> Table:
    """Item descriptives (n, missing, mean, SD, median, range, skew, kurtosis)."""
    df = desc.table
    cols = ["item", "construct", "reverse", "n", "missing", "mean", "sd", "median", "min",
            "max", "skew", "kurtosis"]
    rows = [[str(i), r["construct"], bool(r["reverse"]), int(r["n"]), int(r["missing"]),
             r["mean"], r["sd"], r["median"], r["min"], r["max"], r["skew"], r["kurtosis"]]
            for i, r in df.iterrows()]
    fmts = {c: ".3f" for c in ("mean", "sd", "skew", "kurtosis")}
    fmts.update({"median": "g", "min": "g", "max": "g", "n": "d", "missing": "d"})
    notes = [f"N = {desc.n}; codes as answered (reverse-keyed items not yet recoded).",
             f"Skewness and kurtosis: {desc.method}.",
             "|skew| > 2 or |kurtosis| > 7 suggests non-normality (Curran, West & Finch 1996)."]
    return Table("descriptives", "Item descriptive statistics", cols, rows, fmts, notes)


def steps_table(result: AnalysisResult) -> Table:
    """Which steps ran, how long they took, and why any were skipped."""
    rows = [[r.name, r.status, r.seconds, r.note or "", len(r.warnings)] for r in result.steps]
    notes = [f"Total time: {result.timings.get('total', float('nan')):.2f} s."]
    return Table("steps", "Analysis steps", ["step", "status", "seconds", "note", "warnings"],
                 rows, {"seconds": ".2f", "warnings": "d"}, notes)


def import_tables(d: Any) -> list[Table]:
    """Import and screening: counts, screening rules and their flags, missing answers.

    Reads :meth:`ImportResult.to_dict` (``n_rows, n_kept, source, file, dropped,
    flag_counts, n_flagged, missing: {cells, pct, items, respondents}, invalid, notes``);
    keys it does not know go to a plain table so nothing is hidden.
    """
    if not isinstance(d, dict):
        return generic_tables("import", d)
    rows: list[list[Any]] = []
    for k, lab in (("source", "source format"), ("file", "file"), ("n_rows", "rows read"),
                   ("n_flagged", "respondents flagged by screening"),
                   ("dropped", "flagged respondents dropped"), ("n_kept", "respondents analysed")):
        if k in d:
            v = d[k]
            rows.append([lab, ("yes" if v else "no") if isinstance(v, bool) else v])
    miss = d.get("missing") if isinstance(d.get("missing"), dict) else {}
    if "cells" in miss:
        pct = miss.get("pct")
        rows.append(["missing item answers", f"{miss['cells']}"
                     + (f" ({100 * pct:.2f} % of cells)" if isinstance(pct, int | float) else "")])
    resp = miss.get("respondents") if isinstance(miss.get("respondents"), dict) else {}
    if "complete" in resp:
        rows.append(["respondents with no missing answer", resp["complete"]])
    out = [Table("import", "Import and screening", ["statistic", "value"], rows,
                 notes=list(d.get("notes") or []))]
    counts = d.get("flag_counts") or {}
    if isinstance(counts, dict) and counts:
        flags = d.get("flags") or {}
        frows = []
        for rule, c in counts.items():
            ids = flags.get(rule) or [] if isinstance(flags, dict) else []
            shown = ", ".join(str(i) for i in ids[:10]) + (" ..." if len(ids) > 10 else "")
            frows.append([rule, c, shown])
        out.append(Table("import_screening", "Screening flags", ["rule", "respondents",
                                                                  "ids"], frows,
                         {"respondents": "d"},
                         ["Flagged respondents are "
                          + ("dropped." if d.get("dropped") else "kept (reported only).")]))
    items = miss.get("items") if isinstance(miss.get("items"), dict) else {}
    gaps = [[i, v.get("n"), 100 * float(v.get("pct") or 0.0)] for i, v in items.items()
            if isinstance(v, dict) and (v.get("n") or 0) > 0]
    if gaps:
        gaps.sort(key=lambda r: -(r[1] or 0))
        out.append(Table("import_missing", "Items with missing answers",
                         ["item", "missing", "percent"], gaps, {"missing": "d", "percent": ".1f"}))
    invalid = d.get("invalid")
    if isinstance(invalid, dict) and invalid:
        out.extend(generic_tables("import_invalid", {"invalid": invalid},
                                  "Invalid answers"))
    return out


# ----------------------------------------------------------------------------- fallback
def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, bool | int | float | str)


def generic_tables(key: str, data: Any, title: str | None = None) -> list[Table]:
    """Plain tables from JSON-ready data (scalars; maps of maps; lists of records).

    >>> [t.key for t in generic_tables("x", {"a": 1, "m": {"r": {"c": 1.0}}, "l": [{"k": 2}]})]
    ['x', 'x_m', 'x_l']
    """
    title = title or STEP_TITLES.get(key, key)
    if not isinstance(data, dict):
        return [Table(key, title, ["value"], [[str(data)]])]
    scalars = [[k, v] for k, v in data.items() if _is_scalar(v)]
    out = [Table(key, title, ["statistic", "value"], scalars)] if scalars else []
    for k, v in data.items():
        if _is_scalar(v) or k == "warnings":
            continue
        sub = f"{key}_{k}"
        name = f"{title}: {k}"
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
            cols = list(dict.fromkeys(c for r in v for c in r))
            rows = [[r.get(c) if _is_scalar(r.get(c)) else str(r.get(c)) for c in cols]
                    for r in v]
            out.append(Table(sub, name, cols, rows))
        elif isinstance(v, list) and all(_is_scalar(x) for x in v):
            out.append(Table(sub, name, ["#", k], [[i + 1, x] for i, x in enumerate(v)]))
        elif isinstance(v, dict) and v and all(isinstance(r, dict) for r in v.values()):
            if all(all(_is_scalar(x) for x in r.values()) for r in v.values()):
                cols = list(dict.fromkeys(c for r in v.values() for c in r))
                rows = [[rk] + [r.get(c) for c in cols] for rk, r in v.items()]
                out.append(Table(sub, name, [""] + cols, rows))
            else:
                for rk, r in v.items():
                    out.extend(generic_tables(f"{sub}_{rk}", r, f"{name} {rk}"))
        elif isinstance(v, dict) and v and all(isinstance(r, list) for r in v.values()):
            width = max(len(r) for r in v.values())
            cols = [""] + [f"{i + 1}" for i in range(width)]
            rows = [[rk] + list(r) + [None] * (width - len(r)) for rk, r in v.items()]
            out.append(Table(sub, name, cols, rows))
        elif isinstance(v, dict) and v:
            rows = [[rk, r if _is_scalar(r) else str(r)] for rk, r in v.items()]
            out.append(Table(sub, name, ["", k], rows))
    return out


# ----------------------------------------------------------------------------- summary
def _num(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return None if isinstance(v, float) and math.isnan(v) else float(v)


def _dec(x: float | None, nd: int = 2) -> str:
    if x is None:
        return "—"
    s = f"{x:.{nd}f}"
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def _reported_fit(cfa: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The fit statistics a paper reports for the CFA's estimator, and their label.

    ML: the ordinary ``fit``. MLR: the Yuan-Bentler scaled chi2 with the robust CFI/TLI/RMSEA
    (Brosseau-Liard & Savalei), or the scaled ones where the robust are not computed (FIML).
    WLSMV: the mean-and-variance adjusted chi2 with the scaled indices. SRMR is the same
    for every estimator. Keys of ``scaled_fit`` are lavaan's ``fitMeasures()`` names.
    """
    f = cfa["fit"]
    sf = cfa.get("scaled_fit") or {}
    if _num(sf.get("chisq.scaled")) is None:
        return f, ""
    kind = "robust" if _num(sf.get("cfi.robust")) is not None else "scaled"
    est = str(cfa.get("estimator") or "")
    chi = ("mean-and-variance adjusted" if est.upper().startswith("WLSMV")
           else "Yuan-Bentler scaled")
    rep = {"chi2": sf.get("chisq.scaled"), "df": f.get("df"), "p": sf.get("pvalue.scaled"),
           "srmr": f.get("srmr")}
    for k in ("cfi", "tli", "rmsea"):
        rep[k] = sf.get(f"{k}.{kind}")
    rep["rmsea_ci_lower"] = sf.get(f"rmsea.ci.lower.{kind}")
    rep["rmsea_ci_upper"] = sf.get(f"rmsea.ci.upper.{kind}")
    return rep, f" ({est}: {chi} chi2, {kind} CFI/TLI/RMSEA)"


def summary_lines(result: AnalysisResult, thresholds: dict[str, Threshold] | None = None
                  ) -> list[tuple[str, str, Verdict | None]]:
    """The "what to report" summary: ``(topic, sentence, verdict)`` per finding.

    Built from each step's ``to_dict()`` keys of docs/api-contract.md, so it reads the
    same numbers the tables show.
    """
    d = result.json_dict()
    out: list[tuple[str, str, Verdict | None]] = []
    imp = d.get("import") or {}
    if d.get("import") is not None:
        n_rows, n_kept = imp.get("n_rows"), imp.get("n_kept", result.n)
        txt = f"N = {n_kept}"
        if n_rows is not None and n_rows != n_kept:
            txt += f" of {n_rows} respondents kept after screening"
        flagged = imp.get("n_flagged")
        if isinstance(flagged, int) and flagged > 0 and not imp.get("dropped"):
            txt += (f"; {flagged} respondents flagged by screening are still included "
                    "(see the screening table)")
        out.append(("sample", txt + ".", None))
    from cemsurvey.report.missing import missing_summary_lines  # issue 15 hook

    out += missing_summary_lines(d)
    rel = d.get("reliability")
    if isinstance(rel, dict):
        cons = {k: v for k, v in rel.items() if isinstance(v, dict) and "alpha" in v}
        alphas = [a for a in (_num(v.get("alpha")) for v in cons.values()) if a is not None]
        if alphas:
            lo = min(alphas)
            low = [k for k, v in cons.items() if (_num(v.get("alpha")) or 0) < 0.70]
            txt = (f"Cronbach's alpha ranged from {_dec(lo)} to {_dec(max(alphas))} across "
                   f"{len(alphas)} constructs")
            txt += f"; below .70: {', '.join(low)}." if low else "."
            out.append(("reliability", txt, judge("alpha", lo, thresholds)))
        omegas = [o for o in (_num(v.get("omega")) for v in cons.values()) if o is not None]
        if omegas:
            out.append(("reliability", f"McDonald's omega ranged from {_dec(min(omegas))} to "
                        f"{_dec(max(omegas))}.", judge("omega", min(omegas), thresholds)))
    efa = d.get("efa")
    if isinstance(efa, dict):
        kmo = _num(efa.get("kmo"))
        b = efa.get("bartlett") or {}
        if kmo is not None:
            out.append(("efa", f"KMO = {_dec(kmo)}.", judge("kmo", kmo, thresholds)))
        if _num(b.get("chi2")) is not None:
            out.append(("efa", f"Bartlett's test: chi2({b.get('df')}) = {b['chi2']:.2f}, "
                        f"p {_p_text(b.get('p'))}.", judge("bartlett_p", _num(b.get("p")),
                                                           thresholds)))
        if efa.get("parallel_factors") is not None:
            out.append(("efa", f"Parallel analysis suggests {efa['parallel_factors']} factors "
                        f"(model: {len(result.instrument.constructs) if result.instrument else '?'}"
                        " constructs).", None))
    cfa = d.get("cfa")
    if isinstance(cfa, dict) and isinstance(cfa.get("fit"), dict):
        f, label = _reported_fit(cfa)
        chi2, df = _num(f.get("chi2")), f.get("df")
        parts = []
        if chi2 is not None:
            parts.append(f"chi2({df}) = {chi2:.2f}, p {_p_text(f.get('p'))}")
        for k, lab in (("cfi", "CFI"), ("tli", "TLI")):
            if _num(f.get(k)) is not None:
                parts.append(f"{lab} = {_dec(f[k], 3)}")
        if _num(f.get("rmsea")) is not None:
            ci = ""
            if _num(f.get("rmsea_ci_lower")) is not None:
                ci = f" [{_dec(f['rmsea_ci_lower'], 3)}, {_dec(f.get('rmsea_ci_upper'), 3)}]"
            parts.append(f"RMSEA = {_dec(f['rmsea'], 3)}{ci}")
        if _num(f.get("srmr")) is not None:
            parts.append(f"SRMR = {_dec(f['srmr'], 3)}")
        worst = _worst([judge(k, _num(f.get(k)), thresholds)
                        for k in ("cfi", "tli", "rmsea", "srmr") if _num(f.get(k)) is not None])
        conv = "" if cfa.get("converged", True) else " (did NOT converge)"
        out.append(("cfa", f"Measurement model{label}: " + ", ".join(parts) + conv + ".",
                    worst))
        lds = [_num(r.get("std")) for r in cfa.get("loadings") or [] if isinstance(r, dict)]
        lds = [x for x in lds if x is not None]
        if lds:
            out.append(("cfa", f"Standardized loadings ranged from {_dec(min(lds))} to "
                        f"{_dec(max(lds))}.", judge("loading", min(lds), thresholds)))
    val = d.get("validity")
    if isinstance(val, dict):
        for key, lab in (("cr", "Composite reliability"), ("ave", "AVE")):
            m = {k: _num(v) for k, v in (val.get(key) or {}).items() if _num(v) is not None}
            if m:
                lo = min(m.values())
                bad = [k for k, v in m.items() if v < (0.70 if key == "cr" else 0.50)]
                txt = f"{lab} ranged from {_dec(lo)} to {_dec(max(m.values()))}"
                txt += f"; below threshold: {', '.join(bad)}." if bad else "."
                out.append(("validity", txt, judge(key, lo, thresholds)))
        ht = val.get("htmt") or {}
        vals = [(a, b, _num(v)) for a, row in ht.items() if isinstance(row, dict)
                for b, v in row.items() if a != b and _num(v) is not None]
        if vals:
            a, b, mx = max(vals, key=lambda t: t[2])
            out.append(("validity", f"Largest HTMT = {_dec(mx)} ({a}, {b}).",
                        judge("htmt", mx, thresholds)))
    st = d.get("structural")
    if isinstance(st, dict):
        st = st.get("structural", st) if "paths" not in st else st
        paths = st.get("paths") or []
        if paths:
            sup = [p for p in paths if p.get("supported")]
            txt = (f"{len(sup)} of {len(paths)} hypotheses supported ({st.get('method', '')}"
                   f", alpha = {st.get('alpha', 0.05)})")
            if sup:
                txt += ": " + ", ".join(f"{p.get('hypothesis')} {p.get('from')} -> {p.get('to')} "
                                        f"(beta = {_dec(_num(p.get('std')))}, "
                                        f"p {_p_text(p.get('p'))})" for p in sup)
            out.append(("structural", txt + ".", None))
        r2 = {k: _num(v) for k, v in (st.get("r2") or {}).items() if _num(v) is not None}
        if r2:
            out.append(("structural", "R^2: " + ", ".join(f"{k} = {_dec(v)}"
                                                           for k, v in r2.items()) + ".",
                        judge("r2", min(r2.values()), thresholds)))
    out.extend(_group_lines(d.get("groups"), result.options, thresholds))
    for rec in result.steps:
        if rec.status == "skipped" and rec.note:
            out.append(("skipped", rec.note + ".", Verdict("info", "step skipped", "cemsurvey")))
    return out


_GROUP_METHODS = {"welch_t": ("Welch's t-test", "t"), "welch_anova": ("Welch's ANOVA", "F"),
                  "mann_whitney": ("Mann-Whitney U test", "U"),
                  "kruskal_wallis": ("Kruskal-Wallis test", "H")}


_EFFECT_NAMES = {"omega_squared": "ω²", "hedges_g": "Hedges' g", "epsilon_squared": "ε²",
                 "rank_biserial": "rank-biserial r", "eta_squared": "η²"}


def _group_lines(g: Any, options: Any, thresholds: dict[str, Threshold] | None
                 ) -> list[tuple[str, str, Verdict | None]]:
    """Summary of ``--by``: which construct scores differ across the groups."""
    if not isinstance(g, dict) or not isinstance(g.get("tests"), dict):
        return []
    alpha = float(getattr(options, "alpha", 0.05) or 0.05)
    name, stat = _GROUP_METHODS.get(str(g.get("method")), (str(g.get("method")), "stat"))
    by = getattr(options, "by", None) or "group"
    sig = []
    for c, t in g["tests"].items():
        p = _num(t.get("p")) if isinstance(t, dict) else None
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
    k = len(g["tests"])
    if sig:
        text = (f"Construct scores across {by} groups ({name}, alpha = {alpha:g}): "
                f"{len(sig)} of {k} differ: " + "; ".join(sig) + ".")
    else:
        text = (f"Construct scores across {by} groups ({name}): no difference at "
                f"alpha = {alpha:g} in any of {k} constructs.")
    return [("groups", text, None)]


def _p_text(p: Any) -> str:
    s = format_p(_num(p))
    return s if s.startswith("<") or s == "—" else f"= {s}"


def _worst(vs: list[Verdict]) -> Verdict | None:
    order = {"fail": 0, "warn": 1, "pass": 2, "info": 3}
    return min(vs, key=lambda v: order[v.status]) if vs else None


def summary_table(result: AnalysisResult, thresholds: dict[str, Threshold] | None = None
                  ) -> Table:
    """The summary as a table (topic, finding, verdict)."""
    rows = [[topic, text, v] for topic, text, v in summary_lines(result, thresholds)]
    return Table("summary", "What to report", ["topic", "finding", "verdict"], rows,
                 notes=["Each verdict names the rule and its source; the verdict of a range is "
                        "that of its weakest value."])
