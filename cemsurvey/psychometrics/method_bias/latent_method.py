"""Common latent factor (unmeasured latent method construct, ULMC).

The trait CFA plus one method factor ``M`` on which every item loads, with **equal
loadings** and unit variance, orthogonal to the traits (Podsakoff et al. 2003, Table 5;
Williams, Cote & Buckley 1989). In lavaan syntax::

    <trait model>
    CMV =~ NA*x1 + a*x1 + a*x2 + ... + a*xp
    CMV ~~ 1*CMV
    CMV ~~ 0*F1 + 0*F2 + ...

Reported:

* the chi-square difference to the trait-only model (``df = 1``), lavaan's ``lavTestLRT``;
* the method factor's share of item variance, the mean squared standardized method loading
  ``(1/p) sum_i l_iM^2`` (Williams et al. 1989);
* each item's standardized trait loading without and with the method factor, flagged when
  it changes by more than .20 (the rule of thumb in Podsakoff et al. 2003 practice).

Equal loadings keep the model identified when every item also loads on a trait; the
method factor may still absorb a trait (negative variances, correlations beyond 1): such
solutions are reported with a warning, as lavaan does.

Verified against lavaan 0.6.14 (``cfa()`` with the syntax above) on Holzinger-Swineford
and bfi: every estimate, SE, std.all and fit index within 1e-4 relative
(tests/reference/method_bias_reference.R).

References
----------
Podsakoff, P. M., MacKenzie, S. B., Lee, J.-Y., & Podsakoff, N. P. (2003). Common method
biases in behavioral research. *J. Applied Psychology* 88(5), 879-903.
Williams, L. J., Cote, J. A., & Buckley, M. R. (1989). Lack of method variance in
self-reported affect and perceptions at work. *J. Applied Psychology* 74(3), 462-468.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.method_bias._models import (
    ChiSquareDifference,
    fit_summary,
    lrt,
    resolve,
    std_loadings,
)
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.model import Constraints
from cemsurvey.psychometrics.sem.results import CFAResult

__all__ = ["CommonLatentFactor", "common_latent_factor", "method_structure"]


@dataclass(frozen=True)
class CommonLatentFactor:
    """The common-latent-factor (ULMC) comparison.

    Attributes
    ----------
    trait, with_method
        The trait-only CFA and the CFA with the method factor.
    test
        Chi-square difference of the trait model against the method model (df 1).
    method_loading, method_loading_se
        The common (unstandardized) method loading and its SE (method variance 1).
    method_share
        Mean squared standardized method loading: the method factor's share of item variance.
    items
        DataFrame indexed by item: ``construct, std_without, std_with, change, method_std,
        flagged`` (``|change| > threshold``).
    threshold
        Flag cut-off for the loading change (.20).
    method_name
        Name of the method factor.
    warnings
        Warnings of both fits.
    """

    trait: CFAResult = field(repr=False)
    with_method: CFAResult = field(repr=False)
    test: ChiSquareDifference
    method_loading: float
    method_loading_se: float
    method_share: float
    items: pd.DataFrame
    threshold: float
    method_name: str
    warnings: tuple[str, ...] = ()

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(self.items.index[self.items["flagged"]])

    def to_dict(self) -> dict[str, Any]:
        """``{test {chi2, df, p}, method_loading, method_loading_se, method_share, threshold,
        flagged [...], items [{item, construct, std_without, std_with, change, method_std,
        flagged}], fit {trait, with_method}, source, warnings}``."""
        items = [{"item": str(i), "construct": str(r["construct"]),
                  **{k: float(r[k]) for k in ("std_without", "std_with", "change", "method_std")},
                  "flagged": bool(r["flagged"])} for i, r in self.items.iterrows()]
        return {
            "test": self.test.to_dict(), "method_loading": float(self.method_loading),
            "method_loading_se": float(self.method_loading_se),
            "method_share": float(self.method_share), "threshold": self.threshold,
            "flagged": list(self.flagged), "items": items,
            "fit": {"trait": fit_summary(self.trait), "with_method": fit_summary(self.with_method)},
            "source": "Podsakoff et al. (2003); Williams, Cote & Buckley (1989)",
            "warnings": list(self.warnings),
        }


def method_structure(st: LatentStructure, name: str, items: tuple[str, ...] | None = None
                     ) -> LatentStructure:
    """``st`` plus latent ``name`` loading on ``items`` (default all), orthogonal to the
    other latents (no covariance rows)."""
    if name in st.latents or name in st.observed:
        raise EstimationError(f"the method factor's name '{name}' is already a variable of the "
                              f"model; choose another name")
    ind = dict(st.indicators)
    ind[name] = tuple(items) if items is not None else tuple(st.observed)
    return replace(st, latents=(*st.latents, name), indicators=ind)


def common_latent_factor(data: pd.DataFrame, model: Instrument | LatentStructure, *,
                         level: str = "first", threshold: float = 0.20,
                         name: str = "CMV") -> CommonLatentFactor:
    """Fit the trait CFA with and without an equal-loading method factor (ML, complete cases).

    Parameters
    ----------
    data
        Item codes as answered (reverse-keyed items are recoded when ``model`` is an
        Instrument).
    model
        Instrument (its ``level`` structure) or LatentStructure of the trait model.
    threshold
        Flag an item whose standardized trait loading changes by more than this (.20).
    name
        Name of the method factor.

    Returns
    -------
    CommonLatentFactor
    """
    x, st = resolve(data, model, level)
    trait = fit_cfa(x, st, modindices=False)
    ms = method_structure(st, name)
    obs = st.observed
    cons = Constraints(free=(f"{name} =~ {obs[0]}",), fixed={f"{name} ~~ {name}": 1.0},
                       equal=(tuple(f"{name} =~ {i}" for i in obs),))
    meth = fit_cfa(x, ms, constraints=cons, modindices=False)
    p = meth.parameters
    mrows = p[(p["lhs"] == name) & (p["op"] == "=~")].set_index("rhs")
    without = std_loadings(trait)
    with_ = std_loadings(meth, exclude=name)
    items = pd.DataFrame({
        "construct": without.index.get_level_values("construct"),
        "std_without": without.to_numpy(),
        "std_with": with_.reindex(without.index).to_numpy(),
    }, index=pd.Index(without.index.get_level_values("item"), name="item"))
    items["change"] = items["std_with"] - items["std_without"]
    items["method_std"] = mrows["std"].reindex(items.index).to_numpy()
    items["flagged"] = np.abs(items["change"]) > threshold
    first = mrows.iloc[0]
    est, se = float(first["est"]), float(first["se"])
    if est < 0:  # the sign of a method factor is arbitrary: report it positive
        est = -est
        items["method_std"] = -items["method_std"]
    share = float(np.mean(mrows["std"].to_numpy() ** 2))
    return CommonLatentFactor(
        trait=trait, with_method=meth, test=lrt(trait, meth), method_loading=est,
        method_loading_se=se, method_share=share, items=items, threshold=threshold,
        method_name=name, warnings=tuple(dict.fromkeys(trait.warnings + meth.warnings)))
