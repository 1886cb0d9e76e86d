"""Monte Carlo power of an instrument's structural hypotheses (Muthen & Muthen 2002).

How many respondents does the study need to detect its weakest hypothesised path with 80%
power, given its measurement model? :func:`monte_carlo_power` answers by simulation:

1. the standardized population (:mod:`~cemsurvey.sampling.population`): the stated effects and
   loadings, every latent and observed variance 1;
2. for each sample size n of the grid, ``reps`` samples drawn from it
   (:mod:`~cemsurvey.sampling.replicate`; multivariate normal, optionally cut into the
   instrument's Likert points and with MCAR gaps), each fitted by CB-SEM (ML, MLR, WLSMV;
   FIML with gaps) or PLS;
3. per path and n: power, convergence, bias, SE bias and coverage; per n: the chi-square
   rejection rate, mean RMSEA and CFI (:mod:`~cemsurvey.sampling.mcresult`); the smallest n
   of the grid at which every nonzero path reaches the target power, optionally refined by
   bisection between the last grid point below the target and the first above it.

Replication ``r`` at size ``n`` draws from ``SeedSequence(seed, spawn_key=(n, r))``, so the
numbers do not depend on the number of workers or on where they run
(:mod:`~cemsurvey.sampling.execute`).

Verified: for two constructs of three items (loadings .7) and a path of .2 the simulated power
lies within three Monte Carlo SEs of the Satorra-Saris power computed by lavaan
(``tests/reference/montecarlo_reference.R``), a zero path's rejection rate within three SEs
of alpha, and 1 worker, 2 workers and a Dask cluster give identical numbers
(``tests/sampling/test_montecarlo.py``).

References
----------
Muthen, L. K., & Muthen, B. O. (2002). How to use a Monte Carlo study to decide on sample size
and determine power. *Structural Equation Modeling* 9(4), 599-620.
Satorra, A., & Saris, W. E. (1985). Power of the likelihood ratio test in covariance structure
analysis. *Psychometrika* 50(1), 83-90.
Wolf, E. J., Harrington, K. M., Clark, S. L., & Miller, M. W. (2013). Sample size requirements
for structural equation models. *Educational and Psychological Measurement* 73(6), 913-934.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from cemsurvey.errors import SpecError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.sampling.analytic import population_values, satorra_saris_power
from cemsurvey.sampling.execute import chunk_tasks, default_workers, run_tasks
from cemsurvey.sampling.mcresult import (
    MonteCarloResult,
    PathPower,
    smallest_n,
    summarize_path,
    summarize_size,
)
from cemsurvey.sampling.population import Population, population_model
from cemsurvey.sampling.replicate import Design

__all__ = ["METHODS", "ESTIMATORS", "monte_carlo_power", "build_design"]

METHODS = ("cb-sem", "pls")
ESTIMATORS = ("ml", "mlr", "wlsmv")
Progress = Callable[[int, int], None]


def _check(n_grid: Sequence[int], reps: int, method: str, estimator: str, missing: float,
           alpha: float, target_power: float, n_items: int) -> list[int]:
    if method not in METHODS:
        raise SpecError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if estimator not in ESTIMATORS:
        raise SpecError(f"estimator must be one of {', '.join(ESTIMATORS)}, got {estimator!r}")
    if reps < 2:
        raise SpecError(f"at least 2 replications per sample size are needed, got {reps}")
    if not 0.0 <= missing < 0.5:
        raise SpecError(f"the share of missing answers must lie in [0, 0.5), got {missing}")
    for name, v in (("alpha", alpha), ("target power", target_power)):
        if not 0.0 < v < 1.0:
            raise SpecError(f"{name} must lie between 0 and 1, got {v}")
    grid = sorted({int(n) for n in n_grid})
    if not grid:
        raise SpecError("the sample-size grid is empty; give sizes such as 100,200,300")
    if grid[0] <= n_items:
        raise SpecError(f"sample size {grid[0]} is not larger than the model's {n_items} items: "
                        "the sample covariance matrix would be singular; start the grid higher")
    return grid


def build_design(ins: Instrument, *, effects: Mapping[tuple[str, str], float] | None = None,
                 loading: float = 0.7, loadings: Mapping[str, float] | None = None,
                 default_effect: float | None = 0.2, correlation: float = 0.0,
                 method: str = "cb-sem", estimator: str = "ml", likert: bool = False,
                 missing: float = 0.0, alpha: float = 0.05, pls_bootstrap: int = 200) -> Design:
    """The population and analysis settings of a study (what every worker receives)."""
    try:
        st = latent_structure(ins, "structural")
    except ValueError as exc:
        raise SpecError(f"paths: {exc}") from None
    if not st.regressions:
        raise SpecError("the instrument has no structural paths to test; add `paths:` such as "
                        "'outcome ~ predictor' to the YAML")
    pop = population_model(st, effects or {}, loading=loading, loadings=loadings,
                           default_effect=default_effect, correlation=correlation)
    points = None
    if likert:
        scales = [ins.scale_of_item(i) for i in st.observed]
        bad = [i for i, s in zip(st.observed, scales) if s.type != "likert" or not s.points]
        if bad:
            raise SpecError(f"Likert data need Likert scales with points; item {bad[0]} has a "
                            "numeric scale (simulate continuous data instead)")
        points = tuple(int(s.points) for s in scales)  # type: ignore[arg-type]
    theta0 = tuple(float(t) for t in population_values(pop))
    return Design(population=pop, instrument=ins, method=method, estimator=estimator,
                  likert=points, missing=float(missing), alpha=float(alpha),
                  pls_bootstrap=int(pls_bootstrap), theta0=theta0, token=uuid.uuid4().hex)


def _true_values(design: Design) -> list[float]:
    pop = design.population
    if design.method == "pls":
        return [pop.effects[p] for p in pop.paths]
    from cemsurvey.psychometrics.sem.model import SEMModel

    pt = SEMModel(pop.structure).partable
    row = {(a, o, b): i for i, (a, o, b) in enumerate(zip(pt.lhs, pt.op, pt.rhs))}
    return [design.theta0[pt.free[row[(y, "~", x)]]] for y, x in pop.paths]


def _min_power(design: Design, rows: np.ndarray, truth: list[float]) -> float:
    pop = design.population
    pw = [summarize_path(rows, k, truth[k], design.alpha)["power"]
          for k, p in enumerate(pop.paths) if pop.effects[p] != 0]
    return min(pw) if pw else float("nan")


def monte_carlo_power(ins: Instrument, *, effects: Mapping[tuple[str, str], float] | None = None,
                      loading: float = 0.7, loadings: Mapping[str, float] | None = None,
                      default_effect: float | None = 0.2, correlation: float = 0.0,
                      n_grid: Sequence[int] = (100, 150, 200, 300, 400), reps: int = 1000,
                      seed: int = 42, method: str = "cb-sem", estimator: str = "ml",
                      likert: bool = False, missing: float = 0.0, alpha: float = 0.05,
                      target_power: float = 0.80, bisect: bool = False,
                      workers: int | None = None, scheduler: str | None = None,
                      progress: Progress | None = None, chunk: int | None = None,
                      pls_bootstrap: int = 200) -> MonteCarloResult:
    """Monte Carlo power of every hypothesised path of ``ins`` (see the module docstring).

    Parameters
    ----------
    ins
        The instrument; its ``paths`` (or the paradigm default) are the hypotheses.
    effects
        ``(outcome, predictor) -> standardized effect``; paths not given take ``default_effect``.
    loading, loadings
        Standardized loading of every indicator, and per-indicator overrides.
    correlation
        Correlation of the exogenous latent variables in the population (default 0).
    n_grid, reps, seed
        Sample sizes, replications per size, master seed.
    method, estimator
        ``"cb-sem"`` (``"ml"``, ``"mlr"`` or ``"wlsmv"``) or ``"pls"``.
    likert, missing
        Cut the items into their scale points; share of MCAR gaps (CB-SEM fits them by FIML).
    alpha, target_power, bisect
        Test level, the power to reach, and whether to refine the required n by bisection.
    workers, scheduler
        Local processes (default: every core) or a Dask scheduler address.
    progress
        ``progress(done, total)`` after every finished chunk of replications.
    chunk
        Replications per task (default: about four tasks per worker and size, at most 100).

    Returns
    -------
    MonteCarloResult
    """
    t0 = time.perf_counter()
    design = build_design(ins, effects=effects, loading=loading, loadings=loadings,
                          default_effect=default_effect, correlation=correlation,
                          method=method, estimator=estimator,
                          likert=likert, missing=missing, alpha=alpha, pls_bootstrap=pls_bootstrap)
    pop = design.population
    grid = _check(n_grid, reps, method, estimator, missing, alpha, target_power,
                  len(pop.structure.observed))
    if method == "pls" and estimator != "ml":
        raise SpecError("an estimator applies to CB-SEM only; PLS has its own algorithm")
    k = workers or default_workers()
    size = chunk or max(1, min(100, math.ceil(reps / (4 * k))))
    runs: dict[int, np.ndarray] = {}
    out = run_tasks(design, chunk_tasks(grid, reps, size), seed, workers=workers,
                    scheduler=scheduler, progress=progress)
    _collect(runs, out.rows, design.width)
    if out.interrupted and not runs:
        raise KeyboardInterrupt  # stopped before any chunk finished: nothing to report
    truth = _true_values(design)
    bis: list[int] = []
    interrupted = out.interrupted
    if bisect and not interrupted:
        lo, hi = _bracket(grid, runs, design, truth, target_power)
        while lo is not None and hi is not None and hi - lo > max(2, hi // 100):
            mid = (lo + hi) // 2
            o = run_tasks(design, chunk_tasks([mid], reps, size), seed, workers=workers,
                          scheduler=scheduler, progress=progress)
            _collect(runs, o.rows, design.width)
            bis.append(mid)
            if o.interrupted:
                interrupted = True
                break
            if _min_power(design, runs[mid], truth) >= target_power:
                hi = mid
            else:
                lo = mid
    return _result(design, runs, truth, reps=reps, seed=seed, target=target_power,
                   loading=loading, bis=bis, interrupted=interrupted, executor=out.executor,
                   seconds=time.perf_counter() - t0)


def _collect(runs: dict[int, np.ndarray], rows: dict[tuple[int, int, int], np.ndarray],
             width: int) -> None:
    for (n, _a, _b), r in sorted(rows.items()):
        runs[n] = np.vstack([runs.get(n, np.empty((0, width))), r])


def _bracket(grid: list[int], runs: dict[int, np.ndarray], design: Design, truth: list[float],
             target: float) -> tuple[int | None, int | None]:
    pw = np.array([_min_power(design, runs[n], truth) for n in grid])
    hi = smallest_n(grid, pw, target)
    if hi is None or hi == grid[0]:
        return None, None
    return grid[grid.index(hi) - 1], hi


def _result(design: Design, runs: dict[int, np.ndarray], truth: list[float], *, reps: int,
            seed: int, target: float, loading: float, bis: list[int], interrupted: bool,
            executor: str, seconds: float) -> MonteCarloResult:
    pop: Population = design.population
    ns = sorted(n for n in runs if runs[n].shape[0])
    analytic_ok = design.fast
    paths = []
    for k, path in enumerate(pop.paths):
        stats = [summarize_path(runs[n], k, truth[k], design.alpha) for n in ns]
        col: dict[str, Any] = {key: tuple(s[key] for s in stats) for key in stats[0]} if stats else {}
        power = np.array(col.get("power", ()))
        ana = (tuple(float(v) for v in satorra_saris_power(pop, path, ns, alpha=design.alpha))
               if analytic_ok and pop.effects[path] != 0 and ns else None)
        paths.append(PathPower(
            outcome=path[0], predictor=path[1], effect=float(pop.effects[path]),
            population=float(truth[k]), defaulted=path in pop.defaulted, n=tuple(ns),
            n_required=smallest_n(ns, power, target) if pop.effects[path] != 0 else None,
            analytic=ana, **{key: tuple(v) for key, v in col.items()}))
    sizes = tuple(summarize_size(n, runs[n], design.alpha) for n in ns)
    nonzero = [p for p in paths if p.effect != 0]
    need = None
    if nonzero and all(p.n_required is not None for p in nonzero):
        need = max(int(p.n_required) for p in nonzero)  # type: ignore[arg-type]
    warns = []
    if pop.defaulted:
        warns.append("paths without a stated effect took the default "
                     f"{pop.effects[pop.defaulted[0]]:g}: "
                     + ", ".join(f"{y} ~ {x}" for y, x in pop.defaulted))
    low = [s for s in sizes if s.convergence_rate < 0.95]
    if low:
        warns.append(f"only {low[0].convergence_rate:.0%} of the replications converged at "
                     f"n = {low[0].n}; power there is computed over the converged ones. "
                     "Non-convergence usually means a weakly identified part of the model (a "
                     "second-order factor with two constructs, small effects): consider "
                     "correlated exogenous factors, larger effects or larger samples")
    if interrupted:
        warns.append(f"stopped early: {sum(s.reps for s in sizes)} replications done")
    data = "likert" if design.likert else "normal"
    return MonteCarloResult(
        paths=tuple(paths), sizes=sizes, reps=reps, seed=int(seed), method=design.method,
        estimator=design.estimator if design.method == "cb-sem" else "pls", data=data,
        missing=design.missing, alpha=design.alpha, target_power=target, loading=loading,
        n_required=need, bisection=tuple(bis), interrupted=interrupted, executor=executor,
        seconds=seconds, warnings=tuple(warns))
