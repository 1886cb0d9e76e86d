"""Screening report tables (cemsurvey.report.screening) and the import command's output."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from cemsurvey.instrument import load_instrument
from cemsurvey.report.screening import screening_tables
from cemsurvey.responses import ScreeningOptions, import_responses, simulate_responses, write_export

HERE = Path(__file__).resolve().parent
MODEL = HERE / "models" / "store_small.yaml"


def _result(tmp_path: Path, **opts):
    ins = load_instrument(MODEL)
    sim = simulate_responses(ins, 120, seed=4, careless=0.05, missing=0.02)
    p = write_export(sim, ins, tmp_path / "x.csv", "csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return import_responses(p, ins, screening=ScreeningOptions(**opts)), sim


def test_tables_hold_counts_and_flags(tmp_path: Path) -> None:
    res, sim = _result(tmp_path, drop=True)
    tables = {t.key: t for t in screening_tables(res)}
    assert list(tables) == ["import_summary", "import_screening", "import_missing"]
    summary = dict(tables["import_summary"].rows)
    assert summary["respondents read"] == 120
    assert summary["respondents kept"] == res.n_kept == 120 - len(res.flagged)
    assert summary["flagged respondents dropped"] is True
    assert summary["missing item answers (kept respondents)"] == res.missing["cells"] > 0
    flags = {r[0]: r for r in tables["import_screening"].rows}
    assert set(flags) == {"duplicates", "straightlining", "too_fast", "attention",
                          "incomplete", "outliers"}
    assert flags["attention"][3] == len(sim.truth.careless) == 6
    assert flags["too_fast"][2] == f"< {2 * 12:g} s"
    miss = tables["import_missing"].rows
    assert sum(r[1] for r in miss) == res.missing["cells"]
    assert all(r[1] > 0 for r in miss)


def test_rules_switched_off_are_absent(tmp_path: Path) -> None:
    res, _ = _result(tmp_path, outliers=False, duplicates=False)
    rules = [r[0] for r in screening_tables(res)[1].rows]
    assert "outliers" not in rules and "duplicates" not in rules
    assert res.to_dict()["screening"]["outliers"] is False


def test_cli_table_and_json(cli, tmp_path: Path) -> None:
    raw = tmp_path / "raw.csv"
    assert cli(["simulate", MODEL, "-n", "80", "--seed", "2", "-o", raw, "--careless",
                "0.1"])[0] == 0
    code, out, err = cli(["import", raw, "--model", MODEL, "-o", tmp_path / "a.csv",
                          "--no-outliers", "--drop"])
    assert code == 0, err
    assert "Screening" in out and "straightlining" in out and "outliers" not in out
    assert "dropped" in err
    code, out, err = cli(["import", raw, "--model", MODEL, "-o", tmp_path / "b.csv",
                          "--format", "json", "--straightline-run", "12", "--min-seconds",
                          "0"])
    assert code == 0, err
    d = json.loads(out)
    assert d["n_rows"] == 80 and d["n_kept"] == 80 and d["dropped"] is False
    assert d["flags"]["too_fast"] == []
    assert d["screening"]["details"]["straightlining"] == {"threshold": 12}
    assert len(d["flags"]["attention"]) == 8
