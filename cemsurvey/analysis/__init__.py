"""The ``cemsurvey analyze`` pipeline: one call from a response file and an instrument to
every result a paper needs (import and screening, sample profile, descriptives,
reliability, EFA diagnostics, CFA, validity, structural model, group comparisons).

Use :func:`run_analysis`; render its :class:`AnalysisResult` with
:func:`cemsurvey.analysis.tables.analysis_tables` and the writers in
:mod:`cemsurvey.report`.
"""

from cemsurvey.analysis.options import ALL_STEPS, AnalysisOptions
from cemsurvey.analysis.pipeline import run_analysis
from cemsurvey.analysis.result import AnalysisResult, StepRecord

__all__ = ["ALL_STEPS", "AnalysisOptions", "AnalysisResult", "StepRecord", "run_analysis"]
