"""Option checks the commands share: refusals that are usage errors (exit 2).

Small helpers the command modules call before any work, so a bad value is refused up
front with the valid range and the reason instead of failing later (MemoryError, a
silently skipped step). Library-level checks stay in the core; these are the ones that
name flags.
"""

from __future__ import annotations

import typer

#: Largest seed accepted: numpy's generators take any non-negative integer, but R,
#: SPSS and spreadsheets reproduce only 32-bit seeds, so a seed is kept portable.
MAX_SEED = 2**32 - 1

#: Most simulated answers (respondents x items) held in memory at once: the answers,
#: the latent scores and the export table each take several bytes per answer (a float64
#: copy is 8 bytes: 50 million answers are 400 MB per copy), so 2,000,000,000 respondents
#: would need terabytes. Larger samples: several runs with different seeds.
MAX_SIM_ANSWERS = 50_000_000


def _check_seed(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_SEED:
        raise typer.BadParameter(f"{value} is not a seed; use a whole number from 0 to {MAX_SEED}")
    return value


def seed_option(help_text: str) -> typer.models.OptionInfo:
    """A ``--seed`` option accepting 0..:data:`MAX_SEED` (a usage error otherwise)."""
    return typer.Option(None, "--seed", callback=_check_seed, help=help_text)


def _check_invalid(value: str) -> str:
    if value not in ("error", "missing"):
        raise typer.BadParameter("use 'error' or 'missing'")
    return value


def invalid_option() -> typer.models.OptionInfo:
    """``--invalid error|missing`` of the commands that read a response export (import,
    analyze): what an answer that maps to no code does (a usage error for other values)."""
    return typer.Option("error", "--invalid", callback=_check_invalid,
                        help="error: stop at an answer that maps to no code; missing: set such "
                             "answers missing and count them.")


def _check_source(value: str | None) -> str | None:
    from cemsurvey.responses.sources import SOURCES

    if value is not None and value not in SOURCES:
        raise typer.BadParameter(f"unknown source '{value}'; use one of: {', '.join(SOURCES)}")
    return value


def source_option() -> typer.models.OptionInfo:
    """``--source PLATFORM`` of the commands that read a response export (detected when
    omitted; a usage error for an unknown platform)."""
    from cemsurvey.responses.sources import SOURCES

    return typer.Option(None, "--source", callback=_check_source,
                        help=f"Platform of the export ({', '.join(SOURCES)}); detected when "
                             "omitted.")


def mapping_option() -> typer.models.OptionInfo:
    """``--mapping FILE`` of the commands that read a response export."""
    return typer.Option(None, "--mapping", help="CSV or YAML of 'column header: item id' for "
                                                "headers not recognised.")


def drop_option() -> typer.models.OptionInfo:
    """``--drop`` of the commands that read and screen a response export."""
    return typer.Option(False, "--drop", help="Exclude respondents flagged by screening.")


def check_simulation_size(n: int, n_items: int) -> None:
    """Refuse a simulation too large to hold in memory, with the limit and why."""
    answers = n * max(1, n_items)
    if answers > MAX_SIM_ANSWERS:
        largest = MAX_SIM_ANSWERS // max(1, n_items)
        raise typer.BadParameter(
            f"{n:,} respondents x {n_items} items = {answers:,} answers is above the limit of "
            f"{MAX_SIM_ANSWERS:,} held in memory at once (this instrument: at most {largest:,} "
            "respondents); simulate fewer, or several files with different --seed values",
            param_hint="-n",
        )
