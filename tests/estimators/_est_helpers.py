"""Shared helpers of the estimator tests (reference data and models)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from cemsurvey.instrument.structure import LatentStructure

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "tests" / "reference" / "estimators"
DATA = ROOT / "tests" / "reference" / "data"
REVERSED = ("A1", "C4", "C5", "E1", "E2", "O2", "O5")


def ref(name: str) -> dict:
    return json.loads((REF / f"{name}.json").read_text())


def structure(groups: dict[str, list[str]]) -> LatentStructure:
    ind = {f: tuple(v) for f, v in groups.items()}
    obs = tuple(i for v in ind.values() for i in v)
    return LatentStructure(observed=obs, latents=tuple(ind), indicators=ind,
                           latent_covariances=tuple(itertools.combinations(ind, 2)))


HS = structure({"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
                "speed": ["x7", "x8", "x9"]})
BFI = structure({f: [f"{f}{i}" for i in range(1, 6)] for f in "ACENO"})


def hs() -> pd.DataFrame:
    return pd.read_csv(DATA / "holzinger_swineford.csv")


def bfi(complete: bool = True) -> pd.DataFrame:
    df = pd.read_csv(DATA / "bfi.csv")
    for v in REVERSED:
        df[v] = 7 - df[v]
    df = df[list(BFI.observed)]
    return df.dropna() if complete else df


def ref_table(r: dict, key: str = "estimates") -> dict[tuple[str, str, str], dict]:
    out = {}
    for e in r[key]:
        out[(e["lhs"], e["op"], e["rhs"])] = e
        if e["op"] == "~~":
            out[(e["rhs"], e["op"], e["lhs"])] = e
    return out


def assert_wlsmv_matches_lavaan(r, reference: dict) -> None:
    """A WLSMV fit ``r`` against lavaan's ``reference`` JSON: every estimate and free SE
    (thresholds included, 1e-4 relative), the number of thresholds, and each standardized
    loading with its SE."""
    rt, st = ref_table(reference), ref_table(reference, "std")
    n_th = 0
    for _, row in r.parameters.iterrows():
        e = rt[(row["lhs"], row["op"], row["rhs"])]
        assert row["est"] == pytest.approx(e["est"], rel=1e-4, abs=1e-6)
        if row["free"]:
            assert row["se"] == pytest.approx(e["se"], rel=1e-4), (row["lhs"], row["op"], row["rhs"])
        n_th += row["op"] == "|"
    assert n_th == sum(1 for e in reference["estimates"] if e["op"] == "|")
    for _, row in r.loadings.iterrows():
        e = st[(row["construct"], "=~", row["item"])]
        assert row["std"] == pytest.approx(e["est.std"], rel=1e-4)
        assert row["std_se"] == pytest.approx(e["se"], rel=1e-4)
