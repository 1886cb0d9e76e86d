"""Fixtures shared by the invariance tests."""

from __future__ import annotations

import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.simulate import simulate_responses

from ._helpers import MODEL_B


@pytest.fixture(scope="package")
def responses(tmp_path_factory):
    """450 simulated Model B respondents (seed 21) as a CSV export, with ``gender``."""
    ins = load_instrument(MODEL_B)
    sim = simulate_responses(ins, 450, seed=21)
    path = tmp_path_factory.mktemp("inv") / "responses.csv"
    write_export(sim, ins, path, shape="csv")
    return path
