"""The sample-size plan: every applicable method, and what it reads from the instrument.

:func:`plan_sample_size` runs every method that applies to the inputs and picks the largest
n as the recommendation; :func:`model_info` reads a structural model's df and its largest
number of arrows into one construct from the instrument itself, so a planner never has to
count them. The CLI (``cemsurvey sample-size``) is a thin shell over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cemsurvey.errors import SpecError
from cemsurvey.sampling.power import pls_inverse_sqrt, pls_ten_times, rmsea_sample_size
from cemsurvey.sampling.survey import (
    SampleSize,
    check_open01,
    check_population,
    cochran,
    cochran_mean,
    krejcie_morgan,
    with_response_rate,
    yamane,
)

__all__ = ["ModelInfo", "SamplePlan", "model_info", "plan_sample_size"]


@dataclass(frozen=True)
class ModelInfo:
    """What sample-size planning reads from an instrument.

    Attributes
    ----------
    cfa_df
        df of the first-order CFA (one factor per construct, all covarying).
    sem_df
        df of the structural model (effective paths); used by the RMSEA tests.
    max_arrows
        Largest number of structural arrows into one latent variable.
    n_items, n_constructs
        Size of the measurement model.
    """

    cfa_df: int
    sem_df: int
    max_arrows: int
    n_items: int
    n_constructs: int

    def to_dict(self) -> dict[str, int]:
        """``{cfa_df, sem_df, max_arrows}``."""
        return {"cfa_df": self.cfa_df, "sem_df": self.sem_df, "max_arrows": self.max_arrows}


def model_info(ins: Any) -> ModelInfo:
    """Degrees of freedom and arrows of an instrument's CFA and structural models.

    Reads :func:`cemsurvey.instrument.structure.latent_structure` at levels
    ``"first"`` and ``"structural"`` (lavaan's defaults, so df agree with lavaan).
    """
    from cemsurvey.instrument.structure import latent_structure

    first = latent_structure(ins, "first")
    sem = latent_structure(ins, "structural")
    return ModelInfo(
        cfa_df=first.df,
        sem_df=sem.df,
        max_arrows=sem.max_arrows,
        n_items=len(first.observed),
        n_constructs=len(first.first_order),
    )


@dataclass(frozen=True)
class SamplePlan:
    """Every applicable method's n and the recommendation (the largest n).

    ``to_dict()`` gives ``{"methods": [...], "recommended": {...}, "model": {...} | None}``;
    ``recommended`` is the chosen method's dict plus ``rationale``. Warnings (e.g. low
    post-hoc power) are kept in ``warnings`` and printed on stderr by the CLI.
    """

    methods: tuple[SampleSize, ...]
    recommended: SampleSize
    rationale: str
    model: ModelInfo | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def method(self, key: str) -> SampleSize:
        for m in self.methods:
            if m.method == key:
                return m
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "methods": [m.to_dict() for m in self.methods],
            "recommended": {**self.recommended.to_dict(), "rationale": self.rationale},
            "model": None if self.model is None else self.model.to_dict(),
        }


def plan_sample_size(
    *,
    population: float | None = None,
    confidence: float = 0.95,
    margin: float = 0.05,
    proportion: float = 0.5,
    response_rate: float | None = None,
    sd: float | None = None,
    mean_margin: float | None = None,
    model: ModelInfo | None = None,
    power: float = 0.80,
    alpha: float = 0.05,
    n: int | None = None,
    min_path: float = 0.2,
) -> SamplePlan:
    """Run every sizing method that the inputs allow and recommend the largest n.

    Cochran always runs; Krejcie-Morgan and Yamane need ``population``; the mean
    version needs ``sd`` and ``mean_margin``; the RMSEA tests (on the structural
    model's df), the inverse square root method and the 10-times rule need ``model``
    (the 10-times rule only when the model has structural paths).

    Examples
    --------
    >>> plan = plan_sample_size(population=1000)
    >>> [m.method for m in plan.methods], plan.recommended.method, plan.recommended.n
    (['cochran', 'krejcie_morgan', 'yamane'], 'yamane', 286)
    """
    check_population(population)
    if response_rate is not None and not (0.0 < response_rate <= 1.0):
        raise SpecError(f"--response-rate must be in (0, 1], got {response_rate}")
    # options of the model-based methods are checked even when no model is given, so a
    # typo such as --power 80 is reported instead of silently ignored
    check_open01("--power", power)
    check_open01("--alpha", alpha)
    if not (0 < abs(min_path) < 1):
        raise SpecError(f"--min-path must be between 0 and 1 in absolute value, got {min_path}")
    if n is not None and n < 2:
        raise SpecError(f"--n must be at least 2, got {n}")
    if n is not None and model is None:
        raise SpecError("--n gives the post-hoc power of the RMSEA tests, which need the "
                        "model's df: add --model MODEL.yaml")
    notes: list[str] = []
    methods: list[SampleSize] = [
        cochran(confidence=confidence, margin=margin, proportion=proportion,
                population=population)
    ]
    if population is not None:
        methods.append(krejcie_morgan(population, margin=margin, proportion=proportion,
                                      confidence=confidence))
        methods.append(yamane(population, margin=margin))
    if (sd is None) != (mean_margin is None):
        raise SpecError("--sd and --mean-margin go together: give both for Cochran's "
                        "sample size for a mean")
    if sd is not None and mean_margin is not None:
        methods.append(cochran_mean(sd, mean_margin, confidence=confidence,
                                    population=population))
    if model is not None:
        if model.sem_df <= 0:
            raise SpecError(
                f"--model: the structural model has df = {model.sem_df}; the RMSEA methods "
                "need df > 0 (add items per construct or drop paths)"
            )
        for test in ("close", "not_close", "exact"):
            methods.append(rmsea_sample_size(model.sem_df, test, power=power, alpha=alpha, n=n))
        methods.append(pls_inverse_sqrt(min_path, alpha=alpha, power=power))
        if model.max_arrows >= 1:
            methods.append(pls_ten_times(model.max_arrows))
        else:
            notes.append("the 10-times rule was skipped: the model has no structural paths")
        small = [m for m in methods if m.method.startswith("rmsea_") and m.n <= model.n_items]
        if small:
            notes.append(
                f"the RMSEA tests need only {min(m.n for m in small)}-"
                f"{max(m.n for m in small)} respondents at df = {model.sem_df}, but an ML fit "
                f"needs more respondents than its {model.n_items} items (a non-singular "
                "covariance matrix); do not plan on the RMSEA minimum alone"
            )
        for m in methods:
            if m.power is not None and m.power < power:
                notes.append(
                    f"{m.label}: power at N = {n} is {m.power:.3f}, below the target {power:g}"
                )
    if response_rate is not None:
        methods = [with_response_rate(m, response_rate) for m in methods]
    best = max(methods, key=lambda m: m.n)
    rationale = (
        f"{best.n} respondents satisfy every method shown; the largest requirement is "
        f"{best.label}"
        + (f" ({best.invitations} invitations at a {response_rate:.0%} response rate)"
           if best.invitations is not None and response_rate is not None else "")
        + "."
    )
    return SamplePlan(
        methods=tuple(methods), recommended=best, rationale=rationale, model=model,
        warnings=tuple(notes),
    )
