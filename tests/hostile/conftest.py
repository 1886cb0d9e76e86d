"""Fixtures of the hostile-input catalogue: a valid model and data to start each case from,
and a runner that checks the invariants every refusal must keep."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

#: A valid instrument: 3 constructs x 3 items, a path, a single-choice and a text question.
MODEL = """\
title: Hostile test survey
scales:
  agree5: {type: likert, points: 5, labels: {en: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]}}
constructs:
  - id: SAT
    name: Satisfaction
    items:
      - {id: SAT1, text: I like it.}
      - {id: SAT2, text: It meets my needs.}
      - {id: SAT3, text: I am pleased.}
  - id: ENG
    name: Engagement
    items:
      - {id: ENG1, text: I feel involved.}
      - {id: ENG2, text: I follow the news.}
      - {id: ENG3, text: I enjoy it.}
  - id: LOY
    name: Loyalty
    items:
      - {id: LOY1, text: I will come back.}
      - {id: LOY2, text: I recommend it.}
      - {id: LOY3, text: It is my first choice.}
paths:
  - LOY ~ SAT + ENG
background:
  - {id: gender, text: Gender, type: single, options: {1: Female, 2: Male}}
  - {id: comment, text: "Any comment?", type: text, required: false}
"""

HEADER = "respondent,SAT1,SAT2,SAT3,ENG1,ENG2,ENG3,LOY1,LOY2,LOY3,gender,comment"


def data_csv(n: int = 30, seed: int = 5) -> str:
    """Valid responses to :data:`MODEL` (clean CSV shape), ``n`` rows."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = [HEADER]
    for i in range(n):
        base = rng.integers(1, 6, size=3)
        items = [int(np.clip(b + rng.integers(-1, 2), 1, 5)) for b in base for _ in range(3)]
        rows.append(",".join([f"r{i + 1}", *map(str, items), str(1 + i % 2), f"note {i}"]))
    return "\n".join(rows) + "\n"


FIFO = object()  #: a named pipe in place of the file
DIR = object()  #: a directory in place of the file


class Symlink(str):
    """A symbolic link to the named file."""


class Sparse(int):
    """A sparse file of this many bytes (zeros; takes no disk space)."""


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every regular file under ``root`` (pipes and links are not read)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            with open(p, "rb") as fh:
                out[str(p.relative_to(root))] = hashlib.file_digest(fh, "sha256").hexdigest()
    return out


def entries(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")} | {
        str(p.relative_to(root)) for p in root.rglob(".*")}


def lay_out(root: Path, files: dict[str, object]) -> None:
    """Write the case's files: text, bytes, FIFO, DIR or a Symlink."""
    for name, content in files.items():
        p = root / name
        if isinstance(content, Symlink):
            p.symlink_to(str(content))
        elif isinstance(content, Sparse):
            with open(p, "wb") as fh:
                fh.truncate(int(content))
        elif content is FIFO:
            os.mkfifo(p)
        elif content is DIR:
            p.mkdir()
        elif isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(str(content), encoding="utf-8")


_BOX = re.compile(r"[│╭╮╰╯─]")


def flat(text: str) -> str:
    """Rich's usage-error panel as one line of words (its box and wrapping removed)."""
    return " ".join(_BOX.sub(" ", text).split())


@pytest.fixture(scope="session")
def valid_data() -> str:
    return data_csv()
