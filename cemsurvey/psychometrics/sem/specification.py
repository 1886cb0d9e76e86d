"""Model specification checks: which latent structure a fit uses and whether it is identified.

:func:`structure_of` turns an Instrument (at a level) or a LatentStructure into the
structure every estimator fits; :func:`check_structure` raises for structures that cannot be
identified (one-indicator factors, bare two-indicator higher-order factors) and warns for
those identified only through other factors (Bollen 1989, ch. 7: the three-indicator and
two-indicator rules).

References
----------
Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley.
"""

from __future__ import annotations

import warnings as _warnings
from typing import Literal

from cemsurvey.errors import EstimationError, SpecWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure, latent_structure

Level = Literal["first", "second", "structural"]
Missing = Literal["listwise", "pairwise", "fiml"]

__all__ = ["Level", "Missing", "check_structure", "structure_of"]


def structure_of(model: Instrument | LatentStructure, level: Level | str) -> LatentStructure:
    """The latent structure of ``model``: itself, or an Instrument's at ``level``."""
    if isinstance(model, LatentStructure):
        return model
    if isinstance(model, Instrument):
        if level not in ("first", "second", "structural"):
            raise EstimationError(f"level must be 'first', 'second' or 'structural', got {level!r}")
        return latent_structure(model, level)
    raise EstimationError(f"model must be an Instrument or a LatentStructure, got {type(model).__name__}")


def check_structure(st: LatentStructure, issues: list[str]) -> None:
    """Identification checks: raise for one-indicator factors and bare two-indicator
    higher-order parts; warn for two-indicator factors that lean on other factors."""
    first = set(st.first_order)
    for f in st.latents:
        ind = st.indicators[f]
        if len(ind) == 0:
            raise EstimationError(f"latent '{f}' has no indicators; give it items or remove it")
        if len(ind) == 1:
            what = "item" if f in first else "construct"
            raise EstimationError(
                f"'{f}' is measured by a single {what} ({ind[0]}): a one-indicator factor is not "
                f"identified; add {what}s (three or more) or analyse '{ind[0]}' as an observed score"
            )
    for h in st.higher_order:
        if len(st.indicators[h]) == 2:
            partners = [a for pair in st.latent_covariances for a in pair if h in pair and a != h]
            partners += [y for y, xs in st.regressions if h in xs]
            partners += [x for y, xs in st.regressions if y == h for x in xs]
            if not partners:
                raise EstimationError(
                    f"second-order factor '{h}' has only two constructs "
                    f"({', '.join(st.indicators[h])}) and nothing else to lean on: not identified; "
                    f"add a third construct to '{h}', or fit the first-order model (level='first')"
                )
            msg = (f"second-order factor '{h}' has only two constructs ({', '.join(st.indicators[h])}): "
                   f"identified only through its covariances with other factors; its loadings are "
                   f"unstable if those are small (consider the first-order model)")
            issues.append(msg)
            _warnings.warn(SpecWarning(msg), stacklevel=4)

