"""Population values and the analytic power of a path test (Satorra & Saris 1985).

* :func:`population_values` fits the analysis model by ML to the population covariance
  matrix. The model is correctly specified, so ``F_ML = 0`` at the minimum and the estimates
  are the population values of the free parameters in the analysis metric (marker
  identification): the targets of the Monte Carlo bias and coverage, and the warm start of
  every replication.
* :func:`satorra_saris_power` gives the power of the 1-df test of one path: fit the model with
  that path fixed to 0 to the population covariance; ``lambda = N F_min`` is the noncentrality
  of the likelihood-ratio statistic at sample size N (lavaan's ``chi2 = N F_ML``), and the power
  is ``P(chi2_1(lambda) > chi2_{1, 1 - alpha})``. The Wald z test the Monte Carlo study counts
  is asymptotically equivalent.

Verified against lavaan 0.6 (``tests/reference/montecarlo_reference.R``: the same restricted
model fitted to the population matrix with ``sample.cov.rescale = FALSE``) at 1e-6.

References
----------
Satorra, A., & Saris, W. E. (1985). Power of the likelihood ratio test in covariance structure
analysis. *Psychometrika* 50(1), 83-90.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from scipy import stats

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.model import SEMModel
from cemsurvey.psychometrics.sem.optimize import minimize_ml
from cemsurvey.psychometrics.sem.start import start_values
from cemsurvey.sampling.population import Population

__all__ = ["population_values", "restricted_fmin", "satorra_saris_power"]

_N_POP = 1_000_000  # N only scales chi2; F_ML and the estimates do not depend on it


def _fit_population(model: SEMModel, sigma: np.ndarray) -> tuple[np.ndarray, float]:
    problem = MLProblem(model, sigma, _N_POP)
    res = minimize_ml(problem, start_values(model, sigma), gtol=1e-12)
    if not res.converged:
        raise EstimationError("the model could not be fitted to its own population covariance "
                              "matrix; check the effects and loadings")
    return res.theta, float(res.fmin)


def population_values(pop: Population) -> np.ndarray:
    """Free parameters of the analysis model (marker metric) at the population.

    >>> from cemsurvey.instrument.structure import LatentStructure
    >>> from cemsurvey.sampling.population import population_model
    >>> st = LatentStructure(observed=("x1", "x2", "x3", "y1", "y2", "y3"), latents=("X", "Y"),
    ...     indicators={"X": ("x1", "x2", "x3"), "Y": ("y1", "y2", "y3")},
    ...     regressions=(("Y", ("X",)),))
    >>> theta = population_values(population_model(st, {("Y", "X"): 0.2}))
    >>> [round(float(t), 6) for t in theta[:2]]   # second and third loadings, marker metric
    [1.0, 1.0]
    """
    theta, fmin = _fit_population(SEMModel(pop.structure), pop.sigma)
    if fmin > 1e-8:
        raise EstimationError(f"the analysis model does not reproduce its population (F = "
                              f"{fmin:.3g}); this is a bug, please report it")
    return theta


def restricted_fmin(pop: Population, path: tuple[str, str]) -> float:
    """``F_ML`` of the model with ``path = (outcome, predictor)`` fixed to 0, at the population."""
    y, x = path
    regs = tuple((yy, tuple(v for v in xs if not (yy == y and v == x)))
                 for yy, xs in pop.structure.regressions)
    restricted = replace(pop.structure, regressions=regs)
    return _fit_population(SEMModel(restricted), pop.sigma)[1]


def satorra_saris_power(pop: Population, path: tuple[str, str], n_values: Sequence[int], *,
                        alpha: float = 0.05) -> np.ndarray:
    """Analytic power of the test of ``path`` at each N (see the module docstring).

    >>> from cemsurvey.instrument.structure import LatentStructure
    >>> from cemsurvey.sampling.population import population_model
    >>> st = LatentStructure(observed=("x1", "x2", "x3", "y1", "y2", "y3"), latents=("X", "Y"),
    ...     indicators={"X": ("x1", "x2", "x3"), "Y": ("y1", "y2", "y3")},
    ...     regressions=(("Y", ("X",)),))
    >>> pw = satorra_saris_power(population_model(st, {("Y", "X"): 0.2}), ("Y", "X"), [100, 400])
    >>> bool(0.2 < pw[0] < pw[1] < 1)
    True
    """
    f = restricted_fmin(pop, path)
    crit = stats.chi2.isf(alpha, 1)
    lam = np.asarray(n_values, dtype=float) * f
    return np.asarray(stats.ncx2.sf(crit, 1, np.maximum(lam, 1e-12)), dtype=float)
