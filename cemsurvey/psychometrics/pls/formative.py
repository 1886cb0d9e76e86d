"""Assessment of formative measurement models (Hair et al. 2019, 2022, ch. 5).

For each construct declared ``measurement: formative`` (estimated in mode B):

* **collinearity**: the outer VIF of each indicator, flagged above 3 (possible) and above 5
  (critical collinearity);
* **relevance and significance of the weights**: the bootstrap t and p of each outer weight,
  and the loading for indicators whose weight is not significant: keep an indicator with
  a significant weight; otherwise keep it when its loading is at least .50 (absolute
  importance), consider removing it when the loading is below .50 but significant, and
  remove it when neither is significant (Hair et al. 2022, Exhibit 5.9);
* **convergent validity (redundancy analysis)** when the instrument names the construct's
  ``global_item``: the construct (mode B, its own indicators) predicting the standardized
  global item in a two-construct PLS model; the path, which equals the correlation of the
  construct's score with the item (the multiple correlation of the item on the
  indicators), should be at least .70 (Chin 1998; Cheah et al. 2018).

The redundancy path is checked against its definition in the tests (the multiple
correlation of the global item on the indicators, 1e-10).

References
----------
Hair, J. F., Risher, J. J., Sarstedt, M., & Ringle, C. M. (2019). When to use and how to
report the results of PLS-SEM. European Business Review, 31(1), 2-24. Hair, Hult, Ringle &
Sarstedt (2022) *A Primer on PLS-SEM*, 3rd ed. Cheah, J.-H., Sarstedt, M., Ringle, C. M.,
Ramayah, T., & Ting, H. (2018). Convergent validity assessment of formatively measured
constructs in PLS-SEM. IJCHM, 30(11), 3192-3210.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError
from cemsurvey.psychometrics.pls.data import correlations
from cemsurvey.psychometrics.pls.engine import estimate
from cemsurvey.psychometrics.pls.model import spec_of

#: Outer VIF thresholds: possible and critical collinearity (Hair et al. 2019).
VIF_FLAGS = (3.0, 5.0)
#: Minimum redundancy path for convergent validity.
REDUNDANCY_MIN = 0.70


@dataclass(frozen=True)
class FormativeResult:
    """Formative measurement model assessment.

    Attributes
    ----------
    indicators
        Indexed by ``(construct, indicator)``: ``weight, weight_se, weight_t, weight_p,
        loading, loading_p, vif, vif_flag`` (``""``, ``"> 3"``, ``"> 5"``) and
        ``decision`` (``keep``, ``keep (loading >= .50)``, ``consider removing``,
        ``remove``; ``""`` without bootstrap).
    redundancy
        Indexed by construct: ``global_item, n, path, r2, converged`` (path >= .70:
        ``convergent``).
    alpha
        Significance level of the decisions.
    """

    indicators: pd.DataFrame
    redundancy: pd.DataFrame
    alpha: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """``{indicators: [...], redundancy: [...], vif_flags, redundancy_min, alpha}``."""
        return {
            "indicators": [{"construct": c, "indicator": i, **row.to_dict()}
                           for (c, i), row in self.indicators.iterrows()],
            "redundancy": [{"construct": c, **row.to_dict()}
                           for c, row in self.redundancy.iterrows()],
            "vif_flags": list(VIF_FLAGS), "redundancy_min": REDUNDANCY_MIN,
            "alpha": self.alpha, "warnings": list(self.warnings),
        }


def vif_flag(v: float) -> str:
    """``"> 5"``, ``"> 3"`` or ``""``."""
    return "> 5" if v > VIF_FLAGS[1] else "> 3" if v > VIF_FLAGS[0] else ""


def decision(weight_p: float, loading: float, loading_p: float, alpha: float) -> str:
    """Hair et al. (2022) Exhibit 5.9 for one formative indicator (``""``: no bootstrap)."""
    if not np.isfinite(weight_p):
        return ""
    if weight_p < alpha:
        return "keep"
    if abs(loading) >= 0.5:
        return "keep (loading >= .50)"
    if np.isfinite(loading_p) and loading_p < alpha:
        return "consider removing"
    return "remove"


def redundancy(X: np.ndarray, g: np.ndarray, max_iter: int = 300,
               tol: float = 1e-10) -> tuple[float, float, bool]:
    """Redundancy path, R^2 and convergence: ``X`` ``(n, p)`` indicators (mode B) ->
    global item ``g`` ``(n,)`` in a two-construct PLS model.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 3)); g = X @ [0.5, 0.3, 0.2] + rng.standard_normal(200)
    >>> path, r2, ok = redundancy(X, g)
    >>> R = np.corrcoef(np.column_stack([X, g]).T)
    >>> bool(np.isclose(path ** 2, R[3, :3] @ np.linalg.solve(R[:3, :3], R[:3, 3]))), ok
    (True, True)
    """
    p = X.shape[1]
    names = [f"x{j}" for j in range(p)]
    spec = spec_of([*names, "g"], ["F", "G"], {"F": names, "G": ["g"]}, [("F", "G")], {"F"})
    fit = estimate(correlations(np.column_stack([X, g])), spec, max_iter=max_iter, tol=tol)
    path = float(fit.R[0, 0, 1])
    return path, path**2, bool(fit.converged[0])


def assess_formative(outer: pd.DataFrame, vif: pd.Series, formative: list[str],
                     global_items: dict[str, str], items: dict[str, list[str]],
                     Xitems: np.ndarray, item_names: list[str], data: pd.DataFrame,
                     alpha: float) -> FormativeResult:
    """The formative assessment of a fitted model (see the module docstring).

    ``outer`` and ``vif`` are the :class:`PLSResult` tables; ``Xitems`` the item matrix
    (reverse-keyed, complete rows, columns ``item_names``) and ``data`` the responses of
    those rows (for the global items).

    Raises
    ------
    DataError
        A global item that is not a numeric column of the responses.
    """
    rows = outer.loc[[c for c in formative if c in outer.index.get_level_values(0)]]
    tab = rows[["weight", "weight_se", "weight_t", "weight_p", "loading", "loading_p"]].copy()
    tab["vif"] = [float(vif.get(ix, np.nan)) for ix in tab.index]
    tab["vif_flag"] = [vif_flag(v) for v in tab["vif"]]
    tab["decision"] = [decision(r.weight_p, r.loading, r.loading_p, alpha)
                       for r in tab.itertuples()]
    warn = []
    flagged = [f"{i} ({v:.2f})" for (_, i), v in tab["vif"].items() if v > VIF_FLAGS[1]]
    if flagged:
        warn.append(f"formative indicators with VIF above 5 (critical collinearity): "
                    f"{', '.join(flagged)}; their weights are unstable")
    red = []
    for c in formative:
        gi = global_items.get(c)
        if not gi:
            continue
        if gi not in data.columns:
            raise DataError(f"construct '{c}': global_item '{gi}' is not a column of the "
                            "responses; add the column or remove global_item")
        gcol = pd.to_numeric(data[gi], errors="coerce").to_numpy(float)
        ok = np.isfinite(gcol)
        X = Xitems[:, [item_names.index(i) for i in items[c]]]
        path, r2, conv = redundancy(X[ok], gcol[ok])
        red.append({"construct": c, "global_item": gi, "n": int(ok.sum()), "path": path,
                    "r2": r2, "converged": conv, "convergent": bool(path >= REDUNDANCY_MIN)})
        if path < REDUNDANCY_MIN:
            warn.append(f"redundancy analysis of {c}: path to its global item {gi} is "
                        f"{path:.3f} < .70 (convergent validity not established)")
    cols = ["global_item", "n", "path", "r2", "converged", "convergent"]
    redf = (pd.DataFrame(red).set_index("construct") if red else
            pd.DataFrame(columns=cols, index=pd.Index([], name="construct")))
    return FormativeResult(indicators=tab, redundancy=redf, alpha=alpha, warnings=tuple(warn))
