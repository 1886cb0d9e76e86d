"""``cemsurvey import``: a survey export to a clean table of item codes, with screening."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cemsurvey.cli.common import (
    DIGITS_OPTION,
    FORMAT_OPTION,
    LANG_OPTION,
    OutputFormat,
    echo_json,
    note,
    out_console,
    output_translator,
)
from cemsurvey.cli.validate import drop_option, invalid_option, mapping_option, source_option
from cemsurvey.fileio import check_writable

if TYPE_CHECKING:  # the importer loads pandas and scipy: only when the command runs
    from cemsurvey.responses.importer import ImportResult


def render_screening(result: ImportResult, tr: Any = None) -> None:
    """Print the screening report tables on stdout, with the flags that change them, in
    the language of the translator ``tr`` (English when None)."""
    from dataclasses import replace

    from cemsurvey.report.screening import screening_tables
    from cemsurvey.report.terminal import render_tables

    hints = [] if result.options.drop else ["Pass --drop to exclude flagged respondents."]
    hints.append("Turn a rule off with --no-<rule>.")
    tables = [replace(t, notes=[*t.notes, *hints]) if t.key == "import_screening" else t
              for t in screening_tables(result)]
    render_tables([tr.table(t) for t in tables] if tr is not None else tables, out_console())


def import_cmd(
    raw: Path = typer.Argument(..., help="Survey export: CSV/TSV, .xlsx or SPSS .sav."),
    model: Path = typer.Option(..., "--model", "-m", help="Instrument YAML the export answers."),
    output: Path = typer.Option(..., "-o", "--output", help="Clean CSV to write."),
    source: str | None = source_option(),
    mapping: Path | None = mapping_option(),
    invalid: str = invalid_option(),
    drop: bool = drop_option(),
    duplicates: bool = typer.Option(True, "--duplicates/--no-duplicates",
                                    help="Flag repeated ids and identical answer rows."),
    straightlining: bool = typer.Option(True, "--straightlining/--no-straightlining",
                                        help="Flag long runs of one answer."),
    too_fast: bool = typer.Option(True, "--too-fast/--no-too-fast",
                                  help="Flag completion faster than --min-seconds."),
    attention: bool = typer.Option(True, "--attention/--no-attention",
                                   help="Flag failed attention checks declared in the model."),
    incomplete: bool = typer.Option(True, "--incomplete/--no-incomplete",
                                    help="Flag respondents missing more than --max-missing."),
    outliers: bool = typer.Option(True, "--outliers/--no-outliers",
                                  help="Flag Mahalanobis outliers (chi-square p < --outlier-p)."),
    straightline_run: int | None = typer.Option(
        None, "--straightline-run", min=2, help="Longest-run threshold (default max(min(k, 8), k/2))."),
    min_seconds: float | None = typer.Option(
        None, "--min-seconds", min=0, help="Too-fast threshold in seconds (default 2 per item)."),
    max_missing: float = typer.Option(0.15, "--max-missing", min=0, max=1,
                                      help="Largest share of unanswered items allowed."),
    outlier_p: float = typer.Option(0.001, "--outlier-p", min=0, max=1,
                                    help="p value below which a respondent is an outlier."),
    fmt: OutputFormat = FORMAT_OPTION,
    lang: str = LANG_OPTION,
    digits: str = DIGITS_OPTION,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Read a survey export, map it to item codes, screen, clean.

    Read a survey export (Google Forms, Qualtrics, LimeSurvey, KoboToolbox,
    SurveyMonkey, SPSS, Excel or plain CSV), map columns and answers to the model's
    item codes, screen careless respondents and write a clean CSV.

    Example: cemsurvey import responses.csv --model instruments/customer-engagement-journey.yaml -o clean.csv
    """
    if fmt == OutputFormat.csv:
        raise typer.BadParameter("import prints a table or JSON; the CSV goes to -o",
                                 param_hint="--format")
    tr = output_translator(lang, digits)
    from cemsurvey.instrument.loader import load_instrument
    from cemsurvey.responses.clean import write_clean
    from cemsurvey.responses.importer import import_responses
    from cemsurvey.responses.screening import ScreeningOptions

    inputs = [raw, model] + ([mapping] if mapping is not None else [])
    # before reading anything: -o must not be an input (even with --force) nor exist without it
    check_writable(output, force=force, inputs=inputs)
    ins = load_instrument(model)
    opts = ScreeningOptions(
        duplicates=duplicates, straightlining=straightlining, too_fast=too_fast,
        attention=attention, incomplete=incomplete, outliers=outliers,
        straightline_run=straightline_run, min_seconds=min_seconds, max_missing=max_missing,
        outlier_p=outlier_p, drop=drop)
    result = import_responses(raw, ins, source=source, mapping=mapping, invalid=invalid,  # type: ignore[arg-type]
                              screening=opts)
    write_clean(result, output, force=force, inputs=tuple(inputs))
    if fmt == OutputFormat.json:
        echo_json(result.to_dict())
    else:
        render_screening(result, tr)
    note(tr.text(f"wrote {output} ({result.n_kept} respondents x {len(ins.item_ids)} items)"))


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
