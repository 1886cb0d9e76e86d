"""The ``cemsurvey`` command: a Typer app whose commands live one per module.

This is the single place where exceptions become one-line messages and exit codes
(:class:`cemsurvey.errors.ExitCode`): a :class:`CemsurveyError` prints
``error: <message>`` on stderr and exits with its class's code (:data:`EXIT_CODES`, one
table); a usage error exits 2 (Typer/click); anything unexpected prints one line asking
for a bug report and exits 1. ``--traceback`` shows the stack instead. Warnings raised by the core (:class:`CemsurveyWarning`) are printed on
stderr as ``warning: ...`` lines.

Command modules in this package expose ``register(app)``; they are discovered here so
each command stays in its own file.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
import warnings
from typing import Any

import typer
from typer.core import TyperGroup

from cemsurvey import __version__
from cemsurvey.errors import (
    CemsurveyError,
    CemsurveyWarning,
    DataError,
    EstimationError,
    ExitCode,
    OutputError,
    SpecError,
    one_line,
)

#: Error class -> exit code (README's exit-code table); the first class in the exception's
#: MRO found here wins, anything else a user can fix exits ExitCode.ERROR.
EXIT_CODES: dict[type[CemsurveyError], ExitCode] = {
    SpecError: ExitCode.SPEC,
    DataError: ExitCode.DATA,
    EstimationError: ExitCode.ESTIMATION,
    OutputError: ExitCode.OUTPUT,
}


def exit_code(exc: CemsurveyError) -> ExitCode:
    """The documented exit code of a library error."""
    return next((EXIT_CODES[c] for c in type(exc).__mro__ if c in EXIT_CODES), ExitCode.ERROR)


#: Order of commands in ``cemsurvey --help``; unknown ones follow alphabetically.
COMMAND_ORDER = [
    "init", "validate", "schema", "design", "sample-size", "simulate", "import", "analyze",
]


def _stderr(line: str) -> None:
    typer.echo(line, err=True)


def report_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Print captured cemsurvey warnings, once each, as ``warning: ...`` lines."""
    seen: set[str] = set()
    for w in caught:
        msg = str(w.message)
        if msg in seen:
            continue
        seen.add(msg)
        if issubclass(w.category, CemsurveyWarning):
            _stderr(f"warning: {one_line(msg)}")


class CemsurveyGroup(TyperGroup):
    """Runs a subcommand and turns library exceptions into one-line messages."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        names = super().list_commands(ctx)
        order = {n: i for i, n in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (order.get(n, len(order)), n))

    def invoke(self, ctx: typer.Context) -> Any:
        show_tb = bool(ctx.params.get("traceback"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CemsurveyWarning)
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            warnings.filterwarnings("ignore", category=FutureWarning)
            try:
                return super().invoke(ctx)
            except CemsurveyError as exc:
                report_warnings(caught)
                caught.clear()
                if show_tb:
                    traceback.print_exc()
                if isinstance(exc, SpecError):
                    for line in exc.lines():
                        _stderr(f"error: {line}")
                else:
                    _stderr(f"error: {exc}")
                raise typer.Exit(exit_code(exc)) from None
            except (typer.Exit, typer.Abort, typer.TyperException):
                raise
            except KeyboardInterrupt:
                _stderr("error: interrupted")
                raise typer.Exit(ExitCode.ERROR) from None
            except BrokenPipeError:  # `cemsurvey ... | head` closed the pipe: not an error
                _silence_stdout()
                raise typer.Exit(ExitCode.OK) from None
            except Exception as exc:  # a bug: one line unless --traceback
                report_warnings(caught)
                caught.clear()
                if show_tb:
                    traceback.print_exc()
                _stderr(
                    f"error: internal error ({type(exc).__name__}: {one_line(str(exc))}); rerun with "
                    "--traceback and report it"
                )
                raise typer.Exit(ExitCode.ERROR) from None
            finally:
                report_warnings(caught)


app = typer.Typer(
    cls=CemsurveyGroup,
    name="cemsurvey",
    help=(
        "Survey instruments and psychometrics from one YAML file.\n\n"
        "Example: cemsurvey design instruments/customer-engagement-journey.yaml -f html -o q.html"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    finally:
        os.close(devnull)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cemsurvey {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    traceback: bool = typer.Option(False, "--traceback", help="Show the full stack on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Survey instruments and psychometrics from one YAML file."""


def _register_all() -> None:
    import cemsurvey.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"cemsurvey.cli.{info.name}")
            module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code."""
    try:
        app(args=argv, prog_name="cemsurvey", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return int(code) if isinstance(code, int) else (0 if code is None else 1)
    except BrokenPipeError:  # help or output piped into `head`
        _silence_stdout()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
