"""``cemsurvey sample-size``: every sizing method researchers cite, read from the model."""

from __future__ import annotations

import warnings
from pathlib import Path

import typer
from rich.table import Table as RichTable

from cemsurvey.cli.common import FORMAT_OPTION, OutputFormat, echo_json, out_console
from cemsurvey.errors import CemsurveyWarning
from cemsurvey.report.sampling import recommended_row, sampling_tables
from cemsurvey.sampling import model_info, plan_sample_size


def sample_size(
    population: int | None = typer.Option(
        None, "--population", "-N", help="Population size N (enables FPC, Krejcie-Morgan, Yamane)."
    ),
    confidence: float = typer.Option(0.95, "--confidence", help="Confidence level, in (0, 1)."),
    margin: float = typer.Option(0.05, "--margin", help="Margin of error for a proportion, in (0, 1)."),
    proportion: float = typer.Option(0.5, "--proportion", help="Expected proportion p, in (0, 1)."),
    response_rate: float | None = typer.Option(
        None, "--response-rate", help="Expected response rate in (0, 1]: adds invitations to send."
    ),
    sd: float | None = typer.Option(
        None, "--sd", help="Expected SD of a mean, in scale units (with --mean-margin)."
    ),
    mean_margin: float | None = typer.Option(
        None, "--mean-margin", help="Margin of error for a mean, in scale units (with --sd)."
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Instrument YAML: df and paths for the SEM and PLS methods."
    ),
    power: float = typer.Option(0.80, "--power", help="Target power, in (0, 1)."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level, in (0, 1)."),
    n: int | None = typer.Option(
        None, "--n", help="Planned or achieved N: report post-hoc power of the RMSEA tests."
    ),
    min_path: float = typer.Option(
        0.2, "--min-path", help="Smallest path coefficient expected (PLS inverse square root)."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Sample size by Cochran, Krejcie-Morgan, Yamane, RMSEA power and PLS rules.

    The largest n is recommended. With --model the SEM methods use the structural
    model's degrees of freedom and the PLS 10-times rule its paths.

    Example: cemsurvey sample-size --model instruments/digital-marketing-cem.yaml --population 5000
    """
    info = None
    if model is not None:
        from cemsurvey.instrument.loader import load_instrument

        info = model_info(load_instrument(model))
    if fmt is OutputFormat.csv:
        raise typer.BadParameter("csv is not available for sample-size; use table or json",
                                 param_hint="--format")
    plan = plan_sample_size(
        population=population, confidence=confidence, margin=margin, proportion=proportion,
        response_rate=response_rate, sd=sd, mean_margin=mean_margin, model=info, power=power,
        alpha=alpha, n=n, min_path=min_path,
    )
    for w in plan.warnings:
        warnings.warn(CemsurveyWarning(w), stacklevel=1)
    if fmt is OutputFormat.json:
        echo_json(plan.to_dict())
        return
    table = sampling_tables(plan)[0]
    best = recommended_row(plan)
    rt = RichTable(title=table.title, title_justify="left")
    for col in table.columns:
        rt.add_column(col, justify="right" if col in table.formats else "left")
    for i, row in enumerate(table.rows):
        cells = [table.formatted(row, c, v) for c, v in zip(table.columns, row, strict=True)]
        if i == best:
            cells[0] = "★ " + cells[0]
        rt.add_row(*cells, style="bold green" if i == best else None)
    console = out_console()
    console.print(rt)
    for line in table.notes:
        if line in plan.warnings:
            continue  # printed on stderr as warnings
        console.print(line, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("sample-size")(sample_size)
