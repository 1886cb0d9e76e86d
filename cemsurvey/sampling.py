"""Sample-size and power formulas researchers cite, each a pure function.

Every sizing method returns a frozen :class:`SampleSize` (method key, n, the exact
unrounded value, the assumptions used and the reference); :func:`plan_sample_size`
runs every method that applies to the inputs and picks the largest n as the
recommendation. The CLI (``cemsurvey sample-size``) is a thin shell over it.

Methods and sources
-------------------
* ``cochran`` -- Cochran (1977) *Sampling Techniques*, 3rd ed., eq. 4.2:
  :math:`n_0 = z^2 p(1-p)/e^2`, with the finite-population correction
  :math:`n = n_0 / (1 + (n_0 - 1)/N)`; rounded up.
* ``krejcie_morgan`` -- Krejcie & Morgan (1970) Educ. Psychol. Measurement 30, 607-610:
  :math:`s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P))`, X^2 = 3.841; the published table
  (:data:`KREJCIE_MORGAN_TABLE`) is this formula rounded to the nearest integer.
* ``yamane`` -- Yamane (1967) *Statistics: An Introductory Analysis*:
  :math:`n = N / (1 + N e^2)`, rounded up.
* ``cochran_mean`` -- Cochran (1977) eq. 4.3 for a mean: :math:`n_0 = (z\\sigma/e)^2`,
  same correction.
* ``rmsea_close``, ``rmsea_not_close``, ``rmsea_exact`` -- MacCallum, Browne & Sugawara
  (1996) Psychological Methods 1(2), 130-149: the test statistic follows a noncentral
  chi-square with noncentrality :math:`\\lambda = (N-1)\\,df\\,\\varepsilon^2`. Close fit
  tests H0 eps = .05 against Ha eps = .08 (reject in the upper tail), not-close fit
  H0 eps = .05 against Ha eps = .01 (reject in the lower tail), exact fit H0 eps = 0
  against Ha eps = .05. The a-priori N is the smallest N with power >= the target.
* ``pls_inverse_sqrt`` -- Kock & Hadaya (2018) Information Systems Journal 28(1),
  227-261: :math:`n_{min} > (c/|p_{min}|)^2` with c = 3.168, 2.486, 2.123 for one-tailed
  significance levels .01, .05, .10 at power .80 (c = z_{1-alpha} + z_{power}).
* ``pls_ten_times`` -- Barclay, Higgins & Thompson (1995) Technology Studies 2(2),
  285-309: ten times the largest number of structural arrows into one construct.

Verified against: Cochran's 385 and 278 (N = 1000); the Krejcie-Morgan table (all
rows); semPower's manual example (exact fit, RMSEA .05, df 50, power .80 -> 243);
MacCallum et al.'s Table 4 (see tests/sampling); Kock & Hadaya's p_min = .197 -> 160.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from scipy import stats

from cemsurvey.errors import SpecError

__all__ = [
    "KREJCIE_MORGAN_TABLE",
    "KOCK_HADAYA_CONSTANTS",
    "METHOD_KEYS",
    "ModelInfo",
    "SampleSize",
    "SamplePlan",
    "cochran",
    "cochran_mean",
    "krejcie_morgan",
    "yamane",
    "rmsea_power",
    "rmsea_sample_size",
    "pls_inverse_sqrt",
    "pls_ten_times",
    "with_response_rate",
    "model_info",
    "plan_sample_size",
]

#: Krejcie & Morgan (1970), Table 1: population size N -> required sample size S
#: (95% confidence, P = .5, d = .05).
KREJCIE_MORGAN_TABLE: dict[int, int] = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44, 55: 48,
    60: 52, 65: 56, 70: 59, 75: 63, 80: 66, 85: 70, 90: 73, 95: 76, 100: 80, 110: 86,
    120: 92, 130: 97, 140: 103, 150: 108, 160: 113, 170: 118, 180: 123, 190: 127,
    200: 132, 210: 136, 220: 140, 230: 144, 240: 148, 250: 152, 260: 155, 270: 159,
    280: 162, 290: 165, 300: 169, 320: 175, 340: 181, 360: 186, 380: 191, 400: 196,
    420: 201, 440: 205, 460: 210, 480: 214, 500: 217, 550: 226, 600: 234, 650: 242,
    700: 248, 750: 254, 800: 260, 850: 265, 900: 269, 950: 274, 1000: 278, 1100: 285,
    1200: 291, 1300: 297, 1400: 302, 1500: 306, 1600: 310, 1700: 313, 1800: 317,
    1900: 320, 2000: 322, 2200: 327, 2400: 331, 2600: 335, 2800: 338, 3000: 341,
    3500: 346, 4000: 351, 4500: 354, 5000: 357, 6000: 361, 7000: 364, 8000: 367,
    9000: 368, 10000: 370, 15000: 375, 20000: 377, 30000: 379, 40000: 380, 50000: 381,
    75000: 382, 1000000: 384,
}

#: Kock & Hadaya (2018): constant c of the inverse square root method at power .80,
#: by one-tailed significance level.
KOCK_HADAYA_CONSTANTS: dict[float, float] = {0.01: 3.168, 0.05: 2.486, 0.10: 2.123}

#: Method keys in display order (the JSON ``method`` values).
METHOD_KEYS: tuple[str, ...] = (
    "cochran", "krejcie_morgan", "yamane", "cochran_mean", "rmsea_close",
    "rmsea_not_close", "rmsea_exact", "pls_inverse_sqrt", "pls_ten_times",
)

RmseaTest = Literal["close", "not_close", "exact"]

#: (H0 RMSEA, Ha RMSEA) of MacCallum et al.'s three tests.
RMSEA_TESTS: dict[str, tuple[float, float]] = {
    "close": (0.05, 0.08),
    "not_close": (0.05, 0.01),
    "exact": (0.0, 0.05),
}

_MAX_N = 10_000_000


@dataclass(frozen=True)
class SampleSize:
    """The result of one sizing method.

    Attributes
    ----------
    method
        Method key (one of :data:`METHOD_KEYS`).
    label
        Human name with its source, e.g. ``"Cochran (1977)"``.
    n
        Required sample size (an integer, rounded as the method prescribes).
    exact
        The unrounded value the formula gives (NaN when the method is a search).
    assumptions
        Inputs the result depends on (confidence, margin, df, power...).
    reference
        Full citation.
    invitations
        ``ceil(n / response_rate)`` when a response rate was given.
    power
        Post-hoc power at a given N (RMSEA tests only).
    table_row
        Krejcie-Morgan: ``(N, S)`` when N is a row of the published table.
    """

    method: str
    label: str
    n: int
    exact: float
    assumptions: dict[str, Any]
    reference: str
    invitations: int | None = None
    power: float | None = None
    table_row: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{method, label, n, exact, assumptions, reference}`` plus ``invitations``,
        ``power`` and ``table_row`` when present."""
        out: dict[str, Any] = {
            "method": self.method,
            "label": self.label,
            "n": self.n,
            "exact": self.exact,
            "assumptions": dict(self.assumptions),
            "reference": self.reference,
        }
        if self.invitations is not None:
            out["invitations"] = self.invitations
        if self.power is not None:
            out["power"] = self.power
        if self.table_row is not None:
            out["table_row"] = {"N": self.table_row[0], "S": self.table_row[1]}
        return out


# ----------------------------------------------------------------------- checks
def _check_open01(name: str, value: float) -> None:
    if not (0.0 < value < 1.0) or math.isnan(value):
        raise SpecError(f"{name} must be between 0 and 1 (exclusive), got {value}")


def _check_positive(name: str, value: float) -> None:
    if not value > 0 or math.isinf(value):
        raise SpecError(f"{name} must be greater than 0, got {value}")


def _check_population(population: float | None) -> None:
    if population is not None and not population >= 1:
        raise SpecError(f"--population must be at least 1, got {population}")


def _z(confidence: float) -> float:
    """Two-sided normal quantile for a confidence level (1.959964 for .95)."""
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def _fpc(n0: float, population: float | None) -> float:
    return n0 if population is None else n0 / (1.0 + (n0 - 1.0) / population)


def _ceil(x: float) -> int:
    # guard against 384.00000000001 style float noise before rounding up
    if not math.isfinite(x):
        raise SpecError(f"the sample size comes out as {x} (beyond any number); check the "
                        "inputs: a margin of error far smaller than the SD, or an infinite value")
    return int(math.ceil(round(x, 9)))


# ---------------------------------------------------------------------- methods
def cochran(
    *,
    confidence: float = 0.95,
    margin: float = 0.05,
    proportion: float = 0.5,
    population: float | None = None,
) -> SampleSize:
    """Cochran's sample size for a proportion, with finite-population correction.

    Notes
    -----
    :math:`n_0 = z^2 p (1-p) / e^2`; with a population N,
    :math:`n = n_0 / (1 + (n_0 - 1)/N)`; rounded up. z is the exact normal quantile
    (1.959964 at 95%).

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley, eqs. 4.2 and 4.3.

    Examples
    --------
    >>> cochran().n, cochran(population=1000).n
    (385, 278)
    """
    _check_open01("--confidence", confidence)
    _check_open01("--margin", margin)
    _check_open01("--proportion", proportion)
    _check_population(population)
    z = _z(confidence)
    n0 = z * z * proportion * (1.0 - proportion) / (margin * margin)
    n = _fpc(n0, population)
    return SampleSize(
        method="cochran",
        label="Cochran (1977)" + (" with FPC" if population is not None else ""),
        n=min(_ceil(n), int(population)) if population is not None else _ceil(n),
        exact=n,
        assumptions={"confidence": confidence, "margin": margin, "proportion": proportion,
                     "population": population, "z": z},
        reference="Cochran, W. G. (1977). Sampling Techniques (3rd ed.). Wiley.",
    )


def krejcie_morgan(
    population: float,
    *,
    margin: float = 0.05,
    proportion: float = 0.5,
    confidence: float = 0.95,
) -> SampleSize:
    """Krejcie & Morgan's sample size ("Morgan's table").

    Notes
    -----
    :math:`s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P))`, rounded to the nearest
    integer as in the published table. X^2 is the table's 3.841 at 95% confidence
    (chi-square, 1 df, otherwise ``chi2.ppf(confidence, 1)``). When N is a row of the
    published table and the table's assumptions hold (95%, d = .05, P = .5) the
    table's own value is returned and ``table_row`` is set.

    References
    ----------
    Krejcie, R. V., & Morgan, D. W. (1970). Determining sample size for research
    activities. Educational and Psychological Measurement, 30(3), 607-610.

    Examples
    --------
    >>> krejcie_morgan(100).n, krejcie_morgan(500).n, krejcie_morgan(500).table_row
    (80, 217, (500, 217))
    """
    _check_open01("--confidence", confidence)
    _check_open01("--margin", margin)
    _check_open01("--proportion", proportion)
    _check_population(population)
    chi2 = 3.841 if abs(confidence - 0.95) < 1e-12 else float(stats.chi2.ppf(confidence, 1))
    pq = proportion * (1.0 - proportion)
    s = chi2 * population * pq / (margin * margin * (population - 1.0) + chi2 * pq)
    n = int(math.floor(s + 0.5))
    row = None
    standard = (abs(confidence - 0.95) < 1e-12 and abs(margin - 0.05) < 1e-12
                and abs(proportion - 0.5) < 1e-12)
    if standard and float(population).is_integer() and int(population) in KREJCIE_MORGAN_TABLE:
        row = (int(population), KREJCIE_MORGAN_TABLE[int(population)])
        n = row[1]
    return SampleSize(
        method="krejcie_morgan",
        label="Krejcie & Morgan (1970)",
        n=min(max(n, 1), int(population)),
        exact=s,
        assumptions={"confidence": confidence, "margin": margin, "proportion": proportion,
                     "population": population, "chi2": chi2},
        reference=("Krejcie, R. V., & Morgan, D. W. (1970). Determining sample size for "
                   "research activities. Educ. Psychol. Measurement, 30(3), 607-610."),
        table_row=row,
    )


def yamane(population: float, *, margin: float = 0.05) -> SampleSize:
    """Yamane's simplified formula :math:`n = N / (1 + N e^2)`, rounded up.

    It assumes 95% confidence and P = .5 implicitly (it is Cochran's formula with
    z^2 p(1-p) = 1 instead of 0.9604).

    References
    ----------
    Yamane, T. (1967). *Statistics: An Introductory Analysis* (2nd ed.). Harper & Row.

    Examples
    --------
    >>> yamane(1000).n, yamane(5000).n
    (286, 371)
    """
    _check_open01("--margin", margin)
    _check_population(population)
    n = population / (1.0 + population * margin * margin)
    return SampleSize(
        method="yamane",
        label="Yamane (1967)",
        n=min(_ceil(n), int(population)),
        exact=n,
        assumptions={"margin": margin, "population": population},
        reference="Yamane, T. (1967). Statistics: An Introductory Analysis. Harper & Row.",
    )


def cochran_mean(
    sd: float,
    margin: float,
    *,
    confidence: float = 0.95,
    population: float | None = None,
) -> SampleSize:
    """Cochran's sample size to estimate a mean within ``margin`` (scale units).

    Notes
    -----
    :math:`n_0 = (z \\sigma / e)^2`, finite-population correction as for a proportion,
    rounded up.

    Examples
    --------
    >>> cochran_mean(1.0, 0.1).n   # (1.96 * 1 / .1)^2 = 384.15
    385
    """
    _check_positive("--sd", sd)
    _check_positive("--mean-margin", margin)
    _check_open01("--confidence", confidence)
    _check_population(population)
    z = _z(confidence)
    n0 = (z * sd / margin) ** 2
    n = _fpc(n0, population)
    return SampleSize(
        method="cochran_mean",
        label="Cochran (1977), mean",
        n=min(_ceil(n), int(population)) if population is not None else _ceil(n),
        exact=n,
        assumptions={"confidence": confidence, "sd": sd, "margin": margin,
                     "population": population, "z": z},
        reference="Cochran, W. G. (1977). Sampling Techniques (3rd ed.). Wiley.",
    )


def rmsea_power(
    n: float, df: int, rmsea0: float, rmsea_a: float, *, alpha: float = 0.05
) -> float:
    """Power of the RMSEA test of H0 eps = ``rmsea0`` against Ha eps = ``rmsea_a``.

    Notes
    -----
    With :math:`\\lambda_j = (N - 1)\\,df\\,\\varepsilon_j^2`, the statistic follows
    :math:`\\chi^2_{df}(\\lambda)`. If :math:`\\varepsilon_a > \\varepsilon_0` (exact and
    close fit) H0 is rejected above the upper-alpha quantile of
    :math:`\\chi^2_{df}(\\lambda_0)` and power is the upper tail of
    :math:`\\chi^2_{df}(\\lambda_a)` there; if :math:`\\varepsilon_a < \\varepsilon_0`
    (not-close fit) H0 is rejected below the lower-alpha quantile and power is the
    lower tail. MacCallum, Browne & Sugawara (1996), eqs. 8-10.

    Examples
    --------
    >>> round(rmsea_power(243, 50, 0.0, 0.05), 3) >= 0.80 > round(rmsea_power(242, 50, 0.0, 0.05), 4)
    True
    """
    _check_open01("--alpha", alpha)
    if df <= 0:
        raise SpecError(f"RMSEA power needs a model with df > 0, got df = {df}")
    lam0 = (n - 1.0) * df * rmsea0 * rmsea0
    lam_a = (n - 1.0) * df * rmsea_a * rmsea_a
    h0 = stats.chi2(df) if lam0 == 0 else stats.ncx2(df, lam0)
    ha = stats.chi2(df) if lam_a == 0 else stats.ncx2(df, lam_a)
    if rmsea_a > rmsea0:
        return float(ha.sf(h0.isf(alpha)))
    return float(ha.cdf(h0.ppf(alpha)))


def rmsea_sample_size(
    df: int,
    test: RmseaTest = "close",
    *,
    power: float = 0.80,
    alpha: float = 0.05,
    n: int | None = None,
) -> SampleSize:
    """Smallest N for which the MacCallum et al. RMSEA test reaches ``power``.

    Parameters
    ----------
    df
        Model degrees of freedom (> 0).
    test
        ``"close"`` (.05 vs .08), ``"not_close"`` (.05 vs .01) or ``"exact"`` (0 vs .05).
    power, alpha
        Target power and significance level.
    n
        If given, the post-hoc power at this N is stored in ``power``.

    Notes
    -----
    Power rises monotonically with N, so the minimum is found by doubling and then
    bisection over integers (exact, no interpolation).

    Examples
    --------
    >>> rmsea_sample_size(50, "exact").n
    243
    """
    if test not in RMSEA_TESTS:
        raise SpecError(f"unknown RMSEA test '{test}'; use close, not_close or exact")
    if df <= 0:
        raise SpecError(
            f"the RMSEA methods need a model with df > 0, got df = {df}; add items or "
            "constraints, or drop --model"
        )
    _check_open01("--power", power)
    _check_open01("--alpha", alpha)
    e0, ea = RMSEA_TESTS[test]

    def pw(m: int) -> float:
        return rmsea_power(m, df, e0, ea, alpha=alpha)

    lo, hi = 2, 4
    while pw(hi) < power:
        lo, hi = hi, hi * 2
        if hi > _MAX_N:
            raise SpecError(
                f"--power {power} is not reachable below N = {_MAX_N} for df = {df}"
            )
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pw(mid) >= power:
            hi = mid
        else:
            lo = mid
    names = {"close": "close fit", "not_close": "not-close fit", "exact": "exact fit"}
    return SampleSize(
        method=f"rmsea_{test}",
        label=f"MacCallum et al. (1996), {names[test]}",
        n=hi,
        exact=float("nan"),
        assumptions={"df": df, "rmsea0": e0, "rmsea_a": ea, "power": power, "alpha": alpha},
        reference=("MacCallum, R. C., Browne, M. W., & Sugawara, H. M. (1996). Power analysis "
                   "and determination of sample size for covariance structure modeling. "
                   "Psychological Methods, 1(2), 130-149."),
        power=None if n is None else rmsea_power(n, df, e0, ea, alpha=alpha),
    )


def _kock_hadaya_constant(alpha: float, power: float) -> float:
    for a, c in KOCK_HADAYA_CONSTANTS.items():
        if abs(alpha - a) < 1e-12 and abs(power - 0.80) < 1e-12:
            return c
    return float(stats.norm.ppf(1.0 - alpha) + stats.norm.ppf(power))


def pls_inverse_sqrt(
    min_path: float = 0.2, *, alpha: float = 0.05, power: float = 0.80
) -> SampleSize:
    """PLS-SEM minimum sample size by the inverse square root method.

    Notes
    -----
    :math:`n_{min} > (c / |p_{min}|)^2`, rounded up, with Kock & Hadaya's constants
    c = 3.168 (1%), 2.486 (5%), 2.123 (10%) at power .80; for other levels
    :math:`c = z_{1-\\alpha} + z_{power}` (one-tailed), of which the table's constants
    are the rounded values.

    References
    ----------
    Kock, N., & Hadaya, P. (2018). Minimum sample size estimation in PLS-SEM: The
    inverse square root and gamma-exponential methods. Information Systems Journal,
    28(1), 227-261.

    Examples
    --------
    >>> pls_inverse_sqrt(0.197).n
    160
    """
    if not (0 < abs(min_path) < 1):
        raise SpecError(f"--min-path must be between 0 and 1 in absolute value, got {min_path}")
    _check_open01("--alpha", alpha)
    _check_open01("--power", power)
    c = _kock_hadaya_constant(alpha, power)
    x = (c / abs(min_path)) ** 2
    return SampleSize(
        method="pls_inverse_sqrt",
        label="Kock & Hadaya (2018), inverse square root",
        n=_ceil(x),
        exact=x,
        assumptions={"min_path": min_path, "alpha": alpha, "power": power, "constant": c},
        reference=("Kock, N., & Hadaya, P. (2018). Minimum sample size estimation in PLS-SEM. "
                   "Information Systems Journal, 28(1), 227-261."),
    )


def pls_ten_times(max_arrows: int) -> SampleSize:
    """The 10-times rule: ten times the largest number of arrows into one construct.

    Examples
    --------
    >>> pls_ten_times(3).n
    30
    """
    if max_arrows < 1:
        raise SpecError(
            f"the 10-times rule needs at least one structural path, got {max_arrows} arrows"
        )
    return SampleSize(
        method="pls_ten_times",
        label="10-times rule (Barclay et al. 1995)",
        n=10 * max_arrows,
        exact=10.0 * max_arrows,
        assumptions={"max_arrows": max_arrows},
        reference=("Barclay, D., Higgins, C., & Thompson, R. (1995). The partial least squares "
                   "(PLS) approach to causal modeling. Technology Studies, 2(2), 285-309."),
    )


def with_response_rate(result: SampleSize, response_rate: float) -> SampleSize:
    """``result`` with ``invitations = ceil(n / response_rate)``.

    Examples
    --------
    >>> with_response_rate(cochran(), 0.5).invitations
    770
    """
    if not (0.0 < response_rate <= 1.0):
        raise SpecError(f"--response-rate must be in (0, 1], got {response_rate}")
    return replace(result, invitations=_ceil(result.n / response_rate))


# ------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class ModelInfo:
    """What sample-size planning reads from an instrument.

    Attributes
    ----------
    cfa_df
        df of the first-order CFA (one factor per construct, all covarying).
    sem_df
        df of the structural model (effective paths); used by the RMSEA tests.
    max_arrows
        Largest number of structural arrows into one latent variable.
    n_items, n_constructs
        Size of the measurement model.
    """

    cfa_df: int
    sem_df: int
    max_arrows: int
    n_items: int
    n_constructs: int

    def to_dict(self) -> dict[str, int]:
        """``{cfa_df, sem_df, max_arrows}``."""
        return {"cfa_df": self.cfa_df, "sem_df": self.sem_df, "max_arrows": self.max_arrows}


def model_info(ins: Any) -> ModelInfo:
    """Degrees of freedom and arrows of an instrument's CFA and structural models.

    Reads :func:`cemsurvey.instrument.structure.latent_structure` at levels
    ``"first"`` and ``"structural"`` (lavaan's defaults, so df agree with lavaan).
    """
    from cemsurvey.instrument.structure import latent_structure

    first = latent_structure(ins, "first")
    sem = latent_structure(ins, "structural")
    return ModelInfo(
        cfa_df=first.df,
        sem_df=sem.df,
        max_arrows=sem.max_arrows,
        n_items=len(first.observed),
        n_constructs=len(first.first_order),
    )


@dataclass(frozen=True)
class SamplePlan:
    """Every applicable method's n and the recommendation (the largest n).

    ``to_dict()`` gives ``{"methods": [...], "recommended": {...}, "model": {...} | None}``;
    ``recommended`` is the chosen method's dict plus ``rationale``. Warnings (e.g. low
    post-hoc power) are kept in ``warnings`` and printed on stderr by the CLI.
    """

    methods: tuple[SampleSize, ...]
    recommended: SampleSize
    rationale: str
    model: ModelInfo | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def method(self, key: str) -> SampleSize:
        for m in self.methods:
            if m.method == key:
                return m
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "methods": [m.to_dict() for m in self.methods],
            "recommended": {**self.recommended.to_dict(), "rationale": self.rationale},
            "model": None if self.model is None else self.model.to_dict(),
        }


def plan_sample_size(
    *,
    population: float | None = None,
    confidence: float = 0.95,
    margin: float = 0.05,
    proportion: float = 0.5,
    response_rate: float | None = None,
    sd: float | None = None,
    mean_margin: float | None = None,
    model: ModelInfo | None = None,
    power: float = 0.80,
    alpha: float = 0.05,
    n: int | None = None,
    min_path: float = 0.2,
) -> SamplePlan:
    """Run every sizing method that the inputs allow and recommend the largest n.

    Cochran always runs; Krejcie-Morgan and Yamane need ``population``; the mean
    version needs ``sd`` and ``mean_margin``; the RMSEA tests (on the structural
    model's df), the inverse square root method and the 10-times rule need ``model``
    (the 10-times rule only when the model has structural paths).

    Examples
    --------
    >>> plan = plan_sample_size(population=1000)
    >>> [m.method for m in plan.methods], plan.recommended.method, plan.recommended.n
    (['cochran', 'krejcie_morgan', 'yamane'], 'yamane', 286)
    """
    _check_population(population)
    if response_rate is not None and not (0.0 < response_rate <= 1.0):
        raise SpecError(f"--response-rate must be in (0, 1], got {response_rate}")
    # options of the model-based methods are checked even when no model is given, so a
    # typo such as --power 80 is reported instead of silently ignored
    _check_open01("--power", power)
    _check_open01("--alpha", alpha)
    if not (0 < abs(min_path) < 1):
        raise SpecError(f"--min-path must be between 0 and 1 in absolute value, got {min_path}")
    if n is not None and n < 2:
        raise SpecError(f"--n must be at least 2, got {n}")
    if n is not None and model is None:
        raise SpecError("--n gives the post-hoc power of the RMSEA tests, which need the "
                        "model's df: add --model MODEL.yaml")
    notes: list[str] = []
    methods: list[SampleSize] = [
        cochran(confidence=confidence, margin=margin, proportion=proportion,
                population=population)
    ]
    if population is not None:
        methods.append(krejcie_morgan(population, margin=margin, proportion=proportion,
                                      confidence=confidence))
        methods.append(yamane(population, margin=margin))
    if (sd is None) != (mean_margin is None):
        raise SpecError("--sd and --mean-margin go together: give both for Cochran's "
                        "sample size for a mean")
    if sd is not None and mean_margin is not None:
        methods.append(cochran_mean(sd, mean_margin, confidence=confidence,
                                    population=population))
    if model is not None:
        if model.sem_df <= 0:
            raise SpecError(
                f"--model: the structural model has df = {model.sem_df}; the RMSEA methods "
                "need df > 0 (add items per construct or drop paths)"
            )
        for test in ("close", "not_close", "exact"):
            methods.append(rmsea_sample_size(model.sem_df, test, power=power, alpha=alpha, n=n))
        methods.append(pls_inverse_sqrt(min_path, alpha=alpha, power=power))
        if model.max_arrows >= 1:
            methods.append(pls_ten_times(model.max_arrows))
        else:
            notes.append("the 10-times rule was skipped: the model has no structural paths")
        small = [m for m in methods if m.method.startswith("rmsea_") and m.n <= model.n_items]
        if small:
            notes.append(
                f"the RMSEA tests need only {min(m.n for m in small)}-"
                f"{max(m.n for m in small)} respondents at df = {model.sem_df}, but an ML fit "
                f"needs more respondents than its {model.n_items} items (a non-singular "
                "covariance matrix); do not plan on the RMSEA minimum alone"
            )
        for m in methods:
            if m.power is not None and m.power < power:
                notes.append(
                    f"{m.label}: power at N = {n} is {m.power:.3f}, below the target {power:g}"
                )
    if response_rate is not None:
        methods = [with_response_rate(m, response_rate) for m in methods]
    best = max(methods, key=lambda m: m.n)
    rationale = (
        f"{best.n} respondents satisfy every method shown; the largest requirement is "
        f"{best.label}"
        + (f" ({best.invitations} invitations at a {response_rate:.0%} response rate)"
           if best.invitations is not None and response_rate is not None else "")
        + "."
    )
    return SamplePlan(
        methods=tuple(methods), recommended=best, rationale=rationale, model=model,
        warnings=tuple(notes),
    )
