"""Tables of PLS measurement invariance (MICOM) and PLS multi-group analysis.

:func:`micom_tables` renders a :class:`cemsurvey.psychometrics.pls.micom.MicomResult`
(step 1 per group, steps 2 and 3 per pair and composite, the verdicts) and
:func:`mga_tables` a :class:`cemsurvey.psychometrics.pls.mga.MGAResult` (group
differences of the structural paths). :func:`micom_sentence` is the "What to report"
sentence. Values stay unrounded; ``formats`` says how they are shown.
"""

from __future__ import annotations

from typing import Any

from cemsurvey.report.tables import Table, Verdict, format_p

HRS2016 = "Henseler, Ringle & Sarstedt (2016)"
HRS = "Henseler et al. (2016)"
CITE = "Henseler, Ringle & Sarstedt 2016"
_LEVEL = {"full": "pass", "partial": "warn", "no": "fail"}


def _verdict(ok: bool, rule: str, source: str = HRS) -> Verdict:
    return Verdict("pass" if ok else "fail", rule, source)


def _invariance(level: str) -> Verdict:
    return Verdict(_LEVEL.get(level, "info"), level, HRS)  # type: ignore[arg-type]


def micom_tables(result: Any) -> list[Table]:
    """Keys ``micom_configural``, ``micom_compositional`` and ``micom_means_variances``
    (when a pair was compared) and ``micom_settings``."""
    a = result.alpha
    conf = Table(
        key="micom_configural", title="MICOM step 1: configural invariance",
        columns=["group", "n", "constant items", "converged", "step 1"],
        rows=[[g, int(r["n"]), ", ".join(r["constant_items"]) or "none", bool(r["converged"]),
               _verdict(bool(r["holds"]), "configural")]
              for g, r in result.configural.iterrows()],
        notes=["Every group is estimated with the same model, indicators, reverse-keying, "
               "listwise deletion, standardization and algorithm settings; a group with fewer "
               "than 10 respondents, a constant item or no convergence is left out."])
    tables = [conf]
    step2, step3 = [], []
    for pair in result.pairs:
        label = f"{pair.groups[0]} vs {pair.groups[1]}"
        for k, r in pair.composites.iterrows():
            step2.append([label, k, r["c"], r["c_quantile"], format_p(r["c_p"]),
                          _verdict(bool(r["compositional"]), f"c >= {100 * a:g}% quantile")])
            step3.append([label, k, r["mean_diff"], r["mean_lower"], r["mean_upper"],
                          _verdict(bool(r["equal_mean"]), "within interval"),
                          r["log_var_diff"], r["var_lower"], r["var_upper"],
                          _verdict(bool(r["equal_var"]), "within interval"),
                          _invariance(r["verdict"])])
    if step2:
        lo, hi = 100 * a / 2, 100 * (1 - a / 2)
        tables.append(Table(
            key="micom_compositional", title="MICOM step 2: compositional invariance",
            columns=["groups", "construct", "c", "c quantile", "p", "step 2"], rows=step2,
            formats={"c": ".4f", "c quantile": ".4f"},
            notes=[("c = correlation of the composite scores from the two groups' weights, "
                    "on the pooled data standardized on the pooled sample; p = share of "
                    "permuted c below c; step 2 holds when c is at least the "
                    f"{100 * a:g}% quantile of the permutation distribution ({CITE}).")]))
        tables.append(Table(
            key="micom_means_variances",
            title="MICOM step 3: equal composite means and variances; invariance",
            columns=["groups", "construct", "mean diff", "mean lower", "mean upper", "step 3a",
                     "log var ratio", "var lower", "var upper", "step 3b", "invariance"],
            rows=step3,
            formats={c: ".3f" for c in ("mean diff", "mean lower", "mean upper",
                                         "log var ratio", "var lower", "var upper")},
            notes=[("Scores from the pooled weights; differences of the group means and of "
                    "the log variances (first group minus second) against their permutation "
                    f"{lo:g}% and {hi:g}% quantiles."),
                   ("Invariance: full = equal composition, means and variances (the groups "
                    "may be pooled); partial = equal composition (path coefficients may be "
                    "compared); no = composition differs (do not compare). Overall verdict: "
                    f"{result.verdict} measurement invariance ({CITE}).")]))
    tables.append(Table(
        key="micom_settings", title="MICOM settings",
        columns=["setting", "value"],
        rows=[["permutations per pair", str(result.permutations)],
              ["permutations used (per pair)",
               ", ".join(str(p.permutations_used) for p in result.pairs) or "—"],
              ["seed", str(result.seed)], ["alpha", f"{a:g}"],
              ["inner weighting scheme", result.scheme],
              ["higher-order constructs", result.higher_order],
              ["respondents", str(result.n)]],
        notes=[f"warning: {w}" for w in result.warnings]))
    return tables


def mga_tables(result: Any) -> list[Table]:
    """Key ``pls_mga``: every structural path's group difference, pair by pair."""
    a = result.alpha
    rows = []
    for (ga, gb, f, t), r in result.paths.iterrows():
        rows.append([f"{ga} vs {gb}", f"{f} -> {t}", r["beta_a"], r["beta_b"], r["diff"],
                     format_p(r["permutation_p"]),
                     _verdict(not r["different_permutation"], f"p >= {a:g}",
                              "Chin & Dibbern (2010)"),
                     format_p(r["henseler_p"]),
                     _verdict(not r["different_henseler"], f"p >= {a:g}",
                              "Henseler et al. (2009)")])
    return [Table(
        key="pls_mga", title="PLS multi-group analysis: path differences",
        columns=["groups", "path", "first group", "second group", "difference",
                 "permutation p", "equal (permutation)", "Henseler p", "equal (Henseler)"],
        rows=rows,
        formats={"first group": ".3f", "second group": ".3f", "difference": ".3f"},
        notes=[(f"Permutation test: {result.permutations} permutations of the group labels, "
                "p = share of permuted |difference| >= |difference| (Chin & Dibbern 2010)."),
               (f"Henseler's MGA: {result.bootstrap} bootstrap resamples per group, "
                "bias-centred; two-sided p = 2 min(p, 1 - p) (Sarstedt, Henseler & Ringle "
                "2011). Compare paths only between groups with at least partial "
                f"measurement invariance (MICOM; {CITE})."),
               *[f"warning: {w}" for w in result.warnings]])]


def micom_sentence(result: Any) -> str:
    """The "What to report" sentence of a MICOM result."""
    if not result.pairs:
        return ("MICOM could not compare groups: fewer than two groups passed configural "
                "invariance.")
    parts = []
    for p in result.pairs:
        t = p.composites
        n_comp = int(t["compositional"].sum())
        n_full = int((t["verdict"] == "full").sum())
        parts.append(f"{p.groups[0]} vs {p.groups[1]}: compositional invariance for {n_comp} "
                     f"of {len(t)} composites, equal means and variances for {n_full}")
    return (f"Measurement invariance of composites was assessed with MICOM ({CITE}; "
            f"{result.permutations} permutations): configural invariance was established by "
            f"identical model, indicators, data treatment and settings; {'; '.join(parts)}; "
            f"overall, {result.verdict} measurement invariance.")
