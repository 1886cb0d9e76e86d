"""Non-convergence is never silent: flagged in the result, its warnings and the report."""

from __future__ import annotations

import pandas as pd
import pytest

from cemsurvey.errors import ConvergenceWarning
from cemsurvey.psychometrics.sem import cfa as cfa_mod
from cemsurvey.psychometrics.sem.optimize import fisher_scoring
from cemsurvey.report.cfa import cfa_tables
from tests.cfa.test_cfa_lavaan import hs_structure
from tests.conftest import REFERENCE


def test_non_convergence_is_flagged_and_warned(monkeypatch):
    # an optimiser allowed a single scoring step cannot meet the 1e-8 gradient criterion
    monkeypatch.setattr(cfa_mod, "minimize_ml",
                        lambda problem, theta0, **kw: fisher_scoring(problem, theta0, max_iter=1))
    hs = pd.read_csv(REFERENCE / "data" / "holzinger_swineford.csv")
    with pytest.warns(ConvergenceWarning, match="did not converge.*unreliable"):
        r = cfa_mod.fit_cfa(hs, hs_structure())
    assert r.converged is False
    assert any("did not converge" in w for w in r.warnings)
    assert r.to_dict()["converged"] is False
    notes = " ".join(n for t in cfa_tables(r) for n in t.notes)
    assert "NOT CONVERGED" in notes
