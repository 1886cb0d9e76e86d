"""``cemsurvey validate``: check instrument YAML files and print every problem."""

from __future__ import annotations

from pathlib import Path

import typer

from cemsurvey.cli.exit_codes import ExitCode
from cemsurvey.errors import Issue, SpecError


def validate(
    models: list[Path] = typer.Argument(..., help="Instrument YAML file(s).", show_default=False),
) -> None:
    """Check instrument YAML files; print every problem at once.

    Check instrument YAML files and print every problem at once, one line each.

    Each valid file gets a one-line summary on stdout; every problem of every file is
    printed on stderr as file:line:col: message. Exits 0 when all files are valid
    (warnings may still be printed), 3 otherwise (the exit code of a specification error).

    Example: cemsurvey validate instruments/*.yaml
    """
    from cemsurvey.instrument.loader import load_instrument  # pydantic, YAML: not for --help

    problems: list[Issue] = []
    for model in models:
        try:
            ins = load_instrument(model)
        except SpecError as exc:  # keep going: report the other files too
            problems.extend(exc.issues)
            continue
        typer.echo(
            f"{model}: valid: {len(ins.constructs)} constructs, {len(ins.items)} items, "
            f"{len(ins.dimensions)} dimensions, {len(ins.structural_paths)} structural "
            f"regressions, {len(ins.background)} background questions, "
            f"languages {', '.join(ins.languages)}"
        )
    if problems:
        # the app prints each issue as one `error: file:line:col: message` line, exit 1
        raise SpecError(problems)
    raise typer.Exit(ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
