"""The example exports import cleanly and every command of examples/README.md runs.

Each export in examples/exports/ goes through ``cemsurvey import``: the platform is
detected, every respondent is read, every item, attention check and background question
is matched to its column, and the codes in the clean CSV are the simulated answers that
``examples/make_examples.py`` saved in tests/examples/keys/ (blanks where the simulation
left an answer blank). Then each ``cemsurvey ...`` line of the README's code blocks runs
(exit code 0), in a directory holding ``examples/`` and ``instruments/`` as the README
assumes, with bootstrap counts cut to 30; the analyses that take seconds are ``slow``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cemsurvey.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "examples" / "README.md"
KEYS = Path(__file__).resolve().parent / "keys"


def _load_make_examples():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "examples" / "make_examples.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_examples", mod)  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


EXAMPLES = _load_make_examples().EXAMPLES


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.file for e in EXAMPLES])
def test_export_imports_to_the_simulated_codes(cli, tmp_path: Path, ex) -> None:
    ins = load_instrument(ex.model)
    out = tmp_path / "clean.csv"
    code, stdout, stderr = cli(["import", ROOT / "examples" / "exports" / ex.file,
                                "--model", ex.model, "-o", out, "--format", "json"])
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["source"] == ex.source
    assert summary["n_rows"] == summary["n_kept"] == ex.n
    checks = [a.id for a in ins.attention_checks]
    single = [b.id for b in ins.background if b.type != "multiple"]
    # a multiple choice is one column or one column per option (LimeSurvey, SPSS, Excel)
    assert set(summary["columns"]) - {"channels"} == set(ins.item_ids) | set(checks) | set(single)
    background = [f"{b.id}_{c}" if b.type == "multiple" else b.id
                  for b in ins.background for c in (b.options if b.type == "multiple" else [0])]
    assert summary["flag_counts"]["attention"] >= 1 and summary["flag_counts"]["straightlining"] >= 1

    clean = pd.read_csv(out, dtype={"respondent": str})
    assert len(clean) == ex.n and clean["respondent"].is_unique
    assert list(clean.columns) == ["respondent", *ins.item_ids, *checks, *background]
    assert clean[background].notna().any().all()  # every background question was read
    key = pd.read_csv(KEYS / f"{Path(ex.file).stem}.csv", index_col="row")
    got = clean[ins.item_ids + checks].to_numpy(dtype=float)
    np.testing.assert_array_equal(got, key[ins.item_ids + checks].to_numpy(dtype=float))
    assert np.isnan(got).sum() > 0  # the planted gaps are blanks, not zeros
    # integer codes are written as integers
    assert ".0," not in out.read_text(encoding="utf-8").splitlines()[1]


def test_readme_lists_every_export() -> None:
    text = README.read_text(encoding="utf-8")
    for ex in EXAMPLES:
        assert f"exports/{ex.file}" in text, ex.file
    assert sorted(p.name for p in (ROOT / "examples" / "exports").iterdir()) == sorted(
        e.file for e in EXAMPLES)


def _readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [ln.strip() for b in blocks for ln in b.splitlines() if ln.strip().startswith("cemsurvey ")]


def _is_slow(cmd: str) -> bool:
    """Whole analyses and bootstrap runs take seconds each; the rest well under one."""
    return " analyze " in f" {cmd} " and ("--bootstrap" in cmd or "--steps" not in cmd
                                           or "structural" in cmd or "fiml" in cmd)


COMMANDS = _readme_commands()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A directory laid out like the repository root, with ``clean.csv`` imported."""
    d = tmp_path_factory.mktemp("walk")
    (d / "examples").symlink_to(ROOT / "examples")
    (d / "instruments").symlink_to(ROOT / "instruments")
    return d


def test_readme_has_one_command_per_feature() -> None:
    joined = "\n".join(COMMANDS)
    for feature in ("cemsurvey design", "cemsurvey sample-size", "cemsurvey import",
                    "--method cb-sem", "--method pls", "--by ", "--bootstrap", "--report",
                    "--xlsx", "--markdown", "--format json", "cemsurvey simulate"):
        assert feature in joined, feature


@pytest.mark.parametrize("cmd", [
    pytest.param(c, marks=[pytest.mark.slow] if _is_slow(c) else [], id=f"{i:02d}-{c.split()[1]}")
    for i, c in enumerate(COMMANDS)])
def test_readme_command_runs(cli, workdir: Path, monkeypatch, cmd: str) -> None:
    monkeypatch.chdir(workdir)
    args = shlex.split(cmd)[1:]
    if "--bootstrap" in args:
        args[args.index("--bootstrap") + 1] = "30"
    if "clean.csv" in args and not (workdir / "clean.csv").exists():
        first_import = next(c for c in COMMANDS if " import " in c and "-o clean.csv" in c)
        code, _, err = cli(shlex.split(first_import)[1:])
        assert code == 0, err
    if "-o" in args or "--output" in args:
        args.append("--force")  # reruns in the same directory
    for flag in ("--report", "--xlsx", "--markdown"):
        if flag in args and "--force" not in args:
            args.append("--force")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code, stdout, stderr = cli(args)
    assert code == 0, f"{cmd}\n{stderr}"
    if "--format" in args and args[args.index("--format") + 1] == "json":
        json.loads(stdout)
    for flag in ("-o", "--report", "--xlsx", "--markdown"):
        if flag in args:
            assert (workdir / args[args.index(flag) + 1]).stat().st_size > 0


def test_planted_group_difference_is_found(cli, workdir: Path, monkeypatch) -> None:
    """What the README says of ``--by shop_freq``: ENG differs, no other construct does."""
    monkeypatch.chdir(workdir)
    ex = next(e for e in EXAMPLES if e.shape == "google-forms")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code, stdout, stderr = cli(["analyze", f"examples/exports/{ex.file}", "--model", ex.model,
                                    "--by", "shop_freq", "--steps", "groups", "--format", "json"])
    assert code == 0, stderr
    tests = json.loads(stdout)["groups"]["tests"]
    assert [c for c, t in tests.items() if t["p"] < 0.05] == ["ENG"]
