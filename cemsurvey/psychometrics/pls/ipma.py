"""Importance-performance map analysis (IPMA; Ringle & Sarstedt 2016).

For a target construct (by default the last one in the structural order) and every
construct with a total effect on it:

* **performance**: the mean over respondents of the construct's score on a 0-100 scale.
  Each indicator is rescaled ``100 (x - low) / (high - low)`` with its scale's lowest and
  highest codes (reverse-keyed items recoded first); the construct's rescaled score is the
  weighted mean of its rescaled indicators. Weights: the **unstandardized** outer weights
  ``w_j / s_j`` (``s_j`` the indicator's SD) normalised to sum to 1 (Ringle & Sarstedt 2016,
  SmartPLS; default), which makes the rescaled score an affine function of the PLS score,
  or the standardized weights normalised (``weights="standardized"``, as seminrExtras);
  a higher-order construct measured by construct scores (two-stage approaches) takes the
  weighted mean of its constructs' rescaled scores;
* **importance**: the unstandardized total effect on the target, ``T = (I - B*)^-1 - I`` with
  every path ``beta * SD(to) / SD(from)`` of the rescaled scores (the OLS coefficients of
  the rescaled scores when they are affine in the PLS scores, as with the default weights).

Negative outer weights make the 0-100 scale meaningless: they are reported in a warning.

Verified against seminrExtras 0.1.0 ``assess_ipma`` (``weights="standardized"``) on the
ECSI model (target Loyalty): importance, standardized total effects and performance, 1e-6
(tests/reference/pls/pls_next.json); the default weights against the OLS regression of
the rescaled scores (tests/pls/test_pls_next_ipma.py, 1e-10).

References
----------
Ringle, C. M., & Sarstedt, M. (2016). Gain more insight from your PLS-SEM results: the
importance-performance map analysis. Industrial Management & Data Systems, 116(9),
1865-1886. Hair, Sarstedt, Ringle & Gudergan (2024) *Advanced Issues in PLS-SEM*, 2nd ed.,
ch. 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.data import prepare_items
from cemsurvey.psychometrics.pls.result import PLSResult


@dataclass(frozen=True)
class IpmaResult:
    """IPMA of one target construct.

    Attributes
    ----------
    table
        Per predecessor (total effect on the target not zero): ``importance``
        (unstandardized total effect), ``total_effect`` (standardized), ``performance``
        (0-100).
    target_performance
        The target's own performance.
    scores
        Rescaled (0-100) scores of every construct, respondents x constructs.
    """

    target: str
    table: pd.DataFrame
    target_performance: float
    scores: pd.DataFrame
    weights: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """``{target, target_performance, weights, rows: [{construct, importance,
        total_effect, performance}], warnings}``."""
        return {"target": self.target, "target_performance": self.target_performance,
                "weights": self.weights,
                "rows": [{"construct": c, **row.to_dict()} for c, row in self.table.iterrows()],
                "warnings": list(self.warnings)}


def total_effects(B: np.ndarray) -> np.ndarray:
    """``(I - B)^-1 - I`` for ``B[from, to]`` (a recursive model).

    >>> total_effects(np.array([[0, .5, .2], [0, 0, .4], [0, 0, 0]]))[0, 2]
    np.float64(0.4)
    """
    eye = np.eye(B.shape[0])
    return np.linalg.solve(eye - B.T, eye).T - eye


def rescaled_scores(res: PLSResult, X: np.ndarray, items: list[str], lows: np.ndarray,
                    highs: np.ndarray, weights: str) -> pd.DataFrame:
    """0-100 scores of every latent of ``res`` (see the module docstring)."""
    P = 100 * (X - lows) / (highs - lows)
    sd = X.std(axis=0, ddof=1)
    latents = [v for v in res.scores.columns if ":" not in v]
    out: dict[str, np.ndarray] = {}
    pending = list(latents)
    while pending:
        lat = pending.pop(0)
        rows = res.outer.loc[lat]
        inds = list(rows.index)
        if any(i in latents for i in inds):  # a HOC measured by construct scores
            if not all(i in out for i in inds):
                pending.append(lat)
                continue
            cols = np.column_stack([out[i] for i in inds])
            w = rows["weight"].to_numpy() * np.array([1.0 / out[i].std(ddof=1) for i in inds]) \
                if weights == "unstandardized" else rows["weight"].to_numpy()
        else:
            idx = [items.index(i) for i in inds]
            cols = P[:, idx]
            w = rows["weight"].to_numpy() / (sd[idx] if weights == "unstandardized" else 1.0)
        out[lat] = cols @ (w / w.sum())
    return pd.DataFrame(out, index=res.scores.index)[latents]


def ipma(res: PLSResult, data: pd.DataFrame, ins: Instrument, target: str | None = None, *,
         weights: Literal["unstandardized", "standardized"] = "unstandardized") -> IpmaResult:
    """Importance-performance map of ``target`` from a :func:`fit_pls` result.

    Parameters
    ----------
    res
        The PLS result (its weights and path coefficients).
    data, ins
        The responses and instrument ``res`` was estimated from (indicator codes and their
        scales' lowest and highest codes).
    target
        A construct of the model; default the last construct that is an outcome and no
        predictor (the end of the structural model).
    weights
        ``"unstandardized"`` (Ringle & Sarstedt 2016) or ``"standardized"`` outer weights.

    Raises
    ------
    EstimationError
        Unknown target, or a target without predecessors.
    """
    if weights not in ("unstandardized", "standardized"):
        raise EstimationError(f"weights must be unstandardized or standardized, got {weights!r}")
    # interaction terms have no 0-100 performance (seminrExtras leaves them out too)
    latents = [v for v in res.scores.columns if ":" not in v]
    paths = res.paths["est"]
    paths = paths[[":" not in a for a, _ in paths.index]]
    sources = {a for a, _ in paths.index}
    sinks = [v for v in latents if v not in sources and any(b == v for _, b in paths.index)]
    target = target or sinks[-1]
    if target not in latents:
        raise EstimationError(f"IPMA target '{target}' is not a construct of the model; "
                              f"choose one of {', '.join(latents)}")
    items = list(dict.fromkeys(i for lat in latents for i in res.outer.loc[lat].index
                               if i not in latents))
    X, index, _ = prepare_items(data, ins, items)
    if not index.equals(res.scores.index):
        raise EstimationError("IPMA needs the responses the PLS result was estimated from "
                              "(the complete respondents differ)")
    lows, highs = np.array([_range(ins, i) for i in items]).T
    scores = rescaled_scores(res, X, items, lows, highs, weights)
    K = len(latents)
    pos = {v: k for k, v in enumerate(latents)}
    Bs, Bu = np.zeros((K, K)), np.zeros((K, K))
    sd = scores.std(ddof=1).to_numpy()
    for (a, b), v in paths.items():
        Bs[pos[a], pos[b]] = v
        Bu[pos[a], pos[b]] = v * sd[pos[b]] / sd[pos[a]]
    Ts, Tu = total_effects(Bs)[:, pos[target]], total_effects(Bu)[:, pos[target]]
    keep = [v for v in latents if v != target and abs(Ts[pos[v]]) > 1e-12]
    if not keep:
        raise EstimationError(f"IPMA: no construct has an effect on '{target}'; choose an "
                              "endogenous construct as the target")
    table = pd.DataFrame({"importance": [Tu[pos[v]] for v in keep],
                          "total_effect": [Ts[pos[v]] for v in keep],
                          "performance": [float(scores[v].mean()) for v in keep]},
                         index=pd.Index(keep, name="construct"))
    warn = []
    neg = [lat for lat in [*keep, target] if (res.outer.loc[lat, "weight"] < 0).any()]
    if neg:
        warn.append(f"IPMA: negative outer weights in {', '.join(neg)}; their 0-100 "
                    "performance is not interpretable (check reverse-keyed items)")
    return IpmaResult(target=target, table=table,
                      target_performance=float(scores[target].mean()), scores=scores,
                      weights=weights, warnings=tuple(warn))


def _range(ins: Instrument, item: str) -> tuple[float, float]:
    s = ins.scale_of_item(item)
    low, high = s.low, s.high
    if low is None or high is None or not high > low:
        raise EstimationError(f"IPMA: item '{item}' has no scale range (lowest and highest "
                              "codes); give its scale points or min and max")
    return float(low), float(high)
