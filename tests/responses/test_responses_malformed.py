"""The catalogue of malformed exports: each gives its one-line error through the CLI.

Exit code 4 (a data error), a single ``error: ...`` line on stderr naming the problem (and, for bad
answers, the spreadsheet row, column letter, header, value and the fix), no traceback,
and no output file left behind.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

HERE = Path(__file__).resolve().parent
MALFORMED = HERE / "malformed"
MODEL = HERE / "models" / "store_small.yaml"
CASES = yaml.safe_load((MALFORMED / "cases.yaml").read_text(encoding="utf-8"))


def test_catalogue_has_at_least_20_files() -> None:
    files = {c["file"] for c in CASES if (MALFORMED / c["file"]).exists()}
    assert len(files) >= 20


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}-{i}" for i, c in enumerate(CASES)])
def test_malformed_export(cli, tmp_path: Path, monkeypatch, case: dict) -> None:
    monkeypatch.chdir(MALFORMED)  # messages name the file as given
    out = tmp_path / "clean.csv"
    code, _stdout, stderr = cli(["import", case["file"], "--model", MODEL, "-o", out,
                                *case.get("args", [])])
    assert code == 4, stderr  # ExitCode.DATA
    lines = [ln for ln in stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, stderr
    assert case["message"] in lines[0], lines[0]
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_invalid_missing_sets_and_counts(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(MALFORMED)
    out = tmp_path / "clean.csv"
    code, stdout, stderr = cli(["import", "stray_label.csv", "--model", MODEL, "-o", out,
                                "--invalid", "missing", "--format", "json"])
    assert code == 0, stderr
    import json

    d = json.loads(stdout)
    assert d["invalid"] == {"ENG2": 1}
    assert d["missing"]["items"]["ENG2"]["n"] == 1
    assert "set missing" in stderr
    import pandas as pd

    df = pd.read_csv(out)
    assert df["ENG2"].isna().tolist() == [False, True, False]


def test_persian_digits_are_codes(tmp_path: Path) -> None:
    """Persian and Arabic-Indic digits in range are read as codes (row 2 SAT1 '۴', row 3 ENG1 '٣')."""
    import warnings

    from cemsurvey.instrument import load_instrument
    from cemsurvey.responses.importer import import_responses

    ins = load_instrument(MODEL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(MALFORMED / "persian_digits_mixed.csv", ins, invalid="missing")
    assert res.all_data.loc["1", "SAT1"] == 4.0
    assert res.all_data.loc["2", "ENG1"] == 3.0
    assert pd_isna(res.all_data.loc["2", "SAT3"])
    assert res.invalid == {"SAT3": 1}


def pd_isna(v: float) -> bool:
    return bool(np.isnan(v))


def test_output_never_overwrites_the_input(cli, tmp_path: Path) -> None:
    """-o naming the export itself is refused even with --force, before anything is read."""
    raw = tmp_path / "raw.csv"
    raw.write_bytes((MALFORMED / "stray_label.csv").read_bytes())
    before = raw.read_bytes()
    code, stdout, stderr = cli(["import", raw, "--model", MODEL, "-o", raw, "--force",
                                "--invalid", "missing"])
    assert code == 6  # ExitCode.OUTPUT
    assert "refusing to overwrite the input file" in stderr
    assert "set missing" not in stderr and stdout == ""  # nothing was imported
    assert raw.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw.csv"]


def test_wrong_delimiter_in_rows_is_named(tmp_path: Path) -> None:
    """Header with ',' over rows with ';' (the reverse of the catalogue case) is caught too."""
    from cemsurvey.errors import DataError
    from cemsurvey.instrument import load_instrument
    from cemsurvey.responses.importer import import_responses

    lines = (MALFORMED / "stray_label.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join([lines[0]] + [ln.replace(",", ";") for ln in lines[1:]]) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="separated by ',' but row 2 by ';'"):
        import_responses(path, load_instrument(MODEL))
