"""Common-method bias and discriminant validity against R (tests/reference/method_bias_reference.R):
psych (Harman), lm (full-collinearity VIFs), lavaan (common latent factor, CFA marker technique),
the Lindell-Whitney formulas and semTools::discriminantValidity. Tolerance 1e-4 relative for ML
estimates and fit indices (lavaan's own precision), 1e-5 for psych's minres share."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.discriminant import discriminant_validity
from cemsurvey.psychometrics.method_bias import (
    common_latent_factor,
    full_collinearity_vif,
    harman_test,
    lindell_whitney,
    marker_technique,
)
from tests.conftest import REFERENCE, assert_parameters_match_lavaan

FIT = [("chi2", "chisq"), ("df", "df"), ("p", "pvalue"), ("cfi", "cfi"), ("tli", "tli"),
       ("rmsea", "rmsea"), ("rmsea_ci_lower", "rmsea.ci.lower"), ("rmsea_ci_upper", "rmsea.ci.upper"),
       ("srmr", "srmr"), ("loglik", "logl"), ("aic", "aic"), ("bic", "bic"), ("npar", "npar"),
       ("baseline_chi2", "baseline.chisq")]


def load(case: str) -> tuple[dict, pd.DataFrame, LatentStructure]:
    ref = json.loads((REFERENCE / "method_bias" / f"{case}.json").read_text())
    cons = ref["constructs"]
    items = [i for v in cons.values() for i in v]
    if case == "hs":
        x = pd.read_csv(REFERENCE / "data" / "holzinger_swineford.csv")[items]
    else:
        x = pd.read_csv(REFERENCE / "data" / "bfi.csv")[items].dropna()
        x[ref["reverse"]] = 7 - x[ref["reverse"]]
    names = list(cons)
    st = LatentStructure(observed=tuple(items), latents=tuple(names),
                         indicators={k: tuple(v) for k, v in cons.items()},
                         latent_covariances=tuple((a, b) for i, a in enumerate(names)
                                                  for b in names[i + 1:]))
    return ref, x, st


def scores(ref: dict, x: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({k: x[v].mean(axis=1) for k, v in ref["constructs"].items()})


def assert_close_to_flat_optimum(result, rows: list) -> None:
    """For a flat likelihood where lavaan's nlminb stops early (bfi's common latent factor:
    lavaan's chi2 is 1.3e-6 above ours, our largest gradient 6e-9): our chi2 is not above
    lavaan's, and estimates and std.all agree within 1e-3 of max(|value|, SE)."""
    P = result.parameters.set_index(["lhs", "op", "rhs"])
    for e, st in rows:
        k = (e["lhs"], e["op"], e["rhs"])
        k = k if k in P.index else (e["rhs"], e["op"], e["lhs"])
        assert abs(P.loc[k, "est"] - e["est"]) <= 1e-3 * max(abs(e["est"]), e["se"] or 0), k
        assert abs(P.loc[k, "std"] - st["est.std"]) <= 1e-3 * max(abs(st["est.std"]), st["se"] or 0), k


def assert_fit_matches(result, block: dict, flat: bool = False) -> None:
    assert result.converged
    for ours, theirs in FIT:
        assert getattr(result.fit, ours) == pytest.approx(block["fit"][theirs], rel=1e-4), ours
    rows = list(zip(block["parameters"]["estimates"], block["parameters"]["standardized"]))
    # lavaan lists the covariances fixed to 0 (orthogonal method factor); our table omits them
    zero = [e for e, _ in rows if e["op"] == "~~" and e["lhs"] != e["rhs"] and e["est"] == 0
            and not e["se"]]
    have = set(zip(result.parameters.lhs, result.parameters.rhs))
    assert not any((e["lhs"], e["rhs"]) in have or (e["rhs"], e["lhs"]) in have for e in zero)
    rows = [r for r in rows if r[0] not in zero]
    if flat:
        assert result.fit.chi2 <= block["fit"]["chisq"] * (1 + 1e-12)
        assert_close_to_flat_optimum(result, rows)
    else:
        assert_parameters_match_lavaan(result.parameters, rows)


def assert_lrt(test, ref: dict) -> None:
    assert test.chi2 == pytest.approx(ref["Chisq diff"], rel=1e-4)
    assert test.df == ref["Df diff"]
    assert test.p == pytest.approx(ref["Pr(>Chisq)"], rel=1e-3)


@pytest.mark.parametrize("case", ["hs", "bfi"])
def test_harman_matches_psych(case: str) -> None:
    ref, x, st = load(case)
    r = harman_test(x, st.observed)
    h = ref["harman"]
    assert r.pca_share == pytest.approx(h["pca_share"], rel=1e-8)
    assert r.efa_share == pytest.approx(h["efa_share"], rel=1e-5)
    np.testing.assert_allclose(np.abs(r.pca_loadings), np.abs(pd.Series(h["pca_loadings"])[list(st.observed)]), rtol=1e-7)
    np.testing.assert_allclose(np.abs(r.efa_loadings), np.abs(pd.Series(h["efa_loadings"])[list(st.observed)]), rtol=1e-4)
    assert r.flagged == (max(h["pca_share"], h["efa_share"]) > 0.5)
    json.dumps(r.to_dict())


@pytest.mark.parametrize("case", ["hs", "bfi"])
def test_full_collinearity_matches_lm(case: str) -> None:
    ref, x, _ = load(case)
    r = full_collinearity_vif(scores(ref, x))
    expect = pd.Series(ref["full_collinearity_vif"])
    np.testing.assert_allclose(r.vif[expect.index], expect, rtol=1e-8)
    assert r.flagged == tuple(expect.index[expect > 3.3])
    assert r.to_dict()["scores"] == "mean"


@pytest.mark.parametrize("case", ["hs", "bfi"])
def test_common_latent_factor_matches_lavaan(case: str) -> None:
    ref, x, st = load(case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # HS: the method factor absorbs 'visual' (lavaan warns too)
        r = common_latent_factor(x, st)
    assert_fit_matches(r.trait, ref["clf"]["trait"])
    assert_fit_matches(r.with_method, ref["clf"]["clf"], flat=case == "bfi")
    assert_lrt(r.test, ref["clf"]["lrt"])
    std = {(e["lhs"], e["rhs"]): s["est.std"] for e, s in zip(
        ref["clf"]["clf"]["parameters"]["estimates"], ref["clf"]["clf"]["parameters"]["standardized"])
        if e["op"] == "=~"}
    share = np.mean([v**2 for (lhs, _), v in std.items() if lhs == "CMV"])
    assert r.method_share == pytest.approx(share, rel=1e-4)
    for item, row in r.items.iterrows():
        # bfi: flat optimum where lavaan stops early (see assert_close_to_flat_optimum)
        tol = 1e-4 if case == "bfi" else 1e-6
        assert row["std_with"] == pytest.approx(std[(row["construct"], item)], rel=1e-4, abs=tol)
        assert row["flagged"] == (abs(row["std_with"] - row["std_without"]) > 0.20)
    json.dumps(r.to_dict())


def test_marker_technique_matches_lavaan() -> None:
    ref, x, st = load("hs")
    m = ref["marker"]
    r = marker_technique(x, st, m["marker"])
    for k in ("cfa", "baseline", "method_c", "method_u", "method_r"):
        assert_fit_matches(getattr(r, k), m[k])
    assert_lrt(r.baseline_vs_c, m["baseline_vs_c"])
    assert_lrt(r.c_vs_u, m["c_vs_u"])
    assert r.retained == "method_c"  # c_vs_u p = .11
    assert_lrt(r.r_test, m["c_vs_r"])
    json.dumps(r.to_dict())


@pytest.mark.parametrize("case,marker", [("hs", "speed"), ("bfi", "open")])
def test_lindell_whitney_matches_formula(case: str, marker: str) -> None:
    ref, x, _ = load(case)
    r = lindell_whitney(scores(ref, x), marker)
    lw = ref["lindell_whitney"]
    assert r.r_marker == pytest.approx(lw["r_marker"], rel=1e-10)
    got = r.pairs.set_index(["lhs", "rhs"])
    for key in ("r", "r_adjusted", "t", "p"):
        want = pd.Series(np.atleast_1d(lw[key]), index=pd.MultiIndex.from_arrays(
            [np.atleast_1d(lw["lhs"]), np.atleast_1d(lw["rhs"])]))
        np.testing.assert_allclose(got[key][want.index], want, rtol=1e-8)


@pytest.mark.parametrize("case", ["hs", "bfi"])
@pytest.mark.parametrize("cutoff,key", [(0.90, "cut90"), (0.85, "cut85")])
def test_discriminant_validity_matches_semtools(case: str, cutoff: float, key: str) -> None:
    ref, x, st = load(case)
    r = discriminant_validity(x, st, cutoff=cutoff)
    want = pd.DataFrame(ref["discriminant"][key]).set_index(["lhs", "rhs"])
    got = r.pairs.set_index(["lhs", "rhs"]).loc[want.index]
    for ours, theirs in [("est", "est"), ("ci_lower", "ci_lower"), ("ci_upper", "ci_upper"),
                         ("chi2", "chisq"), ("chi2_diff", "chisq_diff")]:
        np.testing.assert_allclose(got[ours], want[theirs], rtol=1e-4, err_msg=ours)
    assert (got["df"] == want["df"]).all() and (got["df_diff"] == want["df_diff"]).all()
    tiny = want["p"] < 1e-300  # beyond double precision's normal range: both underflow
    np.testing.assert_allclose(np.log(got["p"][~tiny]), np.log(want["p"][~tiny]), rtol=1e-4)
    assert (got["p"][tiny] < 1e-300).all()
    upper = np.maximum(want["ci_upper"].abs(), want["ci_lower"].abs())
    assert (got["class"] == np.where(upper < 0.8, "no problem", "?")).all()
    assert got["below_cutoff"].all()
    json.dumps(r.to_dict())


def test_discriminant_validity_without_tests_uses_the_interval() -> None:
    ref, x, st = load("hs")
    r = discriminant_validity(x, st, chi2_tests=False, cutoff=0.5)
    want = pd.DataFrame(ref["discriminant"]["cut90"]).set_index(["lhs", "rhs"])
    got = r.pairs.set_index(["lhs", "rhs"]).loc[want.index]
    np.testing.assert_allclose(got["ci_upper"], want["ci_upper"], rtol=1e-4)
    assert got["chi2"].isna().all() and got["p"].isna().all()
    assert (got["below_cutoff"] == (got["upper"] < 0.5)).all()
    assert got["below_cutoff"].tolist() == [False, False, True]  # upper .58, .61, .42
    json.dumps(r.to_dict())
