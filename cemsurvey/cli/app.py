"""The ``cemsurvey`` command: a Typer app whose commands live one per module.

This is the single place where exceptions become one-line messages and exit codes: a
:class:`CemsurveyError` prints ``error: <message>`` on stderr and exits with the code
:func:`cemsurvey.cli.exit_codes.exit_code_for` gives its class; a usage error exits 2
(Typer/click); anything unexpected prints one line asking for a bug report.
``--traceback`` shows the stack instead. Warnings raised by the core
(:class:`CemsurveyWarning`) are printed on stderr as ``warning: ...`` lines.

Commands load lazily: :data:`COMMANDS` names each command's module (which exposes
``register(app)``) and its one-line summary, so ``cemsurvey --help`` and
``cemsurvey --version`` import no command module and no heavy library; a command's module
(and pandas, scipy, the engines it needs) loads only when that command runs or shows its
own help.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
import warnings
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from cemsurvey import __version__
from cemsurvey.cli.exit_codes import ExitCode, exit_code_for
from cemsurvey.errors import CemsurveyError, CemsurveyWarning, SpecError, one_line

#: Command name -> (module exposing ``register(app)``, summary shown by ``cemsurvey --help``),
#: in help order. The summary is the first paragraph of the command's own help
#: (tests/cli/test_cli_help.py checks they agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("cemsurvey.cli.cmd_init",
             "Write a commented starter instrument (English and Persian)."),
    "validate": ("cemsurvey.cli.cmd_validate",
                 "Check instrument YAML files; print every problem at once."),
    "schema": ("cemsurvey.cli.cmd_schema", "Print a JSON Schema on stdout."),
     "design": ("cemsurvey.cli.cmd_design",
               "Render a questionnaire, codebook, platform file or lavaan."),
    "sample-size": ("cemsurvey.cli.cmd_sample_size",
                    "Sample size: Cochran, Morgan, Yamane, SEM power, PLS rules."),
    "simulate": ("cemsurvey.cli.cmd_simulate",
                 "Simulate respondents from the instrument's population model."),
    "import": ("cemsurvey.cli.cmd_import",
               "Read a survey export, map it to item codes, screen, clean."),
    "analyze": ("cemsurvey.cli.cmd_analyze",
                "Analyze responses: reliability, EFA, CFA, validity, paths."),
    "demo": ("cemsurvey.cli.cmd_demo",
             "Simulate, analyze and report the shipped paradigm instrument."),
}


def _stderr(line: str) -> None:
    typer.echo(line, err=True)


class Voice:
    """The language of the one-line errors and warnings: English, or with ``--lang fa``
    Persian through the message catalogue (:meth:`Translator.message`), English for a
    message it lacks. Values (file names, columns, numbers) are kept as written."""

    def __init__(self, lang: str = "en") -> None:
        self.tr: Any = None
        if lang == "fa":
            from cemsurvey.report.i18n import Translator

            self.tr = Translator("fa")

    def error(self, line: str) -> str:
        return line if self.tr is None else self.tr.message(line)

    def warning(self, line: str) -> str:
        return line if self.tr is None else self.tr.warning(line)


def lang_of(args: list[str]) -> str:
    """``fa`` when the command line asks for ``--lang fa`` (the last ``--lang`` wins, as
    for click), else ``en``: errors and warnings follow the language of the output.

    >>> lang_of(["import", "x.csv", "--lang", "fa"]), lang_of(["--lang=en"]), lang_of([])
    ('fa', 'en', 'en')
    """
    lang = "en"
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif a.startswith("--lang="):
            lang = a.partition("=")[2]
    return "fa" if lang.split("-")[0] == "fa" else "en"


def report_warnings(caught: list[warnings.WarningMessage], voice: Voice | None = None) -> None:
    """Print captured cemsurvey warnings, once each, as ``warning: ...`` lines (in the
    language of ``voice``)."""
    voice = voice or Voice()
    seen: set[str] = set()
    for w in caught:
        msg = str(w.message)
        if msg in seen:
            continue
        seen.add(msg)
        if issubclass(w.category, CemsurveyWarning):
            _stderr(voice.warning(f"warning: {one_line(msg)}"))


def load_command(name: str) -> Any:
    """The click command of ``name``: imports its module and lets it register itself."""
    module = importlib.import_module(COMMANDS[name][0])
    sub = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    module.register(sub)
    return typer.main.get_command(sub)


class CemsurveyGroup(TyperGroup):
    """Loads subcommands on demand, runs one and turns library exceptions into one-line
    messages."""

    _listing = False  # True while the group's own help is drawn: summaries suffice

    def list_commands(self, ctx: typer.Context) -> list[str]:
        extra = sorted(n for n in super().list_commands(ctx) if n not in COMMANDS)
        return [*COMMANDS, *extra]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # `cemsurvey --help`: name and summary, no import
            return TyperCommand(cmd_name, short_help=COMMANDS[cmd_name][1])
        self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        """Typer's resolution, with "Did you mean ...?" over the lazy command names too."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in self.list_commands(ctx):
            matches = get_close_matches(name, self.list_commands(ctx))
            if matches:
                ctx.fail(f"No such command {name!r}. Did you mean "
                         f"{', '.join(repr(m) for m in matches)}?")
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        ctx.meta["cemsurvey.lang"] = lang_of(args)  # before parsing: usage errors too
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context) -> Any:
        show_tb = bool(ctx.params.get("traceback"))
        voice = Voice(ctx.meta.get("cemsurvey.lang", "en"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CemsurveyWarning)
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            warnings.filterwarnings("ignore", category=FutureWarning)
            try:
                return super().invoke(ctx)
            except CemsurveyError as exc:
                report_warnings(caught, voice)
                caught.clear()
                if show_tb:
                    traceback.print_exc()
                for line in exc.lines() if isinstance(exc, SpecError) else [str(exc)]:
                    _stderr(voice.error(f"error: {line}"))
                raise typer.Exit(exit_code_for(exc)) from None
            except typer.TyperException as exc:
                # a usage error (bad option value, unknown option or command): one line
                # instead of click's usage panel, exit 2
                if getattr(exc, "exit_code", None) != ExitCode.USAGE or \
                        not hasattr(exc, "format_message"):
                    raise
                sub = getattr(exc, "ctx", None)
                where = sub.command_path if sub is not None else "cemsurvey"
                _stderr(voice.error(f"error: {one_line(exc.format_message())} "
                                    f"(see '{where} --help')"))
                raise typer.Exit(ExitCode.USAGE) from None
            except (typer.Exit, typer.Abort):
                raise
            except KeyboardInterrupt:
                _stderr(voice.error("error: interrupted"))
                raise typer.Exit(ExitCode.ERROR) from None
            except BrokenPipeError:  # `cemsurvey ... | head` closed the pipe: not an error
                _silence_stdout()
                raise typer.Exit(ExitCode.OK) from None
            except Exception as exc:  # a bug: one line unless --traceback
                report_warnings(caught, voice)
                caught.clear()
                if show_tb:
                    traceback.print_exc()
                _stderr(voice.error(
                    f"error: internal error ({type(exc).__name__}: {one_line(str(exc))}); rerun "
                    "with --traceback and report it"))
                raise typer.Exit(ExitCode.ERROR) from None
            finally:
                report_warnings(caught, voice)


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
