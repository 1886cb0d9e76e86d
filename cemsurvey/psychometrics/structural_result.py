"""Old import path of the structural result types, kept only until the modules of other
branches import :mod:`cemsurvey.psychometrics.sem.structural_result` (the lead drops this
file at merge)."""

from cemsurvey.psychometrics.sem.structural_result import (
    IndirectEffect,
    PathTest,
    StructuralResult,
    adjusted_r2,
    bca_ci,
    check_test_options,
    hypotheses,
    indirect_chains,
    is_supported,
    structural_order,
)

__all__ = ["IndirectEffect", "PathTest", "StructuralResult", "adjusted_r2", "bca_ci",
           "check_test_options", "hypotheses", "indirect_chains", "is_supported",
           "structural_order"]
