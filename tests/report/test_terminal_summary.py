"""The default terminal output of ``cemsurvey analyze`` summarises; ``--full`` prints all."""

from __future__ import annotations

import json

import pytest

from tests.conftest import INSTRUMENTS


@pytest.fixture(scope="module")
def raw80(tmp_path_factory):
    from typer.testing import CliRunner

    from cemsurvey.cli.app import app

    tmp = tmp_path_factory.mktemp("term")
    raw = tmp / "raw.csv"
    res = CliRunner().invoke(app, ["simulate", str(INSTRUMENTS / "customer-engagement-journey.yaml"),
                                   "-n", "300", "--seed", "5", "-o", str(raw)])
    assert res.exit_code == 0, res.output
    return raw


def _run(cli, raw, *extra):
    code, out, err = cli(["analyze", raw, "--model",
                          INSTRUMENTS / "customer-engagement-journey.yaml", "--method", "pls",
                          "--bootstrap", "20", "--seed", "1", *extra])
    assert code == 0, err
    return out


def test_default_terminal_fits_two_screens_and_full_prints_everything(cli, raw80, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    short = _run(cli, raw80)
    full = _run(cli, raw80, "--full")
    n_short, n_full = len(short.splitlines()), len(full.splitlines())
    assert 100 <= n_short <= 250, n_short
    assert n_full > 2 * n_short
    flat = " ".join(short.split())
    for s in ("Reliability per construct", "CFA: global fit", "Structural model: hypothesis tests",
              "What to report", "more (--full or the report)"):
        assert s in flat, s
    assert "Item statistics" not in short and "Item statistics" in full


def test_persian_terminal_and_digits_json_stays_ascii(cli, raw80, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = _run(cli, raw80, "--lang", "fa", "--digits", "fa")
    assert "آنچه باید گزارش شود" in out and "پایایی هر سازه" in out and "۰٫" in out
    assert "What to report" not in out
    fa = json.loads(_run(cli, raw80, "--lang", "fa", "--digits", "fa", "--format", "json"))
    en = json.loads(_run(cli, raw80, "--format", "json"))
    # numbers and statistic names in JSON are never translated nor given Persian digits
    for key in ("n", "reliability", "validity", "structural"):
        assert fa[key] == en[key], key
