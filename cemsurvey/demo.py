"""``make demo``: simulate responses for a shipped instrument, analyze them, write a report.

Run as ``python -m cemsurvey.demo [OUTPUT_DIR]`` (``make demo`` writes ``demo-output/``).
It

1. loads ``instruments/customer-engagement-journey.yaml`` (the paradigm-model instrument
   shipped with the project),
2. simulates :data:`N` seeded respondents with
   :func:`cemsurvey.responses.simulate.simulate_responses` (true paths of 0.4, 3 % careless
   respondents for the screening step to flag, one planted group difference: respondents
   who shop more often score higher on engagement) and
   writes them as the plain CSV export (``responses.csv``),
3. runs every analysis step (:func:`cemsurvey.analysis.run_analysis`) with the structural
   model estimated by PLS-SEM and a :data:`BOOTSTRAP`-resample bootstrap (well under a
   minute on two cores), comparing construct scores across ``shop_freq`` groups,
4. writes ``report.html``, ``tables.xlsx``, ``tables.md`` and ``analysis.json`` and
   prints where they are.

The demo owns its output directory: files from an earlier demo run are replaced (each
write is atomic, :func:`cemsurvey.fileio.write_atomic`).
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

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
    """The shipped instrument (``instruments/`` next to the package in a clone)."""
    here = Path(__file__).resolve().parent.parent / "instruments" / INSTRUMENT
    if here.is_file():
        return here
    cwd = Path.cwd() / "instruments" / INSTRUMENT
    if cwd.is_file():
        return cwd
    from cemsurvey.errors import SpecError

    raise SpecError(f"cannot find instruments/{INSTRUMENT}; run the demo from a clone of "
                    "the cemsurvey repository (make demo)")


def run_demo(out_dir: str | Path = "demo-output", *, n: int = N, seed: int = SEED,
             bootstrap: int = BOOTSTRAP, lang: str | None = None,
             echo: bool = True) -> dict[str, Path]:
    """Simulate, analyze and write the demo files; return ``{kind: path}``.

    Parameters
    ----------
    out_dir
        Output directory (created; earlier demo files in it are replaced).
    n, seed, bootstrap
        Respondents, seed and bootstrap resamples.
    lang
        Report language (``None``: the instrument's first language; ``"fa"``: Persian,
        right to left).
    echo
        Print progress lines and the summary to stdout.
    """
    from cemsurvey.analysis import AnalysisOptions, run_analysis
    from cemsurvey.analysis.tables import analysis_sections, analysis_tables, summary_lines
    from cemsurvey.fileio import write_atomic
    from cemsurvey.instrument import load_instrument
    from cemsurvey.report.html import html_report
    from cemsurvey.report.jsonify import dumps
    from cemsurvey.report.markdown import markdown_document
    from cemsurvey.report.xlsx import workbook_bytes
    from cemsurvey.responses.exports import write_export
    from cemsurvey.responses.simulate import simulate_responses

    def say(text: str) -> None:
        if echo:
            print(text, flush=True)

    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = instrument_path()
    ins = load_instrument(model)
    say(f"instrument: {model}")
    sim = simulate_responses(ins, n, seed=seed, careless=CARELESS,
                             group_effects={BY: GROUP_EFFECT})
    data = write_export(sim, ins, out / "responses.csv", "csv", force=True)
    say(f"simulated {n} respondents (seed {seed}, {CARELESS:.0%} careless) -> {data}")

    options = AnalysisOptions(method="pls", bootstrap=bootstrap, seed=seed, by=BY, lang=lang)
    with warnings.catch_warnings():
        # warnings are kept on the result (steps table, report); do not flood the console
        warnings.simplefilter("ignore")
        result = run_analysis(data, ins, options)
    say(f"analyzed in {result.timings.get('total', 0.0):.1f} s")

    sections = analysis_sections(result)
    tables = analysis_tables(result, sections=sections)
    files = {
        "report": (out / "report.html", html_report(result, lang=lang, sections=sections)),
        "xlsx": (out / "tables.xlsx", workbook_bytes(tables)),
        "markdown": (out / "tables.md", markdown_document(
            tables, title=ins.tr(ins.title, lang),
            preamble=[f"Data: {data.name} (simulated, seed {seed}); N = {result.n}."])),
        "json": (out / "analysis.json", dumps(result.to_dict())),
    }
    written = {"responses": data}
    for kind, (path, content) in files.items():
        written[kind] = write_atomic(path, content, force=True, inputs=[model])
    if echo:
        say("")
        say("What to report:")
        for topic, text, verdict in summary_lines(result):
            mark = f" [{verdict.status}]" if verdict is not None else ""
            say(f"  - {topic}: {text}{mark}")
        say("")
        for kind in ("report", "xlsx", "markdown", "json"):
            say(f"wrote {written[kind].resolve()}")
        say(f"done in {time.perf_counter() - t0:.1f} s; open {written['report'].resolve()} "
            "in a browser")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m cemsurvey.demo [OUTPUT_DIR] [--lang fa]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = None
    if "--lang" in args:
        i = args.index("--lang")
        if i + 1 >= len(args):
            print("error: --lang needs a language code (en or fa)", file=sys.stderr)
            return 2
        lang = args[i + 1]
        del args[i:i + 2]
    out_dir = args[0] if args else "demo-output"
    from cemsurvey.errors import CemsurveyError

    try:
        run_demo(out_dir, lang=lang)
    except CemsurveyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
