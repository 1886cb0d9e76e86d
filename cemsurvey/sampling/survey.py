"""Sample sizes for estimating a proportion or a mean in a finite population.

Every sizing method returns a frozen :class:`SampleSize` (method key, n, the exact
unrounded value, the assumptions used and the reference).

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

Verified against: Cochran's 385 and 278 (N = 1000); the Krejcie-Morgan table (all rows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from scipy import stats

from cemsurvey.errors import SpecError

__all__ = [
    "KREJCIE_MORGAN_TABLE",
    "METHOD_KEYS",
    "SampleSize",
    "check_open01",
    "check_positive",
    "check_population",
    "ceil_up",
    "cochran",
    "cochran_mean",
    "krejcie_morgan",
    "yamane",
    "with_response_rate",
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

#: Method keys in display order (the JSON ``method`` values).
METHOD_KEYS: tuple[str, ...] = (
    "cochran", "krejcie_morgan", "yamane", "cochran_mean", "rmsea_close",
    "rmsea_not_close", "rmsea_exact", "pls_inverse_sqrt", "pls_ten_times",
)



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
def check_open01(name: str, value: float) -> None:
    if not (0.0 < value < 1.0) or math.isnan(value):
        raise SpecError(f"{name} must be between 0 and 1 (exclusive), got {value}")


def check_positive(name: str, value: float) -> None:
    if not value > 0 or math.isinf(value):
        raise SpecError(f"{name} must be greater than 0, got {value}")


def check_population(population: float | None) -> None:
    if population is not None and not population >= 1:
        raise SpecError(f"--population must be at least 1, got {population}")


def z_two_sided(confidence: float) -> float:
    """Two-sided normal quantile for a confidence level (1.959964 for .95)."""
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def _fpc(n0: float, population: float | None) -> float:
    return n0 if population is None else n0 / (1.0 + (n0 - 1.0) / population)


def ceil_up(x: float) -> int:
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
    check_open01("--confidence", confidence)
    check_open01("--margin", margin)
    check_open01("--proportion", proportion)
    check_population(population)
    z = z_two_sided(confidence)
    n0 = z * z * proportion * (1.0 - proportion) / (margin * margin)
    n = _fpc(n0, population)
    return SampleSize(
        method="cochran",
        label="Cochran (1977)" + (" with FPC" if population is not None else ""),
        n=min(ceil_up(n), int(population)) if population is not None else ceil_up(n),
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
    check_open01("--confidence", confidence)
    check_open01("--margin", margin)
    check_open01("--proportion", proportion)
    check_population(population)
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
    check_open01("--margin", margin)
    check_population(population)
    n = population / (1.0 + population * margin * margin)
    return SampleSize(
        method="yamane",
        label="Yamane (1967)",
        n=min(ceil_up(n), int(population)),
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
    check_positive("--sd", sd)
    check_positive("--mean-margin", margin)
    check_open01("--confidence", confidence)
    check_population(population)
    z = z_two_sided(confidence)
    n0 = (z * sd / margin) ** 2
    n = _fpc(n0, population)
    return SampleSize(
        method="cochran_mean",
        label="Cochran (1977), mean",
        n=min(ceil_up(n), int(population)) if population is not None else ceil_up(n),
        exact=n,
        assumptions={"confidence": confidence, "sd": sd, "margin": margin,
                     "population": population, "z": z},
        reference="Cochran, W. G. (1977). Sampling Techniques (3rd ed.). Wiley.",
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
    return replace(result, invitations=ceil_up(result.n / response_rate))

