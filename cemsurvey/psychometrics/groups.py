"""The sample profile (background questions) and group comparisons of construct scores.

Profile
-------
For each background question of the instrument: single choice -> count and percentage
of valid answers per option (in the order of ``options``) and the number missing;
multiple choice -> one 0/1 column ``<id>_<code>`` per option (as the import module
writes them), count of respondents choosing each option and its percentage of those who
answered the question (any column non-missing); number -> n, mean, SD (n - 1), median,
min, max; text -> number answered.

Comparisons
-----------
Two groups: Welch's t-test (unequal variances) with Hedges' g,
:math:`g = d\\,(1 - 3/(4(n_1 + n_2) - 9))` with d on the pooled SD. More groups: Welch's
ANOVA with omega-squared from the classical one-way decomposition,
:math:`\\omega^2 = (SS_b - (k-1)MS_w)/(SS_t + MS_w)`, and Games-Howell post hoc tests.
``nonparametric=True``: Mann-Whitney U (normal approximation with continuity correction;
rank-biserial r) or Kruskal-Wallis H (tie-corrected; epsilon-squared H/(n - 1)).
Computed with pingouin; verified against R (``t.test(var.equal = FALSE)``,
``oneway.test``, ``wilcox.test(exact = FALSE)``, ``kruskal.test``, and Games-Howell
written out with ``ptukey``) in tests/reference/groups_reference.R at 1e-6.

Missing data: per construct, respondents with a score and a group (pairwise).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, DataWarning, EstimationError, SpecError

__all__ = [
    "QuestionProfile",
    "ProfileResult",
    "GroupComparison",
    "sample_profile",
    "group_column",
    "compare_groups",
]


# ------------------------------------------------------------------ profile
@dataclass(frozen=True)
class QuestionProfile:
    """Summary of one background question.

    ``table`` (choice questions) is indexed by option code with columns ``label, count,
    percent`` (percent of valid answers, 0-100). ``stats`` (numbers) holds ``n, mean, sd,
    median, min, max``.
    """

    id: str
    type: str
    text: str
    n_valid: int
    n_missing: int
    table: pd.DataFrame | None = None
    stats: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "text": self.text, "n_valid": self.n_valid,
                               "missing": self.n_missing}
        if self.table is not None:
            out["options"] = [
                {"code": int(code), "label": str(r["label"]), "count": int(r["count"]),
                 "percent": float(r["percent"])}
                for code, r in self.table.iterrows()
            ]
        if self.stats is not None:
            out["stats"] = dict(self.stats)
        return out


@dataclass(frozen=True)
class ProfileResult:
    """The sample profile: one :class:`QuestionProfile` per background question.

    ``to_dict()`` is ``{question_id: {type, text, n_valid, missing, options | stats}}``
    (the ``profile.<question>`` keys of ``cemsurvey analyze``'s JSON).
    """

    n: int
    questions: dict[str, QuestionProfile]
    lang: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {qid: q.to_dict() for qid, q in self.questions.items()}


def _codes(series: pd.Series, qid: str, column: str, allowed: set[int] | None) -> pd.Series:
    values = pd.to_numeric(series, errors="coerce")
    bad = series[values.isna() & series.notna()]
    if len(bad):
        row, val = bad.index[0], bad.iloc[0]
        raise DataError(f"background column {column}, row {row}: value {val!r} is not a "
                        f"number; code the answers of question {qid} as numbers")
    if allowed is not None:
        wrong = values[values.notna() & ~values.isin(list(allowed))]
        if len(wrong):
            row, val = wrong.index[0], wrong.iloc[0]
            raise DataError(
                f"background column {column}, row {row}: value {val:g} is not an option of "
                f"question {qid} (allowed: {', '.join(str(c) for c in sorted(allowed))})"
            )
    return values


def sample_profile(background: pd.DataFrame, ins: Any, *, lang: str | None = None) -> ProfileResult:
    """Counts, percentages and missing answers for every background question.

    Parameters
    ----------
    background
        Respondents x background columns: ``<id>`` for single choice, number and text;
        ``<id>_<code>`` (0/1) per option for multiple choice; NaN = missing.
    ins
        The instrument (its ``background`` list).
    lang
        Language of the option labels (default: the instrument's first).

    Raises
    ------
    DataError
        A question's column is missing, or a value is not one of its option codes, or a
        multiple-choice cell is not 0/1 (naming column, row and value).
    """
    lang = lang or ins.languages[0]
    n = len(background)
    out: dict[str, QuestionProfile] = {}
    for q in ins.background:
        text = ins.tr(q.text, lang)
        if q.type == "multiple":
            opts = q.options or {}
            cols = {code: f"{q.id}_{code}" for code in opts}
            absent = [c for c in cols.values() if c not in background.columns]
            if absent:
                raise DataError(f"background column(s) {', '.join(absent)} of multiple-choice "
                                f"question {q.id} are not in the data")
            block = pd.DataFrame({code: _codes(background[col], q.id, col, {0, 1})
                                  for code, col in cols.items()})
            answered = block.notna().any(axis=1)
            n_valid = int(answered.sum())
            counts = block[answered].fillna(0).sum(axis=0)
            table = pd.DataFrame({
                "label": [ins.tr(opts[c], lang) for c in opts],
                "count": [int(counts[c]) for c in opts],
                "percent": [100.0 * counts[c] / n_valid if n_valid else math.nan for c in opts],
            }, index=pd.Index(list(opts), name="code"))
            out[q.id] = QuestionProfile(q.id, q.type, text, n_valid, n - n_valid, table=table)
            continue
        if q.id not in background.columns:
            raise DataError(f"background column {q.id} (question {q.id}) is not in the data; "
                            "import the responses with the instrument")
        col = background[q.id]
        if q.type == "text":
            valid = col.notna() & (col.astype(str).str.strip() != "")
            out[q.id] = QuestionProfile(q.id, q.type, text, int(valid.sum()),
                                        n - int(valid.sum()))
            continue
        if q.type == "single":
            opts = q.options or {}
            values = _codes(col, q.id, q.id, set(opts))
            valid = values.dropna()
            counts = valid.value_counts()
            table = pd.DataFrame({
                "label": [ins.tr(opts[c], lang) for c in opts],
                "count": [int(counts.get(c, 0)) for c in opts],
                "percent": [100.0 * counts.get(c, 0) / len(valid) if len(valid) else math.nan
                            for c in opts],
            }, index=pd.Index(list(opts), name="code"))
            out[q.id] = QuestionProfile(q.id, q.type, text, len(valid), n - len(valid),
                                        table=table)
            continue
        values = _codes(col, q.id, q.id, None).dropna()
        stats = {
            "n": int(len(values)),
            "mean": float(values.mean()) if len(values) else math.nan,
            "sd": float(values.std(ddof=1)) if len(values) > 1 else math.nan,
            "median": float(values.median()) if len(values) else math.nan,
            "min": float(values.min()) if len(values) else math.nan,
            "max": float(values.max()) if len(values) else math.nan,
        }
        out[q.id] = QuestionProfile(q.id, q.type, text, len(values), n - len(values),
                                    stats=stats)
    return ProfileResult(n=n, questions=out, lang=lang)


def group_column(
    background: pd.DataFrame, ins: Any, question: str, *, lang: str | None = None
) -> tuple[pd.Series, dict[int, str]]:
    """The group codes of a single-choice question and its option labels, for comparing groups.

    Raises
    ------
    SpecError
        ``question`` is not a background question, or not a single-choice one.
    """
    q = next((b for b in ins.background if b.id == question), None)
    if q is None:
        known = ", ".join(b.id for b in ins.background) or "none"
        raise SpecError(f"grouping question {question}: no background question with this id "
                        f"(background questions: {known})")
    if q.type != "single":
        kind = {"multiple": "multiple-choice", "number": "number", "text": "text"}[q.type]
        singles = ", ".join(b.id for b in ins.background if b.type == "single") or "none"
        raise SpecError(f"grouping question {question}: groups need a single-choice question, but "
                        f"{question} is a {kind} question; choose one of: {singles}")
    if q.id not in background.columns:
        raise DataError(f"background column {q.id} is not in the data")
    lang = lang or ins.languages[0]
    labels = {int(c): ins.tr(t, lang) for c, t in (q.options or {}).items()}
    return _codes(background[q.id], q.id, q.id, set(labels)), labels


# ------------------------------------------------------------------ comparisons
@dataclass(frozen=True)
class GroupComparison:
    """Construct scores compared across groups.

    Attributes
    ----------
    method
        ``welch_t``, ``welch_anova``, ``mann_whitney`` or ``kruskal_wallis``.
    groups
        Group code -> label, in code order (groups with at least two respondents).
    descriptives
        Rows ``(construct, group)``; columns ``label, n, mean, sd, median``.
    tests
        Indexed by construct: ``statistic, df1, df2, p, effect, effect_name, n`` (t or F or
        U or H; df2 NaN where not applicable; effect Hedges' g (first minus second group),
        omega-squared, rank-biserial r or epsilon-squared).
    posthoc
        Games-Howell rows ``construct, A, B, diff, se, t, df, p, hedges`` (Welch ANOVA
        only), else empty.
    missing
        Missing-data policy.
    warnings
        Texts of the warnings issued.
    """

    method: str
    groups: dict[int, str]
    descriptives: pd.DataFrame
    tests: pd.DataFrame
    posthoc: pd.DataFrame
    missing: str = "pairwise: per construct, respondents with a score and a group"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """``{method, groups, tests: {c: {...}}, descriptives: {c: {code: {...}}}, posthoc,
        missing, warnings}``."""
        desc: dict[str, dict[str, Any]] = {}
        for (c, g), r in self.descriptives.iterrows():
            desc.setdefault(c, {})[str(g)] = {"label": r["label"], "n": int(r["n"]),
                                              "mean": float(r["mean"]), "sd": float(r["sd"]),
                                              "median": float(r["median"])}
        return {
            "method": self.method,
            "groups": {str(k): v for k, v in self.groups.items()},
            "tests": {c: {k: (v if isinstance(v, str) else float(v)) for k, v in r.items()}
                      for c, r in self.tests.iterrows()},
            "descriptives": desc,
            "posthoc": [{k: (v if isinstance(v, str) else float(v)) for k, v in r.items()}
                        for _, r in self.posthoc.iterrows()],
            "missing": self.missing,
            "warnings": list(self.warnings),
        }


def _omega_squared(values: list[np.ndarray]) -> float:
    allv = np.concatenate(values)
    grand = allv.mean()
    ssb = sum(len(v) * (v.mean() - grand) ** 2 for v in values)
    ssw = sum(((v - v.mean()) ** 2).sum() for v in values)
    k, n = len(values), len(allv)
    msw = ssw / (n - k)
    return float((ssb - (k - 1) * msw) / (ssb + ssw + msw))


def compare_groups(
    scores: pd.DataFrame,
    groups: pd.Series,
    *,
    nonparametric: bool = False,
    labels: Mapping[int, str] | None = None,
) -> GroupComparison:
    """Compare construct scores across the groups of one single-choice question.

    Parameters
    ----------
    scores
        Respondents x constructs (e.g. :func:`cemsurvey.psychometrics.scores.construct_scores`).
    groups
        Group code per respondent, aligned with ``scores`` by index (NaN = no answer).
        Use :func:`group_column` to take it from a background question.
    nonparametric
        Mann-Whitney / Kruskal-Wallis instead of Welch's t / Welch's ANOVA.
    labels
        Group code -> label for the tables.

    Warns
    -----
    DataWarning
        A group with a single respondent (left out: its variance is undefined), or a
        construct with fewer than two groups left (its test is NaN).

    Examples
    --------
    >>> s = pd.DataFrame({"A": [1., 2, 3, 2, 4, 5, 4, 5]})
    >>> g = pd.Series([1, 1, 1, 1, 2, 2, 2, 2])
    >>> res = compare_groups(s, g)
    >>> res.method, round(float(res.tests.loc["A", "statistic"]), 4)
    ('welch_t', -5.0)
    """
    if not isinstance(groups, pd.Series):
        groups = pd.Series(groups, index=scores.index)
    if not groups.index.equals(scores.index):
        groups = groups.reindex(scores.index)
    g = pd.to_numeric(groups, errors="coerce")
    bad = groups[g.isna() & groups.notna()]
    if len(bad):
        raise DataError(f"group code {bad.iloc[0]!r} (row {bad.index[0]}) is not a number; "
                        "groups must be the codes of a single-choice question")
    msgs: list[str] = []
    codes_all = sorted(int(c) for c in g.dropna().unique())
    if len(codes_all) < 2:
        raise EstimationError(f"group comparison needs at least two groups, found "
                              f"{len(codes_all)}; choose a question respondents answered differently")
    counts = g.value_counts()
    singles = [c for c in codes_all if counts.get(c, 0) == 1]
    for c in singles:
        lab = (labels or {}).get(c, str(c))
        w = DataWarning(f"group {c} ({lab}) has a single respondent and is left out of the "
                        "comparison (its variance is undefined); merge it with a similar group")
        msgs.append(str(w))
        warnings.warn(w, stacklevel=2)
    codes = [c for c in codes_all if c not in singles]
    if len(codes) < 2:
        raise EstimationError("fewer than two groups with two or more respondents; "
                              "merge small groups")
    two = len(codes) == 2
    method = ("mann_whitney" if two else "kruskal_wallis") if nonparametric else (
        "welch_t" if two else "welch_anova")
    lab = {c: (labels or {}).get(c, str(c)) for c in codes}
    desc_rows, test_rows, post_rows = [], {}, []
    nan = math.nan
    import pingouin as pg  # its import pulls in matplotlib/seaborn/xarray: only when comparing

    for construct in scores.columns:
        y = pd.to_numeric(scores[construct], errors="coerce")
        ok = y.notna() & g.isin(codes)
        vals = [y[ok & (g == c)].to_numpy(dtype=float) for c in codes]
        for c, v in zip(codes, vals, strict=True):
            desc_rows.append({"construct": construct, "group": c, "label": lab[c], "n": len(v),
                              "mean": v.mean() if len(v) else nan,
                              "sd": v.std(ddof=1) if len(v) > 1 else nan,
                              "median": float(np.median(v)) if len(v) else nan})
        use = [(c, v) for c, v in zip(codes, vals, strict=True) if len(v) >= 2]
        n_used = int(sum(len(v) for _, v in use))
        if len(use) < len(codes) or any(np.var(v) == 0 for _, v in use):
            w = DataWarning(f"construct {construct}: a group has fewer than two scores or no "
                            "variance, so the test is not computed (NaN)")
            msgs.append(str(w))
            warnings.warn(w, stacklevel=2)
            test_rows[construct] = {"statistic": nan, "df1": nan, "df2": nan, "p": nan,
                                    "effect": nan, "effect_name": "", "n": n_used}
            continue
        if method == "welch_t":
            t = pg.ttest(vals[0], vals[1], correction=True).iloc[0]
            test_rows[construct] = {
                "statistic": float(t["T"]), "df1": float(t["dof"]), "df2": nan,
                "p": float(t["p_val"]),
                "effect": float(pg.compute_effsize(vals[0], vals[1], eftype="hedges")),
                "effect_name": "hedges_g", "n": n_used}
        elif method == "mann_whitney":
            # always the normal approximation with continuity correction (as documented and
            # as R's wilcox.test(exact = FALSE)); scipy's default switches to the exact
            # distribution for small untied groups, so p would change method with n
            u = pg.mwu(vals[0], vals[1], method="asymptotic", use_continuity=True).iloc[0]
            test_rows[construct] = {"statistic": float(u["U_val"]), "df1": nan, "df2": nan,
                                    "p": float(u["p_val"]), "effect": float(u["RBC"]),
                                    "effect_name": "rank_biserial", "n": n_used}
        else:
            long = pd.DataFrame({"y": np.concatenate(vals),
                                 "g": np.repeat(codes, [len(v) for v in vals])})
            if method == "welch_anova":
                a = pg.welch_anova(long, dv="y", between="g").iloc[0]
                test_rows[construct] = {
                    "statistic": float(a["F"]), "df1": float(a["ddof1"]),
                    "df2": float(a["ddof2"]), "p": float(a["p_unc"]),
                    "effect": _omega_squared(vals), "effect_name": "omega_squared",
                    "n": n_used}
                gh = pg.pairwise_gameshowell(long, dv="y", between="g")
                for _, r in gh.iterrows():
                    post_rows.append({"construct": construct, "A": int(r["A"]), "B": int(r["B"]),
                                      "diff": float(r["diff"]), "se": float(r["se"]),
                                      "t": float(r["T"]), "df": float(r["df"]),
                                      "p": float(r["pval"]), "hedges": float(r["hedges"])})
            else:
                h = pg.kruskal(long, dv="y", between="g").iloc[0]
                test_rows[construct] = {
                    "statistic": float(h["H"]), "df1": float(h["ddof1"]), "df2": nan,
                    "p": float(h["p_unc"]), "effect": float(h["H"]) / (n_used - 1),
                    "effect_name": "epsilon_squared", "n": n_used}
    descriptives = pd.DataFrame(desc_rows).set_index(["construct", "group"])
    tests = pd.DataFrame.from_dict(test_rows, orient="index")
    tests.index.name = "construct"
    posthoc = pd.DataFrame(post_rows, columns=["construct", "A", "B", "diff", "se", "t", "df",
                                               "p", "hedges"])
    return GroupComparison(method=method, groups=lab, descriptives=descriptives, tests=tests,
                           posthoc=posthoc, warnings=tuple(msgs))
