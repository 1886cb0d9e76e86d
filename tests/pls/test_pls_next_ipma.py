"""IPMA against seminrExtras' assess_ipma and against its definition.

Reference: tests/reference/pls/pls_next.json ("ipma"), the ECSI model on mobi (scale 1-10),
target Loyalty. Tolerance 1e-6 (observed about 1e-13).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.psychometrics.pls.ipma import ipma, total_effects
from tests.pls.test_pls_next_predict import ins, ref  # noqa: F401 - fixtures

TOL = 1e-6


@pytest.fixture(scope="module")
def res(mobi, ins):  # noqa: F811
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_pls(mobi, ins, bootstrap=0, tol=1e-12)


def test_matches_seminrextras(res, mobi, ins, ref):  # noqa: F811
    exp = ref["ipma"]
    out = ipma(res, mobi, ins, "Loyalty", weights="standardized")
    assert set(out.table.index) == set(exp["importance"])
    for c in exp["importance"]:
        assert out.table.loc[c, "importance"] == pytest.approx(exp["importance"][c], abs=TOL)
        assert out.table.loc[c, "total_effect"] == pytest.approx(exp["importance_std"][c], abs=TOL)
        assert out.table.loc[c, "performance"] == pytest.approx(exp["performance"][c], abs=TOL)


def test_default_is_ols_on_rescaled_scores(res, mobi, ins):  # noqa: F811
    out = ipma(res, mobi, ins)  # the last endogenous construct is the default target
    assert out.target == "Loyalty" and out.weights == "unstandardized"
    Y = out.scores
    for lat in Y.columns:  # rescaled scores are affine in the PLS scores
        assert abs(np.corrcoef(Y[lat], res.scores[lat])[0, 1]) == pytest.approx(1, abs=1e-12)
    lat = list(Y.columns)
    B = np.zeros((len(lat), len(lat)))
    for to in dict.fromkeys(b for _, b in res.paths.index):
        preds = [a for a, b in res.paths.index if b == to]
        D = np.column_stack([np.ones(len(Y)), Y[preds].to_numpy()])
        coef = np.linalg.lstsq(D, Y[to].to_numpy(), rcond=None)[0][1:]
        for a, c in zip(preds, coef, strict=True):
            B[lat.index(a), lat.index(to)] = c
    T = total_effects(B)[:, lat.index("Loyalty")]
    for c, row in out.table.iterrows():
        assert row["importance"] == pytest.approx(T[lat.index(c)], abs=1e-10)
    assert 0 <= out.target_performance <= 100
    d = out.to_dict()
    assert d["target"] == "Loyalty" and len(d["rows"]) == 6


def test_bad_target(res, mobi, ins):  # noqa: F811
    with pytest.raises(EstimationError, match="not a construct"):
        ipma(res, mobi, ins, "Nope")
    with pytest.raises(EstimationError, match="no construct has an effect"):
        ipma(res, mobi, ins, "Image")
