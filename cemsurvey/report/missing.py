"""Tables and report lines for missing answers
(:class:`cemsurvey.psychometrics.missing.MissingDataReport`) and the missing-data policy of
each analysis step.

Renders only: every number comes from the result objects (or their ``to_dict()``).
"""

from __future__ import annotations

from typing import Any

from cemsurvey.report.tables import Table, Verdict, format_p

#: Items shown in the per-item table (the JSON output lists every item).
TOP_ITEMS = 10
LITTLE_SOURCE = "Little (1988) J. American Statistical Association 83(404) 1198-1202"


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def little_text(little: Any) -> str:
    """``"chi2(252) = 273.50, p = .168"`` from a ``LittleTest`` or its dict."""
    p = format_p(float(_get(little, "p")))
    return (f"chi2({_get(little, 'df')}) = {float(_get(little, 'chi2')):.2f}, "
            f"p {p if p.startswith('<') else '= ' + p}")


def little_verdict(p: float) -> Verdict:
    """Pass when p >= .05 (no evidence against MCAR), warn otherwise."""
    if p >= 0.05:
        return Verdict("pass", "p >= .05: no evidence against MCAR", LITTLE_SOURCE)
    return Verdict("warn", "p < .05: the gaps are not completely at random; FIML/EM (MAR) "
                           "are safer than deleting respondents", LITTLE_SOURCE)


def missing_tables(result: Any, thresholds: Any = None, top: int = TOP_ITEMS) -> list[Table]:
    """Three tables: ``missing_summary`` (shares, patterns, Little's test),
    ``missing_items`` (the ``top`` items with the largest share missing; a note counts the
    rest) and ``missing_by_count`` (respondents by number of missing answers)."""
    n, k = result.n, result.n_items
    rows: list[list[Any]] = [
        ["respondents", n, None],
        ["items", k, None],
        ["answers missing (share of all item answers)", f"{100 * result.share_missing:.1f}%",
         None],
        ["respondents who answered every item", result.complete, None],
        ["missingness patterns", result.n_patterns, None],
        ["patterns of a single respondent", result.single_patterns, None],
    ]
    if result.empty_items:
        rows.append(["items nobody answered", len(result.empty_items), Verdict(
            "fail", ", ".join(result.empty_items[:10]), "check the column mapping")])
    if result.empty_respondents:
        rows.append(["respondents with no answer", result.empty_respondents, None])
    if result.sparse_respondents:
        rows.append(["respondents missing more than half the items",
                     result.sparse_respondents, None])
    notes = [f"EM (maximum-likelihood) means and covariances: {result.em_iterations} "
             f"iterations{'' if result.em_converged else ', not converged'}."
             if result.mean is not None else "EM estimates not available (see warnings)."]
    if result.little is not None:
        t = result.little
        rows.append(["Little's MCAR test", little_text(t), little_verdict(t.p)])
        notes.append("Little's test compares the mean answers of the missingness patterns "
                     "with the EM estimates; a small p says the gaps depend on the answers.")
    elif result.n_patterns <= 1:
        notes.append("No missing answers: every analysis uses all respondents.")
    out = [Table("missing_summary", "Missing answers", ["statistic", "value", "verdict"],
                 rows, {}, notes)]
    topk = result.top_items(top)
    if len(topk):
        with_gaps = int((result.item_missing > 0).sum())
        irows = [[item, int(result.item_missing_n[item]), share] for item, share in topk.items()]
        inotes = [f"{with_gaps} of {k} items have missing answers"
                  + (f"; the {len(topk)} most often skipped are shown (all in the JSON output)."
                     if with_gaps > len(topk) else ".")]
        out.append(Table("missing_items", "Items most often left unanswered",
                         ["item", "missing", "share missing"], irows,
                         {"missing": "d", "share missing": ".1%"}, inotes))
        crows = [[int(c), int(v), v / n if n else 0.0] for c, v in result.by_count.items()]
        out.append(Table("missing_by_count", "Respondents by number of missing answers",
                         ["missing answers", "respondents", "share"], crows,
                         {"missing answers": "d", "respondents": "d", "share": ".1%"}))
    return out


#: How each step's policy reads in notes and the summary.
_POLICY_TEXT = {
    "listwise": "listwise deletion (respondents with any missing answer dropped)",
    "pairwise": "pairwise-complete correlations (each pair of items on the respondents "
                "who answered both)",
    "fiml": "FIML (full-information maximum likelihood: every answer used)",
    "mean replacement": "mean replacement (each gap filled with the item mean, as SmartPLS "
                        "and seminr)",
    "EM imputation": "EM imputation (each gap filled with its conditional mean given the "
                     "answers)",
}


def policy_note(step: str, result: Any, n_total: int | None) -> str | None:
    """Note for a step's tables: its missing-data policy and the n it used.

    >>> policy_note("reliability", {"missing": "pairwise", "n": 357}, 385)
    'Missing answers: pairwise-complete correlations (each pair of items on the respondents who answered both); smallest pair n = 357 of 385 respondents.'
    >>> policy_note("descriptives", {"n": 385}, 385)
    'Missing answers: each item on the respondents who answered it (the n column).'
    """
    if step == "descriptives":
        return "Missing answers: each item on the respondents who answered it (the n column)."
    policy = _get(result, "missing")
    n = _get(result, "n")
    if policy is None:
        return None
    text = f"Missing answers: {_POLICY_TEXT.get(str(policy), str(policy))}"
    if isinstance(n, int) and n_total:
        if policy == "pairwise":
            text += f"; smallest pair n = {n} of {n_total} respondents"
        else:
            text += f"; n = {n} of {n_total} respondents"
    return text + "."


def missing_summary_lines(d: dict[str, Any]) -> list[tuple[str, str, Verdict | None]]:
    """"What to report" lines from the analysis JSON dict: the gaps, Little's test, and the
    n and policy of each model step."""
    out: list[tuple[str, str, Verdict | None]] = []
    m = d.get("missing")
    if isinstance(m, dict):
        share = float(m.get("share_missing") or 0.0)
        if share == 0:
            out.append(("missing data", "No item answers were missing.", None))
        else:
            txt = (f"{100 * share:.1f}% of item answers were missing; {m.get('complete')} of "
                   f"{m.get('n')} respondents answered every item ({m.get('n_patterns')} "
                   f"missingness patterns)")
            lt = m.get("little")
            if isinstance(lt, dict):
                txt += f". Little's MCAR test: {little_text(lt)}"
            out.append(("missing data", txt + ".",
                        little_verdict(float(lt["p"])) if isinstance(lt, dict) else None))
    parts = []
    for key, label in (("descriptives", "descriptives"), ("reliability", "reliability"),
                       ("efa", "EFA"), ("cfa", "CFA"), ("structural", "structural model")):
        r = d.get(key)
        if not isinstance(r, dict):
            continue
        if key == "descriptives":
            parts.append("descriptives on each item's answers")
            continue
        pol, n = r.get("missing"), r.get("n")
        if key == "reliability":   # one entry per construct: the smallest n
            cons = [v for v in r.values() if isinstance(v, dict) and "missing" in v]
            ns = [v["n"] for v in cons if isinstance(v.get("n"), int)]
            pol, n = (cons[0]["missing"], min(ns)) if cons and ns else (None, None)
        if pol is None:
            continue
        word = {"listwise": "listwise deletion", "pairwise": "pairwise correlations",
                "fiml": "FIML"}.get(pol, pol)
        model = key in ("cfa", "structural") and pol == "pairwise"   # WLSMV
        word = "pairwise polychorics" if model else word
        nn = f"smallest pair n = {n}" if pol == "pairwise" and not model else f"n = {n}"
        parts.append(f"{label} by {word} ({nn})")
    if parts:
        out.append(("missing data", "Missing answers were handled per step: "
                    + "; ".join(parts) + ".", None))
    return out
