"""The one error type of the project: a problem in a file, with where and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Characters a message must never carry to a terminal or CI log as they are: control
# characters (a line break could forge a log line or a CI command), bidi controls and
# other invisible format characters. They are shown as escapes instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control and invisible characters written as escapes (``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to about ``limit`` characters for a message, marking the cut with '…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        parts = [printable(self.path or "<input>")]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
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
    """Maps string offsets to 1-based (line, column) pairs and back.

    Columns count characters as an editor shows them: a leading byte-order
    mark is not counted, as in PyYAML's marks.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.bom = 1 if text.startswith("\ufeff") else 0
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        skip = self.bom if line == 1 and offset > 0 else 0
        return line, offset - self.starts[line - 1] + 1 - skip

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1 + (self.bom if line == 1 else 0)
