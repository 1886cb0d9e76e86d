"""Start-up stays light: ``cemsurvey <command> --help`` loads the command's module but
neither pandas, scipy nor numpy (docs/architecture.md: heavy libraries load when a command
runs). An import-graph check, not a timing: each help is built in a fresh interpreter and
its ``sys.modules`` read afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cemsurvey.cli.app import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "scipy", "numpy")

_PROBE = """
import contextlib, io, json, sys
from cemsurvey.cli.app import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main([sys.argv[1], "--help"])
print(json.dumps({"code": code, "usage": "Usage:" in out.getvalue(),
                  "loaded": sys.argv[2] in sys.modules,
                  "heavy": sorted(m for m in %r if m in sys.modules)}))
""" % (HEAVY,)


def _probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_help_loads_no_heavy_library(name: str) -> None:
    got = _probe(name, COMMANDS[name][0])
    assert got["code"] == 0 and got["usage"], got
    assert got["loaded"], f"{name} --help did not import {COMMANDS[name][0]}"
    assert got["heavy"] == [], f"`cemsurvey {name} --help` loads {got['heavy']}"


def test_the_probe_sees_a_heavy_import() -> None:
    """The probe itself: a command that loads pandas at import is caught."""
    code = ("import sys, cemsurvey.responses.readers; "
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True).stdout
    assert out.strip() == "['numpy', 'pandas']"


@pytest.mark.parametrize("package", ["cemsurvey.responses", "cemsurvey.sampling"])
def test_lazy_packages_keep_their_public_names(package: str) -> None:
    """``from cemsurvey.responses import X`` works for every name of ``__all__``, and an
    unknown name is an AttributeError, as for an eager package."""
    code = (f"import sys, {package} as p\n"
            "heavy = sorted(m for m in ('pandas', 'scipy') if m in sys.modules)\n"
            "names = [n for n in p.__all__ if getattr(p, n, None) is None]\n"
            "missing = not hasattr(p, 'no_such_name')\n"
            "print(heavy, names, missing, set(p.__all__) <= set(dir(p)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True).stdout
    assert out.strip() == "[] [] True True"
