"""Interaction terms ``y ~ x + m + x:m``: recovery on simulated data, the two-stage
definition, simple slopes, and the refusal under CB-SEM."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import SpecError
from cemsurvey.instrument.checks import check_instrument
from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.sem.structural_result import structural_order
from tests.pls.conftest import make_instrument

BLOCKS = {c: [f"{c}{k}" for k in range(1, 5)] for c in ("X", "M", "Y")}


def simulate(b_int: float, n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Latent X, M (r = .3), Y = .4 X + .3 M + b_int X M + e; four items each (loading .8)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    m = 0.3 * x + np.sqrt(1 - 0.09) * rng.standard_normal(n)
    y = 0.4 * x + 0.3 * m + b_int * x * m
    y = (y + rng.standard_normal(n) * np.sqrt(max(0.3, 1 - y.var()))) / 1.0
    y = (y - y.mean()) / y.std()
    cols = {}
    for name, eta in (("X", x), ("M", m), ("Y", y)):
        for k in range(1, 5):
            cols[f"{name}{k}"] = 0.8 * eta + 0.6 * rng.standard_normal(n)
    return pd.DataFrame(cols)


def ins():
    return make_instrument(BLOCKS, ["Y ~ X + M + X:M"])


def fit(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_pls(data, ins(), bootstrap=500, seed=3, **kw)


@pytest.mark.parametrize("approach", ["two-stage", "product-indicator"])
def test_planted_interaction_found(approach):
    res = fit(simulate(0.35), interaction=approach)
    (eff,) = res.interactions
    assert (eff.term, eff.x, eff.m, eff.y, eff.approach) == ("X:M", "X", "M", "Y", approach)
    # attenuated by measurement error (item loadings .8), but clearly there
    assert eff.p < 0.001 and eff.ci_lower > 0.05 and 0.15 < eff.est < 0.45
    assert eff.f2 > 0.02
    row = res.paths.loc[("X:M", "Y")]
    assert row["est"] == eff.est and row["p"] == eff.p
    h = res.structural.path("X:M", "Y")  # the hypothesis table has the term's row
    assert h.supported and h.hypothesis == "H3"
    slopes = eff.slopes["slope"]
    assert slopes.loc[-1.0] < slopes.loc[0.0] < slopes.loc[1.0]
    assert slopes.loc[0.0] == pytest.approx(res.paths.loc[("X", "Y"), "est"], abs=1e-12)


def test_no_interaction_where_none_planted():
    res = fit(simulate(0.0))
    (eff,) = res.interactions
    assert eff.p > 0.05 and eff.ci_lower < 0 < eff.ci_upper and abs(eff.est) < 0.1
    assert not res.structural.path("X:M", "Y").supported
    assert res.structural.path("X", "Y").supported


def test_two_stage_term_is_product_of_main_effect_scores():
    data = simulate(0.35)
    res = fit(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main = fit_pls(data, make_instrument(BLOCKS, ["Y ~ X + M"]), bootstrap=0)
    prod = main.scores["X"] * main.scores["M"]
    prod = (prod - prod.mean()) / prod.std()
    assert np.allclose(res.scores["X:M"], prod, atol=1e-6)
    d = res.to_dict()["interactions"][0]
    assert d["term"] == "X:M" and [r["moderator_sd"] for r in d["slopes"]] == [-1, 0, 1]


def test_cbsem_refuses_and_checks():
    with pytest.raises(SpecError, match="interaction term 'X:M'.*estimate the model by PLS"):
        structural_order([("Y", ("X", "M", "X:M"))], ["X", "M", "Y"])
    msgs: list[str] = []
    check_instrument(make_instrument(BLOCKS, ["Y ~ X + X:M"]),
                     lambda loc, msg, sev: msgs.append(f"{sev}: {msg}"))
    assert any("error" in m and "needs both main effects" in m for m in msgs)
    msgs.clear()
    check_instrument(make_instrument(BLOCKS, ["Y ~ X + M + X:Q"]),
                     lambda loc, msg, sev: msgs.append(f"{sev}: {msg}"))
    assert any("must join two constructs" in m for m in msgs)
    msgs.clear()
    check_instrument(ins(), lambda loc, msg, sev: msgs.append(f"{sev}: {msg}"))
    assert not [m for m in msgs if m.startswith("error")]


def test_ipma_leaves_out_the_term_and_predict_refuses():
    from cemsurvey.errors import EstimationError
    from cemsurvey.psychometrics.pls.ipma import ipma
    from cemsurvey.psychometrics.pls.predict import predict_pls
    data = simulate(0.35).clip(-3, 3)
    res = fit(data)
    from cemsurvey.instrument.model import Scale
    base = ins()  # the same model on a numeric -3..3 scale, so the rescaling has a range
    ins_ = base.model_validate({**base.model_dump(), "scales": {
        "s": Scale(type="numeric", min=-3, max=3).model_dump()}})
    with pytest.raises(EstimationError, match="interaction terms"):
        predict_pls(data, ins_)
    out = ipma(res, data, ins_)
    assert list(out.table.index) == ["X", "M"] and out.target == "Y"


def test_simulation_skips_the_term():
    from cemsurvey.responses.simulate import simulate_responses
    sim = simulate_responses(ins(), 60, seed=1)
    assert any("X:M" in n for n in sim.warnings)
