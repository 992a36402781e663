"""Characters that must never reach a page: control, bidirectional and invisible ones; reading text files.

Text is checked, never silently rewritten, so that every offset keeps
pointing into the file exactly as it was read. Allowed: tab, LF, CRLF line
endings, a byte-order mark at the very start, and the zero-width joiner and
non-joiner between two non-ASCII characters (emoji sequences, Persian and
Indic scripts). Rejected: every other control character (a CR alone
included), every other format character (Unicode category Cf: bidi
overrides and isolates, zero-width spaces, soft hyphens, tag characters…),
Hangul fillers, line and paragraph separators, surrogates and noncharacters.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from heapq import merge
from pathlib import Path

from generator.errors import LineIndex, MedialitError

_NAMES = {
    "\x00": "NUL", "\r": "CARRIAGE RETURN (not followed by a line feed)", "\x07": "BELL", "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE", "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK", "\u061c": "ARABIC LETTER MARK",
    "\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
    "\u00ad": "SOFT HYPHEN", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR",
}
_FILLERS = "\u115f\u1160\u3164\uffa0"  # Hangul fillers: letters that show as nothing
_JOINERS = "\u200c\u200d"
_NONCHAR = "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
_BMP = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
        "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff" + _FILLERS + _NONCHAR[:5])
# A fast first pass; every candidate is then judged by its Unicode category.
_CANDIDATE = re.compile(
    "[" + _BMP + "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f" + _NONCHAR[5:] + "]"
)
# Testing the supplementary-plane ranges at every character is slow (about 30 ms a megabyte): the
# class without them is fast, and the few supplementary-plane characters of a text are tested apart.
_CANDIDATE_BMP = re.compile("[" + _BMP + "]")
_SUPPLEMENTARY = re.compile("[\U00010000-\U0010ffff]")


def _allowed(text: str, i: int, bom_ok: bool) -> bool:
    ch = text[i]
    if ch == "\r":
        return text.startswith("\n", i + 1)
    if ch == "\ufeff":
        return i == 0 and bom_ok
    if ch in _JOINERS:
        before, after = text[i - 1: i], text[i + 1: i + 2]
        return bool(before and after) and not before.isascii() and not after.isascii() \
            and not before.isspace() and not after.isspace() and before not in _JOINERS and after not in _JOINERS
    return False


def describe(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``-style name of a character."""
    name = _NAMES.get(ch) or unicodedata.name(ch, "")
    if not name:
        cat = unicodedata.category(ch)
        name = {"Cc": "control character", "Cs": "surrogate", "Cn": "noncharacter"}.get(cat, "invisible character")
    return f"U+{ord(ch):04X} {name}"


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """Matches of _CANDIDATE in order, found fast (see _CANDIDATE_BMP)."""
    found = _CANDIDATE_BMP.finditer(text)
    if not _SUPPLEMENTARY.search(text):
        return found
    rare = (m for m in _SUPPLEMENTARY.finditer(text) if _CANDIDATE.match(m.group()))
    return merge(found, rare, key=lambda m: m.start())


def find_bad_char(text: str, bom_ok: bool = True) -> tuple[int, str] | None:
    """Offset and description of the first forbidden character, if any (a leading BOM only if ``bom_ok``)."""
    for m in _candidates(text):
        if not _allowed(text, m.start(), bom_ok):
            return m.start(), describe(m.group())
    return None


def hint_for(ch: str) -> str:
    if ch == "\r":
        return "save the file with LF (or CRLF) line endings"
    if unicodedata.category(ch) in ("Cc", "Cs", "Cn"):
        return "delete the character; it cannot be shown on a page"
    if ch in _JOINERS:
        return "a zero-width joiner or non-joiner is kept only between two non-ASCII letters or emoji; delete this one"
    return ("this invisible character can make text display differently from what it says "
            "(a 'Trojan Source' trick); delete it")


def check_text(text: str, path: str | Path, what: str) -> str:
    """Return ``text`` unchanged, or raise naming the first forbidden character."""
    bad = find_bad_char(text)
    if bad:
        offset, desc = bad
        line, col = LineIndex(text).position(offset)
        raise MedialitError(f"{what} contains {desc}", path, line, col, hint_for(text[offset]))
    return text


def read_text_file(path: Path, what: str, limit: int) -> str:
    """Read a UTF-8 text file, with clear errors for size, type and encoding (never more than ``limit`` bytes)."""
    try:
        if not path.is_file():
            raise MedialitError(f"{what} is not a regular file", path, hint="point to a plain text file in the lesson folder")
        with path.open("rb") as f:
            data = f.read(limit + 1)
            size = max(len(data), os.fstat(f.fileno()).st_size)
        if size > limit:
            raise MedialitError(f"{what} is {size:,} bytes, more than the limit of {limit:,}", path,
                                hint="shorten the file; lessons stay small so that pages load fast")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise MedialitError(f"cannot read {what}: {reason}", path, hint="check that the file exists and is readable") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = LineIndex(before).position(len(before))
        raise MedialitError(f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line, col,
                            "save the file as UTF-8 in your editor") from None
