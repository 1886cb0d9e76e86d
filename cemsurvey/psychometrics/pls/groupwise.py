"""Groups of respondents for PLS: step 1 of MICOM and the permutation engine of MICOM and MGA.

:func:`split_groups` prepares the item matrix once for all respondents with a group (the
same items, reverse-keying and listwise deletion for every group) and checks each group:
enough respondents, every indicator with variance, a converged PLS fit. That is MICOM's
step 1, configural invariance (Henseler, Ringle & Sarstedt 2016): identical indicators,
identical data treatment, identical algorithm settings in every group.

:class:`PairEngine` estimates the model in the two groups of a pair for many
assignments of respondents to groups at once: the observed one and random permutations.
Both groups' correlation matrices come from ONE matrix product per block: the pair's data
are standardized on the pooled pair, the cross products ``x_i x_i'`` (upper triangle)
formed once, and for a 0/1 membership vector ``m`` group A's moments are ``m' Z`` while
group B's are the pooled moments minus A's. The stacked ``2B`` matrices then go through
the batched engine (:func:`~cemsurvey.psychometrics.pls.engine.estimate`), warm-started
from the pooled weights and reflected against them (construct-level sign alignment).

References
----------
Henseler, J., Ringle, C. M., & Sarstedt, M. (2016). Testing measurement invariance of
composites using partial least squares. *International Marketing Review*, 33(3), 405-431.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.data import correlations, prepare_items
from cemsurvey.psychometrics.pls.engine import (
    SCHEMES,
    Fit,
    Scheme,
    estimate,
    orient,
    reflect,
    regressions,
)
from cemsurvey.psychometrics.pls.model import PLSModel, PLSSpec, model_of, stage1_spec

#: Fewest respondents a group needs to be estimated (as :func:`fit_pls`).
MIN_GROUP = 10
#: Above this many groups a warning says the pairwise comparisons multiply.
MAX_GROUPS = 10


def check_count(name: str, value: object) -> None:
    """Raise :class:`EstimationError` unless ``value`` is a whole number >= 20."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 20:
        raise EstimationError(f"{name} must be a whole number >= 20, got {value!r}")


def check_settings(alpha: float, scheme: str, higher_order: str) -> None:
    """Raise :class:`EstimationError` for a level, scheme or approach outside its values."""
    if not 0 < alpha < 0.5:
        raise EstimationError(f"alpha must be between 0 and 0.5, got {alpha!r}")
    if scheme not in SCHEMES:
        raise EstimationError(f"scheme must be path, centroid or factorial, got {scheme!r}")
    if higher_order not in ("repeated", "two-stage", "disjoint"):
        raise EstimationError("higher_order must be repeated, two-stage or disjoint, got "
                              f"{higher_order!r}")


@dataclass(frozen=True)
class GroupedItems:
    """The item matrix of every respondent with a group, and step 1 per group.

    Attributes
    ----------
    X
        ``(n, q)`` items (reverse-keyed items recoded, incomplete respondents removed).
    codes
        ``(n,)`` group code of each row.
    labels
        Group code -> label, in order of first appearance (sorted codes).
    spec, model
        The PLS model (stage 1: repeated indicators or the disjoint first-order model).
    configural
        Rows by group label: ``n, constant_items, converged, holds`` (step 1).
    warnings
        Problems found (small groups, constant items, many groups, missing groups).
    """

    X: np.ndarray
    codes: np.ndarray
    labels: dict[Hashable, str]
    spec: PLSSpec
    model: PLSModel
    configural: pd.DataFrame
    warnings: tuple[str, ...]

    def usable(self) -> list[Hashable]:
        """Codes of the groups where step 1 holds."""
        ok = self.configural["holds"].to_numpy()
        return [c for c, h in zip(self.labels, ok, strict=True) if h]

    def rows(self, code: Hashable) -> np.ndarray:
        return np.flatnonzero(self.codes == code)


def _group_codes(data: pd.DataFrame, groups: pd.Series, warn: list[str]) -> pd.Series:
    if not isinstance(groups, pd.Series):
        raise DataError("groups must be a pandas Series of group codes indexed like the responses")
    g = groups.reindex(data.index)
    lost = int(g.isna().sum())
    if lost == len(g):
        raise DataError("no respondent has a group: the grouping answers are all missing or "
                        "their index does not match the responses")
    if lost:
        warn.append(f"{lost} respondent(s) without a group were left out")
    return g.dropna()


def _code_text(code: Hashable) -> str:
    """A group code as text: ``2.0`` (a float column of whole numbers) as ``2``."""
    if isinstance(code, float | np.floating) and float(code).is_integer():
        return str(int(code))
    return str(code)


def _configural(X: np.ndarray, codes: np.ndarray, labels: Mapping[Hashable, str], spec: PLSSpec,
                scheme: Scheme, max_iter: int, tol: float, warn: list[str]) -> pd.DataFrame:
    """Step 1 per group: size, indicators with variance, a converged fit."""
    arrows = max((len(spec.predecessors(k)) for k in range(spec.K)), default=1)
    rows = []
    for code, lab in labels.items():
        Xg = X[codes == code]
        n = Xg.shape[0]
        sd = Xg.std(axis=0) if n > 1 else np.zeros(spec.q)
        const = [m for m, s in zip(spec.manifest, sd, strict=True) if not s > 0]
        converged = False
        if n < MIN_GROUP:
            warn.append(f"group {lab}: {n} respondent(s), fewer than the {MIN_GROUP} PLS needs; "
                        "the group is left out of the comparisons (merge it with another group)")
        elif const:
            warn.append(f"group {lab}: item {const[0]} has the same answer for every respondent "
                        f"in the group ({len(const)} such item(s)); configural invariance cannot "
                        "be established, the group is left out (check the data or merge groups)")
        else:
            fit = estimate(correlations(Xg), spec, scheme=scheme, max_iter=max_iter, tol=tol)
            converged = bool(fit.ok[0])
            if not converged:
                warn.append(f"group {lab}: PLS did not converge in {max_iter} iterations; the "
                            "group is left out (raise max_iter or check the model)")
            elif n < 10 * arrows:
                warn.append(f"group {lab}: {n} respondents, fewer than ten times the largest "
                            f"number of arrows into a construct ({arrows}); its estimates are "
                            "unstable (10-times rule, Barclay et al. 1995)")
        rows.append({"group": lab, "n": n, "constant_items": tuple(const),
                     "converged": converged, "holds": converged})
    return pd.DataFrame(rows).set_index("group")


def split_groups(data: pd.DataFrame, ins: Instrument, groups: pd.Series, *,
                 labels: Mapping[Hashable, str] | None = None, higher_order: str = "repeated",
                 scheme: Scheme = "path", max_iter: int = 300, tol: float = 1e-7) -> GroupedItems:
    """The item matrix of the respondents with a group and step 1 (configural invariance).

    Parameters
    ----------
    data
        Responses: respondents x item ids.
    ins
        The instrument (its ``paths`` or the paradigm default).
    groups
        Group code per respondent, indexed like ``data`` (NaN: no group, left out).
    labels
        Group code -> label; default the code as text.
    higher_order
        ``"repeated"`` indicators (also stage 1 of ``"two-stage"``) or ``"disjoint"``.
    scheme, max_iter, tol
        PLS settings, identical in every group.

    Raises
    ------
    DataError
        Bad groups or item columns (see :func:`~cemsurvey.psychometrics.pls.data.prepare_items`).
    """
    warn: list[str] = []
    model = model_of(ins, warn)
    g = _group_codes(data, groups, warn)
    X, index, msgs = prepare_items(data.loc[g.index], ins, model.items)
    warn += msgs
    codes = g.loc[index].to_numpy()
    present = sorted(pd.unique(codes), key=lambda c: (str(type(c)), c))
    labels = {c: str(labels[c]) if labels and c in labels else _code_text(c) for c in present}
    if len(labels) > MAX_GROUPS:
        warn.append(f"{len(labels)} groups, more than {MAX_GROUPS}: "
                    f"{len(labels) * (len(labels) - 1) // 2} pairwise comparisons, each with "
                    "its own permutations; their p values need a multiple-testing correction "
                    "(merge categories to compare fewer groups)")
    if len(labels) < 2:
        warn.append("fewer than two groups have respondents with complete answers; "
                    "there is nothing to compare")
    spec = stage1_spec(model, "disjoint" if higher_order == "disjoint" else "repeated")
    conf = _configural(X, codes, labels, spec, scheme, max_iter, tol, warn)
    return GroupedItems(X, codes, labels, spec, model, conf, tuple(warn))


@dataclass(frozen=True)
class PairFits:
    """Both groups' estimates for ``B`` assignments (NaN where a fit failed)."""

    Wa: np.ndarray  # (B, q, K) group A weights (standardized within the group)
    Wb: np.ndarray
    beta_a: np.ndarray  # (B, K, K) path coefficients
    beta_b: np.ndarray
    ok: np.ndarray  # (B,) both groups converged with finite estimates


class PairEngine:
    """Group-specific PLS fits of one pair of groups under many assignments.

    Parameters
    ----------
    X
        ``(n, q)`` items of the pair's respondents (group A's rows and group B's).
    spec, scheme, max_iter, tol
        The model and PLS settings.

    Attributes
    ----------
    Xs
        The pair's data standardized on the pooled pair (``ddof = 1``).
    S
        ``(q, q)`` pooled correlations.
    pooled
        The pooled-sample fit (``B = 1``, oriented): weights, scores' correlations.
    """

    def __init__(self, X: np.ndarray, spec: PLSSpec, scheme: Scheme, max_iter: int,
                 tol: float) -> None:
        self.spec, self.scheme, self.max_iter, self.tol = spec, scheme, max_iter, tol
        n, q = X.shape
        self.n, self.q = n, q
        self.Xs = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
        self.iu, self.ju = np.triu_indices(q)
        self.Z = self.Xs[:, self.iu] * self.Xs[:, self.ju]  # (n, q(q+1)/2)
        self.Z_tot = self.Z.sum(axis=0)
        self.m_tot = self.Xs.sum(axis=0)
        self.S = correlations(X)[0]
        self.pooled: Fit = estimate(self.S[None], spec, scheme=scheme, max_iter=max_iter, tol=tol)
        orient(self.pooled)

    def _corr(self, sums: np.ndarray, means: np.ndarray, size: np.ndarray) -> np.ndarray:
        """Correlation matrices from cross-product sums (upper triangle) and sums."""
        B, q = sums.shape[0], self.q
        m = means / size[:, None]
        C = np.empty((B, q, q))
        C[:, self.iu, self.ju] = sums / size[:, None]
        C[:, self.ju, self.iu] = C[:, self.iu, self.ju]
        C -= m[:, :, None] * m[:, None, :]
        d = np.sqrt(np.maximum(np.einsum("bii->bi", C), 0.0))
        with np.errstate(invalid="ignore", divide="ignore"):
            inv = np.where(d > 1e-12, 1.0 / d, np.nan)
        C *= inv[:, :, None]
        C *= inv[:, None, :]
        np.clip(C, -1.0, 1.0, out=C)
        idx = np.arange(q)
        C[:, idx, idx] = np.where(np.isfinite(inv), 1.0, np.nan)
        return C

    def group_correlations(self, member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(B, q, q)`` correlations of groups A (``member == 1``) and B (the rest)."""
        member = np.asarray(member, dtype=float)
        na = member.sum(axis=1)
        sa, ma = member @ self.Z, member @ self.Xs
        Sa = self._corr(sa, ma, na)
        Sb = self._corr(self.Z_tot - sa, self.m_tot - ma, self.n - na)
        return Sa, Sb

    def fit(self, member: np.ndarray) -> PairFits:
        """Both groups' fits for ``(B, n)`` 0/1 memberships in group A."""
        B = member.shape[0]
        Sa, Sb = self.group_correlations(member)
        W0 = self.pooled.W[0]
        f = estimate(np.concatenate([Sa, Sb]), self.spec, scheme=self.scheme, W0=W0,
                     max_iter=self.max_iter, tol=self.tol)
        reflect(f, W0)
        beta, _ = regressions(f.R, self.spec)
        ok = f.ok
        return PairFits(f.W[:B], f.W[B:], beta[:B], beta[B:], ok[:B] & ok[B:])

    def composite_correlation(self, Wa: np.ndarray, Wb: np.ndarray) -> np.ndarray:
        """``(B, K)`` ``c = corr(X w_a, X w_b)`` on the pooled data (MICOM step 2)."""
        SWb = np.matmul(self.S, Wb)
        SWa = np.matmul(self.S, Wa)
        num = np.sum(Wa * SWb, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num / np.sqrt(np.sum(Wa * SWa, axis=1) * np.sum(Wb * SWb, axis=1))

    def pooled_scores(self) -> np.ndarray:
        """``(n, K)`` scores of the pooled weights on the pooled-standardized data."""
        return self.Xs @ self.pooled.W[0]


def pairs_of(codes: list[Hashable]) -> list[tuple[Hashable, Hashable]]:
    """Every pair of groups, in order (first with second, first with third, ...)."""
    return [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]]
