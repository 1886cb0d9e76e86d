"""Instrument YAML: schema, loading with line-numbered errors, cross-reference checks."""

from cemsurvey.instrument.loader import load_instrument, parse_instrument
from cemsurvey.instrument.model import (
    PARADIGM_PATHS,
    PARADIGM_ROLES,
    AttentionCheck,
    BackgroundQuestion,
    Construct,
    Dimension,
    Instrument,
    Item,
    Scale,
)

__all__ = [
    "PARADIGM_PATHS",
    "PARADIGM_ROLES",
    "AttentionCheck",
    "BackgroundQuestion",
    "Construct",
    "Dimension",
    "Instrument",
    "Item",
    "Scale",
    "load_instrument",
    "parse_instrument",
]
