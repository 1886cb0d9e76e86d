"""PLS path modeling (PLS-SEM) of an instrument's structural model.

Entry point: :func:`fit_pls` (responses and an instrument -> :class:`PLSResult`). Modules:

* :mod:`.model` -- the instrument's latents, indicators and arrows; higher-order stages;
* :mod:`.data` -- the item matrix and (resample-weighted) indicator correlations;
* :mod:`.engine` -- Lohmoeller's algorithm on stacks of correlation matrices;
* :mod:`.quality` -- alpha, rho_A, rho_C, AVE, f^2, inner and outer VIF, HTMT;
* :mod:`.blindfolding` -- Q^2 (construct cross-validated redundancy);
* :mod:`.bootstrap` -- resamples, jackknife, SEs, t, p, percentile and BCa intervals;
* :mod:`.result` -- :class:`PLSResult` and its tables;
* :mod:`.fit` -- :func:`fit_pls`, the steps in order;
* :mod:`.consistent` -- consistent PLS (``method="plsc"``): rho_A, corrected estimates;
* :mod:`.formative` -- formative (mode B) constructs: weights, VIF, redundancy analysis;
* :mod:`.interaction` -- interaction terms ``x:m`` (two-stage, product indicators);
* :mod:`.predict` -- :func:`predict_pls` (PLSpredict); :mod:`.cvpat` -- :func:`cvpat`;
* :mod:`.ipma` -- :func:`ipma`; :mod:`.compare` -- :func:`compare_models` (BIC, GM).

Verified against seminr's published mobi (ECSI) estimates and an independent textbook
implementation; see :mod:`cemsurvey.psychometrics.pls.fit` and docs/pls.md.
"""

from cemsurvey.psychometrics.pls.compare import ModelComparison, compare_models
from cemsurvey.psychometrics.pls.consistent import METHODS
from cemsurvey.psychometrics.pls.cvpat import CvpatResult, cvpat
from cemsurvey.psychometrics.pls.engine import SCHEMES, Scheme
from cemsurvey.psychometrics.pls.fit import CI_METHODS, fit_pls
from cemsurvey.psychometrics.pls.formative import FormativeResult
from cemsurvey.psychometrics.pls.interaction import APPROACHES, InteractionEffect
from cemsurvey.psychometrics.pls.ipma import IpmaResult, ipma
from cemsurvey.psychometrics.pls.model import HIGHER_ORDER, HigherOrder
from cemsurvey.psychometrics.pls.predict import PredictResult, predict_pls
from cemsurvey.psychometrics.pls.result import SIGN_CORRECTION, PLSResult

__all__ = [
    "APPROACHES",
    "CI_METHODS",
    "METHODS",
    "CvpatResult",
    "FormativeResult",
    "InteractionEffect",
    "IpmaResult",
    "ModelComparison",
    "PredictResult",
    "compare_models",
    "cvpat",
    "ipma",
    "predict_pls",
    "HIGHER_ORDER",
    "SCHEMES",
    "SIGN_CORRECTION",
    "HigherOrder",
    "PLSResult",
    "Scheme",
    "fit_pls",
]
