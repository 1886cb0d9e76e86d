"""``cemsurvey validate`` lists every problem in one run: schema and cross-references."""

from __future__ import annotations

from cemsurvey.instrument.loader import load_instrument
from tests.conftest import INSTRUMENTS


def _planted(tmp_path, cli):
    starter = tmp_path / "m.yaml"
    code, _, err = cli(["init", starter])
    assert code == 0, err
    s = starter.read_text(encoding="utf-8")
    for old, new in (("    points: 5\n", "    points: seven\n"),             # schema: type
                     ("    dimension: phenomenon\n", "    dimension: phenomenom\n"),  # unknown dim
                     ("{id: ENG3,", "{id: SAT1,"),                         # duplicate item id
                     ("    after: SAT ", "    after: XYZ "),                 # unknown construct
                     ('  - "phenomenon ~ causal"', '  - "phenomenon ~ nowhere"')):  # bad path
        assert old in s, old
        s = s.replace(old, new, 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(s, encoding="utf-8")
    return bad


def test_validate_lists_five_planted_problems_of_different_kinds(tmp_path, cli):
    bad = _planted(tmp_path, cli)
    code, out, err = cli(["validate", bad])
    assert code == 3 and out == ""
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    for needle in ("'points' should be a whole number, found 'seven'",
                   "unknown dimension 'phenomenom'", "item id 'SAT1' is used twice",
                   "attention check 'ATT1': unknown construct 'XYZ'",
                   "unknown construct or dimension 'nowhere'"):
        assert sum(needle in ln for ln in lines) == 1, (needle, err)
    assert all(f"{bad}:" in ln for ln in lines)


def test_shipped_instruments_still_validate_without_problems():
    for path in INSTRUMENTS.glob("*.yaml"):
        assert load_instrument(path).constructs
