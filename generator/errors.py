"""The one error type of the project: a problem in a file, with where and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One problem found in an input file.

    ``line`` and ``col`` are 1-based; 0 means "not applicable".
    """

    message: str
    path: str = ""
    line: int = 0
    col: int = 0
    hint: str = ""
    severity: str = "error"

    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class MedialitError(Exception):
    """Raised for any bad input. Carries one or more problems."""

    problems: list[Problem] = field(default_factory=list)

    def __init__(
        self,
        message: str = "",
        path: str | Path = "",
        line: int = 0,
        col: int = 0,
        hint: str = "",
        *,
        problems: list[Problem] | None = None,
    ) -> None:
        if problems is None:
            problems = [Problem(message, str(path), line, col, hint)]
        self.problems = problems
        super().__init__(self.format())

    @property
    def first(self) -> Problem:
        return self.problems[0]

    @property
    def path(self) -> str:
        return self.first.path

    @property
    def line(self) -> int:
        return self.first.line

    @property
    def col(self) -> int:
        return self.first.col

    @property
    def hint(self) -> str:
        return self.first.hint

    @property
    def message(self) -> str:
        return self.first.message

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    def __str__(self) -> str:
        return self.format()


class LineIndex:
    """Maps string offsets to 1-based (line, column) pairs and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1
