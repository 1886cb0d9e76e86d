"""Exploratory factor analysis as ``psych::fa``: extraction, rotation, parallel analysis, KMO.

Entry points: :func:`efa` (a correlation matrix or data -> :class:`EFAResult`) and
:func:`analyze_efa` (an instrument's items -> :class:`EFAReport`). Modules:

* :mod:`.extraction` -- minres, ML and principal-axis extraction (unrotated loadings);
* :mod:`.rotation` -- varimax, promax, oblimin, geomin as GPArotation/psych run them;
* :mod:`.solution` -- :func:`efa`: extract, reflect, rotate, order; :class:`EFAResult`;
* :mod:`.parallel` -- parallel analysis (``psych::fa.parallel``);
* :mod:`.diagnostics` -- KMO and Bartlett's test of sphericity;
* :mod:`.analysis` -- :func:`analyze_efa`, factors matched to the declared constructs.


Extraction (on the correlation matrix R, p items, k factors, uniquenesses psi):

- ``minres`` (= ULS): minimise ``G(psi) = 1/2 sum_{j>k} lambda_j(R - diag psi)^2`` over
  ``psi`` in [.005, 1] with L-BFGS-B and the analytic gradient
  ``dG/dpsi = diag(L L' + diag psi - R)`` (psych's ``FAgr.minres``); start
  ``psi = 1 - SMC``; loadings ``L = V_k diag(sqrt(max(lambda_k, 0)))`` of ``R - diag psi``
  (psych's ``FAout.wls``). psych's ``fa`` drives ``optim`` with this gradient; its stopping
  point is the stationary point of G that this module solves to a tighter tolerance.
- ``ml``: minimise psych's ``FAfn`` (the ML discrepancy concentrated on psi,
  ``-sum_{j>k}(log e_j - e_j) - k + p`` with e the eigenvalues of
  ``psi^-1/2 R psi^-1/2``) with its gradient ``FAgr``, same bounds and start.
- ``pa``: iterated principal axes from SMC communalities until the total communality
  changes by less than ``min_err = .001`` or 50 iterations, exactly psych's loop (so the
  result equals psych's, which is not fully converged).

Then, as ``psych::fa``: columns reflected so every column sum is positive, rotated
(:mod:`cemsurvey.psychometrics.efa.rotation`), reflected again, and ordered by the variance
they explain (``diag(Phi L'L)``). Communalities are ``diag(L L')`` of the unrotated model,
uniquenesses ``1 -`` communalities, the structure matrix ``L Phi``.

Verified against ``psych::fa`` 2.2.9 with GPArotation 2022.10-2 (tests/efa/
test_efa_reference.py, 1e-4 absolute on every pattern and structure loading up to column
order and sign, largest difference seen 4e-5): every extraction (minres, ml, pa) with every
rotation (varimax, promax, oblimin, geomin = geominQ) on bfi 25 items / 5 factors and
Holzinger-Swineford 9 items / 3 factors, and on sim28 112 items / 28 factors except
minres+geomin, where GPArotation itself stops without converging (cemsurvey then raises a
ConvergenceWarning).

References
----------
Harman, H. H., & Jones, W. H. (1966). Factor analysis by minimizing residuals (minres).
Psychometrika, 31, 351-368.
Joreskog, K. G. (1967). Some contributions to maximum likelihood factor analysis.
Psychometrika, 32, 443-482.
Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
Research (version 2.2.9). R package.
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
