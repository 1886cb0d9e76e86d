"""``cemsurvey schema``: print the JSON Schema of the instrument YAML."""

from __future__ import annotations

import typer


def schema(
    analysis: bool = typer.Option(
        False, "--analysis", help="Print the schema of `analyze --format json` output instead."
    ),
) -> None:
    """Print a JSON Schema on stdout.

    Without options: the schema of the instrument YAML (use it in an editor for
    completion). With --analysis: the schema of `cemsurvey analyze --format json`.

    Example: cemsurvey schema > instrument.schema.json
    """
    from cemsurvey.report.jsonify import dumps

    if analysis:
        from cemsurvey.report.analysis_schema import analysis_json_schema

        typer.echo(dumps(analysis_json_schema()))
    else:
        from cemsurvey.instrument.schema import instrument_json_schema

        typer.echo(dumps(instrument_json_schema()))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
