"""Mardia's multivariate skewness/kurtosis vs psych::mardia (tests/reference/estimators/mardia*.json)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import bfi, hs, ref

from cemsurvey.errors import DataError
from cemsurvey.psychometrics.normality import mardia

KEYS = ["b1p", "b2p", "skew", "small_skew", "kurtosis", "p_kurt", "p_skew", "p_small"]


@pytest.mark.parametrize("name,data", [("mardia", bfi), ("mardia_hs", lambda: hs()[[f"x{i}" for i in range(1, 10)]])])
def test_mardia_matches_psych(name, data):
    r, e = mardia(data()), ref(name)
    assert (r.n, r.p) == (e["n"], e["p"])
    for k in KEYS:
        assert getattr(r, k) == pytest.approx(e[k], rel=1e-8, abs=1e-300), k


def test_recommendations():
    assert mardia(bfi()).estimator == "mlr"            # 6-point, strongly non-normal
    assert "WLSMV" in mardia(bfi(), ordinal_max=6).recommendation
    assert mardia(hs()[[f"x{i}" for i in range(1, 10)]]).estimator == "mlr"  # continuous
    rng = np.random.default_rng(11)
    assert mardia(rng.normal(size=(800, 5))).estimator == "ml"
    d = mardia(rng.normal(size=(800, 5))).to_dict()
    assert set(d) >= {"b1p", "b2p", "skew", "kurtosis", "estimator", "recommendation", "n"}


def test_mardia_is_affine_invariant():
    rng = np.random.default_rng(5)
    x = rng.standard_t(5, size=(300, 4))
    a = rng.normal(size=(4, 4)) + 3 * np.eye(4)
    r1, r2 = mardia(x), mardia(x @ a + 7)
    assert r1.b1p == pytest.approx(r2.b1p, rel=1e-9)
    assert r1.b2p == pytest.approx(r2.b2p, rel=1e-9)


def test_mardia_bad_input():
    with pytest.raises(DataError, match="more complete respondents than items"):
        mardia(np.ones((3, 4)))
    with pytest.raises(DataError, match="singular"):
        mardia(np.column_stack([np.arange(20.0), np.ones(20)]))
