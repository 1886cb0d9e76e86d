"""JSON Schema of the instrument YAML, generated from the pydantic model."""

from __future__ import annotations

from typing import Any

from cemsurvey.instrument.model import Instrument


def instrument_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) describing a cemsurvey instrument file."""
    schema = Instrument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cemsurvey instrument"
    return schema
