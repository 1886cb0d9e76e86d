"""Helpers shared by the command modules: output format, consoles, progress, JSON.

Light at import (the command modules import it at start-up of their command): Rich's
console and progress bars and the JSON writer (numpy, pandas) load when first used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console


class OutputFormat(str, Enum):
    """What a command prints on stdout."""

    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(
    OutputFormat.table, "--format", help="stdout format: table (Rich), json or csv."
)


def out_console() -> Console:
    """Console for data on stdout (wide enough for tables when piped)."""
    from rich.console import Console

    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, soft_wrap=False)


def err_console() -> Console:
    """Console for diagnostics on stderr."""
    from rich.console import Console

    return Console(file=sys.stderr, stderr=True)


def echo_json(obj: Any) -> None:
    """Print ``obj`` as strict JSON on stdout."""
    from cemsurvey.report.jsonify import dumps

    typer.echo(dumps(obj))


def note(message: str) -> None:
    """A diagnostic line on stderr (never on stdout, which carries data)."""
    typer.echo(message, err=True)


@contextmanager
def progress_bar(
    total: int, description: str, *, enabled: bool = True
) -> Iterator[Callable[[int], None]]:
    """Yield a callback ``advance(k)`` driving a Rich progress bar on a terminal.

    The bar appears only when ``enabled`` and stderr is a terminal; otherwise the
    callback does nothing, so ``--format json`` and piped runs stay quiet.
    """
    if not enabled or not sys.stderr.isatty() or total <= 0:
        yield lambda k=1: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console(),
        transient=True,
    ) as prog:
        task = prog.add_task(description, total=total)
        yield lambda k=1: prog.advance(task, k)


LANG_OPTION: Any = typer.Option(
    "en", "--lang", help="Language of the printed tables and sentences: en or fa (JSON stays English).")
DIGITS_OPTION: Any = typer.Option(
    "latin", "--digits", help="Digits of numbers in the printed tables: latin or fa.")


def output_translator(lang: str, digits: str) -> Any:
    """The report translator for ``--lang`` and ``--digits`` of a command's printed output."""
    if lang not in ("en", "fa"):
        raise typer.BadParameter(f"use en or fa, got {lang!r}", param_hint="--lang")
    if digits not in ("latin", "fa"):
        raise typer.BadParameter(f"use latin or fa, got {digits!r}", param_hint="--digits")
    from cemsurvey.report.i18n import Translator

    return Translator(lang, digits)


def message_translator(lang: str | None) -> Any:
    """The translator of a command's stderr lines (notes, "wrote FILE"): Persian under
    ``--lang fa``, with values and digits as written (:meth:`Translator.message`)."""
    from cemsurvey.report.i18n import Translator

    return Translator("fa" if (lang or "").split("-")[0] == "fa" else "en")
