"""All common-method-bias checks of one instrument in one call (the ``method-bias`` step).

Runs Harman's single-factor test on every item, full-collinearity VIFs of the construct
scores the caller supplies (or mean scores), the common latent factor over the first-order
CFA and, when the instrument declares a marker construct (``marker: true``), the
Lindell-Whitney correction and the CFA marker technique. A check that cannot be computed
(too few items, a model that does not converge to a proper solution) is skipped with a
warning instead of failing the others. See each module for formulas, references and the R
functions it was verified against.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cemsurvey.errors import CemsurveyError, DataWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.method_bias.collinearity import FullCollinearity, full_collinearity_vif
from cemsurvey.psychometrics.method_bias.harman import HarmanResult, harman_test
from cemsurvey.psychometrics.method_bias.latent_method import (
    CommonLatentFactor,
    common_latent_factor,
)
from cemsurvey.psychometrics.method_bias.marker import (
    LindellWhitney,
    MarkerTechnique,
    lindell_whitney,
    marker_technique,
)
from cemsurvey.psychometrics.scores import construct_scores, reverse_keyed

__all__ = ["MethodBiasResult", "assess_method_bias"]


@dataclass(frozen=True)
class MethodBiasResult:
    """The common-method-bias checks (``None`` where a check was not run or failed).

    Attributes
    ----------
    harman, collinearity, clf, lindell_whitney, marker
        :class:`HarmanResult`, :class:`FullCollinearity`, :class:`CommonLatentFactor`,
        :class:`LindellWhitney`, :class:`MarkerTechnique`.
    marker_construct
        The declared marker construct, if any.
    n
        Respondents in the data (each check reports the complete cases it used).
    warnings
        Warnings of every check, and why a check was skipped.
    """

    harman: HarmanResult | None
    collinearity: FullCollinearity | None
    clf: CommonLatentFactor | None
    lindell_whitney: LindellWhitney | None
    marker: MarkerTechnique | None
    marker_construct: str | None
    n: int
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON ``method_bias``: ``{harman, full_collinearity, common_latent_factor,
        lindell_whitney, marker_technique, marker_construct, n, warnings}`` (null when not run)."""
        def d(x: Any) -> Any:
            return None if x is None else x.to_dict()
        return {"harman": d(self.harman), "full_collinearity": d(self.collinearity),
                "common_latent_factor": d(self.clf), "lindell_whitney": d(self.lindell_whitney),
                "marker_technique": d(self.marker), "marker_construct": self.marker_construct,
                "n": self.n, "warnings": list(self.warnings)}


def assess_method_bias(data: pd.DataFrame, ins: Instrument, *, scores: pd.DataFrame | None = None,
                       scores_label: str = "mean", common_factor: bool = True,
                       harman_threshold: float = 0.50, vif_threshold: float = 3.3,
                       change_threshold: float = 0.20, alpha: float = 0.05) -> MethodBiasResult:
    """Run every common-method-bias check of ``ins`` on ``data``.

    Parameters
    ----------
    data
        Item codes as answered (respondents x item ids).
    ins
        The instrument; a construct with ``marker: true`` enables the marker techniques.
    scores, scores_label
        Construct scores for the full-collinearity VIFs and their label (e.g. PLS scores,
        ``"pls"``); default the mean scores (``"mean"``). The marker is left out of the VIFs.
    common_factor
        Fit the common latent factor (two CFAs; skip for speed).
    harman_threshold, vif_threshold, change_threshold, alpha
        Harman's cut-off (.50), the VIF cut-off (3.3), the loading change that flags an
        item (.20) and the level of the marker technique's difference tests.
    """
    issues: list[str] = []
    marker = ins.marker_constructs[0] if ins.marker_constructs else None
    if len(ins.marker_constructs) > 1:
        _note(issues, f"{len(ins.marker_constructs)} marker constructs declared; the marker "
                      f"checks use the first, {marker}")

    def run(name: str, fn: Any, *args: Any, **kw: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out = fn(*args, **kw)
            except CemsurveyError as exc:
                out = None
                issues.append(f"{name} not computed: {exc}")
        issues.extend(f"{name}: {w.message}" for w in caught)
        return out

    keyed = reverse_keyed(data, ins, strict=False)  # loadings read in the construct's direction
    h = run("Harman's test", harman_test, keyed, ins.item_ids, threshold=harman_threshold)
    sc = construct_scores(data, ins) if scores is None else scores
    sub = sc[[c for c in sc.columns if c != marker]]
    vif = run("full-collinearity VIFs", full_collinearity_vif, sub, which=scores_label,
              threshold=vif_threshold)
    clf = (run("common latent factor", common_latent_factor, data, ins,
               threshold=change_threshold) if common_factor else None)
    lw = mt = None
    if marker is not None:
        msc = construct_scores(data, ins) if marker not in sc.columns else sc
        lw = run("Lindell-Whitney", lindell_whitney, msc, marker)
        mt = run("CFA marker technique", marker_technique, data, ins, marker, alpha=alpha)
    return MethodBiasResult(h, vif, clf, lw, mt, marker, int(len(data)),
                            tuple(dict.fromkeys(issues)))


def _note(issues: list[str], msg: str) -> None:
    issues.append(msg)
    warnings.warn(DataWarning(msg), stacklevel=3)
