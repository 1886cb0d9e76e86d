"""Porsline's Excel export: recognised, its ids and times kept, its Persian answers mapped.

The round trips in test_responses_roundtrip.py check the codes of every shape; these
tests check what is particular to Porsline: the source is detected from the Persian
headers (before, the file read as a plain table whose grid headers matched no item; nor
were its respondent ids and completion times read), the ``H:MM:SS`` time taken in Persian digits, and
the Solar Hijri dates.
"""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.importer import import_responses
from cemsurvey.responses.porsline import DURATION, ID, jalali
from cemsurvey.responses.readers import open_raw
from cemsurvey.responses.simulate import simulate_responses
from cemsurvey.responses.sources import detect_source

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    ins = load_instrument(ROOT / "instruments" / "customer-engagement-journey.yaml")
    sim = simulate_responses(ins, 40, seed=4, careless=0.1, missing=0.02)
    path = write_export(sim, ins, tmp_path_factory.mktemp("p") / "porsline.xlsx", "porsline",
                        lang="fa")
    return ins, sim, path


def _import(path: Path, ins, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return import_responses(path, ins, **kw)


def test_detected_with_ids_and_times(export) -> None:
    ins, sim, path = export
    raw = open_raw(path)
    assert raw.head[0][0] == ID and DURATION in raw.head[0]
    assert raw.head[1][1] == "۱۴۰۳/۱۲/۱۱"  # 2025-03-01 in the Solar Hijri calendar
    assert detect_source(raw) == "porsline"
    res = _import(path, ins)
    assert res.source == "porsline"
    assert list(res.all_data.index[:2]) == ["2400000", "2400001"]
    np.testing.assert_allclose(res.durations.to_numpy(), np.round(sim.durations.to_numpy()))
    careless = [f"{2_400_000 + list(sim.data.index).index(r)}" for r in sim.truth.careless]
    assert set(careless) <= set(res.flags["too_fast"]) | set(res.flags["attention"])
    np.testing.assert_array_equal(res.all_data.to_numpy(), sim.data[ins.item_ids].to_numpy())
    # grid headers 'Construct - item text' are matched on the item text
    assert res.columns["SAT1"].endswith(ins.tr(ins.item("SAT1").text, "fa"))


def test_as_plain_table_its_grid_columns_are_not_found(export) -> None:
    """What the importer did before it knew Porsline (and still does with source='plain'):
    the 'Title - Row' grid headers match no item."""
    from cemsurvey.errors import DataError

    ins, _, path = export
    with pytest.raises(DataError, match="item SAT1 .* not found"):
        _import(path, ins, source="plain")


def test_minutes_and_seconds_durations(tmp_path: Path) -> None:
    ins = load_instrument(ROOT / "instruments" / "customer-engagement-journey.yaml")
    sim = simulate_responses(ins, 12, seed=1)
    path = write_export(sim, ins, tmp_path / "p.xlsx", "porsline", lang="en")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = [c.value for c in ws[1]].index(DURATION) + 1
    ws.cell(2, col).value = "۱۲:۳۴"  # MM:SS
    ws.cell(3, col).value = "95"  # plain seconds
    wb.save(path)
    res = _import(path, ins)
    assert res.durations.iloc[0] == 12 * 60 + 34
    assert res.durations.iloc[1] == 95


@pytest.mark.parametrize(("greg", "jal"), [
    (date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year
    (date(2025, 3, 21), (1404, 1, 1)),
    (date(2000, 1, 1), (1378, 10, 11)),
    (date(2024, 9, 22), (1403, 7, 1)),
])
def test_jalali_dates(greg: date, jal: tuple[int, int, int]) -> None:
    assert jalali(greg) == jal
