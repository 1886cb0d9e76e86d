"""Survey responses: import any export to item codes, screen respondents, simulate data.

Public API: :func:`import_responses` (-> :class:`ImportResult`), :class:`ScreeningOptions`,
:func:`simulate_responses` (-> :class:`SimulationResult`) and :func:`write_export`.

Importing the package is light: each name loads its module (and pandas, numpy, scipy)
when first asked for (PEP 562), so ``cemsurvey import --help`` stays fast while
``from cemsurvey.responses import import_responses`` keeps working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cemsurvey.responses.clean import write_clean
    from cemsurvey.responses.exports import write_export
    from cemsurvey.responses.importer import ImportResult, import_responses
    from cemsurvey.responses.screening import RULES, ScreeningOptions
    from cemsurvey.responses.simulate import SimulationResult, SimulationTruth, simulate_responses
    from cemsurvey.responses.sources import SHAPES

__all__ = [
    "RULES",
    "SHAPES",
    "ImportResult",
    "ScreeningOptions",
    "SimulationResult",
    "SimulationTruth",
    "import_responses",
    "simulate_responses",
    "write_clean",
    "write_export",
]


def __getattr__(name: str) -> Any:
    """Load the module of a public name on first use."""
    if name == "write_clean":
        from cemsurvey.responses import clean as module
    elif name == "write_export":
        from cemsurvey.responses import exports as module
    elif name in ("ImportResult", "import_responses"):
        from cemsurvey.responses import importer as module
    elif name in ("RULES", "ScreeningOptions"):
        from cemsurvey.responses import screening as module
    elif name in ("SimulationResult", "SimulationTruth", "simulate_responses"):
        from cemsurvey.responses import simulate as module
    elif name == "SHAPES":
        from cemsurvey.responses import sources as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
