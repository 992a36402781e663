"""Characters that must never reach a page: control, bidirectional and invisible ones.

Text is checked, never silently rewritten, so that every offset keeps
pointing into the file exactly as it was read.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import LineIndex, MedialitError

_NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE", "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK", "\u061c": "ARABIC LETTER MARK",
    "\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u00ad": "SOFT HYPHEN", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR",
}
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(_NAMES) + "\ud800-\udfff\ufff9-\ufffb]")


def find_bad_char(text: str) -> tuple[int, str] | None:
    """Offset and description of the first forbidden character, if any (a leading BOM is allowed)."""
    start = 1 if text.startswith("\ufeff") else 0
    m = _BAD.search(text, start)
    if not m:
        return None
    ch = m.group()
    name = _NAMES.get(ch) or ("NUL" if ch == "\x00" else "control character")
    return m.start(), f"U+{ord(ch):04X} {name}"


def check_text(text: str, path: str | Path, what: str) -> str:
    """Return ``text`` unchanged, or raise naming the first forbidden character."""
    bad = find_bad_char(text)
    if bad:
        offset, desc = bad
        line, col = LineIndex(text).position(offset)
        invisible = desc.split(" ", 1)[0] not in ("NUL",) and "control" not in desc
        hint = ("this invisible character can make text display differently from what it says "
                "(a 'Trojan Source' trick); delete it" if invisible else "delete the character; it cannot be shown on a page")
        raise MedialitError(f"{what} contains {desc}", path, line, col, hint)
    return text
