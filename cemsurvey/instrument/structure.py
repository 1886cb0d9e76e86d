"""The latent-variable structure an instrument implies, for CFA, SEM, PLS and planning.

One place decides which latent variables a model has, what measures them, which
regressions link them and which variances and covariances are free, so the CFA engine,
PLS, simulation and sample-size planning all read the same structure.

Rules (lavaan's ``cfa()``/``sem()`` defaults, so df and estimates match lavaan):

* **first order** (``level="first"``): one factor per construct, measured by its items;
  all factors covary; residual covariances from ``covariances``.
* **second order** (``level="second"``): every dimension with two or more constructs
  becomes a second-order factor measured by its constructs; a dimension with a single
  construct is represented by that construct (a one-indicator second-order factor is not
  identified). Second-order factors and constructs without a dimension covary freely;
  disturbances of first-order factors do not covary.
* **structural** (``level="structural"``): the effective ``paths`` (declared, or the
  paradigm default). A dimension named in a path is a second-order factor (or its single
  construct); constructs named directly are first-order factors. Latent variables that
  are never on the left of a regression are exogenous and covary freely (lavaan's
  ``auto.cov.lv.x``); disturbances of endogenous latent variables do not covary.
  Constructs belonging to no latent variable in the paths stay as exogenous factors.

Free parameters under marker identification (first loading of every latent fixed to 1):
loadings beyond the first, one residual variance per item, one (disturbance) variance
per latent variable, the covariances among exogenous latent variables, the regression
coefficients and the declared residual covariances. ``df = p(p + 1)/2 - q``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cemsurvey.instrument.model import Instrument

Level = Literal["first", "second", "structural"]


@dataclass(frozen=True)
class LatentStructure:
    """Latent variables, what measures them, and how they relate.

    Attributes
    ----------
    observed
        Item ids in model order.
    latents
        Latent variable ids, first-order before higher-order.
    indicators
        ``latent -> indicators``; an indicator is an item id (first-order latent) or a
        latent id (second-order latent).
    regressions
        ``(outcome, (predictor, ...))`` among latent variables, in declared order.
    latent_covariances
        Pairs of latent variables whose (co)variance is free: all pairs of exogenous latents.
    residual_covariances
        Pairs of items (or latents) with a free residual covariance.
    aliases
        Dimension id -> the construct representing it when the dimension has one construct.
    level
        Which model this is.
    """

    observed: tuple[str, ...]
    latents: tuple[str, ...]
    indicators: dict[str, tuple[str, ...]]
    regressions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    latent_covariances: tuple[tuple[str, str], ...] = ()
    residual_covariances: tuple[tuple[str, str], ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    level: Level = "first"

    # ------------------------------------------------------------------ derived
    @property
    def first_order(self) -> tuple[str, ...]:
        obs = set(self.observed)
        return tuple(f for f in self.latents if self.indicators[f] and self.indicators[f][0] in obs)

    @property
    def higher_order(self) -> tuple[str, ...]:
        first = set(self.first_order)
        return tuple(f for f in self.latents if f not in first)

    @property
    def endogenous(self) -> tuple[str, ...]:
        """Latents with incoming arrows (regressions or loading on a higher-order factor)."""
        ys = {y for y, _ in self.regressions}
        ys |= {ind for f in self.higher_order for ind in self.indicators[f]}
        return tuple(f for f in self.latents if f in ys)

    @property
    def exogenous(self) -> tuple[str, ...]:
        endo = set(self.endogenous)
        return tuple(f for f in self.latents if f not in endo)

    @property
    def arrows_into(self) -> dict[str, int]:
        """Number of structural arrows pointing at each latent variable (regressions only)."""
        return {y: len(xs) for y, xs in self.regressions}

    @property
    def max_arrows(self) -> int:
        """Largest number of structural arrows into one latent (0 without regressions)."""
        return max(self.arrows_into.values(), default=0)

    def n_free_parameters(self) -> int:
        """Free parameters under marker identification (see module docstring)."""
        loadings = sum(len(v) - 1 for v in self.indicators.values())
        residuals = len(self.observed)
        variances = len(self.latents)
        k = len(self.exogenous)
        covs = k * (k - 1) // 2
        regs = sum(len(xs) for _, xs in self.regressions)
        return loadings + residuals + variances + covs + regs + len(self.residual_covariances)

    @property
    def n_moments(self) -> int:
        """Distinct variances and covariances of the observed items, p(p + 1)/2."""
        p = len(self.observed)
        return p * (p + 1) // 2

    @property
    def df(self) -> int:
        """Model degrees of freedom, p(p + 1)/2 minus free parameters."""
        return self.n_moments - self.n_free_parameters()


def _first_order(ins: Instrument) -> dict[str, tuple[str, ...]]:
    return {c.id: tuple(it.id for it in c.items) for c in ins.constructs}


def _representative(ins: Instrument, dim: str) -> tuple[str, tuple[str, ...] | None]:
    """Latent id standing for a dimension, and its indicators if it is second-order."""
    members = tuple(c.id for c in ins.constructs_in(dim))
    if len(members) == 1:
        return members[0], None
    return dim, members


def latent_structure(ins: Instrument, level: Level = "first") -> LatentStructure:
    """Derive the :class:`LatentStructure` of an instrument.

    Parameters
    ----------
    ins
        A validated instrument.
    level
        ``"first"`` (one factor per construct), ``"second"`` (dimensions as
        second-order factors) or ``"structural"`` (the effective ``paths``).

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> c = lambda i: Construct(id=i, name=i, items=[Item(id=f"{i}{k}", text="t") for k in (1, 2, 3)])
    >>> s = latent_structure(Instrument(title="t", constructs=[c("A"), c("B")]))
    >>> s.df   # 6 items: 21 moments - (4 loadings + 6 residuals + 2 variances + 1 covariance)
    8
    """
    first = _first_order(ins)
    observed = tuple(ins.item_ids)
    indicators: dict[str, tuple[str, ...]] = dict(first)
    aliases: dict[str, str] = {}
    regressions: list[tuple[str, tuple[str, ...]]] = []
    higher: list[str] = []

    if level == "second":
        for dim in ins.dimensions:
            if not ins.constructs_in(dim):
                continue
            rep, members = _representative(ins, dim)
            if members is None:
                aliases[dim] = rep
            else:
                indicators[dim] = members
                higher.append(dim)
    elif level == "structural":
        paths = ins.structural_paths
        named = {n for y, xs in paths for n in (y, *xs)}
        for dim in ins.dimensions:
            if dim not in named or not ins.constructs_in(dim):
                continue
            rep, members = _representative(ins, dim)
            if members is None:
                aliases[dim] = rep
            else:
                indicators[dim] = members
                higher.append(dim)
        for y, xs in paths:
            regressions.append((aliases.get(y, y), tuple(aliases.get(x, x) for x in xs)))

    latents = tuple(first) + tuple(higher)
    measured_by_higher = {ind for h in higher for ind in indicators[h]}
    ys = {y for y, _ in regressions}
    exo = [f for f in latents if f not in ys and f not in measured_by_higher]
    latent_covs = tuple((exo[i], exo[j]) for i in range(len(exo)) for j in range(i + 1, len(exo)))
    return LatentStructure(
        observed=observed,
        latents=latents,
        indicators=indicators,
        regressions=tuple(regressions),
        latent_covariances=latent_covs,
        residual_covariances=tuple(ins.residual_covariances),
        aliases=aliases,
        level=level,
    )


def lavaan_syntax(structure: LatentStructure) -> str:
    """lavaan model syntax for a structure (measurement, regressions, residual covariances).

    Latent covariances are left to lavaan's defaults, which match the structure's rules.
    """
    lines = [f"{f} =~ {' + '.join(structure.indicators[f])}" for f in structure.latents]
    lines += [f"{y} ~ {' + '.join(xs)}" for y, xs in structure.regressions]
    lines += [f"{a} ~~ {b}" for a, b in structure.residual_covariances]
    return "\n".join(lines) + "\n"
