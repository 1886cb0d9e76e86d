"""Readers, source detection, column mapping and value mapping on hand-written exports."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataError, DataWarning
from cemsurvey.instrument import load_instrument
from cemsurvey.responses.coding import INVALID, code_of
from cemsurvey.responses.importer import import_responses
from cemsurvey.responses.normalize import norm_text
from cemsurvey.responses.readers import open_raw
from cemsurvey.responses.screening import ScreeningOptions
from cemsurvey.responses.targets import targets_of

HERE = Path(__file__).resolve().parent
MODEL = HERE / "models" / "store_small.yaml"
ITEMS = ["SAT1", "SAT2", "SAT3", "SAT4", "ENG1", "ENG2", "ENG3", "ENG4", "LOY1", "LOY2",
         "LOY3", "LOY4"]
QUIET = ScreeningOptions(duplicates=False, straightlining=False, too_fast=False,
                         attention=False, incomplete=False, outliers=False)


@pytest.fixture(scope="module")
def ins():
    return load_instrument(MODEL)


def _imp(path: Path, ins, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return import_responses(path, ins, screening=QUIET, **kw)


def test_norm_text_folds_persian_variants() -> None:
    a = "خرید از اینجا به من حس خوشایندی می\u200cدهد."
    b = "  خريد از اينجا به من حس خوشايندى مي دهد  "  # Arabic yeh, alef maksura, no ZWNJ
    assert norm_text(a) == norm_text(b)
    assert norm_text("كاملاً موافقم") == norm_text("کاملاً موافقم")  # Arabic kaf
    assert norm_text("Agree *") == "agree"
    assert norm_text("۱۲٣") == "123"


def test_value_forms(ins) -> None:
    t = next(x for x in targets_of(ins) if x.id == "SAT1")
    assert code_of("4", t) == 4.0
    assert code_of("۴", t) == 4.0 and code_of("٤", t) == 4.0
    assert code_of("4 - Agree", t) == 4.0
    assert code_of("Agree (4)", t) == 4.0
    assert code_of("strongly AGREE", t) == 5.0
    assert code_of("كاملاً موافقم", t) == 5.0  # Persian label typed with an Arabic kaf
    assert code_of("نظری ندارم", t) == 3.0
    assert code_of("  ", t) != code_of("  ", t)  # NaN: missing
    assert code_of("perhaps", t) == INVALID


def test_column_forms_and_labels(tmp_path: Path, ins) -> None:
    headers = ["Respondent", "SAT_SAT1", "grp/SAT2", "SAT[SAT3]", "sat4",
               "Customer engagement [I feel involved with this store.]",
               "اخبار و پيشنهادهاي اين فروشگاه را دنبال مي کنم",  # ENG2 in Persian, Arabic yeh
               "ENG3", "ENG4", "LOY1", "LOY2", "LOY3", "LOY4", "ATT1", "Gender", "channel",
               "Age"]
    rows = [
        ["p1", "4", "۳", "2", "Agree", "4 - Agree", "موافقم", "5", "4", "4", "3", "3", "2", "4",
         "زن", "Website, Instagram", "۳۴"],
        ["p2", "5", "4", "1", "Strongly agree", "2", "كاملاً موافقم", "4", "4", "5", "5", "4",
         "4", "4", "Male", "2", "41"],
    ]
    p = tmp_path / "mixed.csv"
    pd.DataFrame(rows, columns=headers).to_csv(p, index=False)
    res = _imp(p, ins)
    assert res.source == "plain"
    assert res.columns["SAT1"] == "SAT_SAT1" and res.columns["SAT2"] == "grp/SAT2"
    assert res.columns["ENG2"].startswith("اخبار")
    assert list(res.data.index) == ["p1", "p2"]
    np.testing.assert_array_equal(res.data.loc["p1"].to_numpy(),
                                  [4, 3, 2, 4, 4, 4, 5, 4, 4, 3, 3, 2])
    np.testing.assert_array_equal(res.data.loc["p2"].to_numpy(),
                                  [5, 4, 1, 5, 2, 5, 4, 4, 5, 5, 4, 4])
    bg = res.background
    assert bg["gender"].tolist() == [1.0, 2.0]
    assert bg[["channel_1", "channel_2", "channel_3"]].to_numpy().tolist() == [[1, 0, 1],
                                                                               [0, 1, 0]]
    assert bg["age"].tolist() == [34.0, 41.0]


def test_mapping_file_dict_csv_yaml(tmp_path: Path, ins) -> None:
    df = pd.DataFrame(np.tile(np.arange(1, 6), (3, 3))[:, :12], columns=[f"Q{i}" for i in
                                                                        range(1, 13)])
    df.iloc[0, 0] = 2
    p = tmp_path / "q.csv"
    df.to_csv(p, index=False)
    mapping = {f"Q{i}": it for i, it in enumerate(ITEMS, start=1)}
    with pytest.raises(DataError, match=r"item SAT1 \(and 11 more"):
        _imp(p, ins)
    a = _imp(p, ins, mapping=mapping)
    mcsv = tmp_path / "map.csv"
    mcsv.write_text("column,item\n" + "".join(f"{k},{v}\n" for k, v in mapping.items()))
    myaml = tmp_path / "map.yaml"
    myaml.write_text("".join(f"{k}: {v}\n" for k, v in mapping.items()))
    b, c = _imp(p, ins, mapping=mcsv), _imp(p, ins, mapping=myaml)
    np.testing.assert_array_equal(a.data.to_numpy(), df.to_numpy(dtype=float))
    pd.testing.assert_frame_equal(a.data, b.data)
    pd.testing.assert_frame_equal(a.data, c.data)


@pytest.mark.parametrize(("sep", "bom"), [(",", False), (";", True), ("\t", False),
                                          ("|", True)])
def test_delimiters_and_bom(tmp_path: Path, ins, sep: str, bom: bool) -> None:
    lines = [sep.join(["id", *ITEMS]), sep.join(["a", *["3"] * 6, *["4"] * 6]),
             sep.join(["b", *["موافقم"] * 12])]
    p = tmp_path / "x.txt"
    p.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    raw = open_raw(p)
    assert raw.delimiter == sep
    res = _imp(p, ins)
    assert res.data.loc["b"].tolist() == [4.0] * 12
    assert res.data.loc["a"].tolist() == [3.0] * 6 + [4.0] * 6


def test_cp1256_fallback_warns(tmp_path: Path, ins) -> None:
    lines = [",".join(["id", *ITEMS]), ",".join(["a", *["موافقم"] * 6, *["مخالفم"] * 6])]
    p = tmp_path / "win.csv"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1256"))
    with pytest.warns(DataWarning, match="Windows-1256"):
        res = import_responses(p, ins, screening=QUIET)
    assert res.data.loc["a"].tolist() == [4.0] * 6 + [2.0] * 6
    assert any("Windows-1256" in w for w in res.warnings)


def test_xlsx_with_labels(tmp_path: Path, ins) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["respondent", *ITEMS, "gender"])
    ws.append([101, *[4] * 11, "Neutral", "Female"])
    ws.append([102, *[2] * 12, 2])
    p = tmp_path / "typed.xlsx"
    wb.save(p)
    res = _imp(p, ins)
    assert list(res.data.index) == ["101", "102"]
    assert res.data.loc["101", "LOY4"] == 3.0 and res.data.loc["102"].tolist() == [2.0] * 12
    assert res.background["gender"].tolist() == [1.0, 2.0]


def test_blank_rows_skipped_and_row_numbers(tmp_path: Path, ins) -> None:
    p = tmp_path / "gaps.csv"
    body = ["id," + ",".join(ITEMS), "a," + ",".join(["3"] * 12), "," * 12,
            "b," + ",".join(["3"] * 11 + ["9"])]
    p.write_text("\n".join(body) + "\n")
    with pytest.raises(DataError, match=r"row 4, column M 'LOY4' \(LOY4\): '9'"):
        _imp(p, ins)
    res = _imp(p, ins, invalid="missing")
    assert res.n_rows == 2 and list(res.data.index) == ["a", "b"]


def test_duplicate_ids_are_made_unique_and_flagged(tmp_path: Path, ins) -> None:
    p = tmp_path / "dup.csv"
    rows = ["id," + ",".join(ITEMS)] + [f"x,{','.join(str(1 + (i + k) % 5) for i in range(12))}"
                                         for k in range(3)]
    p.write_text("\n".join(rows) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(p, ins, screening=ScreeningOptions(outliers=False))
    assert list(res.all_data.index) == ["x", "x#2", "x#3"]
    assert res.flags["duplicates"] == ["x#2", "x#3"]


def test_source_override_and_unknown(tmp_path: Path, ins) -> None:
    p = tmp_path / "x.csv"
    p.write_text("Timestamp," + ",".join(ITEMS) + "\n2025/01/01," + ",".join(["3"] * 12) + "\n")
    assert _imp(p, ins).source == "google-forms"
    assert _imp(p, ins, source="plain").source == "plain"
    with pytest.raises(DataError, match="unknown source"):
        _imp(p, ins, source="typeform")


def test_row_numbers_count_header_rows(tmp_path: Path, ins) -> None:
    """Spreadsheet rows: 1 header row in xlsx, 3 in Qualtrics (first respondent = row 4)."""
    import openpyxl

    from cemsurvey.responses import simulate_responses, write_export

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["respondent", *ITEMS])
    ws.append(["a", *[3] * 12])
    ws.append(["b", *[3] * 5, 8, *[3] * 6])
    p = tmp_path / "bad.xlsx"
    wb.save(p)
    with pytest.raises(DataError, match=r"bad.xlsx: row 3, column G 'ENG2' \(ENG2\): '8'"):
        _imp(p, ins)
    sim = simulate_responses(ins, 5, seed=1)
    q = write_export(sim, ins, tmp_path / "q.csv", "qualtrics")
    lines = q.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[4].split(",")
    j = lines[0].split(",").index("LOY2")
    cells[j] = "Sometimes"
    lines[4] = ",".join(cells)
    q.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 5, column \w+ 'LOY2' \(LOY2\): 'Sometimes'"):
        _imp(q, ins)
