"""Fuzzing the YAML loader and the response importer (issue 16).

Random and mutated inputs may be refused, but only with the project's own error classes
(:class:`~cemsurvey.errors.CemsurveyError`); any other exception is a bug. The runs are
bounded (``max_examples``, no deadline, no example database) to about a minute in CI.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cemsurvey.errors import CemsurveyError
from cemsurvey.instrument.loader import load_instrument, parse_instrument
from tests.hostile.conftest import HEADER, MODEL, data_csv

#: CEMSURVEY_FUZZ_SCALE=10 runs ten times as many examples (a longer hunt, not for CI).
SCALE = int(os.environ.get("CEMSURVEY_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=150 * SCALE, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Characters YAML and CSV parsers treat specially, plus controls, bidi and non-characters.
_SPECIAL = st.sampled_from(list(
    ":-?[]{},#&*!|>'\"%@`\t\n\r\v\f\x00\x01\x1b\x7f\x85\x9b\xa0\u2028\u202e\ufeff\ufffe;="))
_CHARS = st.one_of(_SPECIAL, st.characters(codec="utf-8"))
_SNIPPETS = st.sampled_from([
    "&a [*a]", "*a", "!!python/object:os.system", "<<: *a", "---\n", "[" * 80, "{" * 80,
    "\n  - ", ": ", "id: SAT1", "constructs: []", "0x1F", ".nan", "~", "? ", "|\n", "9" * 400,
])


def _mutate(base: str, data: st.DataObject) -> str:
    text = base
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.integers(0, 2))
        if kind == 0:
            piece = data.draw(st.text(_CHARS, max_size=12))
            text = text[:pos] + piece + text[pos:]
        elif kind == 1:
            text = text[:pos] + data.draw(_SNIPPETS) + text[pos:]
        else:
            end = data.draw(st.integers(pos, min(len(text), pos + 40)))
            text = text[:pos] + text[end:]
    return text


def _quietly(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kw)
        except CemsurveyError:
            return None


@FUZZ
@given(st.text(_CHARS, max_size=300))
def test_yaml_loader_random_text(text: str) -> None:
    _quietly(parse_instrument, text, "fuzz.yaml")


@FUZZ
@given(st.data())
def test_yaml_loader_mutated_model(data: st.DataObject) -> None:
    _quietly(parse_instrument, _mutate(MODEL, data), "fuzz.yaml")


@FUZZ
@given(st.binary(max_size=400) | st.builds(lambda s: s.encode("utf-8"), st.text(_CHARS, max_size=200)))
def test_yaml_loader_random_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "m.yaml"
        p.write_bytes(raw)
        _quietly(load_instrument, p)


_INS = None


def _instrument():
    global _INS
    if _INS is None:
        _INS = parse_instrument(MODEL, "m.yaml")[0]
    return _INS


_CELLS = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "", "NA", "-99", "Agree", "۴", "=1+1", "-3", "1e308",
                     "nan", "inf", "\"", "\"\"", "a,b", "x\ny", "\x00", "\v", "\u202e5"]),
    st.text(_CHARS, max_size=8),
)


@settings(max_examples=120 * SCALE, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_importer_mutated_exports(data: st.DataObject) -> None:
    from cemsurvey.responses.importer import import_responses

    width = len(HEADER.split(","))
    if data.draw(st.booleans()):
        rows = [",".join(data.draw(st.lists(_CELLS, min_size=width - 2, max_size=width + 1)))
                for _ in range(data.draw(st.integers(0, 6)))]
        text = HEADER + "\n" + "\n".join(rows) + "\n"
    else:
        text = _mutate(data_csv(8), data)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16"]))
    raw = text.encode(encoding, errors="replace")
    suffix = data.draw(st.sampled_from([".csv", ".tsv", ".txt"]))
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"x{suffix}"
        p.write_bytes(raw)
        invalid = data.draw(st.sampled_from(["error", "missing"]))
        _quietly(import_responses, p, _instrument(), invalid=invalid)


@settings(max_examples=60 * SCALE, deadline=None, database=None)
@given(st.binary(min_size=1, max_size=600))
def test_importer_random_bytes(raw: bytes) -> None:
    from cemsurvey.responses.importer import import_responses

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.csv"
        p.write_bytes(raw)
        _quietly(import_responses, p, _instrument())
