"""Report tables for reliability and EFA render with verdicts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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


def _bfi_with_copy():
    ins = load_instrument(HERE.parent / "reliability" / "data" / "bfi.yaml")
    data = pd.read_csv(HERE.parent / "reference" / "data" / "bfi.csv").set_index("respondent")
    data = data.dropna(subset=ins.item_ids)
    data["C2"] = data["C1"]  # a duplicated column: the correlation matrix is singular
    return ins, data


def test_singular_matrix_is_explained_not_nan():
    """A copied item: each kind of singular-matrix warning once, naming the pair; the
    adequacy table shows no 'inf' and says why Bartlett's chi2 is missing."""
    import warnings

    from cemsurvey.errors import SingularMatrixWarning

    ins, data = _bfi_with_copy()
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        rep = analyze_efa(data, ins, parallel_iter=10, seed=1)
    singular = [str(w.message) for w in rec if issubclass(w.category, SingularMatrixWarning)]
    kinds = [m.split(":", 1)[0] for m in singular]
    assert sorted(kinds) == ["Bartlett's test", "KMO", "SMC"]
    assert all("C1 and C2 (r = 1.000)" in m for m in singular)
    assert np.isfinite(rep.result.pattern.to_numpy()).all()
    tab = efa_tables(rep)[0]
    shown = {row[0]: tab.formatted(row, "value", row[1]) for row in tab.rows}
    assert shown["Bartlett chi2"] == "—"
    assert any("Bartlett's chi2 is infinite" in n for n in tab.notes)


def test_adequacy_counts_show_as_integers():
    ins = load_instrument(HERE.parent / "reliability" / "data" / "bfi.yaml")
    data = pd.read_csv(HERE.parent / "reference" / "data" / "bfi.csv").set_index("respondent")
    tab = efa_tables(analyze_efa(data, ins, parallel_iter=10, seed=1))[0]
    shown = {row[0]: tab.formatted(row, "value", row[1]) for row in tab.rows}
    assert shown["Bartlett df"] == "300"
    assert shown["factors extracted"] == "5"
    assert shown["KMO"].startswith("0.") and len(shown["KMO"]) == 5
