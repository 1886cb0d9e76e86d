"""Issue 7's "done means": ``cemsurvey analyze --steps structural`` with both methods on
simulated data of both shipped instruments.

Each instrument is simulated by ``cemsurvey simulate`` (N = 385, the papers' Cochran sample
size; every structural path .4 except the planted null ``strategies ~ intervening``, seeded).
The JSON hypothesis table (``structural.paths``) must support the four true paradigm paths
and not the null one, for CB-SEM (ML, Wald tests) and PLS-SEM (200 bootstrap resamples);
the JSON keys of the issue (``structural.{method, paths: [{from, to, est, std, se, t, p,
ci_lower, ci_upper, supported}], r2.<c>, indirect, fit}``) are checked on the way. A
one-tailed run halves the p of a positive path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

INSTRUMENTS = Path(__file__).resolve().parents[2] / "instruments"
NULL = ("intervening", "strategies")
PATH_KEYS = {"hypothesis", "from", "to", "est", "std", "se", "t", "p", "ci_lower", "ci_upper",
             "supported"}


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    from typer.testing import CliRunner

    from cemsurvey.cli.app import app

    out = {}
    d = tmp_path_factory.mktemp("sim")
    for name in ("digital-marketing-cem", "customer-engagement-journey"):
        path = d / f"{name}.csv"
        res = CliRunner().invoke(app, ["simulate", str(INSTRUMENTS / f"{name}.yaml"), "-n", "385",
                                       "--seed", "11", "--null-path", "strategies ~ intervening",
                                       "-o", str(path)], catch_exceptions=False)
        assert res.exit_code == 0, res.stderr
        out[name] = path
    return out


def _structural(cli, data, name, *extra):
    code, out, err = cli(["analyze", data, "--model", INSTRUMENTS / f"{name}.yaml",
                          "--steps", "structural", "--seed", "1", "--format", "json", *extra])
    assert code == 0, err
    return json.loads(out)["structural"]


@pytest.mark.slow  # bootstrap resamples or the whole pipeline: seconds
@pytest.mark.parametrize("method", ["cb-sem", "pls"])
@pytest.mark.parametrize("name", ["digital-marketing-cem", "customer-engagement-journey"])
def test_planted_paths_supported_null_not(cli, simulated, name, method):
    extra = ["--method", method] + (["--bootstrap", "200"] if method == "pls" else [])
    st = _structural(cli, simulated[name], name, *extra)
    assert st["method"] == method and st["tails"] == 2 and st["alpha"] == 0.05
    paths = st["paths"]
    assert [p["hypothesis"] for p in paths] == ["H1", "H2", "H3", "H4", "H5"]
    assert all(set(p) == PATH_KEYS for p in paths)
    got = {(p["from"], p["to"]): p for p in paths}
    null = got.pop(NULL)
    assert null["supported"] is False and null["p"] > 0.05 and abs(null["std"]) < 0.1
    assert len(got) == 4
    for p in got.values():
        assert p["supported"] is True and p["p"] < 0.001 and p["std"] > 0.2, p
        assert p["ci_lower"] > 0
    assert set(st["r2"]) == {p["to"] for p in paths}
    assert all(0 < v < 1 for v in st["r2"].values())
    assert len(st["indirect"]) >= 1
    if method == "cb-sem":
        assert st["fit"]["df"] > 0 and 0 < st["fit"]["cfi"] <= 1
    else:
        assert st["fit"] is None and st["bootstrap"] == 200


def test_one_tailed_option(cli, simulated):
    name = "customer-engagement-journey"
    two = _structural(cli, simulated[name], name)
    one = _structural(cli, simulated[name], name, "--tails", "1", "--alpha", "0.01")
    assert one["tails"] == 1 and one["alpha"] == 0.01
    for a, b in zip(two["paths"], one["paths"], strict=True):
        if a["est"] > 0:
            assert b["p"] == pytest.approx(a["p"] / 2, rel=1e-9)
        else:
            assert b["p"] > 0.5 and not b["supported"]


def test_bad_alpha_is_a_usage_error(cli, simulated):
    name = "customer-engagement-journey"
    code, _, err = cli(["analyze", simulated[name], "--model", INSTRUMENTS / f"{name}.yaml",
                        "--steps", "structural", "--alpha", "1.5"])
    assert code == 2 and "alpha" in err
