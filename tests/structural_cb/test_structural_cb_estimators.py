"""fit_cbsem with estimator / missing options vs lavaan 0.6.14 ``sem()``
(tests/reference/estimators_reference.R, section 8):

* PoliticalDemocracy (tests/structural_cb/political_democracy.yaml) with ``estimator = "MLR"``;
* the same with answers deleted (tests/reference/estimators/pd_incomplete.csv) by
  ``missing = "fiml"``, ML and MLR;
* a three-category Holzinger-Swineford with latent regressions by WLSMV (``ordered``).

Estimates, SEs, std.all, the indirect / total effects with their delta-method SEs (lavaan's
``:=`` rows), and the fit and scaled fit indices at 1e-4 relative.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import EstimationError
from cemsurvey.instrument import load_instrument
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.sem.structural import fit_cbsem
from cemsurvey.report.structural import structural_tables
from tests.conftest import REFERENCE

from .test_structural_cb_engine import PD_YAML

EST = REFERENCE / "estimators"
REL = 1e-4
FIT = {"chi2": "chisq", "df": "df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
       "srmr": "srmr"}
SCALED = ["chisq.scaled", "chisq.scaling.factor", "pvalue.scaled", "baseline.chisq.scaled",
          "cfi.scaled", "tli.scaled", "rmsea.scaled", "rmsea.ci.lower.scaled",
          "rmsea.ci.upper.scaled"]
ROBUST = ["cfi.robust", "tli.robust", "rmsea.robust", "rmsea.ci.lower.robust",
          "rmsea.ci.upper.robust"]


def ref(name: str) -> dict:
    return json.loads((EST / f"{name}.json").read_text())


def hs3() -> pd.DataFrame:
    """Holzinger-Swineford items cut at their 30% and 70% quantiles (R: cut(..., labels = FALSE))."""
    hs = pd.read_csv(REFERENCE / "data" / "holzinger_swineford.csv")
    out = pd.DataFrame()
    for v in [f"x{i}" for i in range(1, 10)]:
        q = np.quantile(hs[v], [0, .3, .7, 1])
        out[v] = pd.cut(hs[v], q, labels=False, include_lowest=True) + 1
    return out


def hs_instrument() -> Instrument:
    cons = [{"id": c, "name": c, "scale": "s",
             "items": [{"id": f"x{j}", "text": f"item {j}"} for j in items]}
            for c, items in (("visual", (1, 2, 3)), ("textual", (4, 5, 6)), ("speed", (7, 8, 9)))]
    return Instrument.model_validate({
        "title": "HS", "scales": {"s": {"type": "likert", "points": 3}}, "constructs": cons,
        "paths": ["textual ~ visual", "speed ~ visual + textual"]})


@pytest.fixture(scope="module")
def fits() -> dict:
    pd_ins = load_instrument(PD_YAML)
    full = pd.read_csv(REFERENCE / "data" / "political_democracy.csv")
    inc = pd.read_csv(EST / "pd_incomplete.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"pd_sem_mlr": fit_cbsem(full, pd_ins, estimator="mlr"),
                "pd_sem_fiml_ml": fit_cbsem(inc, pd_ins, missing="fiml"),
                "pd_sem_fiml_mlr": fit_cbsem(inc, pd_ins, missing="fiml", estimator="mlr"),
                "hs3_sem_wlsmv": fit_cbsem(hs3(), hs_instrument(), estimator="wlsmv")}


NAMES = ["pd_sem_mlr", "pd_sem_fiml_ml", "pd_sem_fiml_mlr", "hs3_sem_wlsmv"]


@pytest.mark.parametrize("name", NAMES)
def test_estimates_and_se_match_lavaan(fits, name):
    r, lav = fits[name], ref(name)
    want = "MLR" if name.endswith("mlr") else "WLSMV" if name.endswith("wlsmv") else "ML"
    assert r.fit.estimator == want and r.n == lav["n"]
    assert r.fit.missing == ("fiml" if "fiml" in name else "listwise")
    est = {(e["lhs"], e["op"], e["rhs"]): e for e in lav["estimates"]}
    std = {(e["lhs"], e["op"], e["rhs"]): e for e in lav["std"]}
    seen = set()
    for row in r.fit.parameters.itertuples():
        key = (row.lhs, row.op, row.rhs)
        e = est.get(key) or est[(row.rhs, row.op, row.lhs)]
        assert row.est == pytest.approx(e["est"], rel=REL, abs=1e-8), key
        if row.free and e["se"]:
            assert row.se == pytest.approx(e["se"], rel=REL), key
        if row.op in ("=~", "~"):
            assert row.std == pytest.approx(std[key]["est.std"], rel=REL), key
        seen.add(row.op)
    assert {"=~", "~", "~~"} <= seen


@pytest.mark.parametrize("name", NAMES)
def test_paths_and_effects_match_lavaan(fits, name):
    r, lav = fits[name], ref(name)
    est = {(e["lhs"], e["op"], e["rhs"]): e for e in lav["estimates"]}
    for h in r.structural.paths:
        e = est[(h.to, "~", h.from_)]
        assert (h.est, h.se) == (pytest.approx(e["est"], rel=REL), pytest.approx(e["se"], rel=REL))
    x, m, y = ("ind60", "dem60", "dem65") if name.startswith("pd") else ("visual", "textual", "speed")
    eff = r.effects.set_index(["from", "to", "kind"])
    for kind, label in (("indirect", "ind"), ("total", "total")):
        e = next(v for k, v in est.items() if k[0] == label and k[1] == ":=")
        got = eff.loc[(x, y, kind)]
        assert got["est"] == pytest.approx(e["est"], rel=REL), kind
        assert got["se"] == pytest.approx(e["se"], rel=REL), kind
    assert m in set(eff.index.get_level_values("to"))


@pytest.mark.parametrize("name", NAMES)
def test_fit_and_scaled_fit_match_lavaan(fits, name):
    r, f = fits[name].fit, ref(name)["fit"]
    for ours, theirs in FIT.items():
        assert getattr(r.fit, ours) == pytest.approx(f[theirs], rel=REL), ours
    want = [] if name == "pd_sem_fiml_ml" else SCALED + (ROBUST if name == "pd_sem_mlr" else [])
    for k in want:
        assert r.scaled_fit[k] == pytest.approx(f[k], rel=REL, abs=1e-10), k
    assert set(want) <= set(r.scaled_fit)


def test_tables_name_the_estimator_and_the_robust_statistics(fits):
    for name, words in (("pd_sem_mlr", ["MLR", "robust"]), ("pd_sem_fiml_mlr", ["FIML", "MLR"]),
                        ("hs3_sem_wlsmv", ["WLSMV", "mean-and-variance adjusted"])):
        tabs = {t.key: t for t in structural_tables(fits[name])}
        fit_rows = [row[0] for row in tabs["cbsem_fit"].rows]
        text = " ".join(tabs["cbsem_fit"].notes + tabs["structural_hypotheses"].notes)
        for w in words:
            assert w in text or any(w in r for r in fit_rows), (name, w)
        assert "ML (lavaan sem() defaults)" not in text
    assert "CFI (robust)" in [r[0] for r in structural_tables(fits["pd_sem_mlr"])[-1].rows]


def test_bootstrap_refuses_estimators_it_cannot_refit():
    pd_ins = load_instrument(PD_YAML)
    inc = pd.read_csv(EST / "pd_incomplete.csv")
    with pytest.raises(EstimationError, match="bootstrap=0"):
        fit_cbsem(inc, pd_ins, missing="fiml", bootstrap=10)
    with pytest.raises(EstimationError, match="bootstrap=0"):
        fit_cbsem(hs3(), hs_instrument(), estimator="wlsmv", bootstrap=10)
