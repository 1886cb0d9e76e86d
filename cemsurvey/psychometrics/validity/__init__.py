"""Construct validity: composite reliability, AVE, Fornell-Larcker, HTMT/HTMT2, MSV/ASV.

Entry point: :func:`analyze_validity` (a fitted CFA and its data -> :class:`ValidityResult`);
:func:`validity_from_estimates` for estimates from elsewhere. Modules:

* :mod:`.formulas` -- rho_C, AVE, the Fornell-Larcker table, MSV/ASV (bare formulas);
* :mod:`.htmt` -- HTMT and HTMT2 and their percentile bootstrap intervals;
* :mod:`.estimates` -- the statistics of a measurement model from its estimates and data;
* :mod:`.result` -- :class:`ValidityResult`.

Verified against semTools 0.5-6 / lavaan 0.6-14 (``tests/reference/validity_reference.R``):
Holzinger-Swineford (three factors, also with a residual covariance), bfi (five factors,
reverse-keyed items recoded) and the simulated 28-construct set, at 1e-6 relative.
"""

from cemsurvey.psychometrics.validity.estimates import analyze_validity, validity_from_estimates
from cemsurvey.psychometrics.validity.formulas import (
    average_variance_extracted,
    composite_reliability,
    fornell_larcker_table,
    shared_variance,
)
from cemsurvey.psychometrics.validity.htmt import HTMTBootstrap, htmt_bootstrap, htmt_matrix
from cemsurvey.psychometrics.validity.result import ValidityResult

__all__ = [
    "ValidityResult",
    "HTMTBootstrap",
    "composite_reliability",
    "average_variance_extracted",
    "fornell_larcker_table",
    "htmt_matrix",
    "htmt_bootstrap",
    "shared_variance",
    "validity_from_estimates",
    "analyze_validity",
]
