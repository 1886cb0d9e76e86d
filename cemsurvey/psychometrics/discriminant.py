"""Discriminant validity with inference: CFA factor correlations (Rönkkö & Cho 2022) and
bootstrap intervals of HTMT/HTMT2 (Franke & Sarstedt 2019).

**CFA** (``discriminant_validity``), as ``semTools::discriminantValidity`` computes it: the
CFA is fitted with latent variances fixed to 1 (``std.lv = TRUE``), so every latent
covariance is a correlation ``phi``. For each pair of factors:

* ``phi`` with its Wald interval ``phi +- z_(1+level)/2 SE`` (lavaan ``parameterEstimates(ci =
  TRUE)``; CI_CFA(sys) in the paper);
* the chi-square difference test ``chi2(cut)`` of the model with ``phi`` fixed to the
  cut-off (``+-cutoff`` with the sign of ``phi``; to ``phi`` itself when ``|phi|`` is already
  above it, so the difference is 0) against the free model, ``df = 1``.

Each pair is classified by the upper limit ``UL`` of the interval of ``|phi|`` (Rönkkö &
Cho 2022, Table 12): ``UL < .80`` no problem, ``.80 <= UL < .90`` marginal, ``.90 <= UL < 1``
moderate, ``UL >= 1`` severe. The test verdict: the correlation is significantly below the
cut-off when ``|phi| < cutoff`` and ``p < alpha``.

**HTMT** (``htmt_inference``): percentile bootstrap intervals of HTMT and HTMT2 from
:func:`cemsurvey.psychometrics.validity.htmt_bootstrap` (respondents resampled with
replacement; the same seed gives the same interval); discriminant validity is supported
when the interval's **upper bound** is below the cut-off (.85 strict, .90 liberal;
Franke & Sarstedt 2019). HTMT needs only item correlations, so it applies to CB-SEM and
PLS data alike.

Verified against semTools 0.5-6 ``discriminantValidity(fit, cutoff = .90)`` and ``.85``
(estimates, CI limits, constrained chi-square, its df and the difference test) on
Holzinger-Swineford and bfi at 1e-4 relative (tests/reference/method_bias_reference.R);
the HTMT intervals against a direct resampling loop of the definition.

References
----------
Rönkkö, M., & Cho, E. (2022). An updated guideline for assessing discriminant validity.
*Organizational Research Methods* 25(1), 6-47.
Franke, G., & Sarstedt, M. (2019). Heuristics versus statistics in discriminant validity
testing. *Internet Research* 29(3), 430-447.
Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). *J. Acad. Marketing Science* 43(1), 115-135.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import ConvergenceWarning, EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.method_bias._models import resolve
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.model import Constraints
from cemsurvey.psychometrics.sem.results import CFAResult
from cemsurvey.psychometrics.validity import HTMTBootstrap, htmt_bootstrap, htmt_matrix
from cemsurvey.stats.distributions import chi2_sf, norm_ppf

__all__ = ["DiscriminantValidity", "HTMTInference", "classify_upper", "discriminant_validity",
           "htmt_inference", "htmt_verdicts"]

#: Rönkkö & Cho (2022) classes by the upper confidence limit of |phi|
CLASSES = ((1.0, "severe"), (0.90, "moderate"), (0.80, "marginal"))


def classify_upper(ul: float) -> str:
    """Rönkkö & Cho (2022) class of an upper limit: severe / moderate / marginal / no problem.

    >>> [classify_upper(u) for u in (0.7, 0.85, 0.95, 1.02)]
    ['no problem', 'marginal', 'moderate', 'severe']
    """
    for bound, name in CLASSES:
        if ul >= bound:
            return name
    return "no problem"


@dataclass(frozen=True)
class DiscriminantValidity:
    """Factor correlations with intervals and chi2(cut) tests.

    Attributes
    ----------
    pairs
        DataFrame, one row per factor pair: ``lhs, rhs, est, se, ci_lower, ci_upper,
        upper`` (upper limit of |phi|), ``cut`` (the value the correlation was fixed to),
        ``chi2, df`` (constrained model), ``chi2_diff, df_diff, p``, ``below_cutoff``
        (``|est| < cutoff`` and ``p < alpha``; without the tests: ``upper < cutoff``) and
        ``class`` (Rönkkö & Cho).
    cutoff, level, alpha
        The cut-off (.90; .85 strict), the interval's confidence level and the test's alpha.
    chi2_tests
        Whether the chi2(cut) tests were run.
    fit
        The CFA with latent variances 1.
    warnings
        Warnings of the fits.
    """

    pairs: pd.DataFrame
    cutoff: float
    level: float
    alpha: float
    chi2_tests: bool
    fit: CFAResult = field(repr=False)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{cutoff, level, alpha, chi2_tests, pairs [{lhs, rhs, est, se, ci_lower, ci_upper, upper, cut,
        chi2, df, chi2_diff, df_diff, p, below_cutoff, class}], source, warnings}``."""
        def val(v: Any) -> Any:
            if isinstance(v, (bool, np.bool_)):
                return bool(v)
            if isinstance(v, (int, np.integer)):
                return int(v)
            if isinstance(v, (float, np.floating)):
                return None if np.isnan(v) else float(v)
            return v
        return {"cutoff": self.cutoff, "level": self.level, "alpha": self.alpha,
                "chi2_tests": self.chi2_tests,
                "pairs": [{k: val(v) for k, v in r.items()} for r in self.pairs.to_dict("records")],
                "source": "Rönkkö & Cho (2022); semTools::discriminantValidity",
                "warnings": list(self.warnings)}


def _factor_pairs(fit: CFAResult) -> pd.DataFrame:
    p = fit.parameters
    lat = set(fit.factor_correlations.index)
    return p[(p["op"] == "~~") & (p["lhs"] != p["rhs"]) & p["lhs"].isin(lat) & p["rhs"].isin(lat)
             & p["free"]]


def discriminant_validity(data: pd.DataFrame, model: Instrument | LatentStructure, *,
                          cutoff: float = 0.90, level: float = 0.95, alpha: float = 0.05,
                          model_level: str = "first", chi2_tests: bool = True
                          ) -> DiscriminantValidity:
    """Every factor correlation with its CI and the chi2(cut) test (ML, complete cases).

    Parameters
    ----------
    data
        Item codes (reverse-keyed items recoded when ``model`` is an Instrument).
    model
        Instrument (its ``model_level`` structure) or LatentStructure.
    cutoff
        Correlation the constrained models fix (.90; .85 for the strict rule).
    level
        Confidence level of the intervals (.95).
    alpha
        Level of the chi2(cut) test (.05).
    chi2_tests
        Fit one constrained CFA per pair for the chi2(cut) test (the cost: about one CFA
        per pair, 378 pairs for 28 constructs). Without them ``below_cutoff`` is the
        interval's verdict, upper limit below ``cutoff`` (CI_CFA(cut), Rönkkö & Cho 2022),
        and the test columns are NaN.
    """
    if not 0 < cutoff <= 1:
        raise EstimationError(f"the discriminant-validity cut-off must be in (0, 1], got {cutoff}")
    if not 0 < level < 1:
        raise EstimationError(f"the confidence level must be in (0, 1), got {level}")
    x, st = resolve(data, model, model_level)
    fit = fit_cfa(x, st, identification="variance", modindices=False)
    rows = _factor_pairs(fit)
    if rows.empty:
        raise EstimationError("discriminant validity needs two or more correlated factors; the "
                              "model has none")
    z = float(norm_ppf((1 + level) / 2))
    out, issues = [], list(fit.warnings)
    for _, r in rows.iterrows():
        est, se = float(r["est"]), float(r["se"])
        cut = est if abs(est) > cutoff else float(np.copysign(cutoff, est))
        lo, hi = est - z * se, est + z * se
        ul = max(abs(lo), abs(hi))
        test = _cut_test(x, st, fit, r["lhs"], r["rhs"], cut, issues) if chi2_tests else None
        nan = float("nan")
        chi2, df, d, ddf, p = test if test is not None else (nan, nan, nan, nan, nan)
        below = (abs(est) < cutoff and p < alpha) if test is not None else ul < cutoff
        out.append({"lhs": r["lhs"], "rhs": r["rhs"], "est": est, "se": se, "ci_lower": lo,
                    "ci_upper": hi, "upper": ul, "cut": cut, "chi2": chi2, "df": df,
                    "chi2_diff": d, "df_diff": ddf, "p": p, "below_cutoff": bool(below),
                    "class": classify_upper(ul)})
    return DiscriminantValidity(pd.DataFrame(out), cutoff, level, alpha, chi2_tests, fit,
                                tuple(dict.fromkeys(issues)))


def _cut_test(x: pd.DataFrame, st: LatentStructure, fit: CFAResult, a: str, b: str, cut: float,
              issues: list[str]) -> tuple[float, float, float, float, float] | None:
    """chi2, df of the model fixing phi(a, b) at ``cut`` and its difference test, or None."""
    try:
        with warnings.catch_warnings():  # a correlation forced to the cut-off may leave the
            warnings.simplefilter("ignore")  # latent matrix improper: expected, not reported
            con = fit_cfa(x, st, identification="variance", modindices=False,
                          constraints=Constraints(fixed={f"{a} ~~ {b}": cut}))
    except EstimationError as exc:
        con = None
        reason = str(exc)
    if con is None or not con.converged:
        msg = (f"the model fixing the correlation {a}-{b} at {cut:.3g} "
               + ("did not converge; its chi2(cut) test is unreliable" if con is not None else
                  f"could not be fitted ({reason}); no chi2(cut) test for this pair"))
        issues.append(msg)
        warnings.warn(ConvergenceWarning(msg), stacklevel=3)
        if con is None:
            return None
    d, ddf = con.fit.chi2 - fit.fit.chi2, con.fit.df - fit.fit.df
    return con.fit.chi2, con.fit.df, d, ddf, float(chi2_sf(max(d, 0.0), ddf))


@dataclass(frozen=True)
class HTMTInference:
    """HTMT and HTMT2 with percentile bootstrap intervals and upper-bound verdicts.

    Attributes
    ----------
    pairs
        DataFrame, one row per construct pair: ``lhs, rhs, htmt, htmt_lower, htmt_upper,
        htmt2, htmt2_lower, htmt2_upper, supported`` (HTMT upper bound below ``cutoff``),
        ``supported2`` (same for HTMT2).
    cutoff, level, n_boot, n_failed, seed
        Cut-off (.85 strict / .90 liberal), confidence level, replicates (failed ones left
        out) and seed.
    """

    pairs: pd.DataFrame
    cutoff: float
    level: float
    n_boot: int
    n_failed: int
    seed: int | None

    def to_dict(self) -> dict[str, Any]:
        """``{cutoff, level, n_boot, n_failed, seed, pairs [...], source}``."""
        recs = [{k: (v if isinstance(v, str) else bool(v) if isinstance(v, (bool, np.bool_))
                     else float(v)) for k, v in r.items()} for r in self.pairs.to_dict("records")]
        return {"cutoff": self.cutoff, "level": self.level, "n_boot": self.n_boot,
                "n_failed": self.n_failed, "seed": self.seed, "pairs": recs,
                "source": "Henseler et al. (2015); Franke & Sarstedt (2019)"}


def htmt_inference(data: pd.DataFrame, blocks: Mapping[str, Sequence[str]], n_boot: int, *,
                   seed: int | None = None, level: float = 0.95, cutoff: float = 0.90,
                   absolute: bool = True) -> HTMTInference:
    """HTMT/HTMT2 with percentile bootstrap intervals; verdicts from the upper bounds.

    Parameters
    ----------
    data
        Complete, reverse-keyed item codes (respondents x items).
    blocks
        Construct -> its items (two or more each).
    n_boot, seed, level
        Bootstrap replicates, seed of ``numpy.random.default_rng`` and confidence level.
    cutoff
        .90 (liberal) or .85 (strict).
    absolute
        HTMT from absolute item correlations (semTools ``absolute = TRUE``).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(300, 2))
    >>> d = pd.DataFrame(np.repeat(f, 3, axis=1) + rng.normal(size=(300, 6)), columns=list("abcdef"))
    >>> h = htmt_inference(d, {"X": list("abc"), "Y": list("def")}, 200, seed=4)
    >>> bool(h.pairs.loc[0, "supported"])
    True
    """
    items = [i for ids in blocks.values() for i in ids]
    x = data[items].apply(pd.to_numeric, errors="coerce").dropna()
    corr = x.corr()
    h1 = htmt_matrix(corr, blocks, absolute=absolute)
    h2 = htmt_matrix(corr, blocks, geometric=True)
    b = htmt_bootstrap(x, blocks, n_boot, seed=seed, level=level, absolute=absolute)
    return htmt_verdicts(h1, h2, b, cutoff)


def htmt_verdicts(htmt: pd.DataFrame, htmt2: pd.DataFrame, boot: HTMTBootstrap,
                  cutoff: float = 0.90) -> HTMTInference:
    """Upper-bound verdicts from HTMT/HTMT2 matrices and an existing bootstrap (e.g. the
    ``htmt``, ``htmt2`` and ``bootstrap`` of a :class:`~.validity.ValidityResult`), without
    resampling again. Pairs whose interval is missing (single-item constructs) are left out."""
    h1, h2, b = htmt, htmt2, boot
    names = [c for c in h1.index if c in b.htmt_upper.index]
    rows = []
    for i, a in enumerate(names):
        for c in names[i + 1:]:
            rows.append({"lhs": a, "rhs": c, "htmt": h1.loc[a, c],
                         "htmt_lower": b.htmt_lower.loc[a, c], "htmt_upper": b.htmt_upper.loc[a, c],
                         "htmt2": h2.loc[a, c], "htmt2_lower": b.htmt2_lower.loc[a, c],
                         "htmt2_upper": b.htmt2_upper.loc[a, c]})
    df = pd.DataFrame(rows).dropna(subset=["htmt_upper"]).reset_index(drop=True)
    df["supported"] = df["htmt_upper"] < cutoff
    df["supported2"] = df["htmt2_upper"] < cutoff
    return HTMTInference(df, cutoff, b.level, b.n_boot, b.n_failed, b.seed)
