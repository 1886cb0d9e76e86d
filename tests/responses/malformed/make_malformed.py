"""Write the malformed exports of this catalogue (run once; the files are committed).

Each file breaks one thing a real export can get wrong; ``cases.yaml`` pairs it with
the one-line message ``cemsurvey import`` must give (tests/responses/test_responses_malformed.py).
All answer ``tests/responses/models/store_small.yaml``.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ITEMS = ["SAT1", "SAT2", "SAT3", "SAT4", "ENG1", "ENG2", "ENG3", "ENG4",
         "LOY1", "LOY2", "LOY3", "LOY4"]
HEAD = ["respondent", *ITEMS, "ATT1", "gender", "channel", "age", "comment"]
GOOD = [
    ["1", "4", "4", "2", "5", "3", "4", "4", "3", "5", "4", "4", "5", "4", "1", "1 2", "34", ""],
    ["2", "3", "2", "4", "3", "2", "3", "2", "2", "3", "3", "2", "3", "4", "2", "3", "27", "ok"],
    ["3", "5", "4", "1", "4", "4", "5", "4", "4", "4", "5", "5", "4", "4", "1", "2", "45", ""],
]


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    return "\n".join(sep.join(r) for r in rows) + "\n"


def cells(changes: dict[tuple[int, str], str]) -> list[list[str]]:
    rows = [list(r) for r in GOOD]
    for (row, col), value in changes.items():
        rows[row][HEAD.index(col)] = value
    return [HEAD, *rows]


def with_cell(row: int, col: str, value: str) -> list[list[str]]:
    return cells({(row, col): value})


def drop_col(col: str) -> list[list[str]]:
    j = HEAD.index(col)
    return [[c for k, c in enumerate(r) if k != j] for r in [HEAD, *GOOD]]


def main() -> None:
    files: dict[str, str | bytes] = {
        "empty.csv": "",
        "blank_lines.csv": "\n\n  \n",
        "header_only.csv": csv_text([HEAD]),
        "header_then_blank_rows.csv": csv_text([HEAD]) + ",,,\n\n",
        "ragged_rows.csv": csv_text([HEAD, GOOD[0], GOOD[1] + ["extra"], GOOD[2]]),
        "one_column.csv": csv_text([HEAD, *GOOD], sep="،"),
        "wrong_delimiter.csv": csv_text([HEAD], sep=";") + csv_text(GOOD),
        "duplicated_column.csv": csv_text([[*HEAD, "SAT1"]] + [[*r, "3"] for r in GOOD]),
        "empty_item_column.csv": csv_text(cells({(0, "SAT2"): "", (1, "SAT2"): "", (2, "SAT2"): ""})),
        "item_missing.csv": csv_text(drop_col("LOY4")),
        "text_matches_two_columns.csv": csv_text(
            [[*HEAD, "Customer satisfaction [Shopping here gives me a pleasant feeling.]"]]
            + [[*r, "4"] for r in GOOD]),
        "stray_label.csv": csv_text(with_cell(1, "ENG2", "Maybe")),
        "out_of_range_code.csv": csv_text(with_cell(2, "LOY1", "7")),
        "persian_digits_mixed.csv": csv_text(cells({(0, "SAT1"): "۴", (1, "ENG1"): "٣",
                                                    (1, "SAT3"): "۶"})),
        "label_in_wrong_scale.csv": csv_text(with_cell(0, "SAT4", "Very likely")),
        "background_code_not_an_option.csv": csv_text(with_cell(1, "gender", "3")),
        "age_outside_min_max.csv": csv_text(with_cell(2, "age", "150")),
        "multiple_choice_bad_option.csv": csv_text(with_cell(0, "channel", "1 7")),
        "attention_bad_value.csv": csv_text(with_cell(1, "ATT1", "yes")),
        "utf16.csv": ("\ufeff" + csv_text([HEAD, *GOOD])).encode("utf-16-le"),
        "binary_garbage.csv": bytes(range(256)) * 4,
        "xlsx_named_csv.csv": b"PK\x03\x04" + b"\x00" * 60,
        "not_a_workbook.xlsx": csv_text([HEAD, *GOOD]),
        "not_spss.sav": csv_text([HEAD, *GOOD]),
        "old_excel.xls": b"\xd0\xcf\x11\xe0" + b"\x00" * 60,
        "qualtrics_one_header_row.csv": csv_text([HEAD, *GOOD]),
        "unknown_mapping_target.csv": csv_text([["respondent", *ITEMS[:-1], "Q12_x", "ATT1"]]
                                               + [r[:14] for r in GOOD]),
        "mapping_bad.yaml": "Q12_x: LOY5\n",
        "mapping_unknown_column.yaml": "Q99: LOY4\n",
    }
    for name, content in files.items():
        p = HERE / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
