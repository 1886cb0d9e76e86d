"""``cemsurvey design``: render an instrument as a questionnaire or platform import file."""

from __future__ import annotations

import secrets
import sys
from enum import Enum
from pathlib import Path

import typer

from cemsurvey.cli.common import message_translator, note
from cemsurvey.cli.validate import seed_option
from cemsurvey.fileio import check_writable, write_atomic
from cemsurvey.instrument.loader import load_instrument
from cemsurvey.questionnaire import FORMATS, render

DesignFormat = Enum("DesignFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class LevelChoice(str, Enum):
    first = "first"
    second = "second"
    structural = "structural"


_FORMAT_LINES = "Formats: " + "; ".join(f"{f.name}: {f.description} (.{f.extension})" for f in FORMATS.values()) + "."
_FORMAT_HELP = "Output format: " + ", ".join(FORMATS) + "."


def design(
    model: Path = typer.Argument(..., help="Instrument YAML file."),
    fmt: DesignFormat = typer.Option(..., "-f", "--format", help=_FORMAT_HELP, case_sensitive=False),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (text formats go to stdout when omitted)."
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of the questionnaire (default: the instrument's first)."
    ),
    shuffle: bool = typer.Option(
        False, "--shuffle", help="Shuffle items within each construct (never across constructs)."
    ),
    seed: int | None = seed_option("Seed of --shuffle, to reproduce an order."),
    item_codes: bool = typer.Option(
        False, "--show-codes", help="Show variable codes and answer codes in small type (html, "
        "markdown); respondents see none by default."
    ),
    level: LevelChoice | None = typer.Option(
        None, "--level",
        help="lavaan only: first, second or structural (default: structural when the model has paths).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Render a questionnaire, codebook, platform file or lavaan.

    Render an instrument as a questionnaire, codebook, survey-platform file or lavaan model.

    Background questions, construct grids (items optionally shuffled within each construct with --shuffle --seed N) and attention checks appear in the same order in every format. Existing files are kept unless --force.

    Example: cemsurvey design instruments/customer-engagement-journey.yaml -f html --lang fa -o q-fa.html
    """
    if output is not None:  # before any work: never the instrument, even with --force
        check_writable(output, force=force, inputs=[model])
    ins = load_instrument(model)
    name = fmt.value
    if shuffle and seed is None:
        seed = secrets.randbelow(10**6)
        note(_say(lang, f"shuffled with seed {seed}; pass --seed {seed} to reproduce this order"))
    content = render(
        ins, name, lang=lang, shuffle=shuffle, seed=seed, item_codes=item_codes,
        level=level.value if level else None,
    )
    if output is None:
        if isinstance(content, bytes):
            raise typer.BadParameter(f"format {name} writes a binary .xlsx file; give -o FILE.xlsx",
                                     param_hint="-o")
        sys.stdout.write(content)
        return
    write_atomic(output, content, force=force, inputs=[model])
    note(_say(lang, f"wrote {output} ({name})"))


def _say(lang: str | None, line: str) -> str:
    """A stderr line in Persian for a Persian questionnaire (values as written)."""
    return message_translator(lang).message(line)


design.__doc__ = (design.__doc__ or "").rstrip() + "\n\n    " + _FORMAT_LINES + "\n    "


def register(app: typer.Typer) -> None:
    app.command("design")(design)
