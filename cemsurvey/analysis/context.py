"""What a pipeline step receives and what it is: :class:`StepContext` (the instrument, the
data, the options, the results of earlier steps) and :class:`Step` (name, title, function,
requirements). Its own module so that the steps and their helpers (e.g.
:mod:`~cemsurvey.analysis.missing_policy`) share it without importing each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cemsurvey.analysis.options import AnalysisOptions
from cemsurvey.instrument.model import Instrument

ProgressFactory = Callable[[str, int], Callable[[int], None]]


class StepSkipped(Exception):
    """Raised by a step that cannot run; the message says why (shown as a note).

    ``quiet=True`` marks a step that simply was not asked for (``groups`` without a
    grouping question): it is recorded as "not requested" without a note.
    """

    def __init__(self, message: str, *, quiet: bool = False):
        super().__init__(message)
        self.quiet = quiet


@dataclass
class StepContext:
    """What the steps share while a pipeline runs.

    Attributes
    ----------
    ins, data_path, options
        The instrument, the response file and the run's options.
    data
        Respondents x item ids, codes as answered (set by the ``import`` step).
    background
        Respondents x background question ids (set by the ``import`` step).
    results
        Step name -> result of the steps that ran so far.
    progress
        Optional :data:`ProgressFactory`.
    remarks
        Remarks on how the running step ran (e.g. the missing-data policy it used instead
        of the requested one); the pipeline moves them to the step's record note.
    """

    ins: Instrument
    data_path: Path
    options: AnalysisOptions
    data: pd.DataFrame | None = None
    background: pd.DataFrame | None = None
    results: dict[str, Any] = field(default_factory=dict)
    progress: ProgressFactory | None = None
    remarks: list[str] = field(default_factory=list)

    def remark(self, text: str) -> None:
        """Record a remark on the running step (shown in the steps table and notes)."""
        self.remarks.append(text)

    def progress_for(self, label: str, total: int) -> Callable[[int], None] | None:
        """A progress callback for ``total`` units of work, or ``None`` (no display)."""
        if self.progress is None or total <= 0:
            return None
        return self.progress(label, total)

    def need_data(self) -> pd.DataFrame:
        if self.data is None:
            raise StepSkipped("no response data (the import step did not run)")
        return self.data


@dataclass(frozen=True)
class Step:
    """A named pipeline step.

    Attributes
    ----------
    name
        Step name (as in :data:`~cemsurvey.results.ALL_STEPS`).
    title
        Section title in reports.
    run
        ``run(ctx) -> result``.
    requires
        Steps whose results this one reuses (run first even when not requested).
    """

    name: str
    title: str
    run: Callable[[StepContext], Any]
    requires: tuple[str, ...] = ()
