"""The partial-invariance search on simulated data with planted differences, and bad input.

Two groups of 600 from a three-factor model (four items each, loadings .7-.8); group 2 has
the loading of y6 raised from .75 to 1.25 and the intercept of y10 shifted by 0.8. The
search must release exactly those two parameters (the loading at the metric level, the
intercept at the scalar level). With no planted difference nothing is released.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataError, DataWarning
from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.invariance import measurement_invariance

FACTORS = {"F1": ("y1", "y2", "y3", "y4"), "F2": ("y5", "y6", "y7", "y8"),
           "F3": ("y9", "y10", "y11", "y12")}


def structure() -> LatentStructure:
    lat = tuple(FACTORS)
    return LatentStructure(observed=tuple(x for v in FACTORS.values() for x in v), latents=lat,
                           indicators=FACTORS, latent_covariances=tuple(itertools.combinations(lat, 2)))


def simulate(n: int, seed: int, planted: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lam = np.zeros((12, 3))
    for k in range(3):
        lam[4 * k: 4 * k + 4, k] = [0.8, 0.75, 0.7, 0.75]
    phi = np.array([[1, .3, .3], [.3, 1, .3], [.3, .3, 1]])
    frames = []
    for g in (0, 1):
        lg = lam.copy()
        nu = np.full(12, 3.0)
        if planted and g == 1:
            lg[5, 1] = 1.25
            nu[9] += 0.8
        eta = rng.multivariate_normal(np.zeros(3) + 0.2 * g, phi, size=n)
        y = nu + eta @ lg.T + rng.normal(scale=0.6, size=(n, 12))
        df = pd.DataFrame(y, columns=[f"y{i}" for i in range(1, 13)])
        df["grp"] = f"g{g + 1}"
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def test_search_releases_exactly_the_planted_parameters():
    res = measurement_invariance(simulate(600, 11, True), structure(), "grp")
    assert set(res.released) == {("metric", "F2 =~ y6"), ("scalar", "y10 ~1")}
    metric, scalar = res.levels[1], res.levels[2]
    assert metric.verdict == "partial" and scalar.verdict == "partial"
    assert res.reached == "strict"
    # the latent mean difference planted (0.2 in every factor) is recovered
    means = res.latent_means.set_index("latent")["diff"]
    assert np.allclose(means.to_numpy(), 0.2, atol=0.12)


def test_no_release_without_planted_difference():
    res = measurement_invariance(simulate(600, 12, False), structure(), "grp")
    assert res.released == ()
    assert [lv.verdict for lv in res.levels] == ["baseline", "holds", "holds", "holds"]
    d = res.to_dict()
    assert d["reached"] == "strict" and len(d["levels"]) == 4
    assert d["levels"][1]["delta"]["df"] == 9.0   # three free loadings per factor


def test_group_too_small_is_left_out_with_a_warning():
    data = simulate(300, 13, False)
    tiny = data.iloc[:5].assign(grp="g3")
    with pytest.warns(DataWarning, match="group 'g3' left out"):
        res = measurement_invariance(pd.concat([data, tiny], ignore_index=True), structure(), "grp")
    assert res.groups == ("g1", "g2")


def test_item_constant_in_one_group_is_named():
    data = simulate(300, 14, False)
    data.loc[data["grp"] == "g1", "y3"] = 4.0
    data = pd.concat([data, simulate(300, 15, False).assign(grp="g3")], ignore_index=True)
    with pytest.warns(DataWarning, match="y3 constant"):
        res = measurement_invariance(data, structure(), "grp")
    assert "g1" not in res.groups


def test_one_group_is_a_data_error():
    data = simulate(300, 16, False)
    data["grp"] = "g1"
    with pytest.raises(DataError, match="fewer than two groups"):
        measurement_invariance(data, structure(), "grp")


def test_many_groups_warn():
    data = simulate(400, 17, False)
    data["grp"] = [f"g{i % 11}" for i in range(len(data))]
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        measurement_invariance(data, structure(), "grp", paths=False)
    assert any("11 groups" in str(w.message) for w in rec)
