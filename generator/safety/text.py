"""Characters that must never reach a page: control, bidirectional and invisible ones; reading and writing text files.

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

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from heapq import merge
from pathlib import Path

from generator.errors import INVISIBLE_BMP, INVISIBLE_SUPPLEMENTARY, LineIndex, MedialitError

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
_JOINERS = "\u200c\u200d"
# The characters to look at: the one list in generator.errors. Each is then judged in its context (_allowed).
_CANDIDATE = re.compile("[" + INVISIBLE_BMP + INVISIBLE_SUPPLEMENTARY + "]")
# Testing the supplementary-plane ranges at every character is slow (about 30 ms a megabyte): the
# class without them is fast, and the few supplementary-plane characters of a text are tested apart.
_CANDIDATE_BMP = re.compile("[" + INVISIBLE_BMP + "]")
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
    """Read a UTF-8 text file of at most ``limit`` bytes, with clear errors for size, type and encoding.

    A link is followed (an article may be a link inside its lesson folder; :func:`generator.spec.lesson.load_spec`
    checks where links lead); :func:`read_lesson_file` refuses one.
    """
    return decode(read_limited(path, what, limit, follow_links=True), path, what)


def read_lesson_file(path: Path, limit: int, what: str = "lesson file") -> str:
    """Read a UTF-8 file a tool is about to rewrite (lesson.yml, the lock file): as :func:`read_text_file`, but a link is refused."""
    return decode(read_limited(path, what, limit, follow_links=False), path, what)


def read_limited(path: Path, what: str, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file, never more than ``limit``: type and size are checked on the open file, not the path.

    So a file swapped for a larger one, a folder or a named pipe after a look at its
    path is still caught, and opening a named pipe does not wait for a writer.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        if not follow_links and path.is_symlink():  # where O_NOFOLLOW is missing (Windows); the flag covers the race
            raise OSError(errno.ELOOP, "is a link", str(path))
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise MedialitError(f"{what} is a link", path, hint="replace the link with the file itself") from None
        if isinstance(exc, FileNotFoundError):
            raise MedialitError(f"{what} does not exist", path, hint="check the file's name and folder") from None
        raise MedialitError(f"cannot read {what}: {exc.strerror or exc}", path, hint="check that the file exists and is readable") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise MedialitError(f"{what} is not a regular file", path, hint="point to a plain text file in the lesson folder")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
        size = max(len(data), info.st_size)
    except OSError as exc:
        raise MedialitError(f"cannot read {what}: {exc.strerror or exc}", path, hint="check that the file exists and is readable") from None
    finally:
        os.close(fd)
    if size > limit:
        raise MedialitError(f"{what} is {size:,} bytes, more than the limit of {limit:,}", path,
                            hint="shorten the file; lessons stay small so that pages load fast")
    return data


def decode(data: bytes, path: Path, what: str) -> str:
    """``data`` as UTF-8, or an error naming the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = LineIndex(before).position(len(before))
        raise MedialitError(f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line, col,
                            "save the file as UTF-8 in your editor") from None


def write_text_file(path: Path, text: str, what: str) -> None:
    """Replace ``path`` with ``text`` in UTF-8 (line ends as given) in one step, never half-written.

    The text goes to a new file in the same folder, which is then renamed over
    ``path``: a failure or an interruption leaves the old file as it was. A link
    at ``path`` is refused, not followed (it could lead out of the lesson folder).
    An existing file keeps its permissions; a new one gets the usual ones (umask).
    """
    if path.is_symlink():
        raise MedialitError(f"{what} is a link; it was not overwritten", path, hint="replace the link with the file itself")
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        for attempt in range(100):
            tmp = path.with_name(f".{path.name}.{os.getpid()}-{attempt}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise MedialitError(f"cannot write {what}: {exc.strerror or exc}", exc.filename or path,
                            hint="check that the folder is writable and has room") from None
