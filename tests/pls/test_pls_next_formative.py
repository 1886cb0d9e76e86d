"""Formative constructs: assessment table, redundancy analysis, schema and lavaan syntax.

Mode B estimates themselves are checked against seminr in test_pls_next_plsc.py; here the
assessment built on them is checked against its definitions (Hair et al. 2022 ch. 5).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from cemsurvey.errors import DataError
from cemsurvey.instrument.model import Construct, Instrument, Item, Scale
from cemsurvey.instrument.schema import instrument_json_schema
from cemsurvey.psychometrics.pls.formative import decision, vif_flag
from cemsurvey.questionnaire.lavaan import render_lavaan
from tests.pls.test_pls_next_plsc import quiet_fit


def ecsi(ref: dict, kinds: dict[str, str], global_items: dict[str, str] | None = None
         ) -> Instrument:
    blocks = ref["model"]["blocks"]
    g = global_items or {}
    cons = [Construct(id=c, name=c, scale="s", measurement=kinds.get(c, "reflective"),
                      global_item=g.get(c), items=[Item(id=i, text=i) for i in items])
            for c, items in blocks.items()]
    return Instrument(title="ECSI", scales={"s": Scale(points=10)}, constructs=cons,
                      paths=[f"{b} ~ {a}" for a, b in ref["model"]["paths"]])


@pytest.fixture(scope="module")
def ref():
    from tests.pls.conftest import PLS_REF
    return json.loads((PLS_REF / "pls_next.json").read_text())


@pytest.fixture(scope="module")
def with_global(mobi):
    rng = np.random.default_rng(11)
    d = mobi.copy()
    img = d[[f"IMAG{i}" for i in range(1, 6)]].mean(axis=1)
    d["IMAGG"] = np.clip(np.round(img + rng.normal(0, 1.0, len(d))), 1, 10)
    d.loc[3, "IMAGG"] = np.nan  # one missing answer: left out of the redundancy model only
    return d


@pytest.fixture(scope="module")
def res(ref, with_global):
    ins = ecsi(ref, {"Image": "formative", "Quality": "formative"}, {"Image": "IMAGG"})
    return quiet_fit(with_global, ins, bootstrap=200, seed=1)


def test_table_rows_and_vif(res):
    f = res.formative
    assert set(f.indicators.index.get_level_values(0)) == {"Image", "Quality"}
    assert len(f.indicators) == 12
    for ix, row in f.indicators.iterrows():
        assert row["vif"] == res.outer_vif[ix]
        assert row["weight"] == res.outer.loc[ix, "weight"]
        assert row["vif_flag"] == vif_flag(row["vif"])
        assert row["decision"] == decision(row["weight_p"], row["loading"], row["loading_p"],
                                           0.05)
        assert row["decision"] in ("keep", "keep (loading >= .50)", "consider removing",
                                   "remove")
    assert np.all(np.isfinite(f.indicators["weight_p"]))


def test_decision_rules():
    assert decision(0.01, 0.2, 0.5, 0.05) == "keep"
    assert decision(0.30, -0.6, 0.5, 0.05) == "keep (loading >= .50)"
    assert decision(0.30, 0.3, 0.01, 0.05) == "consider removing"
    assert decision(0.30, 0.3, 0.20, 0.05) == "remove"
    assert decision(float("nan"), 0.3, 0.2, 0.05) == ""
    assert [vif_flag(v) for v in (2.9, 3.1, 5.2)] == ["", "> 3", "> 5"]


def test_redundancy_is_multiple_correlation(res, with_global):
    red = res.formative.redundancy.loc["Image"]
    ok = with_global["IMAGG"].notna()
    cols = [f"IMAG{i}" for i in range(1, 6)] + ["IMAGG"]
    R = np.corrcoef(with_global.loc[ok, cols].to_numpy(float).T)
    r2 = R[5, :5] @ np.linalg.solve(R[:5, :5], R[:5, 5])
    assert red["n"] == 249 and red["global_item"] == "IMAGG"
    assert red["r2"] == pytest.approx(r2, abs=1e-10)
    assert red["path"] == pytest.approx(np.sqrt(r2), abs=1e-10)
    assert red["convergent"] == (red["path"] >= 0.7)
    d = res.to_dict()["formative"]
    assert d["redundancy"][0]["construct"] == "Image" and len(d["indicators"]) == 12


def test_missing_global_item_column(ref, mobi):
    ins = ecsi(ref, {"Image": "formative"}, {"Image": "NOPE"})
    with pytest.raises(DataError, match="global_item 'NOPE' is not a column"):
        quiet_fit(mobi, ins, bootstrap=0)


def test_no_formative_no_table(ref, mobi):
    assert quiet_fit(mobi, ecsi(ref, {}), bootstrap=0).formative is None


def test_schema_and_lavaan(ref):
    props = instrument_json_schema()["$defs"]["Construct"]["properties"]
    assert props["measurement"]["enum"] == ["reflective", "composite", "formative"]
    assert "global_item" in props
    ins = ecsi(ref, {"Image": "formative", "Value": "composite"})
    text = render_lavaan(ins, "en")
    assert "Image <~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5" in text
    assert "Value =~ PERV1 + PERV2" in text and "Image =~" not in text
    assert "# Formative (composite, <~): Image" in text


def test_codebook_measurement_column(ref):
    from cemsurvey.questionnaire.codebook import codebook_columns, codebook_rows
    from cemsurvey.questionnaire.layout import build_layout
    plain = ecsi(ref, {})
    assert "measurement" not in codebook_columns(plain)  # all reflective: no new column
    ins = ecsi(ref, {"Image": "formative", "Value": "composite"})
    cols = codebook_columns(ins)
    assert cols[cols.index("dimension") + 1] == "measurement"
    rows = {r["variable"]: r for r in codebook_rows(ins, build_layout(ins))}
    assert rows["IMAG1"]["measurement"] == "formative"
    assert rows["PERV1"]["measurement"] == "composite"
    assert rows["CUSA1"]["measurement"] == "reflective"
