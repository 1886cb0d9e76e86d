"""Ordinal alpha (vs psych::alpha on lavCor polychorics) and categorical omega (vs
semTools::compRelSEM) on bfi: tests/reference/estimators/{ordinal_alpha,categorical_omega}.json."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import BFI, HS, bfi, hs, ref

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.psychometrics.sem.ordinal_reliability import (
    categorical_omega,
    ordinal_alpha,
    ordinal_reliability,
)


@pytest.fixture(scope="module")
def table():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ordinal_reliability(fit_cfa(bfi(), BFI, estimator="wlsmv"))


def test_ordinal_alpha_matches_psych(table):
    for f, v in ref("ordinal_alpha").items():
        assert table.loc[f, "ordinal_alpha"] == pytest.approx(v, rel=1e-6)


def test_categorical_omega_matches_semtools(table):
    for f, v in ref("categorical_omega")["omega"].items():
        assert table.loc[f, "categorical_omega"] == pytest.approx(v, rel=1e-5)
    assert list(table.columns) == ["ordinal_alpha", "categorical_omega", "n_items"]


def test_omega_is_one_without_unique_variance():
    # common covariance equal to the polychoric matrix -> omega = 1
    r = np.array([[1, .6, .5], [.6, 1, .4], [.5, .4, 1]])
    taus = [np.array([-1.0, 0.2, 1.1])] * 3
    assert categorical_omega(r, r, taus) == pytest.approx(1.0, abs=1e-6)
    assert np.isnan(ordinal_alpha(np.eye(1)))


def test_needs_wlsmv_fit():
    with pytest.raises(EstimationError, match="needs a WLSMV fit"):
        ordinal_reliability(fit_cfa(hs(), HS))
