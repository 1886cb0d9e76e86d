"""Simulation recovery (seeded): WLSMV recovers latent-response loadings of ordinal items;
MLR's scaling factor reacts to heavy tails; WLSMV and ML agree in structure."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _est_helpers import structure  # noqa: E402

from cemsurvey.psychometrics.sem.cfa import fit_cfa  # noqa: E402

ST = structure({"F": ["a", "b", "c"], "G": ["d", "e", "f"]})
LAM = np.array([.7, .6, .5, .8, .7, .6])


def latent(n: int, rng: np.random.Generator, tails: float | None = None) -> np.ndarray:
    """Normal factor-model data, or multivariate t (elliptical: one random scale per row,
    so asymptotic robustness fails and the ML chi-square is inflated by 1 + kurtosis)."""
    f = rng.multivariate_normal([0, 0], [[1, .4], [.4, 1]], size=n)
    load = np.zeros((6, 2))
    load[:3, 0], load[3:, 1] = LAM[:3], LAM[3:]
    y = f @ load.T + rng.normal(size=(n, 6)) * np.sqrt(1 - LAM**2)
    if tails:
        y = y / np.sqrt(rng.chisquare(tails, size=(n, 1)) / (tails - 2))
    return y


def test_wlsmv_recovers_standardized_loadings():
    rng = np.random.default_rng(2024)
    y = latent(4000, rng)
    cuts = [-1.2, -0.3, 0.5, 1.4]          # five categories, asymmetric
    d = pd.DataFrame(np.digitize(y, cuts) + 1, columns=list("abcdef"))
    r = fit_cfa(d, ST, estimator="wlsmv")
    assert r.converged
    np.testing.assert_allclose(r.loadings["std"].to_numpy(), LAM, atol=0.04)
    assert r.factor_correlations.loc["F", "G"] == pytest.approx(0.4, abs=0.05)
    th = r.parameters[(r.parameters["op"] == "|") & (r.parameters["lhs"] == "a")]["est"]
    np.testing.assert_allclose(th.to_numpy(), cuts, atol=0.06)
    # a correctly specified model: the scaled test does not reject at this n (usually)
    assert r.scaled_fit["pvalue.scaled"] > 0.001


def test_mlr_scaling_reacts_to_heavy_tails():
    rng = np.random.default_rng(7)
    cols = list("abcdef")
    normal = fit_cfa(pd.DataFrame(latent(3000, rng), columns=cols), ST, estimator="mlr")
    heavy = fit_cfa(pd.DataFrame(latent(3000, rng, tails=5.0), columns=cols), ST, estimator="mlr")
    assert normal.scaled_fit["chisq.scaling.factor"] == pytest.approx(1.0, abs=0.2)
    assert heavy.scaled_fit["chisq.scaling.factor"] > 1.3
    ml = fit_cfa(pd.DataFrame(latent(3000, np.random.default_rng(7)), columns=cols), ST)
    assert ml.estimator == "ML" and ml.scaled_fit == {}
