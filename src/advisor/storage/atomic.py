"""Writing files so that nothing is ever half-written or silently overwritten."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from advisor.domain import ExportError, os_reason


def _temporary(path: Path, mode: int) -> tuple[int, str]:
    """A new temporary file beside `path`, with a short name (a legal long name must stay
    legal) and `mode` less the umask."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:24]}.", suffix=".tmp")
    if mode != 0o600:  # mkstemp makes 0600; anything else follows the umask, as open() would
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, mode & ~umask)
    return fd, tmp


def atomic_write(path: Path, text: str, mode: int = 0o600, replace: bool = True) -> None:
    """Write via a temporary file in the same folder and move it into place. With `replace`
    false the move is a hard link, which fails (FileExistsError) if anything is at `path`
    by then: no check-then-rename window for another writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # a file system without hard links: the exclusive check is the best there is
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.replace(tmp, path)


def write_new(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` atomically; refuse to overwrite without `force`, never write
    over anything but a regular file (or a link), and say why a write failed in a sentence
    (the file is then left as it was)."""
    exists = "already exists; use --force to overwrite it"
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {os_reason(exc)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{path} is a folder; give a file name such as {path / 'summary.md'}")
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise ExportError(
            f"{path} is not a regular file (a device, pipe or socket); "
            "the advisor writes only over regular files"
        )
    if info is not None and not force:
        raise ExportError(f"{path} {exists}")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        atomic_write(path, text, mode=0o666, replace=force)
    except FileExistsError:
        raise ExportError(f"{path} {exists}") from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {os_reason(exc)}; nothing was written") from None
