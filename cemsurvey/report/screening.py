"""Tables of the import and screening report (``cemsurvey import``).

:func:`screening_tables` turns an :class:`~cemsurvey.responses.importer.ImportResult`
into :class:`~cemsurvey.report.tables.Table` objects: what was read, what each
screening rule flagged (and whether flagged respondents were dropped), and which items
have missing answers. Cells hold full-precision values; rounding happens in the writers.
"""

from __future__ import annotations

from typing import Any

from cemsurvey.report.tables import Table

#: What each screening rule checks, for the table's rule column.
RULE_TEXT: dict[str, str] = {
    "duplicates": "repeated respondent id or identical answers",
    "straightlining": "longest run of one answer across the items",
    "too_fast": "completion time below the minimum",
    "attention": "attention check answered wrongly",
    "incomplete": "too many unanswered items",
    "outliers": "Mahalanobis distance, chi-square p below threshold",
}


def _threshold(rule: str, details: dict[str, Any]) -> str:
    d = details.get(rule) or {}
    if rule == "straightlining" and "threshold" in d:
        return f"run >= {d['threshold']} items"
    if rule == "too_fast" and "min_seconds" in d:
        return f"< {d['min_seconds']:g} s"
    if rule == "incomplete" and "max_missing" in d:
        return f"> {100 * d['max_missing']:g} % missing"
    if rule == "outliers" and "p_threshold" in d:
        return f"p < {d['p_threshold']:g}"
    return ""


def screening_tables(result: Any, thresholds: Any = None) -> list[Table]:
    """Tables of an import: summary, screening flags, items with missing answers.

    Parameters
    ----------
    result
        An :class:`~cemsurvey.responses.importer.ImportResult`.
    thresholds
        Unused (the screening thresholds are in the result); accepted for the common
        ``<area>_tables(result, thresholds)`` signature.

    Returns
    -------
    list of Table
        ``import_summary``, ``import_screening`` (when any rule ran) and
        ``import_missing`` (when any item has a missing answer).
    """
    _ = thresholds
    d = result.to_dict()
    miss = d["missing"]
    resp = miss["respondents"]
    rows: list[list[Any]] = [
        ["file", d["file"]],
        ["source format", d["source"]],
        ["respondents read", d["n_rows"]],
        ["respondents flagged by screening", d["n_flagged"]],
        ["flagged respondents dropped", bool(d["dropped"])],
        ["respondents kept", d["n_kept"]],
        ["missing item answers (kept respondents)", miss["cells"]],
        ["missing item answers, share of cells", miss["pct"]],
        ["respondents with no missing answer", resp["complete"]],
    ]
    if d["invalid"]:
        rows.append(["invalid answers set missing", sum(d["invalid"].values())])
    out = [Table("import_summary", "Import", ["statistic", "value"], rows,
                 {"value": ""}, list(d["notes"]), ("value",))]
    details = d["screening"].get("details", {})
    if d["flags"]:
        frows = []
        for rule, ids in d["flags"].items():
            shown = ", ".join(ids[:8]) + (f" ... (+{len(ids) - 8})" if len(ids) > 8 else "")
            frows.append([rule, RULE_TEXT.get(rule, ""), _threshold(rule, details), len(ids), shown])
        what = ("Flagged respondents were dropped." if d["dropped"] else
                "Flagged respondents are kept (reported only).")
        out.append(Table("import_screening", "Screening", ["rule", "checks", "threshold",
                                                           "flagged", "respondents"],
                         frows, {"flagged": "d"}, [what]))
    gaps = [[i, v["n"], v["pct"]] for i, v in miss["items"].items() if v["n"] > 0]
    if gaps:
        gaps.sort(key=lambda r: (-r[1], r[0]))
        out.append(Table("import_missing", "Items with missing answers",
                         ["item", "missing", "share"], gaps, {"missing": "d", "share": ".1%"}))
    return out
