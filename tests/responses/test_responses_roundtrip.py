"""Round trips: simulate -> write every export shape -> import gives back the exact codes.

For the shipped instruments and a small test model, in every language of the model:
item codes, attention-check codes and background answers (single choice, multiple
choice split to 0/1 columns, numbers, text) must come back cell for cell, with NaN where
the simulation left an answer blank.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.responses.exports import SHAPES, write_export
from cemsurvey.responses.importer import import_responses
from cemsurvey.responses.simulate import simulate_responses

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MODELS = {
    "small": HERE / "models" / "store_small.yaml",
    "cej": ROOT / "instruments" / "customer-engagement-journey.yaml",
    "dmc": ROOT / "instruments" / "digital-marketing-cem.yaml",
}
EXT = {"xlsx": ".xlsx", "sav": ".sav", "porsline": ".xlsx"}
EXPECTED_SOURCE = {"csv": "plain", "xlsx": "plain", "sav": "spss"}

_SIMS: dict[str, tuple] = {}


def _sim(model: str):
    if model not in _SIMS:
        ins = load_instrument(MODELS[model])
        sim = simulate_responses(ins, 45, seed=11, careless=0.1, missing=0.03)
        _SIMS[model] = (ins, sim)
    return _SIMS[model]


def _cells(values: np.ndarray) -> list:
    """Text cells compared as strings, blanks as None."""
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v == "":
            out.append(None)
        else:
            out.append(str(v))
    return out


def _cases():
    for model, path in MODELS.items():
        langs = load_instrument(path).languages
        for lang in langs:
            for shape in SHAPES:
                yield pytest.param(model, lang, shape, id=f"{model}-{lang}-{shape}")


@pytest.mark.parametrize(("model", "lang", "shape"), list(_cases()))
def test_roundtrip_exact_codes(tmp_path: Path, model: str, lang: str, shape: str) -> None:
    ins, sim = _sim(model)
    path = write_export(sim, ins, tmp_path / f"export{EXT.get(shape, '.csv')}", shape, lang=lang)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(path, ins)
    assert res.source == EXPECTED_SOURCE.get(shape, shape)
    assert res.n_rows == sim.n
    assert list(res.all_data.columns) == ins.item_ids
    np.testing.assert_array_equal(res.all_data.to_numpy(), sim.data[ins.item_ids].to_numpy())
    checks = [a.id for a in ins.attention_checks]
    assert list(res.attention.columns) == checks
    np.testing.assert_array_equal(res.attention.to_numpy(), sim.data[checks].to_numpy())
    assert list(res.background.columns) == list(sim.background.columns)
    for c in sim.background.columns:
        got, want = res.background[c].to_numpy(), sim.background[c].to_numpy()
        if not pd.api.types.is_numeric_dtype(sim.background[c]):
            assert _cells(got) == _cells(want), c
        else:
            np.testing.assert_array_equal(got.astype(float), want.astype(float), err_msg=c)
    # the planted careless respondents are flagged, by position (platform ids differ)
    pos = {rid: k for k, rid in enumerate(res.all_data.index)}
    flagged = {int(pos[i]) for i in res.flagged}
    planted = {int(k) for k, rid in enumerate(sim.data.index) if rid in set(sim.truth.careless)}
    if model == "small":  # 12 items: an attentive respondent may straight-line too
        assert planted <= flagged
    else:  # the shipped instruments: exactly the planted ones, in every shape and language
        assert flagged == planted


def test_plain_csv_keeps_respondent_ids(tmp_path: Path) -> None:
    ins, sim = _sim("small")
    path = write_export(sim, ins, tmp_path / "x.csv", "csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(path, ins, screening=None)
    assert list(res.all_data.index) == list(sim.data.index)
    assert res.all_data.index.name == "respondent"
    assert all(isinstance(i, str) for i in res.all_data.index)


def test_cli_roundtrip_writes_clean_table(cli, tmp_path: Path) -> None:
    model = MODELS["cej"]
    raw = tmp_path / "raw.csv"
    code, _, err = cli(["simulate", model, "-n", "60", "--seed", "3", "-o", raw,
                          "--as", "qualtrics", "--lang", "fa", "--missing", "0.02"])
    assert code == 0, err
    clean = tmp_path / "clean.csv"
    code, _, err = cli(["import", raw, "--model", model, "-o", clean, "--format", "json"])
    assert code == 0, err
    ins = load_instrument(model)
    sim = simulate_responses(ins, 60, seed=3, missing=0.02)
    df = pd.read_csv(clean)
    assert list(df.columns[: 1 + len(ins.item_ids)]) == ["respondent", *ins.item_ids]
    np.testing.assert_array_equal(df[ins.item_ids].to_numpy(), sim.data[ins.item_ids].to_numpy())
    for c in sim.background.columns:
        if pd.api.types.is_numeric_dtype(sim.background[c]):
            np.testing.assert_array_equal(df[c].to_numpy(dtype=float),
                                          sim.background[c].to_numpy(dtype=float))
    raw_before = raw.read_bytes()
    code, _, err = cli(["import", raw, "--model", model, "-o", clean])
    assert code == 6 and "--force" in err and "Traceback" not in err
    assert raw.read_bytes() == raw_before  # the input is never modified


@pytest.mark.parametrize("limit", [0, 10**12], ids=["categories", "strings"])
def test_label_columns_read_as_strings_or_categories(tmp_path: Path, monkeypatch,
                                                     limit: int) -> None:
    """Small files parse answer labels as strings, large ones as categories: same codes."""
    from cemsurvey.responses import readers

    monkeypatch.setattr(readers, "TEXT_CELLS_OBJECT", limit)
    ins, sim = _sim("cej")
    path = write_export(sim, ins, tmp_path / "gf.csv", "google-forms", lang="fa")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = import_responses(path, ins)
    np.testing.assert_array_equal(res.all_data.to_numpy(), sim.data[ins.item_ids].to_numpy())
