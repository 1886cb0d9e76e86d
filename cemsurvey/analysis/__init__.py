"""The ``cemsurvey analyze`` pipeline: one call from a response file and an instrument to
every result a paper needs (import and screening, sample profile, descriptives,
reliability, EFA diagnostics, CFA, validity, structural model, group comparisons).

Use :func:`run_analysis`; it returns a :class:`~cemsurvey.results.AnalysisResult`, which
:mod:`cemsurvey.report` renders (:func:`cemsurvey.report.analysis.analysis_tables`, the
HTML, XLSX and Markdown writers). This package renders nothing.

Importing the package is light (the options and result containers);
:func:`run_analysis` and its engines load on first use.
"""

from __future__ import annotations

from typing import Any

from cemsurvey.analysis.options import AnalysisOptions
from cemsurvey.results import ALL_STEPS, AnalysisResult, StepRecord

__all__ = ["ALL_STEPS", "AnalysisOptions", "AnalysisResult", "StepRecord", "run_analysis"]


def __getattr__(name: str) -> Any:
    """``run_analysis`` loads the pipeline (pandas, the engines) when first asked for."""
    if name == "run_analysis":
        from cemsurvey.analysis.pipeline import run_analysis

        return run_analysis
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
