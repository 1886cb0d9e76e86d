"""Safe files: never overwrite silently, never leave a half-written file, never block.

Every file cemsurvey writes goes through :func:`write_atomic`: the content is written
to a temporary file in the target directory and then *linked* to the target name, which
fails if a file of that name appeared in the meantime (no check-then-replace race).
With ``force`` it is renamed over the target instead. An error mid-way leaves nothing
behind.

Every file cemsurvey reads is first checked by :func:`regular_file_problem`: a FIFO,
socket or device would block a read forever (or never end), so only regular files are
read.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from cemsurvey.errors import OutputError

#: Flags of the temporary file: created fresh, never through a symbolic link.
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def regular_file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as an input file, or ``None`` when it can.

    The answer is the part of a message after ``"<path>: "``, ending with the fix.

    >>> regular_file_problem("/dev/null")
    'is not a regular file (a pipe, socket or device); save the content to a file and give its path'
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file not found; check the path"
    except NotADirectoryError:
        return "file not found (a part of the path is not a directory); check the path"
    except PermissionError:
        return "permission denied; check the file's permissions"
    except OSError as exc:
        return f"cannot be read ({exc.strerror}); check the path"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory; give a file"
    if not stat.S_ISREG(st.st_mode):
        return ("is not a regular file (a pipe, socket or device); save the content to a file "
                "and give its path")
    return None


def read_regular(path: str | os.PathLike[str], limit: int = -1) -> bytes:
    """Read a regular file's bytes (up to ``limit``) without ever blocking on a FIFO.

    The file is opened non-blocking and checked with ``fstat`` on the open descriptor,
    so a FIFO swapped in after a check is still refused.

    Raises
    ------
    OSError
        ``EINVAL`` for something that is not a regular file; the usual errors otherwise.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit)
    finally:
        os.close(fd)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return os.path.abspath(a) == os.path.abspath(b)


def check_writable(
    path: str | os.PathLike[str], *, force: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Refuse to write over an input file (even with ``force``), over an existing file
    without ``force``, over anything that is not a regular file, or into a missing directory.

    Returns the target path.
    """
    target = Path(path)
    try:
        return _check_writable(target, force, inputs)
    except OSError as exc:  # a name too long, a symlink loop, a path through a file...
        raise _output_error(target, exc) from None


def _check_writable(
    target: Path, force: bool, inputs: Iterable[str | os.PathLike[str]]
) -> Path:
    for inp in inputs:
        if _same(Path(inp), target):
            raise OutputError(
                f"{target}: is an input of this command ({inp}); refusing to overwrite the input "
                "file, even with --force; choose another output path"
            )
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    if target.exists() or target.is_symlink():
        if not force:
            raise OutputError(f"{target}: file exists; pass --force to overwrite it")
        if target.is_symlink() or not target.is_file():
            raise OutputError(
                f"{target}: is not a regular file (a link, pipe or device); choose another path"
            )
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{target}: directory {parent} does not exist; create it first")
    return target


def _output_error(target: Path, exc: OSError) -> OutputError:
    why = exc.strerror or type(exc).__name__
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "choose a directory you can write to"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some disk space or write elsewhere"
    elif exc.errno == errno.ENAMETOOLONG:
        fix = "choose a shorter file name"
    else:
        fix = "check the path and try again"
    return OutputError(f"{target}: cannot write the file ({why}); {fix}")


def _create_temp(parent: Path, name: str) -> tuple[int, Path]:
    """A fresh private-named file next to the target, mode ``0o666`` less the umask (the
    kernel applies the umask; the process umask is never changed)."""
    for _ in range(100):
        tmp = parent / f".{name[:200]}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, _TMP_FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "cannot create a temporary file", str(parent))


def _publish(tmp: Path, target: Path, force: bool) -> None:
    """Give ``tmp`` the name ``target``: exclusively (hard link) unless ``force``."""
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputError(f"{target}: file exists; pass --force to overwrite it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # no hard links on this file system: claim the name exclusively, then fill it
        fd = os.open(target, _TMP_FLAGS, 0o666)  # FileExistsError if it appeared
        os.close(fd)
        os.replace(tmp, target)
        return
    tmp.unlink()


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes | Callable[[Path], None],
    *,
    force: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    encoding: str = "utf-8",
) -> Path:
    """Write ``content`` to ``path`` atomically and exclusively.

    ``content`` may be text, bytes, or a callable that writes a file at the temporary
    path it is given (for writers such as openpyxl that want a file name). The file gets
    the permissions of an ordinary new file (``0o666`` less the umask).

    Raises
    ------
    OutputError
        ``path`` is an input, exists (without ``force``), is not a regular file, or cannot
        be written (permissions, disk full); nothing is left behind.
    """
    target = check_writable(path, force=force, inputs=inputs)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = _create_temp(parent, target.name)
    except OSError as exc:
        raise _output_error(target, exc) from None
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode(encoding) if isinstance(content, str) else content)
        _publish(tmp, target, force)
    except OutputError:
        tmp.unlink(missing_ok=True)
        raise
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{target}: file exists; pass --force to overwrite it") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _output_error(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
