"""Result objects as JSON-ready Python data (the ``to_dict()`` side of every result).

Dataclasses become dicts (their ``to_dict()`` when they define one), numpy scalars and
arrays become Python numbers and lists, pandas objects become dicts keyed by their
labels, and NaN/inf become ``None`` so the data serialise as strict JSON. Neutral: result
containers (:mod:`cemsurvey.results`) and the JSON writer (:mod:`cemsurvey.report.jsonify`)
both use it.
"""

from __future__ import annotations

import dataclasses
import math
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def to_jsonable(obj: Any) -> Any:
    """Recursively convert ``obj`` into JSON-compatible data.

    >>> to_jsonable({"a": np.float64(1.5), "b": float("nan"), "c": np.arange(2)})
    {'a': 1.5, 'b': None, 'c': [0, 1]}
    """
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, Enum):
        return to_jsonable(obj.value)
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "to_dict") and not isinstance(obj, pd.DataFrame | pd.Series):
        return to_jsonable(obj.to_dict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, pd.DataFrame):
        return {str(k): to_jsonable(v) for k, v in obj.to_dict(orient="index").items()}
    if isinstance(obj, pd.Series):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in obj]
    return str(obj)

