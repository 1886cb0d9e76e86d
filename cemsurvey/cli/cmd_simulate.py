"""``cemsurvey simulate``: synthetic respondents from an instrument, in a platform's export shape."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from cemsurvey.cli.common import FORMAT_OPTION, OutputFormat, echo_json, message_translator, note
from cemsurvey.cli.validate import check_simulation_size, seed_option
from cemsurvey.fileio import check_writable
from cemsurvey.responses.sources import SHAPES

Shape = Enum("Shape", {s.replace("-", "_"): s for s in SHAPES}, type=str)  # type: ignore[misc]


def _group_effect(spec: str) -> tuple[str, tuple[str, float]]:
    try:
        q, rest = spec.split("=", 1)
        construct, d = rest.split(":", 1)
        return q.strip(), (construct.strip(), float(d))
    except ValueError:
        raise typer.BadParameter(f"'{spec}': write QUESTION=CONSTRUCT:D, e.g. gender=SAT:0.5",
                                 param_hint="--group-effect") from None


def simulate_cmd(
    model: Path = typer.Argument(..., help="Instrument YAML."),
    n: int = typer.Option(..., "-n", min=1, help="Number of respondents."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    seed: int | None = seed_option("Random seed (same seed, same data)."),
    shape: Shape = typer.Option("csv", "--as", help="Export shape: " + ", ".join(SHAPES) + ".",
                                case_sensitive=False),
    lang: str | None = typer.Option(None, "--lang", help="Language of texts and labels."),
    careless: float = typer.Option(0.0, "--careless", min=0, max=0.5,
                                   help="Share of careless respondents (straight-liners, random)."),
    missing: float = typer.Option(0.0, "--missing", min=0, max=0.5,
                                  help="Share of item answers left blank by attentive respondents."),
    path_effect: float = typer.Option(0.4, "--path-effect", min=-0.95, max=0.95,
                                      help="Standardized coefficient of every structural path."),
    null_path: list[str] = typer.Option([], "--null-path",
                                        help="A path set to 0, e.g. 'LOY ~ ENG' (repeatable)."),
    group_effect: list[str] = typer.Option(
        [], "--group-effect", help="Planted group difference QUESTION=CONSTRUCT:D (repeatable): "
        "the last option's group is D SD higher on CONSTRUCT."),
    fmt: OutputFormat = FORMAT_OPTION,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Simulate respondents from the instrument's population model.

    Simulate respondents from the population model the instrument implies
    (loadings, structural paths, Likert thresholds, reverse-keyed items) and write them
    as a survey platform would export them.

    Example: cemsurvey simulate instruments/customer-engagement-journey.yaml -n 385 --seed 7 -o responses.csv
    """
    if fmt == OutputFormat.csv:
        raise typer.BadParameter("the responses go to -o; --format is table or json",
                                 param_hint="--format")
    from cemsurvey.instrument.loader import load_instrument
    from cemsurvey.responses.exports import write_export
    from cemsurvey.responses.simulate import simulate_responses

    check_writable(output, force=force, inputs=[model])  # never the instrument, even --force
    ins = load_instrument(model)
    check_simulation_size(n, len(ins.item_ids))
    effects = dict(_group_effect(s) for s in group_effect)
    sim = simulate_responses(ins, n, seed=seed, path_effect=path_effect, null_paths=list(null_path),
                             careless=careless, missing=missing, group_effects=effects or None)
    path = write_export(sim, ins, output, shape.value, lang=lang, force=force)
    if fmt == OutputFormat.json:
        echo_json({"file": str(path), "shape": shape.value, **sim.to_dict()})
    else:
        care = len(sim.truth.careless)
        typer.echo(f"simulated {n} respondents (seed {seed}), {care} careless, "
                   f"{len(ins.item_ids)} items -> {path} ({shape.value})")
    note(message_translator(lang).message(f"wrote {path}"))


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_cmd)
