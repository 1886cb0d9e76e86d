"""cfa_tables renders a CFAResult into shared Tables with verdicts."""

from __future__ import annotations

import pandas as pd

from cemsurvey.instrument.structure import LatentStructure
from cemsurvey.psychometrics.sem.cfa import fit_cfa
from cemsurvey.report.cfa import cfa_tables
from cemsurvey.report.tables import Verdict
from tests.conftest import REFERENCE


def test_cfa_tables_holzinger_swineford():
    ind = {"visual": ("x1", "x2", "x3"), "textual": ("x4", "x5", "x6"), "speed": ("x7", "x8", "x9")}
    st = LatentStructure(observed=tuple(f"x{i}" for i in range(1, 10)), latents=tuple(ind), indicators=ind,
                         latent_covariances=(("visual", "textual"), ("visual", "speed"), ("textual", "speed")))
    r = fit_cfa(pd.read_csv(REFERENCE / "data" / "holzinger_swineford.csv"), st)
    tables = {t.key: t for t in cfa_tables(r, top_mi=5)}
    assert set(tables) == {"cfa_fit", "cfa_loadings", "cfa_correlations", "cfa_modindices"}
    fit = {row[0]: row for row in tables["cfa_fit"].rows}
    assert fit["CFI"][2].status == "warn"       # .931: acceptable, below .95
    assert fit["RMSEA"][2].status == "fail"     # .092 > .08
    assert fit["SRMR"][2].status == "pass"      # .065 <= .08
    assert fit["RMSEA 90% CI"][1] == "[0.071, 0.114]"
    loads = tables["cfa_loadings"].rows
    assert len(loads) == 9 and all(isinstance(r[-1], Verdict) for r in loads)
    assert tables["cfa_modindices"].rows[0][:3] == ["visual", "=~", "x9"]
    assert tables["cfa_correlations"].rows[1][1] == r.factor_correlations.loc["textual", "visual"]
