"""Formula and markup injection in every generated file (issue 16, OWASP CSV injection).

An instrument whose texts start with ``= + - @`` (and a construct name holding ``]]``)
is rendered in every format; data answers and ids that look like formulas go through the
import. Nothing may become a live formula or an injected Qualtrics question, and plain
negative numbers must stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cemsurvey.injection import FORMULA_START, is_formula_like

EVIL = {
    "SAT1": '=HYPERLINK("http://evil.example","click")',
    "SAT2": "+1+cmd|' /C calc'!A0",
    "SAT3": "-2+3+cmd|' /C calc'!A0",
    "ENG1": "@SUM(1+1)*cmd|' /C calc'!A0",
}
BLOCK = "Evil]] [[Question:TE:SingleLine]] [[ID:pwn]]"

MODEL = f"""\
title: "=1+1 survey"
scales:
  agree5: {{type: likert, points: 5, labels: {{en: ["=bad", Disagree, Neutral, Agree, "@agree"]}}}}
constructs:
  - id: SAT
    name: "{BLOCK}"
    items:
      - {{id: SAT1, text: '{EVIL["SAT1"]}'}}
      - {{id: SAT2, text: "{EVIL["SAT2"]}"}}
      - {{id: SAT3, text: "{EVIL["SAT3"]}"}}
  - id: ENG
    name: Engagement
    items:
      - {{id: ENG1, text: "{EVIL["ENG1"]}"}}
      - {{id: ENG2, text: I follow the news.}}
      - {{id: ENG3, text: I enjoy it.}}
background:
  - {{id: gender, text: "-Gender", type: single, options: {{1: "=Female", 2: Male}}}}
  - {{id: temp, text: Temperature, type: number, min: -5, max: 40}}
  - {{id: comment, text: "Any comment?", type: text, required: false}}
"""


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    p = tmp_path / "evil.yaml"
    p.write_text(MODEL, encoding="utf-8")
    return p


def _design(cli, model: Path, fmt: str, out: Path) -> None:
    code, _, err = cli(["design", model, "-f", fmt, "-o", out])
    assert code == 0, err


def test_xlsform_cells_are_strings_never_formulas(cli, model, tmp_path) -> None:
    import openpyxl

    out = tmp_path / "q.xlsx"
    _design(cli, model, "xlsform", out)
    wb = openpyxl.load_workbook(out)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
    for text in EVIL.values():  # the text itself is unchanged
        assert text in texts


def test_codebook_csv_neutralises_text_and_keeps_numbers(cli, model, tmp_path) -> None:
    out = tmp_path / "c.csv"
    _design(cli, model, "codebook", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for row in rows:
        for col, value in row.items():
            assert not is_formula_like(value), (col, value)
    by_var = {r["variable"]: r for r in rows}
    assert by_var["SAT1"]["text_en"] == "'" + EVIL["SAT1"]
    assert by_var["SAT3"]["text_en"] == "'" + EVIL["SAT3"]
    assert by_var["temp"]["min"] == "-5"  # a negative number stays a number


def test_limesurvey_tsv_writes_the_first_character_as_an_entity(cli, model, tmp_path) -> None:
    out = tmp_path / "l.txt"
    _design(cli, model, "limesurvey", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter="\t"))
    for row in rows:
        for col, value in row.items():
            assert not is_formula_like(value or ""), (col, value)
    texts = [r["text"] for r in rows]
    assert any(t.startswith("&#61;HYPERLINK(") for t in texts)
    assert any(t.startswith("&#43;1+cmd") for t in texts)
    assert any(t.startswith("&#64;SUM") for t in texts)


def test_qualtrics_block_names_cannot_close_the_tag(cli, model, tmp_path) -> None:
    out = tmp_path / "q.txt"
    _design(cli, model, "qualtrics", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    blocks = [ln for ln in lines if ln.startswith("[[Block:")]
    for b in blocks:
        assert b.endswith("]]") and b.count("]]") == 1 and b.count("[[") == 1, b
    assert not any("[[ID:pwn]]" in ln for ln in lines)
    questions = [ln for ln in lines if ln.startswith("[[Question:")]
    # intro-less survey: 2 matrices + 3 background questions, nothing injected
    assert len(questions) == 5, questions


def test_import_clean_csv_neutralises_text_answers_and_ids(cli, model, tmp_path) -> None:
    header = "respondent,SAT1,SAT2,SAT3,ENG1,ENG2,ENG3,gender,temp,comment"
    rows = ["=1+1,1,2,3,4,5,1,1,-3,=cmd|' /C calc'!A0",
            "r2,2,3,4,5,1,2,2,-5,-2+3",
            "r3,3,4,5,1,2,3,1,7,@evil",
            "r4,4,5,1,2,3,4,2,12,\t=tab",
            "r5,5,1,2,3,4,5,1,0,-4"]
    raw = tmp_path / "raw.csv"
    raw.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "clean.csv"
    code, _, err = cli(["import", raw, "--model", model, "-o", out, "--no-outliers",
                        "--no-straightlining", "--no-duplicates", "--no-too-fast"])
    assert code == 0, err
    got = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for row in got:
        for col, value in row.items():
            assert not is_formula_like(value), (col, value)
    comments = [r["comment"] for r in got]
    assert "'=cmd|' /C calc'!A0" in comments and "'@evil" in comments and "'-2+3" in comments
    assert "-4" in comments  # a number in a text column is left alone
    assert got[0]["respondent"] == "'=1+1"
    assert [r["temp"] for r in got] == ["-3", "-5", "7", "12", "0"]  # numbers stay numbers
    assert [r["SAT1"] for r in got] == ["1", "2", "3", "4", "5"]


def test_simulated_xlsx_export_has_no_formula_cells(cli, model, tmp_path) -> None:
    import openpyxl

    out = tmp_path / "s.xlsx"
    code, _, err = cli(["simulate", model, "-n", "5", "--seed", "1", "--as", "xlsx", "-o", out])
    assert code == 0, err
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("text, hit", [
    ("=1", True), ("+1+1", True), ("-x", True), ("@a", True), ("\t=1", True), ("\r=1", True),
    ("-3", False), ("+2.5", False), ("-1e5", False), ("1-2", False), ("", False), ("a=b", False),
])
def test_formula_detection(text: str, hit: bool) -> None:
    assert is_formula_like(text) is hit
    assert (text[:1] in FORMULA_START) or not hit
