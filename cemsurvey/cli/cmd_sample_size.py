"""``cemsurvey sample-size``: every sizing method researchers cite, read from the model."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.table import Table as RichTable

from cemsurvey.cli.common import (
    DIGITS_OPTION,
    FORMAT_OPTION,
    LANG_OPTION,
    OutputFormat,
    echo_json,
    err_console,
    note,
    out_console,
    output_translator,
)
from cemsurvey.errors import CemsurveyWarning, SpecError
from cemsurvey.fileio import check_writable, write_atomic


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
    monte_carlo: bool = typer.Option(
        False, "--monte-carlo", help="Monte Carlo power of the model's paths (needs --model)."
    ),
    effect: list[str] = typer.Option(
        [], "--effect", help="Standardized effect of a path, 'Y~X=0.2' (repeatable; overrides "
        "the YAML's planning: block; paths without one take --min-path)."
    ),
    loading: float | None = typer.Option(
        None, "--loading", help="Standardized loading of every item (default: planning: or 0.7)."
    ),
    correlation: float | None = typer.Option(
        None, "--correlation", help="Correlation of the exogenous latent variables (default: "
        "planning: or 0)."
    ),
    n_grid: str = typer.Option(
        "100,150,200,300,400", "--n-grid", help="Sample sizes to simulate, comma-separated."
    ),
    reps: int = typer.Option(1000, "--reps", help="Replications per sample size."),
    seed: int = typer.Option(42, "--seed", help="Seed: same seed, same numbers on any workers."),
    method: str = typer.Option("cb-sem", "--method", help="cb-sem or pls."),
    estimator: str | None = typer.Option(
        None, "--estimator", help="CB-SEM estimator: ml, mlr or wlsmv (default: the YAML's, or "
        "wlsmv with --likert, else ml)."
    ),
    likert: bool = typer.Option(
        False, "--likert", help="Cut the simulated items into the instrument's scale points."
    ),
    missing: float = typer.Option(
        0.0, "--missing", help="Share of answers missing completely at random (FIML)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Local worker processes (default: every core)."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT (pip install "
        "'cemsurvey[cluster]')."
    ),
    target_power: float | None = typer.Option(
        None, "--target-power", help="Power every path must reach (default: --power)."
    ),
    bisect: bool = typer.Option(
        False, "--bisect", help="Refine the required n by bisection between grid points."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --html file."),
    html: Path | None = typer.Option(
        None, "--html", help="Monte Carlo: also write an HTML page with the power curve."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    lang: str = LANG_OPTION,
    digits: str = DIGITS_OPTION,
) -> None:
    """Sample size: Cochran, Morgan, Yamane, SEM power, PLS rules.

    Sample size by Cochran, Krejcie-Morgan, Yamane, RMSEA power and PLS rules.

    The largest n is recommended. With --model the SEM methods use the structural
    model's degrees of freedom and the PLS 10-times rule its paths. With --monte-carlo the
    model's paths are tested on simulated samples (power, bias, coverage by n).

    Example: cemsurvey sample-size --model instruments/digital-marketing-cem.yaml --population 5000

    Example: cemsurvey sample-size -m model.yaml --monte-carlo --effect "Y~X=0.2" --reps 1000
    """
    tr = output_translator(lang, digits)
    if monte_carlo:
        _monte_carlo(model, fmt, html, force, tr, effects=effect, loading=loading, n_grid=n_grid,
                     correlation=correlation,
                     reps=reps, seed=seed, method=method, estimator=estimator, likert=likert,
                     missing=missing, workers=workers, scheduler=scheduler,
                     target_power=power if target_power is None else target_power,
                     alpha=alpha, bisect=bisect, default_effect=min_path)
        return
    from cemsurvey.report.sampling import recommended_row, sampling_tables
    from cemsurvey.sampling.plan import model_info, plan_sample_size

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
        warnings.warn(CemsurveyWarning(tr.text(w)), stacklevel=1)
    if fmt is OutputFormat.json:
        echo_json(plan.to_dict())
        return
    table = tr.table(sampling_tables(plan)[0])
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
    shown_as_warnings = {tr(w) for w in plan.warnings}
    for line in table.notes:
        if line in shown_as_warnings:
            continue  # printed on stderr as warnings
        console.print(line, highlight=False)


# ------------------------------------------------------------------ Monte Carlo
def _grid(text: str) -> list[int]:
    try:
        return [int(v) for v in text.replace(" ", "").split(",") if v]
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a comma-separated list of whole numbers; "
                                 "write for example --n-grid 100,150,200,300",
                                 param_hint="--n-grid") from None


def _effects(texts: list[str], planning: Any) -> dict[tuple[str, str], float]:
    from cemsurvey.sampling.population import parse_effect

    out: dict[tuple[str, str], float] = {}
    if planning is not None:
        for key, v in planning.effects.items():
            out[parse_effect(f"{key} = {v}")[0]] = float(v)
    for t in texts:
        try:
            path, v = parse_effect(t)
        except SpecError as exc:
            raise SpecError(f"--effect: {exc}") from None
        out[path] = v
    return out


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich bar on a terminal driven by ``progress(done, total)``; nothing otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("replications", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console(), transient=True) as prog:
        task = prog.add_task("replications", total=None)
        yield lambda done, total: prog.update(task, completed=done, total=total)


def _monte_carlo(model: Path | None, fmt: OutputFormat, html: Path | None, force: bool,
                 tr: Any, *,
                 effects: list[str],
                 loading: float | None, n_grid: str, default_effect: float,
                 correlation: float | None, **kw: Any) -> None:
    if model is None:
        raise typer.BadParameter("--monte-carlo simulates the model's paths: add --model "
                                 "MODEL.yaml", param_hint="--model")
    if fmt is OutputFormat.csv:
        raise typer.BadParameter("csv is not available for sample-size; use table or json",
                                 param_hint="--format")
    if html is not None:  # refuse before a long simulation, never over the model
        check_writable(html, force=force, inputs=[model])
    from cemsurvey.instrument.loader import load_instrument
    from cemsurvey.report.montecarlo import montecarlo_html, montecarlo_tables
    from cemsurvey.sampling.montecarlo import monte_carlo_power

    ins = load_instrument(model)
    plan = ins.planning
    if kw["estimator"] is None:
        kw["estimator"] = ins.estimator or ("wlsmv" if kw["likert"] else "ml")
    if kw["method"] == "pls":
        kw["estimator"] = "ml"
    if loading is None:
        loading = plan.loading if plan is not None and plan.loading is not None else 0.7
    loadings = dict(plan.loadings) if plan is not None else {}
    if correlation is None:
        correlation = plan.correlation if plan is not None and plan.correlation is not None else 0.0
    with _progress(fmt is not OutputFormat.json) as progress:
        res = monte_carlo_power(ins, effects=_effects(effects, plan), loading=loading,
                                loadings=loadings, default_effect=default_effect,
                                correlation=correlation,
                                n_grid=_grid(n_grid), progress=progress, **kw)
    for w in res.warnings:
        warnings.warn(CemsurveyWarning(tr.text(w)), stacklevel=1)
    if html is not None:
        title = f"{tr.text('Monte Carlo power')}: {ins.tr(ins.title, tr.lang)}"
        write_atomic(html, montecarlo_html(res, title, tr=tr), force=force, inputs=[model])
        note(tr.message(f"wrote {html}"))
    if fmt is OutputFormat.json:
        echo_json({"monte_carlo": res.to_dict()})
    else:
        console = out_console()
        for table in montecarlo_tables(res):
            _print_table(console, tr.table(table), skip={tr(w) for w in res.warnings})
    if res.interrupted:
        raise typer.Exit(130)


def _print_table(console: Any, table: Any, skip: set[str]) -> None:
    rt = RichTable(title=table.title, title_justify="left")
    for col in table.columns:
        rt.add_column(col, justify="right" if col in table.formats else "left")
    for row in table.rows:
        rt.add_row(*[table.formatted(row, c, v) for c, v in zip(table.columns, row, strict=True)])
    console.print(rt)
    for line in table.notes:
        if line not in skip:
            console.print(line, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("sample-size")(sample_size)
