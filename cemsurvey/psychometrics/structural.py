"""Old import path of CB-SEM, kept only until the modules of other branches import
:mod:`cemsurvey.psychometrics.sem.structural` (the lead drops this file at merge)."""

from cemsurvey.psychometrics.sem.structural import CI_METHODS, CBSEMResult, fit_cbsem

__all__ = ["CI_METHODS", "CBSEMResult", "fit_cbsem"]
