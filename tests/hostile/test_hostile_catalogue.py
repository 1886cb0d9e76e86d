"""The hostile-input catalogue, run through the command line (issue 16).

Every case must: exit with its documented code (README's exit-code table), print no
traceback and no "internal error", print its refusal as one ``error:`` line naming the
file, the line/row and column, the value and the fix (usage errors: Typer's panel naming
the option and the valid values), leave no file behind (not even a temporary one), and
leave every input byte for byte as it was.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.hostile import catalogue_inputs, catalogue_outputs
from tests.hostile.conftest import MODEL, checksums, entries, lay_out

CASES = catalogue_inputs.CASES + catalogue_outputs.CASES


def test_catalogue_size_and_unique_ids() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hostile_case(cli, tmp_path: Path, monkeypatch, valid_data: str, case) -> None:
    _id, command, files, code, fragments = case
    monkeypatch.chdir(tmp_path)
    lay_out(tmp_path, {"m.yaml": MODEL, "d.csv": valid_data, **files})
    before_sums, before_names = checksums(tmp_path), entries(tmp_path)

    got, out, err = cli(shlex.split(command))

    assert got == code, err
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    errors = [ln for ln in lines if ln.startswith("error: ")]
    assert len(errors) == 1, err  # usage errors too: one line, not click's usage panel
    assert all(ln.startswith(("error: ", "warning: ", "note: ")) for ln in lines), err
    message = errors[0]
    if code == 2:
        assert "--help" in message, message  # a usage error points at the command's help
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert checksums(tmp_path) == before_sums  # inputs unchanged
    assert entries(tmp_path) == before_names  # nothing written, no temporary file left


@pytest.mark.parametrize("extra", [[], ["--missing", "fiml"], ["--method", "pls", "--bootstrap", "0"]],
                         ids=["listwise", "fiml", "pls"])
def test_six_respondents_nine_items_run_what_can_run(cli, tmp_path, monkeypatch, extra) -> None:
    """Too few respondents for the items: the steps that cannot run are skipped with a note and
    a warning, the others run, exit 0 (issue 16: was LinAlgError / a NaN in the optimiser)."""
    from tests.hostile.conftest import data_csv

    monkeypatch.chdir(tmp_path)
    lay_out(tmp_path, {"m.yaml": MODEL, "d.csv": data_csv(6, seed=3)})
    code, out, err = cli(["analyze", "d.csv", "-m", "m.yaml", "--format", "json", *extra])
    assert code == 0, err
    assert "internal error" not in err and "Traceback" not in err
    assert "skipped" in err
    import json

    steps = {s["name"]: s["status"] for s in json.loads(out)["steps"]}
    assert steps["descriptives"] == "ok" and steps["reliability"] == "ok"
