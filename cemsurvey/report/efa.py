"""Tables for exploratory factor analysis (:class:`cemsurvey.psychometrics.efa.EFAReport`)."""

from __future__ import annotations

import math
from typing import Any

from cemsurvey.psychometrics.efa import EFAReport
from cemsurvey.report.tables import Table, Verdict, format_p
from cemsurvey.report.thresholds import Threshold, judge

_KAISER_LABELS = [(0.9, "marvelous"), (0.8, "meritorious"), (0.7, "middling"),
                  (0.6, "mediocre"), (0.5, "miserable"), (0.0, "unacceptable")]


def kaiser_label(value: float) -> str:
    """Kaiser's (1974) wording for a KMO value.

    >>> kaiser_label(0.83)
    'meritorious'
    """
    return next(lbl for lim, lbl in _KAISER_LABELS if value >= lim)


def efa_tables(result: EFAReport, thresholds: dict[str, Threshold] | None = None
               ) -> list[Table]:
    """Four tables: ``efa_adequacy`` (KMO, Bartlett, parallel analysis, Kaiser),
    ``efa_scree`` (eigenvalues and parallel-analysis percentiles), ``efa_loadings`` (pattern
    loadings with each item's dominant factor, construct match, cross-loading and weak-loading
    verdicts) and ``efa_variance`` (variance explained and factor <-> construct assignment).
    """
    res = result.result
    par = result.parallel
    b = result.bartlett
    adequacy = Table(
        key="efa_adequacy", title="Sampling adequacy and number of factors",
        columns=["statistic", "value", "verdict"],
        rows=[
            ["KMO", result.kmo.overall, judge("kmo", result.kmo.overall, thresholds)],
            ["KMO wording (Kaiser 1974)", kaiser_label(result.kmo.overall), None],
            ["Bartlett chi2", b.chi2 if math.isfinite(b.chi2) else None, None],
            ["Bartlett df", b.df, None],
            ["Bartlett p", format_p(b.p), judge("bartlett_p", b.p, thresholds)],
            ["parallel analysis: factors (SMC, fa)", par.n_factors, None],
            ["parallel analysis: components (pc)", par.n_components, None],
            ["Kaiser criterion (eigenvalues > 1)", par.kaiser, None],
            ["factors extracted", res.n_factors, None],
            ["constructs in the model", len({s.construct for s in result.items}), None],
        ],
        # no column format: statistics show 3 decimals, counts as integers
        notes=[f"n = {result.n} ({result.missing} deletion; {result.n_rows} respondents).",
               (f"Parallel analysis (Horn 1965): {par.n_iter} simulated normal data sets, "
                f"{par.quantile:.0%} percentile, seed {par.seed}.")],
    )
    if math.isnan(b.chi2):
        adequacy.notes.append(
            f"Bartlett's test is undefined with fewer respondents (n = {result.n}) than items "
            f"({len(result.items)}); collect more data.")
    elif math.isinf(b.chi2):
        adequacy.notes.append(
            "Bartlett's chi2 is infinite: the correlation matrix is singular (duplicated or "
            "linearly dependent items); remove them.")
    min_msa = result.kmo.per_item.min()
    adequacy.notes.append(f"Lowest item MSA: {result.kmo.per_item.idxmin()} = {min_msa:.3f}.")
    scree_rows = []
    for i in range(len(par.eigenvalues)):
        scree_rows.append([i + 1, float(par.eigenvalues[i]),
                           None if par.sim_pc is None else float(par.sim_pc[i]),
                           None if par.fa_eigenvalues is None else float(par.fa_eigenvalues[i]),
                           None if par.sim_fa is None else float(par.sim_fa[i])])
    scree = Table(key="efa_scree", title="Scree: eigenvalues and parallel-analysis thresholds",
                  columns=["number", "eigenvalue", "simulated (pc)", "reduced eigenvalue",
                           "simulated (fa)"], rows=scree_rows,
                  formats={"number": "d", "eigenvalue": ".3f", "simulated (pc)": ".3f",
                           "reduced eigenvalue": ".3f", "simulated (fa)": ".3f"})
    factors = list(res.pattern.columns)
    rows: list[list[Any]] = []
    for s in result.items:
        load = [float(v) for v in res.pattern.loc[s.item]]
        cross = (Verdict("fail", f"|cross-loading| >= {result.cross_threshold:.2f} on "
                         + ", ".join(s.cross_loadings), "Hair et al. (2019)")
                 if s.cross_loadings else Verdict("pass", "no cross-loading", "Hair et al. (2019)"))
        rows.append([s.item, s.construct, *load, float(res.communalities[s.item]), s.factor,
                     "yes" if s.matches else "no", judge("efa_loading", abs(s.loading), thresholds),
                     cross])
    loadings = Table(
        key="efa_loadings", title=f"Pattern loadings ({res.extraction}, {res.rotation})",
        columns=["item", "construct", *factors, "h2", "factor", "matches model", "loading",
                 "cross-loading"],
        rows=rows, formats={**{f: ".3f" for f in factors}, "h2": ".3f"},
        notes=[(f"Extraction {res.extraction}, rotation {res.rotation} (as psych::fa); factors "
                "ordered by variance explained."),
               "Factor <-> construct: " + ", ".join(f"{f} = {c}" for f, c in
                                                    result.factor_constructs.items() if c)]
        + [f"warning: {w}" for w in result.warnings],
    )
    v = res.variance
    var_rows = [[f, result.factor_constructs.get(f), float(v.loc["ss_loadings", f]),
                 float(v.loc["proportion", f]), float(v.loc["cumulative", f])] for f in factors]
    variance = Table(key="efa_variance", title="Variance explained",
                     columns=["factor", "construct", "SS loadings", "proportion", "cumulative"],
                     rows=var_rows, formats={"SS loadings": ".3f", "proportion": ".1%",
                                             "cumulative": ".1%"},
                     notes=["Oblique rotations: SS loadings = diag(Phi L'L) as psych."]
                     if res.oblique else [])
    return [adequacy, scree, loadings, variance]
