"""EFA, KMO, MSA and Bartlett vs psych::fa / KMO / cortest.bartlett (psych_reference.R).

Every pattern and structure loading, communality, uniqueness and factor correlation must agree
within 1e-4 absolute up to column order and sign (columns matched by the assignment maximising
|congruence|). KMO, MSA and Bartlett's chi2 are closed-form: 1e-10.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

from cemsurvey.psychometrics.efa import efa
from cemsurvey.psychometrics.efa.diagnostics import bartlett_sphericity, kmo

REF_DIR = Path(__file__).parent.parent / "reference"
REF = json.loads((REF_DIR / "psych" / "efa.json").read_text())
DATA = {"bfi": ("bfi.csv", 5), "hs": ("holzinger_swineford.csv", 3), "sim28": ("sim28.csv", 28)}
TOL = 1e-4


def _data(key: str) -> pd.DataFrame:
    csv, _ = DATA[key]
    d = pd.read_csv(REF_DIR / "data" / csv)
    return d[REF[key]["items"]].dropna()


def _align(ours: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column permutation and signs mapping our columns onto the reference's."""
    cong = ours.T @ ref / np.outer(np.linalg.norm(ours, axis=0), np.linalg.norm(ref, axis=0))
    rows, cols = linear_sum_assignment(-np.abs(cong))
    perm = rows[np.argsort(cols)]
    signs = np.sign(cong[perm, np.arange(ref.shape[1])])
    return perm, signs


CASES = [(k, fit) for k in DATA for fit in REF[k]["fits"]]
ALL_FITS = {f"{fm}_{rot}" for fm in ("minres", "ml", "pa")
            for rot in ("varimax", "promax", "oblimin", "geominQ")}


def test_reference_covers_every_extraction_and_rotation():
    """bfi and Holzinger-Swineford: all 12 extraction x rotation pairs; sim28 all but
    minres + geominQ, where GPArotation itself stops at maxit without converging."""
    assert set(REF["bfi"]["fits"]) == ALL_FITS
    assert set(REF["hs"]["fits"]) == ALL_FITS
    assert set(REF["sim28"]["fits"]) == ALL_FITS - {"minres_geominQ"}


def test_sim28_minres_geomin_nonconvergence_is_reported():
    """Where GPArotation fails to converge, cemsurvey says so instead of passing silently."""
    from cemsurvey.errors import ConvergenceWarning

    with pytest.warns(ConvergenceWarning, match="geomin rotation did not converge"):
        res = efa(_data("sim28"), 28, extraction="minres", rotation="geomin")
    assert not res.rotation_converged
    assert any("did not converge" in w for w in res.warnings)


@pytest.mark.parametrize("key", list(DATA))
def test_kmo_msa_bartlett(key):
    x = _data(key)
    ref = REF[key]
    r = x.corr()
    res = kmo(r)
    assert len(x) == ref["n"]
    assert res.overall == pytest.approx(ref["kmo"], abs=1e-10)
    np.testing.assert_allclose(res.per_item.to_numpy(), ref["msa"], atol=1e-10)
    b = bartlett_sphericity(r, len(x))
    assert b.chi2 == pytest.approx(ref["bartlett"]["chi2"], rel=1e-10)
    assert b.df == ref["bartlett"]["df"]
    assert b.p == pytest.approx(ref["bartlett"]["p"], abs=1e-12)


@pytest.mark.parametrize("key,fit", CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_loadings_match_psych_fa(key, fit):
    x = _data(key)
    ref = REF[key]["fits"][fit]
    k = DATA[key][1]
    res = efa(x, k, extraction=ref["fm"], rotation=ref["rotate"])
    assert res.converged and res.rotation_converged
    lref = np.array(ref["loadings"])
    pat = res.pattern.to_numpy()
    perm, signs = _align(pat, lref)
    np.testing.assert_allclose(pat[:, perm] * signs, lref, atol=TOL)
    np.testing.assert_allclose(res.structure.to_numpy()[:, perm] * signs,
                               np.array(ref["structure"]), atol=TOL)
    np.testing.assert_allclose(res.communalities.to_numpy(), ref["communality"], atol=TOL)
    np.testing.assert_allclose(res.uniquenesses.to_numpy(), ref["uniquenesses"], atol=TOL)
    # sums of p squared loadings: relative tolerance (sim28 ML sums 112 terms)
    np.testing.assert_allclose(res.variance.loc["ss_loadings"].to_numpy()[perm],
                               ref["ss_loadings"], rtol=1e-4)
    if ref.get("Phi"):  # psych gives no Phi for orthogonal rotations (JSON {})
        phi = res.phi.to_numpy()[np.ix_(perm, perm)] * np.outer(signs, signs)
        np.testing.assert_allclose(phi, np.array(ref["Phi"]), atol=TOL)
    else:
        np.testing.assert_allclose(res.phi.to_numpy(), np.eye(k), atol=1e-12)
    np.testing.assert_allclose(res.eigenvalues, ref["e_values"], atol=1e-10)


def test_columns_follow_psych_order_and_sign():
    x = _data("bfi")
    ref = REF["bfi"]["fits"]["minres_oblimin"]
    res = efa(x, 5)
    np.testing.assert_allclose(res.pattern.to_numpy(), np.array(ref["loadings"]), atol=TOL)
    assert (res.pattern.sum(axis=0) > 0).all()
