"""Item descriptive statistics (the "descriptives" step of ``cemsurvey analyze``).

Skewness and excess kurtosis follow ``psych::describe`` (its default ``type = 3``):

.. math::

    g_1 = \\frac{m_3}{m_2^{3/2}},\\quad b_1 = g_1 \\left(\\frac{n-1}{n}\\right)^{3/2},\\qquad
    g_2 = \\frac{m_4}{m_2^{2}},\\quad b_2 = g_2 \\left(\\frac{n-1}{n}\\right)^{2} - 3

with :math:`m_k` the k-th central sample moment (divisor n). Each item uses its own
available cases (``na.rm = TRUE``), as ``psych::describe``. Verified against
``psych::describe`` on psychTools' ``bfi`` (tests/reference/analyze_reference.R).

References
----------
Joanes, D. N., & Gill, C. A. (1998). Comparing measures of sample skewness and kurtosis.
*The Statistician*, 47(1), 183-189.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

COLUMNS = ("construct", "reverse", "n", "missing", "mean", "sd", "median", "min", "max",
           "skew", "kurtosis")


@dataclass(frozen=True)
class Descriptives:
    """Per-item descriptives of the codes as answered (before reverse keying).

    Attributes
    ----------
    table
        DataFrame indexed by item id with columns ``construct, reverse, n, missing, mean,
        sd, median, min, max, skew, kurtosis``.
    n
        Respondents in the data.
    method
        How skew and kurtosis are defined.
    """

    table: pd.DataFrame
    n: int
    method: str = "psych::describe type 3 (b1, b2 - 3); item-wise available cases"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """``{n, method, items: {<item>: {construct, reverse, n, missing, mean, sd, median,
        min, max, skew, kurtosis}}}``."""
        items = {str(i): {c: _py(v) for c, v in row.items()}
                 for i, row in self.table.to_dict(orient="index").items()}
        return {"n": self.n, "method": self.method, "items": items,
                "warnings": list(self.warnings)}


def _py(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


def describe_items(data: pd.DataFrame, construct_of: dict[str, str] | None = None,
                   reverse: set[str] | frozenset[str] = frozenset()) -> Descriptives:
    """Descriptive statistics of every column of ``data``.

    Parameters
    ----------
    data
        Respondents x items, codes as answered, NaN for missing.
    construct_of
        Item id -> construct id (shown beside each item).
    reverse
        Reverse-keyed item ids (flagged; the statistics are of the raw codes).

    Examples
    --------
    >>> d = describe_items(pd.DataFrame({"a": [1.0, 2, 3, 4, 10]}))
    >>> float(round(d.table.loc["a", "skew"], 4)), float(round(d.table.loc["a", "kurtosis"], 4))
    (0.8146, -1.2157)
    """
    x = data.to_numpy(dtype=float)
    ok = ~np.isnan(x)
    n = ok.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(x, axis=0) / n
        d = np.where(ok, x - mean, 0.0)
        m2 = (d**2).sum(axis=0) / n
        m3 = (d**3).sum(axis=0) / n
        m4 = (d**4).sum(axis=0) / n
        sd = np.sqrt(m2 * n / (n - 1))
        skew = m3 / m2**1.5 * ((n - 1) / n) ** 1.5
        kurt = m4 / m2**2 * ((n - 1) / n) ** 2 - 3.0
    all_missing = n == 0
    med = np.full(x.shape[1], np.nan)
    lo = np.full(x.shape[1], np.nan)
    hi = np.full(x.shape[1], np.nan)
    if (~all_missing).any():
        cols = np.flatnonzero(~all_missing)
        med[cols] = np.nanmedian(x[:, cols], axis=0)
        lo[cols] = np.nanmin(x[:, cols], axis=0)
        hi[cols] = np.nanmax(x[:, cols], axis=0)
    construct_of = construct_of or {}
    table = pd.DataFrame(
        {"construct": [construct_of.get(c, "") for c in data.columns],
         "reverse": [c in reverse for c in data.columns],
         "n": n.astype(int), "missing": (x.shape[0] - n).astype(int),
         "mean": mean, "sd": sd, "median": med, "min": lo, "max": hi,
         "skew": skew, "kurtosis": kurt},
        index=pd.Index([str(c) for c in data.columns], name="item"),
    )
    warns = []
    const = [c for c, s in zip(table.index, sd, strict=True) if s == 0]
    if const:
        warns.append(f"constant items (SD = 0, skew/kurtosis undefined): {', '.join(const)}; "
                     "check the data or drop these items")
    if all_missing.any():
        warns.append("items with no answers: "
                     f"{', '.join(table.index[all_missing])}; check the column mapping")
    return Descriptives(table=table, n=int(x.shape[0]), warnings=tuple(warns))
