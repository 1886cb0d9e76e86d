"""Multi-group WLSMV (ordered items, delta parameterization) against lavaan 0.6.14 / semTools
0.5.6: the Wu & Estabrook (2016) levels as ``measEq.syntax(ID.fac = "std.lv", ID.cat =
"Wu.Estabrook.2016")`` writes them, fitted by ``cfa(..., estimator = "WLSMV")``, on
Holzinger-Swineford cut into 4 categories by school and bfi's A/C items (6 categories) by gender.
Reference: tests/reference/invariance_wlsmv_reference.R.

Tolerances: every fit index 1e-4 relative (scaled chi-squares agree to ~2e-7; evaluated at
lavaan's own estimates they agree to 1e-8); p-values 1e-4 relative or 1e-8 absolute;
estimates and SEs 1e-4 relative to ``max(|est|, SE)``, so that an estimate near zero
(a middle threshold of -0.0019) is judged on its standard error's scale - lavaan's optimizer
stops ~3e-6 away from the optimum there; the satorra.2000 differences 1e-4 relative (they
agree to ~2e-7).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.multigroup_dwls import (
    WE_LEVELS,
    fit_dwls_multigroup,
    ordinal_groups,
)
from cemsurvey.psychometrics.sem.multigroup_dwls_diff import satorra2000

REF = Path(__file__).parents[1] / "reference"


def _structure(factors: dict[str, tuple[str, ...]]) -> LatentStructure:
    names = list(factors)
    return LatentStructure(
        observed=tuple(x for f in names for x in factors[f]), latents=tuple(names),
        indicators=factors,
        latent_covariances=tuple((a, b) for i, a in enumerate(names) for b in names[i + 1:]))


CASES = {
    "hs4_school": ("hs4_school.csv", "school", {"visual": ("x1", "x2", "x3"),
                                                 "textual": ("x4", "x5", "x6"),
                                                 "speed": ("x7", "x8", "x9")}),
    "bfi_ac_gender": ("bfi.csv", "gender", {"agree": ("A1", "A2", "A3", "A4", "A5"),
                                             "consc": ("C1", "C2", "C3", "C4", "C5")}),
}
FIT = ["npar", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
       "chisq.scaling.factor", "baseline.chisq", "baseline.df",
       "baseline.chisq.scaled", "baseline.chisq.scaling.factor", "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled",
       "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "srmr"]


def load(name: str):
    ref = json.loads((REF / "invariance_wlsmv" / f"{name}.json").read_text())
    csv, group, factors = CASES[name]
    st = _structure(factors)
    data = pd.read_csv(REF / "data" / csv).dropna(subset=list(st.observed) + [group])
    g = data[group].astype(str).str.replace(r"\.0$", "", regex=True)
    return ref, st, ordinal_groups(data, list(st.observed), g, [str(x) for x in ref["group_labels"]])


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    ref, st, groups = load(request.param)
    fits, warm = {}, None
    for lv in WE_LEVELS:
        fits[lv] = warm = fit_dwls_multigroup(groups, st, lv, warm=warm)
    return ref, groups, fits


def close(a: float, b: float, rel: float = 1e-4, abs_: float = 1e-8) -> bool:
    return abs(a - b) <= max(rel * abs(b), abs_)


@pytest.mark.parametrize("level", WE_LEVELS)
def test_fit_indices_match_lavaan(case, level):
    ref, _, fits = case
    ours, want = fits[level].fit, ref["levels"][level]["fit"]
    assert fits[level].converged and ref["levels"][level]["converged"]
    bad = {k: (ours[k], want[k]) for k in FIT if not close(ours[k], want[k])}
    assert not bad


@pytest.mark.parametrize("level", WE_LEVELS)
def test_estimates_and_robust_ses_match_lavaan(case, level):
    ref, _, fits = case
    e = pd.DataFrame(ref["levels"][level]["estimates"])
    labels = [str(x) for x in ref["group_labels"]]
    e = e[e["group"] > 0].copy()
    e["group"] = [labels[i - 1] for i in e["group"]]
    e["rhs"] = e["rhs"].where(e["op"] != "~1", "")
    m = e.merge(fits[level].estimates, on=["lhs", "op", "rhs", "group"], how="outer",
                suffixes=("_r", "_c"), indicator=True)
    assert (m["_merge"] == "both").all()            # the same parameters, fixed or free
    scale = np.maximum(m["est_r"].abs(), m["se_r"].fillna(0.0))
    assert np.all(np.abs(m["est_c"] - m["est_r"]) <= 1e-4 * np.maximum(scale, 1e-8))
    free = m["se_r"] > 0
    assert (free == np.isfinite(m["se_c"])).all()   # lavaan's residual variances: se 0
    se_r, se_c = m.loc[free, "se_r"].to_numpy(), m.loc[free, "se_c"].to_numpy()
    assert np.all(np.abs(se_c - se_r) <= 1e-4 * se_r)


@pytest.mark.parametrize("level", WE_LEVELS[1:])
def test_satorra2000_differences_match_lavaan(case, level):
    ref, groups, fits = case
    lower = WE_LEVELS[WE_LEVELS.index(level) - 1]
    d = satorra2000(fits[lower], fits[level], groups)
    want = ref["differences"][level]
    assert "satorra.2000" in want["method"]
    assert d["df"] == want["delta_df"]
    assert close(d["chisq"], want["delta_chisq"])
    assert close(d["p"], want["p"], 1e-4, 1e-10)


def test_analytic_jacobian_matches_complex_step():
    from cemsurvey.psychometrics.sem.multigroup_dwls_model import (
        WETable,
        jacobian,
        jacobian_complex,
    )

    _, st, groups = load("hs4_school")
    st = LatentStructure(observed=st.observed, latents=st.latents, indicators=st.indicators,
                         latent_covariances=st.latent_covariances,
                         residual_covariances=(("x1", "x4"),))
    rng = np.random.default_rng(3)
    for lv in WE_LEVELS:
        t = WETable(st, list(st.observed), groups[0].nthr, len(groups), lv)
        x = t.start(groups) + rng.normal(0.0, 0.3, t.q)
        for a, b in zip(jacobian(t, x), jacobian_complex(t, x)):
            assert np.abs(a.toarray() - b).max() < 1e-12


def test_measurement_invariance_wlsmv_levels():
    from cemsurvey.psychometrics.invariance import measurement_invariance

    ref, st, _ = load("hs4_school")
    data = pd.read_csv(REF / "data" / "hs4_school.csv")
    res = measurement_invariance(data, st, "school", estimator="WLSMV")
    assert [lv.level for lv in res.levels] == list(WE_LEVELS)
    assert res.method == "WLSMV" and res.released == ()
    for lv in res.levels[1:]:
        want = ref["differences"][lv.level]
        assert close(lv.delta["chisq"], want["delta_chisq"]) and lv.delta["df"] == want["delta_df"]
        fit = ref["levels"][lv.level]["fit"]
        low = ref["levels"][WE_LEVELS[WE_LEVELS.index(lv.level) - 1]]["fit"]
        assert close(lv.delta["cfi"], fit["cfi.scaled"] - low["cfi.scaled"], 1e-3)
    # thresholds and metric hold (delta CFI -.001 and +.010), scalar fails (delta CFI -.043)
    assert [lv.verdict for lv in res.levels] == ["baseline", "holds", "holds", "fails"]
    assert res.reached == "metric" and len(res.latent_means) == 0
    assert json.loads(json.dumps(res.to_dict()))["levels"][1]["level"] == "thresholds"


def test_scalar_latent_means_are_lavaans_alphas():
    from cemsurvey.psychometrics.invariance_ordinal import _latent_means

    ref, _, fits = load_fits("bfi_ac_gender")
    means = _latent_means(fits["scalar"], ["agree", "consc"])
    e = pd.DataFrame(ref["levels"]["scalar"]["estimates"])
    e = e[(e["op"] == "~1") & e["lhs"].isin(["agree", "consc"]) & (e["group"] == 2)]
    for _, row in e.iterrows():
        got = means[means["latent"] == row["lhs"]].iloc[0]
        assert close(got["diff"], row["est"]) and close(got["se"], row["se"])


def load_fits(name: str):
    ref, st, groups = load(name)
    fits, warm = {}, None
    for lv in WE_LEVELS:
        fits[lv] = warm = fit_dwls_multigroup(groups, st, lv, warm=warm)
    return ref, groups, fits


def test_unused_category_in_one_group_is_named():
    from cemsurvey.errors import DataError
    from cemsurvey.psychometrics.invariance import measurement_invariance

    _, st, _ = load("hs4_school")
    data = pd.read_csv(REF / "data" / "hs4_school.csv")
    data.loc[(data["school"] == "Pasteur") & (data["x1"] == 4), "x1"] = 3
    with pytest.raises(DataError) as exc:
        measurement_invariance(data, st, "school", estimator="WLSMV")
    msg = str(exc.value)
    assert "item x1: category 4 is never chosen in group(s) Pasteur" in msg
    assert "merge category 4 of x1" in msg and "ML and MLR levels" in msg


def test_report_shows_threshold_level():
    from cemsurvey.psychometrics.invariance import measurement_invariance
    from cemsurvey.report.invariance import invariance_sentence, invariance_tables

    _, st, _ = load("hs4_school")
    data = pd.read_csv(REF / "data" / "hs4_school.csv")
    res = measurement_invariance(data, st, "school", estimator="WLSMV")
    table = invariance_tables(res)[0]
    assert [r[0] for r in table.rows] == list(WE_LEVELS)
    assert table.columns[1] == "scaled chi2"
    assert close(table.rows[2][1], res.levels[2].fit["chisq_scaled"])      # scaled shown
    assert any("Wu & Estabrook (2016)" in n for n in table.notes)
    assert any("satorra.2000" in n for n in table.notes)
    assert "configural, thresholds, metric invariance held" in invariance_sentence(res)


def test_small_groups_are_warned_about():
    from cemsurvey.psychometrics.invariance import measurement_invariance

    _, st, _ = load("hs4_school")
    data = pd.read_csv(REF / "data" / "hs4_school.csv")
    full = measurement_invariance(data, st, "school", estimator="WLSMV")
    assert full.warnings == ()
    small = data.groupby("school").head(80)
    with pytest.warns(Warning, match="estimated from too few cases"):
        res = measurement_invariance(small, st, "school", estimator="WLSMV")
    assert sum("n = 80 respondents for 63 thresholds" in w for w in res.warnings) == 2
    # x9 loads above 1 in the subsample: its derived residual variance is negative
    assert any("Heywood case: x9 in Grant-White" in w for w in res.warnings)
