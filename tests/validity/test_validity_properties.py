"""Identities, simulation recovery and bootstrap behaviour of the validity statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataError, HeywoodWarning, SingularMatrixWarning
from cemsurvey.psychometrics.validity import (
    average_variance_extracted,
    composite_reliability,
    htmt_bootstrap,
    htmt_matrix,
    validity_from_estimates,
)


def test_cr_ave_invariant_to_identification():
    # marker (lambda_1 = 1) and fixed-factor (psi = 1) parameterisations give the same values
    lam = np.array([1.0, 0.8, 1.3, 0.6])
    psi, theta = 0.7, np.array([0.5, 0.6, 0.4, 0.9])
    s = np.sqrt(psi)
    assert composite_reliability(lam * s, 1.0, theta) == pytest.approx(
        composite_reliability(lam, psi, theta), rel=1e-14)
    assert average_variance_extracted(lam * s, 1.0, theta) == pytest.approx(
        average_variance_extracted(lam, psi, theta), rel=1e-14)


def test_standardized_ave_is_mean_squared_std_loading():
    std = np.array([0.7, 0.8, 0.6])
    ave = average_variance_extracted(std, 1.0, 1 - std**2)
    assert ave == pytest.approx(np.mean(std**2), rel=1e-14)
    # rho_C with standardized loadings: (sum l)^2 / ((sum l)^2 + sum(1 - l^2))
    cr = composite_reliability(std, 1.0, 1 - std**2)
    assert cr == pytest.approx(std.sum() ** 2 / (std.sum() ** 2 + (1 - std**2).sum()))


def test_htmt_equals_factor_correlation_for_parallel_items():
    # parallel items: r_within = l^2, r_between = l^2 phi, so HTMT = phi exactly
    lam, phi = 0.7, 0.4
    p = 6
    r = np.full((p, p), lam**2 * phi)
    r[:3, :3] = r[3:, 3:] = lam**2
    np.fill_diagonal(r, 1.0)
    names = [f"i{k}" for k in range(p)]
    r = pd.DataFrame(r, index=names, columns=names)
    blocks = {"X": names[:3], "Y": names[3:]}
    assert htmt_matrix(r, blocks).loc["X", "Y"] == pytest.approx(phi, rel=1e-14)
    assert htmt_matrix(r, blocks, geometric=True).loc["X", "Y"] == pytest.approx(phi, rel=1e-14)


def _simulate(n, phi, seed, loadings=(0.8, 0.7, 0.6, 0.75)):
    rng = np.random.default_rng(seed)
    f = rng.multivariate_normal([0, 0], [[1, phi], [phi, 1]], size=n)
    lam = np.array(loadings)
    x = np.hstack([f[:, [0]] * lam + rng.normal(size=(n, 4)) * np.sqrt(1 - lam**2),
                   f[:, [1]] * lam + rng.normal(size=(n, 4)) * np.sqrt(1 - lam**2)])
    cols = [f"a{k}" for k in range(4)] + [f"b{k}" for k in range(4)]
    return pd.DataFrame(x, columns=cols), {"A": cols[:4], "B": cols[4:]}


def test_simulation_recovery_of_htmt_and_bootstrap_coverage():
    # tau-congeneric items: HTMT is close to (slightly above) the true correlation .5
    data, blocks = _simulate(4000, 0.5, seed=11)
    h = htmt_matrix(data.corr(), blocks).loc["A", "B"]
    assert 0.47 < h < 0.55
    ci = htmt_bootstrap(data.iloc[:500], blocks, 300, seed=3)
    lo, hi = ci.htmt_lower.loc["A", "B"], ci.htmt_upper.loc["A", "B"]
    assert lo < 0.5 < hi < 1  # CI excludes 1: discriminant validity established
    assert ci.n_failed == 0


def test_bootstrap_seeded_reproducible_and_progress():
    data, blocks = _simulate(300, 0.3, seed=5)
    calls: list[int] = []
    a = htmt_bootstrap(data, blocks, 120, seed=42, progress=calls.append, batch=50)
    b = htmt_bootstrap(data, blocks, 120, seed=42, batch=7)  # batch size does not matter
    pd.testing.assert_frame_equal(a.htmt_lower, b.htmt_lower)
    pd.testing.assert_frame_equal(a.htmt2_upper, b.htmt2_upper)
    assert sum(calls) == 120 and calls == [50, 50, 20]
    c = htmt_bootstrap(data, blocks, 120, seed=43)
    assert not a.htmt_lower.equals(c.htmt_lower)


def test_bootstrap_matches_loop_reference():
    # the vectorised replicates equal a plain loop over resamples with the same indices
    data, blocks = _simulate(150, 0.3, seed=9)
    ci = htmt_bootstrap(data, blocks, 40, seed=1, level=0.9)
    rng = np.random.default_rng(1)
    idx = rng.integers(0, 150, size=(40, 150))
    vals = [htmt_matrix(data.iloc[i].reset_index(drop=True).corr(), blocks).loc["A", "B"]
            for i in idx]
    assert ci.htmt_lower.loc["A", "B"] == pytest.approx(np.percentile(vals, 5), rel=1e-10)
    assert ci.htmt_upper.loc["A", "B"] == pytest.approx(np.percentile(vals, 95), rel=1e-10)


def _fit_free_estimates(blocks):
    lat = list(blocks)
    items = [i for v in blocks.values() for i in v]
    psi = pd.DataFrame(np.eye(len(lat)), index=lat, columns=lat)
    theta = pd.DataFrame(np.eye(len(items)) * 0.5, index=items, columns=items)
    lam = {i: 0.7 for i in items}
    return lam, psi, psi.copy(), theta


def test_validity_with_bootstrap_in_result_and_dict():
    data, blocks = _simulate(300, 0.3, seed=2)
    lam, psi, cor, theta = _fit_free_estimates(blocks)
    res = validity_from_estimates(blocks, lam, psi, cor, theta, data, htmt_bootstrap=50, seed=1)
    d = res.to_dict()
    lo, hi = d["htmt_ci"]["htmt"]["A"]["B"]
    assert lo <= d["htmt"]["A"]["B"] <= hi
    assert d["htmt_ci"]["n_boot"] == 50 and d["missing"] == "listwise"


def test_single_item_construct_warns_and_gives_nan():
    data, blocks = _simulate(200, 0.3, seed=4)
    data["c0"] = data["a0"] + np.random.default_rng(0).normal(size=200)
    blocks = {**blocks, "C": ["c0"]}
    lam, psi, cor, theta = _fit_free_estimates(blocks)
    with pytest.warns(SingularMatrixWarning, match="single item"):
        res = validity_from_estimates(blocks, lam, psi, cor, theta, data)
    assert np.isnan(res.cr["C"]) and np.isnan(res.htmt.loc["A", "C"])
    assert not np.isnan(res.htmt.loc["A", "B"])
    assert any("single item" in w for w in res.warnings)


def test_heywood_case_warns():
    data, blocks = _simulate(200, 0.3, seed=4)
    lam, psi, cor, theta = _fit_free_estimates(blocks)
    theta.loc["a0", "a0"] = -0.1
    with pytest.warns(HeywoodWarning, match="Heywood"):
        validity_from_estimates(blocks, lam, psi, cor, theta, data)


def test_bad_data_errors():
    data, blocks = _simulate(50, 0.3, seed=4)
    lam, psi, cor, theta = _fit_free_estimates(blocks)
    with pytest.raises(DataError, match="not in the data"):
        validity_from_estimates(blocks, lam, psi, cor, theta, data.drop(columns="a1"))
    const = data.copy()
    const["b2"] = 3.0
    with pytest.raises(DataError, match="without variance: b2"):
        validity_from_estimates(blocks, lam, psi, cor, theta, const)


def test_htmt2_exact_zero_correlation_only_affects_its_block():
    names = list("abcdef")
    r = np.full((6, 6), 0.3)
    r[:2, :2] = r[2:4, 2:4] = r[4:, 4:] = 0.6
    r[0, 2] = r[2, 0] = 0.0  # one exact zero between X and Y
    np.fill_diagonal(r, 1.0)
    r = pd.DataFrame(r, index=names, columns=names)
    h2 = htmt_matrix(r, {"X": names[:2], "Y": names[2:4], "Z": names[4:]}, geometric=True)
    assert h2.loc["X", "Y"] == 0.0
    assert h2.loc["X", "Z"] == pytest.approx(0.5) and h2.loc["Y", "Z"] == pytest.approx(0.5)
