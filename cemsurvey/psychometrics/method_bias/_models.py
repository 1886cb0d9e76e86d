"""Shared pieces of the method-factor models: resolving the trait structure and data, the
chi-square difference test, and fit summaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure, latent_structure
from cemsurvey.psychometrics.scores import reverse_keyed
from cemsurvey.psychometrics.sem.results import CFAResult
from cemsurvey.stats.distributions import chi2_sf

FIT_KEYS = ("chi2", "df", "p", "cfi", "tli", "rmsea", "srmr", "aic", "bic")


def resolve(data: pd.DataFrame, model: Instrument | LatentStructure, level: str
            ) -> tuple[pd.DataFrame, LatentStructure]:
    """Reverse-keyed data (when ``model`` is an Instrument) and the latent structure."""
    if isinstance(model, Instrument):
        return reverse_keyed(data, model, strict=False), latent_structure(model, level)  # type: ignore[arg-type]
    if isinstance(model, LatentStructure):
        return data, model
    raise EstimationError(f"model must be an Instrument or a LatentStructure, got "
                          f"{type(model).__name__}")


@dataclass(frozen=True)
class ChiSquareDifference:
    """Likelihood-ratio (chi-square difference) test of a constrained against a freer model,
    as lavaan's ``lavTestLRT`` under ML: ``chi2_c - chi2_f`` on ``df_c - df_f`` df."""

    chi2: float
    df: int
    p: float

    def to_dict(self) -> dict[str, float | int]:
        return {"chi2": float(self.chi2), "df": int(self.df), "p": float(self.p)}


def lrt(constrained: CFAResult, free: CFAResult) -> ChiSquareDifference:
    d = constrained.fit.chi2 - free.fit.chi2
    ddf = constrained.fit.df - free.fit.df
    p = float(chi2_sf(max(d, 0.0), ddf)) if ddf > 0 else float("nan")
    return ChiSquareDifference(float(d), int(ddf), p)


def fit_summary(r: CFAResult) -> dict[str, Any]:
    """The fit indices reviewers read, plus convergence."""
    f = r.fit
    out: dict[str, Any] = {k: _num(getattr(f, k)) for k in FIT_KEYS}
    out["converged"] = bool(r.converged)
    return out


def _num(x: Any) -> Any:
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    return None if np.isnan(x) else x


def std_loadings(r: CFAResult, exclude: str | None = None) -> pd.Series:
    """Standardized loadings of items on their trait factors (``(construct, item)`` index),
    leaving out the method factor ``exclude``."""
    ld = r.loadings
    obs = set(r.implied_cov.index)
    ld = ld[ld["item"].isin(obs) & (ld["construct"] != exclude)]
    return pd.Series(ld["std"].to_numpy(), index=pd.MultiIndex.from_arrays(
        [ld["construct"], ld["item"]], names=["construct", "item"]))
