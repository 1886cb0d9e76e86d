"""The instrument model: what a cemsurvey YAML file declares.

Classes here are immutable pydantic models mirroring the YAML keys one to one, so the
JSON Schema printed by ``cemsurvey schema`` is generated from them. Structural checks
(types, unknown keys) are pydantic's; cross-reference checks (unknown scale, duplicate
ids, missing translations, paths naming unknown constructs) live in
:mod:`cemsurvey.instrument.checks`. Load files with
:func:`cemsurvey.instrument.load_instrument`, never by constructing these directly from
untrusted input.

Localized text (``title``, construct ``name``, item ``text``...) is either a plain
string, meaning the instrument's first language, or a mapping ``{language: text}``.
Use :meth:`Instrument.tr` to read it in one language.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from cemsurvey.instrument.ids import ID_PATTERN, ID_RE
from cemsurvey.instrument.paths import parse_covariance, parse_regression

#: A language code: ISO 639 (two or three letters) with optional BCP 47 subtags.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

#: The six roles of a Strauss & Corbin paradigm model, in reading order.
PARADIGM_ROLES: tuple[str, ...] = (
    "causal",
    "contextual",
    "intervening",
    "phenomenon",
    "strategies",
    "consequences",
)

#: The customary structural hypotheses of a paradigm model (shared/paradigm-models.md).
PARADIGM_PATHS: tuple[str, ...] = (
    "phenomenon ~ causal",
    "strategies ~ phenomenon + contextual + intervening",
    "consequences ~ strategies",
)


def _check_localized(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("text is empty; write the text or remove the key")
        return value
    if isinstance(value, dict):
        out: dict[str, str] = {}
        if not value:
            raise ValueError("expected text or a mapping {language: text}, found an empty mapping")
        for k, v in value.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise ValueError(
                    f"expected {{language: text}} with text strings, found {k!r}: {v!r}"
                )
            if not v.strip():
                raise ValueError(f"text for language '{k}' is empty")
            out[k] = v
        return out
    raise ValueError(
        f"expected text (a string) or a mapping {{language: text}}, found {type(value).__name__} {value!r}"
    )


Localized = Annotated[
    str | dict[str, str],
    PlainValidator(_check_localized),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
            ],
            "description": "Text in the first language, or a mapping {language code: text}.",
        }
    ),
]


def _check_id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected an identifier (letters, digits, _), found {value!r}")
    if not ID_RE.match(value):
        raise ValueError(
            f"'{value}' is not a valid identifier: start with a letter, then letters, digits or _"
        )
    return value


Identifier = Annotated[
    str,
    PlainValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Scale(_Base):
    """A response scale. ``likert`` scales have ``points`` coded 1..points by default."""

    type: Literal["likert", "numeric"] = "likert"
    points: int | None = Field(None, ge=2, le=11, description="Number of Likert points (2-11).")
    labels: dict[str, list[str]] = Field(
        default_factory=dict, description="Point labels per language, lowest code first."
    )
    values: list[int] | None = Field(
        None, description="Codes of the points (default 1..points), lowest first."
    )
    min: float | None = Field(None, description="Numeric scales: smallest allowed value.")
    max: float | None = Field(None, description="Numeric scales: largest allowed value.")

    @property
    def codes(self) -> list[int]:
        """Codes of a Likert scale's points, lowest first (empty for numeric scales)."""
        if self.type != "likert" or self.points is None:
            return []
        return list(self.values) if self.values else list(range(1, self.points + 1))

    @property
    def low(self) -> float | None:
        """Smallest valid code (for reverse keying: reversed = low + high - code)."""
        return float(min(self.codes)) if self.codes else self.min

    @property
    def high(self) -> float | None:
        """Largest valid code."""
        return float(max(self.codes)) if self.codes else self.max


class Dimension(_Base):
    """A higher-order grouping of constructs, e.g. a paradigm role."""

    label: Localized | None = None
    description: Localized | None = None


class Item(_Base):
    """One questionnaire statement (indicator)."""

    id: Identifier
    text: Localized
    reverse: bool = Field(False, description="Reverse-keyed: analyses use (min + max) - code.")
    origin: str | None = Field(
        None,
        description="Where the item comes from, e.g. the axial code it was written from or "
        "the published scale it adapts (documentation only).",
    )


class Construct(_Base):
    """A first-order construct measured by its items."""

    id: Identifier
    name: Localized
    dimension: Identifier | None = None
    scale: Identifier | None = None
    description: Localized | None = None
    marker: bool = Field(
        False, description="A marker construct: theoretically unrelated to the others but "
        "measured the same way; the common-method-bias checks use it (Lindell & Whitney 2001; "
        "Williams, Hartman & Cavazotte 2010).")
    items: list[Item] = Field(default_factory=list)
    measurement: Literal["reflective", "composite", "formative"] = Field(
        "reflective",
        description="How the items relate to the construct in PLS-SEM: reflective (common "
        "factor; mode A, corrected by consistent PLS), composite (mode A, not corrected) or "
        "formative (mode B regression weights; lavaan '<~').",
    )
    global_item: Identifier | None = Field(
        None,
        description="A formative construct's global single item (a column of the responses "
        "outside its items) for the redundancy analysis of convergent validity.",
    )


class AttentionCheck(_Base):
    """An instructed-response item ("please select 'Agree'") used to screen careless answers."""

    id: Identifier
    text: Localized
    scale: Identifier | None = None
    expect: int = Field(description="The only code an attentive respondent gives.")
    after: Identifier | None = Field(
        None, description="Construct after which the check is placed (default: middle)."
    )


#: JSON Schema rules of a background question that pydantic's types cannot express but
#: the loader enforces (cemsurvey.instrument.checks), so an editor flags the same files.
_BACKGROUND_RULES: dict[str, Any] = {
    "allOf": [
        {   # choice questions (type single, the default, or multiple) need options
            "if": {"properties": {"type": {"enum": ["single", "multiple"]}}},
            "then": {"required": ["options"], "properties": {"options": {"type": "object", "minProperties": 1}}},
        },
        {   # number and text questions take no options
            "if": {"properties": {"type": {"enum": ["number", "text"]}}, "required": ["type"]},
            "then": {"not": {"required": ["options"]}},
        },
        {   # min/max apply to numbers only
            "if": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]},
            "then": {"required": ["type"], "properties": {"type": {"const": "number"}}},
        },
    ]
}


class BackgroundQuestion(_Base):
    """A background (demographic) question."""

    model_config = ConfigDict(json_schema_extra=_BACKGROUND_RULES)

    id: Identifier
    text: Localized
    type: Literal["single", "multiple", "number", "text"] = "single"
    options: dict[int, Localized] | None = Field(
        None,
        description="Choice questions: code (an integer) -> label (per language).",
        json_schema_extra={"propertyNames": {"pattern": r"^-?[0-9]+$"}},
    )
    min: float | None = None
    max: float | None = None
    required: bool = False
    position: Literal["start", "end"] = "start"


class Planning(_Base):
    """Assumptions of a Monte Carlo power study (``cemsurvey sample-size --monte-carlo``).

    Standardized values; command-line options override them.
    """

    loading: float | None = Field(
        None, gt=0, lt=1, description="Standardized loading of every indicator (default 0.7)."
    )
    correlation: float | None = Field(
        None, gt=-1, lt=1, description="Correlation of the exogenous latent variables (default 0)."
    )
    loadings: dict[str, Annotated[float, Field(gt=-1, lt=1)]] = Field(
        default_factory=dict,
        description="Per-indicator standardized loadings: item id (or, on a dimension, "
        "construct id) -> loading.",
    )
    effects: dict[str, Annotated[float, Field(gt=-1, lt=1)]] = Field(
        default_factory=dict,
        description="Standardized effect of each path, keyed 'outcome ~ predictor'.",
        json_schema_extra={"propertyNames": {"pattern": r"^\s*[A-Za-z][A-Za-z0-9_]*\s*~\s*"
                                                        r"[A-Za-z][A-Za-z0-9_]*\s*$"}},
    )


class Instrument(_Base):
    """A survey instrument: scales, constructs with items, dimensions and hypotheses."""

    title: Localized
    languages: list[str] = Field(
        default_factory=lambda: ["en"],
        min_length=1,
        description="Language codes (ISO 639, optionally with a region: en, fa, en-GB); the "
        "first is the default.",
        json_schema_extra={"items": {"type": "string", "pattern": LANGUAGE_PATTERN},
                           "uniqueItems": True},
    )
    source: str | None = Field(None, description="Citation of the study the instrument is from.")
    intro: Localized | None = Field(None, description="Consent / introduction text.")
    estimator: Literal["ml", "mlr", "wlsmv"] | None = Field(
        None, description="Default estimator for CFA/SEM."
    )
    scales: dict[str, Scale] = Field(default_factory=dict)
    dimensions: dict[str, Dimension] = Field(default_factory=dict)
    constructs: list[Construct] = Field(min_length=1)
    attention_checks: list[AttentionCheck] = Field(default_factory=list)
    background: list[BackgroundQuestion] = Field(default_factory=list)
    paths: list[str] | None = Field(
        None, description="Structural hypotheses, lavaan-style: 'lhs ~ rhs1 + rhs2'."
    )
    covariances: list[str] = Field(
        default_factory=list, description="Residual covariances, lavaan-style: 'y1 ~~ y5'."
    )
    planning: Planning | None = Field(
        None, description="Effects and loadings assumed by Monte Carlo power planning."
    )

    # ------------------------------------------------------------------ lookups
    def tr(self, text: str | dict[str, str] | None, lang: str | None = None) -> str:
        """Text of a localized value in ``lang`` (default: first language), with fallback.

        >>> ins = Instrument(title="T", constructs=[Construct(id="A", name="a",
        ...     items=[Item(id="A1", text={"en": "x", "fa": "y"})])], languages=["en", "fa"])
        >>> ins.tr(ins.constructs[0].items[0].text, "fa")
        'y'
        """
        if text is None:
            return ""
        if isinstance(text, str):
            return text
        lang = lang or self.languages[0]
        if lang in text:
            return text[lang]
        for fallback in self.languages:
            if fallback in text:
                return text[fallback]
        return next(iter(text.values()))

    @cached_property
    def items(self) -> list[Item]:
        """All items in questionnaire order."""
        return [it for c in self.constructs for it in c.items]

    @cached_property
    def item_ids(self) -> list[str]:
        return [it.id for it in self.items]

    @cached_property
    def construct_ids(self) -> list[str]:
        return [c.id for c in self.constructs]

    @cached_property
    def construct_of_item(self) -> dict[str, str]:
        """Map item id -> construct id."""
        return {it.id: c.id for c in self.constructs for it in c.items}

    def construct(self, cid: str) -> Construct:
        for c in self.constructs:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def item(self, iid: str) -> Item:
        for it in self.items:
            if it.id == iid:
                return it
        raise KeyError(iid)

    def scale_id_of(self, construct: Construct) -> str:
        """The scale id a construct uses (its own, or the instrument's only scale)."""
        if construct.scale:
            return construct.scale
        if len(self.scales) == 1:
            return next(iter(self.scales))
        return "_default"

    def scale_of(self, construct: Construct | str) -> Scale:
        """The response scale of a construct (by object or id).

        An instrument with no ``scales`` key gets a 5-point Likert default.
        """
        if isinstance(construct, str):
            construct = self.construct(construct)
        sid = self.scale_id_of(construct)
        return self.scales.get(sid) or Scale(type="likert", points=5)

    def scale_of_item(self, iid: str) -> Scale:
        return self.scale_of(self.construct_of_item[iid])

    @cached_property
    def reverse_items(self) -> list[str]:
        return [it.id for it in self.items if it.reverse]

    @cached_property
    def marker_constructs(self) -> list[str]:
        """Ids of the constructs declared ``marker: true``."""
        return [c.id for c in self.constructs if c.marker]

    def constructs_in(self, dimension: str) -> list[Construct]:
        return [c for c in self.constructs if c.dimension == dimension]

    @cached_property
    def is_paradigm(self) -> bool:
        """True when the dimensions include all six paradigm roles."""
        return set(PARADIGM_ROLES) <= set(self.dimensions)

    @cached_property
    def structural_paths(self) -> list[tuple[str, list[str]]]:
        """Effective structural regressions ``[(lhs, [rhs, ...]), ...]`` in declared order.

        The declared ``paths``, or the paradigm default when ``paths`` is absent and the
        dimensions are the six paradigm roles; otherwise empty.
        """

        src = self.paths
        if src is None:
            src = list(PARADIGM_PATHS) if self.is_paradigm else []
        out: list[tuple[str, list[str]]] = []
        for s in src:
            for lhs, rhs in parse_regression(s):
                out.append((lhs, rhs))
        return out

    @cached_property
    def hypotheses(self) -> list[tuple[str, str]]:
        """One (predictor, outcome) pair per arrow, in the order of ``paths`` (H1..Hn)."""
        return [(r, lhs) for lhs, rhs in self.structural_paths for r in rhs]

    @cached_property
    def residual_covariances(self) -> list[tuple[str, str]]:

        return [pair for s in self.covariances for pair in parse_covariance(s)]
