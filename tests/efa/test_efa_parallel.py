"""Parallel analysis decisions vs the R reference (2000 R draws; decisions, not draws)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.psychometrics.efa.parallel import count_above, kaiser_criterion, parallel_analysis

REF_DIR = Path(__file__).parent.parent / "reference"
REF = json.loads((REF_DIR / "psych" / "parallel.json").read_text())
ITEMS = json.loads((REF_DIR / "psych" / "efa.json").read_text())
FILES = {"bfi": "bfi.csv", "hs": "holzinger_swineford.csv", "sim28": "sim28.csv"}


def _data(key):
    d = pd.read_csv(REF_DIR / "data" / FILES[key])
    return d[ITEMS[key]["items"]].dropna()


@pytest.mark.parametrize("key", ["bfi", "hs"])
def test_decisions_match_r(key):
    res = parallel_analysis(_data(key), n_iter=200, seed=1)
    assert res.n_components == REF[key]["ncomp"]
    assert res.n_factors == REF[key]["nfact"]
    np.testing.assert_allclose(res.eigenvalues, REF[key]["eigenvalues"], atol=1e-10)
    np.testing.assert_allclose(res.fa_eigenvalues, REF[key]["fa_eigenvalues"], atol=1e-10)
    # simulated percentiles agree in distribution with R's (2000 draws): within 2%
    np.testing.assert_allclose(res.sim_pc, REF[key]["q95_pc"], rtol=0.02)


def test_sim28_decision_within_noise():
    res = parallel_analysis(_data("sim28"), n_iter=100, seed=2)
    assert abs(res.n_components - REF["sim28"]["ncomp"]) <= 1
    assert abs(res.n_factors - REF["sim28"]["nfact"]) <= 1
    # with R's percentiles our observed eigenvalues give R's decisions exactly
    assert count_above(res.eigenvalues, np.array(REF["sim28"]["q95_pc"])) == REF["sim28"]["ncomp"]
    assert count_above(res.fa_eigenvalues,
                       np.array(REF["sim28"]["q95_fa"])) == REF["sim28"]["nfact"]


def test_seed_reproducible_and_progress():
    x = _data("hs")
    ticks = []
    a = parallel_analysis(x, 60, seed=5, progress=ticks.append, chunk=25)
    b = parallel_analysis(x, 60, seed=5)
    assert sum(ticks) == 60 and ticks == [25, 25, 10]
    np.testing.assert_array_equal(a.sim_fa, b.sim_fa)
    assert a.kaiser == kaiser_criterion(a.eigenvalues)


def test_correlation_matrix_input():
    x = _data("hs")
    a = parallel_analysis(x.corr().to_numpy(), 50, seed=1, n=len(x), fa="pc")
    assert a.n_components == REF["hs"]["ncomp"] and a.fa_eigenvalues is None
