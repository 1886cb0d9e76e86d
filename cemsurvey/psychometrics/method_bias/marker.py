"""Marker-variable techniques: Lindell & Whitney (2001) and the CFA marker technique of
Williams, Hartman & Cavazotte (2010).

A **marker** is a construct theoretically unrelated to the substantive ones but measured
the same way; its correlation with them estimates common-method variance.

**Lindell & Whitney (2001)** correct each substantive correlation ``r_U`` for the marker
correlation ``r_M``:

.. math::

    r_A = (r_U - r_M) / (1 - r_M), \\qquad t = r_A / \\sqrt{(1 - r_A^2) / (N - 3)},

with ``r_M`` the smallest positive correlation between the marker and a substantive score
(their conservative choice, p. 116) and ``t`` on ``N - 3`` df.

**Williams, Hartman & Cavazotte (2010)**, all models with latent variances 1:

1. *CFA*: every construct (marker included) correlated; gives the marker's loadings and
   residual variances.
2. *Baseline*: the marker orthogonal to the substantive factors, its loadings and residual
   variances fixed to the CFA values.
3. *Method-C*: baseline plus equal marker loadings on every substantive item.
4. *Method-U*: the same loadings unconstrained.
5. *Method-R*: the retained method model (C, or U when it fits significantly better) with
   the substantive correlations fixed to their baseline values.

Chi-square difference tests: baseline vs method-C (is there method variance?), method-C vs
method-U (equal method effects?), method-R vs the retained model (are the correlations
biased?). The method share is the mean squared standardized marker loading of the
substantive items in the retained model.

Verified against lavaan 0.6.14 (every model's estimates, SEs, std.all and fit indices at
1e-4 relative; the difference tests) and the Lindell-Whitney formulas in R on
Holzinger-Swineford with ``speed`` as the marker (tests/reference/method_bias_reference.R).

References
----------
Lindell, M. K., & Whitney, D. J. (2001). Accounting for common method variance in
cross-sectional research designs. *J. Applied Psychology* 86(1), 114-121.
Williams, L. J., Hartman, N., & Cavazotte, F. (2010). Method variance and marker variables:
A review and comprehensive CFA marker technique. *Organizational Research Methods* 13(3),
477-514.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, DataWarning, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.method_bias._models import (
    ChiSquareDifference,
    fit_summary,
    lrt,
    resolve,
)
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.model import Constraints
from cemsurvey.psychometrics.sem.results import CFAResult
from cemsurvey.stats.distributions import t_sf

__all__ = ["LindellWhitney", "MarkerTechnique", "lindell_whitney", "marker_technique"]


@dataclass(frozen=True)
class LindellWhitney:
    """Marker-corrected correlations.

    Attributes
    ----------
    r_marker
        ``r_M``, the smallest positive marker-substantive correlation (0 when none is positive).
    pairs
        DataFrame ``lhs, rhs, r, r_adjusted, t, p`` per pair of substantive scores.
    marker, n
        The marker construct and the complete cases used.
    """

    r_marker: float
    pairs: pd.DataFrame
    marker: str
    n: int
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{marker, r_marker, n, pairs [{lhs, rhs, r, r_adjusted, t, p}], source}``."""
        return {"marker": self.marker, "r_marker": float(self.r_marker), "n": self.n,
                "pairs": [{k: (v if isinstance(v, str) else float(v)) for k, v in r.items()}
                          for r in self.pairs.to_dict("records")],
                "source": "Lindell & Whitney (2001)", "warnings": list(self.warnings)}


def lindell_whitney(scores: pd.DataFrame, marker: str) -> LindellWhitney:
    """Lindell & Whitney (2001) correction of the substantive score correlations.

    Parameters
    ----------
    scores
        Respondents x construct scores, the marker among them (complete cases used).
    marker
        Column of the marker construct.
    """
    if marker not in scores.columns:
        raise DataError(f"the marker construct '{marker}' has no score column; declare "
                        f"`marker: true` on a construct whose items were answered")
    sub = [c for c in scores.columns if c != marker]
    if len(sub) < 2:
        raise DataError("the marker correction needs two or more substantive constructs")
    x = scores.apply(pd.to_numeric, errors="coerce").dropna()
    n = len(x)
    r = x.corr()
    rm_all = r.loc[marker, sub]
    issues: list[str] = []
    if (rm_all > 0).any():
        rm = float(rm_all[rm_all > 0].min())
    else:
        rm = 0.0
        msg = (f"the marker '{marker}' correlates with no substantive construct positively; "
               f"r_M = 0 (no correction)")
        issues.append(msg)
        warnings.warn(DataWarning(msg), stacklevel=2)
    rows = []
    for i, a in enumerate(sub):
        for b in sub[i + 1:]:
            ru = float(r.loc[a, b])
            ra = (ru - rm) / (1.0 - rm)
            t = ra / np.sqrt((1.0 - ra**2) / (n - 3))
            rows.append({"lhs": a, "rhs": b, "r": ru, "r_adjusted": ra, "t": float(t),
                         "p": float(2 * t_sf(abs(t), n - 3))})
    return LindellWhitney(rm, pd.DataFrame(rows), marker, n, tuple(issues))


@dataclass(frozen=True)
class MarkerTechnique:
    """The CFA marker technique's models and tests.

    Attributes
    ----------
    cfa, baseline, method_c, method_u, method_r
        The fitted models (see the module docstring).
    baseline_vs_c, c_vs_u, r_test
        Chi-square difference tests: method variance present; method effects unequal;
        correlations biased (method-R against the retained method model).
    retained
        ``"method_c"`` or ``"method_u"``.
    correlations
        DataFrame ``lhs, rhs, baseline, method`` of substantive factor correlations without
        and with the method factor (retained model).
    items
        DataFrame indexed by substantive item: ``method_std`` (retained model).
    method_share
        Mean squared standardized marker loading of the substantive items.
    marker, alpha
    """

    cfa: CFAResult = field(repr=False)
    baseline: CFAResult = field(repr=False)
    method_c: CFAResult = field(repr=False)
    method_u: CFAResult = field(repr=False)
    method_r: CFAResult = field(repr=False)
    baseline_vs_c: ChiSquareDifference
    c_vs_u: ChiSquareDifference
    r_test: ChiSquareDifference
    retained: str
    correlations: pd.DataFrame
    items: pd.DataFrame
    method_share: float
    marker: str
    alpha: float
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{marker, retained, alpha, method_share, tests {baseline_vs_c, c_vs_u, r_test},
        fit {cfa, baseline, method_c, method_u, method_r}, correlations [...], items {item:
        method_std}, source, warnings}``."""
        return {
            "marker": self.marker, "retained": self.retained, "alpha": self.alpha,
            "method_share": float(self.method_share),
            "tests": {"baseline_vs_c": self.baseline_vs_c.to_dict(),
                      "c_vs_u": self.c_vs_u.to_dict(), "r_test": self.r_test.to_dict()},
            "fit": {k: fit_summary(getattr(self, k))
                    for k in ("cfa", "baseline", "method_c", "method_u", "method_r")},
            "correlations": [{k: (v if isinstance(v, str) else float(v)) for k, v in r.items()}
                             for r in self.correlations.to_dict("records")],
            "items": {str(i): float(v) for i, v in self.items["method_std"].items()},
            "source": "Williams, Hartman & Cavazotte (2010)",
            "warnings": list(self.warnings),
        }


def _psi_rows(r: CFAResult, names: list[str]) -> pd.DataFrame:
    p = r.parameters
    return p[(p["op"] == "~~") & (p["lhs"] != p["rhs"]) & p["lhs"].isin(names)
             & p["rhs"].isin(names)]


def marker_technique(data: pd.DataFrame, model: Instrument | LatentStructure, marker: str, *,
                     alpha: float = 0.05) -> MarkerTechnique:
    """Fit the CFA marker technique's models (ML, complete cases, latent variances 1).

    Parameters
    ----------
    data
        Item codes (reverse-keyed items recoded when ``model`` is an Instrument).
    model
        Instrument or first-order LatentStructure whose latents include ``marker``.
    marker
        The marker construct (``marker: true`` in the instrument).
    alpha
        Level of the difference tests (which method model is retained).
    """
    x, st = resolve(data, model, "first")
    if marker not in st.latents:
        raise EstimationError(f"the marker construct '{marker}' is not a factor of the model")
    if st.higher_order or st.regressions:
        raise EstimationError("the CFA marker technique needs the first-order measurement model")
    subst = [f for f in st.latents if f != marker]
    m_items = st.indicators[marker]
    s_items = tuple(i for f in subst for i in st.indicators[f])
    cfa = fit_cfa(x, st, identification="variance", modindices=False)
    p = cfa.parameters.set_index(["lhs", "op", "rhs"])
    fixed = {f"{marker} =~ {i}": float(p.loc[(marker, "=~", i), "est"]) for i in m_items}
    fixed |= {f"{i} ~~ {i}": float(p.loc[(i, "~~", i), "est"]) for i in m_items}
    ms = replace(st, indicators={**st.indicators, marker: (*m_items, *s_items)},
                 latent_covariances=tuple(c for c in st.latent_covariances if marker not in c))
    m_load = tuple(f"{marker} =~ {i}" for i in s_items)

    def fit(cons: Constraints) -> CFAResult:
        return fit_cfa(x, ms, identification="variance", constraints=cons, modindices=False)

    baseline = fit(Constraints(fixed=fixed | dict.fromkeys(m_load, 0.0)))
    method_c = fit(Constraints(fixed=fixed, equal=(m_load,)))
    method_u = fit(Constraints(fixed=fixed))
    c_vs_u = lrt(method_c, method_u)
    retained = "method_u" if c_vs_u.p < alpha else "method_c"
    base_cor = _psi_rows(baseline, subst)
    fixed_r = {f"{a} ~~ {b}": float(v) for a, b, v in
               zip(base_cor["lhs"], base_cor["rhs"], base_cor["est"])}
    keep = method_u if retained == "method_u" else method_c
    method_r = fit(Constraints(fixed=fixed | fixed_r, equal=(m_load,) if retained == "method_c"
                               else ()))
    kept_cor = _psi_rows(keep, subst)
    cors = pd.DataFrame({"lhs": base_cor["lhs"].to_numpy(), "rhs": base_cor["rhs"].to_numpy(),
                         "baseline": base_cor["est"].to_numpy(),
                         "method": kept_cor["est"].to_numpy()})
    kp = keep.parameters
    mrows = kp[(kp["lhs"] == marker) & (kp["op"] == "=~") & kp["rhs"].isin(s_items)]
    items = pd.DataFrame({"method_std": mrows["std"].to_numpy()},
                         index=pd.Index(mrows["rhs"].to_numpy(), name="item"))
    issues = [w for r in (cfa, baseline, method_c, method_u, method_r) for w in r.warnings]
    return MarkerTechnique(
        cfa=cfa, baseline=baseline, method_c=method_c, method_u=method_u, method_r=method_r,
        baseline_vs_c=lrt(baseline, method_c), c_vs_u=c_vs_u, r_test=lrt(method_r, keep),
        retained=retained, correlations=cors, items=items,
        method_share=float(np.mean(items["method_std"].to_numpy() ** 2)), marker=marker,
        alpha=alpha, warnings=tuple(dict.fromkeys(issues)))
