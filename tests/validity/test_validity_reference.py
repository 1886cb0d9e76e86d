"""Validity statistics against semTools 0.5-6 (tests/reference/validity_reference.R).

lavaan's estimates stored in tests/reference/validity/<case>.json are fed into
cemsurvey.psychometrics.validity and compared with semTools' compRelSEM, AVE and htmt
at 1e-6 relative (the agreement is in fact ~1e-13).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument.model import Construct, Instrument, Item, Scale
from cemsurvey.psychometrics.validity import analyze_validity, validity_from_estimates

REF = Path(__file__).resolve().parents[1] / "reference"
CASES = ["hs", "hs_rescov", "bfi", "sim28"]
RTOL = 1e-6


def _load(case: str) -> dict:
    return json.loads((REF / "validity" / f"{case}.json").read_text())


def _data(case: str, d: dict, *, reverse: bool = True) -> pd.DataFrame:
    items = [i for v in d["constructs"].values() for i in v]
    if case.startswith("hs"):
        df = pd.read_csv(REF / "data" / "holzinger_swineford.csv")
    elif case == "bfi":
        df = pd.read_csv(REF / "data" / "bfi.csv")
        df = df[items].dropna()
        if reverse:
            for r in d["reverse"]:
                df[r] = 7 - df[r]
    else:
        df = pd.read_csv(REF / "data" / "sim28.csv")
    return df[items].astype(float)


def _estimates(d: dict):
    lat, it = d["latent_names"], d["item_names"]
    psi = pd.DataFrame(d["psi"], index=lat, columns=lat)
    cor = pd.DataFrame(d["cor_lv"], index=lat, columns=lat)
    theta = pd.DataFrame(d["theta"], index=it, columns=it)
    lam = {r["item"]: r["est"] for r in d["loadings"]}
    return lam, psi, cor, theta


def _matrix(d: dict, key: str) -> np.ndarray:
    return np.array(d["semtools"][key], dtype=float)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("obs_var", [False, True])
def test_cr_ave_match_semtools(case, obs_var):
    d = _load(case)
    assert d["converged"]
    lam, psi, cor, theta = _estimates(d)
    res = validity_from_estimates(d["constructs"], lam, psi, cor, theta, _data(case, d),
                                  obs_var=obs_var)
    kind = "observed" if obs_var else "model"
    for c in d["latent_names"]:
        assert res.cr[c] == pytest.approx(d["semtools"][f"cr_{kind}"][c], rel=RTOL)
        assert res.ave[c] == pytest.approx(d["semtools"][f"ave_{kind}"][c], rel=RTOL)
    assert res.n == d["n"]


@pytest.mark.parametrize("case", CASES)
def test_htmt_htmt2_match_semtools(case):
    d = _load(case)
    lam, psi, cor, theta = _estimates(d)
    df = _data(case, d)
    res = validity_from_estimates(d["constructs"], lam, psi, cor, theta, df)
    np.testing.assert_allclose(res.htmt.to_numpy(), _matrix(d, "htmt"), rtol=RTOL)
    np.testing.assert_allclose(res.htmt2.to_numpy(), _matrix(d, "htmt2"), rtol=RTOL)
    signed = validity_from_estimates(d["constructs"], lam, psi, cor, theta, df, absolute=False)
    np.testing.assert_allclose(signed.htmt.to_numpy(), _matrix(d, "htmt_signed"), rtol=RTOL)


def test_residual_covariance_lowers_cr():
    # hs_rescov has x7 ~~ x8: the 2 * theta_78 term enters rho_C (semTools agrees above)
    d = _load("hs_rescov")
    lam, psi, cor, theta = _estimates(d)
    assert theta.loc["x7", "x8"] > 0
    res = validity_from_estimates(d["constructs"], lam, psi, cor, theta, _data("hs_rescov", d))
    theta0 = theta.copy()
    theta0.loc["x7", "x8"] = theta0.loc["x8", "x7"] = 0.0
    res0 = validity_from_estimates(d["constructs"], lam, psi, cor, theta0,
                                   _data("hs_rescov", d))
    assert res.cr["speed"] < res0.cr["speed"]
    assert res.cr["visual"] == pytest.approx(res0.cr["visual"], rel=1e-14)


def test_fornell_larcker_msv_asv_from_lavaan():
    d = _load("hs")
    lam, psi, cor, theta = _estimates(d)
    res = validity_from_estimates(d["constructs"], lam, psi, cor, theta, _data("hs", d))
    for c in d["latent_names"]:
        assert res.fornell_larcker.loc[c, c] == pytest.approx(
            np.sqrt(d["semtools"]["ave_model"][c]), rel=RTOL)
        others = [o for o in d["latent_names"] if o != c]
        r2 = [cor.loc[c, o] ** 2 for o in others]
        assert res.msv[c] == pytest.approx(max(r2), rel=1e-12)
        assert res.asv[c] == pytest.approx(np.mean(r2), rel=1e-12)
    assert res.fornell_larcker.loc["visual", "speed"] == pytest.approx(
        cor.loc["visual", "speed"], rel=1e-12)


def _bfi_instrument(d: dict) -> Instrument:
    rev = set(d["reverse"])
    return Instrument(
        title="bfi",
        scales={"six": Scale(type="likert", points=6)},
        constructs=[
            Construct(id=c, name=c, scale="six",
                      items=[Item(id=i, text=i, reverse=i in rev) for i in ids])
            for c, ids in d["constructs"].items()
        ],
    )


def _stand_in_cfa(d: dict) -> SimpleNamespace:
    """A CFAResult-shaped object (docs/api-contract.md) built from lavaan's estimates."""
    lam, psi, cor, theta = _estimates(d)
    rows = [{"construct": r["construct"], "item": r["item"], "est": r["est"], "se": np.nan,
             "z": np.nan, "p": np.nan, "std": r["std"], "std_se": np.nan}
            for r in d["loadings"]]
    items = d["item_names"]
    rc = pd.DataFrame(d["residual_covariances"] or [], columns=["lhs", "rhs", "est"])
    return SimpleNamespace(
        converged=True, n=d["n"], level="first", estimator="ML",
        loadings=pd.DataFrame(rows), factor_covariances=psi, factor_correlations=cor,
        residual_variances=pd.DataFrame({"est": np.diag(theta), "se": np.nan,
                                         "std": np.nan}, index=items),
        residual_covariances=rc, warnings=(),
    )


def test_analyze_validity_adapter_bfi_reverse_keys():
    d = _load("bfi")
    ins = _bfi_instrument(d)
    raw = _data("bfi", d, reverse=False)  # codes as answered; the adapter reverse-keys
    res = analyze_validity(_stand_in_cfa(d), raw, ins)
    for c in d["latent_names"]:
        assert res.cr[c] == pytest.approx(d["semtools"]["cr_model"][c], rel=RTOL)
        assert res.ave[c] == pytest.approx(d["semtools"]["ave_model"][c], rel=RTOL)
    np.testing.assert_allclose(res.htmt.to_numpy(), _matrix(d, "htmt"), rtol=RTOL)
    np.testing.assert_allclose(res.htmt2.to_numpy(), _matrix(d, "htmt2"), rtol=RTOL)
    out = res.to_dict()
    assert {"cr", "ave", "fornell_larcker", "htmt", "htmt2", "msv", "asv"} <= set(out)
    assert out["htmt"]["A"]["C"] == pytest.approx(_matrix(d, "htmt")[0, 1], rel=RTOL)
    assert "A" not in out["htmt"]["A"]


def test_analyze_validity_adapter_residual_covariance():
    d = _load("hs_rescov")
    ins = Instrument(title="hs", scales={"n": Scale(type="numeric", min=0, max=10)},
                     constructs=[Construct(id=c, name=c, scale="n",
                                           items=[Item(id=i, text=i) for i in ids])
                                 for c, ids in d["constructs"].items()])
    res = analyze_validity(_stand_in_cfa(d), _data("hs_rescov", d), ins)
    for c in d["latent_names"]:
        assert res.cr[c] == pytest.approx(d["semtools"]["cr_model"][c], rel=RTOL)


def test_analyze_validity_warns_when_cfa_not_converged():
    from cemsurvey.errors import ConvergenceWarning

    d = _load("hs")
    cfa = _stand_in_cfa(d)
    cfa.converged = False
    ins = Instrument(title="hs", scales={"n": Scale(type="numeric", min=0, max=10)},
                     constructs=[Construct(id=c, name=c, scale="n",
                                           items=[Item(id=i, text=i) for i in ids])
                                 for c, ids in d["constructs"].items()])
    with pytest.warns(ConvergenceWarning):
        res = analyze_validity(cfa, _data("hs", d), ins)
    assert any("did not converge" in w for w in res.warnings)
