"""Internal consistency per construct: Cronbach's alpha, item statistics, McDonald's omega.

Formulas (k items, covariance matrix C, correlation matrix R, ``1`` a vector of ones):

- raw alpha ``= k/(k-1) (1 - tr C / 1'C1)`` (Cronbach, 1951); standardized alpha the same on
  R, i.e. ``k rbar / (1 + (k-1) rbar)`` with ``rbar`` the mean inter-item correlation;
- Feldt CI: ``1 - (1 - alpha) F_{1-a/2}`` to ``1 - (1 - alpha) F_{a/2}`` with
  ``F(n - 1, (n - 1)(k - 1))`` (Feldt, Woodruff & Salih, 1987; ``psych::alpha.ci``);
- bootstrap CI: percentile interval of raw alpha over ``bootstrap`` resamples of respondents;
- alpha if item deleted: raw alpha of C without the item; item-rest r:
  ``(C_i. 1 - C_ii) / sqrt(C_ii (1'C_{-i}1))`` (``psych::alpha``'s ``r.drop``);
- item mean, SD (n - 1), skew ``m3 / s^3`` and excess kurtosis ``m4 / s^4 - 3`` with
  ``m_r`` central moments over n and ``s`` the n - 1 SD: ``psych::describe``'s default
  type 3 (= SPSS's b1/b2 before small-sample correction, Joanes & Gill, 1998);
- omega total (McDonald, 1999) from a one-factor **maximum-likelihood** model of the
  construct's items: ``(sum lambda_i)^2 / ((sum lambda_i)^2 + sum theta_i)`` on the raw item
  scale with the model-implied total variance = ``semTools::compRelSEM(cfa(..., std.lv =
  TRUE), obs.var = FALSE)`` in lavaan. (``psych::omega(nfactors = 1)`` is minres, not ML,
  and differs in the third decimal.) Needs at least 3 items.

Reverse-keyed items (``reverse: true`` in the model) are recoded ``(low + high) - code``
first. Missing data: ``listwise`` drops respondents with any missing item of the instrument
(one n for every construct); ``pairwise`` uses pairwise-complete covariances per item pair
(R's ``cov(use = "pairwise")``, psych::alpha's default) and each item's own answers for its
statistics.

Verified against R (tests/reference/psych_reference.R; tests/reliability/): ``psych::alpha``
(raw and std alpha, alpha.drop, r.drop, Feldt), ``psych::describe(type = 3)`` and the lavaan
omega above on bfi's five scales (reverse keys A1 C4 C5 E1 E2 O2 O5; listwise and pairwise),
Holzinger-Swineford's three scales and sim28's 28 constructs, all within 1e-6 (omega 1e-4).

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
Psychometrika, 16, 297-334.
Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient
alpha. Applied Psychological Measurement, 11, 93-103.
McDonald, R. P. (1999). Test theory: A unified treatment. Erlbaum.
Joanes, D. N., & Gill, C. A. (1998). Comparing measures of sample skewness and kurtosis.
The Statistician, 47, 183-189.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import DataError, HeywoodWarning, ReliabilityWarning
from cemsurvey.psychometrics.correlation import (
    Missing,
    cov_to_corr,
    item_matrix,
    pairwise_cov,
)
from cemsurvey.psychometrics.efa.extraction import LOWER, extract
from cemsurvey.psychometrics.scores import reverse_keyed
from cemsurvey.stats.distributions import f_ppf

if TYPE_CHECKING:
    from cemsurvey.instrument import Instrument

__all__ = [
    "ConstructReliability",
    "ReliabilityReport",
    "alpha_from_cov",
    "alpha_if_deleted",
    "analyze_reliability",
    "cronbach_alpha",
    "describe_items",
    "feldt_ci",
    "item_rest_correlations",
    "omega_total",
]


def alpha_from_cov(c: np.ndarray) -> np.ndarray | float:
    """Cronbach's alpha of covariance matrices ``(..., k, k)``: ``k/(k-1) (1 - tr C / sum C)``.

    >>> alpha_from_cov(np.array([[1., .5], [.5, 1.]]))
    0.6666666666666667
    """
    c = np.asarray(c, dtype=float)
    k = c.shape[-1]
    tr = np.trace(c, axis1=-2, axis2=-1)
    tot = c.sum(axis=(-2, -1))
    out = k / (k - 1) * (1.0 - tr / tot)
    return float(out) if np.ndim(out) == 0 else out


def cronbach_alpha(data: pd.DataFrame | np.ndarray) -> float:
    """Raw Cronbach's alpha of respondents x items data (complete rows only).

    Equivalent R call: ``psych::alpha(x)$total$raw_alpha`` (tested against it).

    >>> x = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 4], "c": [1, 3, 3, 4, 5]})
    >>> round(cronbach_alpha(x), 4)
    0.9451
    """
    arr = data.to_numpy(dtype=float) if isinstance(data, pd.DataFrame) else np.asarray(
        data, dtype=float)
    arr = arr[~np.isnan(arr).any(axis=1)]
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise DataError("alpha needs at least 2 items")
    if arr.shape[0] < 3:
        raise DataError(f"alpha needs at least 3 complete respondents, got {arr.shape[0]}")
    return float(alpha_from_cov(np.cov(arr, rowvar=False)))


def alpha_if_deleted(c: np.ndarray) -> np.ndarray:
    """Alpha of ``C`` with each item removed in turn (NaN when fewer than 2 items remain)."""
    k = c.shape[0]
    if k < 3:
        return np.full(k, np.nan)
    tot = c.sum()
    tr = np.trace(c)
    d = np.diag(c)
    s = tot - 2 * c.sum(axis=0) + d
    return (k - 1) / (k - 2) * (1.0 - (tr - d) / s)


def item_rest_correlations(c: np.ndarray) -> np.ndarray:
    """Corrected item-total (item-rest) correlations from a covariance matrix."""
    tot = c.sum()
    cs = c.sum(axis=0)
    d = np.diag(c)
    rest_var = tot - 2 * cs + d
    with np.errstate(invalid="ignore", divide="ignore"):
        return (cs - d) / np.sqrt(d * rest_var)


def feldt_ci(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval of alpha (``psych::alpha.ci``).

    >>> tuple(round(v, 4) for v in feldt_ci(0.8, 200, 5))  # psych::alpha.ci(.8, 200, 5)
    (0.7526, 0.8407)
    """
    a = 1.0 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lo = 1.0 - (1.0 - alpha) * f_ppf(1.0 - a / 2.0, df1, df2)
    hi = 1.0 - (1.0 - alpha) * f_ppf(a / 2.0, df1, df2)
    return float(lo), float(hi)


def describe_items(x: pd.DataFrame) -> pd.DataFrame:
    """n, mean, sd, skew, kurtosis of each column over its non-missing values.

    Skew and kurtosis are ``psych::describe``'s type 3 (see the module docstring).
    """
    rows = {}
    for c in x.columns:
        v = x[c].dropna().to_numpy(dtype=float)
        n = v.size
        m = v.mean() if n else np.nan
        sd = v.std(ddof=1) if n > 1 else np.nan
        dev = v - m
        with np.errstate(invalid="ignore", divide="ignore"):
            skew = (dev**3).mean() / sd**3 if n > 2 else np.nan
            kurt = (dev**4).mean() / sd**4 - 3.0 if n > 3 else np.nan
        rows[c] = {"n": n, "mean": m, "sd": sd, "skew": skew, "kurtosis": kurt}
    return pd.DataFrame.from_dict(rows, orient="index")


def omega_total(cov: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, bool]:
    """McDonald's omega total from a one-factor ML model of a covariance matrix.

    Returns ``(omega, loadings, residual variances, heywood)`` on the raw scale; the ML
    solution is found on the correlation matrix (psych's ``FAfn``) and rescaled by the SDs
    (ML is scale-invariant, so this equals lavaan's ML fit of the covariance matrix).
    """
    sd = np.sqrt(np.diag(cov))
    r = cov_to_corr(cov)
    ext = extract(r, 1, "ml")
    lam = ext.loadings[:, 0]
    if lam.sum() < 0:
        lam = -lam
    psi = 1.0 - lam**2
    heywood = bool(np.any(psi <= LOWER + 1e-8))
    lr = lam * sd
    th = psi * sd**2
    om = float(lr.sum() ** 2 / (lr.sum() ** 2 + th.sum()))
    return om, lr, th, heywood


@dataclass(frozen=True)
class ConstructReliability:
    """Reliability of one construct.

    Attributes
    ----------
    construct, items
        Construct id and its item ids (model order).
    n
        Respondents used (listwise: complete rows; pairwise: the smallest pair count).
    alpha, alpha_std, average_r
        Raw and standardized alpha, mean inter-item correlation.
    alpha_ci
        Feldt 95% CI; ``alpha_boot_ci`` the bootstrap percentile CI (``None`` if not asked).
    omega
        McDonald's omega total (one-factor ML), ``None`` with fewer than 3 items.
    item_stats
        DataFrame by item: ``alpha_if_deleted, alpha_std_if_deleted, item_rest_r, mean, sd,
        skew, kurtosis, n, reverse``.
    """

    construct: str
    items: list[str]
    n: int
    missing: str
    alpha: float
    alpha_std: float
    average_r: float
    alpha_ci: tuple[float, float]
    alpha_boot_ci: tuple[float, float] | None
    omega: float | None
    item_stats: pd.DataFrame
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        items = {}
        for iid, row in self.item_stats.iterrows():
            items[str(iid)] = {k: (bool(v) if k == "reverse" else int(v) if k == "n"
                                   else float(v)) for k, v in row.items()}
        return {
            "alpha": self.alpha, "alpha_std": self.alpha_std, "alpha_ci": list(self.alpha_ci),
            "alpha_boot_ci": None if self.alpha_boot_ci is None else list(self.alpha_boot_ci),
            "omega": self.omega, "average_r": self.average_r, "n_items": len(self.items),
            "n": self.n, "missing": self.missing, "items": items,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class ReliabilityReport:
    """Reliability of every construct of an instrument.

    ``to_dict()`` = ``{<construct>: {alpha, alpha_std, alpha_ci, alpha_boot_ci, omega,
    average_r, n_items, n, missing, items: {<item>: {alpha_if_deleted, alpha_std_if_deleted,
    item_rest_r, mean, sd, skew, kurtosis, n, reverse}}, warnings}}``.
    """

    constructs: dict[str, ConstructReliability]
    n: int
    n_rows: int
    missing: str
    bootstrap: int
    seed: int | None
    omega_method: str = "one-factor ML (lavaan/semTools compRelSEM obs.var = FALSE)"
    warnings: tuple[str, ...] = field(default=())

    def __getitem__(self, construct: str) -> ConstructReliability:
        return self.constructs[construct]

    def to_dict(self) -> dict[str, Any]:
        return {cid: c.to_dict() for cid, c in self.constructs.items()}


def _bootstrap_alphas(x: np.ndarray, groups: list[np.ndarray], b: int, seed: int | None,
                      progress: Callable[[int], None] | None, chunk: int = 100
                      ) -> np.ndarray:
    """Alpha of each item group over ``b`` row resamples (pairwise-complete covariances)."""
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    complete = not np.isnan(x).any()
    out = np.empty((b, len(groups)))
    done = 0
    while done < b:
        m = min(chunk, b - done)
        xs = x[rng.integers(0, n, size=(m, n))]
        if complete:
            xs = xs - xs.mean(axis=1, keepdims=True)
            c = np.swapaxes(xs, 1, 2) @ xs / (n - 1)
        else:
            c, _ = pairwise_cov(xs)
        for g, idx in enumerate(groups):
            out[done:done + m, g] = alpha_from_cov(c[:, idx[:, None], idx[None, :]])
        done += m
        if progress is not None:
            progress(m)
    return out


def analyze_reliability(
    data: pd.DataFrame,
    ins: Instrument,
    *,
    missing: Missing = "listwise",
    bootstrap: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    level: float = 0.95,
) -> ReliabilityReport:
    """Alpha, item statistics and omega of every construct of ``ins``.

    Parameters
    ----------
    data
        Respondents x item ids, codes as answered (reverse keys are applied here).
    ins
        The instrument.
    missing
        ``"listwise"`` (default) or ``"pairwise"``.
    bootstrap
        Number of bootstrap resamples for a percentile CI of alpha (0: none).
    seed
        Seed of the bootstrap generator.
    progress
        Called with the number of bootstrap resamples done.
    level
        Confidence level of the Feldt and bootstrap intervals.

    Warns
    -----
    ReliabilityWarning
        Negative or near-zero alpha; items with negative item-rest correlation that the
        model does not declare reverse-keyed (as psych's ``check.keys`` hint).
    HeywoodWarning
        The one-factor ML model behind omega hit a zero residual variance.
    """
    if bootstrap < 0:
        raise DataError(f"bootstrap must be 0 or a positive number of resamples, got {bootstrap}")
    items = list(ins.item_ids)
    keyed = reverse_keyed(data, ins, strict=False)
    with blas_threads(1):
        im = item_matrix(keyed, items, missing=missing)
    x = im.data
    cov = im.cov.to_numpy()
    corr = im.corr.to_numpy()
    pos = {it: i for i, it in enumerate(items)}
    reverse = set(ins.reverse_items)
    out: dict[str, ConstructReliability] = {}
    all_msgs: list[str] = list(im.warnings)
    groups = []
    for con in ins.constructs:
        groups.append(np.array([pos[it.id] for it in con.items]))
    boot = None
    if bootstrap > 0:
        with blas_threads(1):
            boot = _bootstrap_alphas(x.to_numpy(), groups, bootstrap, seed, progress)
    a_lo, a_hi = (1 - level) / 2, 1 - (1 - level) / 2
    for g, con in enumerate(ins.constructs):
        ids = [it.id for it in con.items]
        idx = groups[g]
        c = cov[np.ix_(idx, idx)]
        r = corr[np.ix_(idx, idx)]
        k = len(ids)
        msgs: list[str] = []
        n_c = int(im.pair_counts.to_numpy()[np.ix_(idx, idx)].min())
        if missing == "pairwise":
            n_feldt = int(x[ids].notna().any(axis=1).sum())  # psych: rows of the scale
        else:
            n_feldt = n_c
        desc = describe_items(x[ids])
        if k < 2:
            msg = (f"construct '{con.id}' has {k} item: alpha, omega and item-rest r are "
                   "undefined for a single item")
            msgs.append(msg)
            warnings.warn(ReliabilityWarning(msg), stacklevel=2)
            alpha = alpha_std = avg_r = float("nan")
            ci: tuple[float, float] = (float("nan"), float("nan"))
            aid = aid_std = irr = np.full(k, np.nan)
        else:
            alpha = float(alpha_from_cov(c))
            alpha_std = float(alpha_from_cov(r))
            avg_r = float((r.sum() - k) / (k * (k - 1)))
            ci = feldt_ci(alpha, n_feldt, k, level)
            aid = alpha_if_deleted(c)
            aid_std = alpha_if_deleted(r)
            irr = item_rest_correlations(c)
        omega = None
        if k >= 3:
            om, _, _, hey = omega_total(c)
            omega = om
            if hey:
                msg = (f"construct '{con.id}': the one-factor model behind omega has a Heywood "
                       "case (an item's residual variance at zero); omega is doubtful — check "
                       "for near-duplicate items")
                msgs.append(msg)
                warnings.warn(HeywoodWarning(msg), stacklevel=2)
        if k >= 2 and alpha < 0:
            msg = (f"construct '{con.id}': alpha is negative ({alpha:.3f}); items correlate "
                   "negatively on average — check reverse keying and coding")
            msgs.append(msg)
            warnings.warn(ReliabilityWarning(msg), stacklevel=2)
        elif k >= 2 and alpha < 0.10:
            msg = (f"construct '{con.id}': alpha is near zero ({alpha:.3f}); the items do not "
                   "measure one thing — check reverse keying and the construct's items")
            msgs.append(msg)
            warnings.warn(ReliabilityWarning(msg), stacklevel=2)
        neg = [ids[j] for j in range(k) if np.isfinite(irr[j]) and irr[j] < 0]
        if neg:
            undeclared = [i for i in neg if i not in reverse]
            declared = [i for i in neg if i in reverse]
            if undeclared:
                msg = (f"construct '{con.id}': item(s) {', '.join(undeclared)} correlate "
                       "negatively with the rest of the scale and look reverse-keyed; mark "
                       "them 'reverse: true' in the model if they are")
                msgs.append(msg)
                warnings.warn(ReliabilityWarning(msg), stacklevel=2)
            if declared:
                msg = (f"construct '{con.id}': reverse-keyed item(s) {', '.join(declared)} still "
                       "correlate negatively with the rest after recoding; check whether they "
                       "are really reverse-worded")
                msgs.append(msg)
                warnings.warn(ReliabilityWarning(msg), stacklevel=2)
        stats_df = pd.DataFrame({
            "alpha_if_deleted": aid, "alpha_std_if_deleted": aid_std, "item_rest_r": irr,
            "mean": desc["mean"].to_numpy(), "sd": desc["sd"].to_numpy(),
            "skew": desc["skew"].to_numpy(), "kurtosis": desc["kurtosis"].to_numpy(),
            "n": desc["n"].to_numpy().astype(int), "reverse": [i in reverse for i in ids],
        }, index=ids)
        bci = None
        if boot is not None and k >= 2:
            bv = boot[:, g]
            bci = (float(np.quantile(bv, a_lo)), float(np.quantile(bv, a_hi)))
        out[con.id] = ConstructReliability(
            construct=con.id, items=ids, n=n_c, missing=missing, alpha=alpha,
            alpha_std=alpha_std, average_r=avg_r, alpha_ci=ci, alpha_boot_ci=bci, omega=omega,
            item_stats=stats_df, warnings=tuple(msgs))
        all_msgs.extend(msgs)
    return ReliabilityReport(constructs=out, n=im.n, n_rows=im.n_rows, missing=missing,
                             bootstrap=bootstrap, seed=seed, warnings=tuple(all_msgs))
