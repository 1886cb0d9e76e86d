"""Containers of a whole analysis run: the step list, one record per step, the result.

Neutral ground between :mod:`cemsurvey.analysis` (which fills these containers) and
:mod:`cemsurvey.report` (which renders them): both import this module, neither imports
the other. It holds data only (no computation beyond the JSON layout) and loads no heavy
library at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: Steps in the order they run. ``import`` always runs (every other step needs the data).
ALL_STEPS: tuple[str, ...] = (
    "import", "missing", "profile", "descriptives", "reliability", "efa", "cfa", "validity",
    "structural", "predict", "ipma", "compare", "method-bias", "groups", "invariance",
)

StepStatus = Literal["ok", "skipped", "not requested"]

#: Keys of :meth:`AnalysisResult.to_dict` holding step results (``null`` when not run).
RESULT_KEYS: tuple[str, ...] = ALL_STEPS


def json_key(step: str) -> str:
    """The JSON key of a step's result: its name with ``-`` as ``_`` (``method_bias``).

    >>> json_key("method-bias"), json_key("cfa")
    ('method_bias', 'cfa')
    """
    return step.replace("-", "_")


@dataclass(frozen=True)
class StepRecord:
    """What happened to one step.

    Attributes
    ----------
    name
        Step name (``"reliability"`` ...).
    status
        ``"ok"``; ``"skipped"`` (it could not run: the note says why); ``"not requested"``.
    seconds
        Wall time spent in the step (0 when it did not run).
    note
        Why the step was skipped, or a remark on how it ran.
    warnings
        Texts of the warnings raised while the step ran.
    """

    name: str
    status: StepStatus
    seconds: float = 0.0
    note: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "seconds": self.seconds,
                "note": self.note, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class AnalysisResult:
    """Everything :func:`~cemsurvey.analysis.pipeline.run_analysis` computed.

    Attributes
    ----------
    n
        Respondents analysed (kept after import and screening).
    data_path, title
        The response file and the instrument's title.
    options
        The :class:`~cemsurvey.analysis.options.AnalysisOptions` used.
    steps
        One :class:`StepRecord` per step in pipeline order.
    results
        Step name -> the step's result object (each with ``to_dict()``); only steps that ran.
    notes
        Human-readable notes (skipped steps and why, defaults applied).
    timings
        Step name -> seconds, plus ``"total"``.
    instrument
        The :class:`~cemsurvey.instrument.model.Instrument` analysed (for renderers: names,
        languages, paths).
    """

    n: int
    data_path: str
    title: str
    options: Any
    steps: tuple[StepRecord, ...]
    results: dict[str, Any]
    notes: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    instrument: Any = None

    def get(self, step: str) -> Any:
        """The result of ``step``, or ``None`` when it did not run."""
        return self.results.get(step)

    def record(self, step: str) -> StepRecord:
        for r in self.steps:
            if r.name == step:
                return r
        raise KeyError(step)

    @property
    def warnings(self) -> tuple[str, ...]:
        """All warning texts of all steps, in order, without repeats."""
        return tuple(dict.fromkeys(w for r in self.steps for w in r.warnings))

    def to_dict(self) -> dict[str, Any]:
        """``{n, data, title, options, steps: [...], import, missing, profile, descriptives,
        reliability, efa, cfa, validity, structural, method_bias, groups, notes, warnings,
        timings}``
        (JSON Schema: :func:`cemsurvey.report.analysis_schema.analysis_json_schema`).

        Built once and cached (results are frozen); each call returns a new top-level
        dict whose sections are shared, so treat the sections as read-only."""
        return dict(self.json_dict())

    def json_dict(self) -> dict[str, Any]:
        """The cached dict behind :meth:`to_dict` (read-only; for renderers)."""
        cached = self.__dict__.get("_json")
        if cached is None:
            cached = self._build_dict()
            object.__setattr__(self, "_json", cached)
        return cached

    def _build_dict(self) -> dict[str, Any]:
        from cemsurvey.jsonable import to_jsonable

        out: dict[str, Any] = {
            "n": self.n, "data": self.data_path, "title": self.title,
            "options": to_jsonable(self.options),
            "steps": [r.to_dict() for r in self.steps],
        }
        for key in RESULT_KEYS:
            res = self.results.get(key)
            out[json_key(key)] = None if res is None else to_jsonable(res)
        st = self.results.get("structural")
        if st is not None and hasattr(st, "structural") and isinstance(out["structural"], dict) \
                and isinstance(out["structural"].get("structural"), dict):
            # the shared hypothesis-table keys at the top; estimator-specific ones under
            # "pls" (PLS-SEM) or "cbsem" (CB-SEM: measurement fit, effects)
            full = out["structural"]
            shared = full.pop("structural")
            key = "pls" if str(shared.get("method", "")).lower() == "pls" else "cbsem"
            out["structural"] = {**shared, key: full}
        out["notes"] = list(self.notes)
        out["warnings"] = list(self.warnings)
        out["timings"] = dict(self.timings)
        return out
