"""Safe files (issue 16): exclusive creation, no umask changes, only regular files read,
messages on one line, one exit code per error class."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from cemsurvey import fileio
from cemsurvey.cli.exit_codes import ExitCode
from cemsurvey.errors import (
    CemsurveyError,
    DataError,
    EstimationError,
    OutputError,
    SpecError,
    one_line,
)
from cemsurvey.fileio import read_regular, regular_file_problem, write_atomic


def test_file_created_between_check_and_write_is_not_overwritten(tmp_path, monkeypatch) -> None:
    """The race the check-then-replace design lost: another process creates the file after
    the existence check. The exclusive link refuses; the other file is kept, no temp left."""
    target = tmp_path / "out.txt"
    real_check = fileio.check_writable

    def racing_check(path, **kw):
        got = real_check(path, **kw)
        target.write_text("theirs")  # appears after the check
        return got

    monkeypatch.setattr(fileio, "check_writable", racing_check)
    with pytest.raises(OutputError, match="file exists; pass --force"):
        write_atomic(target, "ours")
    assert target.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_force_replaces_and_callable_content(tmp_path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    write_atomic(target, lambda p: p.write_bytes(b"new"), force=True)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_umask_is_never_changed(tmp_path, monkeypatch) -> None:
    """Mode 0o666 less the umask, applied by the kernel: os.umask is never called (changing
    the process umask, even for a moment, races with other threads)."""
    mask = os.umask(0o027)
    try:
        def forbidden(*_a):
            raise AssertionError("os.umask called")

        monkeypatch.setattr(os, "umask", forbidden)
        p = write_atomic(tmp_path / "a.txt", "x")
        q = write_atomic(tmp_path / "b.xlsx", lambda t: t.write_bytes(b"x"))
    finally:
        monkeypatch.undo()
        os.umask(mask)
    assert p.stat().st_mode & 0o777 == 0o640
    assert q.stat().st_mode & 0o777 == 0o640


def test_parallel_writers_to_one_name_one_wins(tmp_path) -> None:
    target = tmp_path / "same.txt"
    results: list[str] = []

    def write(i: int) -> None:
        try:
            write_atomic(target, f"writer {i}")
            results.append("ok")
        except OutputError:
            results.append("refused")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1 and results.count("refused") == 7
    assert re.fullmatch(r"writer \d", target.read_text())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.txt"]


def test_error_while_writing_leaves_nothing(tmp_path) -> None:
    def boom(_p: Path) -> None:
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "x.xlsx", boom)
    assert list(tmp_path.iterdir()) == []


def test_inputs_refused_even_with_force(tmp_path) -> None:
    inp = tmp_path / "m.yaml"
    inp.write_text("keep")
    (tmp_path / "link.yaml").symlink_to(inp)
    for out in (inp, tmp_path / "link.yaml", tmp_path / "." / "m.yaml"):
        with pytest.raises(OutputError, match="is an input of this command"):
            write_atomic(out, "x", force=True, inputs=[inp])
    assert inp.read_text() == "keep"


def test_fifo_is_refused_without_blocking(tmp_path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    assert "not a regular file" in (regular_file_problem(fifo) or "")
    with pytest.raises(OSError):
        read_regular(fifo)  # non-blocking open, then fstat: returns at once
    assert "not a regular file" in (regular_file_problem("/dev/null") or "")
    assert regular_file_problem(tmp_path) == "is a directory; give a file"
    assert regular_file_problem(tmp_path / "none") == "file not found; check the path"


def test_read_regular_limit(tmp_path) -> None:
    p = tmp_path / "f"
    p.write_bytes(b"abcdef")
    assert read_regular(p) == b"abcdef" and read_regular(p, 3) == b"abc"


@pytest.mark.parametrize("raw, shown", [
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("\x00", "\\x00"), ("\x1b[2J", "\\x1b[2J"),
    ("\x7f\x85\x9f", "\\x7f\\x85\\x9f"), ("A\u202eB", "A\\u202eB"), ("\u2028", "\\u2028"),
    ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ is Persian text, kept
])
def test_messages_escape_control_characters(raw: str, shown: str) -> None:
    assert one_line(raw) == shown
    assert str(DataError(f"cell '{raw}'")) == f"cell '{shown}'"
    assert "\n" not in str(SpecError(f"x{raw}"))


def test_one_exit_code_per_error_class_and_readme_documents_them(root) -> None:
    from cemsurvey.cli.exit_codes import EXIT_CODES
    from cemsurvey.cli.exit_codes import exit_code_for as exit_code

    assert exit_code(SpecError("x")) == ExitCode.SPEC == 3
    assert exit_code(DataError("x")) == ExitCode.DATA == 4
    assert exit_code(EstimationError("x")) == ExitCode.ESTIMATION == 5
    assert exit_code(OutputError("x")) == ExitCode.OUTPUT == 6
    assert exit_code(CemsurveyError("x")) == ExitCode.ERROR
    assert len(set(EXIT_CODES.values())) == len(EXIT_CODES)
    readme = (root / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert re.search(rf"^\|\s*{int(code)}\s*\|", readme, re.M), f"exit code {int(code)}"
