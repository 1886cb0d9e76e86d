"""Shared fixtures: repository paths and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference"
INSTRUMENTS = ROOT / "instruments"

#: The scripts that make reference values (tests/reference/) are not test modules: some
#: import the peers they run (seminr, seminrextras), which only the `reference` extra installs.
collect_ignore_glob = ["reference/*.py", "reference/**/*.py"]

#: cemsurvey's fit keys -> lavaan's ``fitMeasures()`` names (the lavaan reference tests)
LAVAAN_FIT_KEYS = {
    "chi2": "chisq", "df": "df", "p": "pvalue", "baseline_chi2": "baseline.chisq",
    "baseline_df": "baseline.df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
    "rmsea_ci_lower": "rmsea.ci.lower", "rmsea_ci_upper": "rmsea.ci.upper",
    "rmsea_pclose": "rmsea.pvalue", "srmr": "srmr", "loglik": "logl",
    "loglik_h1": "unrestricted.logl", "aic": "aic", "bic": "bic", "sabic": "bic2",
    "npar": "npar", "fmin": "fmin",
}


def lavaan_close(a: float, b: float, se: float) -> bool:
    """``|a - b| <= 1e-4 * max(|b|, se)``: 1e-4 relative, or 1e-4 of a standard error for
    values near zero (where lavaan's own optimizer stops at about that precision)."""
    return abs(a - b) <= 1e-4 * max(abs(b), abs(se)) + 1e-12


def assert_parameters_match_lavaan(P, rows) -> None:
    """Every ``(parameterEstimates row, standardizedSolution row)`` pair in ``rows`` against
    our parameter table ``P`` (columns lhs, op, rhs, est, se, z, std, std_se): est, se, z,
    std.all and its se within :func:`lavaan_close`; fixed parameters have no SE."""
    import math

    key = {(a, o, b): i for i, (a, o, b) in enumerate(zip(P.lhs, P.op, P.rhs))}
    for e, s in rows:
        k = (e["lhs"], e["op"], e["rhs"])
        k = k if k in key else (e["rhs"], e["op"], e["lhs"])
        row = P.iloc[key[k]]
        se = e["se"] or 0.0
        assert lavaan_close(row.est, e["est"], se), (k, row.est, e["est"])
        if se > 0:
            assert lavaan_close(row.se, se, se), (k, row.se, se)
            assert lavaan_close(row.z, e["z"], 1.0), (k, row.z, e["z"])
        else:
            assert math.isnan(row.se), (k, row.se)
        assert lavaan_close(row["std"], s["est.std"], s["se"] or 0.0), (k, row["std"], s["est.std"])
        if s["se"]:
            assert lavaan_close(row.std_se, s["se"], s["se"]), (k, row.std_se, s["se"])


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def reference_dir() -> Path:
    return REFERENCE


@pytest.fixture
def cli():
    """Invoke ``cemsurvey`` in-process: ``cli(args) -> (exit_code, stdout, stderr)``."""
    from typer.testing import CliRunner

    from cemsurvey.cli.app import app

    runner = CliRunner()

    def run(args: list[str], input: str | None = None):
        res = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return res.exit_code, res.stdout, res.stderr

    return run
