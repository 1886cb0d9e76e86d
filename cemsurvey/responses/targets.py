"""What an export's columns can hold: the instrument's items, attention checks and background
questions as :class:`Target` s, with the codes and labels a valid answer may take."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cemsurvey.instrument.model import Instrument, Scale
from cemsurvey.responses.normalize import norm_text


@dataclass(frozen=True)
class Target:
    """Something a column can hold: an item, an attention check or a background question."""

    id: str
    kind: str  # "item", "attention", "background"
    qtype: str  # "likert", "numeric", "single", "multiple", "number", "text"
    texts: tuple[str, ...]
    codes: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    labels: dict[str, float] = field(default_factory=dict)
    label_list: tuple[str, ...] = ()

    def expected(self) -> str:
        """What a valid answer looks like, for error messages."""
        if self.qtype in ("likert", "single", "multiple") and self.codes:
            codes = ", ".join(_fmt(c) for c in self.codes)
            labs = ", ".join(f"'{lab}'" for lab in self.label_list[:3])
            more = f" or labels such as {labs}" if labs else ""
            return f"one of the codes {codes}{more}"
        if self.low is not None or self.high is not None:
            return f"a number from {_fmt(self.low)} to {_fmt(self.high)}"
        return "a number"


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else str(v)


def _scale_target(ins: Instrument, tid: str, kind: str, texts: tuple[str, ...], scale: Scale) -> Target:
    labels: dict[str, float] = {}
    first: list[str] = []
    if scale.type == "likert":
        for lang, labs in scale.labels.items():
            for code, lab in zip(scale.codes, labs, strict=False):
                labels.setdefault(norm_text(lab), float(code))
                if lang == ins.languages[0]:
                    first.append(lab)
        return Target(tid, kind, "likert", texts, tuple(float(c) for c in scale.codes),
                      scale.low, scale.high, labels, tuple(first))
    return Target(tid, kind, "numeric", texts, (), scale.min, scale.max)


def _texts(ins: Instrument, text: Any) -> tuple[str, ...]:
    if isinstance(text, str):
        return (text,)
    return tuple(text.values())


def targets_of(ins: Instrument) -> list[Target]:
    """Every column an export of ``ins`` may contain, in questionnaire order."""
    out: list[Target] = []
    for it in ins.items:
        out.append(_scale_target(ins, it.id, "item", _texts(ins, it.text), ins.scale_of_item(it.id)))
    for a in ins.attention_checks:
        scale = (ins.scales.get(a.scale) if a.scale else None) or (
            next(iter(ins.scales.values())) if len(ins.scales) == 1 else Scale(type="likert", points=5)
        )
        out.append(_scale_target(ins, a.id, "attention", _texts(ins, a.text), scale))
    for b in ins.background:
        if b.type in ("single", "multiple"):
            labels: dict[str, float] = {}
            first = []
            for code, lab in (b.options or {}).items():
                for t in _texts(ins, lab):
                    labels.setdefault(norm_text(t), float(code))
                first.append(ins.tr(lab))
            out.append(Target(b.id, "background", b.type, _texts(ins, b.text),
                              tuple(float(c) for c in (b.options or {})), None, None, labels,
                              tuple(first)))
        else:
            out.append(Target(b.id, "background", b.type, _texts(ins, b.text), (), b.min, b.max))
    return out


def attention_scale(ins: Instrument, check_id: str) -> Scale:
    """The response scale of an attention check (its own, the only one, or 5 points)."""
    a = next(x for x in ins.attention_checks if x.id == check_id)
    if a.scale and a.scale in ins.scales:
        return ins.scales[a.scale]
    if len(ins.scales) == 1:
        return next(iter(ins.scales.values()))
    return Scale(type="likert", points=5)
