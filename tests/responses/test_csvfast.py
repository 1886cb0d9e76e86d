"""The chunked CSV writer writes exactly what ``DataFrame.to_csv`` wrote, faster.

``cemsurvey import`` used ``to_csv(index=False, lineterminator="\\n", float_format="%.10g")``
for the clean table; :mod:`cemsurvey.responses.csvfast` must give the same bytes for every
kind of column the clean table holds (and a few it does not), chunk boundaries included.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cemsurvey.instrument import load_instrument
from cemsurvey.responses.clean import write_clean
from cemsurvey.responses.csvfast import write_csv
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.importer import import_responses
from cemsurvey.responses.simulate import simulate_responses

ROOT = Path(__file__).resolve().parents[2]


def _pandas(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")


def _ours(frame: pd.DataFrame, chunk_rows: int = 7) -> bytes:
    buf = io.BytesIO()
    write_csv(frame, buf, chunk_rows=chunk_rows)
    return buf.getvalue()


def test_awkward_columns_byte_identical() -> None:
    rng = np.random.default_rng(0)
    n = 200
    texts = ['x, "y"\nz', "", None, "ok", "خیلی موافقم، بله", np.nan]
    frame = pd.DataFrame({
        "respondent": [f"p{i}" for i in range(n)],
        "code": rng.integers(1, 6, n).astype(float),
        "wide": rng.integers(-3, 300, n).astype(float),
        "fraction": rng.normal(size=n) * 1e6,
        "empty": np.nan,
        "text": [texts[i % len(texts)] for i in range(n)],
        "special": np.array([1e12, 2.5, np.inf, -np.inf, -0.0] * (n // 5)),
        "huge_whole": rng.integers(0, 10**12, n).astype(float),
        "int": rng.integers(0, 2, n),
        "bool": [True, False] * (n // 2),
        "category": pd.Categorical(["u", "v"] * (n // 2)),
        "single": np.float32(0.1),
    })
    frame.loc[::9, "code"] = np.nan
    frame.loc[::4, "wide"] = np.nan
    assert _ours(frame) == _pandas(frame)
    assert _ours(frame, chunk_rows=10_000) == _pandas(frame)


def test_empty_and_all_missing() -> None:
    frame = pd.DataFrame({"respondent": ["a", "b"], "x": [np.nan, np.nan],
                          "s": pd.array(["u", pd.NA], dtype="string")})
    assert _ours(frame) == _pandas(frame)
    assert _ours(frame.iloc[:0]) == _pandas(frame.iloc[:0])


def test_carriage_return_is_quoted_and_reads_back() -> None:
    frame = pd.DataFrame({"respondent": ["a", "b"], "comment": ["line\rbreak", "x"]})
    text = _ours(frame)
    assert b'"line\rbreak"' in text
    back = pd.read_csv(io.BytesIO(text), dtype=object)
    assert back["comment"].tolist() == ["line\rbreak", "x"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(-10**6, 10**6).map(float)), min_size=1, max_size=30),
       st.lists(st.one_of(st.none(), st.text(st.characters(blacklist_characters='\r'), max_size=8)), min_size=30, max_size=30))
def test_any_numbers_and_text(numbers: list, words: list) -> None:
    n = len(numbers)
    frame = pd.DataFrame({"num": pd.Series(numbers, dtype=float), "txt": words[:n]})
    assert _ours(frame, chunk_rows=4) == _pandas(frame)


def test_write_clean_matches_to_csv(tmp_path: Path) -> None:
    """The clean table of a real import (gaps, attention checks, background with
    multiple choice, numbers and free text) is what the old writer wrote."""
    ins = load_instrument(ROOT / "instruments" / "customer-engagement-journey.yaml")
    sim = simulate_responses(ins, 60, seed=5, careless=0.1, missing=0.05)
    raw = write_export(sim, ins, tmp_path / "raw.csv", "google-forms", lang="fa")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(raw, ins)
    out = write_clean(res, tmp_path / "clean.csv")
    df = res.data.copy()
    for c in res.attention.columns:
        df[c] = res.attention.loc[df.index, c]
    for c in res.background.columns:
        df[c] = res.background[c]
    df.index.name = "respondent"
    assert out.read_bytes() == _pandas(df.reset_index())
    assert b".0," not in out.read_bytes()  # integer codes written as integers
