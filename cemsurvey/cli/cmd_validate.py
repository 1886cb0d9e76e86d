"""``cemsurvey validate``: check an instrument YAML and print every problem."""

from __future__ import annotations

from pathlib import Path

import typer

from cemsurvey.errors import ExitCode
from cemsurvey.instrument.loader import load_instrument


def validate(
    model: Path = typer.Argument(..., help="Instrument YAML file."),
) -> None:
    """Check an instrument YAML and print every problem at once, one line each.

    Exits 0 when the file is valid (warnings may still be printed), 1 otherwise.

    Example: cemsurvey validate instruments/digital-marketing-cem.yaml
    """
    # load_instrument raises SpecError with all issues; the app prints them one per line.
    ins = load_instrument(model)
    n_items = len(ins.items)
    typer.echo(
        f"{model}: valid: {len(ins.constructs)} constructs, {n_items} items, "
        f"{len(ins.dimensions)} dimensions, {len(ins.structural_paths)} structural regressions, "
        f"languages {', '.join(ins.languages)}"
    )
    raise typer.Exit(ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
