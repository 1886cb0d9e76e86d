"""``run_analysis``: every step of ``cemsurvey analyze`` in order, with notes and timings.

Order: import and screening -> sample profile -> item descriptives -> reliability -> EFA
diagnostics -> CFA (one fit, reused by validity) -> validity -> structural model (CB-SEM,
PLS or PLSc) -> PLSpredict and IPMA (PLS only; :mod:`~cemsurvey.analysis.pls_steps`) ->
group comparisons. A step whose requirements were all "not requested" is itself "not
requested" (no note). A step that cannot run (no paths declared, an
:class:`~cemsurvey.errors.EstimationError` from its module) is skipped with a note and the
rest still runs; input errors (:class:`~cemsurvey.errors.DataError`,
:class:`~cemsurvey.errors.SpecError`) stop the run, so no report is written from a
half-read file. Warnings raised inside a step are kept on its
:class:`~cemsurvey.results.StepRecord` and re-emitted for the caller.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from cemsurvey._blas import blas_threads
from cemsurvey.analysis.context import ProgressFactory, Step, StepContext, StepSkipped
from cemsurvey.analysis.options import AnalysisOptions
from cemsurvey.analysis.steps import DEFAULT_STEPS
from cemsurvey.errors import DataError, EstimationError, SingularMatrixWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.results import ALL_STEPS, AnalysisResult, StepRecord


def _expand(requested: tuple[str, ...], registry: Mapping[str, Step]) -> tuple[list[str], list[str]]:
    """Steps to run (requested plus what they require) in pipeline order, and notes."""
    chosen = set(requested) | {"import"}
    notes = []
    changed = True
    while changed:
        changed = False
        for name in list(chosen):
            for req in registry[name].requires:
                if req not in chosen:
                    chosen.add(req)
                    changed = True
                    if req != "import":
                        notes.append(f"{req} runs because {name} needs its result")
    order = [s for s in ALL_STEPS if s in chosen and s in registry]
    return order, notes


def run_analysis(
    data_path: str | Path,
    ins: Instrument,
    options: AnalysisOptions | None = None,
    *,
    progress: ProgressFactory | None = None,
    registry: Mapping[str, Step] | None = None,
) -> AnalysisResult:
    """Run the analysis of a response file against an instrument.

    Parameters
    ----------
    data_path
        Response export (any format :func:`cemsurvey.responses.import_responses` reads).
    ins
        The instrument (:func:`cemsurvey.instrument.load_instrument`).
    options
        :class:`AnalysisOptions` (steps, method, bootstrap, seed, ...).
    progress
        Optional ``factory(label, total) -> advance(k)`` for long steps (the CLI passes
        Rich progress bars on a terminal; the library never draws anything itself).
    registry
        Step name -> :class:`~cemsurvey.analysis.steps.Step`; defaults to
        :data:`~cemsurvey.analysis.steps.DEFAULT_STEPS`. Replace entries to inject a step.

    Returns
    -------
    AnalysisResult
        Results of the steps that ran, a record per step (status, seconds, note,
        warnings), notes and timings.

    Raises
    ------
    DataError, SpecError
        The response file or a reference in the options (the grouping question) is
        unusable.
    """
    options = options or AnalysisOptions()
    if options.blas_threads is None:
        return _run(data_path, ins, options, progress, registry)
    with blas_threads(options.blas_threads):  # loads scipy's OpenBLAS too, then limits
        return _run(data_path, ins, options, progress, registry)


def _numerical_dead_end(exc: BaseException) -> bool:
    """True for a singular matrix, an overflow, or a ValueError raised inside numpy/scipy
    (an optimiser meeting NaN): the data cannot support the step. A ValueError raised in
    cemsurvey's own code is a bug and is not hidden."""
    if isinstance(exc, np.linalg.LinAlgError | ArithmeticError):
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    origin = tb.tb_frame.f_code.co_filename if tb is not None else ""
    return any(part in origin for part in ("/scipy/", "/numpy/", "\\scipy\\", "\\numpy\\"))


def _run(data_path: str | Path, ins: Instrument, options: AnalysisOptions,
         progress: ProgressFactory | None, registry: Mapping[str, Step] | None
         ) -> AnalysisResult:
    registry = dict(registry or DEFAULT_STEPS)
    to_run, notes = _expand(options.steps, registry)
    ctx = StepContext(ins=ins, data_path=Path(data_path), options=options, progress=progress)
    records: dict[str, StepRecord] = {}
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    for name in to_run:
        step = registry[name]
        missing_dep = [r for r in step.requires if r in records and records[r].status != "ok"]
        if missing_dep and all(records[r].status == "not requested" for r in missing_dep):
            records[name] = StepRecord(name, "not requested")  # nothing to build on: quiet
            continue
        if missing_dep:
            msg = f"{name} skipped: it needs {', '.join(missing_dep)}, which did not run"
            records[name] = StepRecord(name, "skipped", 0.0, msg)
            notes.append(msg)
            continue
        t0 = time.perf_counter()
        note: str | None = None
        status = "ok"
        result: Any = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = step.run(ctx)
            except StepSkipped as exc:
                status = "not requested" if exc.quiet else "skipped"
                note = None if exc.quiet else f"{name} skipped: {exc}"
            except (EstimationError, DataError) as exc:
                # after import, a data problem concerns this step alone (e.g. two items never
                # answered together): skip it, say why, and run the others
                if name == "import":
                    raise
                status = "skipped"
                note = f"{name} skipped: {exc}"
            except (np.linalg.LinAlgError, ArithmeticError, ValueError) as exc:
                if name == "import" or not _numerical_dead_end(exc):
                    raise
                status = "skipped"  # the data cannot support this step: skip it, say why
                note = (f"{name} skipped: the computation failed on these data "
                        f"({type(exc).__name__}: {exc})")
                warnings.warn(SingularMatrixWarning(
                    f"{name}: the computation failed on these data; this happens with fewer "
                    "respondents than items or items that are copies of each other; collect "
                    "more responses or drop duplicated items"), stacklevel=1)
        seconds = time.perf_counter() - t0
        if ctx.remarks:
            remark = "; ".join(ctx.remarks)
            ctx.remarks.clear()
            if status == "ok":
                note = f"{name}: {remark}"
        texts = _replay(caught)
        texts += [w for w in getattr(result, "warnings", ()) or () if isinstance(w, str)]
        if status == "ok":
            ctx.results[name] = result
            timings[name] = seconds
        if note:
            notes.append(note)
        records[name] = StepRecord(name, status, seconds, note, tuple(dict.fromkeys(texts)))
    timings["total"] = time.perf_counter() - t_all
    all_records = tuple(
        records.get(s, StepRecord(s, "not requested")) for s in ALL_STEPS
    )
    data = ctx.data
    return AnalysisResult(
        n=0 if data is None else int(data.shape[0]),
        data_path=str(data_path),
        title=ins.tr(ins.title),
        options=options,
        steps=all_records,
        results=dict(ctx.results),
        notes=tuple(notes),
        timings=timings,
        instrument=ins,
    )


def _replay(caught: list[warnings.WarningMessage]) -> list[str]:
    """Re-emit warnings captured inside a step; return the texts of cemsurvey's own."""
    from cemsurvey.errors import CemsurveyWarning

    texts = []
    for w in caught:
        if issubclass(w.category, CemsurveyWarning):
            texts.append(str(w.message))
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return texts
