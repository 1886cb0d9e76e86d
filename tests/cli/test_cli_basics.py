"""CLI behaviour of the skeleton commands: exit codes, stdout vs stderr, no tracebacks."""

from __future__ import annotations

import json


def test_help_lists_commands(cli):
    code, out, err = cli(["--help"])
    assert code == 0
    for cmd in ("init", "validate", "schema"):
        assert cmd in out


def test_usage_error_exits_2(cli):
    code, out, err = cli(["validate", "--no-such-option"])
    assert code == 2
    assert "No such option" in err


def test_init_then_validate(cli, tmp_path):
    target = tmp_path / "model.yaml"
    code, out, err = cli(["init", target])
    assert code == 0 and target.exists()
    code, out, err = cli(["validate", target])
    assert code == 0, err
    assert "valid" in out


def test_init_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "model.yaml"
    target.write_text("keep me")
    code, out, err = cli(["init", target])
    assert code == 1
    assert err.strip() == f"error: {target}: file exists; pass --force to overwrite it"
    assert target.read_text() == "keep me"


def test_missing_model_file_is_one_line(cli, tmp_path):
    code, out, err = cli(["validate", tmp_path / "nope.yaml"])
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "model file not found" in err and "Traceback" not in err


def test_schema_is_json(cli):
    code, out, err = cli(["schema"])
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "cemsurvey instrument"
    assert "constructs" in schema["properties"]
