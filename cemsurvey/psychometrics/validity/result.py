"""The result of a validity analysis (:class:`ValidityResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.psychometrics.validity.htmt import HTMTBootstrap


@dataclass(frozen=True)
class ValidityResult:
    """Convergent and discriminant validity of a measurement model.

    Attributes
    ----------
    cr, ave, msv, asv
        Per construct (Series indexed by construct id).
    fornell_larcker
        sqrt(AVE) on the diagonal, factor correlations off it.
    factor_correlations
        Factor correlation matrix from the CFA.
    htmt, htmt2
        Constructs x constructs (diagonal 1).
    bootstrap
        Percentile CIs of HTMT/HTMT2, or None.
    n
        Respondents used for HTMT (complete cases on the model's items).
    method
        Formula names per statistic.
    missing
        Missing-data policy (``"listwise"``).
    warnings
        Texts of the warnings issued.
    discriminant
        Discriminant validity with inference from the CFA factor correlations
        (:class:`~cemsurvey.psychometrics.discriminant.DiscriminantValidity`), or None.
    htmt_inference
        HTMT/HTMT2 bootstrap intervals with upper-bound verdicts
        (:class:`~cemsurvey.psychometrics.discriminant.HTMTInference`), or None.
        Both are attached by the caller (the module imports this one, not the reverse),
        hence typed ``Any``.
    """

    cr: pd.Series
    ave: pd.Series
    fornell_larcker: pd.DataFrame
    factor_correlations: pd.DataFrame
    htmt: pd.DataFrame
    htmt2: pd.DataFrame
    msv: pd.Series
    asv: pd.Series
    n: int
    method: dict[str, str]
    missing: str = "listwise"
    bootstrap: HTMTBootstrap | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    discriminant: Any = None
    htmt_inference: Any = None

    @property
    def constructs(self) -> list[str]:
        return list(self.cr.index)

    def fornell_larcker_holds(self) -> pd.Series:
        """Per construct: sqrt(AVE) exceeds every |correlation| with another construct."""
        fl = self.fornell_larcker.to_numpy(dtype=float)
        off = np.abs(fl.copy())
        np.fill_diagonal(off, -np.inf)
        return pd.Series(np.diag(fl) > off.max(axis=1), index=self.fornell_larcker.index)

    def to_dict(self) -> dict[str, Any]:
        """``{cr, ave, fornell_larcker, htmt, htmt2, msv, asv, factor_correlations,
        htmt_ci, n, method, missing, warnings, discriminant, htmt_inference}``; matrices as ``{c1: {c2: value}}``,
        ``htmt_ci`` as ``{htmt: {c1: {c2: [lo, hi]}}, htmt2: {...}, level, n_boot}`` or None."""

        def nested(m: pd.DataFrame, diag: bool = True) -> dict[str, dict[str, float]]:
            return {r: {c: float(m.loc[r, c]) for c in m.columns if diag or c != r}
                    for r in m.index}

        ci = None
        if self.bootstrap is not None:
            b = self.bootstrap
            ci = {
                "htmt": {r: {c: [float(b.htmt_lower.loc[r, c]), float(b.htmt_upper.loc[r, c])]
                             for c in self.htmt.columns if c != r} for r in self.htmt.index},
                "htmt2": {r: {c: [float(b.htmt2_lower.loc[r, c]),
                                  float(b.htmt2_upper.loc[r, c])]
                              for c in self.htmt.columns if c != r} for r in self.htmt.index},
                "level": b.level, "n_boot": b.n_boot, "n_failed": b.n_failed, "seed": b.seed,
            }
        return {
            "cr": {k: float(v) for k, v in self.cr.items()},
            "ave": {k: float(v) for k, v in self.ave.items()},
            "fornell_larcker": nested(self.fornell_larcker),
            "htmt": nested(self.htmt, diag=False),
            "htmt2": nested(self.htmt2, diag=False),
            "msv": {k: float(v) for k, v in self.msv.items()},
            "asv": {k: float(v) for k, v in self.asv.items()},
            "factor_correlations": nested(self.factor_correlations),
            "htmt_ci": ci,
            "n": self.n,
            "method": dict(self.method),
            "missing": self.missing,
            "warnings": list(self.warnings),
            "discriminant": None if self.discriminant is None else self.discriminant.to_dict(),
            "htmt_inference": (None if self.htmt_inference is None
                               else self.htmt_inference.to_dict()),
        }
