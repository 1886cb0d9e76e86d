"""Fixed, freed and equality-constrained parameters (``fit_cfa(constraints=...)``) against lavaan
fits with the same modifiers and shared labels (tests/reference/method_bias_reference.R)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.ml import MLProblem
from cemsurvey.psychometrics.sem.model import Constraints, SEMModel
from tests.conftest import REFERENCE, assert_parameters_match_lavaan, lavaan_close

HS = pd.read_csv(REFERENCE / "data" / "holzinger_swineford.csv")
REF = json.loads((REFERENCE / "method_bias" / "hs.json").read_text())
ST = LatentStructure(
    observed=tuple(f"x{i}" for i in range(1, 10)), latents=("visual", "speed", "textual"),
    indicators={"visual": ("x1", "x2", "x3"), "speed": ("x7", "x8", "x9"),
                "textual": ("x4", "x5", "x6")},
    latent_covariances=(("visual", "speed"), ("visual", "textual"), ("speed", "textual")))
EQUAL = Constraints(equal=(("textual =~ x5", "textual =~ x6"), ("x7 ~~ x7", "x8 ~~ x8")))


def pairs(block: dict) -> list:
    return list(zip(block["estimates"], block["standardized"]))


def test_equality_constraints_match_lavaan_labels() -> None:
    """``textual =~ x4 + b*x5 + b*x6``, ``x7 ~~ e*x7``, ``x8 ~~ e*x8``: every estimate, SE,
    std.all (and its SE) and fit index within 1e-4 relative of lavaan 0.6.14."""
    r = fit_cfa(HS, ST, constraints=EQUAL)
    ref = REF["equality"]
    assert r.converged and r.fit.df == ref["fit"]["df"] == 26
    for ours, theirs in [("chi2", "chisq"), ("cfi", "cfi"), ("tli", "tli"), ("rmsea", "rmsea"),
                         ("srmr", "srmr"), ("loglik", "logl"), ("aic", "aic"), ("bic", "bic")]:
        assert getattr(r.fit, ours) == pytest.approx(ref["fit"][theirs], rel=1e-4), ours
    assert_parameters_match_lavaan(r.parameters, pairs(ref["parameters"]))


def test_equal_rows_share_one_estimate_and_gradient_sums() -> None:
    """Identity: the gradient of a shared parameter is the sum of its rows' derivatives
    (finite differences), and the information is K' I K."""
    model = SEMModel(ST).constrained(EQUAL)
    base = SEMModel(ST)
    assert model.q == base.q - 2
    s = np.cov(HS[list(ST.observed)].to_numpy(), rowvar=False, bias=True)
    prob = MLProblem(model, s, len(HS))
    r = fit_cfa(HS, ST, constraints=EQUAL)
    theta = r.theta + 0.01
    g = prob.gradient(theta)
    h = 1e-6
    fd = np.array([(prob.objective(theta + h * e) - prob.objective(theta - h * e)) / (2 * h)
                   for e in np.eye(model.q)])
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-8)
    est = r.parameters.set_index(["lhs", "op", "rhs"])["est"]
    assert est[("textual", "=~", "x5")] == est[("textual", "=~", "x6")]


def test_fixed_and_freed_parameters() -> None:
    """Fixing a factor correlation under variance identification (semTools'
    discriminantValidity model) gives lavaan's constrained chi-square."""
    d = REF["discriminant"]["cut90"][0]
    assert (d["lhs"], d["rhs"]) == ("visual", "textual")
    r = fit_cfa(HS, ST, identification="variance",
                constraints=Constraints(fixed={"visual ~~ textual": 0.9}))
    assert r.fit.df == d["df"]
    assert lavaan_close(r.fit.chi2, d["chisq"], 0.0)
    row = r.parameters.set_index(["lhs", "op", "rhs"]).loc[("visual", "~~", "textual")]
    assert row.est == 0.9 and not row.free and np.isnan(row.se)


def test_unknown_label_and_robust_estimator_raise() -> None:
    with pytest.raises(EstimationError, match="no parameter 'visual =~ x9'"):
        SEMModel(ST).constrained(Constraints(fixed={"visual =~ x9": 0.0}))
    with pytest.raises(EstimationError, match="names a fixed parameter"):
        SEMModel(ST).constrained(Constraints(equal=(("visual =~ x1", "visual =~ x2"),)))
    with pytest.raises(EstimationError, match="ML with complete cases"):
        fit_cfa(HS, ST, constraints=EQUAL, estimator="mlr")
