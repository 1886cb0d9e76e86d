"""Screening careless, duplicated and outlying respondents.

Every rule is on by default and reports the respondents it flags; whether flagged
respondents are dropped is a separate decision (``ScreeningOptions.drop``).

Rules (``flags`` keys)
----------------------
duplicates
    A respondent id seen before, or answers (items and attention checks) identical to
    an earlier respondent's, with at least half the items answered.
straightlining
    Longest run of the same answer across the items in questionnaire order is at least
    ``straightline_run`` (default ``max(min(k, 8), ceil(k / 2))`` for k items; Johnson
    2005, J. Research in Personality 39, 103-129: "long-string" analysis).
too_fast
    Completion time below ``min_seconds`` (default 2 seconds per item, Huang, Curran,
    Keeney, Poposki & DeShon 2012, J. Business and Psychology 27, 99-114), from a
    duration column or start/end timestamps.
attention
    An attention-check item answered with a code other than its ``expect`` (a missing
    answer is not counted as a failure).
incomplete
    More than ``max_missing`` (default 15%) of the items unanswered (Hair, Hult, Ringle
    & Sarstedt 2017, A Primer on PLS-SEM, 2nd ed., ch. 2).
outliers
    Squared Mahalanobis distance of the item answers with chi-square p < ``outlier_p``
    (default .001; Tabachnick & Fidell 2013, Using Multivariate Statistics, 6th ed.,
    sec. 4.1.4). Complete data: the sample mean and covariance. With gaps: the EM
    (maximum-likelihood) mean and covariance of all answers (:mod:`cemsurvey.stats.em`,
    the EM behind FIML), each respondent measured on the items they answered with
    df = items answered (Little & Rubin 2002, sec. 11.2), so a few gaps do not leave the
    moments to the few complete respondents.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from cemsurvey.errors import DataWarning, SingularMatrixWarning
from cemsurvey.stats.distributions import chi2_sf

RULES: tuple[str, ...] = ("duplicates", "straightlining", "too_fast", "attention", "incomplete", "outliers")

_MAX_PATTERNS = 5000
#: Above this many missingness patterns the outlier rule takes its moments from the complete
#: respondents instead of EM (each EM iteration solves one system per pattern).
_MAX_EM_PATTERNS = 1000


@dataclass(frozen=True)
class ScreeningOptions:
    """Which screening rules run, their thresholds, and whether flagged rows are dropped."""

    duplicates: bool = True
    straightlining: bool = True
    too_fast: bool = True
    attention: bool = True
    incomplete: bool = True
    outliers: bool = True
    straightline_run: int | None = None
    min_seconds: float | None = None
    max_missing: float = 0.15
    outlier_p: float = 0.001
    drop: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def default_run(k: int) -> int:
    """Default long-string threshold for ``k`` items.

    >>> default_run(6), default_run(12), default_run(112)
    (6, 8, 56)
    """
    return max(min(k, 8), math.ceil(k / 2))


def longest_run(codes: np.ndarray) -> np.ndarray:
    """Longest run of identical non-missing answers in each row (vectorised over rows).

    >>> longest_run(np.array([[1, 1, 2, 2, 2], [3, np.nan, 3, 3, 1]], dtype=float)).tolist()
    [3, 2]
    """
    n, k = codes.shape
    if k == 0:
        return np.zeros(n, dtype=np.int64)
    first = codes[:, 0]
    run = (~np.isnan(first)).astype(np.int64)
    best = run.copy()
    for j in range(1, k):
        cur = codes[:, j]
        run += 1
        run *= cur == codes[:, j - 1]  # 0 where the answer changed (NaN never equals)
        np.maximum(run, ~np.isnan(cur), out=run)  # a new run starts at 1 on an answer
        np.maximum(best, run, out=best)
    return best


def duplicate_rows(ids: pd.Index, codes: np.ndarray, extra: list[np.ndarray] | tuple = ()) -> np.ndarray:
    """True for a repeated id or a later copy of an earlier row's answers.

    Answers are the item ``codes`` plus the ``extra`` columns (attention checks); a copy
    counts when at least half the items are answered. Rows are hashed column by column
    (no n x k copy) and hash collisions are checked cell by cell.

    >>> x = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [2, 2, 2, 1]], dtype=float)
    >>> duplicate_rows(pd.Index(["a", "b", "a"]), x).tolist()
    [False, True, True]
    """
    ids = ids if isinstance(ids, pd.Index) else pd.Index(ids)
    dup = np.zeros(len(ids), dtype=bool) if ids.is_unique else ids.duplicated(keep="first")
    n, k = codes.shape
    if k == 0 or n == 0:
        return dup
    cols = [codes[:, j] for j in range(k)] + [np.asarray(e, dtype=float) for e in extra]
    # FNV-style mix of each cell's float64 bits; equal rows always hash equal
    h = np.full(n, 14695981039346656037, dtype=np.uint64)
    prime = np.uint64(1099511628211)
    bits = np.empty(n, dtype=np.float64)
    for col in cols:
        np.copyto(bits, col)
        bits[np.isnan(bits)] = -9999.0
        h ^= bits.view(np.uint64)
        h *= prime
        h ^= h >> np.uint64(31)
    cand = np.flatnonzero(pd.Series(h).duplicated(keep=False).to_numpy())
    if cand.size == 0:
        return dup
    sub = np.column_stack([c[cand] for c in cols])
    same = pd.DataFrame(np.where(np.isnan(sub), -9999.0, sub)).duplicated(keep="first").to_numpy()
    answered = (~np.isnan(codes[cand])).sum(axis=1) >= max(1, k // 2)
    out = dup.copy()
    out[cand] |= same & answered
    return out


def mahalanobis_sq(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Squared Mahalanobis distances (see :func:`_mahalanobis_sq`), with single-threaded BLAS.

    The k x k products are small: OpenBLAS threads cost more than they gain on a busy
    2-core machine (measured 60x slower for 100,000 x 112).
    """
    from cemsurvey._blas import blas_threads

    with blas_threads(1):
        return _mahalanobis_sq(codes)


def _mahalanobis_sq(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Squared Mahalanobis distances and their df (items answered), with notes.

    .. math:: D^2_i = (x_i - \\bar x)^\\top S^{-1} (x_i - \\bar x)

    Mean and covariance (divisor n - 1) come from the complete rows, accumulated over
    row chunks (no n x k copy); rows with missing answers are measured on their
    answered items with the matching sub-matrix of ``S``. Rows with fewer than 2
    answers get NaN. Verified against :func:`scipy.spatial.distance.mahalanobis`.
    """
    n, k = codes.shape
    notes: list[str] = []
    d2 = np.full(n, np.nan)
    df = k - np.isnan(codes).sum(axis=1)
    complete = df == k
    nc = int(complete.sum())
    if nc < n and int((df >= 2).sum()) > k + 1:
        em = _em_mahalanobis_sq(codes, df, notes)
        if em is not None:
            return em, df, notes
    if nc <= k + 1:
        notes.append(
            f"outliers: not computed: {nc} complete respondents for {k} items "
            "(need more respondents than items)"
        )
        return d2, df, notes
    step = max(1, 4_000_000 // max(k, 1))
    slices = [slice(a, min(a + step, n)) for a in range(0, n, step)]
    # one pass of shifted sums (shift = first complete row, so no cancellation for codes)
    shift = codes[int(np.argmax(complete))].astype(float)
    s1 = np.zeros(k)
    cov = np.zeros((k, k))
    for sl in slices:
        c = np.ascontiguousarray(codes[sl])[complete[sl]] - shift
        s1 += c.sum(axis=0)
        cov += c.T @ c
    mu = shift + s1 / nc
    cov = (cov - np.outer(s1, s1) / nc) / (nc - 1)
    sd = np.sqrt(np.diag(cov))
    if np.any(sd == 0) or np.linalg.matrix_rank(cov) < k:
        notes.append(
            "outliers: the item covariance matrix is singular (an item with one answer only, or "
            "items that repeat each other); distances use its pseudo-inverse"
        )
        warnings.warn(SingularMatrixWarning(notes[-1]), stacklevel=3)
        inv = np.linalg.pinv(cov)
    else:
        inv = np.linalg.inv(cov)
    for sl in slices:
        m = complete[sl]
        c = np.ascontiguousarray(codes[sl])[m] - mu
        part = np.full(m.size, np.nan)
        part[m] = np.einsum("ij,ij->i", c @ inv, c)
        d2[sl] = np.where(m, part, d2[sl])
    rest = np.flatnonzero(~complete & (df >= 2))
    if rest.size:
        mask = ~np.isnan(codes[rest])
        pats, inv_idx = np.unique(mask, axis=0, return_inverse=True)
        if len(pats) > _MAX_PATTERNS:
            notes.append(
                f"outliers: {rest.size} respondents with missing answers in {len(pats)} patterns; "
                "distances computed for complete respondents only"
            )
            return d2, df, notes
        for pi, pat in enumerate(pats):
            rows = rest[inv_idx.ravel() == pi]
            sub = np.linalg.pinv(cov[np.ix_(pat, pat)])
            cc = codes[np.ix_(rows, np.flatnonzero(pat))] - mu[pat]
            d2[rows] = np.einsum("ij,jk,ik->i", cc, sub, cc)
    return d2, df, notes


def _em_mahalanobis_sq(codes: np.ndarray, df: np.ndarray, notes: list[str]) -> np.ndarray | None:
    """Distances from the EM mean and covariance (rescaled to divisor n - 1, as the complete
    data use) of the respondents with at least 2 answers; ``None`` (with a note) where EM
    cannot run: too many patterns, an item with fewer than 2 answers, a singular matrix."""
    from cemsurvey.stats.em import em_saturated, mahalanobis_by_pattern, patterns

    rows = np.flatnonzero(df >= 2)
    x = codes[rows].astype(float)
    miss = np.isnan(x)
    n_pat = len(np.unique(miss, axis=0))
    if n_pat > _MAX_EM_PATTERNS:
        notes.append(f"outliers: {int((df < codes.shape[1]).sum())} respondents with missing answers "
                     f"in {n_pat} patterns (more than {_MAX_EM_PATTERNS}); mean and covariance from "
                     f"the complete respondents only")
        return None
    try:
        mu, sigma, _, _ = em_saturated(patterns(x), tol=1e-10, max_iter=2000, param_tol=1e-8)
    except Exception as exc:  # DataError (item with < 2 answers) or LinAlgError
        notes.append(f"outliers: EM moments not available ({exc}); mean and covariance from the "
                     f"complete respondents only")
        return None
    m = len(rows)
    sigma = sigma * m / (m - 1)
    if np.linalg.matrix_rank(sigma) < sigma.shape[0]:
        notes.append("outliers: the EM item covariance matrix is singular (items that repeat "
                     "each other); distances use its pseudo-inverse")
        warnings.warn(SingularMatrixWarning(notes[-1]), stacklevel=4)
    d2 = np.full(codes.shape[0], np.nan)
    d2[rows] = mahalanobis_by_pattern(x, mu, sigma)[0]
    notes.append(f"outliers: {int((df < codes.shape[1]).sum())} respondents with missing answers; "
                 f"mean and covariance by EM over all {m} respondents with 2 or more answers, "
                 f"each measured on the items answered")
    return d2


def screen(
    ids: pd.Index,
    items: np.ndarray,
    attention: dict[str, tuple[np.ndarray, float]],
    durations: np.ndarray | None,
    options: ScreeningOptions,
) -> tuple[dict[str, list[str]], list[str], dict[str, object]]:
    """Apply the screening rules.

    Parameters
    ----------
    ids
        Respondent ids (unique).
    items
        n x k item codes as answered (NaN missing).
    attention
        Attention-check id -> (codes, expected code).
    durations
        Completion time in seconds per respondent, or ``None``.
    options
        Rules and thresholds.

    Returns
    -------
    flags, notes, details
        ``{rule: [ids]}`` for the rules that ran, explanatory notes (a rule that could
        not run says why), and per-rule statistics (threshold used, values).
    """
    n, k = items.shape
    ids = pd.Index(ids)
    flags: dict[str, list[str]] = {}
    notes: list[str] = []
    details: dict[str, object] = {}

    def put(rule: str, mask: np.ndarray) -> None:
        flags[rule] = [str(x) for x in ids[np.asarray(mask, dtype=bool)]]

    if options.duplicates:
        put("duplicates", duplicate_rows(ids, items, [v[0] for v in attention.values()]))
    if options.straightlining:
        thr = options.straightline_run or default_run(k)
        runs = longest_run(items)
        details["straightlining"] = {"threshold": thr}
        put("straightlining", runs >= thr)
    if options.too_fast:
        if durations is None:
            notes.append("too_fast: no duration or start/end columns in the file; not checked")
        else:
            thr = options.min_seconds if options.min_seconds is not None else 2.0 * k
            details["too_fast"] = {"min_seconds": thr, "median_seconds": float(np.nanmedian(durations)) if np.isfinite(durations).any() else None}
            put("too_fast", np.nan_to_num(durations, nan=np.inf) < thr)
    if options.attention:
        if not attention:
            notes.append("attention: no attention-check columns (declared in the model and present in the file); not checked")
        else:
            fail = np.zeros(n, dtype=bool)
            for codes, expect in attention.values():
                fail |= ~np.isnan(codes) & (codes != expect)
            put("attention", fail)
    if options.incomplete:
        frac = np.isnan(items).mean(axis=1) if k else np.zeros(n)
        details["incomplete"] = {"max_missing": options.max_missing}
        put("incomplete", frac > options.max_missing)
    if options.outliers:
        d2, df, more = mahalanobis_sq(items)
        notes += more
        with np.errstate(invalid="ignore"):
            p = chi2_sf(d2, np.maximum(df, 1))
        details["outliers"] = {"p_threshold": options.outlier_p}
        put("outliers", np.nan_to_num(p, nan=1.0) < options.outlier_p)
    return flags, notes, details


def missing_summary(items: pd.DataFrame) -> dict[str, object]:
    """Missing answers per item and per respondent.

    Returns ``{"cells", "pct", "items": {id: {"n", "pct"}}, "respondents": {"complete",
    "with_missing", "max_missing", "mean_missing", "histogram": {k: count}}}``.
    """
    na = items.isna().to_numpy()
    n = na.shape[0]
    per_item = na.sum(axis=0)
    per_resp = na.sum(axis=1)
    hist = pd.Series(per_resp).value_counts().sort_index()
    return {
        "cells": int(na.sum()),
        "pct": float(na.mean()) if na.size else 0.0,
        "items": {c: {"n": int(m), "pct": float(m / n) if n else 0.0} for c, m in zip(items.columns, per_item)},
        "respondents": {
            "complete": int((per_resp == 0).sum()),
            "with_missing": int((per_resp > 0).sum()),
            "max_missing": int(per_resp.max()) if n else 0,
            "mean_missing": float(per_resp.mean()) if n else 0.0,
            "histogram": {int(a): int(b) for a, b in hist.items()},
        },
    }


def warn_flags(flags: dict[str, list[str]], n: int, drop: bool) -> list[str]:
    """Warning texts for screening results worth a look (nothing when none flagged)."""
    out = []
    union = set().union(*flags.values()) if flags else set()
    if union:
        what = "dropped" if drop else "kept (pass --drop to exclude them)"
        counts = ", ".join(f"{r} {len(v)}" for r, v in flags.items() if v)
        out.append(f"screening flagged {len(union)} of {n} respondents ({counts}); {what}")
    for msg in out:
        warnings.warn(DataWarning(msg), stacklevel=3)
    return out
