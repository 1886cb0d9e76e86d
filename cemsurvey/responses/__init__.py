"""Survey responses: import any export to item codes, screen respondents, simulate data.

Public API: :func:`import_responses` (-> :class:`ImportResult`), :class:`ScreeningOptions`,
:func:`simulate_responses` (-> :class:`SimulationResult`) and :func:`write_export`.
"""

from cemsurvey.responses.clean import write_clean
from cemsurvey.responses.exports import SHAPES, write_export
from cemsurvey.responses.importer import ImportResult, import_responses
from cemsurvey.responses.screening import RULES, ScreeningOptions
from cemsurvey.responses.simulate import SimulationResult, SimulationTruth, simulate_responses

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
