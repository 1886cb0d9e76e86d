"""The import options that the import's own messages name ("pass --invalid missing", "pass
--drop to exclude them", "pass --mapping FILE", "pass --source") are options of ``analyze``
too, which reads and screens the export itself."""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "responses" / "models" / "store_small.yaml"


def _stray_label(cli, tmp_path: Path) -> Path:
    raw = tmp_path / "raw.csv"
    assert cli(["simulate", SMALL, "-n", "80", "--seed", "3", "-o", raw])[0] == 0
    rows = list(csv.reader(raw.open(encoding="utf-8")))
    rows[2][rows[0].index("SAT1")] = "Agreee"  # a stray label in row 3 (respondent 2)
    with raw.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return raw


def test_stray_label_stops_analyze_with_the_fix_it_names(cli, tmp_path: Path) -> None:
    raw = _stray_label(cli, tmp_path)
    report = tmp_path / "r.html"
    code, _, err = cli(["analyze", raw, "-m", SMALL, "--steps", "reliability",
                        "--report", report])
    assert code == 4
    lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert len(lines) == 1 and "raw.csv" in lines[0] and "SAT1" in lines[0]
    assert "'Agreee'" in lines[0] and "--invalid missing" in lines[0]
    assert not report.exists()


def test_invalid_missing_counts_the_answer_and_runs(cli, tmp_path: Path) -> None:
    raw = _stray_label(cli, tmp_path)
    code, out, err = cli(["analyze", raw, "-m", SMALL, "--steps", "reliability",
                          "--invalid", "missing", "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    assert d["options"]["invalid"] == "missing"
    assert d["reliability"] and "SAT1" in err  # the import's warning names the item
    code, _, err = cli(["analyze", raw, "-m", SMALL, "--invalid", "maybe"])
    assert code == 2 and "'error' or 'missing'" in err


def test_drop_excludes_the_flagged_respondents(cli, tmp_path: Path) -> None:
    raw = tmp_path / "raw.csv"
    assert cli(["simulate", SMALL, "-n", "80", "--seed", "3", "--careless", "0.2",
                "-o", raw])[0] == 0
    args = ["analyze", raw, "-m", SMALL, "--steps", "reliability", "--format", "json"]
    code, out, err = cli(args)
    assert code == 0 and "pass --drop to exclude them" in err
    kept = json.loads(out)["n"]
    code, out, err = cli([*args, "--drop"])
    assert code == 0 and "; dropped" in err
    d = json.loads(out)
    assert d["options"]["drop"] is True
    flagged = int(err.split("screening flagged ")[1].split(" of ")[0])
    assert flagged > 0 and d["n"] == kept - flagged


def test_mapping_and_source_reach_the_import(cli, tmp_path: Path) -> None:
    raw = tmp_path / "raw.csv"
    assert cli(["simulate", SMALL, "-n", "80", "--seed", "3", "-o", raw])[0] == 0
    text = raw.read_text(encoding="utf-8").splitlines()
    text[0] = text[0].replace("SAT1", "I like this store")
    raw.write_text("\n".join(text) + "\n", encoding="utf-8")
    args = ["analyze", raw, "-m", SMALL, "--steps", "reliability", "--format", "json"]
    code, _, err = cli(args)
    assert code == 4 and "pass --mapping FILE" in err
    mapping = tmp_path / "map.yaml"
    mapping.write_text("I like this store: SAT1\n", encoding="utf-8")
    code, out, err = cli([*args, "--mapping", mapping, "--source", "plain"])
    assert code == 0, err
    d = json.loads(out)
    assert d["options"]["mapping"] == str(mapping) and d["options"]["source"] == "plain"
    code, _, err = cli([*args, "--source", "porslin"])
    assert code == 2 and "unknown source 'porslin'" in err
