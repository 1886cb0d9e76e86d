"""A whole ``cemsurvey analyze`` (CB-SEM and PLS, HTML report and Excel tables) never imports
:mod:`scipy.stats`: its import alone costs about 0.35 s CPU, and the analysis needs only the
distribution functions of :mod:`cemsurvey.stats.distributions` (bit-identical, see
tests/stats/test_distributions.py). An import-graph check, not a timing: the command runs in a
fresh interpreter and its ``sys.modules`` is read afterwards (issue 22).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "reference" / "data"

_PROBE = """
import contextlib, io, json, sys
from cemsurvey.cli.app import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "stats": "scipy.stats" in sys.modules,
                  "engine": "cemsurvey.analysis.pipeline" in sys.modules}))
"""


def _analyze(method: str, out: Path) -> dict:
    args = ["analyze", str(DATA / "sim28.csv"), "--model", str(DATA / "sim28.yaml"),
            "--method", method, "--bootstrap", "0", "--seed", "1", "--format", "json",
            "--report", str(out / "R.html"), "--xlsx", str(out / "T.xlsx"), "--force"]
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # two whole analyses in fresh interpreters: seconds
@pytest.mark.parametrize("method", ["cb-sem", "pls"])
def test_analyze_does_not_import_scipy_stats(method: str, tmp_path: Path) -> None:
    got = _analyze(method, tmp_path)
    assert got["code"] == 0 and got["engine"], got
    assert (tmp_path / "R.html").stat().st_size > 1000 and (tmp_path / "T.xlsx").exists()
    assert not got["stats"], f"`cemsurvey analyze --method {method}` imports scipy.stats"


def test_the_probe_sees_scipy_stats() -> None:
    """The probe itself: scipy.stats imported before the command runs is seen."""
    done = subprocess.run([sys.executable, "-c", "import scipy.stats\n" + _PROBE, "analyze",
                           "--help"], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT)}, check=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["code"] == 0 and got["stats"], got
