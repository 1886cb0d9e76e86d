"""Options of an analysis run (what ``cemsurvey analyze`` passes to :func:`run_analysis`).

Light on purpose: the command line builds its choice lists from the tuples here at start-up,
so this module imports no engine (no numpy, pandas or scipy). The engines check their own
arguments against their own tuples (``pls_engine.SCHEMES``, ``pls.HIGHER_ORDER``,
``pls.CI_METHODS``, ``structural.CI_METHODS``, ``efa.EXTRACTIONS``);
tests/analysis/test_options_choices.py keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from cemsurvey.errors import EstimationError
from cemsurvey.results import ALL_STEPS

Method = Literal["cb-sem", "pls", "plsc"]
Missing = Literal["auto", "listwise", "pairwise", "fiml", "em"]
Estimator = Literal["ml", "mlr", "wlsmv"]

#: Structural estimators: CB-SEM, PLS-SEM and consistent PLS (PLSc, Dijkstra & Henseler 2015).
METHODS: tuple[str, ...] = ("cb-sem", "pls", "plsc")
#: The methods estimated by PLS path modeling (PLSc is PLS with corrected estimates: every
#: PLS option and step applies to it).
PLS_METHODS: tuple[str, ...] = ("pls", "plsc")
#: Interaction terms ``x:m`` in PLS-SEM (``pls.APPROACHES``): two-stage (SmartPLS 4's
#: default) or product indicators.
INTERACTIONS: tuple[str, ...] = ("two-stage", "product-indicator")
#: PLSpredict prediction of endogenous indicators (``pls.predict.TECHNIQUES``): earliest
#: (EA) or direct (DA) antecedents.
PREDICT_TECHNIQUES: tuple[str, ...] = ("EA", "DA")
#: Estimators of CFA and CB-SEM (issue 9).
ESTIMATORS: tuple[str, ...] = ("ml", "mlr", "wlsmv")
#: Missing-data policies. ``auto`` (the default) chooses per step, as the
#: reference software does (docs/missing-data.md):
#:
#: - CFA and CB-SEM: FIML with ML or MLR (lavaan ``missing = "ml"``; MLR is lavaan's robust
#:   FIML); WLSMV uses pairwise polychorics (lavaan ``missing = "pairwise"``);
#: - reliability, EFA, descriptives: pairwise-complete correlations (psych's default);
#: - PLS-SEM: mean replacement (SmartPLS's and seminr's default); ``em`` fills the gaps
#:   with EM conditional means instead;
#: - data without gaps: every policy is the complete-data analysis.
#:
#: ``fiml`` and ``em`` also use pairwise correlations for the item analyses; ``listwise``
#: drops every respondent with a missing item answer in every step.
MISSING_POLICIES: tuple[str, ...] = ("auto", "listwise", "pairwise", "fiml", "em")
#: What ``auto`` does per step (the texts the reports show).
AUTO_POLICY: dict[str, str] = {
    "descriptives": "available answers per item",
    "reliability": "pairwise-complete correlations",
    "efa": "pairwise-complete correlations",
    "cfa": "FIML (full-information maximum likelihood); pairwise polychorics with WLSMV",
    "structural": "FIML (CB-SEM; pairwise polychorics with WLSMV); mean replacement (PLS-SEM)",
    "invariance": "FIML within each group (multi-group CFA with ML or MLR)",
}
#: EFA extraction methods (``efa.EXTRACTIONS``).
EXTRACTIONS: tuple[str, ...] = ("minres", "ml", "pa")
#: PLS-SEM inner weighting schemes (``pls_engine.SCHEMES``) and higher-order approaches
#: (``pls.HIGHER_ORDER``), as ``fit_pls`` takes them.
PLS_SCHEMES: tuple[str, ...] = ("path", "centroid", "factorial")
HIGHER_ORDER: tuple[str, ...] = ("repeated", "two-stage", "disjoint")
#: Bootstrap intervals of the structural paths per method (``structural.CI_METHODS``,
#: ``pls.CI_METHODS``): bc is CB-SEM's, bca PLS-SEM's.
CBSEM_CI: tuple[str, ...] = ("percentile", "bc")
PLS_CI: tuple[str, ...] = ("percentile", "bca")
#: EFA rotations (``efa.ROTATIONS``) and ``none`` (the unrotated solution).
ROTATION_CHOICES: tuple[str, ...] = ("oblimin", "promax", "varimax", "geomin", "none")
#: Most bootstrap resamples accepted: every resample refits the model and its estimates are
#: kept for the intervals, so 10^12 resamples would need terabytes and years; 5,000 (PLS)
#: to 10,000 resamples already give percentile intervals stable to the third decimal.
MAX_BOOTSTRAP = 100_000
CI_METHODS: tuple[str, ...] = tuple(dict.fromkeys(CBSEM_CI + PLS_CI))


def parse_steps(text: str | None) -> tuple[str, ...]:
    """Steps named in a comma-separated list, in pipeline order (``import`` always included).

    >>> parse_steps("efa, reliability")
    ('import', 'reliability', 'efa')
    >>> parse_steps(None) == ALL_STEPS
    True
    >>> parse_steps("reliabilty")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cemsurvey.errors.EstimationError: unknown step 'reliabilty'; choose from import, missing, ...
    """
    if text is None or text.strip().lower() == "all":
        return ALL_STEPS
    wanted = [s.strip().lower() for s in text.split(",") if s.strip()]
    if not wanted:
        raise EstimationError(f"the step list names no step; choose from {', '.join(ALL_STEPS)} "
                              "(or all)")
    for s in wanted:
        if s not in ALL_STEPS:
            raise EstimationError(
                f"unknown step '{s}'; choose from {', '.join(ALL_STEPS)}"
            )
    chosen = set(wanted) | {"import"}
    return tuple(s for s in ALL_STEPS if s in chosen)


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything that changes what the analysis computes.

    Attributes
    ----------
    steps
        Steps to run (see :data:`ALL_STEPS`); ``import`` is always run.
    method
        Structural estimator: ``"cb-sem"`` (covariance-based ML, lavaan's ``sem()``) or
        ``"pls"`` (PLS-SEM) or ``"plsc"`` (consistent PLS; it behaves as ``"pls"`` for every
        option and step, see :attr:`is_pls`).
    bootstrap
        Resamples for bootstrap confidence intervals (alpha, HTMT, structural paths);
        ``None`` keeps each module's default (PLS: 5,000; the others: analytic, 0).
    seed
        Seed of every random generator (bootstrap, parallel analysis).
    by
        Background question (single choice) whose groups are compared.
    nonparametric
        Mann-Whitney / Kruskal-Wallis instead of Welch tests in group comparisons.
    factors, extraction, rotation, parallel_iter
        EFA options (``None`` factors: as many as the model has constructs).
    source, mapping
        The export's platform (detected when ``None``) and a file of ``column header: item
        id`` for headers not recognised (:func:`cemsurvey.responses.import_responses`).
    invalid
        An answer that maps to no code (a stray label, an out-of-range number): ``"error"``
        stops the import with the row, column and value; ``"missing"`` sets it missing and
        counts it (:func:`cemsurvey.responses.import_responses`).
    drop
        Exclude the respondents the import's screening flags (default: kept, with a warning).
    missing
        ``"listwise"`` or ``"pairwise"`` deletion, or ``"fiml"`` (full-information ML in
        CFA/CB-SEM; reliability, EFA and HTMT then use pairwise deletion).
    estimator
        CFA/CB-SEM estimator ``"ml"``, ``"mlr"`` or ``"wlsmv"``; ``None``: the instrument's
        ``estimator:`` if set, else ``"ml"`` (:meth:`estimator_for`).
    alpha, tails
        Significance level and tails of the hypothesis tests.
    pls_scheme, higher_order
        PLS-SEM inner weighting scheme (``"path"``, as SmartPLS's default; ``"centroid"``,
        ``"factorial"``) and higher-order approach (``"repeated"`` indicators,
        ``"two-stage"`` embedded, ``"disjoint"`` two-stage); see
        :func:`cemsurvey.psychometrics.pls.fit_pls`.
    interaction
        PLS-SEM interaction terms ``x:m``: ``"two-stage"`` (default) or
        ``"product-indicator"``.
    predict_folds, predict_repetitions, predict_technique
        PLSpredict (the ``predict`` step): k folds, repetitions, ``"EA"`` or ``"DA"``.
    ipma_target
        Target construct of the ``ipma`` step (``None``: the last outcome of the model).
    compare_model
        Path of a competing instrument YAML (the same items, other paths): the ``compare``
        step fits it by PLS on the same data and compares the two models by BIC and
        Geweke-Meese for the ``ipma`` target (Sharma et al. 2019).
    ci
        Bootstrap interval of the structural paths: ``"percentile"`` (default), ``"bc"``
        (bias-corrected; CB-SEM) or ``"bca"`` (bias-corrected and accelerated; PLS-SEM).
    lang
        Language of labels (option labels in the profile, names in reports).
    discriminant_cutoff
        Cut-off of discriminant validity with inference: the factor correlation fixed in
        the chi2(cut) tests and compared with the CI's upper limit, and the bound of the
        HTMT intervals (.90 by default; .85 for the strict rule; Rönkkö & Cho 2022).
    blas_threads
        BLAS threads while the analysis runs (``threadpoolctl``); default 1: survey-sized
        matrices (<= a few hundred items) are too small for threading to pay, and on busy
        cores BLAS threads spin (reliability of 112 items: 0.2 s single-threaded against
        2-4 s with two threads on a loaded two-core machine). ``None`` leaves BLAS alone.
    """

    steps: tuple[str, ...] = ALL_STEPS
    method: Method = "cb-sem"
    bootstrap: int | None = None
    seed: int | None = None
    by: str | None = None
    nonparametric: bool = False
    factors: int | None = None
    extraction: str = "minres"
    rotation: str = "oblimin"
    parallel_iter: int = 100
    missing: Missing = "auto"
    source: str | None = None
    mapping: str | None = None
    invalid: str = "error"
    drop: bool = False
    alpha: float = 0.05
    tails: int = 2
    lang: str | None = None
    estimator: Estimator | None = None
    pls_scheme: str = "path"
    higher_order: str = "repeated"
    ci: str = "percentile"
    interaction: str = "two-stage"
    predict_folds: int = 10
    predict_repetitions: int = 10
    predict_technique: str = "EA"
    ipma_target: str | None = None
    compare_model: str | None = None
    blas_threads: int | None = 1
    discriminant_cutoff: float = 0.90
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise EstimationError(f"unknown method '{self.method}'; use cb-sem, pls or plsc")
        if self.invalid not in ("error", "missing"):
            raise EstimationError(f"unknown handling of invalid answers '{self.invalid}'; "
                                  f"use error or missing")
        if self.missing not in MISSING_POLICIES:
            raise EstimationError(f"unknown missing-data policy '{self.missing}'; "
                                  f"use {', '.join(MISSING_POLICIES)}")
        if self.estimator is not None and self.estimator not in ESTIMATORS:
            raise EstimationError(f"unknown estimator '{self.estimator}'; "
                                  f"use {', '.join(ESTIMATORS)}")
        for name, value, allowed in (("PLS scheme", self.pls_scheme, PLS_SCHEMES),
                                     ("higher-order approach", self.higher_order, HIGHER_ORDER),
                                     ("interval", self.ci, CI_METHODS),
                                     ("interaction approach", self.interaction, INTERACTIONS),
                                     ("prediction technique", self.predict_technique,
                                      PREDICT_TECHNIQUES)):
            if value not in allowed:
                raise EstimationError(f"unknown {name} '{value}'; use {', '.join(allowed)}")
        if self.predict_folds < 2 or self.predict_repetitions < 1:
            raise EstimationError(f"PLSpredict needs at least 2 folds and 1 repetition, got "
                                  f"{self.predict_folds} folds and {self.predict_repetitions} "
                                  "repetitions")
        offered = PLS_CI if self.is_pls else CBSEM_CI
        if self.ci not in offered:
            raise EstimationError(f"the {self.ci} interval is not one of {self.method}; it "
                                  f"offers {' or '.join(offered)}")
        if self.bootstrap is not None and self.bootstrap < 0:
            raise EstimationError(f"bootstrap must be 0 or more resamples, got "
                                  f"{self.bootstrap}")
        if self.bootstrap is not None and self.bootstrap > MAX_BOOTSTRAP:
            raise EstimationError(
                f"bootstrap {self.bootstrap:,} is above the limit of {MAX_BOOTSTRAP:,} "
                "resamples (each one refits the model and is kept in memory); 5,000 to 10,000 "
                "give stable intervals")
        if self.seed is not None and self.seed < 0:
            raise EstimationError(f"seed must be 0 or more, got {self.seed}")
        if self.rotation not in ROTATION_CHOICES:
            raise EstimationError(f"unknown rotation {self.rotation!r}; use "
                                  f"{', '.join(ROTATION_CHOICES)}")
        if self.extraction not in EXTRACTIONS:
            raise EstimationError(f"unknown extraction {self.extraction!r}; use "
                                  f"{', '.join(EXTRACTIONS)}")
        if self.blas_threads is not None and self.blas_threads < 1:
            raise EstimationError(f"blas_threads must be 1 or more (or None), got "
                                  f"{self.blas_threads}")
        if not 0.0 < self.discriminant_cutoff <= 1.0:
            raise EstimationError(f"the discriminant-validity cut-off must be above 0 and at "
                                  f"most 1 (.90, or .85 for the strict rule), got "
                                  f"{self.discriminant_cutoff}")
        if self.factors is not None and self.factors < 1:
            raise EstimationError(f"factors must be 1 or more, got {self.factors}")
        unknown = [s for s in self.steps if s not in ALL_STEPS]
        if unknown:
            raise EstimationError(f"unknown step '{unknown[0]}'; choose from {', '.join(ALL_STEPS)}")

    @property
    def is_pls(self) -> bool:
        """PLS path modeling (``pls`` or ``plsc``): the PLS options and steps apply.

        >>> AnalysisOptions(method="plsc").is_pls, AnalysisOptions().is_pls
        (True, False)
        """
        return self.method in PLS_METHODS

    def estimator_for(self, ins: object | None = None) -> str:
        """The estimator to use: the option, else the instrument's ``estimator:``, else ml.

        >>> AnalysisOptions().estimator_for(None)
        'ml'
        >>> from types import SimpleNamespace
        >>> AnalysisOptions().estimator_for(SimpleNamespace(estimator="mlr"))
        'mlr'
        >>> AnalysisOptions(estimator="wlsmv").estimator_for(SimpleNamespace(estimator="mlr"))
        'wlsmv'
        """
        if self.estimator is not None:
            return self.estimator
        return getattr(ins, "estimator", None) or "ml"

    @property
    def item_missing(self) -> str:
        """Policy of the item-level analyses (reliability, EFA): pairwise unless listwise.

        >>> AnalysisOptions(missing="fiml").item_missing, AnalysisOptions().item_missing
        ('pairwise', 'pairwise')
        >>> AnalysisOptions(missing="listwise").item_missing
        'listwise'
        """
        return "listwise" if self.missing == "listwise" else "pairwise"

    def with_steps(self, steps: tuple[str, ...]) -> AnalysisOptions:
        """A copy running ``steps``."""
        return replace(self, steps=steps)

    def to_dict(self) -> dict[str, object]:
        return {"steps": list(self.steps), "method": self.method, "bootstrap": self.bootstrap,
                "seed": self.seed, "by": self.by, "nonparametric": self.nonparametric,
                "factors": self.factors, "extraction": self.extraction,
                "rotation": self.rotation, "parallel_iter": self.parallel_iter,
                "missing": self.missing, "source": self.source, "mapping": self.mapping,
                "invalid": self.invalid, "drop": self.drop, "estimator": self.estimator,
                "alpha": self.alpha,
                "tails": self.tails, "lang": self.lang, "pls_scheme": self.pls_scheme,
                "higher_order": self.higher_order, "ci": self.ci,
                "discriminant_cutoff": self.discriminant_cutoff,
                "interaction": self.interaction, "predict_folds": self.predict_folds,
                "predict_repetitions": self.predict_repetitions,
                "predict_technique": self.predict_technique, "ipma_target": self.ipma_target,
                "compare_model": self.compare_model}
