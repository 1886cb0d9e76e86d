"""Simulation: population model identities and seeded recovery of what was planted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from cemsurvey.errors import DataError, SpecError
from cemsurvey.instrument import load_instrument
from cemsurvey.responses.simulate import simulate_responses, thresholds_for

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SMALL = HERE / "models" / "store_small.yaml"


@pytest.fixture(scope="module")
def ins():
    return load_instrument(SMALL)


def _scores(sim, ins):
    """Construct means of reverse-keyed items."""
    d = sim.data[ins.item_ids].copy()
    for it in ins.reverse_items:
        s = ins.scale_of_item(it)
        d[it] = s.low + s.high - d[it]
    return {c.id: d[[i.id for i in c.items]].mean(axis=1).to_numpy() for c in ins.constructs}


def test_seeded_and_reproducible(ins) -> None:
    a = simulate_responses(ins, 50, seed=4)
    b = simulate_responses(ins, 50, seed=4)
    c = simulate_responses(ins, 50, seed=5)
    assert a.data.equals(b.data) and a.background.equals(b.background)
    assert not a.data.equals(c.data)
    assert list(a.data.columns) == [*ins.item_ids, "ATT1"]
    assert list(a.data.index[:2]) == ["r1", "r2"]


def test_population_correlations_follow_paths(ins) -> None:
    """Standardized paths .4: r(SAT, ENG) = .4, r(SAT, LOY) = .4 + .4 * .4 = .56,
    r(ENG, LOY) = .4 + .4 * .4; with LOY ~ ENG null, r(ENG, LOY) = .4 * .4 = .16."""
    t = simulate_responses(ins, 10, seed=1).truth
    r = t.latent_corr
    np.testing.assert_allclose(np.diag(r), 1.0, atol=1e-12)
    assert r.loc["SAT", "ENG"] == pytest.approx(0.4, abs=1e-12)
    assert r.loc["SAT", "LOY"] == pytest.approx(0.56, abs=1e-12)
    assert r.loc["ENG", "LOY"] == pytest.approx(0.56, abs=1e-12)
    n = simulate_responses(ins, 10, seed=1, null_paths=["LOY ~ ENG"]).truth
    assert n.paths[("ENG", "LOY")] == 0.0 and n.null_paths == (("ENG", "LOY"),)
    assert n.latent_corr.loc["ENG", "LOY"] == pytest.approx(0.16, abs=1e-12)


@pytest.mark.parametrize("name", ["customer-engagement-journey", "digital-marketing-cem"])
def test_instruments_latents_standardized(name: str) -> None:
    ins = load_instrument(ROOT / "instruments" / f"{name}.yaml")
    sim = simulate_responses(ins, 30, seed=2)
    np.testing.assert_allclose(np.diag(sim.truth.latent_corr), 1.0, atol=1e-10)
    assert set(sim.truth.loadings.index) == set(ins.item_ids)
    assert sim.truth.loadings.between(0.6, 0.85).all()


def test_category_shares_match_thresholds(ins) -> None:
    sim = simulate_responses(ins, 20000, seed=8)
    p = np.diff(np.r_[0.0, stats.norm.cdf(thresholds_for(5)), 1.0])
    for it in ("SAT1", "LOY2"):
        share = sim.data[it].value_counts(normalize=True).sort_index().to_numpy()
        np.testing.assert_allclose(share, p, atol=0.015)
    # a reverse-keyed item is answered reversed
    share3 = sim.data["SAT3"].value_counts(normalize=True).sort_index().to_numpy()
    np.testing.assert_allclose(share3, p[::-1], atol=0.015)
    assert np.corrcoef(sim.data["SAT1"], sim.data["SAT3"])[0, 1] < -0.2


def test_null_path_recovered(ins) -> None:
    sim = simulate_responses(ins, 6000, seed=9, null_paths=["LOY ~ ENG"])
    s = _scores(sim, ins)
    x = np.column_stack([np.ones(6000), stats.zscore(s["ENG"]), stats.zscore(s["SAT"])])
    b = np.linalg.lstsq(x, stats.zscore(s["LOY"]), rcond=None)[0]
    assert abs(b[1]) < 0.06  # planted null (small bias from measurement error in SAT)
    assert b[2] > 0.3


def test_group_effect_planted(ins) -> None:
    sim = simulate_responses(ins, 2000, seed=10, group_effects={"gender": ("ENG", 0.8)})
    s = _scores(sim, ins)
    g = sim.background["gender"].to_numpy()
    eng = stats.ttest_ind(s["ENG"][g == 2], s["ENG"][g == 1], equal_var=False)
    sat = stats.ttest_ind(s["SAT"][g == 2], s["SAT"][g == 1], equal_var=False)
    assert eng.statistic > 10 and eng.pvalue < 1e-6
    assert sat.pvalue > 0.01
    assert sim.truth.group_effects == {"gender": ("ENG", 0.8)}


def test_careless_missing_background(ins) -> None:
    sim = simulate_responses(ins, 1000, seed=3, careless=0.1, missing=0.05)
    assert len(sim.truth.careless) == 100
    assert set(sim.truth.straightliners) | set(sim.truth.random_responders) == set(
        sim.truth.careless)
    sl = sim.data.loc[list(sim.truth.straightliners), ins.item_ids]
    assert (sl.nunique(axis=1) == 1).all()
    assert (sim.data.loc[list(sim.truth.careless), "ATT1"] != 4).all()
    attentive = sim.data.drop(index=list(sim.truth.careless))
    assert (attentive["ATT1"] == 4).all()
    assert attentive[ins.item_ids].isna().to_numpy().mean() == pytest.approx(0.05, abs=0.006)
    k = len(ins.item_ids) + 1 + len(ins.background)
    assert (sim.durations[list(sim.truth.careless)] < 1.5 * k).all()
    bg = sim.background
    assert set(bg["gender"].unique()) <= {1.0, 2.0}
    assert (bg[["channel_1", "channel_2", "channel_3"]].sum(axis=1) >= 1).all()
    assert bg["age"].between(18, 80).all()


def test_bad_arguments(ins) -> None:
    with pytest.raises(DataError, match="at least 1"):
        simulate_responses(ins, 0, seed=1)
    with pytest.raises(DataError, match="careless"):
        simulate_responses(ins, 10, seed=1, careless=0.7)
    with pytest.raises(SpecError, match="not a path of the model"):
        simulate_responses(ins, 10, seed=1, null_paths=["SAT ~ LOY"])
    with pytest.raises(SpecError, match="single-choice"):
        simulate_responses(ins, 10, seed=1, group_effects={"age": ("ENG", 0.5)})
    with pytest.raises(SpecError, match="not a construct"):
        simulate_responses(ins, 10, seed=1, group_effects={"gender": ("XYZ", 0.5)})


def test_simulate_cli_json_and_shapes(cli, tmp_path: Path) -> None:
    import json

    out = tmp_path / "r.sav"
    code, stdout, err = cli(["simulate", SMALL, "-n", "20", "--seed", "1", "-o", out, "--as",
                             "sav", "--careless", "0.1", "--null-path", "LOY ~ ENG",
                             "--group-effect", "gender=ENG:0.5", "--format", "json"])
    assert code == 0, err
    d = json.loads(stdout)
    assert d["n"] == 20 and len(d["truth"]["careless"]) == 2 and out.exists()
    assert {"from": "ENG", "to": "LOY", "std": 0.0, "null": True} in d["truth"]["paths"]
    code, _, err = cli(["simulate", SMALL, "-n", "20", "-o", out])
    assert code == 6 and "--force" in err
    code, _, err = cli(["simulate", SMALL, "-n", "20", "-o", tmp_path / "x.csv",
                        "--null-path", "SAT ~ LOY"])
    assert code == 3 and "not a path of the model" in err
    assert not (tmp_path / "x.csv").exists()
    code, _, err = cli(["simulate", SMALL, "-n", "5", "-o", tmp_path / "y.csv", "--lang", "de"])
    assert code == 3 and "language 'de'" in err
