"""Nonparametric bootstrap of a CFA: resample respondents, refit with warm starts."""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.linalg import cho_solve

from cemsurvey._blas import blas_threads
from cemsurvey.errors import ConvergenceWarning, DataError, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.scores import reverse_keyed
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.moments import is_covariance
from cemsurvey.psychometrics.sem.optimize import cholesky_factor, minimize_ml
from cemsurvey.psychometrics.sem.results import BootstrapCFA, CFAResult
from cemsurvey.psychometrics.sem.specification import Level, Missing, structure_of
from cemsurvey.psychometrics.sem.standardized import standardized

__all__ = ["bootstrap_cfa"]


def bootstrap_cfa(data: pd.DataFrame, model: Instrument | LatentStructure, B: int, seed: int | None, *,
                  level: Level = "first", identification: str = "marker",
                  missing: Missing = "listwise", progress: Callable[[int], None] | None = None,
                  full: CFAResult | None = None, gtol: float = 1e-4) -> BootstrapCFA:
    """Nonparametric bootstrap of a CFA: resample respondents, refit with warm starts.

    Each replicate recomputes the covariance of a resample of the complete cases and refits
    the same :class:`~.model.SEMModel` from the full-sample estimates with
    :func:`~.optimize.fisher_scoring` given the inverse of the full-sample expected
    information ``2 I(theta_hat)`` (formed once from its Cholesky factor): no fresh scoring step is taken (no information matrix is
    built or factored per replicate unless a step must be shortened); from the first
    iteration the steps are L-BFGS updates with ``(2 I(theta_hat))^-1`` as the initial inverse
    Hessian (about 22 iterations and 28 evaluations of F_ML per refit of the 112-item sim28
    model). Refreshing the information after the first step cuts that to about 9 iterations
    but costs more than it saves (one q x q build and factorization, q = 602, is worth ~15
    iterations). Non-converged replicates are flagged, not dropped silently.

    Parameters
    ----------
    data
        Item codes (as :func:`fit_cfa`; a covariance matrix cannot be resampled).
    B, seed
        Number of replicates and seed of ``numpy.random.default_rng``.
    progress
        Called with 1 after each replicate.
    full
        The full-sample fit, if already computed (otherwise fitted here).
    gtol
        Convergence criterion of each refit (largest |dF/dtheta|). The default 1e-4 moves a
        replicate's estimates by far less than their bootstrap spread: on the 28-construct,
        112-item model (N = 385) the refits differ from refits to 1e-6 by at most 0.15% of
        the bootstrap SD, against a Monte Carlo error of a few per cent of an SD in the
        percentile bounds of 1,000 replicates; it halves the refit time. Tested in
        ``tests/cfa/test_cfa_engine.py``.
    """
    if not isinstance(data, pd.DataFrame) or is_covariance(data):
        raise DataError("bootstrap_cfa needs raw item codes (respondents x items), not a covariance matrix")
    if int(B) < 1:
        raise EstimationError(f"B must be a positive number of replicates, got {B}")
    if full is None:
        full = fit_cfa(data, model, level=level, identification=identification, missing=missing,
                       modindices=False)
    st = structure_of(model, level)
    obs = list(st.observed)
    x = data[obs].apply(pd.to_numeric, errors="coerce").astype(float)
    if isinstance(model, Instrument):
        x = reverse_keyed(x, model, strict=False)
    arr = x.to_numpy(dtype=float)
    arr = arr[np.all(np.isfinite(arr), axis=1)]
    nn = arr.shape[0]
    rng = np.random.default_rng(seed)
    problem = full.problem
    sem = problem.model
    boot = MLProblem(sem, problem.s, nn)
    pt = sem.partable
    labels = [f"{a} {o} {b}" for a, o, b in zip(pt.lhs, pt.op, pt.rhs)]
    # the full-sample expected information preconditions every replicate's L-BFGS
    ev = problem.evaluate(full.theta)
    fac = cholesky_factor(2.0 * problem.information(ev[1], ev[2])) if ev is not None else None
    if fac is not None:     # its explicit inverse: a product per iteration, not two solves
        fac = cho_solve(fac, np.eye(sem.q), check_finite=False)
    est = np.full((B, len(pt)), np.nan)
    std = np.full((B, len(pt)), np.nan)
    chi2 = np.full(B, np.nan)
    conv = np.zeros(B, dtype=bool)
    with blas_threads(1):
        for b in range(B):
            idx = rng.integers(0, nn, nn)
            xb = arr[idx]
            xc = xb - xb.mean(axis=0)
            sb = xc.T @ xc / nn
            boot.set_data(sb, nn)
            if not np.isfinite(boot.logdet_s):
                if progress:
                    progress(1)
                continue
            res = minimize_ml(boot, full.theta, factor=fac, gtol=gtol)
            conv[b] = res.converged
            est[b] = sem.values(res.theta)
            chi2[b] = nn * res.fmin
            imp = sem.implied(res.theta)
            std[b] = standardized(sem, res.theta, imp, None)[0]
            if progress:
                progress(1)
    issues: list[str] = []
    bad = int((~conv).sum())
    if bad:
        msg = (f"{bad} of {B} bootstrap replicates did not converge and are excluded from the "
               f"intervals")
        issues.append(msg)
        _warnings.warn(ConvergenceWarning(msg), stacklevel=2)
    return BootstrapCFA(pd.DataFrame(est, columns=labels), pd.DataFrame(std, columns=labels),
                        chi2, conv, seed, int(B), tuple(issues))

