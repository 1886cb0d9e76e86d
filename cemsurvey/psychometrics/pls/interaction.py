"""Interaction (moderation) terms in PLS path models: ``y ~ x + m + x:m``.

The term ``x:m`` becomes a latent variable of the model, with an arrow to the outcome
like any predictor (so it has a path coefficient, bootstrap inference, f^2 and inner VIF).
Its indicators (Henseler & Chin 2010; Becker, Ringle & Sarstedt 2018):

* ``"two-stage"`` (default, as SmartPLS 4): stage 1 estimates the main-effects model
  (every interaction term removed); the term's single indicator is the product of the
  standardized stage-1 scores of ``x`` and ``m``; stage 2 is the full model. The bootstrap
  resamples stage 2 with the product held fixed (as the HOC two-stage approaches here);
* ``"product-indicator"``: every product of a standardized indicator of ``x`` with a
  standardized indicator of ``m`` measures the term (mode A).

The term is a composite (never corrected by consistent PLS; rho_A = 1 as in seminr). Simple
slopes (Aiken & West 1991) at moderator values -1, 0, +1 SD in the standardized latent
space, as SmartPLS's simple slope plot: ``slope(x | m) = b_x + b_xm m`` and the outcome
``b_x x + b_m m + b_xm x m`` at ``x = -1`` and ``+1``.

Verified on simulated data (tests/pls/test_pls_next_interaction.py): a planted interaction
is recovered (significant, right sign and size) and no interaction is found where none was
planted; the two-stage product equals the product of the main-effects model's scores.

References
----------
Henseler, J., & Chin, W. W. (2010). A comparison of approaches for the analysis of
interaction effects between latent variables using PLS path modeling. Structural Equation
Modeling, 17(1), 82-109. Becker, J.-M., Ringle, C. M., & Sarstedt, M. (2018). Estimating
moderating effects in PLS-SEM and PLSc-SEM: interaction term generation * data treatment.
J. Applied Structural Equation Modeling, 2(2), 1-21. Aiken, L. S., & West, S. G. (1991).
*Multiple Regression: Testing and Interpreting Interactions*. Sage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.data import correlations, prepare_items, standardize
from cemsurvey.psychometrics.pls.engine import Scheme, estimate, orient
from cemsurvey.psychometrics.pls.model import PLSModel, stage1_spec

#: Ways to build the indicators of an interaction term.
APPROACHES = ("two-stage", "product-indicator")
#: Moderator values (in SDs) of the simple-slope table.
SLOPE_LEVELS = (-1.0, 0.0, 1.0)


@dataclass(frozen=True)
class InteractionEffect:
    """One interaction term ``x:m -> y`` with its simple slopes.

    Attributes
    ----------
    est, se, t, p, ci_lower, ci_upper, f2
        The term's path coefficient and its bootstrap inference, and f^2.
    slopes
        Indexed by the moderator value in SDs (-1, 0, 1): ``slope`` of ``x`` and the
        outcome at ``x = -1`` and ``x = +1`` (``y_low``, ``y_high``).
    """

    term: str
    x: str
    m: str
    y: str
    est: float
    se: float
    t: float
    p: float
    ci_lower: float
    ci_upper: float
    f2: float
    slopes: pd.DataFrame
    approach: str

    def to_dict(self) -> dict[str, Any]:
        """Every attribute; ``slopes`` as rows ``{moderator_sd, slope, y_low, y_high}``."""
        d = {k: getattr(self, k) for k in ("term", "x", "m", "y", "est", "se", "t", "p",
                                          "ci_lower", "ci_upper", "f2", "approach")}
        d["slopes"] = [{"moderator_sd": float(lv), **row.to_dict()}
                       for lv, row in self.slopes.iterrows()]
        return d


def main_effects(model: PLSModel) -> PLSModel:
    """``model`` without its interaction terms."""
    terms = set(model.interactions)
    return replace(model, latents=[v for v in model.latents if v not in terms],
                   blocks={k: v for k, v in model.blocks.items() if k not in terms},
                   edges=[e for e in model.edges if e[0] not in terms], interactions={})


def add_interactions(data: pd.DataFrame, ins: Instrument, model: PLSModel, approach: str,
                     scheme: Scheme, max_iter: int, tol: float
                     ) -> tuple[pd.DataFrame, PLSModel]:
    """The responses with the interaction terms' indicator columns, and the model naming them.

    Raises
    ------
    EstimationError
        An unknown approach, or an interaction of a higher-order construct.
    """
    if not model.interactions:
        return data, model
    if approach not in APPROACHES:
        raise EstimationError(f"interaction must be two-stage or product-indicator, got "
                              f"{approach!r}")
    bad = [t for t, (x, m) in model.interactions.items()
           if x in model.hoc_members or m in model.hoc_members]
    if bad:
        raise EstimationError(f"interaction term(s) {', '.join(bad)} involve a higher-order "
                              "construct; use first-order constructs")
    main = main_effects(model)
    X, index, _ = prepare_items(data, ins, main.items)
    cols: dict[str, np.ndarray] = {}
    blocks = dict(model.blocks)
    if approach == "two-stage":
        spec = stage1_spec(main, "repeated")
        fit = estimate(correlations(X), spec, scheme=scheme, max_iter=max_iter, tol=tol)
        orient(fit)
        Y = standardize(X) @ fit.W[0]
        for term, (x, m) in model.interactions.items():
            cols[term] = Y[:, spec.latents.index(x)] * Y[:, spec.latents.index(m)]
            blocks[term] = [term]
    else:
        Z = standardize(X)
        for term, (x, m) in model.interactions.items():
            names = [f"{i}*{j}" for i in main.blocks[x] for j in main.blocks[m]]
            for i in main.blocks[x]:
                for j in main.blocks[m]:
                    cols[f"{i}*{j}"] = Z[:, main.items.index(i)] * Z[:, main.items.index(j)]
            blocks[term] = names
    taken = [c for c in cols if c in data.columns]
    if taken:
        raise EstimationError(f"the responses already have a column '{taken[0]}', the name of "
                              "an interaction indicator; rename that column")
    extra = pd.DataFrame(cols, index=index).reindex(data.index)
    return pd.concat([data, extra], axis=1), replace(model, blocks=blocks)


def simple_slopes(bx: float, bm: float, bxm: float) -> pd.DataFrame:
    """Slope of ``x`` and the outcome at ``x = -1, +1`` for moderator values -1, 0, +1 SD.

    >>> simple_slopes(0.3, 0.2, 0.1)["slope"].round(2).tolist()
    [0.2, 0.3, 0.4]
    """
    rows = {lv: {"slope": bx + bxm * lv,
                 "y_low": -bx + bm * lv - bxm * lv,
                 "y_high": bx + bm * lv + bxm * lv} for lv in SLOPE_LEVELS}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "moderator_sd"
    return out


def interaction_effects(model: PLSModel, paths: pd.DataFrame,
                        approach: str) -> tuple[InteractionEffect, ...]:
    """Each term's row of the paths table with its simple slopes."""
    out = []
    for term, (x, m) in model.interactions.items():
        for (a, y), row in paths.iterrows():
            if a != term:
                continue
            bx, bm = paths.loc[(x, y), "est"], paths.loc[(m, y), "est"]
            out.append(InteractionEffect(
                term=term, x=x, m=m, y=y, est=float(row["est"]), se=float(row["se"]),
                t=float(row["t"]), p=float(row["p"]), ci_lower=float(row["ci_lower"]),
                ci_upper=float(row["ci_upper"]), f2=float(row["f2"]),
                slopes=simple_slopes(float(bx), float(bm), float(row["est"])),
                approach=approach))
    return tuple(out)
