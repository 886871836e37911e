"""The errors a user can see. Their text is the sentence the user reads."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    """The statuses the advisor exits with (the README has the same table)."""

    OK = 0
    PROBLEMS = 1  # the command ran and found problems (e.g. `kb check`)
    USAGE = 2  # a wrong argument, or nothing to do (e.g. no saved conversation to export)
    KNOWLEDGE = 3  # the knowledge base could not be loaded
    IO = 4  # a file or stream could not be read or written
    BUG = 70  # a bug in the advisor: nothing else ends with this
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    PIPE = 141  # the reader of the output went away, as with `| head` (128 + SIGPIPE)
    TERMINATED = 143  # SIGTERM while a piped conversation ran (128 + SIGTERM)


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EDQUOT: "the disk quota is used up",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EBADF: "it is closed",
}


def os_reason(exc: OSError) -> str:
    """What went wrong with a file, in words."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def expected_failure(exc: BaseException) -> tuple[str, ExitStatus] | None:
    """The one place an expected failure becomes the sentence a person reads and the status
    the advisor exits with; None for a real bug (exit 70)."""
    if isinstance(exc, KnowledgeError):
        return "\n".join(f"advisor: {p}" for p in exc.problems) or f"advisor: {exc}", exc.status
    if isinstance(exc, AdvisorError):
        return f"advisor: {exc}", exc.status
    if isinstance(exc, KeyboardInterrupt):
        return "", ExitStatus.INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        return "", ExitStatus.PIPE
    if isinstance(exc, OSError):
        what = exc.filename if exc.filename is not None else "the output or input"
        return f"advisor: cannot read or write {what}: {os_reason(exc)}", ExitStatus.IO
    if isinstance(exc, UnicodeError):
        return (
            f"advisor: text that cannot be read or shown in this encoding ({exc}); "
            "set a UTF-8 locale, e.g. LANG=C.UTF-8",
            ExitStatus.IO,
        )
    if isinstance(exc, MemoryError | RecursionError):
        return "advisor: the input is too large or too deeply nested to handle", ExitStatus.IO
    return None


class AdvisorError(Exception):
    """An error whose message is meant for the user, not a traceback."""

    status = ExitStatus.USAGE


@dataclass(frozen=True)
class Problem:
    """One problem in a knowledge file: where it is and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        shown = self.file.replace("\n", "\\n").replace("\r", "\\r")  # one problem, one line
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class KnowledgeError(AdvisorError):
    """The knowledge base is broken; carries every problem found."""

    status = ExitStatus.KNOWLEDGE

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0]) if problems else "the knowledge base is broken"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"broken knowledge: {first}{more}")


class ExportError(AdvisorError):
    status = ExitStatus.IO


class StreamError(AdvisorError):
    """A standard stream the command needs is closed."""

    status = ExitStatus.IO
