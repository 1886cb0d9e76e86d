"""The standardized population model of a Monte Carlo power study.

The researcher states what they expect in standardized terms: every structural effect
(``"Y ~ X = 0.2"``, a standardized regression coefficient) and every loading (one value,
``0.7`` by default, with optional per-indicator overrides). The population is then fixed by
the rule that **every latent and every observed variable has variance 1**:

* exogenous latent variables have variance 1 (and covary only when a correlation is given);
* an endogenous latent variable ``eta_y = sum_x b_yx eta_x + zeta_y`` (a construct loading on
  its second-order dimension is one with a single predictor, its loading) gets the
  disturbance variance ``psi_y = 1 - b' Phi_x b``, with ``Phi_x`` the covariance of its
  predictors, computed in causal order;
* an item ``x_i = lambda_i eta_f + e_i`` gets the residual variance ``1 - lambda_i^2``;
  declared residual covariances are free in the analysis model and zero in the population.

So ``Sigma = Lambda (I - B)^-1 Psi (I - B)^-T Lambda' + Theta`` is a correlation matrix, and
the analysis model (lavaan's defaults, marker identification) is correctly specified for it.

References
----------
Muthen, L. K., & Muthen, B. O. (2002). How to use a Monte Carlo study to decide on sample
size and determine power. *Structural Equation Modeling* 9(4), 599-620.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cemsurvey.errors import SpecError
from cemsurvey.instrument.structure import LatentStructure

__all__ = ["Population", "parse_effect", "population_model"]

_EFFECT_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*~\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(\S+)\s*$")


def parse_effect(text: str) -> tuple[tuple[str, str], float]:
    """``"Y ~ X = 0.2"`` -> ``(("Y", "X"), 0.2)``.

    >>> parse_effect("Y~X=.2")
    (('Y', 'X'), 0.2)
    """
    m = _EFFECT_RE.match(text)
    if m is None:
        raise SpecError(f"effect '{text}' is not of the form 'outcome ~ predictor = value', "
                        "for example 'Y ~ X = 0.2'")
    try:
        value = float(m.group(3))
    except ValueError:
        raise SpecError(f"effect '{text}': '{m.group(3)}' is not a number; write a standardized "
                        "coefficient such as 0.2") from None
    if not -1.0 < value < 1.0:
        raise SpecError(f"effect '{text}': a standardized coefficient lies between -1 and 1, "
                        f"got {value}")
    return (m.group(1), m.group(2)), value


@dataclass(frozen=True)
class Population:
    """A standardized population: the analysis structure and the true values.

    Attributes
    ----------
    structure
        The analysis model (level ``"structural"``).
    sigma
        Population covariance (= correlation) matrix of ``structure.observed``.
    effects
        ``(outcome, predictor) -> standardized coefficient`` of every structural path, in the
        order of the structure's regressions (these are the hypotheses).
    loadings
        ``(latent, indicator) -> standardized loading`` (items and second-order indicators).
    disturbances
        ``latent -> disturbance variance`` of every endogenous latent.
    defaulted
        Paths whose effect was not given and took the default.
    """

    structure: LatentStructure
    sigma: np.ndarray
    effects: dict[tuple[str, str], float]
    loadings: dict[tuple[str, str], float]
    disturbances: dict[str, float]
    defaulted: tuple[tuple[str, str], ...] = ()

    @property
    def paths(self) -> tuple[tuple[str, str], ...]:
        """Hypothesised paths ``(outcome, predictor)`` in declared order."""
        return tuple(self.effects)


def _causal_order(structure: LatentStructure, preds: dict[str, list[str]]) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(v: str) -> None:
        if state.get(v) == 2:
            return
        if state.get(v) == 1:
            raise SpecError(f"paths contain a cycle through '{v}'; structural models must be "
                            "recursive (remove one of the paths)")
        state[v] = 1
        for x in preds[v]:
            visit(x)
        state[v] = 2
        order.append(v)

    for v in structure.latents:
        visit(v)
    return order


def population_model(structure: LatentStructure, effects: Mapping[tuple[str, str], float], *,
                     loading: float = 0.7,
                     loadings: Mapping[str, float] | None = None,
                     default_effect: float | None = None,
                     correlation: float = 0.0,
                     correlations: Mapping[tuple[str, str], float] | None = None) -> Population:
    """Build the standardized population of ``structure``.

    Parameters
    ----------
    structure
        The analysis model (:func:`~cemsurvey.instrument.structure.latent_structure` at level
        ``"structural"``).
    effects
        ``(outcome, predictor) -> standardized coefficient``; dimension ids stand for their
        single construct as in ``paths``.
    loading
        Standardized loading of every indicator without an override.
    loadings
        Per-indicator overrides (item id, or construct id for its loading on a dimension).
    default_effect
        Value of paths absent from ``effects``; ``None`` makes a missing effect an error.
    correlation
        Correlation of every pair of exogenous latent variables (default 0). A second-order
        factor with two constructs is identified only through its covariances with other
        factors: with uncorrelated exogenous factors and small effects many replications
        fail to converge.
    correlations
        Correlations of particular pairs, overriding ``correlation``.

    Returns
    -------
    Population

    Raises
    ------
    SpecError
        An effect names no path of the model, a loading is outside (0, 1), or the effects
        into a latent variable explain all of its variance.

    Examples
    --------
    >>> from cemsurvey.instrument.structure import LatentStructure
    >>> st = LatentStructure(observed=("x1", "x2", "y1", "y2"), latents=("X", "Y"),
    ...     indicators={"X": ("x1", "x2"), "Y": ("y1", "y2")}, regressions=(("Y", ("X",)),))
    >>> pop = population_model(st, {("Y", "X"): 0.3}, loading=0.8)
    >>> round(float(pop.sigma[0, 2]), 3), np.round(np.diag(pop.sigma), 12).tolist()
    (0.192, [1.0, 1.0, 1.0, 1.0])
    """
    loadings = dict(loadings or {})
    aliases = structure.aliases
    given = {(aliases.get(y, y), aliases.get(x, x)): float(v) for (y, x), v in effects.items()}
    paths = [(y, x) for y, xs in structure.regressions for x in xs]
    unknown = [f"{y} ~ {x}" for (y, x) in given if (y, x) not in paths]
    if unknown:
        known = ", ".join(f"{y} ~ {x}" for y, x in paths) or "none"
        raise SpecError(f"effect {unknown[0]} is not a path of the model (its paths: {known}); "
                        "add the path to `paths:` or fix the effect")
    missing = tuple(p for p in paths if p not in given)
    if missing and default_effect is None:
        raise SpecError(f"no effect given for path {missing[0][0]} ~ {missing[0][1]}; give every "
                        "hypothesised path a standardized effect")
    eff = {p: given.get(p, default_effect) for p in paths}
    for ind, v in {**{"(default)": loading}, **loadings}.items():
        if not 0.0 < abs(float(v)) < 1.0:
            raise SpecError(f"loading of {ind} must lie between 0 and 1 in absolute value "
                            f"(standardized), got {v}")
    indicators = {ind for f in structure.latents for ind in structure.indicators[f]}
    stray = sorted(set(loadings) - indicators)
    if stray:
        raise SpecError(f"a loading is given for '{stray[0]}', which is not an indicator of the "
                        "model (items, or constructs measured by a dimension); fix the id")
    lat = {v: i for i, v in enumerate(structure.latents)}
    obs = {v: i for i, v in enumerate(structure.observed)}
    m, p = len(lat), len(obs)
    beta = np.zeros((m, m))
    lam = np.zeros((p, m))
    preds: dict[str, list[str]] = {v: [] for v in structure.latents}
    load_out: dict[tuple[str, str], float] = {}
    for f in structure.latents:
        for ind in structure.indicators[f]:
            val = float(loadings.get(ind, loading))
            load_out[(f, ind)] = val
            if ind in obs:
                lam[obs[ind], lat[f]] = val
            else:  # a construct measured by its dimension
                beta[lat[ind], lat[f]] = val
                preds[ind].append(f)
    for (y, x), v in eff.items():
        beta[lat[y], lat[x]] = float(v)  # type: ignore[arg-type]
        preds[y].append(x)
    psi = np.zeros((m, m))
    exo = [v for v in structure.latents if not preds[v]]
    if not -1.0 < correlation < 1.0:
        raise SpecError(f"a correlation lies between -1 and 1, got {correlation}")
    for i, a in enumerate(exo):
        psi[lat[a], lat[a]] = 1.0
        for b in exo[i + 1:]:
            psi[lat[a], lat[b]] = psi[lat[b], lat[a]] = float(correlation)
    for (a, b), r in (correlations or {}).items():
        if a not in exo or b not in exo:
            raise SpecError(f"correlation {a} ~~ {b}: only exogenous latent variables (no arrows "
                            f"in) covary freely; exogenous here: {', '.join(exo)}")
        psi[lat[a], lat[b]] = psi[lat[b], lat[a]] = float(r)
    inv_ib = np.linalg.inv(np.eye(m) - beta)
    dist: dict[str, float] = {}
    for v in _causal_order(structure, preds):
        if not preds[v]:
            continue
        cov = inv_ib @ psi @ inv_ib.T
        explained = float(cov[lat[v], lat[v]])
        if explained >= 1.0 - 1e-9:
            names = ", ".join(preds[v])
            raise SpecError(f"the effects into {v} (from {names}) explain {explained:.3f} of its "
                            "variance, at least all of it; use smaller standardized effects")
        psi[lat[v], lat[v]] = dist[v] = 1.0 - explained
    cov = inv_ib @ psi @ inv_ib.T
    sigma = lam @ cov @ lam.T
    sigma[np.diag_indices(p)] = 1.0
    if np.linalg.eigvalsh(sigma)[0] <= 1e-10:
        raise SpecError("the population covariance matrix is not positive definite; check the "
                        "loadings and correlations")
    return Population(structure=structure, sigma=sigma, effects=eff,  # type: ignore[arg-type]
                      loadings=load_out, disturbances=dist, defaulted=missing)
