"""Tables for the sample profile and group comparisons (:mod:`cemsurvey.psychometrics.groups`)."""

from __future__ import annotations

from typing import Any

from cemsurvey.psychometrics.groups import GroupComparison, ProfileResult
from cemsurvey.report.tables import Table

_TEST_NAMES = {
    "welch_t": ("Welch's t-test", "t", "Hedges' g"),
    "welch_anova": ("Welch's ANOVA", "F", "omega²"),
    "mann_whitney": ("Mann-Whitney U test", "U", "rank-biserial r"),
    "kruskal_wallis": ("Kruskal-Wallis H test", "H", "epsilon²"),
}


def profile_tables(result: ProfileResult, thresholds: Any = None) -> list[Table]:
    """The sample profile: one table of all choice questions (question, option, n, %) and,
    when there are number questions, one of their statistics."""
    _ = thresholds
    rows: list[list[Any]] = []
    num_rows: list[list[Any]] = []
    notes = [f"N = {result.n} respondents. Percentages are of valid answers; multiple-choice "
             "percentages are of respondents who answered the question and may add up to "
             "more than 100%."]
    for q in result.questions.values():
        if q.table is not None:
            for code, r in q.table.iterrows():
                rows.append([q.text, r["label"], int(r["count"]), float(r["percent"]) / 100.0])
            rows.append([q.text, "missing", q.n_missing, None])
        elif q.stats is not None:
            s = q.stats
            num_rows.append([q.text, s["n"], s["mean"], s["sd"], s["median"], s["min"],
                             s["max"], q.n_missing])
        else:
            notes.append(f"{q.text}: {q.n_valid} text answers, {q.n_missing} missing.")
    tables = [Table(key="profile", title="Sample profile",
                    columns=["question", "answer", "n", "%"], rows=rows,
                    formats={"n": "d", "%": ".1%"}, notes=notes,
                    rtl_columns=("question", "answer"))]
    if num_rows:
        tables.append(Table(
            key="profile_numbers", title="Sample profile: numeric answers",
            columns=["question", "n", "mean", "SD", "median", "min", "max", "missing"],
            rows=num_rows,
            formats={"n": "d", "mean": ".2f", "SD": ".2f", "median": ".2f", "min": "g",
                     "max": "g", "missing": "d"},
            rtl_columns=("question",)))
    return tables


def group_tables(result: GroupComparison, thresholds: Any = None) -> list[Table]:
    """Descriptives per group, the test per construct, and Games-Howell post hoc tests."""
    _ = thresholds
    name, stat, effect = _TEST_NAMES[result.method]
    desc = Table(
        key="groups_descriptives", title="Construct scores by group",
        columns=["construct", "group", "n", "mean", "SD", "median"],
        rows=[[c, r["label"], int(r["n"]), r["mean"], r["sd"], r["median"]]
              for (c, _g), r in result.descriptives.iterrows()],
        formats={"n": "d", "mean": ".2f", "SD": ".2f", "median": ".2f"},
        notes=[f"Missing data: {result.missing}."], rtl_columns=("group",))
    df_cols = ["df"] if result.method != "welch_anova" else ["df1", "df2"]
    rows = []
    for c, r in result.tests.iterrows():
        row: list[Any] = [c, r["statistic"], r["df1"]]
        if result.method == "welch_anova":
            row.append(r["df2"])
        row += [r["p"], r["effect"], int(r["n"])]
        rows.append(row)
    tests = Table(
        key="groups_tests", title=f"Group comparison: {name}",
        columns=["construct", stat, *df_cols, "p", effect, "n"],
        rows=rows,
        formats={stat: ".3f", "df": ".2f", "df1": ".0f", "df2": ".2f", "p": ".4f",
                 effect: ".3f", "n": "d"},
        notes=["Groups: " + ", ".join(f"{k} = {v}" for k, v in result.groups.items()) + "."]
        + [f"warning: {w}" for w in result.warnings])
    out = [desc, tests]
    if len(result.posthoc):
        lab = result.groups
        out.append(Table(
            key="groups_posthoc", title="Games-Howell post hoc comparisons",
            columns=["construct", "group A", "group B", "difference", "SE", "t", "df", "p",
                     "Hedges' g"],
            rows=[[r["construct"], lab.get(int(r["A"]), str(r["A"])),
                   lab.get(int(r["B"]), str(r["B"])), r["diff"], r["se"], r["t"], r["df"],
                   r["p"], r["hedges"]] for _, r in result.posthoc.iterrows()],
            formats={"difference": ".3f", "SE": ".3f", "t": ".3f", "df": ".2f", "p": ".4f",
                     "Hedges' g": ".3f"},
            rtl_columns=("group A", "group B")))
    return out
