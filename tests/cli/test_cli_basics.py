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
    assert code == 6  # ExitCode.OUTPUT
    assert err.strip() == f"error: {target}: file exists; pass --force to overwrite it"
    assert target.read_text() == "keep me"


def test_missing_model_file_is_one_line(cli, tmp_path):
    code, out, err = cli(["validate", tmp_path / "nope.yaml"])
    assert code == 3  # ExitCode.SPEC
    assert len(err.strip().splitlines()) == 1
    assert "model file not found" in err and "Traceback" not in err


def test_schema_is_json(cli):
    code, out, err = cli(["schema"])
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "cemsurvey instrument"
    assert "constructs" in schema["properties"]


def test_validate_several_files_reports_every_file(cli, tmp_path):
    """`cemsurvey validate instruments/*.yaml`: a summary per valid file on stdout, every
    problem of every invalid file on stderr, exit 1 when any file is invalid."""
    from tests.conftest import INSTRUMENTS

    shipped = sorted(INSTRUMENTS.glob("*.yaml"))
    code, out, err = cli(["validate", *shipped])
    assert code == 0, err
    assert [ln.split(": valid:")[0] for ln in out.splitlines()] == [str(p) for p in shipped]
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: T\nlanguages: [english]\nconstructs:\n  - id: A\n    name: a\n"
                      "    items: [{id: A1, text: x}, {id: a1, text: y}]\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("title: T\nconstructs: []\n")
    missing = tmp_path / "missing.yaml"
    code, out, err = cli(["validate", shipped[0], broken, empty, missing])
    assert code == 3
    assert out.splitlines() == [ln for ln in out.splitlines() if ": valid:" in ln]
    assert out.splitlines()[0].startswith(f"{shipped[0]}: valid:")
    lines = err.splitlines()
    assert len(lines) == 4 and all(ln.startswith("error: ") for ln in lines)
    assert f"{broken}:2:13: 'english' is not a language code" in lines[0]
    assert f"{broken}:6:33: item id 'a1' differs from 'A1'" in lines[1]
    assert f"{empty}:2:1: 'constructs' is empty" in lines[2]
    assert f"{missing}: model file not found" in lines[3]
    code, _, err = cli(["validate"])
    assert code == 2 and "Missing argument" in err


def test_written_files_get_ordinary_permissions(tmp_path):
    """write_atomic starts from a private temporary file; the result is 0o666 less umask."""
    import os

    from cemsurvey.fileio import write_atomic

    old = os.umask(0o022)
    try:
        p = write_atomic(tmp_path / "out.txt", "x")
        q = write_atomic(tmp_path / "out.bin", lambda t: t.write_bytes(b"x"))
    finally:
        os.umask(old)
    assert p.stat().st_mode & 0o777 == 0o644
    assert q.stat().st_mode & 0o777 == 0o644
