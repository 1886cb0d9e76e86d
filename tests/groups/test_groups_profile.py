"""Sample profile against a hand-counted fixture; construct scores and their missing rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cemsurvey.errors import DataError, SpecError
from cemsurvey.instrument.model import BackgroundQuestion, Construct, Instrument, Item, Scale
from cemsurvey.psychometrics.groups import group_column, sample_profile
from cemsurvey.psychometrics.scores import construct_scores, reverse_keyed
from cemsurvey.report.groups import profile_tables


@pytest.fixture
def ins():
    return Instrument(
        title="t", languages=["en", "fa"],
        scales={"a5": Scale(type="likert", points=5)},
        constructs=[
            Construct(id="A", name="a", scale="a5", items=[
                Item(id="A1", text="x"), Item(id="A2", text="y"),
                Item(id="A3", text="z", reverse=True), Item(id="A4", text="w")]),
            Construct(id="B", name="b", scale="a5", items=[
                Item(id="B1", text="x"), Item(id="B2", text="y"), Item(id="B3", text="z")]),
        ],
        background=[
            BackgroundQuestion(id="gender", text={"en": "Gender", "fa": "جنسیت"},
                               type="single", options={1: {"en": "Female", "fa": "زن"},
                                                       2: {"en": "Male", "fa": "مرد"}}),
            BackgroundQuestion(id="channel", text="Where do you buy?", type="multiple",
                               options={1: "web", 2: "app", 3: "store"}),
            BackgroundQuestion(id="age", text="Age", type="number", min=18, max=99),
            BackgroundQuestion(id="comment", text="Comment", type="text"),
        ],
    )


@pytest.fixture
def background():
    nan = np.nan
    return pd.DataFrame({
        "gender": [1, 2, 1, nan, 1, 2],
        "channel_1": [1, 0, 1, nan, 0, 1],
        "channel_2": [0, 1, 1, nan, 0, 0],
        "channel_3": [0, 0, 0, nan, 1, 0],
        "age": [20, 30, 40, nan, 50, 25],
        "comment": ["a", "", nan, "b", "c", nan],
    }, index=[f"r{k}" for k in range(1, 7)])


def test_profile_hand_counted(ins, background):
    p = sample_profile(background, ins)
    g = p.questions["gender"]
    assert (g.n_valid, g.n_missing) == (5, 1)
    assert g.table["count"].tolist() == [3, 2]
    assert g.table["percent"].tolist() == pytest.approx([60.0, 40.0])
    assert g.table["label"].tolist() == ["Female", "Male"]
    ch = p.questions["channel"]
    assert (ch.n_valid, ch.n_missing) == (5, 1)
    assert ch.table["count"].tolist() == [3, 2, 1]
    assert ch.table["percent"].tolist() == pytest.approx([60.0, 40.0, 20.0])
    age = p.questions["age"].stats
    assert age["n"] == 5 and age["mean"] == 33 and age["median"] == 30
    assert age["sd"] == pytest.approx(math.sqrt(145)) and (age["min"], age["max"]) == (20, 50)
    assert (p.questions["comment"].n_valid, p.questions["comment"].n_missing) == (3, 3)
    d = p.to_dict()
    assert d["gender"]["options"][0] == {"code": 1, "label": "Female", "count": 3,
                                         "percent": 60.0}
    assert sample_profile(background, ins, lang="fa").questions["gender"].table[
        "label"].tolist() == ["زن", "مرد"]


def test_profile_tables(ins, background):
    tables = profile_tables(sample_profile(background, ins))
    assert [t.key for t in tables] == ["profile", "profile_numbers"]
    rows = tables[0].rows
    assert ["Gender", "Female", 3, 0.6] in rows and ["Gender", "missing", 1, None] in rows
    assert tables[1].rows[0][:3] == ["Age", 5, 33.0]


def test_profile_bad_codes(ins, background):
    bad = background.copy()
    bad.loc["r2", "gender"] = 7
    with pytest.raises(DataError, match=r"column gender, row r2: value 7 is not an option"):
        sample_profile(bad, ins)
    bad = background.copy()
    bad.loc["r1", "channel_2"] = 2
    with pytest.raises(DataError, match="channel_2, row r1"):
        sample_profile(bad, ins)
    with pytest.raises(DataError, match="age"):
        sample_profile(background.drop(columns="age"), ins)


def test_group_column(ins, background):
    g, labels = group_column(background, ins, "gender")
    assert labels == {1: "Female", 2: "Male"} and g.isna().sum() == 1
    with pytest.raises(SpecError, match="grouping question age: groups need a single-choice question"):
        group_column(background, ins, "age")
    with pytest.raises(SpecError, match="grouping question channel: groups need a single-choice question"):
        group_column(background, ins, "channel")
    with pytest.raises(SpecError, match="no background question"):
        group_column(background, ins, "income")


def test_construct_scores_reverse_and_half_rule(ins):
    nan = np.nan
    data = pd.DataFrame({
        "A1": [5, 4, nan, 2], "A2": [4, nan, nan, 2], "A3": [1, 2, nan, nan],
        "A4": [4, nan, 3, nan],
        "B1": [1, 2, 3, nan], "B2": [2, nan, 3, nan], "B3": [3, nan, 3, 5],
    }, dtype=float)
    rk = reverse_keyed(data, ins)
    assert rk["A3"].tolist()[:2] == [5.0, 4.0]
    s = construct_scores(data, ins)
    # row 0: (5 + 4 + 5 + 4)/4; row 1: 2 of 4 answered -> (4 + 4)/2; row 2: 1 of 4 -> NaN
    assert s["A"].iloc[0] == 4.5 and s["A"].iloc[1] == 4.0 and np.isnan(s["A"].iloc[2])
    assert s["A"].iloc[3] == 2.0
    # B has 3 items: at least 2 answered (ceil(1.5)); row 1 and row 3 have 1 -> NaN
    assert s["B"].iloc[0] == 2.0 and np.isnan(s["B"].iloc[1]) and np.isnan(s["B"].iloc[3])
    with pytest.raises(DataError, match="not in the data"):
        construct_scores(data.drop(columns="B2"), ins)
