"""``cemsurvey init``: write a commented starter instrument YAML."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from cemsurvey.cli.common import note
from cemsurvey.fileio import write_atomic


def init(
    path: Path = typer.Argument(Path("model.yaml"), help="Where to write the starter YAML."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter instrument (English and Persian).

    Write a commented starter instrument: two constructs, an attention check and background questions, in English and Persian.

    Example: cemsurvey init model.yaml && cemsurvey validate model.yaml
    """
    text = resources.files("cemsurvey.instrument").joinpath("starter.yaml").read_text("utf-8")
    write_atomic(path, text, force=force)
    note(f"wrote {path}; edit it, then run: cemsurvey validate {path}")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
