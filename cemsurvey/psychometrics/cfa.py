"""Old import path of the CFA engine, kept only until the modules of other branches import
:mod:`cemsurvey.psychometrics.sem` (the lead drops this file at merge).

The engine: :func:`cemsurvey.psychometrics.sem.cfa.fit_cfa`,
:func:`cemsurvey.psychometrics.sem.bootstrap.bootstrap_cfa`, results in
:mod:`cemsurvey.psychometrics.sem.results`.
"""

from cemsurvey.psychometrics.sem.bootstrap import bootstrap_cfa
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.results import BootstrapCFA, CFAResult, FitIndices

__all__ = ["BootstrapCFA", "CFAResult", "FitIndices", "bootstrap_cfa", "fit_cfa"]
