"""Safe output files: never overwrite silently, never leave a half-written file.

Every file cemsurvey writes goes through :func:`write_atomic`: the content is written
to a temporary file in the target directory and renamed over the target in one step,
so an error mid-way leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from cemsurvey.errors import OutputError


def check_writable(
    path: str | os.PathLike[str], *, force: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Refuse to write over an input file, or over an existing file without ``force``.

    Returns the resolved target path.
    """
    target = Path(path)
    for inp in inputs:
        try:
            if Path(inp).exists() and target.exists() and os.path.samefile(inp, target):
                raise OutputError(
                    f"{target}: refusing to overwrite the input file; choose another output path"
                )
        except FileNotFoundError:
            continue
    if target.exists() and not force:
        raise OutputError(f"{target}: file exists; pass --force to overwrite it")
    if target.exists() and target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{target}: directory {parent} does not exist; create it first")
    return target


def _umask() -> int:
    """The process umask (read by setting it and restoring it at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes | Callable[[Path], None],
    *,
    force: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    encoding: str = "utf-8",
) -> Path:
    """Write ``content`` to ``path`` atomically.

    ``content`` may be text, bytes, or a callable that writes a file at the temporary
    path it is given (for writers such as openpyxl that want a file name). The file gets
    the permissions of an ordinary new file (``0o666`` less the umask), not the private
    ``0o600`` of the temporary file it starts as.
    """
    target = check_writable(path, force=force, inputs=inputs)
    parent = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    tmp = Path(tmp_name)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode(encoding) if isinstance(content, str) else content)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
