"""Rendering of the common-method-bias and discriminant-validity results: tables hold the
result's numbers unrounded with verdicts naming their sources; the summary lines read the typed
results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cemsurvey.instrument.loader import parse_instrument
from cemsurvey.psychometrics.discriminant import discriminant_validity, htmt_inference
from cemsurvey.psychometrics.method_bias import assess_method_bias
from cemsurvey.report.html import table_html
from cemsurvey.report.markdown import markdown_table
from cemsurvey.report.method_bias import (
    discriminant_lines,
    discriminant_tables,
    method_bias_lines,
    method_bias_tables,
)
from cemsurvey.report.tables import Verdict
from tests.conftest import REFERENCE

YAML = (Path(__file__).parents[1] / "cfa" / "bfi.yaml").read_text()


@pytest.fixture(scope="module")
def bfi():
    ins, _ = parse_instrument(YAML.replace("  - id: O\n", "  - id: O\n    marker: true\n"), "b.yaml")
    data = pd.read_csv(REFERENCE / "data" / "bfi.csv")[ins.item_ids]
    return ins, data


def test_method_bias_tables_and_lines(bfi) -> None:
    ins, data = bfi
    r = assess_method_bias(data, ins)
    tables = method_bias_tables(r)
    assert [t.key for t in tables] == ["method_bias_summary", "method_bias_items", "method_bias_marker"]
    for t in tables:
        assert all(len(row) == len(t.columns) for row in t.rows)
        markdown_table(t), table_html(t)
    summary = tables[0]
    harman = summary.rows[0]
    assert harman[1] == r.harman.pca_share  # unrounded
    assert harman[3].status == "pass" and harman[3].source == "Podsakoff et al. (2003)"
    items = tables[1]
    assert len(items.rows) == len(ins.item_ids)
    lines = method_bias_lines(r)
    assert [t for t, _, _ in lines] == ["method bias"] * 5  # with the marker correction
    assert lines[0][1].startswith(f"Harman's single-factor test: one factor explained "
                                  f"{r.harman.pca_share:.1%}")
    assert all(isinstance(v, Verdict) for _, _, v in lines)
    assert method_bias_lines(None) == []


def test_discriminant_tables_and_lines(bfi) -> None:
    ins, data = bfi
    dv = discriminant_validity(data, ins)
    keyed = data.copy()
    for i in ins.reverse_items:
        keyed[i] = 7 - keyed[i]
    blocks = {c.id: [it.id for it in c.items] for c in ins.constructs}
    h = htmt_inference(keyed, blocks, 100, seed=3)
    tables = discriminant_tables(dv, h)
    assert [t.key for t in tables] == ["discriminant_cfa", "discriminant_htmt"]
    assert len(tables[0].rows) == 10 and tables[0].rows[0][-1].source == "Rönkkö & Cho (2022)"
    assert tables[1].rows[0][5].source == "Franke & Sarstedt (2019)"
    lines = discriminant_lines(dv, h)
    assert len(lines) == 2 and "chi2(cut) test" in lines[0][1]
    assert discriminant_lines(None, None) == []
    assert lines[0][2].status == "pass"  # bfi: every upper limit < .80
