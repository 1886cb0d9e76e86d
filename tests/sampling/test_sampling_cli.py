"""``cemsurvey sample-size``: table, JSON keys, errors and the instrument's df."""

from __future__ import annotations

import json
from pathlib import Path

from cemsurvey.instrument.loader import load_instrument
from cemsurvey.instrument.structure import latent_structure

ROOT = Path(__file__).resolve().parents[2]

SIM28 = ROOT / "tests" / "reference" / "data" / "sim28.yaml"
INSTRUMENT = ROOT / "instruments" / "digital-marketing-cem.yaml"
MODEL = INSTRUMENT if INSTRUMENT.exists() else SIM28

KEYS = {"cochran", "krejcie_morgan", "yamane", "rmsea_close", "rmsea_not_close",
        "rmsea_exact", "pls_inverse_sqrt", "pls_ten_times"}


def test_table_with_model_and_population(cli):
    code, out, err = cli(["sample-size", "--model", MODEL, "--population", "5000"])
    assert code == 0, err
    ins = load_instrument(MODEL)
    cfa_df = latent_structure(ins, "first").df
    sem_df = latent_structure(ins, "structural").df
    for label in ("Cochran", "Krejcie & Morgan", "Yamane", "close fit", "not-close fit",
                  "exact fit", "inverse square root", "10-times"):
        assert label in out
    assert f"CFA df = {cfa_df}" in out and f"structural model df = {sem_df}" in out
    assert "N = 5,000 -> S = 357" in out  # the Krejcie-Morgan table row
    assert "★" in out and "Recommended:" in out


def test_json_keys(cli):
    code, out, err = cli(["sample-size", "--model", MODEL, "--population", "5000",
                          "--response-rate", "0.4", "--sd", "0.9", "--mean-margin", "0.1",
                          "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    assert set(d) == {"methods", "recommended", "model"}
    assert {m["method"] for m in d["methods"]} == KEYS | {"cochran_mean"}
    for m in d["methods"]:
        assert {"method", "label", "n", "exact", "assumptions", "reference",
                "invitations"} <= set(m)
        assert m["invitations"] >= m["n"]
    assert set(d["model"]) == {"cfa_df", "sem_df", "max_arrows"}
    assert d["recommended"]["n"] == max(m["n"] for m in d["methods"])
    assert "rationale" in d["recommended"]
    km = next(m for m in d["methods"] if m["method"] == "krejcie_morgan")
    assert km["n"] == 357 and km["table_row"] == {"N": 5000, "S": 357}


def test_json_without_options(cli):
    code, out, err = cli(["sample-size", "--format", "json"])
    assert code == 0
    d = json.loads(out)
    assert [m["method"] for m in d["methods"]] == ["cochran"]
    assert d["methods"][0]["n"] == 385 and d["model"] is None
    assert "invitations" not in d["methods"][0]


def test_post_hoc_power_column(cli):
    code, out, err = cli(["sample-size", "--model", MODEL, "--n", "300", "--format", "json"])
    assert code == 0
    d = json.loads(out)
    for m in d["methods"]:
        if m["method"].startswith("rmsea_"):
            assert 0 <= m["power"] <= 1


def test_errors_name_option_and_range(cli):
    cases = [
        (["--proportion", "1.2"], "--proportion must be between 0 and 1"),
        (["--margin", "0"], "--margin must be between 0 and 1"),
        (["--confidence", "95"], "--confidence must be between 0 and 1"),
        (["--population", "0"], "--population must be at least 1"),
        (["--response-rate", "1.5"], "--response-rate must be in (0, 1]"),
        (["--sd", "1"], "--sd and --mean-margin go together"),
    ]
    for args, message in cases:
        code, out, err = cli(["sample-size", *args])
        assert code == 3, args  # SpecError from the sampling core
        assert out == ""
        assert err.strip().splitlines() == [f"error: {err.strip()[7:]}"]
        assert message in err


def test_usage_error_exit_2(cli):
    code, out, err = cli(["sample-size", "--margin", "abc"])
    assert code == 2


def test_model_with_zero_df(cli, tmp_path):
    y = tmp_path / "m.yaml"
    y.write_text(
        "title: t\nconstructs:\n"
        "  - {id: A, name: a, items: [{id: A1, text: x}, {id: A2, text: y}, {id: A3, text: z}]}\n"
    )
    code, out, err = cli(["sample-size", "--model", y])
    assert code == 3
    assert "df = 0" in err and "--model" in err
