"""Construct validity: composite reliability, AVE, Fornell-Larcker, HTMT/HTMT2, MSV/ASV.

Formulas
--------
For a construct with unstandardized loadings :math:`\\lambda_i`, factor variance
:math:`\\psi` and residual covariance matrix :math:`\\Theta` of its items:

* composite reliability (rho_C, semTools ``compRelSEM(obs.var = FALSE)``):
  :math:`\\rho_C = (\\sum\\lambda_i)^2\\psi / ((\\sum\\lambda_i)^2\\psi + \\sum\\theta_{ii}
  + 2\\sum_{i<j}\\theta_{ij})`; with ``observed_cov`` the denominator is the observed
  variance of the sum score :math:`1'S1` (``compRelSEM(obs.var = TRUE)``).
* AVE (semTools ``AVE``): :math:`\\sum\\lambda_i^2\\psi / \\sum_i \\sigma_{ii}` with
  :math:`\\sigma_{ii} = \\lambda_i^2\\psi + \\theta_{ii}` model-implied (``obs.var = FALSE``,
  Fornell & Larcker's formula) or the observed item variances (``obs.var = TRUE``).
* Fornell-Larcker table: :math:`\\sqrt{AVE}` on the diagonal, factor correlations off it.
* HTMT (Henseler, Ringle & Sarstedt 2015): mean heterotrait-heteromethod correlation over
  the geometric mean of the two mean monotrait-heteromethod correlations; HTMT2 (Roemer,
  Schuberth & Henseler 2021) uses geometric instead of arithmetic means. Computed from
  the item correlation matrix after reverse-keyed items are recoded, with absolute
  correlations (semTools ``htmt(absolute = TRUE)``; HTMT2 always uses absolute values).
* MSV and ASV: maximum and mean squared correlation of a factor with the other factors.

Verified against semTools 0.5-6 / lavaan 0.6-14 (``tests/reference/validity_reference.R``):
Holzinger-Swineford (three factors, also with a residual covariance), bfi (five factors,
reverse-keyed items recoded) and the simulated 28-construct set, at 1e-6 relative.

References
----------
Fornell, C., & Larcker, D. F. (1981). J. Marketing Research, 18(1), 39-50.
Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). J. Acad. Marketing Science, 43(1), 115-135.
Roemer, E., Schuberth, F., & Henseler, J. (2021). Industrial Management & Data Systems,
121(12), 2637-2650.
Raykov, T. (1997). Applied Psychological Measurement, 21(2), 173-184.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, EstimationError, HeywoodWarning, SingularMatrixWarning

__all__ = [
    "ValidityResult",
    "HTMTBootstrap",
    "composite_reliability",
    "average_variance_extracted",
    "fornell_larcker_table",
    "htmt_matrix",
    "htmt_bootstrap",
    "shared_variance",
    "validity_from_estimates",
    "analyze_validity",
]


# ------------------------------------------------------------------ formulas
def composite_reliability(
    loadings: Sequence[float] | np.ndarray,
    factor_variance: float,
    residual_cov: np.ndarray | Sequence[float],
    observed_cov: np.ndarray | None = None,
) -> float:
    """Composite reliability rho_C of one construct (semTools ``compRelSEM``).

    Parameters
    ----------
    loadings
        Unstandardized loadings of the construct's items.
    factor_variance
        Variance :math:`\\psi` of the factor.
    residual_cov
        Residual variances (1-d) or the residual covariance matrix of these items (2-d).
    observed_cov
        If given, the denominator is the observed variance of the sum score, ``1'S1``
        (``compRelSEM(obs.var = TRUE)``); else the model-implied one.

    Examples
    --------
    >>> round(composite_reliability([1.0, 1.0, 1.0], 1.0, [1.0, 1.0, 1.0]), 6)   # 9 / 12
    0.75
    """
    lam = np.asarray(loadings, dtype=float)
    common = float(lam.sum()) ** 2 * float(factor_variance)
    if observed_cov is not None:
        total = float(np.asarray(observed_cov, dtype=float).sum())
    else:
        th = np.asarray(residual_cov, dtype=float)
        total = common + float(th.sum() if th.ndim == 2 else th.sum())
    return common / total if total > 0 else float("nan")


def average_variance_extracted(
    loadings: Sequence[float] | np.ndarray,
    factor_variance: float,
    residual_variances: Sequence[float] | np.ndarray | None = None,
    observed_variances: Sequence[float] | np.ndarray | None = None,
) -> float:
    """Average variance extracted (semTools ``AVE``; Fornell & Larcker 1981).

    :math:`\\sum\\lambda_i^2\\psi / \\sum_i\\sigma_{ii}`, with :math:`\\sigma_{ii}` the
    model-implied item variances :math:`\\lambda_i^2\\psi + \\theta_{ii}` or, when
    ``observed_variances`` is given, the observed ones.

    Examples
    --------
    >>> average_variance_extracted([1.0, 1.0], 1.0, [1.0, 3.0])   # 2 / (2 + 4)
    0.3333333333333333
    """
    lam = np.asarray(loadings, dtype=float)
    common = float(np.sum(lam**2)) * float(factor_variance)
    if observed_variances is not None:
        total = float(np.sum(np.asarray(observed_variances, dtype=float)))
    elif residual_variances is not None:
        total = common + float(np.sum(np.asarray(residual_variances, dtype=float)))
    else:
        raise ValueError("give residual_variances or observed_variances")
    return common / total if total > 0 else float("nan")


def fornell_larcker_table(ave: pd.Series, correlations: pd.DataFrame) -> pd.DataFrame:
    """sqrt(AVE) on the diagonal, factor correlations off it (constructs x constructs).

    Examples
    --------
    >>> r = pd.DataFrame([[1, .5], [.5, 1]], index=["A", "B"], columns=["A", "B"])
    >>> fornell_larcker_table(pd.Series({"A": .64, "B": .49}), r).to_numpy().tolist()
    [[0.8, 0.5], [0.5, 0.7]]
    """
    names = list(ave.index)
    out = correlations.loc[names, names].astype(float).copy()
    for c in names:
        out.loc[c, c] = math.sqrt(ave[c]) if ave[c] >= 0 else float("nan")
    return out


def shared_variance(correlations: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """MSV and ASV: max and mean squared correlation with the other factors.

    Examples
    --------
    >>> r = pd.DataFrame([[1, .5, .2], [.5, 1, .1], [.2, .1, 1]], index=list("ABC"),
    ...                  columns=list("ABC"))
    >>> msv, asv = shared_variance(r)
    >>> round(float(msv["A"]), 4), round(float(asv["A"]), 4)
    (0.25, 0.145)
    """
    r2 = correlations.astype(float).to_numpy() ** 2
    k = r2.shape[0]
    np.fill_diagonal(r2, np.nan)
    if k < 2:
        nan = pd.Series(np.nan, index=correlations.index)
        return nan, nan.copy()
    return (
        pd.Series(np.nanmax(r2, axis=1), index=correlations.index),
        pd.Series(np.nanmean(r2, axis=1), index=correlations.index),
    )


def _block_matrix(items: Sequence[str], blocks: Mapping[str, Sequence[str]]) -> np.ndarray:
    pos = {it: i for i, it in enumerate(items)}
    a = np.zeros((len(items), len(blocks)))
    for k, ids in enumerate(blocks.values()):
        for it in ids:
            a[pos[it], k] = 1.0
    return a


def _htmt_from_corr(
    r: np.ndarray, a: np.ndarray, *, geometric: bool, absolute: bool
) -> np.ndarray:
    """HTMT for one or a stack (``r`` of shape (..., p, p)) of correlation matrices."""
    r = np.abs(r) if (absolute or geometric) else np.array(r, dtype=float, copy=True)
    p = r.shape[-1]
    eye = np.eye(p, dtype=bool)
    zeros = None
    if geometric:
        # an exact zero correlation makes a block's geometric mean 0; -inf * 0 in the
        # block matmul would give NaN, so zeros are counted apart and logs taken of the rest
        is_zero = (r == 0) & ~eye
        if is_zero.any():
            zeros = a.T @ is_zero.astype(float) @ a
        with np.errstate(divide="ignore"):
            r = np.log(np.where(is_zero, 1.0, r))
    r = np.where(eye, 0.0, r)
    sums = a.T @ r @ a  # batched BLAS matmul (einsum would not use BLAS here)
    m = a.sum(axis=0)
    counts = np.outer(m, m) - np.diag(m)  # within-block pairs exclude the diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    if geometric:
        means = np.exp(means)
        if zeros is not None:
            means = np.where(zeros > 0, 0.0, means)
    within = np.diagonal(means, axis1=-2, axis2=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = means / np.sqrt(within[..., :, None] * within[..., None, :])
    k = a.shape[1]
    idx = np.arange(k)
    out[..., idx, idx] = 1.0
    return out


def htmt_matrix(
    corr: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    *,
    geometric: bool = False,
    absolute: bool = True,
) -> pd.DataFrame:
    """HTMT (or HTMT2 with ``geometric=True``) from an item correlation matrix.

    Parameters
    ----------
    corr
        Item correlation matrix labelled by item ids (reverse-keyed items recoded).
    blocks
        Construct id -> its item ids.
    geometric
        HTMT2 (Roemer et al. 2021): geometric means of the absolute correlations.
    absolute
        Use absolute correlations (semTools' default); HTMT2 always does.

    Notes
    -----
    :math:`HTMT_{ij} = \\bar r_{ij} / \\sqrt{\\bar r_{ii}\\,\\bar r_{jj}}` where
    :math:`\\bar r_{ij}` is the mean correlation between items of i and items of j and
    :math:`\\bar r_{ii}` the mean correlation among distinct items of i. Verified against
    semTools::htmt. A single-item construct has no within-construct correlation; its row
    is NaN.

    Examples
    --------
    >>> r = pd.DataFrame(np.array([[1, .6, .3, .3], [.6, 1, .3, .3], [.3, .3, 1, .6],
    ...                            [.3, .3, .6, 1]]), index=list("abcd"), columns=list("abcd"))
    >>> float(htmt_matrix(r, {"X": ["a", "b"], "Y": ["c", "d"]}).loc["X", "Y"])
    0.5
    """
    items = [it for ids in blocks.values() for it in ids]
    missing = [it for it in items if it not in corr.index]
    if missing:
        raise DataError(f"items not in the correlation matrix: {', '.join(missing[:5])}")
    r = corr.loc[items, items].to_numpy(dtype=float)
    out = _htmt_from_corr(r, _block_matrix(items, blocks), geometric=geometric,
                          absolute=absolute)
    names = list(blocks)
    return pd.DataFrame(out, index=names, columns=names)


@dataclass(frozen=True)
class HTMTBootstrap:
    """Percentile bootstrap confidence limits of HTMT and HTMT2.

    Attributes
    ----------
    htmt_lower, htmt_upper, htmt2_lower, htmt2_upper
        Constructs x constructs limits.
    n_boot
        Replicates requested; ``n_failed`` could not be computed (e.g. an item without
        variance in the resample) and are left out.
    level
        Two-sided confidence level.
    seed
        Seed of :func:`numpy.random.default_rng`.
    """

    htmt_lower: pd.DataFrame
    htmt_upper: pd.DataFrame
    htmt2_lower: pd.DataFrame
    htmt2_upper: pd.DataFrame
    n_boot: int
    n_failed: int
    level: float
    seed: int | None


def _corr_stack(x: np.ndarray) -> np.ndarray:
    """Correlation matrices of a stack of samples, shape (b, n, p) -> (b, p, p)."""
    xc = x - x.mean(axis=1, keepdims=True)
    cov = np.matmul(xc.transpose(0, 2, 1), xc)
    d = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (d[:, :, None] * d[:, None, :])


def htmt_bootstrap(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    n_boot: int,
    *,
    seed: int | None = None,
    level: float = 0.95,
    absolute: bool = True,
    progress: Callable[[int], None] | None = None,
    batch: int | None = None,
) -> HTMTBootstrap:
    """Percentile bootstrap CIs of HTMT and HTMT2 (rows resampled with replacement).

    Vectorised: replicates are drawn in batches and their correlation matrices and
    block means computed as array operations. ``data`` must be complete (listwise) and
    reverse-keyed. ``progress(k)`` is called after each batch with its size.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(200, 2))
    >>> x = np.repeat(f, 2, axis=1) + rng.normal(size=(200, 4))
    >>> d = pd.DataFrame(x, columns=list("abcd"))
    >>> ci = htmt_bootstrap(d, {"X": ["a", "b"], "Y": ["c", "d"]}, 200, seed=7)
    >>> bool(ci.htmt_upper.loc["X", "Y"] < 1)
    True
    """
    if n_boot < 1:
        raise EstimationError(f"HTMT bootstrap intervals need at least 1 resample, got {n_boot}; "
                              "request 1 or more resamples, or no bootstrap intervals")
    if not 0 < level < 1:
        raise EstimationError(f"confidence level must be in (0, 1), got {level}")
    items = [it for ids in blocks.values() for it in ids]
    x = data[items].to_numpy(dtype=float)
    if np.isnan(x).any():
        raise DataError("htmt_bootstrap needs complete data; drop incomplete rows first")
    n, p = x.shape
    a = _block_matrix(items, blocks)
    rng = np.random.default_rng(seed)
    if batch is None:
        batch = max(1, min(n_boot, int(2e7 // max(n * p, 1))))
    k = len(blocks)
    h1 = np.empty((n_boot, k, k))
    h2 = np.empty((n_boot, k, k))
    done = 0
    while done < n_boot:
        b = min(batch, n_boot - done)
        idx = rng.integers(0, n, size=(b, n))
        r = _corr_stack(x[idx])
        h1[done:done + b] = _htmt_from_corr(r, a, geometric=False, absolute=absolute)
        h2[done:done + b] = _htmt_from_corr(r, a, geometric=True, absolute=True)
        done += b
        if progress is not None:
            progress(b)
    bad = ~np.isfinite(h1).all(axis=(1, 2)) | ~np.isfinite(h2).all(axis=(1, 2))
    n_failed = int(bad.sum())
    if n_failed == n_boot:
        raise EstimationError(
            "every bootstrap replicate failed (items without variance in the resamples); "
            "check the items' variances"
        )
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    lo1, hi1 = np.percentile(h1[~bad], q, axis=0)
    lo2, hi2 = np.percentile(h2[~bad], q, axis=0)
    names = list(blocks)

    def frame(m: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(m, index=names, columns=names)

    return HTMTBootstrap(frame(lo1), frame(hi1), frame(lo2), frame(hi2), n_boot, n_failed,
                         level, seed)


# ------------------------------------------------------------------ results
@dataclass(frozen=True)
class ValidityResult:
    """Convergent and discriminant validity of a measurement model.

    Attributes
    ----------
    cr, ave, msv, asv
        Per construct (Series indexed by construct id).
    fornell_larcker
        sqrt(AVE) on the diagonal, factor correlations off it.
    factor_correlations
        Factor correlation matrix from the CFA.
    htmt, htmt2
        Constructs x constructs (diagonal 1).
    bootstrap
        Percentile CIs of HTMT/HTMT2, or None.
    n
        Respondents used for HTMT (complete cases on the model's items).
    method
        Formula names per statistic.
    missing
        Missing-data policy (``"listwise"``).
    warnings
        Texts of the warnings issued.
    """

    cr: pd.Series
    ave: pd.Series
    fornell_larcker: pd.DataFrame
    factor_correlations: pd.DataFrame
    htmt: pd.DataFrame
    htmt2: pd.DataFrame
    msv: pd.Series
    asv: pd.Series
    n: int
    method: dict[str, str]
    missing: str = "listwise"
    bootstrap: HTMTBootstrap | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def constructs(self) -> list[str]:
        return list(self.cr.index)

    def fornell_larcker_holds(self) -> pd.Series:
        """Per construct: sqrt(AVE) exceeds every |correlation| with another construct."""
        fl = self.fornell_larcker.to_numpy(dtype=float)
        off = np.abs(fl.copy())
        np.fill_diagonal(off, -np.inf)
        return pd.Series(np.diag(fl) > off.max(axis=1), index=self.fornell_larcker.index)

    def to_dict(self) -> dict[str, Any]:
        """``{cr, ave, fornell_larcker, htmt, htmt2, msv, asv, factor_correlations,
        htmt_ci, n, method, missing, warnings}``; matrices as ``{c1: {c2: value}}``,
        ``htmt_ci`` as ``{htmt: {c1: {c2: [lo, hi]}}, htmt2: {...}, level, n_boot}`` or None."""

        def nested(m: pd.DataFrame, diag: bool = True) -> dict[str, dict[str, float]]:
            return {r: {c: float(m.loc[r, c]) for c in m.columns if diag or c != r}
                    for r in m.index}

        ci = None
        if self.bootstrap is not None:
            b = self.bootstrap
            ci = {
                "htmt": {r: {c: [float(b.htmt_lower.loc[r, c]), float(b.htmt_upper.loc[r, c])]
                             for c in self.htmt.columns if c != r} for r in self.htmt.index},
                "htmt2": {r: {c: [float(b.htmt2_lower.loc[r, c]),
                                  float(b.htmt2_upper.loc[r, c])]
                              for c in self.htmt.columns if c != r} for r in self.htmt.index},
                "level": b.level, "n_boot": b.n_boot, "n_failed": b.n_failed, "seed": b.seed,
            }
        return {
            "cr": {k: float(v) for k, v in self.cr.items()},
            "ave": {k: float(v) for k, v in self.ave.items()},
            "fornell_larcker": nested(self.fornell_larcker),
            "htmt": nested(self.htmt, diag=False),
            "htmt2": nested(self.htmt2, diag=False),
            "msv": {k: float(v) for k, v in self.msv.items()},
            "asv": {k: float(v) for k, v in self.asv.items()},
            "factor_correlations": nested(self.factor_correlations),
            "htmt_ci": ci,
            "n": self.n,
            "method": dict(self.method),
            "missing": self.missing,
            "warnings": list(self.warnings),
        }


def _warn(messages: list[str], warning: Warning) -> None:
    messages.append(str(warning))
    warnings.warn(warning, stacklevel=3)


def validity_from_estimates(
    blocks: Mapping[str, Sequence[str]],
    loadings: Mapping[str, float] | pd.Series,
    factor_cov: pd.DataFrame,
    factor_cor: pd.DataFrame,
    theta: pd.DataFrame,
    data: pd.DataFrame,
    *,
    obs_var: bool = False,
    htmt_bootstrap: int = 0,
    seed: int | None = None,
    level: float = 0.95,
    absolute: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ValidityResult:
    """Validity statistics from CFA estimates and the (reverse-keyed) item data.

    Parameters
    ----------
    blocks
        Construct id -> item ids (first-order constructs).
    loadings
        Item id -> unstandardized loading on its construct.
    factor_cov, factor_cor
        Latent covariance and correlation matrices (labelled by construct id).
    theta
        Residual covariance matrix labelled by item id (variances on the diagonal).
    data
        Respondents x item ids, reverse-keyed items already recoded; rows with a missing
        item are dropped (listwise) for HTMT and the observed covariances.
    obs_var
        Use observed variances in the CR and AVE denominators (semTools' default);
        False (default here) uses the model-implied ones, i.e. the textbook rho_C and
        Fornell-Larcker AVE.
    htmt_bootstrap
        Bootstrap replicates for HTMT/HTMT2 percentile CIs (0 = none).
    """
    msgs: list[str] = []
    names = list(blocks)
    items = [it for ids in blocks.values() for it in ids]
    missing_cols = [it for it in items if it not in data.columns]
    if missing_cols:
        raise DataError(
            f"item column(s) not in the data: {', '.join(missing_cols[:5])}; the data must "
            "have one column per item id"
        )
    complete = data[items].apply(pd.to_numeric, errors="coerce").astype(float).dropna()
    n = len(complete)
    if n < 3:
        raise EstimationError(
            f"only {n} respondents answered every item; HTMT needs at least 3 complete rows"
        )
    x = complete.to_numpy()
    sd = x.std(axis=0)
    if np.any(sd == 0):
        const = [items[i] for i in np.flatnonzero(sd == 0)]
        raise DataError(f"item(s) without variance: {', '.join(const[:5])}; drop them")
    s_obs = pd.DataFrame(np.cov(x, rowvar=False, bias=True), index=items, columns=items)
    corr = pd.DataFrame(np.corrcoef(x, rowvar=False), index=items, columns=items)

    cr: dict[str, float] = {}
    ave: dict[str, float] = {}
    for c, ids in blocks.items():
        ids = list(ids)
        if len(ids) < 2:
            _warn(msgs, SingularMatrixWarning(
                f"construct {c} has a single item: composite reliability, AVE and HTMT are "
                "not defined for it (NaN); measure it with 3 or more items"))
            cr[c] = ave[c] = float("nan")
            continue
        lam = np.array([float(loadings[it]) for it in ids])
        psi = float(factor_cov.loc[c, c])
        th = theta.loc[ids, ids].to_numpy(dtype=float)
        if np.any(np.diag(th) < 0) or psi < 0:
            _warn(msgs, HeywoodWarning(
                f"construct {c}: negative (residual) variance in the CFA estimates, so its CR "
                "and AVE can exceed 1; inspect the loadings of "
                f"{', '.join(ids)} (Heywood case)"))
        if obs_var:
            cr[c] = composite_reliability(lam, psi, th, s_obs.loc[ids, ids].to_numpy())
            ave[c] = average_variance_extracted(lam, psi,
                                                observed_variances=np.diag(s_obs.loc[ids, ids]))
        else:
            cr[c] = composite_reliability(lam, psi, th)
            ave[c] = average_variance_extracted(lam, psi, residual_variances=np.diag(th))
    cr_s = pd.Series(cr, dtype=float)
    ave_s = pd.Series(ave, dtype=float)
    cor = factor_cor.loc[names, names].astype(float)
    fl = fornell_larcker_table(ave_s, cor)
    msv, asv = shared_variance(cor)
    multi = {c: ids for c, ids in blocks.items() if len(ids) >= 2}
    with np.errstate(all="ignore"):
        h1 = htmt_matrix(corr, blocks, absolute=absolute)
        h2 = htmt_matrix(corr, blocks, geometric=True)
    for c in multi:
        sub = corr.loc[list(blocks[c]), list(blocks[c])].to_numpy()
        off = sub[~np.eye(len(sub), dtype=bool)]
        if np.any(np.abs(off) < 1e-12):
            _warn(msgs, SingularMatrixWarning(
                f"construct {c}: two of its items are uncorrelated, so HTMT2's geometric mean "
                "is 0 and HTMT2 is undefined (NaN) for it; check the items' keying"))
        elif (not absolute) and np.mean(off) <= 0:
            _warn(msgs, SingularMatrixWarning(
                f"construct {c}: its items correlate negatively on average, so HTMT is "
                "undefined (NaN); declare reverse-keyed items with `reverse: true`"))
    boot = None
    if htmt_bootstrap:
        boot = htmt_bootstrap_fn(complete, multi, htmt_bootstrap, seed=seed, level=level,
                                 absolute=absolute, progress=progress)
        if boot.n_failed:
            _warn(msgs, SingularMatrixWarning(
                f"{boot.n_failed} of {boot.n_boot} HTMT bootstrap replicates failed (an item "
                "without variance in the resample) and were left out"))
        full = {}
        for attr in ("htmt_lower", "htmt_upper", "htmt2_lower", "htmt2_upper"):
            m = getattr(boot, attr).reindex(index=names, columns=names)
            for c in names:
                m.loc[c, c] = 1.0
            full[attr] = m
        boot = HTMTBootstrap(**full, n_boot=boot.n_boot, n_failed=boot.n_failed,
                             level=boot.level, seed=boot.seed)
    method = {
        "cr": "rho_C = (sum lambda)^2 psi / "
              + ("observed variance of the sum score (compRelSEM obs.var = TRUE)" if obs_var
                 else "((sum lambda)^2 psi + sum theta + 2 sum theta_ij) (compRelSEM obs.var = FALSE)"),
        "ave": "sum lambda^2 psi / sum "
               + ("observed item variances (semTools AVE obs.var = TRUE)" if obs_var
                  else "model-implied item variances (Fornell & Larcker 1981; AVE obs.var = FALSE)"),
        "htmt": "Henseler et al. (2015), arithmetic means of "
                + ("absolute " if absolute else "") + "item correlations",
        "htmt2": "Roemer et al. (2021), geometric means of absolute item correlations",
        "msv_asv": "max / mean squared factor correlation",
    }
    if boot is not None:
        method["htmt_ci"] = f"percentile bootstrap, {boot.n_boot} replicates, level {level:g}"
    return ValidityResult(
        cr=cr_s, ave=ave_s, fornell_larcker=fl, factor_correlations=cor, htmt=h1, htmt2=h2,
        msv=msv, asv=asv, n=n, method=method, missing="listwise", bootstrap=boot,
        warnings=tuple(msgs),
    )


htmt_bootstrap_fn = htmt_bootstrap  # the parameter of validity_from_estimates shadows the name


# ------------------------------------------------------------------ CFA adapter
def _theta_from_cfa(cfa: Any, items: list[str]) -> pd.DataFrame:
    rv = cfa.residual_variances
    if isinstance(rv, pd.DataFrame):
        var = rv["est"] if "est" in rv.columns else rv.iloc[:, 0]
    else:
        var = pd.Series(rv)
    theta = pd.DataFrame(np.diag([float(var[it]) for it in items]), index=items, columns=items)
    rc = getattr(cfa, "residual_covariances", None)
    if isinstance(rc, pd.DataFrame) and len(rc):
        cols = [c for c in rc.columns if c != "est"]
        if {"lhs", "rhs"} <= set(rc.columns):
            cols = ["lhs", "rhs"]
        for _, row in rc.iterrows():
            a, b, est = row[cols[0]], row[cols[1]], float(row["est"])
            if a in theta.index and b in theta.index:
                theta.loc[a, b] = theta.loc[b, a] = est
    return theta


def analyze_validity(
    cfa: Any,
    data: pd.DataFrame,
    ins: Any,
    *,
    htmt_bootstrap: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    obs_var: bool = False,
    level: float = 0.95,
) -> ValidityResult:
    """Validity statistics of a fitted first-order CFA (``CFAResult``) and its data.

    Reads ``cfa.loadings`` (columns ``construct, item, est``), ``cfa.factor_covariances``,
    ``cfa.factor_correlations``, ``cfa.residual_variances`` (``est`` by item) and
    ``cfa.residual_covariances`` (``lhs, rhs, est``) as documented in
    docs/api-contract.md. Rows of a second-order model whose ``construct`` is a dimension
    are ignored. ``data`` holds codes as answered; reverse-keyed items are recoded here.
    """
    from cemsurvey.errors import ConvergenceWarning
    from cemsurvey.psychometrics.scores import reverse_keyed

    lo = cfa.loadings
    item_ids = set(ins.item_ids)
    lo = lo[lo["item"].isin(item_ids)]
    blocks: dict[str, list[str]] = {}
    for c in ins.construct_ids:
        ids = lo.loc[lo["construct"] == c, "item"].tolist()
        if ids:
            blocks[c] = ids
    if not blocks:
        raise EstimationError("the CFA result has no loadings of the instrument's items")
    loadings = {row.item: float(row.est) for row in lo.itertuples()}
    items = [it for ids in blocks.values() for it in ids]
    theta = _theta_from_cfa(cfa, items)
    pre: list[str] = []
    if not getattr(cfa, "converged", True):
        w = ConvergenceWarning("the CFA did not converge, so CR, AVE and Fornell-Larcker rest "
                               "on unreliable estimates; fix the CFA first")
        warnings.warn(w, stacklevel=2)
        pre.append(str(w))
    rk = reverse_keyed(data, ins)
    res = validity_from_estimates(
        blocks, loadings, cfa.factor_covariances, cfa.factor_correlations, theta, rk,
        obs_var=obs_var, htmt_bootstrap=htmt_bootstrap, seed=seed, level=level,
        progress=progress,
    )
    if pre:
        from dataclasses import replace

        res = replace(res, warnings=tuple(pre) + res.warnings)
    return res
