"""Golden files: every format of `cemsurvey design` for each case in cases/<case>/.

Each case directory holds ``model.yaml`` and one expected output per format (and per
language for the single-language formats). Text formats are compared verbatim; the
XLSForm workbook is compared as a canonical dump of its sheets
(:func:`cemsurvey.questionnaire.xlsform.dump_xlsx`). The expected files are the
specification: review them by eye when they change. Regenerate with::

    CEMSURVEY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/questionnaire/test_design_golden.py
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.questionnaire import FORMATS, render
from cemsurvey.questionnaire.xlsform import dump_xlsx

CASES = Path(__file__).parent / "cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "model.yaml").exists())
UPDATE = os.environ.get("CEMSURVEY_UPDATE_GOLDEN") == "1"

#: Formats rendered once per language; the others carry every language in one file
#: (their base language is the instrument's first).
PER_LANGUAGE = ("html", "markdown", "qualtrics")


def golden_name(fmt: str, lang: str | None) -> str:
    """``expected.<fmt>[.<lang>].<ext>``, e.g. ``expected.html.fa.html``."""
    ext = "txt" if fmt == "xlsform" else FORMATS[fmt].extension
    return f"expected.{fmt}" + (f".{lang}" if lang else "") + f".{ext}"


def _targets() -> list[tuple[str, str, str | None]]:
    out = []
    for case in CASE_NAMES:
        ins = load_instrument(CASES / case / "model.yaml", warn=False)
        for fmt in FORMATS:
            langs = ins.languages if fmt in PER_LANGUAGE else [None]
            out.extend((case, fmt, lang) for lang in langs)
    return out


def _render_text(case: str, fmt: str, lang: str | None) -> str:
    ins = load_instrument(CASES / case / "model.yaml", warn=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # LimeSurvey/Qualtrics rename/recode notes: tested elsewhere
        out = render(ins, fmt, lang=lang)
    return dump_xlsx(out) if isinstance(out, bytes) else out


def test_cases_exist():
    assert {"bilingual", "escaping", "numeric"} <= set(CASE_NAMES)


@pytest.mark.parametrize(("case", "fmt", "lang"), _targets(),
                         ids=lambda v: "all" if v is None else str(v))
def test_golden(case, fmt, lang):
    got = _render_text(case, fmt, lang)
    path = CASES / case / golden_name(fmt, lang)
    if UPDATE:
        path.write_bytes(got.encode("utf-8"))
    assert path.exists(), f"{path} missing: run with CEMSURVEY_UPDATE_GOLDEN=1 and review it"
    expected = path.read_bytes().decode("utf-8")
    assert got == expected, f"{path.name} differs: rerun with CEMSURVEY_UPDATE_GOLDEN=1 and review the diff"


def test_no_stray_golden_files():
    """Every expected.* file belongs to a format/language that is still rendered."""
    wanted = {(c, golden_name(f, lg)) for c, f, lg in _targets()}
    for case in CASE_NAMES:
        for p in (CASES / case).glob("expected.*"):
            assert (case, p.name) in wanted, f"stale golden file {p}"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_case_xlsform_converts_with_pyxform(case):
    """The golden XLSForms are valid too (escaping: markup characters in labels; numeric: decimals)."""
    from pyxform.xls2xform import convert

    ins = load_instrument(CASES / case / "model.yaml", warn=False)
    pyx_warnings: list[str] = []
    result = convert(render(ins, "xlsform"), warnings=pyx_warnings, file_type=".xlsx")
    assert pyx_warnings == []
    for iid in ins.item_ids:
        assert f"/{iid}\"" in result.xform
