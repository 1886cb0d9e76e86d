"""PLS report tables and the JSON contract of PLSResult.to_dict()."""

from __future__ import annotations

import json
import warnings

import pytest

from cemsurvey.psychometrics.pls import fit_pls
from cemsurvey.report.jsonify import dumps
from cemsurvey.report.pls import pls_tables
from cemsurvey.report.structural import structural_tables
from cemsurvey.report.tables import Table


@pytest.fixture(scope="module")
def res(mobi, mobi_instrument):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_pls(mobi, mobi_instrument, bootstrap=50, seed=1)


def test_pls_tables(res):
    tabs = pls_tables(res)
    keys = [t.key for t in tabs]
    assert keys == ["structural_hypotheses", "structural_r2", "pls_outer", "pls_quality",
                    "pls_htmt", "pls_inner", "pls_q2", "pls_settings"]
    assert all(isinstance(t, Table) for t in tabs)
    by = {t.key: t for t in tabs}
    assert [r[0] for r in by["structural_hypotheses"].rows] == ["H1", "H2", "H3"]
    assert len(by["pls_outer"].rows) == 13 and len(by["pls_htmt"].rows) == 6
    for t in tabs:
        for row in t.rows:
            assert len(row) == len(t.columns)
            for c, v in zip(t.columns, row, strict=True):
                t.formatted(row, c, v)  # every cell renders


def test_structural_tables_renders_pls(res):
    keys = [t.key for t in structural_tables(res)]
    assert "structural_hypotheses" in keys and "structural_r2" in keys


def test_to_dict_contract(res):
    d = json.loads(dumps(res.to_dict()))
    assert {"method", "scheme", "higher_order", "n", "missing", "converged", "iterations",
            "tol", "max_iter", "stop_criterion",
            "structural", "outer", "paths", "r2", "r2_adj", "f2", "q2", "quality", "htmt",
            "htmt_ci", "inner_vif", "outer_vif", "bootstrap", "warnings"} <= set(d)
    st = d["structural"]
    assert st["method"] == "pls" and st["bootstrap"] == 50
    p = st["paths"][0]
    assert {"hypothesis", "from", "to", "est", "std", "se", "t", "p", "ci_lower", "ci_upper",
            "supported"} <= set(p)
    assert d["bootstrap"]["sign_correction"].startswith("construct-level reflection")
    assert set(d["r2"]) == {"Satisfaction"}
