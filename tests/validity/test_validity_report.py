"""validity_tables: structure, verdicts and full-precision cells."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cemsurvey.psychometrics.validity import validity_from_estimates
from cemsurvey.report.tables import Verdict
from cemsurvey.report.validity import validity_tables


def _result(bootstrap=0):
    rng = np.random.default_rng(0)
    f = rng.multivariate_normal([0, 0, 0], [[1, .3, .95], [.3, 1, .2], [.95, .2, 1]], size=400)
    x = np.repeat(f, 3, axis=1) * 0.8 + rng.normal(size=(400, 9)) * 0.6
    cols = [f"{c}{k}" for c in "ABC" for k in range(3)]
    data = pd.DataFrame(x, columns=cols)
    blocks = {c: [f"{c}{k}" for k in range(3)] for c in "ABC"}
    lat = list(blocks)
    cor = pd.DataFrame([[1, .3, .95], [.3, 1, .2], [.95, .2, 1]], index=lat, columns=lat)
    theta = pd.DataFrame(np.eye(9) * 0.36, index=cols, columns=cols)
    lam = {c: 0.8 for c in cols}
    return validity_from_estimates(blocks, lam, cor, cor, theta, data,
                                   htmt_bootstrap=bootstrap, seed=1)


def test_tables_and_verdicts():
    res = _result()
    conv, fl, htmt = validity_tables(res)
    assert [t.key for t in (conv, fl, htmt)] == [
        "validity_convergent", "validity_fornell_larcker", "validity_htmt"]
    assert conv.rows[0][1] == res.cr["A"]  # full precision, rounding only when shown
    assert conv.rows[0][2].status == "pass" and conv.rows[0][4].status == "pass"
    # A and C correlate .95: Fornell-Larcker fails for both, HTMT(A, C) fails
    verdicts = {r[0]: r[-1].status for r in fl.rows}
    assert verdicts == {"A": "fail", "B": "pass", "C": "fail"}
    pair = {(r[0], r[1]): r for r in htmt.rows}
    assert pair[("A", "C")][3].status == "fail" and pair[("A", "B")][3].status == "pass"
    assert len(htmt.rows) == 3


def test_bootstrap_columns():
    res = _result(bootstrap=60)
    htmt = validity_tables(res)[2]
    assert "CI excludes 1" in htmt.columns
    pair = {(r[0], r[1]): r for r in htmt.rows}
    assert isinstance(pair[("A", "B")][-1], Verdict)
    assert pair[("A", "B")][-1].status == "pass"
