"""Identities, bootstrap behaviour, warnings and bad input for reliability."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataError, ReliabilityWarning
from cemsurvey.instrument import parse_instrument
from cemsurvey.psychometrics.reliability import (
    alpha_from_cov,
    alpha_if_deleted,
    analyze_reliability,
    cronbach_alpha,
    item_rest_correlations,
)

REF_DIR = Path(__file__).parent.parent / "reference"


def _instrument(yaml_text: str):
    ins, _issues = parse_instrument(yaml_text, "test.yaml")
    return ins


def _sim(seed: int, n: int = 400, k: int = 5, load: float = 0.7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    f = rng.normal(size=(n, 1))
    x = load * f + np.sqrt(1 - load**2) * rng.normal(size=(n, k))
    codes = np.clip(np.round(3 + 1.2 * x), 1, 5)
    return pd.DataFrame(codes, columns=[f"Q{i + 1}" for i in range(k)])


YAML = """
title: t
scales: {s5: {type: likert, points: 5}}
constructs:
  - id: Q
    name: q
    items:
      - {id: Q1, text: a}
      - {id: Q2, text: b}
      - {id: Q3, text: c}
      - {id: Q4, text: d}
      - {id: Q5, text: e%s}
"""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alpha_equals_variance_of_sum_form(seed):
    x = _sim(seed).to_numpy()
    k = x.shape[1]
    by_sum = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(x) == pytest.approx(by_sum, rel=1e-12)


def test_standardized_alpha_is_spearman_brown_of_mean_r():
    x = _sim(4)
    r = x.corr().to_numpy()
    k = r.shape[0]
    rbar = (r.sum() - k) / (k * (k - 1))
    assert alpha_from_cov(r) == pytest.approx(k * rbar / (1 + (k - 1) * rbar), rel=1e-12)


def test_alpha_if_deleted_and_item_rest_by_brute_force():
    x = _sim(5)
    c = x.cov().to_numpy()
    aid = alpha_if_deleted(c)
    irr = item_rest_correlations(c)
    for i, col in enumerate(x.columns):
        rest = x.drop(columns=col)
        assert aid[i] == pytest.approx(cronbach_alpha(rest), rel=1e-12)
        assert irr[i] == pytest.approx(np.corrcoef(x[col], rest.sum(axis=1))[0, 1], rel=1e-12)


def test_alpha_recovers_population_value():
    # parallel items with loading .7 on continuous data: alpha = k r / (1 + (k-1) r), r = .49
    rng = np.random.default_rng(11)
    f = rng.normal(size=(20000, 1))
    x = 0.7 * f + np.sqrt(1 - 0.49) * rng.normal(size=(20000, 6))
    true = 6 * 0.49 / (1 + 5 * 0.49)
    assert cronbach_alpha(x) == pytest.approx(true, abs=0.01)


def test_reverse_key_applied_and_bootstrap_reproducible():
    x = _sim(6)
    flipped = x.copy()
    flipped["Q5"] = 6 - flipped["Q5"]
    ins = _instrument(YAML % ", reverse: true")
    rep1 = analyze_reliability(flipped, ins, bootstrap=200, seed=3)
    plain = analyze_reliability(x, _instrument(YAML % ""))
    assert rep1["Q"].alpha == pytest.approx(plain["Q"].alpha, rel=1e-12)
    rep2 = analyze_reliability(flipped, ins, bootstrap=200, seed=3)
    assert rep1["Q"].alpha_boot_ci == rep2["Q"].alpha_boot_ci
    lo, hi = rep1["Q"].alpha_boot_ci
    assert lo < rep1["Q"].alpha < hi
    assert rep1["Q"].item_stats.loc["Q5", "reverse"]


def test_undeclared_reverse_item_warns():
    x = _sim(7)
    x["Q5"] = 6 - x["Q5"]
    with pytest.warns(ReliabilityWarning, match="Q5.*look reverse-keyed"):
        rep = analyze_reliability(x, _instrument(YAML % ""))
    assert any("Q5" in w for w in rep["Q"].warnings)


def test_negative_alpha_warns():
    rng = np.random.default_rng(8)
    a = rng.normal(size=300)
    x = pd.DataFrame({"Q1": a, "Q2": -a + rng.normal(size=300) * .3,
                      "Q3": rng.normal(size=300), "Q4": rng.normal(size=300),
                      "Q5": rng.normal(size=300)})
    x = np.clip(np.round(3 + x), 1, 5)
    with pytest.warns(ReliabilityWarning, match="alpha is (negative|near zero)"):
        analyze_reliability(x, _instrument(YAML % ""))


def test_constant_and_empty_items_are_one_line_errors():
    x = _sim(9)
    x["Q3"] = 4.0
    with pytest.raises(DataError, match="'Q3' is constant"):
        analyze_reliability(x, _instrument(YAML % ""))
    x["Q3"] = np.nan
    with pytest.raises(DataError, match="'Q3' has no answers"):
        analyze_reliability(x, _instrument(YAML % ""))


def test_missing_item_column_error():
    with pytest.raises(DataError, match="Q5"):
        analyze_reliability(_sim(1).drop(columns="Q5"), _instrument(YAML % ""))


def test_pairwise_uses_more_data_than_listwise():
    x = _sim(10)
    x.iloc[:50, 0] = np.nan
    ins = _instrument(YAML % "")
    lw = analyze_reliability(x, ins)
    pw = analyze_reliability(x, ins, missing="pairwise")
    assert lw.n == 350 and lw["Q"].missing == "listwise"
    assert pw["Q"].item_stats.loc["Q2", "n"] == 400
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert abs(lw["Q"].alpha - pw["Q"].alpha) < 0.05


def test_bootstrap_ci_is_the_percentile_interval_of_resampled_alphas():
    """Same draws as the implementation (default_rng(seed), chunks of 100 resamples of n rows),
    alpha recomputed one resample at a time: the interval is their 2.5/97.5 percentiles."""
    x = _sim(11, n=150)
    rep = analyze_reliability(x, _instrument(YAML % ""), bootstrap=250, seed=5)
    arr = x.to_numpy(dtype=float)
    rng = np.random.default_rng(5)
    alphas: list[float] = []
    while len(alphas) < 250:
        m = min(100, 250 - len(alphas))
        draws = rng.integers(0, len(arr), size=(m, len(arr)))
        alphas += [cronbach_alpha(arr[rows]) for rows in draws]
    lo, hi = np.quantile(alphas, [0.025, 0.975])
    assert rep["Q"].alpha_boot_ci == pytest.approx((lo, hi), abs=1e-12)


def test_bootstrap_and_feldt_intervals_agree_on_normal_data():
    x = _sim(12, n=600)
    rep = analyze_reliability(x, _instrument(YAML % ""), bootstrap=2000, seed=1)
    feldt, boot = rep["Q"].alpha_ci, rep["Q"].alpha_boot_ci
    assert boot is not None
    assert abs(feldt[0] - boot[0]) < 0.02 and abs(feldt[1] - boot[1]) < 0.02
