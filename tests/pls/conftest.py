"""Fixtures of the PLS tests: the mobi (ECSI) data and model, seminr's values, the
textbook implementation (tests/pls/pls_textbook.py) and small instruments."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument.model import Construct, Dimension, Instrument, Item, Scale

HERE = Path(__file__).resolve().parent
PLS_REF = HERE.parent / "reference" / "pls"


def _load_textbook():
    spec = importlib.util.spec_from_file_location("pls_textbook_ref", HERE / "pls_textbook.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def textbook():
    return _load_textbook()


@pytest.fixture(scope="session")
def mobi() -> pd.DataFrame:
    return pd.read_csv(PLS_REF / "mobi.csv")


@pytest.fixture(scope="session")
def seminr() -> dict:
    return json.loads((PLS_REF / "seminr_mobi.json").read_text())


def make_instrument(blocks: dict[str, list[str]], paths: list[str], *, points: int = 10,
                    dimensions: dict[str, list[str]] | None = None,
                    reverse: tuple[str, ...] = ()) -> Instrument:
    """An instrument with one Likert scale, the given blocks and paths."""
    dim_of = {c: d for d, cs in (dimensions or {}).items() for c in cs}
    cons = [Construct(id=c, name=c, scale="s", dimension=dim_of.get(c),
                      items=[Item(id=i, text=i, reverse=i in reverse) for i in items])
            for c, items in blocks.items()]
    return Instrument(title="test", scales={"s": Scale(points=points)},
                      dimensions={d: Dimension() for d in (dimensions or {})},
                      constructs=cons, paths=paths)


@pytest.fixture(scope="session")
def mobi_instrument(seminr) -> Instrument:
    blocks = seminr["model"]["blocks"]
    return make_instrument(blocks, ["Satisfaction ~ Image + Expectation + Value"])


def simulate_blocks(rng: np.random.Generator, n: int, betas: dict[tuple[str, str], float],
                    exo: list[str], order: list[str], n_items: int = 4,
                    loading: float = 0.8) -> pd.DataFrame:
    """Population model with known standardized paths: exogenous latents correlated .3,
    endogenous ones ``eta = sum beta * x + e`` scaled to unit variance; items
    ``loading * eta + noise`` cut to a 5-point scale."""
    lat: dict[str, np.ndarray] = {}
    k = len(exo)
    C = np.full((k, k), 0.3) + 0.7 * np.eye(k)
    Z = rng.standard_normal((n, k)) @ np.linalg.cholesky(C).T
    for j, e in enumerate(exo):
        lat[e] = Z[:, j]
    for v in order:
        if v in lat:
            continue
        s = sum(b * lat[a] for (a, t), b in betas.items() if t == v)
        s = s + rng.standard_normal(n) * np.sqrt(max(0.2, 1 - np.var(s)))
        lat[v] = (s - s.mean()) / s.std()
    cols = {}
    for v, eta in lat.items():
        for i in range(1, n_items + 1):
            x = loading * eta + np.sqrt(1 - loading**2) * rng.standard_normal(n)
            cols[f"{v}{i}"] = np.clip(np.round(x * 1.1 + 3), 1, 5)
    return pd.DataFrame(cols)


def renders(tables) -> None:
    """Every row of every report table has one cell per column, and every cell formats."""
    for t in tables:
        for row in t.rows:
            assert len(row) == len(t.columns)
            for c, v in zip(t.columns, row, strict=True):
                t.formatted(row, c, v)
