"""A construct declared ``marker: true`` in the instrument YAML: parsed, listed, and used by the
Lindell-Whitney correction with the instrument's reverse keying (same numbers as R)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import SpecError
from cemsurvey.instrument.loader import parse_instrument
from cemsurvey.psychometrics.method_bias import lindell_whitney
from cemsurvey.psychometrics.scores import construct_scores
from tests.conftest import REFERENCE

YAML = (Path(__file__).parents[1] / "cfa" / "bfi.yaml").read_text()


def test_marker_flag_is_parsed_and_drives_lindell_whitney() -> None:
    text = YAML.replace("  - id: O\n", "  - id: O\n    marker: true\n")
    ins, _ = parse_instrument(text, "bfi.yaml")
    assert ins.marker_constructs == ["O"]
    assert parse_instrument(YAML, "bfi.yaml")[0].marker_constructs == []
    data = pd.read_csv(REFERENCE / "data" / "bfi.csv")[ins.item_ids].dropna()
    r = lindell_whitney(construct_scores(data, ins), ins.marker_constructs[0])
    ref = json.loads((REFERENCE / "method_bias" / "bfi.json").read_text())["lindell_whitney"]
    assert r.r_marker == pytest.approx(ref["r_marker"], rel=1e-10)
    np.testing.assert_allclose(r.pairs["r_adjusted"], ref["r_adjusted"], rtol=1e-8)


def test_marker_must_be_boolean() -> None:
    text = YAML.replace("  - id: O\n", "  - id: O\n    marker: often\n")
    with pytest.raises(SpecError, match=r"bfi.yaml:40:5: construct 'O': 'marker' should be true or false"):
        parse_instrument(text, "bfi.yaml")
