"""Reverse keying and construct scores (mean of reverse-keyed items).

Reverse-keyed items are recoded ``(low + high) - code`` with the low and high codes of
the item's scale (:attr:`cemsurvey.instrument.model.Scale.low` / ``.high``), so a
5-point item's 1 becomes 5. A construct score is the mean of its items after recoding.

Missing answers
---------------
A respondent's score on a construct is the mean of the items they answered **when they
answered at least half of the construct's items** (e.g. 2 of 4, 2 of 3); otherwise the
score is NaN. This is the "half rule" common in scale manuals (prorated mean scores);
no value is ever imputed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, SpecError

__all__ = ["reverse_keyed", "construct_scores", "MIN_ANSWERED_SHARE"]

#: A construct score needs at least this share of its items answered.
MIN_ANSWERED_SHARE = 0.5


def _check_columns(data: pd.DataFrame, items: list[str]) -> None:
    missing = [i for i in items if i not in data.columns]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise DataError(
            f"{len(missing)} item column(s) of the instrument are not in the data: {shown}; "
            "import the responses with `cemsurvey import` or rename the columns to item ids"
        )


def reverse_keyed(data: pd.DataFrame, ins: Any, *, strict: bool = True) -> pd.DataFrame:
    """Copy of ``data`` with the instrument's reverse-keyed items recoded ``(low + high) - code``.

    The one place every analysis (reliability, EFA, CFA, validity, PLS, scores) recodes
    reverse-keyed items, so they all agree on the keying.

    Parameters
    ----------
    data
        Respondents x item ids, codes as answered (float, NaN = missing). Columns that
        are not reverse-keyed items are returned unchanged.
    ins
        The :class:`~cemsurvey.instrument.model.Instrument`.
    strict
        When true (default) every reverse-keyed item must be a column of ``data``;
        when false, reverse-keyed items absent from ``data`` are ignored (for analyses
        of a subset of the items).

    Raises
    ------
    DataError
        ``strict`` and a reverse-keyed item is missing from ``data``.
    SpecError
        The item's scale has no low/high code (a numeric scale without min and max).

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> ins = Instrument(title="t", constructs=[Construct(id="A", name="a", items=[
    ...     Item(id="A1", text="x"), Item(id="A2", text="y", reverse=True)])])
    >>> reverse_keyed(pd.DataFrame({"A1": [1.0, 2.0], "A2": [1.0, 4.0]}), ins)["A2"].tolist()
    [5.0, 2.0]
    """
    rev = list(ins.reverse_items)
    if strict:
        _check_columns(data, rev)
    else:
        rev = [i for i in rev if i in data.columns]
    out = data.copy()
    for iid in rev:
        sc = ins.scale_of_item(iid)
        if sc.low is None or sc.high is None:
            raise SpecError(
                f"item {iid} is reverse-keyed but its scale has no lowest/highest code; "
                "give the scale points or min and max"
            )
        out[iid] = (sc.low + sc.high) - pd.to_numeric(out[iid], errors="coerce").astype(float)
    return out


def construct_scores(data: pd.DataFrame, ins: Any) -> pd.DataFrame:
    """Construct scores: per respondent, the mean of the construct's reverse-keyed items.

    A score is NaN when fewer than half of the construct's items were answered
    (:data:`MIN_ANSWERED_SHARE`); otherwise it is the mean of the answered items.

    Returns
    -------
    DataFrame
        Index as ``data``, one float column per construct id, in instrument order.

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> ins = Instrument(title="t", constructs=[Construct(id="A", name="a", items=[
    ...     Item(id=f"A{k}", text="x", reverse=(k == 3)) for k in (1, 2, 3, 4)])])
    >>> d = pd.DataFrame({"A1": [4, 4, None], "A2": [2, None, None], "A3": [1, None, 5],
    ...                   "A4": [3, 2, None]}, dtype=float)
    >>> construct_scores(d, ins)["A"].tolist()   # row 2: 2 of 4 answered; row 3: 1 of 4
    [3.5, 3.0, nan]
    """
    _check_columns(data, list(ins.item_ids))
    rk = reverse_keyed(data[list(ins.item_ids)], ins)
    values = rk.apply(pd.to_numeric, errors="coerce").astype(float)
    out: dict[str, np.ndarray] = {}
    for c in ins.constructs:
        ids = [it.id for it in c.items]
        if not ids:
            continue
        block = values[ids].to_numpy()
        answered = np.sum(~np.isnan(block), axis=1)
        need = math.ceil(MIN_ANSWERED_SHARE * len(ids))
        with np.errstate(invalid="ignore"):
            mean = np.nansum(block, axis=1) / np.where(answered > 0, answered, 1)
        out[c.id] = np.where(answered >= max(need, 1), mean, np.nan)
    return pd.DataFrame(out, index=data.index)
