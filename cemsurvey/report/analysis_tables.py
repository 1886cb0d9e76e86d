"""An :class:`~cemsurvey.results.AnalysisResult` as report sections and tables.

Each area renders its own result (``cemsurvey/report/<area>.py``,
``<area>_tables(result, thresholds) -> list[Table]``, docs/api-contract.md);
:data:`RENDERERS` names them per step and :func:`analysis_sections` calls them in pipeline
order, adding the item-descriptives table and a note naming the estimator behind the
CFA, validity and structural tables. :func:`analysis_tables` appends the "what to report"
summary (:mod:`cemsurvey.report.analysis_summary`) and the table of steps (status,
seconds, notes). A step without a renderer gets plain tables of its ``to_dict()``
(:func:`~cemsurvey.report.generic.generic_tables`) so nothing computed is hidden.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cemsurvey.jsonable import to_jsonable
from cemsurvey.report.analysis_summary import summary_table
from cemsurvey.report.cfa import cfa_tables
from cemsurvey.report.efa import efa_tables
from cemsurvey.report.generic import generic_tables, is_scalar
from cemsurvey.report.groups import group_tables, profile_tables
from cemsurvey.report.i18n import Translator
from cemsurvey.report.invariance import invariance_tables
from cemsurvey.report.method_bias import method_bias_tables
from cemsurvey.report.missing import missing_tables, policy_note
from cemsurvey.report.pls import pls_report_tables
from cemsurvey.report.pls_next import comparison_table, ipma_table, predict_tables
from cemsurvey.report.reliability import reliability_tables
from cemsurvey.report.screening import screening_tables
from cemsurvey.report.structural import structural_tables
from cemsurvey.report.tables import Table
from cemsurvey.report.thresholds import Threshold
from cemsurvey.report.validity import validity_tables
from cemsurvey.results import AnalysisResult

STEP_TITLES = {
    "import": "Import and screening", "missing": "Missing answers",
    "profile": "Sample profile",
    "descriptives": "Item descriptives", "reliability": "Reliability",
    "efa": "Exploratory factor analysis", "cfa": "Confirmatory factor analysis",
    "validity": "Convergent and discriminant validity", "structural": "Structural model",
    "predict": "PLSpredict and CVPAT", "ipma": "Importance-performance map",
    "compare": "Model comparison",
    "method-bias": "Common-method bias",
    "groups": "Group comparisons", "invariance": "Measurement invariance across groups",
}


@dataclass(frozen=True)
class Section:
    """A titled group of tables for one step."""

    step: str
    title: str
    tables: list[Table]


def descriptives_tables(desc: Any, thresholds: dict[str, Threshold] | None = None
                        ) -> list[Table]:
    """The item-descriptives table as a step renderer."""
    _ = thresholds
    return [descriptives_table(desc)]


#: Step -> its renderer ``(result, thresholds) -> list[Table]``; a step missing here is
#: shown through :func:`~cemsurvey.report.generic.generic_tables`.
RENDERERS: dict[str, Callable[[Any, dict[str, Threshold] | None], list[Table]]] = {
    "import": screening_tables,
    "missing": missing_tables,
    "profile": profile_tables,
    "descriptives": descriptives_tables,
    "reliability": reliability_tables,
    "efa": efa_tables,
    "cfa": cfa_tables,
    "validity": validity_tables,
    "structural": lambda res, th: (pls_report_tables(res, th) if hasattr(res, "outer")
                                   else structural_tables(res, th)),
    "predict": lambda res, th: predict_tables(res.predict, res.cvpat),
    "ipma": lambda res, th: ipma_table(res),
    "compare": lambda res, th: comparison_table(res),
    "method-bias": method_bias_tables,
    "groups": group_tables,
    "invariance": invariance_tables,
}


def step_tables(step: str, result: Any, thresholds: dict[str, Threshold] | None = None,
                *, estimated_by: Any = None, n_total: int | None = None) -> list[Table]:
    """Tables of one step's result: the area's renderer, else a plain rendering.

    CFA, validity and structural tables get a note naming the estimator and the
    missing-data policy that produced them (:func:`estimation_note`); ``estimated_by``
    is the result whose estimator counts (validity: the CFA fit it was computed from).
    Descriptives, reliability and EFA tables say how missing answers were handled and the
    n used of ``n_total`` respondents (:func:`~cemsurvey.report.missing.policy_note`).
    """
    render = RENDERERS.get(step)
    if render is not None:
        tables = list(render(result, thresholds))
    else:
        tables = generic_tables(step, to_jsonable(result), STEP_TITLES.get(step, step))
    if step in ESTIMATION_STEPS:
        text = estimation_note(step, result, estimated_by)
        if text:
            tables = [t if t.key in OWN_ESTIMATION_NOTE else _with_note(t, text)
                      for t in tables]
    if step in ("descriptives", "reliability", "efa") and tables:
        text = policy_note(step, result, n_total)
        if text:
            tables = [_with_note(t, text) for t in tables]
    return tables


#: Under PLS-SEM rho_A comes from the PLS weights, estimated in the structural step (after
#: this one): the reliability table points to where it is shown instead of reaching back.
RHO_A_NOTE = ("rho_A (Dijkstra & Henseler 2015) of each construct, from the PLS weights: see "
              "'PLS reliability and convergent validity' in the structural model section.")

#: Steps whose tables say which estimator and missing-data policy produced them.
ESTIMATION_STEPS = ("cfa", "validity", "structural")
#: Tables of those steps fitted by their own model, which name their estimator themselves
#: (discriminant validity with inference: ML on complete cases, whatever the CFA used).
OWN_ESTIMATION_NOTE = frozenset({"discriminant_cfa"})


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
    if step == "structural" and inner is not None and not is_scalar(inner):
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
    if step == "structural" and method in ("pls", "plsc"):
        est = ("PLSc (consistent PLS)" if _attr(result, "method") == "plsc" else "PLS-SEM") + boot
    elif step == "structural" and method == "cb-sem":
        e = str(est) if est is not None else "ML"
        est = f"CB-SEM, {e.upper() if e.islower() else e}{boot}"
    if est is None and isinstance(d.get("method"), str) and d["method"] != "pls":
        est = d["method"]
    parts = []
    if est is not None:
        est = str(est)
        parts.append(f"Estimator: {est.upper() if est.islower() and len(est) <= 5 else est}")
    if d.get("missing") is not None:   # pairwise in a model step: WLSMV's polychorics
        parts.append(f"missing data: {'pairwise polychorics' if d['missing'] == 'pairwise' else d['missing']}")
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
        tables = step_tables(rec.name, res, thresholds, estimated_by=src, n_total=result.n)
        if rec.name == "reliability" and tables and \
                hasattr(result.results.get("structural"), "outer"):
            tables[0] = _with_note(tables[0], RHO_A_NOTE)
        if tables:
            out.append(Section(rec.name, STEP_TITLES.get(rec.name, rec.name), tables))
    return out


def translate_sections(sections: list[Section], tr: Translator) -> list[Section]:
    """``sections`` with titles and tables translated by ``tr`` (unchanged in English)."""
    if not tr.active:
        return sections
    return [Section(s.step, tr(s.title), [tr.table(t) for t in s.tables]) for s in sections]


def analysis_tables(result: AnalysisResult, thresholds: dict[str, Threshold] | None = None,
                    sections: list[Section] | None = None, tr: Translator | None = None
                    ) -> list[Table]:
    """Every table of the analysis (for XLSX/Markdown), then the summary and step log.

    Pass the ``sections`` already built (and translated with ``tr``) for the HTML report
    to avoid rendering twice."""
    tr = tr or Translator()
    if sections is None:
        sections = translate_sections(analysis_sections(result, thresholds), tr)
    tables = [t for s in sections for t in s.tables]
    tables.append(tr.table(summary_table(result, thresholds)))
    tables.append(tr.table(steps_table(result)))
    return _unique_keys(tables)


def _unique_keys(tables: list[Table]) -> list[Table]:
    seen: set[str] = set()
    out = []
    for t in tables:
        key, k = t.key, 2
        while key in seen:
            key, k = f"{t.key}_{k}", k + 1
        seen.add(key)
        out.append(t if key == t.key else dataclasses.replace(t, key=key))
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
