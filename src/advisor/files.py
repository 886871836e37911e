"""Writing files so that nothing is ever half-written or silently overwritten."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from advisor.errors import ExportError, os_reason


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` atomically; refuse to overwrite without `force`, and say why
    a write failed in a sentence (the file is then left as it was)."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name such as {path / 'summary.md'}")
    if path.exists() and not path.is_symlink() and not path.is_file():
        raise ExportError(f"{path} is not a regular file (a device, pipe or socket); "
                          "the advisor writes only over regular files")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {os_reason(exc)}; nothing was written") from None
