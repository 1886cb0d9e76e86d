"""JSON text of result objects (``--format json``, ``analysis.json``).

The conversion to JSON-ready data is :func:`cemsurvey.jsonable.to_jsonable`; this module
serialises it as strict JSON (UTF-8 characters kept, NaN/inf as ``null``).
"""

from __future__ import annotations

import json
from typing import Any

from cemsurvey.jsonable import to_jsonable

__all__ = ["dumps", "to_jsonable"]


def dumps(obj: Any, indent: int | None = 2) -> str:
    """Strict JSON text of ``obj`` (UTF-8 characters kept, no NaN)."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, indent=indent, allow_nan=False)
