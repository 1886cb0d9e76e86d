"""MICOM and PLS-MGA report tables: every cell renders, verdicts follow the result."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from cemsurvey.psychometrics.pls.mga import pls_mga
from cemsurvey.psychometrics.pls.micom import micom
from cemsurvey.report.jsonify import dumps
from cemsurvey.report.markdown import markdown_table
from cemsurvey.report.micom import mga_tables, micom_sentence, micom_tables
from tests.pls.conftest import renders
from tests.pls.test_pls_mga import simulate_groups, xmy_instrument


@pytest.fixture(scope="module")
def data():
    return simulate_groups(np.random.default_rng(8), (120, 100, 6), [(0.5, 0.4, 0.3)] * 3,
                           loadings={1: {"X": (0.2, 0.3, 0.95)}})


def _cells_render(tabs):
    renders(tabs)
    for t in tabs:
        markdown_table(t)


def test_micom_tables(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = micom(data.drop(columns="group"), xmy_instrument(), data["group"],
                    labels={1: "men", 2: "women", 3: "other"}, permutations=200, seed=1)
    tabs = micom_tables(res)
    assert [t.key for t in tabs] == ["micom_configural", "micom_compositional",
                                    "micom_means_variances", "micom_settings"]
    _cells_render(tabs)
    conf = tabs[0].rows
    assert [r[0] for r in conf] == ["men", "women", "other"]
    assert [r[-1].status for r in conf] == ["pass", "pass", "fail"]
    t = res.pairs[0].composites
    for r2, r3 in zip(tabs[1].rows, tabs[2].rows, strict=True):
        assert r2[0] == "men vs women" and r2[1] == r3[1]
        assert (r2[5].status == "pass") == bool(t.loc[r2[1], "compositional"])
        assert (r3[5].status == "pass") == bool(t.loc[r2[1], "equal_mean"])
        assert r3[-1].status == {"full": "pass", "partial": "warn", "no": "fail"}[
            t.loc[r2[1], "verdict"]]
    assert any("group other: 6 respondent(s)" in n for n in tabs[3].notes)
    text = micom_sentence(res)
    n_comp = int(t["compositional"].sum())
    assert f"men vs women: compositional invariance for {n_comp} of 3 composites" in text
    assert json.loads(dumps(res.to_dict()))["verdict"] == res.verdict


def test_mga_tables(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = pls_mga(data.drop(columns="group"), xmy_instrument(), data["group"],
                      permutations=50, bootstrap=50, seed=1)
    tabs = mga_tables(res)
    assert [t.key for t in tabs] == ["pls_mga"] and len(tabs[0].rows) == 3
    _cells_render(tabs)
    assert json.loads(dumps(res.to_dict()))["groups"] == {"1": 120, "2": 100}
