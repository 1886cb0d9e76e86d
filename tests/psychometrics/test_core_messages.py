"""Core messages never name CLI flags (the CLI adds the hint).

Every string literal in ``cemsurvey/psychometrics/`` (messages, docstrings, f-string parts)
is read with ``ast``; a ``--word`` in one of them is a flag the library should not know.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.groups import group_column
from cemsurvey.psychometrics.validity import htmt_bootstrap

ROOT = Path(__file__).resolve().parents[2] / "cemsurvey" / "psychometrics"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _flags(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT.parent)}:{node.lineno}: {m}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            for m in FLAG.findall(node.value)]


def test_flag_pattern_finds_flags():
    assert FLAG.findall("use --missing pairwise or --by x") == ["--missing", "--by"]
    assert FLAG.findall("a -- b, 1--2, x--y") == []


def test_no_cli_flags_in_psychometrics_strings():
    found = [hit for p in sorted(ROOT.rglob("*.py")) for hit in _flags(p)]
    assert found == []


def test_htmt_bootstrap_message_says_what_to_do():
    import pandas as pd

    d = pd.DataFrame({"a": [1.0, 2, 3], "b": [2.0, 1, 3]})
    with pytest.raises(EstimationError, match="need at least 1 resample, got 0") as exc:
        htmt_bootstrap(d, {"X": ["a", "b"]}, 0)
    assert "--" not in str(exc.value)


def test_group_column_message_names_the_question_not_a_flag():
    import pandas as pd

    from cemsurvey.errors import SpecError
    from cemsurvey.instrument.model import Construct, Instrument, Item

    ins = Instrument(title="t", constructs=[Construct(id="A", name="a",
                                                      items=[Item(id="A1", text="x")])])
    with pytest.raises(SpecError, match="grouping question gender: no background question") as exc:
        group_column(pd.DataFrame(), ins, "gender")
    assert "--" not in str(exc.value)
