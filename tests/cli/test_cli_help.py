"""Every command's help says what it does and gives an example; the starter works."""

from __future__ import annotations

import re

import pytest
import typer

from cemsurvey.cli.app import app

COMMANDS = typer.main.get_command(app).list_commands(None)  # type: ignore[arg-type]


def test_commands_are_registered():
    assert {"init", "validate", "schema", "design"} <= set(COMMANDS)


def test_root_help_lists_every_command_with_an_example(cli):
    code, out, err = cli(["--help"])
    assert code == 0 and err == ""
    assert "Example: cemsurvey " in out
    for name in COMMANDS:
        assert re.search(rf"│ {re.escape(name)}\s+\S", out), name  # listed with a summary


@pytest.mark.parametrize("name", COMMANDS)
def test_subcommand_help_has_summary_and_example(cli, name):
    code, out, err = cli([name, "--help"])
    assert code == 0, err
    flat = " ".join(out.split())
    assert f"Usage: cemsurvey {name}" in flat
    # an example that runs this very command
    assert re.search(rf"Example: cemsurvey {re.escape(name)}\b", flat), flat[:300]
    # a one-sentence summary right after the usage line
    summary = flat.split(f"Usage: cemsurvey {name}", 1)[1]
    assert re.search(r"\] ?[^╭]*?[A-Z][a-z]+ [^.]{10,}\.", summary[:400]), summary[:200]


def test_design_help_names_every_format(cli):
    from cemsurvey.questionnaire import FORMATS

    _, out, _ = cli(["design", "--help"])
    flat = " ".join(out.split())
    for name, info in FORMATS.items():
        assert f"{name}: " in flat and f"(.{info.extension})" in flat


def test_starter_is_commented_validates_cleanly_and_renders(cli, tmp_path):
    target = tmp_path / "model.yaml"
    code, out, err = cli(["init", target])
    assert code == 0 and "cemsurvey validate" in err
    text = target.read_text(encoding="utf-8")
    assert sum(1 for ln in text.splitlines() if "#" in ln) >= 10  # a commented starter
    code, out, err = cli(["validate", target])
    assert code == 0 and err == "", err  # no warnings either
    assert "2 constructs, 6 items" in out
    from cemsurvey.instrument import load_instrument

    ins = load_instrument(target)
    assert {b.type for b in ins.background} == {"single", "number"}
    assert ins.attention_checks and ins.reverse_items
    code, out, err = cli(["design", target, "-f", "html", "--lang", "fa", "-o", tmp_path / "q.html"])
    assert code == 0, err


def test_lazy_summaries_match_each_commands_own_help():
    """`cemsurvey --help` shows the summaries of cli.app.COMMANDS without importing the
    command modules; each must be the first paragraph of the command's own help."""
    from cemsurvey.cli.app import COMMANDS as TABLE
    from cemsurvey.cli.app import load_command

    for name, (_, summary) in TABLE.items():
        first = (load_command(name).help or "").split("\n\n")[0]
        assert " ".join(first.split()) == summary, name


def test_exit_code_table_maps_every_error_class():
    from cemsurvey.cli.exit_codes import EXIT_CODES, ExitCode, exit_code_for
    from cemsurvey.errors import (
        CemsurveyError,
        DataError,
        EstimationError,
        OutputError,
        SpecError,
    )

    for cls in (CemsurveyError, DataError, EstimationError, OutputError, SpecError):
        assert exit_code_for(cls("x")) in set(ExitCode)
    assert exit_code_for(CemsurveyError("x")) == EXIT_CODES[CemsurveyError] == ExitCode.ERROR


def test_mistyped_command_gets_a_suggestion(cli):
    code, out, err = cli(["analyse"])
    assert code == 2 and "Did you mean 'analyze'?" in " ".join(err.split())


def test_help_at_80_columns_keeps_summaries_and_steps_whole():
    import os
    import subprocess
    import sys

    from cemsurvey.cli.app import COMMANDS as TABLE
    from cemsurvey.results import ALL_STEPS

    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    top = subprocess.run([sys.executable, "-m", "cemsurvey.cli.app", "--help"], env=env,
                         capture_output=True, text=True, check=True).stdout
    for name, (_, summary) in TABLE.items():  # one line each, never wrapped mid-sentence
        assert any(name in ln and summary in ln for ln in top.splitlines()), name
    ana = subprocess.run([sys.executable, "-m", "cemsurvey.cli.app", "analyze", "--help"],
                         env=env, capture_output=True, text=True, check=True).stdout
    flat = " ".join(ana.replace("│", " ").split())
    assert "…" not in ana.split("--steps")[1].split("--report")[0]
    for step in ALL_STEPS:
        assert step in flat, step
