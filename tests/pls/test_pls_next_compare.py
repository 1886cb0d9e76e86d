"""Model comparison (BIC against seminr's it_criteria, Geweke-Meese by definition) and
specific indirect effects under consistent PLS."""

from __future__ import annotations

import warnings
from itertools import pairwise

import numpy as np
import pytest

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Construct, Instrument, Item, Scale
from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.pls.compare import compare_models, it_criteria
from tests.pls.test_pls_next_predict import ORDER, ref  # noqa: F401 - fixture

TOL = 1e-6


def ecsi(ref: dict, paths: list, kind: str = "composite") -> Instrument:  # noqa: F811
    blocks = ref["model"]["blocks"]
    cons = [Construct(id=c, name=c, scale="s", measurement=kind,
                      items=[Item(id=i, text=i) for i in blocks[c]]) for c in ORDER]
    return Instrument(title="ECSI", scales={"s": Scale(points=10)}, constructs=cons,
                      paths=[f"{b} ~ {a}" for a, b in paths])


def fit(mobi, ins, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_pls(mobi, ins, tol=1e-12, **kw)


@pytest.fixture(scope="module")
def models(ref, mobi):  # noqa: F811
    base = fit(mobi, ecsi(ref, ref["model"]["paths"]), bootstrap=0)
    alt = fit(mobi, ecsi(ref, ref["it_criteria"]["alternative_paths"]), bootstrap=0)
    return {"base": base, "alternative": alt}


@pytest.mark.parametrize("name", ["base", "alternative"])
def test_aic_bic_match_seminr(models, ref, name):  # noqa: F811
    crit = it_criteria(models[name])
    exp = ref["it_criteria"][name]
    for y in exp["BIC"]:
        assert crit.loc[y, "bic"] == pytest.approx(exp["BIC"][y], abs=TOL), y
        assert crit.loc[y, "aic"] == pytest.approx(exp["AIC"][y], abs=TOL), y


def test_geweke_meese_and_selection(models):
    cmp = compare_models(models, "Loyalty")
    t = cmp.table
    n = 250
    s2 = t.loc["base", "sse"] / (n - t.loc["base", "p"])  # base has more predictors
    assert t.loc["base", "p"] == 4 and t.loc["alternative", "p"] == 3
    for m in ("base", "alternative"):
        assert t.loc[m, "gm"] == pytest.approx(t.loc[m, "sse"] / s2 + t.loc[m, "p"] * np.log(n),
                                               rel=1e-12)
    assert cmp.best_bic == t["bic"].idxmin() and cmp.best_gm == t["gm"].idxmin()
    assert t["bic_weight"].sum() == pytest.approx(1.0)
    assert cmp.to_dict()["target"] == "Loyalty"
    with pytest.raises(EstimationError, match="no paths into 'Image'"):
        compare_models(models, "Image")
    with pytest.raises(EstimationError, match="at least two"):
        compare_models({"base": models["base"]}, "Loyalty")


def test_specific_indirect_effects_plsc(ref, mobi):  # noqa: F811
    res = fit(mobi, ecsi(ref, ref["model"]["paths"], "reflective"), method="plsc",
              bootstrap=200, seed=2)
    ind = res.structural.indirect
    # every directed chain of 3+ constructs: Image -> ... -> Loyalty has several
    chains = {e.path for e in ind}
    assert ("Image", "Expectation", "Quality", "Value", "Satisfaction", "Loyalty") in chains
    assert ("Satisfaction", "Complaints", "Loyalty") in chains
    for e in ind:
        prod = np.prod([res.paths.loc[(a, b), "est"] for a, b in pairwise(e.path)])
        assert e.est == pytest.approx(prod, abs=1e-12)
        assert np.isfinite(e.ci_lower) and e.ci_lower <= e.ci_upper
