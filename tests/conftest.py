"""Shared fixtures: repository paths and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference"
INSTRUMENTS = ROOT / "instruments"

#: cemsurvey's fit keys -> lavaan's ``fitMeasures()`` names (the lavaan reference tests)
LAVAAN_FIT_KEYS = {
    "chi2": "chisq", "df": "df", "p": "pvalue", "baseline_chi2": "baseline.chisq",
    "baseline_df": "baseline.df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
    "rmsea_ci_lower": "rmsea.ci.lower", "rmsea_ci_upper": "rmsea.ci.upper",
    "rmsea_pclose": "rmsea.pvalue", "srmr": "srmr", "loglik": "logl",
    "loglik_h1": "unrestricted.logl", "aic": "aic", "bic": "bic", "sabic": "bic2",
    "npar": "npar", "fmin": "fmin",
}


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
