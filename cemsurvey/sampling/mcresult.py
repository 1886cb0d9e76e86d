"""Results of a Monte Carlo power study and the statistics that summarise the replications.

Per path and sample size, over the replications that converged (Muthen & Muthen 2002):

* ``power`` -- share with ``p < alpha`` (two-tailed z test of the estimate), with its Monte
  Carlo standard error ``sqrt(power (1 - power) / R)``;
* ``mean_est``, ``sd_est`` -- mean and SD of the estimates; ``rel_bias`` --
  ``(mean_est - population) / population`` (NaN for a zero population value);
* ``mean_se``, ``se_bias`` -- mean standard error and ``(mean_se - sd_est) / sd_est``;
* ``coverage`` -- share of 95% Wald intervals ``est +- 1.96 se`` holding the population value;
* ``mean_std`` -- mean standardized estimate (to compare with the stated effect).

Per sample size: the convergence rate, the rejection rate of the model chi-square test at
``alpha``, mean RMSEA and mean CFI. Criteria (Muthen & Muthen 2002): relative bias of
estimates and SEs below 10%, coverage between .91 and .98; power .80.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["FIELDS", "PATH_FIELDS", "PathPower", "SizeSummary", "MonteCarloResult", "summarize_path", "summarize_size",
           "smallest_n"]

#: Columns of one replication's row: the model's, then ``PATH_FIELDS`` for every path.
FIELDS = ("converged", "chi2", "chi2_p", "rmsea", "cfi")
PATH_FIELDS = ("est", "se", "p", "std")


@dataclass(frozen=True)
class PathPower:
    """Power and estimation quality of one hypothesised path across sample sizes.

    Every tuple runs parallel to ``n``. ``population`` is the true value of the estimate
    (CB-SEM: the unstandardized coefficient in the marker metric; PLS: the standardized
    effect); ``effect`` the standardized effect the researcher stated; ``analytic`` the
    Satorra-Saris power when it applies (CB-SEM, ML, continuous complete data).
    """

    outcome: str
    predictor: str
    effect: float
    population: float
    defaulted: bool
    n: tuple[int, ...]
    power: tuple[float, ...]
    mcse: tuple[float, ...]
    converged: tuple[int, ...]
    mean_est: tuple[float, ...]
    sd_est: tuple[float, ...]
    rel_bias: tuple[float, ...]
    mean_se: tuple[float, ...]
    se_bias: tuple[float, ...]
    coverage: tuple[float, ...]
    mean_std: tuple[float, ...]
    n_required: int | None
    analytic: tuple[float, ...] | None = None

    @property
    def label(self) -> str:
        return f"{self.outcome} ~ {self.predictor}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.label, "outcome": self.outcome,
                               "predictor": self.predictor, "effect": self.effect,
                               "effect_defaulted": self.defaulted,
                               "population_value": self.population, "n_required": self.n_required,
                               "by_n": []}
        for i, n in enumerate(self.n):
            row = {"n": n, "power": self.power[i], "mcse": self.mcse[i],
                   "converged": self.converged[i], "mean_estimate": self.mean_est[i],
                   "sd_estimate": self.sd_est[i], "relative_bias": self.rel_bias[i],
                   "mean_se": self.mean_se[i], "se_bias": self.se_bias[i],
                   "coverage": self.coverage[i], "mean_std_estimate": self.mean_std[i]}
            if self.analytic is not None:
                row["analytic_power"] = self.analytic[i]
            out["by_n"].append({k: _num(v) for k, v in row.items()})
        return out


@dataclass(frozen=True)
class SizeSummary:
    """Model-level results at one sample size."""

    n: int
    reps: int
    converged: int
    chi2_reject: float
    mean_rmsea: float
    mean_cfi: float

    @property
    def convergence_rate(self) -> float:
        return self.converged / self.reps if self.reps else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {k: _num(v) for k, v in {
            "n": self.n, "reps": self.reps, "converged": self.converged,
            "convergence_rate": self.convergence_rate, "chi2_rejection_rate": self.chi2_reject,
            "mean_rmsea": self.mean_rmsea, "mean_cfi": self.mean_cfi}.items()}


@dataclass(frozen=True)
class MonteCarloResult:
    """A Monte Carlo power study of an instrument's structural model.

    ``n_required`` is the smallest sample size studied (the grid, plus the bisection points
    when asked) at which every path with a nonzero effect reaches ``target_power``; ``None``
    when none does. ``interrupted`` is True when the run was stopped early: the summaries then
    cover the replications that finished (``SizeSummary.reps``).
    """

    paths: tuple[PathPower, ...]
    sizes: tuple[SizeSummary, ...]
    reps: int
    seed: int
    method: str
    estimator: str
    data: str
    missing: float
    alpha: float
    target_power: float
    loading: float
    n_required: int | None
    bisection: tuple[int, ...]
    interrupted: bool
    executor: str
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_grid(self) -> tuple[int, ...]:
        return tuple(s.n for s in self.sizes)

    @property
    def reps_done(self) -> int:
        return sum(s.reps for s in self.sizes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``monte_carlo`` object: ``paths``, ``convergence`` by n, ``reps``, ``seed``..."""
        return {
            "method": self.method, "estimator": self.estimator, "data": self.data,
            "missing": self.missing, "alpha": self.alpha, "target_power": self.target_power,
            "loading": self.loading, "reps": self.reps, "seed": self.seed,
            "n_grid": list(self.n_grid), "bisection": list(self.bisection),
            "n_required": self.n_required, "paths": [p.to_dict() for p in self.paths],
            "convergence": [s.to_dict() for s in self.sizes],
            "replications_done": self.reps_done, "interrupted": self.interrupted,
            "executor": self.executor, "seconds": self.seconds, "warnings": list(self.warnings),
        }


def _num(x: Any) -> Any:
    if isinstance(x, float | np.floating) and not math.isfinite(float(x)):
        return None
    return float(x) if isinstance(x, np.floating) else x


def _mean(a: np.ndarray) -> float:
    return float(np.mean(a)) if a.size else float("nan")


def summarize_path(rows: np.ndarray, k: int, population: float, alpha: float) -> dict[str, float]:
    """Statistics of path ``k`` over the rows of one sample size (see the module docstring)."""
    ok = rows[:, 0] == 1.0
    base = len(FIELDS) + len(PATH_FIELDS) * k
    est, se, p, std = (rows[ok, base + j] for j in range(4))
    r = int(ok.sum())
    power = _mean((p < alpha).astype(float))
    sd = float(np.std(est, ddof=1)) if r > 1 else float("nan")
    mean_est, mean_se = _mean(est), _mean(se)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = (mean_est - population) / population if population != 0 else float("nan")
        se_bias = (mean_se - sd) / sd if sd > 0 else float("nan")
    cover = _mean((np.abs(est - population) <= 1.959963984540054 * se).astype(float))
    return {"power": power, "mcse": math.sqrt(power * (1 - power) / r) if r else float("nan"),
            "converged": r, "mean_est": mean_est, "sd_est": sd, "rel_bias": rel,
            "mean_se": mean_se, "se_bias": se_bias, "coverage": cover, "mean_std": _mean(std)}


def summarize_size(n: int, rows: np.ndarray, alpha: float) -> SizeSummary:
    """Convergence and model fit over the rows of one sample size."""
    ok = rows[:, 0] == 1.0
    good = rows[ok]
    pval = good[:, 2]
    pval = pval[np.isfinite(pval)]
    return SizeSummary(n=n, reps=int(rows.shape[0]), converged=int(ok.sum()),
                       chi2_reject=_mean((pval < alpha).astype(float)),
                       mean_rmsea=_mean(good[:, 3][np.isfinite(good[:, 3])]),
                       mean_cfi=_mean(good[:, 4][np.isfinite(good[:, 4])]))


def smallest_n(n_values: list[int], power: np.ndarray, target: float) -> int | None:
    """Smallest n whose power reaches ``target`` and stays there at every larger n studied.

    >>> smallest_n([100, 150, 200, 300], np.array([0.5, 0.81, 0.79, 0.9]), 0.8)
    300
    """
    order = np.argsort(n_values)
    best = None
    for i in order[::-1]:
        if not power[i] >= target:
            break
        best = int(n_values[i])
    return best
