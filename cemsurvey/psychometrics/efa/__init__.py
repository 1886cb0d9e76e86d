"""Exploratory factor analysis as ``psych::fa``: extraction, rotation, parallel analysis, KMO.

Entry points: :func:`efa` (a correlation matrix or data -> :class:`EFAResult`) and
:func:`analyze_efa` (an instrument's items -> :class:`EFAReport`). Modules:

* :mod:`.extraction` -- minres, ML and principal-axis extraction (unrotated loadings);
* :mod:`.rotation` -- varimax, promax, oblimin, geomin as GPArotation/psych run them;
* :mod:`.solution` -- :func:`efa`: extract, reflect, rotate, order; :class:`EFAResult`;
* :mod:`.parallel` -- parallel analysis (``psych::fa.parallel``);
* :mod:`.diagnostics` -- KMO and Bartlett's test of sphericity;
* :mod:`.analysis` -- :func:`analyze_efa`, factors matched to the declared constructs.


Extraction: minres, ML or principal axes, as ``psych::fa`` runs them (formulas, stopping
rules and references in :mod:`.extraction`).
Then, as ``psych::fa``: columns reflected so every column sum is positive, rotated
(:mod:`cemsurvey.psychometrics.efa.rotation`), reflected again, and ordered by the variance
they explain (``diag(Phi L'L)``). Communalities are ``diag(L L')`` of the unrotated model,
uniquenesses ``1 -`` communalities, the structure matrix ``L Phi``.

Verified against ``psych::fa`` 2.2.9 with GPArotation 2022.10-2: every extraction with
every rotation, 1e-4 absolute on every loading (the data sets, the tolerance and the one
exception are listed in :mod:`.extraction`; tests/efa/test_efa_reference.py).
"""

from cemsurvey.psychometrics.efa.analysis import EFAReport, ItemSummary, analyze_efa, match_factors
from cemsurvey.psychometrics.efa.diagnostics import (
    BartlettResult,
    KMOResult,
    bartlett_sphericity,
    kmo,
)
from cemsurvey.psychometrics.efa.extraction import EXTRACTIONS, LOWER, Extraction, extract
from cemsurvey.psychometrics.efa.parallel import ParallelResult, parallel_analysis
from cemsurvey.psychometrics.efa.rotation import OBLIQUE, ROTATIONS, rotate
from cemsurvey.psychometrics.efa.solution import EFAResult, efa

__all__ = [
    "EXTRACTIONS",
    "LOWER",
    "OBLIQUE",
    "ROTATIONS",
    "BartlettResult",
    "EFAReport",
    "EFAResult",
    "Extraction",
    "ItemSummary",
    "KMOResult",
    "ParallelResult",
    "analyze_efa",
    "bartlett_sphericity",
    "efa",
    "extract",
    "kmo",
    "match_factors",
    "parallel_analysis",
    "rotate",
]
