"""HTMT/HTMT2 bootstrap intervals checked against their definition: respondents resampled
with replacement, HTMT recomputed from each resample's item correlations, percentiles of the
replicates; the same seed gives the same interval; verdicts use the upper bound."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.discriminant import htmt_inference
from tests.conftest import REFERENCE

HS = pd.read_csv(REFERENCE / "data" / "holzinger_swineford.csv")
BLOCKS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}


def htmt_by_definition(r: np.ndarray, a: list[int], b: list[int], geometric: bool) -> float:
    """Henseler et al. (2015) / Roemer et al. (2021) from one correlation matrix, written out."""
    r = np.abs(r)
    hetero = r[np.ix_(a, b)].ravel()
    mono_a = r[np.ix_(a, a)][np.triu_indices(len(a), 1)]
    mono_b = r[np.ix_(b, b)][np.triu_indices(len(b), 1)]
    if geometric:
        gm = lambda v: float(np.exp(np.mean(np.log(v))))  # noqa: E731
        return gm(hetero) / np.sqrt(gm(mono_a) * gm(mono_b))
    return float(hetero.mean() / np.sqrt(mono_a.mean() * mono_b.mean()))


def test_interval_is_the_percentile_interval_of_resampled_rows() -> None:
    x = HS[[i for v in BLOCKS.values() for i in v]].to_numpy(dtype=float)
    n, b_reps, seed = len(x), 300, 11
    res = htmt_inference(HS, BLOCKS, b_reps, seed=seed, level=0.90)
    rng = np.random.default_rng(seed)
    cols = [i for v in BLOCKS.values() for i in v]
    idx = {k: [cols.index(i) for i in v] for k, v in BLOCKS.items()}
    reps = {pair: ([], []) for pair in [("visual", "textual"), ("visual", "speed"), ("textual", "speed")]}
    draws = rng.integers(0, n, size=(b_reps, n))
    for row in draws:
        r = np.corrcoef(x[row], rowvar=False)
        for (a, b), (h1, h2) in reps.items():
            h1.append(htmt_by_definition(r, idx[a], idx[b], False))
            h2.append(htmt_by_definition(r, idx[a], idx[b], True))
    got = res.pairs.set_index(["lhs", "rhs"])
    r_full = np.corrcoef(x, rowvar=False)
    for (a, b), (h1, h2) in reps.items():
        assert got.loc[(a, b), "htmt"] == pytest.approx(htmt_by_definition(r_full, idx[a], idx[b], False), rel=1e-12)
        assert got.loc[(a, b), "htmt2"] == pytest.approx(htmt_by_definition(r_full, idx[a], idx[b], True), rel=1e-12)
        np.testing.assert_allclose(got.loc[(a, b), ["htmt_lower", "htmt_upper"]].astype(float),
                                   np.percentile(h1, [5, 95]), rtol=1e-10)
        np.testing.assert_allclose(got.loc[(a, b), ["htmt2_lower", "htmt2_upper"]].astype(float),
                                   np.percentile(h2, [5, 95]), rtol=1e-10)


def test_point_estimates_match_semtools() -> None:
    ref = json.loads((REFERENCE / "validity" / "hs.json").read_text())
    res = htmt_inference(HS, BLOCKS, 20, seed=1)
    names = list(BLOCKS)
    for _, row in res.pairs.iterrows():
        i, j = names.index(row["lhs"]), names.index(row["rhs"])
        assert row["htmt"] == pytest.approx(ref["semtools"]["htmt"][i][j], rel=1e-6)
        assert row["htmt2"] == pytest.approx(ref["semtools"]["htmt2"][i][j], rel=1e-6)


def test_same_seed_same_interval_and_upper_bound_verdict() -> None:
    a = htmt_inference(HS, BLOCKS, 200, seed=5, cutoff=0.85)
    b = htmt_inference(HS, BLOCKS, 200, seed=5, cutoff=0.85)
    c = htmt_inference(HS, BLOCKS, 200, seed=6, cutoff=0.85)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    assert not np.allclose(a.pairs["htmt_upper"], c.pairs["htmt_upper"])
    assert (a.pairs["supported"] == (a.pairs["htmt_upper"] < 0.85)).all()
    assert (a.pairs["supported2"] == (a.pairs["htmt2_upper"] < 0.85)).all()
    # a cut-off between the point estimate and the upper bound: the estimate alone would pass
    row = a.pairs.iloc[0]
    mid = (row["htmt"] + row["htmt_upper"]) / 2
    d = htmt_inference(HS, BLOCKS, 200, seed=5, cutoff=mid)
    assert row["htmt"] < mid and not bool(d.pairs.iloc[0]["supported"])
    json.dumps(a.to_dict())


def test_verdicts_from_an_existing_validity_bootstrap() -> None:
    """The validity step's bootstrap (analyze_validity) gives the same intervals and verdicts
    without resampling again."""
    from cemsurvey.psychometrics.discriminant import htmt_verdicts
    from cemsurvey.psychometrics.validity import htmt_bootstrap, htmt_matrix

    x = HS[[i for v in BLOCKS.values() for i in v]]
    boot = htmt_bootstrap(x, BLOCKS, 150, seed=9)
    corr = x.corr()
    v = htmt_verdicts(htmt_matrix(corr, BLOCKS), htmt_matrix(corr, BLOCKS, geometric=True), boot,
                      cutoff=0.85)
    direct = htmt_inference(HS, BLOCKS, 150, seed=9, cutoff=0.85)
    pd.testing.assert_frame_equal(v.pairs, direct.pairs)
