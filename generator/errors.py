"""The one error type of the project: a problem in a file, with where and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# The one list of characters that never reach a page, a terminal or a CI log as they are:
# control characters, bidi controls and other invisible format characters (Unicode Cf),
# Hangul fillers, line and paragraph separators, surrogates and noncharacters, as regular
# expression class contents. Input files are checked against it (generator.safety.text,
# which allows tab, line ends and a few joiners in their place); messages escape every one,
# tab and line feed included (a line break could forge a log line or a CI command).
HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"  # letters that show as nothing
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
INVISIBLE_BMP = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                 "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff" + HANGUL_FILLERS + NONCHARACTERS[:5])
INVISIBLE_SUPPLEMENTARY = ("\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
                           "\U000e0000-\U000e007f" + NONCHARACTERS[5:])
_UNPRINTABLE = re.compile("[\t\n" + INVISIBLE_BMP + INVISIBLE_SUPPLEMENTARY + "]")


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
