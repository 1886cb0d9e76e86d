"""``cemsurvey demo`` (``make demo``): simulate responses for a shipped instrument, analyze
them through the same path as ``cemsurvey analyze``, and write a report.

The demo

1. loads ``instruments/customer-engagement-journey.yaml`` (the paradigm-model instrument
   shipped with the project),
2. simulates :data:`N` seeded respondents with
   :func:`cemsurvey.responses.simulate.simulate_responses` (true paths of 0.4, 3 % careless
   respondents for the screening step to flag, one planted group difference: respondents
   who shop more often score higher on engagement) and writes them as the plain CSV export
   (``responses.csv``),
3. runs every analysis step (:func:`cemsurvey.analysis.run_analysis`) with the structural
   model estimated by PLS-SEM and a :data:`BOOTSTRAP`-resample bootstrap, comparing
   construct scores across ``shop_freq`` groups,
4. writes ``report.html``, ``tables.xlsx``, ``tables.md`` and ``analysis.json`` with
   :func:`cemsurvey.cli.cmd_analyze.render_outputs` / ``write_outputs`` (the analyze
   command's own output path) and prints the "what to report" summary.

The demo owns its output directory: files from an earlier demo run are replaced (each
write is atomic).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import typer

from cemsurvey.cli.common import note

#: Respondents simulated.
N = 400
#: Seed of the simulation, the bootstrap and parallel analysis.
SEED = 2026
#: Bootstrap resamples (PLS paths, HTMT, alpha CIs).
BOOTSTRAP = 500
#: Share of careless respondents (straight-liners, speeders) for the screening step to flag.
CARELESS = 0.03
#: Background question whose groups are compared, and the planted effect on a construct.
BY = "shop_freq"
GROUP_EFFECT = ("ENG", 1.0)
INSTRUMENT = "customer-engagement-journey.yaml"


def instrument_path() -> Path:
    """The shipped instrument (``instruments/`` next to the package in a clone, or in the
    current directory)."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        path = base / "instruments" / INSTRUMENT
        if path.is_file():
            return path
    from cemsurvey.errors import SpecError

    raise SpecError(f"cannot find instruments/{INSTRUMENT}; run the demo from a clone of "
                    "the cemsurvey repository (make demo)")


def demo(
    out_dir: Path = typer.Argument(Path("demo-output"), help="Output directory (created; "
                                   "earlier demo files in it are replaced)."),
    lang: str | None = typer.Option(None, "--lang", help="Report language (en, or fa: "
                                    "Persian, right to left)."),
    n: int = typer.Option(N, "-n", "--n", min=50, help="Respondents to simulate."),
    seed: int = typer.Option(SEED, "--seed", help="Seed of the simulation and the analysis."),
    bootstrap: int = typer.Option(BOOTSTRAP, "--bootstrap", min=0,
                                  help="Bootstrap resamples (PLS paths, HTMT, alpha CIs)."),
) -> None:
    """Simulate, analyze and report the shipped paradigm instrument.

    Simulate respondents for the shipped paradigm-model instrument, analyze them and write a report, workbook, Markdown tables and JSON.

    Example: cemsurvey demo demo-output --lang fa
    """
    from cemsurvey.analysis import AnalysisOptions, run_analysis
    from cemsurvey.cli.cmd_analyze import render_outputs, translator, write_outputs
    from cemsurvey.cli.common import message_translator, out_console
    from cemsurvey.instrument import load_instrument
    from cemsurvey.report.analysis_summary import summary_lines
    from cemsurvey.report.terminal import render_summary
    from cemsurvey.responses.exports import write_export
    from cemsurvey.responses.simulate import simulate_responses

    t0 = time.perf_counter()
    model = instrument_path()
    ins = load_instrument(model)
    if lang is not None and lang not in ins.languages:
        raise typer.BadParameter(f"'{lang}' is not one of the instrument's languages "
                                 f"({', '.join(ins.languages)})", param_hint="--lang")
    out_dir.mkdir(parents=True, exist_ok=True)
    say = message_translator(lang)  # stderr lines in Persian under --lang fa
    note(say.message(f"instrument: {model}"))
    sim = simulate_responses(ins, n, seed=seed, careless=CARELESS,
                             group_effects={BY: GROUP_EFFECT})
    data = write_export(sim, ins, out_dir / "responses.csv", "csv", force=True)
    note(say.message(f"simulated {n} respondents (seed {seed}, {CARELESS:.0%} careless) -> "
                     f"{data}"))

    options = AnalysisOptions(method="pls", bootstrap=bootstrap, seed=seed, by=BY, lang=lang)
    with warnings.catch_warnings():
        # warnings are kept on the result (steps table, report); do not flood the console
        warnings.simplefilter("ignore")
        result = run_analysis(data, ins, options)
    note(say.message(f"analyzed in {result.timings.get('total', 0.0):.1f} s"))

    outputs = {"report": out_dir / "report.html", "xlsx": out_dir / "tables.xlsx",
               "markdown": out_dir / "tables.md", "json": out_dir / "analysis.json"}
    _, files = render_outputs(
        result, ins, None, outputs, lang=lang, sections=False,
        preamble=[f"Data: {data.name} (simulated, seed {seed}); N = {result.n}."])
    render_summary(summary_lines(result), out_console(), translator(lang))
    write_outputs(files, force=True, inputs=[model], tr=say)
    note(say.message(f"done in {time.perf_counter() - t0:.1f} s; open "
                     f"{outputs['report'].resolve()} in a browser"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
