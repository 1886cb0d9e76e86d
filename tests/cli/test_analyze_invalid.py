"""``analyze --invalid``: the import's hint for an answer that maps to no code ("pass --invalid
missing") is an option of analyze too, which reads the export itself."""

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
