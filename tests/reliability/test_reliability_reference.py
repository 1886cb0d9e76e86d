"""Reliability vs psych::alpha / psych::describe / lavaan omega (tests/reference/psych_reference.R).

Tolerances: alpha, alpha_std, Feldt CI, alpha-if-deleted, item-rest r, item mean/SD/skew/kurtosis
are closed-form and must agree to 1e-8 absolute; omega comes from an iterative one-factor ML fit
(lavaan vs our L-BFGS-B) and must agree to 1e-5 absolute.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.reliability import analyze_reliability

HERE = Path(__file__).parent
REF_DIR = HERE.parent / "reference"
REF = json.loads((REF_DIR / "psych" / "reliability.json").read_text())

CASES = [
    ("bfi_listwise", HERE / "data" / "bfi.yaml", "bfi.csv", "listwise"),
    ("bfi_pairwise", HERE / "data" / "bfi.yaml", "bfi.csv", "pairwise"),
    ("hs", HERE / "data" / "hs.yaml", "holzinger_swineford.csv", "listwise"),
    ("sim28", REF_DIR / "data" / "sim28.yaml", "sim28.csv", "listwise"),
]
ITEM_KEYS = ["alpha_if_deleted", "alpha_std_if_deleted", "item_rest_r", "mean", "sd", "skew",
             "kurtosis"]


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def case(request):
    key, yml, csv, missing = request.param
    ins = load_instrument(yml)
    data = pd.read_csv(REF_DIR / "data" / csv)
    return key, analyze_reliability(data, ins, missing=missing)


def test_alpha_and_items_match_psych(case):
    key, rep = case
    ref = REF[key]
    if "n" in ref:
        assert rep.n == ref["n"]
    for cid, rc in rep.constructs.items():
        r = ref[cid]
        assert rc.alpha == pytest.approx(r["alpha"], abs=1e-8)
        assert rc.alpha_std == pytest.approx(r["alpha_std"], abs=1e-8)
        assert rc.average_r == pytest.approx(r["average_r"], abs=1e-8)
        assert rc.alpha_ci == pytest.approx(tuple(r["feldt"]), abs=1e-8)
        for iid, row in rc.item_stats.iterrows():
            for k in ITEM_KEYS:
                assert row[k] == pytest.approx(r["items"][iid][k], abs=1e-8), (cid, iid, k)


def test_omega_matches_lavaan(case):
    key, rep = case
    ref = REF[key]
    checked = 0
    for cid, rc in rep.constructs.items():
        om = ref[cid]["omega"]
        if om is None or (isinstance(om, float) and math.isnan(om)):
            continue
        assert rc.omega == pytest.approx(om, abs=1e-5), cid
        checked += 1
    if key != "bfi_pairwise":
        assert checked == len(rep.constructs)


def test_to_dict_keys(case):
    _, rep = case
    d = rep.to_dict()
    cid = next(iter(d))
    assert {"alpha", "alpha_std", "alpha_ci", "omega", "items", "n", "missing"} <= set(d[cid])
    item = next(iter(d[cid]["items"].values()))
    assert {"alpha_if_deleted", "item_rest_r", "mean", "sd", "skew", "kurtosis"} <= set(item)
    json.dumps(d)
