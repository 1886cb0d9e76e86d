"""``cemsurvey analyze``: the whole analysis of a response file, in the terminal and as files.

A thin shell over :func:`cemsurvey.analysis.run_analysis`: it parses options, draws
progress bars on a terminal, prints Rich sections (or JSON) and writes the requested
report files only after everything succeeded (through :func:`cemsurvey.fileio.write_atomic`),
so an error leaves no partial report. :func:`render_outputs` and :func:`write_outputs` are
the one output path, shared with ``cemsurvey demo``.

Only light modules load with this one (the option tuples of
:mod:`cemsurvey.analysis.options`); the pipeline, pandas and the engines load when the
command runs.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from cemsurvey.analysis.options import (
    ALL_STEPS,
    CBSEM_CI,
    CI_METHODS,
    ESTIMATORS,
    EXTRACTIONS,
    HIGHER_ORDER,
    INTERACTIONS,
    METHODS,
    MISSING_POLICIES,
    PLS_CI,
    PLS_METHODS,
    PLS_SCHEMES,
    PREDICT_TECHNIQUES,
    ROTATION_CHOICES,
)
from cemsurvey.cli.common import (
    FORMAT_OPTION,
    OutputFormat,
    echo_json,
    message_translator,
    note,
    out_console,
    progress_bar,
)
from cemsurvey.cli.validate import (
    drop_option,
    invalid_option,
    mapping_option,
    seed_option,
    source_option,
)


def _choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A str Enum of the values the analysis options accept (one list, in options.py)."""
    return Enum(name, {v.replace("-", "_"): v for v in values}, type=str)  # type: ignore[return-value]


MethodChoice: Any = _choices("MethodChoice", METHODS)
SchemeChoice: Any = _choices("SchemeChoice", PLS_SCHEMES)
HigherOrderChoice: Any = _choices("HigherOrderChoice", HIGHER_ORDER)
CIChoice: Any = _choices("CIChoice", CI_METHODS)
MissingChoice: Any = _choices("MissingChoice", MISSING_POLICIES)
EstimatorChoice: Any = _choices("EstimatorChoice", ESTIMATORS)
ExtractionChoice: Any = _choices("ExtractionChoice", EXTRACTIONS)
InteractionChoice: Any = _choices("InteractionChoice", INTERACTIONS)
TechniqueChoice: Any = _choices("TechniqueChoice", PREDICT_TECHNIQUES)


class _Bars:
    """Progress factory for the pipeline: one Rich bar at a time, closed when the next
    long step starts (Rich allows only one live display)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._cm: AbstractContextManager[Callable[[int], None]] | None = None

    def __call__(self, label: str, total: int) -> Callable[[int], None]:
        self.close()
        self._cm = progress_bar(total, label, enabled=self.enabled)
        return self._cm.__enter__()

    def close(self) -> None:
        if self._cm is not None:
            cm, self._cm = self._cm, None
            cm.__exit__(None, None, None)


def analyze(
    data: Path = typer.Argument(..., help="Response file (CSV, XLSX, SAV, or a platform export)."),
    model: Path = typer.Option(..., "--model", "-m", help="Instrument YAML."),
    steps: str | None = typer.Option(
        None, "--steps",
        help="Comma-separated steps (default: all; predict and ipma only under --method pls "
             "or plsc): " + ", ".join(ALL_STEPS) + "."),
    report: Path | None = typer.Option(None, "--report", help="Write a self-contained HTML report."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Write every table to an XLSX workbook."),
    markdown: Path | None = typer.Option(None, "--markdown", help="Write APA-style Markdown tables."),
    docx: Path | None = typer.Option(None, "--docx", help="Write the tables as an APA-style "
                                     "Word document (right to left with --lang fa)."),
    fmt: OutputFormat = FORMAT_OPTION,
    bootstrap: int | None = typer.Option(
        None, "--bootstrap", min=0,
        help="Bootstrap resamples for alpha CIs, HTMT and paths (default: analytic; PLS 5000)."),
    seed: int | None = seed_option("Seed for bootstrap and parallel analysis."),
    method: MethodChoice = typer.Option(MethodChoice.cb_sem, "--method",
                                        help="Structural model: cb-sem (ML), pls or plsc (consistent PLS)."),
    thresholds: Path | None = typer.Option(None, "--thresholds",
                                           help="YAML file overriding default thresholds."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the report: names, "
                                    "labels, headings, verdicts (e.g. fa: Persian)."),
    digits: str = typer.Option("latin", "--digits", help="Digits of numbers in tables and "
                               "sentences: latin or fa (Persian; JSON stays ASCII)."),
    full: bool = typer.Option(False, "--full", help="Print every table in full on the "
                              "terminal (default: the verdicts and the key tables, cut)."),
    by: str | None = typer.Option(None, "--by", help="Compare construct scores across the "
                                                     "groups of this single-choice question."),
    nonparametric: bool = typer.Option(False, "--nonparametric",
                                       help="Mann-Whitney / Kruskal-Wallis in group comparisons."),
    factors: int | None = typer.Option(None, "--factors", min=1,
                                       help="EFA factors (default: number of constructs)."),
    extraction: ExtractionChoice = typer.Option(ExtractionChoice.minres, "--extraction",
                                                help="EFA extraction."),
    rotation: str = typer.Option("oblimin", "--rotation",
                                 help="EFA rotation (oblimin, promax, varimax, geomin, none)."),
    source: str | None = source_option(),
    mapping: Path | None = mapping_option(),
    invalid: str = invalid_option(),
    drop: bool = drop_option(),
    missing: MissingChoice = typer.Option(
        MissingChoice.auto, "--missing",
        help="Missing answers: auto (FIML for CFA/CB-SEM, pairwise correlations for "
             "reliability/EFA, mean replacement for PLS-SEM), em (PLS-SEM on EM-imputed "
             "data), fiml, pairwise or listwise."),
    estimator: EstimatorChoice | None = typer.Option(
        None, "--estimator",
        help="CFA/CB-SEM estimator: ml, mlr or wlsmv (default: the YAML's estimator:, "
             "else ml)."),
    pls_scheme: SchemeChoice = typer.Option(
        SchemeChoice.path, "--pls-scheme",
        help="PLS-SEM inner weighting: path (SmartPLS's default), centroid or factorial."),
    higher_order: HigherOrderChoice = typer.Option(
        HigherOrderChoice.repeated, "--higher-order",
        help="PLS-SEM higher-order constructs (paradigm roles): repeated indicators, "
             "two-stage (embedded) or disjoint (two-stage)."),
    ci: CIChoice = typer.Option(
        CIChoice.percentile, "--ci",
        help="Bootstrap interval of the paths: percentile, bc (bias-corrected; CB-SEM) or "
             "bca (bias-corrected and accelerated; PLS-SEM)."),
    interaction: InteractionChoice = typer.Option(
        InteractionChoice.two_stage, "--interaction",
        help="PLS-SEM interaction terms X:M in paths: two-stage (SmartPLS 4's default) or "
             "product-indicator."),
    predict_folds: int = typer.Option(10, "--predict-folds", min=2,
                                      help="PLSpredict: number of cross-validation folds."),
    predict_repetitions: int = typer.Option(10, "--predict-repetitions", min=1,
                                            help="PLSpredict: repetitions of the k folds."),
    predict_technique: TechniqueChoice = typer.Option(
        TechniqueChoice.EA, "--predict-technique",
        help="PLSpredict: EA (earliest antecedents, SmartPLS) or DA (direct antecedents, "
             "seminr)."),
    ipma_target: str | None = typer.Option(
        None, "--ipma-target", help="IPMA target construct (default: the model's last "
                                    "outcome)."),
    compare_model: Path | None = typer.Option(
        None, "--compare-model",
        help="PLS: a competing model's YAML (same items, other paths), compared by BIC and "
             "Geweke-Meese for the IPMA target."),
    alpha: float = typer.Option(0.05, "--alpha",
                                help="Significance level of the hypothesis tests (0 < alpha < 1)."),
    tails: int = typer.Option(2, "--tails", min=1, max=2,
                              help="Hypothesis tests: 2 (two-tailed) or 1 (one-tailed in the "
                                   "hypothesised positive direction)."),
    discriminant_cutoff: float = typer.Option(
        0.90, "--discriminant-cutoff",
        help="Discriminant validity with inference: the factor-correlation cut-off of the "
             "chi2(cut) tests and CI verdicts, and the HTMT interval bound (.90; .85 strict; "
             "Rönkkö & Cho 2022)."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files."),
) -> None:
    """Analyze responses: reliability, EFA, CFA, validity, paths.

    Analyze collected responses against the instrument: screening, profile, descriptives,
    reliability, EFA, CFA, validity, structural model and group comparisons.

    Example: cemsurvey analyze responses.csv --model instrument.yaml --report report.html
    """
    from cemsurvey.analysis import AnalysisOptions, run_analysis
    from cemsurvey.analysis.options import parse_steps
    from cemsurvey.fileio import check_writable
    from cemsurvey.instrument import load_instrument
    from cemsurvey.report.thresholds import load_thresholds

    if digits not in ("latin", "fa"):
        raise typer.BadParameter(f"use latin or fa, got {digits!r}", param_hint="--digits")
    if fmt == OutputFormat.csv:
        raise typer.BadParameter("analyze prints table or json; use --xlsx for spreadsheets",
                                 param_hint="--format")
    if not 0.0 < alpha < 1.0:
        raise typer.BadParameter(f"alpha must be between 0 and 1 (e.g. 0.05), got {alpha}",
                                 param_hint="--alpha")
    ins = load_instrument(model)
    if lang is not None and lang not in ins.languages:
        raise typer.BadParameter(f"'{lang}' is not one of the instrument's languages "
                                 f"({', '.join(ins.languages)})", param_hint="--lang")
    th = load_thresholds(thresholds) if thresholds else None
    outputs = [p for p in (report, xlsx, markdown, docx) if p is not None]
    inputs = [data, model] + ([thresholds] if thresholds else []) + \
        ([compare_model] if compare_model else []) + ([mapping] if mapping else [])
    if len({str(p.resolve()) for p in outputs}) < len(outputs):
        raise typer.BadParameter("--report, --xlsx, --markdown and --docx must be different "
                                 "files")
    for p in outputs:  # fail before a long analysis, not after
        check_writable(p, force=force, inputs=inputs)
    from cemsurvey.errors import EstimationError

    try:
        step_list = parse_steps(steps)
    except EstimationError as exc:
        raise typer.BadParameter(str(exc), param_hint="--steps") from None
    if rotation not in ROTATION_CHOICES:
        raise typer.BadParameter(f"unknown rotation {rotation!r}; use "
                                 f"{', '.join(ROTATION_CHOICES)}", param_hint="--rotation")
    if compare_model is not None:
        load_instrument(compare_model)   # a broken competing model: its own located errors
    if ipma_target is not None and ipma_target not in {c.id for c in ins.constructs} \
            and ipma_target not in ins.dimensions:
        raise typer.BadParameter(f"'{ipma_target}' is not a construct of the model",
                                 param_hint="--ipma-target")
    offered = PLS_CI if method.value in PLS_METHODS else CBSEM_CI
    if ci.value not in offered:
        raise typer.BadParameter(f"{ci.value} is not an interval of --method {method.value}; "
                                 f"use {' or '.join(offered)}", param_hint="--ci")
    try:
        options = AnalysisOptions(
            steps=step_list, method=method.value, bootstrap=bootstrap, seed=seed, by=by,
            nonparametric=nonparametric, factors=factors, extraction=extraction.value,
            rotation=rotation, missing=missing.value, source=source,
            mapping=None if mapping is None else str(mapping), invalid=invalid, drop=drop,
            lang=lang, alpha=alpha, tails=tails,
            estimator=None if estimator is None else estimator.value,
            pls_scheme=pls_scheme.value, higher_order=higher_order.value, ci=ci.value,
            discriminant_cutoff=discriminant_cutoff,
            interaction=interaction.value, predict_folds=predict_folds,
            predict_repetitions=predict_repetitions,
            predict_technique=predict_technique.value, ipma_target=ipma_target,
            compare_model=None if compare_model is None else str(compare_model))
    except EstimationError as exc:  # options that do not fit together: a usage error
        hint = "--discriminant-cutoff" if "discriminant" in str(exc) else None
        raise typer.BadParameter(str(exc), param_hint=hint) from None
    bars = _Bars(enabled=fmt == OutputFormat.table)
    try:
        result = run_analysis(data, ins, options, progress=bars)
    finally:
        bars.close()

    outputs = {"report": report, "xlsx": xlsx, "markdown": markdown, "docx": docx}
    sections, files = render_outputs(
        result, ins, th, outputs, lang=lang, preamble=[f"Data: {data.name}; N = {result.n}."],
        sections=fmt != OutputFormat.json, digits=digits)
    if fmt == OutputFormat.json:
        echo_json(result.to_dict())
    else:
        _print_terminal(result, th, sections, translator(lang, digits), full=full)
    say = message_translator(lang)  # stderr lines: Persian under --lang fa
    for note_text in result.notes:
        note(say.warning(f"note: {note_text}"))
    write_outputs(files, force=force, inputs=inputs, tr=say)


def render_outputs(result: Any, ins: Any, th: Any, outputs: dict[str, Path | None], *,
                   lang: str | None, preamble: list[str], sections: bool = True,
                   digits: str = "latin") -> tuple[Any, list[tuple[Path, Any]]]:
    """Every requested file's content, built before anything is written.

    ``outputs`` maps ``report`` (HTML), ``xlsx``, ``markdown``, ``docx`` and ``json`` to a path or
    ``None``. Returns the report sections (built once, for the terminal too; ``None`` when
    neither a file nor the terminal needs them) and ``[(path, content)]``. Sections and
    files are in ``lang`` (the report's strings through its message catalogue) with
    ``digits``; JSON is never translated.
    """
    tr = translator(lang, digits)
    report, xlsx, markdown, docx = (outputs.get(k) for k in ("report", "xlsx", "markdown",
                                                             "docx"))
    files: list[tuple[Path, Any]] = []
    secs = None
    if report or xlsx or markdown or docx or sections:
        from cemsurvey.report.analysis_tables import analysis_sections, translate_sections

        secs = translate_sections(analysis_sections(result, th), tr)
    if report or xlsx or markdown or docx:
        from cemsurvey.report.analysis_tables import analysis_tables

        tables = analysis_tables(result, th, secs, tr)
        if report:
            from cemsurvey.report.html import html_report

            files.append((report, html_report(result, thresholds=th, lang=lang, sections=secs,
                                                   tr=tr)))
        if xlsx:
            from cemsurvey.report.xlsx import workbook_bytes

            files.append((xlsx, workbook_bytes(tables, rtl=tr.lang == "fa")))
        if docx:
            from cemsurvey.report.docx import docx_bytes

            files.append((docx, docx_bytes(tables, title=ins.tr(ins.title, lang),
                                           preamble=[tr(p) for p in preamble],
                                           rtl=tr.lang == "fa", tr=tr)))
        if markdown:
            from cemsurvey.report.markdown import markdown_document

            files.append((markdown, markdown_document(
                tables, title=ins.tr(ins.title, lang), preamble=[tr(p) for p in preamble],
                tr=tr)))
    if (js := outputs.get("json")) is not None:
        from cemsurvey.report.jsonify import dumps

        files.append((js, dumps(result.to_dict())))
    return secs, files


def write_outputs(files: list[tuple[Path, Any]], *, force: bool, inputs: list[Path],
                  tr: Any = None) -> list[Path]:
    """Write each ``(path, content)`` atomically and say so on stderr (in the language of
    the translator ``tr``); the paths written."""
    from cemsurvey.fileio import write_atomic

    written = []
    for path, content in files:
        written.append(write_atomic(path, content, force=force, inputs=inputs))
        note(f"wrote {path}" if tr is None else tr.message(f"wrote {path}"))
    return written


def translator(lang: str | None, digits: str = "latin") -> Any:
    """The report's translator for ``--lang`` and ``--digits``."""
    from cemsurvey.report.i18n import Translator

    return Translator(lang if lang in ("fa",) else "en", digits)


def _print_terminal(result: Any, th: Any, sections: Any, tr: Any, *, full: bool) -> None:
    from cemsurvey.report.analysis_summary import summary_lines
    from cemsurvey.report.analysis_tables import steps_table
    from cemsurvey.report.terminal import render_summary, render_tables, summarised

    con = out_console()
    con.print(f"[bold]{result.title}[/bold]  N = {tr.num(str(result.n))}  ({result.data_path})",
              highlight=False, markup=True)
    for s in sections if full else summarised(sections, tr=tr):
        render_tables(s.tables, con, title=s.title)
    if full:
        render_tables([tr.table(steps_table(result))], con, title=tr("Steps"))
    render_summary(summary_lines(result, th), con, tr, full=full)
    if not full:
        con.print(tr("✓ meets the rule, ~ acceptable, ✗ fails: rules, sources and every table "
                     "are in the report (--report) and with --full."), style="dim")


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
