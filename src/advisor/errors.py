"""The errors a user can see. Their text is the sentence the user reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    PROBLEMS = 1  # the command ran and found problems (e.g. `kb check`)
    USAGE = 2
    KNOWLEDGE = 3  # the knowledge base could not be loaded
    IO = 4  # a file could not be read or written
    BUG = 70


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
        where = f"{self.file}:{self.line}" if self.line else self.file
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
