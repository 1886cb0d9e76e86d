"""`cemsurvey analyze --steps structural --method pls` on simulated data (issue 7's done
means): the hypothesis table in the JSON output supports the planted true paths and not
the planted null path."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.responses.simulate import simulate_responses

INSTRUMENTS = Path(__file__).resolve().parents[2] / "instruments"


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
def test_analyze_structural_pls(cli, tmp_path):
    path = INSTRUMENTS / "customer-engagement-journey.yaml"
    ins = load_instrument(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sim = simulate_responses(ins, 300, seed=1, null_paths=["strategies ~ contextual"])
    data = tmp_path / "responses.csv"
    sim.data.to_csv(data)
    code, out, err = cli(["analyze", data, "--model", path, "--steps", "structural",
                          "--method", "pls", "--bootstrap", "100", "--seed", "1",
                          "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)

    def find(o):
        if isinstance(o, dict):
            if o.get("method") == "pls" and "paths" in o and "hypothesis" in str(o["paths"][:1]):
                return o
            for v in o.values():
                r = find(v)
                if r is not None:
                    return r
        return None

    st = find(doc)
    assert st is not None and st["bootstrap"] == 100
    got = {(p["from"], p["to"]): p["supported"] for p in st["paths"]}
    assert got.pop(("contextual", "strategies")) is False
    assert all(got.values()) and len(got) == 4
