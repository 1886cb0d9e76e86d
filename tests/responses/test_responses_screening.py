"""Screening rules: hand-made cases, the planted careless respondents, missing summary."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import mahalanobis

from cemsurvey.instrument import load_instrument
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.importer import import_responses
from cemsurvey.responses.screening import (
    ScreeningOptions,
    default_run,
    duplicate_rows,
    longest_run,
    mahalanobis_sq,
    missing_summary,
    screen,
)
from cemsurvey.responses.simulate import simulate_responses

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SMALL = HERE / "models" / "store_small.yaml"


def test_longest_run_by_hand() -> None:
    x = np.array([[1, 1, 1, 2, 2], [5, 5, 5, 5, 5], [1, 2, 1, 2, 1], [3, np.nan, 3, 3, np.nan]])
    assert longest_run(x).tolist() == [3, 5, 1, 2]
    assert default_run(4) == 4 and default_run(20) == 10


def test_duplicates_ids_and_identical_rows() -> None:
    x = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [2, 2, 2, 1], [np.nan, np.nan, np.nan, 1],
                  [np.nan, np.nan, np.nan, 1], [4, 4, 4, 4]], dtype=float)
    ids = pd.Index(["a", "b", "c", "d", "e", "c"])
    # b copies a; e copies d but answered fewer than half the items; the second c repeats an id
    assert duplicate_rows(ids, x).tolist() == [False, True, False, False, False, True]


def test_mahalanobis_matches_scipy() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 4))
    d2, df, notes = mahalanobis_sq(x)
    mu = x.mean(axis=0)
    vi = np.linalg.inv(np.cov(x, rowvar=False))
    for i in (0, 17, 59):
        assert d2[i] == pytest.approx(mahalanobis(x[i], mu, vi) ** 2, rel=1e-12)
    assert df[0] == 4 and notes == []


def test_mahalanobis_with_gaps_uses_em_moments() -> None:
    # with gaps: EM mean and covariance of all answers (divisor n - 1), each respondent on
    # the items answered
    from cemsurvey.stats.em import em_saturated, patterns

    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 4))
    x[5, 2] = np.nan
    x[9, 0] = np.nan
    d2, df, notes = mahalanobis_sq(x)
    mu, sigma, _, _ = em_saturated(patterns(x), tol=1e-12, param_tol=1e-12)
    cov = sigma * 60 / 59
    vi = np.linalg.inv(cov)
    for i in (0, 17, 59):
        assert d2[i] == pytest.approx(mahalanobis(x[i], mu, vi) ** 2, rel=1e-6)
    keep = [0, 1, 3]
    sub = np.linalg.inv(cov[np.ix_(keep, keep)])
    assert d2[5] == pytest.approx(mahalanobis(x[5, keep], mu[keep], sub) ** 2, rel=1e-6)
    assert df[5] == 3 and df[0] == 4 and "by EM" in notes[0]


def test_share_flagged_with_gaps_stays_close_to_complete() -> None:
    # the same correlated Likert-like data, complete and with 2% of answers deleted at random:
    # the share of outliers flagged stays close (complete-case moments flagged most of the
    # incomplete respondents here: 40 items, about 45% complete respondents)
    rng = np.random.default_rng(7)
    n, k = 400, 40
    f = rng.normal(size=(n, 4))
    load = np.kron(np.eye(4), np.full((1, 10), 0.7))
    x = np.clip(np.round(3 + f @ load + rng.normal(scale=0.7, size=(n, k))), 1, 5)
    gaps = x.copy()
    gaps[rng.random((n, k)) < 0.02] = np.nan
    assert 0.3 < (~np.isnan(gaps).any(axis=1)).mean() < 0.6
    opts = ScreeningOptions(duplicates=False, straightlining=False, too_fast=False,
                            attention=False, incomplete=False)
    ids = pd.Index([f"r{i}" for i in range(n)])
    full = len(screen(ids, x, {}, None, opts)[0]["outliers"]) / n
    holes = len(screen(ids, gaps, {}, None, opts)[0]["outliers"]) / n
    assert abs(holes - full) <= 0.02 + 0.25 * full, (full, holes)


def test_outlier_rule_uses_chi_square_p() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(200, 3))
    x[7] = [6.0, -6.0, 6.0]
    opts = ScreeningOptions(duplicates=False, straightlining=False, too_fast=False,
                            attention=False, incomplete=False)
    flags, _, details = screen(pd.Index([f"r{i}" for i in range(200)]), x, {}, None, opts)
    d2, _, _ = mahalanobis_sq(x)
    expect = [f"r{i}" for i in np.flatnonzero(stats.chi2.sf(d2, 3) < 0.001)]
    assert flags["outliers"] == expect and "r7" in expect
    assert details["outliers"] == {"p_threshold": 0.001}


def test_rules_by_hand_and_switches() -> None:
    ids = pd.Index(["a", "b", "c", "d"])
    x = np.array([[1, 2, 3, 4, 5, 1, 2, 3], [3] * 8, [1, 2, np.nan, np.nan, 5, 4, 3, 2],
                  [2, 3, 4, 5, 1, 2, 3, 4]], dtype=float)
    att = {"ATT1": (np.array([4, 4, 2, np.nan]), 4.0)}
    dur = np.array([100.0, 10.0, 200.0, np.nan])
    opts = ScreeningOptions(outliers=False, straightline_run=6, min_seconds=16)
    flags, notes, _ = screen(ids, x, att, dur, opts)
    assert flags == {"duplicates": [], "straightlining": ["b"], "too_fast": ["b"],
                     "attention": ["c"], "incomplete": ["c"]}
    assert notes == []
    off = ScreeningOptions(duplicates=False, straightlining=False, too_fast=False,
                           attention=False, incomplete=False, outliers=False)
    assert screen(ids, x, att, dur, off)[0] == {}
    _, notes, _ = screen(ids, x, {}, None, ScreeningOptions(outliers=False))
    assert any(n.startswith("too_fast:") for n in notes)
    assert any(n.startswith("attention:") for n in notes)


def test_missing_summary_hand_counted() -> None:
    df = pd.DataFrame({"A": [1, np.nan, 3], "B": [np.nan, np.nan, 2], "C": [1, 2, 3]},
                      index=["x", "y", "z"], dtype=float)
    s = missing_summary(df)
    assert s["cells"] == 3 and s["pct"] == pytest.approx(3 / 9)
    assert s["items"]["B"] == {"n": 2, "pct": pytest.approx(2 / 3)}
    assert s["respondents"] == {"complete": 1, "with_missing": 2, "max_missing": 2,
                                "mean_missing": pytest.approx(1.0),
                                "histogram": {0: 1, 1: 1, 2: 1}}


@pytest.mark.parametrize("model", ["customer-engagement-journey", "digital-marketing-cem"])
@pytest.mark.parametrize("seed", [1, 2])
def test_planted_careless_flagged_exactly(tmp_path: Path, model: str, seed: int) -> None:
    ins = load_instrument(ROOT / "instruments" / f"{model}.yaml")
    sim = simulate_responses(ins, 400, seed=seed, careless=0.05)
    path = write_export(sim, ins, tmp_path / "x.csv", "csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(path, ins, screening=ScreeningOptions(drop=True))
    assert len(sim.truth.careless) == 20
    assert set(res.flagged) == set(sim.truth.careless)
    # every careless respondent fails the attention check and is too fast
    assert set(res.flags["attention"]) == set(sim.truth.careless)
    assert set(res.flags["too_fast"]) == set(sim.truth.careless)
    assert set(res.flags["straightlining"]) == set(sim.truth.straightliners)
    assert res.n_kept == 380 and not set(res.data.index) & set(sim.truth.careless)
    assert res.all_data.shape == (400, len(ins.item_ids))
    d = res.to_dict()
    assert d["n_rows"] == 400 and d["n_kept"] == 380 and d["dropped"] is True
    assert d["flag_counts"]["attention"] == 20


def test_careless_found_in_small_model(tmp_path: Path) -> None:
    """With 12 items honest respondents can straight-line; every planted one is still found."""
    ins = load_instrument(SMALL)
    sim = simulate_responses(ins, 300, seed=5, careless=0.05)
    path = write_export(sim, ins, tmp_path / "x.csv", "csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(path, ins)
    assert set(sim.truth.careless) <= set(res.flagged)
    assert set(res.flags["attention"]) == set(sim.truth.careless)
    assert res.n_kept == 300  # nothing dropped without drop=True


def test_screening_warning_and_drop_off(tmp_path: Path) -> None:
    ins = load_instrument(SMALL)
    sim = simulate_responses(ins, 80, seed=2, careless=0.1)
    path = write_export(sim, ins, tmp_path / "x.csv", "csv")
    with pytest.warns(Warning, match="screening flagged"):
        res = import_responses(path, ins)
    assert any("screening flagged" in w for w in res.warnings)


def _naive_run(row: list[float]) -> int:
    best = cur = 0
    prev = None
    for v in row:
        if np.isnan(v):
            cur, prev = 0, None
            continue
        cur = cur + 1 if prev is not None and v == prev else 1
        prev = v
        best = max(best, cur)
    return best


def test_longest_run_matches_naive_loop() -> None:
    rng = np.random.default_rng(12)
    x = rng.integers(1, 4, size=(300, 15)).astype(float)
    x[rng.random(x.shape) < 0.1] = np.nan
    assert longest_run(x).tolist() == [_naive_run(list(r)) for r in x]


def test_duplicate_hash_collisions_checked_cell_by_cell() -> None:
    rng = np.random.default_rng(13)
    x = rng.integers(1, 6, size=(2000, 10)).astype(float)
    x[1500] = x[20]
    x[1700] = x[20]
    x[1800, :5] = np.nan
    x[1801] = x[1800]  # a copy with half the items answered still counts
    dup = duplicate_rows(pd.RangeIndex(2000).astype(str), x)
    expect = pd.DataFrame(np.nan_to_num(x, nan=-1)).duplicated().to_numpy()
    assert dup.tolist() == expect.tolist()
    assert set(np.flatnonzero(dup)) >= {1500, 1700, 1801}
