"""Multi-group CFA and measurement invariance against lavaan 0.6.

References: tests/reference/invariance_reference.R (``cfa(group =, group.equal =)``,
``fitMeasures``, ``parameterEstimates``, ``lavTestLRT``, ``lavTestScore``) on
HolzingerSwineford1939 by school and psychTools::bfi by gender (complete cases).
Tolerance: 1e-4 relative (absolute 1e-6 near zero) for every fit index, estimate and SE;
score tests 5e-4 relative (absolute 1e-4), since they amplify
lavaan's own convergence error (HS within 1e-5).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.invariance import LEVELS
from cemsurvey.psychometrics.sem.multigroup_fit import fit_multigroup, group_moments

from ._helpers import (
    CASES,
    assert_lrt_matches,
    assert_score_tests_match,
    close,
    load_case,
    merged_estimates,
    structure,
)

REF = Path(__file__).parents[1] / "reference"
FIT_MAP = {"chisq": "chisq", "df": "df", "pvalue": "pvalue", "cfi": "cfi", "tli": "tli",
           "rmsea": "rmsea", "rmsea.ci.lower": "rmsea_ci_lower", "rmsea.ci.upper": "rmsea_ci_upper",
           "srmr": "srmr", "aic": "aic", "bic": "bic", "logl": "logl", "npar": "npar",
           "baseline.chisq": "baseline_chisq", "baseline.df": "baseline_df"}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    ref, groups, st = load_case(request.param, request.param.removesuffix("_ml"), group_moments)
    fits = {lv: fit_multigroup(groups, st, equal=eq) for lv, eq in LEVELS}
    return ref, fits


def test_group_sizes(case):
    ref, fits = case
    assert [g.n for g in fits["configural"].problem.groups] == ref["n"]


@pytest.mark.parametrize("level", [lv for lv, _ in LEVELS])
def test_fit_indices_match_lavaan(case, level):
    ref, fits = case
    fit = fits[level]
    assert fit.converged
    bad = {k: (fit.fit[ours], v) for k, v in ref["levels"][level]["fit"].items()
           if (ours := FIT_MAP[k]) and not close(fit.fit[ours], v)}
    assert not bad


@pytest.mark.parametrize("level", [lv for lv, _ in LEVELS])
def test_estimates_and_se_match_lavaan(case, level):
    ref, fits = case
    est = fits[level].estimates
    m = merged_estimates(fits[level], ref["levels"][level], how="left")
    assert m["est_c"].notna().all(), "every lavaan parameter has a counterpart"
    assert len(m) == len(est)
    bad_est = m[[not close(a, b, 1e-4, 1e-5) for a, b in zip(m["est_c"], m["est_r"])]]
    assert bad_est.empty, bad_est
    se_r = m["se_r"].fillna(0.0).to_numpy()
    se_c = np.nan_to_num(m["se_c"].to_numpy(), nan=0.0)
    bad_se = m[[not close(a, b, 1e-4, 1e-6) for a, b in zip(se_c, se_r)]]
    assert bad_se.empty, bad_se


@pytest.mark.parametrize("level", ["metric", "scalar", "strict"])
def test_chi_square_differences_match_lavtestlrt(case, level):
    assert_lrt_matches(*case, level)


@pytest.mark.parametrize("level", ["metric", "scalar", "strict"])
def test_univariate_score_tests_match_lavtestscore(case, level):
    assert_score_tests_match(*case, level)


def test_structural_paths_across_groups_match_lavaan():
    """sem(group.equal = c("loadings", "intercepts")) with two regressions, and each path
    held equal across groups by a shared label: fit, estimates and lavTestLRT per path."""
    from cemsurvey.psychometrics.invariance import _path_tests

    ref = json.loads((REF / "invariance" / "hs_school_paths.json").read_text())
    data = pd.read_csv(REF / "data" / "holzinger_swineford.csv")
    base = structure(CASES["hs_school_ml"][2])
    st = LatentStructure(observed=base.observed, latents=base.latents, indicators=base.indicators,
                         regressions=(("textual", ("visual",)), ("speed", ("visual", "textual"))))
    groups = group_moments(data, st.observed, data["school"], ["Pasteur", "Grant-White"])
    free = fit_multigroup(groups, st, equal=("loadings", "intercepts"))
    assert close(free.fit["chisq"], ref["fit"]["chisq"]) and free.fit["df"] == ref["fit"]["df"]
    r = pd.DataFrame(ref["estimates"])
    r["group"] = [["Pasteur", "Grant-White"][g - 1] for g in r["group"]]
    r["rhs"] = r["rhs"].fillna("")
    m = r.merge(free.estimates, on=["lhs", "op", "rhs", "group"], suffixes=("_r", "_c"))
    assert len(m) == len(free.estimates)
    assert all(close(a, b, 1e-4, 1e-5) for a, b in zip(m["est_c"], m["est_r"]))
    got = _path_tests(groups, st, ("loadings", "intercepts"), set(), "ML").set_index("path")
    for want in ref["paths"]:
        row = got.loc[want["path"]]
        assert close(row["chisq"], want["chisq"]) and row["df"] == want["df"]
