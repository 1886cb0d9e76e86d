"""Sample moments for the CFA/SEM estimators: item matrices and covariance matrices.

:func:`sample_moments` gives the divisor-N covariance ordered as the model's items (from raw
codes, complete cases, or from an input covariance matrix rescaled by ``(N - 1)/N`` as
lavaan does); :func:`item_matrix` and :func:`complete_cases` give the raw item codes the
robust, ordinal and FIML estimators need. Reverse-keyed items of an Instrument are recoded by
:func:`cemsurvey.psychometrics.scores.reverse_keyed`, as in every other analysis.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.scores import reverse_keyed

__all__ = ["complete_cases", "is_covariance", "item_matrix", "sample_moments"]


def is_covariance(x: pd.DataFrame) -> bool:
    """Whether ``x`` is a square, symmetric matrix labelled the same way on both axes."""
    return (x.shape[0] == x.shape[1] and list(map(str, x.index)) == list(map(str, x.columns))
            and np.allclose(x.to_numpy(dtype=float), x.to_numpy(dtype=float).T, equal_nan=True))


def sample_moments(data_or_cov: Any, st: LatentStructure, model: Any, n: int | None,
                    missing: str) -> tuple[np.ndarray, int]:
    """Sample covariance (divisor N) ordered as ``st.observed`` and N."""
    if missing != "listwise":
        raise EstimationError(f"missing={missing!r} is not supported; use missing='listwise' "
                              f"(complete cases)")
    obs = list(st.observed)
    if isinstance(data_or_cov, np.ndarray):
        if n is None:
            raise EstimationError("a covariance matrix needs n=<number of observations>")
        a = np.asarray(data_or_cov, dtype=float)
        if a.shape != (len(obs), len(obs)):
            raise DataError(f"covariance matrix is {a.shape[0]}x{a.shape[1]} but the model has "
                            f"{len(obs)} items; pass a DataFrame labelled with the item ids")
        data_or_cov = pd.DataFrame(a, index=obs, columns=obs)
    if not isinstance(data_or_cov, pd.DataFrame):
        raise DataError(f"data must be a pandas DataFrame or a covariance matrix, got "
                        f"{type(data_or_cov).__name__}")
    df = data_or_cov
    if n is not None and is_covariance(df):
        missing_items = [i for i in obs if i not in df.columns]
        if missing_items:
            raise DataError(f"covariance matrix lacks item(s) {', '.join(missing_items[:10])}; "
                            f"supply the covariances of every item in the model")
        s = df.loc[obs, obs].to_numpy(dtype=float)
        if not np.all(np.isfinite(s)):
            raise DataError("covariance matrix contains missing or infinite values")
        nn = int(n)
        # lavaan rescales an input covariance matrix (divisor N - 1) to divisor N
        s = s * (nn - 1) / nn
    else:
        missing_items = [i for i in obs if i not in df.columns]
        if missing_items:
            raise DataError(f"data lack item column(s) {', '.join(missing_items[:10])}"
                            f"{' ...' if len(missing_items) > 10 else ''}; check the item ids "
                            f"or the column mapping")
        x = df[obs]
        if not all(pd.api.types.is_numeric_dtype(t) for t in x.dtypes):
            try:
                x = x.apply(pd.to_numeric, errors="raise")
            except (ValueError, TypeError) as exc:
                raise DataError(f"data hold non-numeric item codes ({exc}); map labels to codes "
                                f"first") from None
        x = x.astype(float)
        if isinstance(model, Instrument):
            x = reverse_keyed(x, model, strict=False)
        arr = x.to_numpy(dtype=float)
        keep = np.all(np.isfinite(arr), axis=1)
        arr = arr[keep]
        nn = arr.shape[0]
        if nn < 2:
            raise DataError(f"only {nn} complete case(s) after listwise deletion; need many more")
        s = np.cov(arr, rowvar=False, bias=True)
    var = np.diag(s)
    zero = [obs[i] for i in np.flatnonzero(~(var > 1e-12))]
    if zero:
        raise DataError(f"item(s) {', '.join(zero[:10])} have zero variance (every respondent gave "
                        f"the same answer); drop them from the construct")
    return s, nn



def item_matrix(data: Any, observed: tuple[str, ...], model: Instrument | LatentStructure,
                what: str) -> pd.DataFrame:
    """Item codes (reverse keys recoded for an Instrument) in model order, all rows."""
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"estimator {what} needs the raw item codes (a DataFrame of respondents x "
                        f"items), not a covariance matrix")
    missing_items = [i for i in observed if i not in data.columns]
    if missing_items:
        raise DataError(f"data lack item column(s) {', '.join(missing_items[:10])}; check the "
                        f"item ids or the column mapping")
    try:
        x = data[list(observed)].apply(pd.to_numeric, errors="raise").astype(float)
    except (ValueError, TypeError) as exc:
        raise DataError(f"data hold non-numeric item codes ({exc}); map labels to codes first") from None
    if isinstance(model, Instrument):
        x = reverse_keyed(x, model, strict=False)
    return x


def complete_cases(data: Any, observed: tuple[str, ...], model: Instrument | LatentStructure,
                   what: str) -> np.ndarray:
    """Complete cases of the model's items (N x p), as ``fit_cfa`` uses them."""
    arr = item_matrix(data, observed, model, what).to_numpy(dtype=float)
    return arr[np.all(np.isfinite(arr), axis=1)]
