"""Report tables for reliability and EFA render with verdicts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cemsurvey.instrument import load_instrument
from cemsurvey.psychometrics.efa import analyze_efa
from cemsurvey.psychometrics.reliability import analyze_reliability
from cemsurvey.report.efa import efa_tables
from cemsurvey.report.reliability import reliability_tables
from cemsurvey.report.tables import Verdict

HERE = Path(__file__).parent


def test_tables_for_bfi():
    ins = load_instrument(HERE.parent / "reliability" / "data" / "bfi.yaml")
    data = pd.read_csv(HERE.parent / "reference" / "data" / "bfi.csv").set_index("respondent")
    rel = reliability_tables(analyze_reliability(data, ins, bootstrap=50, seed=1))
    assert [t.key for t in rel] == ["reliability_constructs", "reliability_items"]
    assert len(rel[1].rows) == 25 and isinstance(rel[0].rows[0][3], Verdict)
    rep = analyze_efa(data, ins, parallel_iter=20, seed=1)
    tabs = efa_tables(rep)
    assert [t.key for t in tabs] == ["efa_adequacy", "efa_scree", "efa_loadings", "efa_variance"]
    assert tabs[0].rows[0][2].status == "pass"  # bfi KMO .85 (listwise): meritorious
    assert tabs[0].rows[1][1] == "meritorious"
    load = tabs[2]
    assert len(load.rows) == 25
    for t in rel + tabs:
        for row in t.rows:
            for col, val in zip(t.columns, row, strict=True):
                t.formatted(row, col, val)
