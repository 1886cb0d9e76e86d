"""Power-based sample sizes for a structural model: RMSEA tests and PLS-SEM rules.

Methods and sources
-------------------
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

Monte Carlo power for the researcher's own model is :mod:`cemsurvey.sampling.montecarlo`.

Verified against: semPower's manual example (exact fit, RMSEA .05, df 50, power .80 -> 243);
MacCallum et al.'s Table 4 (see tests/sampling); Kock & Hadaya's p_min = .197 -> 160.
"""

from __future__ import annotations

from typing import Literal

from scipy import stats

from cemsurvey.errors import SpecError
from cemsurvey.sampling.survey import SampleSize, ceil_up, check_open01

__all__ = [
    "KOCK_HADAYA_CONSTANTS",
    "RMSEA_TESTS",
    "rmsea_power",
    "rmsea_sample_size",
    "pls_inverse_sqrt",
    "pls_ten_times",
]

#: Kock & Hadaya (2018): constant c of the inverse square root method at power .80,
#: by one-tailed significance level.
KOCK_HADAYA_CONSTANTS: dict[float, float] = {0.01: 3.168, 0.05: 2.486, 0.10: 2.123}

RmseaTest = Literal["close", "not_close", "exact"]

#: (H0 RMSEA, Ha RMSEA) of MacCallum et al.'s three tests.
RMSEA_TESTS: dict[str, tuple[float, float]] = {
    "close": (0.05, 0.08),
    "not_close": (0.05, 0.01),
    "exact": (0.0, 0.05),
}

_MAX_N = 10_000_000


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
    check_open01("--alpha", alpha)
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
    check_open01("--power", power)
    check_open01("--alpha", alpha)
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
    check_open01("--alpha", alpha)
    check_open01("--power", power)
    c = _kock_hadaya_constant(alpha, power)
    x = (c / abs(min_path)) ** 2
    return SampleSize(
        method="pls_inverse_sqrt",
        label="Kock & Hadaya (2018), inverse square root",
        n=ceil_up(x),
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


