"""Missing answers: how many, where, in which patterns, and whether they look random.

:func:`analyze_missing` describes the gaps of a respondents x items table: the share of each
item left unanswered, the respondents by number of missing answers, the missingness patterns,
the EM (maximum-likelihood) estimates of the item means and covariance matrix, and Little's
(1988) test of missing completely at random (MCAR). :func:`impute_em` and
:func:`impute_mean` fill gaps for methods that need a complete table (PLS-SEM).

Little's statistic (Little 1988, eq. 5), with the ML estimates ``mu``, ``Sigma`` from EM
(:func:`cemsurvey.stats.em.em_saturated`, the same EM as the SEM engine's FIML) and the
missingness patterns ``j`` (``n_j`` respondents, observed items ``o_j``, ``p_j`` of them,
pattern means ``ybar_j``):

.. math::

    d^2 = \\sum_j n_j (\\bar y_j - \\mu_{o_j})^\\top \\Sigma_{o_j o_j}^{-1}
          (\\bar y_j - \\mu_{o_j}), \\qquad df = \\sum_j p_j - p,

chi-square on ``df`` under MCAR. A small p-value says the means of the patterns differ more
than chance allows: the gaps depend on the answers (MAR or MNAR), so listwise deletion may bias
the results and FIML or EM, which assume MAR, are the better choice. A large p-value does not
prove MCAR.

Verified against R: the EM moments against lavaan 0.6.14
``lavCor(x, missing = "ml", output = "sampstat")`` and Little's statistic written out in
tests/reference/missing_reference.R on those moments (airquality, Holzinger-Swineford with
gaps, a Likert set with 3% MCAR gaps; 1e-6 relative), and the published
``naniar::mcar_test(airquality)``: d2 = 35.1061, df = 14, p = .00142, 4 patterns.

References
----------
Little, R. J. A. (1988). A test of missing completely at random for multivariate data with
missing values. *J. American Statistical Association* 83(404), 1198-1202.
Enders, C. K. (2010). *Applied Missing Data Analysis*. Guilford. Chapters 1 and 4.
"""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import ConvergenceWarning, DataError, DataWarning
from cemsurvey.stats.distributions import chi2_sf
from cemsurvey.stats.em import em_saturated, pattern_rows, patterns

__all__ = ["LittleTest", "MissingDataReport", "analyze_missing", "impute_em", "impute_mean",
           "little_mcar"]

EM_MAX_ITER = 5000
#: Above this many missingness patterns EM and Little's test are skipped with a warning
#: (each EM iteration solves one linear system per pattern).
MAX_EM_PATTERNS = 3000


@dataclass(frozen=True)
class LittleTest:
    """Little's (1988) MCAR test: ``chi2`` (d^2), ``df``, ``p``, patterns used, respondents."""

    chi2: float
    df: int
    p: float
    patterns: int
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"chi2": self.chi2, "df": self.df, "p": self.p, "patterns": self.patterns,
                "n": self.n}


@dataclass(frozen=True)
class MissingDataReport:
    """The gaps of a response table and the EM moments behind FIML, screening and imputation.

    Attributes
    ----------
    n, n_items
        Respondents and items described.
    item_missing, item_missing_n
        Share and number of respondents who left each item unanswered (item id index).
    by_count
        Respondents by number of missing answers (index 0, 1, 2, ...; only counts that occur).
    complete
        Respondents who answered every item.
    n_patterns, single_patterns
        Distinct missingness patterns (respondents with no answer excluded) and how many hold
        one respondent only.
    empty_items, sparse_respondents, empty_respondents
        Items nobody answered (left out of EM and Little's test), respondents who left more
        than half the items unanswered, and respondents with no answer at all.
    mean, cov
        EM (ML, divisor N) estimates of the item means and covariance over the items with at
        least two answers; ``None`` when EM could not run (see ``warnings``).
    em_iterations, em_converged
        EM iterations and whether the log-likelihood settled.
    little
        Little's MCAR test, or ``None`` (no gaps, or EM unavailable).
    method
        ``"EM (maximum likelihood), Little (1988)"``.
    warnings
        Texts of the warnings raised.
    """

    n: int
    n_items: int
    item_missing: pd.Series
    item_missing_n: pd.Series
    by_count: pd.Series
    complete: int
    n_patterns: int
    single_patterns: int
    empty_items: tuple[str, ...]
    sparse_respondents: int
    empty_respondents: int
    mean: pd.Series | None
    cov: pd.DataFrame | None
    em_iterations: int
    em_converged: bool
    little: LittleTest | None
    method: str = "EM (maximum likelihood), Little (1988)"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def share_missing(self) -> float:
        """Share of all item cells left unanswered."""
        cells = self.n * self.n_items
        return float(self.item_missing_n.sum()) / cells if cells else 0.0

    def top_items(self, k: int = 10) -> pd.Series:
        """The ``k`` items with the largest share missing (ties in item order), share > 0."""
        s = self.item_missing[self.item_missing > 0]
        order = np.argsort(-s.to_numpy(), kind="stable")
        return s.iloc[order[:k]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``n, n_items, share_missing, complete, items: {id: {n, share}},
        by_count: {k: respondents}, n_patterns, single_patterns, empty_items,
        sparse_respondents, empty_respondents, em: {converged, iterations, mean, cov}, little,
        method, warnings``."""
        em: dict[str, Any] | None = None
        if self.mean is not None and self.cov is not None:
            em = {"converged": self.em_converged, "iterations": self.em_iterations,
                  "mean": {str(k): float(v) for k, v in self.mean.items()},
                  "cov": {str(r): {str(c): float(v) for c, v in row.items()}
                          for r, row in self.cov.iterrows()}}
        return {
            "n": self.n, "n_items": self.n_items, "share_missing": self.share_missing,
            "complete": self.complete,
            "items": {str(k): {"n": int(self.item_missing_n[k]), "share": float(v)}
                      for k, v in self.item_missing.items()},
            "by_count": {str(int(k)): int(v) for k, v in self.by_count.items()},
            "n_patterns": self.n_patterns, "single_patterns": self.single_patterns,
            "empty_items": list(self.empty_items),
            "sparse_respondents": self.sparse_respondents,
            "empty_respondents": self.empty_respondents, "em": em,
            "little": self.little.to_dict() if self.little else None,
            "method": self.method, "warnings": list(self.warnings),
        }


def little_mcar(x: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> LittleTest:
    """Little's (1988) MCAR test on ``x`` (N x p, NaN missing) at the ML moments ``mu, sigma``.

    Rows with no answer are ignored. See the module docstring for the formula.

    >>> x = np.array([[1.0, 2.0], [2.0, np.nan], [3.0, 1.0], [np.nan, 3.0], [2.0, 2.0]])
    >>> t = little_mcar(x, np.array([2.0, 2.0]), np.eye(2))
    >>> t.df, t.patterns, round(t.chi2, 6)
    (2, 3, 1.333333)
    """
    x = np.asarray(x, dtype=float)
    keep = np.isfinite(x).any(axis=1)
    pat = patterns(x[keep])
    d2, df = 0.0, -pat.p
    for o, k, m in zip(pat.obs, pat.n, pat.mean):
        d = m - mu[o]
        d2 += float(k) * float(d @ np.linalg.solve(sigma[np.ix_(o, o)], d))
        df += o.size
    p = float(chi2_sf(d2, df)) if df > 0 else float("nan")
    return LittleTest(chi2=d2, df=int(df), p=p, patterns=len(pat.n), n=int(keep.sum()))


def _numeric(data: pd.DataFrame) -> pd.DataFrame:
    try:
        return data.apply(pd.to_numeric, errors="raise").astype(float)
    except (ValueError, TypeError) as exc:
        raise DataError(f"the items hold non-numeric codes ({exc}); map labels to codes "
                        f"first") from None


def analyze_missing(data: pd.DataFrame, items: list[str] | None = None) -> MissingDataReport:
    """Describe the missing answers of ``data`` and test them for MCAR (Little 1988).

    Parameters
    ----------
    data
        Respondents x items, codes as answered (NaN = missing).
    items
        Columns to describe (default: all).

    Returns
    -------
    MissingDataReport
        Never raises for awkward gaps: items nobody answered, respondents with no answer,
        patterns of one respondent and respondents with more than half the items missing
        are reported as warnings with counts; EM and Little's test are left out (``None``)
        only when they cannot be computed.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, None, 4, 5, 3], "b": [2, 2, 3, None, 5, 4]})
    >>> r = analyze_missing(df)
    >>> r.complete, r.n_patterns, r.item_missing_n.tolist()
    (4, 3, [1, 1])
    """
    cols = list(data.columns) if items is None else list(items)
    x = _numeric(data[cols])
    arr = x.to_numpy(dtype=float)
    n, k = arr.shape
    na = ~np.isfinite(arr)
    per_item = pd.Series(na.sum(axis=0).astype(int), index=pd.Index(cols, name="item"))
    share = per_item / n if n else per_item.astype(float)
    per_resp = na.sum(axis=1)
    by_count = pd.Series(per_resp).value_counts().sort_index()
    by_count.index.name = "missing"
    issues: list[str] = []

    def warn(cls: type[Warning], msg: str) -> None:
        issues.append(msg)
        _warnings.warn(cls(msg), stacklevel=3)

    answered = (~na).sum(axis=0)
    empty = tuple(c for c, a in zip(cols, answered) if a == 0)
    if empty:
        warn(DataWarning, f"{len(empty)} item(s) nobody answered ({', '.join(empty[:10])}): "
                          f"they are left out of the missing-data estimates and of every "
                          f"analysis that needs answers; check the column mapping")
    empty_rows = int((per_resp == k).sum()) if k else n
    if empty_rows:
        warn(DataWarning, f"{empty_rows} of {n} respondents answered none of the {k} items: "
                          f"they carry no information and are left out of EM, FIML and "
                          f"Little's test")
    sparse = int(((per_resp > k / 2) & (per_resp < k)).sum())
    if sparse:
        warn(DataWarning, f"{sparse} of {n} respondents left more than half of the {k} items "
                          f"unanswered: their few answers weigh little in FIML and pairwise "
                          f"estimates; consider screening them out")
    use = [j for j in range(k) if answered[j] >= 2]
    rows = ~na[:, use].all(axis=1) if use else np.zeros(n, dtype=bool)
    sub = arr[np.ix_(rows, use)]
    n_pat = single = 0
    em: tuple[Any, ...] = (None, None, 0, False, None)
    if sub.size:
        pat = patterns(sub)
        n_pat, single = len(pat.n), int((pat.n == 1).sum())
        if single and n_pat > 1 and single > n_pat / 2:
            warn(DataWarning, f"{single} of {n_pat} missingness patterns hold a single respondent: "
                              f"Little's test compares pattern means, so read its p-value with "
                              f"caution")
        if n_pat > MAX_EM_PATTERNS:
            warn(DataWarning, f"{n_pat} missingness patterns (more than {MAX_EM_PATTERNS}): EM "
                              f"estimates and Little's test are skipped to keep the run short")
        else:
            em = _em_and_little(pat, sub, [cols[j] for j in use], warn)
    mean, cov, its, conv, little = em
    return MissingDataReport(
        n=n, n_items=k, item_missing=share, item_missing_n=per_item, by_count=by_count,
        complete=int((per_resp == 0).sum()), n_patterns=n_pat, single_patterns=single,
        empty_items=empty, sparse_respondents=sparse, empty_respondents=empty_rows,
        mean=mean, cov=cov, em_iterations=int(its), em_converged=conv, little=little,
        warnings=tuple(issues))


def _em_and_little(pat: Any, sub: np.ndarray, names: list[str], warn: Any) -> tuple[Any, ...]:
    """``(mean, cov, iterations, converged, little)`` by EM, or Nones with a warning."""
    try:
        mu, sigma, _, its = em_saturated(pat, tol=1e-11, max_iter=EM_MAX_ITER, param_tol=1e-10)
    except (np.linalg.LinAlgError, DataError) as exc:
        warn(DataWarning, f"EM estimates of the item means and covariances are not available "
                          f"({exc}); Little's test is skipped (more respondents than items are "
                          f"needed)")
        return None, None, 0, False, None
    conv = its < EM_MAX_ITER
    if not conv:
        warn(ConvergenceWarning, f"EM did not settle in {EM_MAX_ITER} iterations: the "
                                 f"missing-data means and covariances are approximate")
    mean = pd.Series(mu, index=pd.Index(names, name="item"))
    cov = pd.DataFrame(sigma, index=names, columns=names)
    little = little_mcar(sub, mu, sigma) if np.isnan(sub).any() else None
    return mean, cov, int(its), conv, little


def impute_em(data: pd.DataFrame, mean: pd.Series, cov: pd.DataFrame) -> pd.DataFrame:
    """Fill each respondent's gaps with their conditional expectation given the answers:

    .. math:: \\hat y_m = \\mu_m + \\Sigma_{mo} \\Sigma_{oo}^{-1} (y_o - \\mu_o)

    (the EM E-step; Enders 2010 ch. 4), ``mean``/``cov`` the EM estimates of
    :func:`analyze_missing`. Items outside ``mean`` are returned as they are; a respondent
    with no answer gets the means. Deterministic (no noise is added): scores and PLS weights
    from the filled table are unbiased under MAR, their spread slightly too small.
    """
    out = data.copy()
    cols = [c for c in mean.index if c in data.columns]
    x = np.array(_numeric(data[cols]).to_numpy(dtype=float))   # a writable copy
    mu = mean[cols].to_numpy(float)
    sigma = cov.loc[cols, cols].to_numpy(float)
    miss = ~np.isfinite(x)
    for key, r in pattern_rows(miss):
        m = np.flatnonzero(key)
        if m.size == 0:
            continue
        o = np.flatnonzero(~key)
        if o.size == 0:
            x[np.ix_(r, m)] = mu[m]
            continue
        b = np.linalg.lstsq(sigma[np.ix_(o, o)], sigma[np.ix_(o, m)], rcond=None)[0]
        x[np.ix_(r, m)] = mu[m] + (x[np.ix_(r, o)] - mu[o]) @ b
    out[cols] = x
    return out


def impute_mean(data: pd.DataFrame) -> pd.DataFrame:
    """Fill each gap with the item's mean over its answers (SmartPLS's and seminr's default
    "mean replacement"); an item nobody answered stays empty.

    >>> impute_mean(pd.DataFrame({"a": [1.0, None, 3.0]}))["a"].tolist()
    [1.0, 2.0, 3.0]
    """
    x = _numeric(data)
    return x.fillna(x.mean())
