"""fit_cbsem against lavaan 0.6.14 ``sem()`` (tests/reference/lavaan_reference.R).

References: PoliticalDemocracy's SEM example with its six correlated residuals (declared in
``political_democracy.yaml`` here; ``pd_sem.json`` and ``pd_sem_effects.json`` with the
indirect and total effects as ``:=`` parameters) and the sim28 paradigm model with
second-order dimensions (``sim28_structural.json``, specific indirect effects as ``:=``).

Tolerances: fit indices 1e-6 relative; estimates, SEs, std.all values and their SEs, R^2 and
the defined (indirect/total) effects with their delta-method SEs
``|ours - lavaan| <= 1e-4 * max(|lavaan|, se)`` (1e-4 relative, or 1e-4 of a standard error
for values near zero).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.sem.structural import fit_cbsem
from tests.conftest import LAVAAN_FIT_KEYS, REFERENCE, assert_parameters_match_lavaan, lavaan_close

LAV = REFERENCE / "lavaan"
DATA = REFERENCE / "data"
HERE = Path(__file__).parent

def ref(name: str) -> dict:
    return json.loads((LAV / f"{name}.json").read_text())


_cache: dict[str, object] = {}


def _fit(name: str):
    if name not in _cache:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sim28: n < free parameters (DataWarning)
            if name == "pd":
                ins = load_instrument(HERE / "political_democracy.yaml")
                data = pd.read_csv(DATA / "political_democracy.csv")
            else:
                ins = load_instrument(DATA / "sim28.yaml")
                data = pd.read_csv(DATA / "sim28.csv")
            _cache[name] = fit_cbsem(data, ins)
    return _cache[name]


CASES = [("pd", "pd_sem"), ("sim28", "sim28_structural")]


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def case(request):
    name, refname = request.param
    return _fit(name), ref(refname)


def test_converged_and_fit_indices(case):
    r, d = case
    assert r.fit.converged and d["converged"]
    assert r.n == d["n"]
    for ours, theirs in LAVAAN_FIT_KEYS.items():
        a, b = getattr(r.fit.fit, ours), d["fit"][theirs]
        assert a == pytest.approx(b, rel=1e-6, abs=1e-12), (ours, a, b)
    assert r.structural.fit["chi2"] == r.fit.fit.chi2


def test_every_parameter(case):
    """est, se, z, std.all and its se for every free and fixed parameter of sem()."""
    r, d = case
    P = r.fit.parameters
    rows = [(e, s) for e, s in zip(d["estimates"], d["std"]) if e["op"] != ":="]
    assert len(rows) == len(P)
    assert_parameters_match_lavaan(P, rows)


def test_hypothesis_table_matches_regressions(case):
    """H1..Hn in the order of paths; est/se/std/z/p are lavaan's regression rows."""
    r, d = case
    est = {(e["lhs"], e["rhs"]): e for e in d["estimates"] if e["op"] == "~"}
    std = {(e["lhs"], e["rhs"]): e for e in d["std"] if e["op"] == "~"}
    assert [h.hypothesis for h in r.structural.paths] == [f"H{i + 1}" for i in range(len(est))]
    for h in r.structural.paths:
        e, s = est[(h.to, h.from_)], std[(h.to, h.from_)]
        assert lavaan_close(h.est, e["est"], e["se"])
        assert lavaan_close(h.se, e["se"], e["se"])
        assert lavaan_close(h.t, e["z"], 1.0)
        assert h.p == pytest.approx(e["pvalue"], rel=1e-3, abs=1e-12)
        assert lavaan_close(h.std, s["est.std"], s["se"])
        # Wald interval without bootstrap
        assert h.ci_lower == pytest.approx(h.est - 1.959963984540054 * h.se, rel=1e-12)


def test_r2(case):
    """R^2 of every item and endogenous latent (lavInspect(fit, "r2")), and the hypothesis
    table's R^2 of the structural outcomes."""
    r, d = case
    outcomes = {e["lhs"] for e in d["estimates"] if e["op"] == "~"}
    assert set(r.structural.r2) == outcomes
    for c, v in r.structural.r2.items():
        assert v == pytest.approx(d["r2"][c], rel=1e-4), c
    assert set(d["r2"]) == set(r.fit.r2.index)
    for name, v in r.fit.r2.items():
        assert v == pytest.approx(d["r2"][name], rel=1e-4), name


def _defined(d: dict) -> dict[str, tuple[dict, dict]]:
    return {e["lhs"]: (e, s) for e, s in zip(d["estimates"], d["std"]) if e["op"] == ":="}


def test_pd_indirect_and_total_effects_match_lavaan_defined_parameters():
    r = _fit("pd")
    dd = _defined(ref("pd_sem_effects"))
    eff = r.effects.set_index(["from", "to", "kind"])
    for name, kind in (("ind", "indirect"), ("total", "total")):
        e, s = dd[name]
        row = eff.loc[("ind60", "dem65", kind)]
        assert lavaan_close(row["est"], e["est"], e["se"]), (name, row["est"], e["est"])
        assert lavaan_close(row["se"], e["se"], e["se"]), (name, row["se"], e["se"])
        assert lavaan_close(row["std"], s["est.std"], s["se"]), (name, row["std"], s["est.std"])
    (ie,) = r.structural.indirect
    assert ie.path == ("ind60", "dem60", "dem65")
    assert lavaan_close(ie.est, dd["ind"][0]["est"], dd["ind"][0]["se"])
    assert lavaan_close(ie.se, dd["ind"][0]["se"], dd["ind"][0]["se"])


def test_sim28_specific_indirect_effects_match_lavaan():
    r = _fit("sim28")
    dd = _defined(ref("sim28_structural"))
    got = {"i_" + "_".join(ie.path): ie for ie in r.structural.indirect}
    assert set(got) == set(dd)
    for name, (e, _) in dd.items():
        assert lavaan_close(got[name].est, e["est"], e["se"]), name
        assert lavaan_close(got[name].se, e["se"], e["se"]), name
        assert got[name].p == pytest.approx(e["pvalue"], rel=1e-3, abs=1e-12), name
