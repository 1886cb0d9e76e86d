"""The EFA step of an instrument: sampling adequacy, number of factors, loadings vs constructs.

:func:`analyze_efa` recodes reverse-keyed items (:func:`~cemsurvey.psychometrics.scores.
reverse_keyed`), computes KMO and Bartlett (:mod:`~cemsurvey.psychometrics.efa.diagnostics`),
parallel analysis (:mod:`~cemsurvey.psychometrics.efa.parallel`) and the EFA
(:func:`~cemsurvey.psychometrics.efa.solution.efa`), and matches factors to the declared
constructs (:func:`match_factors`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from cemsurvey.errors import DataError, SingularMatrixWarning
from cemsurvey.psychometrics.correlation import Missing, item_matrix
from cemsurvey.psychometrics.efa.diagnostics import (
    BartlettResult,
    KMOResult,
    bartlett_sphericity,
    kmo,
)
from cemsurvey.psychometrics.efa.extraction import Extraction
from cemsurvey.psychometrics.efa.parallel import ParallelResult, parallel_analysis
from cemsurvey.psychometrics.efa.solution import EFAResult, efa
from cemsurvey.psychometrics.scores import reverse_keyed

if TYPE_CHECKING:
    from cemsurvey.instrument import Instrument

__all__ = ["EFAReport", "ItemSummary", "analyze_efa", "match_factors"]


@dataclass(frozen=True)
class ItemSummary:
    """How one item loads: dominant factor, its construct, cross-loadings, weakness."""

    item: str
    construct: str
    factor: str
    loading: float
    factor_construct: str | None
    matches: bool
    cross_loadings: dict[str, float]
    weak: bool


@dataclass(frozen=True)
class EFAReport:
    """Everything the EFA step of the analysis reports.

    Attributes
    ----------
    kmo
        :class:`~cemsurvey.psychometrics.efa.diagnostics.KMOResult` (overall and per item).
    bartlett
        :class:`~cemsurvey.psychometrics.efa.diagnostics.BartlettResult`.
    parallel
        :class:`~cemsurvey.psychometrics.efa.parallel.ParallelResult` (eigenvalues, percentiles,
        decisions, Kaiser criterion).
    result
        The :class:`EFAResult`.
    factor_constructs
        Factor -> construct assigned by maximum agreement (Hungarian assignment on the
        number of items whose dominant factor is that factor); ``None`` if unassigned.
    items
        One :class:`ItemSummary` per item.
    n, n_rows, missing
        Effective n, respondents before deletion, missing-data policy.
    cross_threshold, weak_threshold
        .30 and .40 by default.
    """

    kmo: KMOResult
    bartlett: BartlettResult
    parallel: ParallelResult
    result: EFAResult
    factor_constructs: dict[str, str | None]
    items: list[ItemSummary]
    n: int
    n_rows: int
    missing: str
    cross_threshold: float
    weak_threshold: float
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Documented keys: ``kmo, kmo_items, bartlett{chi2, df, p}, parallel_factors,
        parallel_components, kaiser_factors, eigenvalues, parallel_eigenvalues,
        fa_eigenvalues, parallel_fa_eigenvalues, loadings{item: [..]}, structure, phi,
        communalities, uniquenesses, variance, factors, factor_constructs, items{item: {..}},
        method, rotation, n_factors, n, n_rows, missing, warnings``."""
        d: dict[str, Any] = {}
        d.update(self.kmo.to_dict())
        d["bartlett"] = self.bartlett.to_dict()
        par = self.parallel.to_dict()
        for key in ("parallel_factors", "parallel_components", "kaiser_factors", "eigenvalues",
                    "parallel_eigenvalues", "fa_eigenvalues", "parallel_fa_eigenvalues"):
            d[key] = par[key]
        d["parallel_iter"] = par["n_iter"]
        d["seed"] = par["seed"]
        res = self.result.to_dict()
        for key in ("loadings", "structure", "phi", "communalities", "uniquenesses", "variance",
                    "factors", "method", "rotation", "n_factors", "converged"):
            d[key] = res[key]
        d["factor_constructs"] = self.factor_constructs
        d["items"] = {
            s.item: {"construct": s.construct, "factor": s.factor, "loading": s.loading,
                     "factor_construct": s.factor_construct, "matches": s.matches,
                     "cross_loadings": s.cross_loadings, "weak": s.weak}
            for s in self.items
        }
        d.update({"n": self.n, "n_rows": self.n_rows, "missing": self.missing,
                  "cross_loading_threshold": self.cross_threshold,
                  "weak_loading_threshold": self.weak_threshold,
                  "warnings": list(self.warnings)})
        return d


def match_factors(pattern: pd.DataFrame, construct_of: dict[str, str]
                  ) -> dict[str, str | None]:
    """Assign factors to constructs by maximum agreement of items' dominant factors.

    Score of (construct c, factor f) = items of c whose largest |loading| is on f, plus a
    tie-breaker ``1e-3 * sum |loading|`` of c's items on f; the assignment maximising the total
    is found with the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``).

    >>> pat = pd.DataFrame([[.8, .1], [.7, .0], [.1, .9], [.0, .6]], index=list("abcd"),
    ...                    columns=["F1", "F2"])
    >>> match_factors(pat, {"a": "Y", "b": "Y", "c": "X", "d": "X"})
    {'F1': 'Y', 'F2': 'X'}
    """
    constructs = list(dict.fromkeys(construct_of[i] for i in pattern.index))
    factors = list(pattern.columns)
    a = np.abs(pattern.to_numpy(dtype=float))
    # member[c, i] = 1 when item i measures construct c; dominant[i, f] = 1 when f is item i's
    # largest |loading| (the first on ties, as idxmax)
    pos = {c: ci for ci, c in enumerate(constructs)}
    member = np.zeros((len(constructs), a.shape[0]))
    member[[pos[construct_of[i]] for i in pattern.index], np.arange(a.shape[0])] = 1.0
    dominant = np.zeros_like(a)
    dominant[np.arange(a.shape[0]), np.argmax(a, axis=1)] = 1.0
    score = member @ dominant + 1e-3 * (member @ a)
    rows, cols = linear_sum_assignment(-score)
    out: dict[str, str | None] = {f: None for f in factors}
    for ci, fi in zip(rows, cols, strict=True):
        out[factors[fi]] = constructs[ci]
    return out


def analyze_efa(
    data: pd.DataFrame,
    ins: Instrument,
    *,
    n_factors: int | None = None,
    extraction: Extraction = "minres",
    rotation: str | None = "oblimin",
    missing: Missing = "listwise",
    parallel_iter: int = 100,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    cross_threshold: float = 0.30,
    weak_threshold: float = 0.40,
) -> EFAReport:
    """Sampling adequacy, number of factors and the EFA of an instrument's items.

    Reverse-keyed items are recoded from the model first. KMO/MSA and Bartlett come from
    the item correlation matrix under ``missing``; parallel analysis simulates data of the
    effective size; the EFA extracts as many factors as the model has constructs unless
    ``n_factors`` is given, and every item's dominant factor is compared with its declared
    construct (factor <-> construct by :func:`match_factors`).

    ``progress`` receives the number of parallel-analysis draws completed.
    """
    items = [i for i in ins.item_ids]
    if not items:
        raise DataError("the model has no items to analyse")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        im = item_matrix(reverse_keyed(data, ins, strict=False), items, missing=missing)
        k_res, b_res = _adequacy(im.corr, im.n)
        if missing == "listwise":
            par = parallel_analysis(im.data, parallel_iter, seed, "both", progress=progress)
        else:
            par = parallel_analysis(im.corr.to_numpy(), parallel_iter, seed, "both",
                                    progress=progress, n=im.n)
        k = len(ins.construct_ids) if n_factors is None else int(n_factors)
        if n_factors is None and k >= len(items):
            k = max(1, len(items) - 1)
        res = efa(im.corr, k, extraction=extraction, rotation=rotation, n=None)
    msgs = _reissue_once(caught)
    res = EFAResult(**{**res.__dict__, "n": im.n, "missing": missing,
                       "warnings": tuple(msgs)})
    construct_of = {i: ins.construct_of_item[i] for i in items}
    fc = match_factors(res.pattern, construct_of)
    summaries = [_item_summary(res.pattern.loc[i], i, construct_of[i], fc, cross_threshold,
                               weak_threshold) for i in items]
    return EFAReport(kmo=k_res, bartlett=b_res, parallel=par, result=res, factor_constructs=fc,
                     items=summaries, n=im.n, n_rows=im.n_rows, missing=missing,
                     cross_threshold=cross_threshold, weak_threshold=weak_threshold,
                     warnings=tuple(msgs))


def _adequacy(r: pd.DataFrame, n: int) -> tuple[KMOResult, BartlettResult]:
    """KMO and Bartlett's test (NaN, with a warning, when n does not exceed the items)."""
    p = r.shape[0]
    if n > p:
        return kmo(r), bartlett_sphericity(r, n)
    k_res = kmo(r)
    warnings.warn(SingularMatrixWarning(
        f"fewer respondents (n = {n}) than items ({p}): Bartlett's test is "
        "undefined and the EFA is unstable — collect more data"), stacklevel=3)
    return k_res, BartlettResult(float("nan"), p * (p - 1) // 2, float("nan"), n)


def _reissue_once(caught: list[warnings.WarningMessage]) -> list[str]:
    """Re-issue recorded warnings once each and return their texts.

    The same singular matrix is inverted for KMO, SMCs and parallel analysis: say it once per
    kind, not once per inversion with a slightly different eigenvalue.
    """
    msgs: list[str] = []
    seen: set[str] = set()
    for w in caught:
        if issubclass(w.category, Warning):
            text = str(w.message)
            key = (text.split(":", 1)[0] if issubclass(w.category, SingularMatrixWarning)
                   else text)
            if key not in seen:
                seen.add(key)
                msgs.append(text)
                warnings.warn(w.message, stacklevel=3)
    return msgs


def _item_summary(row: pd.Series, item: str, construct: str, fc: dict[str, str | None],
                  cross_threshold: float, weak_threshold: float) -> ItemSummary:
    """How one item's pattern row loads: dominant factor, cross-loadings, weakness."""
    f = str(row.abs().idxmax())
    cross = {str(g): float(v) for g, v in row.items() if g != f and abs(v) >= cross_threshold}
    return ItemSummary(item=item, construct=construct, factor=f, loading=float(row[f]),
                       factor_construct=fc.get(f), matches=fc.get(f) == construct,
                       cross_loadings=cross, weak=abs(float(row[f])) < weak_threshold)
