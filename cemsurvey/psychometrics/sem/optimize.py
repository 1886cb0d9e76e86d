"""Minimising F_ML: Fisher scoring with step halving, quasi-Newton fallback.

Fisher scoring uses the expected Hessian ``2 I(theta)`` (:mod:`.ml`):
``theta <- theta - t (2 I)^-1 g`` with ``t`` halved until ``F`` decreases (Armijo) and
Sigma stays positive definite. If scoring stalls (singular information, no descent), the
problem is handed to scipy's L-BFGS-B with the analytic gradient and then polished with
scoring steps. Convergence: the largest absolute gradient element below ``gtol`` (the
default 1e-8 is far tighter than lavaan's nlminb stopping rule, so estimates agree with
lavaan to its own precision).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve
from scipy.optimize import minimize

from cemsurvey.psychometrics.sem.ml import MLProblem


@dataclass
class OptResult:
    """Outcome of one minimisation."""

    theta: np.ndarray
    fmin: float
    converged: bool
    iterations: int
    max_gradient: float
    method: str
    message: str = ""


def _factor(h: np.ndarray) -> tuple[np.ndarray, bool] | None:
    """Cholesky factor of ``h`` (ridged slightly if needed), or ``None``."""
    for ridge in (0.0, 1e-10, 1e-7, 1e-4):
        try:
            hh = h if ridge == 0.0 else h + ridge * np.eye(len(h)) * np.trace(h) / len(h)
            return cho_factor(hh, lower=True, check_finite=False)
        except (LinAlgError, ValueError):
            continue
    return None


def fisher_scoring(problem: MLProblem, theta0: np.ndarray, *, gtol: float = 1e-8,
                   max_iter: int = 500, refresh: int = 4) -> OptResult:
    """Fisher scoring from ``theta0``; see the module docstring."""
    theta = np.array(theta0, dtype=float)
    ev = problem.evaluate(theta)
    if ev is None:
        return OptResult(theta, float("inf"), False, 0, float("inf"), "fisher",
                         "starting values give a non-positive-definite Sigma")
    f, imp, inv = ev
    it = 0
    gmax = float("inf")
    stalls = 0
    fac = None
    age = 0
    for it in range(1, max_iter + 1):
        g = problem._free_gradient(imp, inv)
        gmax = float(np.max(np.abs(g))) if g.size else 0.0
        if gmax < gtol:
            return OptResult(theta, f, True, it - 1, gmax, "fisher")
        # The expected information changes slowly near the optimum: refresh it on the
        # first iterations, every `refresh` iterations and after a shortened step.
        if fac is None or age >= refresh:
            fac = _factor(2.0 * problem.information(imp, inv))
            age = 0
            if fac is None:
                return OptResult(theta, f, False, it, gmax, "fisher", "singular information")
        age += 1
        step = cho_solve(fac, g, check_finite=False)
        if not np.all(np.isfinite(step)):
            return OptResult(theta, f, False, it, gmax, "fisher", "singular information")
        slope = float(g @ step)
        if slope <= 0:  # not a descent direction: use the gradient
            step = g * (1.0 / max(gmax, 1.0))
            slope = float(g @ step)
        t = 1.0
        accepted = False
        while t > 1e-10:
            new = theta - t * step
            ev2 = problem.evaluate(new)
            if ev2 is not None and ev2[0] <= f - 1e-4 * t * slope:
                accepted = True
                break
            if ev2 is not None and abs(ev2[0] - f) <= 1e-14 * max(1.0, abs(f)):
                accepted = True  # flat: at machine precision
                break
            t *= 0.5
        if t < 1.0 and age > 1:
            fac = None  # stale information: refresh before the next step
        if not accepted:
            if age > 1:
                fac = None
                continue
            return OptResult(theta, f, False, it, gmax, "fisher", "line search failed")
        if abs(ev2[0] - f) <= 1e-15 * max(1.0, abs(f)) and t < 1:
            stalls += 1
            if stalls > 3:
                g2 = problem._free_gradient(ev2[1], ev2[2])
                gm2 = float(np.max(np.abs(g2)))
                return OptResult(new, ev2[0], gm2 < 1e-5, it, gm2, "fisher",
                                 "no further decrease at machine precision")
        theta, (f, imp, inv) = new, ev2
    return OptResult(theta, f, False, max_iter, gmax, "fisher", f"no convergence in {max_iter} iterations")


def quasi_newton(problem: MLProblem, theta0: np.ndarray, *, max_iter: int = 5000) -> OptResult:
    """L-BFGS-B with the analytic gradient (fallback)."""

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
        ev = problem.evaluate(x)
        if ev is None:
            return 1e10, np.zeros_like(x)
        return ev[0], problem._free_gradient(ev[1], ev[2])

    res = minimize(fun, theta0, jac=True, method="L-BFGS-B",
                   options={"maxiter": max_iter, "ftol": 1e-15, "gtol": 1e-10})
    g = problem.gradient(res.x)
    gmax = float(np.max(np.abs(g))) if np.all(np.isfinite(g)) else float("inf")
    return OptResult(res.x, float(res.fun), gmax < 1e-6, int(res.nit), gmax, "lbfgs", str(res.message))


def minimize_ml(problem: MLProblem, theta0: np.ndarray, *, gtol: float = 1e-8,
                max_iter: int = 500) -> OptResult:
    """Fisher scoring, falling back to L-BFGS-B then scoring again if scoring fails."""
    res = fisher_scoring(problem, theta0, gtol=gtol, max_iter=max_iter)
    if res.converged:
        return res
    qn = quasi_newton(problem, res.theta if np.isfinite(res.fmin) else theta0)
    if not np.isfinite(qn.fmin):
        return res
    polished = fisher_scoring(problem, qn.theta, gtol=gtol, max_iter=max_iter)
    best = polished if polished.fmin <= qn.fmin + 1e-12 else qn
    best.iterations = res.iterations + qn.iterations + polished.iterations
    best.method = "fisher+lbfgs"
    if not best.converged:
        best.converged = best.max_gradient < 1e-5
        best.message = best.message or res.message
    return best
