"""Result types shared by CB-SEM and PLS-SEM: the hypothesis table and its decisions.

Both structural estimators (:mod:`cemsurvey.psychometrics.sem.structural` for CB-SEM,
:mod:`cemsurvey.psychometrics.pls` for PLS-SEM) return a :class:`StructuralResult` so the
report writers print one hypothesis table whatever the method.

Hypotheses are numbered H1..Hn in the order of the instrument's ``paths`` (one hypothesis
per arrow, :attr:`Instrument.hypotheses`); a dimension named in a path that has a single
construct is represented by that construct (``latent_structure(ins, "structural").aliases``).

Decision rule (:func:`is_supported`): a hypothesis is supported when its p value is below
``alpha``; with a one-tailed test the estimate must also have the hypothesised sign
(positive unless stated), and the one-tailed p is ``P(T >= sign * t)``, so an estimate of
the wrong sign has p > .5 and is never supported.

References
----------
Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A Primer on Partial
Least Squares Structural Equation Modeling (PLS-SEM)* (3rd ed.). Sage. Ch. 6 (one- and
two-tailed tests of path coefficients).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError, SpecError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.stats.distributions import norm_cdf, norm_ppf, norm_sf, t_sf

Method = Literal["cb-sem", "pls"]


def check_test_options(alpha: float, tails: int) -> None:
    """Raise :class:`EstimationError` unless ``0 < alpha < 1`` and ``tails`` is 1 or 2.

    >>> check_test_options(0.05, 2)
    >>> check_test_options(0.05, 3)
    Traceback (most recent call last):
    ...
    cemsurvey.errors.EstimationError: tails must be 1 or 2, got 3
    """
    if not (isinstance(alpha, int | float) and 0.0 < float(alpha) < 1.0):
        raise EstimationError(f"alpha must be between 0 and 1 (e.g. 0.05), got {alpha!r}")
    if tails not in (1, 2):
        raise EstimationError(f"tails must be 1 or 2, got {tails!r}")


def p_from_t(t: float, *, tails: int = 2, df: float | None = None, sign: int = 1) -> float:
    """p value of a t (or z) statistic.

    Parameters
    ----------
    t
        The statistic ``est / se``.
    tails
        2: ``2 P(T >= |t|)``; 1: ``P(T >= sign * t)`` (the hypothesised direction is ``sign``).
    df
        Degrees of freedom of Student's t; ``None`` uses the standard normal (z test, as
        lavaan). SmartPLS uses t with ``n - 1`` df for bootstrap t values.
    sign
        Hypothesised sign (+1 or -1) for one-tailed tests.

    Returns
    -------
    float
        NaN when ``t`` is NaN.

    Examples
    --------
    >>> round(p_from_t(1.959963984540054), 6)
    0.05
    >>> round(p_from_t(1.6448536269514722, tails=1), 6), round(p_from_t(-1.6448536269514722, tails=1), 6)
    (0.05, 0.95)
    """
    if t is None or math.isnan(t):
        return float("nan")
    sf = norm_sf if df is None else (lambda x: t_sf(x, df))
    if tails == 2:
        return float(2.0 * sf(abs(t)))
    return float(sf(sign * t))


def is_supported(est: float, p: float, *, alpha: float = 0.05, tails: int = 2, sign: int = 1) -> bool:
    """Whether a hypothesised path is supported (the decision rule of the module docstring).

    ``p`` must have been computed with the same ``tails`` (see :func:`p_from_t`).

    >>> is_supported(0.3, 0.01), is_supported(0.3, 0.2), is_supported(-0.3, 0.01, tails=1)
    (True, False, False)
    """
    if p is None or est is None or not (math.isfinite(p) and math.isfinite(est)):
        return False
    if p >= alpha:
        return False
    if tails == 1:
        return bool(est * sign > 0)
    return True


@dataclass(frozen=True)
class PathTest:
    """One hypothesis: a structural path with its test.

    Attributes
    ----------
    hypothesis
        ``"H1"``, ``"H2"``, ... in the order of the instrument's ``paths``.
    from_, to
        Predictor and outcome latent variables (construct or dimension ids).
    est
        The estimate (CB-SEM: unstandardized; PLS: the standardized path coefficient).
    std
        The standardized coefficient (fully standardized, ``std.all`` in lavaan).
    se
        Standard error (CB-SEM: ML or bootstrap; PLS: bootstrap standard deviation).
    t
        ``est / se`` (a z statistic in CB-SEM).
    p
        p value, one- or two-tailed as requested.
    ci_lower, ci_upper
        Confidence interval of ``est`` at level ``1 - alpha`` (two-tailed) or ``1 - 2 alpha``
        (one-tailed), by the result's ``ci_method``.
    supported
        Decision from :func:`is_supported`.
    """

    hypothesis: str
    from_: str
    to: str
    est: float
    std: float
    se: float
    t: float
    p: float
    ci_lower: float
    ci_upper: float
    supported: bool

    @classmethod
    def from_estimate(
        cls,
        hypothesis: str,
        from_: str,
        to: str,
        est: float,
        std: float,
        se: float,
        ci_lower: float = float("nan"),
        ci_upper: float = float("nan"),
        *,
        alpha: float = 0.05,
        tails: int = 2,
        df: float | None = None,
        sign: int = 1,
    ) -> PathTest:
        """Build a test from an estimate and its SE: ``t = est / se``, p by :func:`p_from_t`.

        >>> h = PathTest.from_estimate("H1", "a", "b", 0.4, 0.4, 0.1)
        >>> round(h.t, 3), h.p < 1e-4, h.supported
        (4.0, True, True)
        """
        t = float(est) / float(se) if se and math.isfinite(se) and se > 0 else float("nan")
        p = p_from_t(t, tails=tails, df=df, sign=sign)
        return cls(hypothesis, from_, to, float(est), float(std), float(se), t, p,
                   float(ci_lower), float(ci_upper), is_supported(est, p, alpha=alpha, tails=tails,
                                                                  sign=sign))

    @property
    def label(self) -> str:
        """``"from -> to"``."""
        return f"{self.from_} -> {self.to}"

    def to_dict(self) -> dict[str, Any]:
        """``{hypothesis, from, to, est, std, se, t, p, ci_lower, ci_upper, supported}``."""
        return {"hypothesis": self.hypothesis, "from": self.from_, "to": self.to,
                "est": self.est, "std": self.std, "se": self.se, "t": self.t, "p": self.p,
                "ci_lower": self.ci_lower, "ci_upper": self.ci_upper,
                "supported": bool(self.supported)}


@dataclass(frozen=True)
class IndirectEffect:
    """An indirect effect: the product of the path coefficients along ``path``.

    Attributes
    ----------
    path
        Latent variables from the predictor to the outcome, e.g. ``("causal",
        "phenomenon", "strategies")``; at least three.
    est, se, t, p, ci_lower, ci_upper
        As in :class:`PathTest`; ``se`` is the bootstrap standard deviation of the product.
    """

    path: tuple[str, ...]
    est: float
    se: float
    t: float
    p: float
    ci_lower: float
    ci_upper: float

    @property
    def label(self) -> str:
        """``"a -> b -> c"``."""
        return " -> ".join(self.path)

    def to_dict(self) -> dict[str, Any]:
        """``{path: [...], from, to, est, se, t, p, ci_lower, ci_upper}``."""
        return {"path": list(self.path), "from": self.path[0], "to": self.path[-1],
                "est": self.est, "se": self.se, "t": self.t, "p": self.p,
                "ci_lower": self.ci_lower, "ci_upper": self.ci_upper}


@dataclass(frozen=True)
class StructuralResult:
    """The structural model's hypothesis tests, R^2 and indirect effects (CB-SEM or PLS).

    Attributes
    ----------
    method
        ``"cb-sem"`` or ``"pls"``.
    paths
        One :class:`PathTest` per hypothesis, H1..Hn.
    r2, r2_adj
        R^2 and adjusted R^2 (``1 - (1 - R^2)(n - 1)/(n - k - 1)``) per endogenous latent.
    indirect
        Indirect effects (products of paths), possibly empty.
    fit
        Global fit indices (CB-SEM), ``None`` for PLS.
    n
        Sample size used.
    bootstrap
        Number of bootstrap resamples used for SEs/CIs (0 = analytic).
    ci_method
        ``"percentile"``, ``"bca"``, ``"wald"`` ...
    alpha, tails
        Significance level and one- or two-tailed tests.
    missing
        Missing-data policy (``"listwise"`` ...).
    warnings
        Texts of the warnings raised while estimating.
    """

    method: Method
    paths: tuple[PathTest, ...]
    r2: dict[str, float]
    r2_adj: dict[str, float]
    indirect: tuple[IndirectEffect, ...] = ()
    fit: dict[str, Any] | None = None
    n: int = 0
    bootstrap: int = 0
    ci_method: str = "percentile"
    alpha: float = 0.05
    tails: int = 2
    missing: str = "listwise"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def path(self, from_: str, to: str) -> PathTest:
        """The test of ``from_ -> to`` (KeyError if the model has no such path)."""
        for pt in self.paths:
            if pt.from_ == from_ and pt.to == to:
                return pt
        raise KeyError(f"{from_} -> {to}")

    def to_frame(self) -> pd.DataFrame:
        """Hypothesis table as a DataFrame indexed by hypothesis."""
        rows = [pt.to_dict() for pt in self.paths]
        cols = ["hypothesis", "from", "to", "est", "std", "se", "t", "p", "ci_lower",
                "ci_upper", "supported"]
        return pd.DataFrame(rows, columns=cols).set_index("hypothesis")

    def to_dict(self) -> dict[str, Any]:
        """``{method, n, bootstrap, ci_method, alpha, tails, missing, paths: [...], r2, r2_adj,
        indirect: [...], fit, warnings}``."""
        return {"method": self.method, "n": self.n, "bootstrap": self.bootstrap,
                "ci_method": self.ci_method, "alpha": self.alpha, "tails": self.tails,
                "missing": self.missing,
                "paths": [pt.to_dict() for pt in self.paths],
                "r2": dict(self.r2), "r2_adj": dict(self.r2_adj),
                "indirect": [ie.to_dict() for ie in self.indirect],
                "fit": None if self.fit is None else dict(self.fit),
                "warnings": list(self.warnings)}


# ----------------------------------------------------------------------------- helpers
def adjusted_r2(r2: float, n: int, k: int) -> float:
    """``1 - (1 - R^2)(n - 1)/(n - k - 1)``; NaN when ``n - k - 1 <= 0``.

    >>> round(adjusted_r2(0.5, 101, 2), 6)
    0.489796
    """
    d = n - k - 1
    return float(1.0 - (1.0 - r2) * (n - 1) / d) if d > 0 else float("nan")


def hypotheses(ins: Instrument) -> list[tuple[str, str, str]]:
    """``[(label, from, to), ...]``: H1..Hn in the order of ``paths``, aliases resolved.

    A dimension with a single construct is represented by that construct, as in
    :func:`~cemsurvey.instrument.structure.latent_structure` at level ``"structural"``.
    """
    aliases = latent_structure(ins, "structural").aliases
    return [(f"H{i + 1}", aliases.get(a, a), aliases.get(b, b))
            for i, (a, b) in enumerate(ins.hypotheses)]


def structural_order(regressions: tuple[tuple[str, tuple[str, ...]], ...] | list,
                     latents: tuple[str, ...] | list[str]) -> list[str]:
    """Latent variables in causal order (predictors before outcomes).

    Raises
    ------
    SpecError
        When the paths contain a cycle (non-recursive models are not supported by
        either estimator), naming the cycle; or a path names an unknown latent variable.

    >>> structural_order([("b", ("a",)), ("c", ("b",))], ["c", "b", "a"])
    ['a', 'b', 'c']
    >>> structural_order([("b", ("a",)), ("a", ("b",))], ["a", "b"])
    Traceback (most recent call last):
    ...
    cemsurvey.errors.SpecError: paths contain a cycle a -> b -> a; structural models must be recursive (remove one of these paths)
    """
    known = set(latents)
    preds: dict[str, set[str]] = {v: set() for v in latents}
    for y, xs in regressions:
        for v in (y, *xs):
            if ":" in v:
                raise SpecError(f"path '{y} ~ {' + '.join(xs)}' has the interaction term '{v}': "
                                "covariance-based SEM here has no latent interaction method; "
                                "estimate the model by PLS (two-stage interaction) or remove "
                                "the term")
            if v not in known:
                raise SpecError(f"path '{y} ~ {' + '.join(xs)}' names '{v}', which is not a "
                                "construct or a dimension with constructs; fix the name in paths")
        preds[y].update(xs)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(v: str, stack: list[str]) -> None:
        s = state.get(v, 0)
        if s == 2:
            return
        if s == 1:
            cyc = stack[stack.index(v):] + [v]
            cyc = list(reversed(cyc))
            raise SpecError(f"paths contain a cycle {' -> '.join(cyc)}; structural models must "
                            "be recursive (remove one of these paths)")
        state[v] = 1
        for x in sorted(preds[v], key=list(latents).index):
            visit(x, stack + [v])
        state[v] = 2
        order.append(v)

    for v in latents:
        visit(v, [])
    return order


def indirect_chains(regressions: tuple[tuple[str, tuple[str, ...]], ...] | list,
                    min_length: int = 3) -> list[tuple[str, ...]]:
    """All directed chains of ``min_length`` or more latents along the structural paths.

    Each chain ``(x, m1, ..., y)`` is one specific indirect effect of ``x`` on ``y``.

    >>> indirect_chains([("m", ("x",)), ("y", ("m", "x"))])
    [('x', 'm', 'y')]
    """
    succ: dict[str, list[str]] = {}
    for y, xs in regressions:
        for x in xs:
            succ.setdefault(x, []).append(y)
    out: list[tuple[str, ...]] = []

    def walk(chain: tuple[str, ...]) -> None:
        if len(chain) >= min_length:
            out.append(chain)
        for nxt in succ.get(chain[-1], []):
            if nxt not in chain:
                walk(chain + (nxt,))

    starts = list(dict.fromkeys(x for _, xs in regressions for x in xs))
    for s in starts:
        walk((s,))
    return out


def percentile_ci(boot: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval along axis 0 (NaN rows of failed resamples ignored)."""
    a = (1.0 - level) / 2.0
    lo, hi = np.nanquantile(boot, [a, 1.0 - a], axis=0)
    return lo, hi


def bca_ci(boot: np.ndarray, est: np.ndarray, jack: np.ndarray,
           level: float) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected and accelerated bootstrap interval (Efron 1987), column-wise.

    Parameters
    ----------
    boot
        ``(B, k)`` bootstrap estimates.
    est
        ``(k,)`` full-sample estimates.
    jack
        ``(n, k)`` leave-one-out (jackknife) estimates, for the acceleration
        ``a = sum(d^3) / (6 (sum d^2)^1.5)`` with ``d = mean(jack) - jack``.
    level
        Confidence level, e.g. 0.95.

    Notes
    -----
    ``z0 = Phi^-1(#{boot < est} / B)``; the bounds are the bootstrap quantiles at
    ``Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q)))`` for ``z_q = Phi^-1(q)``, ``q = (1 -/+ level)/2``.
    """
    boot = np.asarray(boot, dtype=float)
    k = boot.shape[1]
    lo = np.full(k, np.nan)
    hi = np.full(k, np.nan)
    d = np.nanmean(jack, axis=0) - jack
    num = np.nansum(d**3, axis=0)
    den = 6.0 * np.nansum(d**2, axis=0) ** 1.5
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.where(den > 0, num / den, 0.0)
    qs = np.array([(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    zq = norm_ppf(qs)
    for j in range(k):
        b = boot[:, j]
        b = b[np.isfinite(b)]
        if b.size == 0:
            continue
        prop = (np.sum(b < est[j]) + 0.5 * np.sum(b == est[j])) / b.size
        if prop <= 0.0 or prop >= 1.0:
            lo[j], hi[j] = np.quantile(b, qs)
            continue
        z0 = norm_ppf(prop)
        adj = norm_cdf(z0 + (z0 + zq) / (1.0 - acc[j] * (z0 + zq)))
        lo[j], hi[j] = np.quantile(b, adj)
    return lo, hi
