"""Shared helpers of the invariance tests: the lavaan reference cases, the comparison at the
stated tolerances, and the ``analyze --steps invariance`` call with its JSON checked."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import jsonschema
import pandas as pd

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.invariance import LEVELS, compare
from cemsurvey.report.analysis_schema import analysis_json_schema

ROOT = Path(__file__).parents[2]
REF = ROOT / "tests" / "reference"
MODEL_B = ROOT / "instruments" / "customer-engagement-journey.yaml"

CASES = {
    "hs_school_ml": ("holzinger_swineford.csv", "school",
                     {"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"),
                      "speed": ("x7", "x8", "x9")}),
    "bfi_gender_ml": ("bfi.csv", "gender",
                      {f + "f": tuple(f"{f}{i}" for i in range(1, 6)) for f in "ACENO"}),
}


def structure(factors: dict[str, tuple[str, ...]]) -> LatentStructure:
    lat = tuple(factors)
    return LatentStructure(observed=tuple(x for v in factors.values() for x in v), latents=lat,
                           indicators=factors, latent_covariances=tuple(itertools.combinations(lat, 2)))


def load_case(ref_name: str, case: str, moments, csv: str | None = None) -> tuple:
    """The lavaan reference ``ref_name`` (tests/reference/invariance/) and the data of
    ``case`` (``"hs_school"`` or ``"bfi_gender"``; ``csv`` instead of its default file)
    grouped by ``moments`` (``group_moments`` or ``fiml_groups``) in lavaan's group order:
    ``(ref, groups, structure)``."""
    ref = json.loads((REF / "invariance" / f"{ref_name}.json").read_text())
    default_csv, group, factors = CASES[f"{case}_ml"]
    data = pd.read_csv(REF / "data" / (csv or default_csv))
    data[group] = data[group].astype(str)
    st = structure(factors)
    return ref, moments(data, st.observed, data[group], [str(g) for g in ref["group_labels"]]), st


def close(a: float, b: float, rel: float = 1e-4, abs_: float = 1e-6) -> bool:
    return abs(a - b) <= max(rel * abs(b), abs_)


def merged_estimates(fit, ref_level: dict, how: str) -> pd.DataFrame:
    """lavaan's ``parameterEstimates`` of one level (``ref_level["estimates"]``, groups
    numbered from 1) merged with ``fit.estimates`` on ``lhs, op, rhs, group``: columns
    ``est_r, se_r`` (lavaan) and ``est_c, se_c`` (cemsurvey)."""
    r = pd.DataFrame(ref_level["estimates"])
    labels = list(fit.groups)
    r["group"] = [labels[g - 1] for g in r["group"]]
    r["rhs"] = r["rhs"].fillna("")
    return r.merge(fit.estimates, on=["lhs", "op", "rhs", "group"], suffixes=("_r", "_c"),
                   how=how)


def assert_lrt_matches(ref: dict, fits: dict, level: str) -> dict:
    """``compare`` of ``level`` with the level below against ``lavTestLRT``
    (``ref["differences"][level]``): chi-square difference 1e-4 relative (absolute 1e-6),
    df exactly, p 1e-4 relative (absolute 1e-10). Returns our difference row."""
    names = [lv for lv, _ in LEVELS]
    delta, _ = compare(fits[names[names.index(level) - 1]], fits[level], level)
    want = ref["differences"][level]
    assert close(delta["chisq"], want["delta_chisq"])
    assert delta["df"] == want["delta_df"]
    assert close(delta["p"], want["p"], 1e-4, 1e-10)
    return delta


def assert_score_tests_match(ref: dict, fits: dict, level: str) -> None:
    """``fits[level].score_tests()`` against ``lavTestScore``'s univariate tests.

    lavaan names a constraint by its two parameters, "lhs op rhs g k". The statistic is N
    times a quadratic form in the gradient at the optimum, so it inherits each program's
    convergence error: 5e-4 relative (1e-4 absolute).
    """
    ours = fits[level].score_tests()
    labels = list(fits[level].groups)
    want = pd.DataFrame(ref["score_tests"][level]["univariate"])
    assert len(ours) == len(want)

    def key(s: str) -> tuple[str, str]:
        body, g = s.rsplit(" g ", 1)
        return " ".join(body.split()), labels[int(g) - 1]
    want_map = {(key(a)[0], key(b)[1]): x for a, b, x in
                zip(want["lhs_par"], want["rhs_par"], want["X2"])}
    for k, g, x2 in zip(ours["key"], ours["group"], ours["X2"]):
        target = want_map[(k, g)]
        assert close(x2, target, 5e-4, 1e-4), (k, x2, target)


def analyze_invariance(cli, data, model, by: str, *extra: str) -> tuple[dict, str]:
    """``cemsurvey analyze DATA -m MODEL --by BY --steps invariance EXTRA --format json``:
    asserts it succeeds and its JSON is valid against the analysis schema; returns the JSON
    and the standard-error text."""
    code, out, err = cli(["analyze", str(data), "-m", str(model), "--by", by,
                          "--steps", "invariance", *extra, "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    jsonschema.validate(d, analysis_json_schema())
    return d, err
