"""The broken-YAML catalogue: every file in broken/ gives its expected one-line messages.

Each ``broken/<name>.yaml`` has a ``broken/<name>.expected``: the first line is the
exit code of ``cemsurvey validate`` (``exit 1``; ``exit 0`` for warning-only files), the
others are the exact stderr lines, with ``{file}`` standing for the file's path. Every
problem of a file is listed (not just the first), each located ``file:line:col``, and no
traceback is printed. Regenerate after reviewing the messages with::

    CEMSURVEY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/instrument/test_instrument_broken.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "broken"
FILES = sorted(BROKEN.glob("*.yaml"))
UPDATE = os.environ.get("CEMSURVEY_UPDATE_GOLDEN") == "1"


def test_catalogue_is_large_enough():
    assert len(FILES) >= 15
    errors_only = [p for p in FILES if (BROKEN / f"{p.stem}.expected").exists()
                   and (BROKEN / f"{p.stem}.expected").read_text().startswith("exit 3")]
    assert len(errors_only) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_broken_file_messages(cli, path):
    code, out, err = cli(["validate", path])
    lines = err.rstrip("\n").splitlines()
    expected_path = BROKEN / f"{path.stem}.expected"
    got = [f"exit {code}"] + [ln.replace(str(path), "{file}") for ln in lines]
    if UPDATE:
        expected_path.write_text("\n".join(got) + "\n", encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8").rstrip("\n").splitlines()
    assert got == expected
    assert "Traceback" not in err and "internal error" not in err
    # every message is one located line: error|warning: file:line:col: text
    for ln in lines:
        assert re.match(rf"^(error|warning): {re.escape(str(path))}:\d+:\d+: \S", ln), ln
    if code == 3:  # ExitCode.SPEC
        assert out == ""
        assert any(ln.startswith("error: ") for ln in lines)
    else:
        assert code == 0 and "valid" in out


def test_all_problems_are_listed(cli):
    """One file with six independent problems reports all six, sorted by line."""
    path = BROKEN / "many_problems.yaml"
    code, _, err = cli(["validate", path])
    lines = err.splitlines()
    assert code == 3 and len(lines) == 6
    nums = [int(ln.split(":")[2]) for ln in lines]
    assert nums == sorted(nums)


def test_traceback_option_shows_the_stack(cli):
    code, _, err = cli(["--traceback", "validate", BROKEN / "duplicate_item_id.yaml"])
    assert code == 3 and "Traceback" in err and "used twice" in err


@pytest.mark.parametrize("name, words", [
    ("alias_bomb", "expands to more than 200,000 values"),
    ("recursive_alias", "refers to a list or mapping that contains it"),
    ("python_tag", "unsupported YAML tag"),
])
def test_hostile_yaml_is_refused_before_expansion(name, words, monkeypatch):
    """safe_load alone would build 43 million strings for alias_bomb.yaml and recurse
    forever on recursive_alias.yaml; the loader stops after MAX_NODES values (a bound on
    work, not a timing) and on the first alias back into its own collection."""
    from cemsurvey.errors import SpecError
    from cemsurvey.instrument import parse_instrument, yamlpos

    text = (BROKEN / f"{name}.yaml").read_text(encoding="utf-8")
    with pytest.raises(SpecError, match=words):
        parse_instrument(text, name)
    # the bound is what stops the bomb: with a smaller bound it stops earlier, same message
    monkeypatch.setattr(yamlpos, "MAX_NODES", 50)
    if name == "alias_bomb":
        with pytest.raises(SpecError, match="more than 50 values"):
            parse_instrument(text, name)


def test_dates_stay_text():
    """A date-like value (YAML timestamp) is read as the text written, not a date object."""
    from cemsurvey.instrument import parse_instrument

    ins, _ = parse_instrument(
        "title: T\nsource: 2024-02-10\nconstructs:\n  - id: A\n    name: a\n    items:\n"
        "      - {id: A1, text: x}\n      - {id: A2, text: 2024-01-01}\n"
    )
    assert ins.source == "2024-02-10" and ins.items[1].text == "2024-01-01"
