"""Reading ``lesson.lock.json`` strictly: a lock file comes with a pull request, so nothing in it is trusted.

The file is read without following a link and only up to its size limit
(:func:`generator.safety.text.read_lesson_file`), then parsed by a small
reader that knows the file's shape: an object whose ``annotations``,
``suppress`` and ``sources`` lists hold objects with exactly the fields of an
:class:`Anchor`, each of its type. Values are decoded one at a time with
``json``'s own decoder, so every problem (bad JSON, a wrong type, a missing
or unknown field, brackets nested too deep) is one :class:`MedialitError`
with the line and column of the value at fault, never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from generator.article import MAX_ARTICLE_BYTES
from generator.errors import LineIndex, MedialitError, Problem
from generator.safety.text import read_lesson_file

LOCK_FILE = "lesson.lock.json"
MAX_LOCK_BYTES = MAX_ARTICLE_BYTES  # as any file in a lesson folder
KINDS = ("annotations", "suppress", "sources")


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found: exact text, offsets and context in the article's raw text."""

    quote: str
    start: int
    end: int
    line: int
    col: int
    exact: str
    prefix: str
    suffix: str


_FIELDS = {f.name: f.type for f in fields(Anchor)}
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list",
               dict: "an object", type(None): "null"}


class _Bad(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message, self.offset = message, offset


def _skip(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]  # matches the empty string everywhere


def _expect(text: str, i: int, char: str, what: str) -> int:
    i = _skip(text, i)
    if not text.startswith(char, i):
        raise _Bad(f"expected {what}", i)
    return i + 1


def _value(text: str, i: int) -> tuple[object, int]:
    """One JSON value at ``i`` (after white space): the value and where it ends."""
    i = _skip(text, i)
    try:
        return _DECODER.raw_decode(text, i)
    except json.JSONDecodeError as exc:
        raise _Bad(f"is not valid JSON: {exc.msg}", exc.pos) from None
    except RecursionError:  # brackets nested a thousand deep: json's decoder stops cleanly, and so do we
        raise _Bad("has values nested too deeply", i) from None


def _members(text: str, i: int, member: Callable[[str, int, int], int]) -> int:
    """The object at ``i``: ``member(key, key_offset, value_offset)`` reads each value and returns where it ends."""
    i = _expect(text, i, "{", "an object ('{')")
    if text.startswith("}", _skip(text, i)):
        return _skip(text, i) + 1
    while True:
        at = _skip(text, i)
        key, i = _value(text, at)
        if not isinstance(key, str):
            raise _Bad("expected a key in double quotes", at)
        i = member(key, at, _skip(text, _expect(text, i, ":", "':' after the key")))
        i = _skip(text, i)
        if text.startswith("}", i):
            return i + 1
        i = _expect(text, i, ",", "',' or '}'")


def _typed(value: object, want: type, name: str, at: int) -> None:
    if type(value) is not want:
        got = _TYPE_NAMES.get(type(value), type(value).__name__)
        raise _Bad(f"{name!r} must be {_TYPE_NAMES[want]}, not {got}", at)
    if want is int and value < 0:  # type: ignore[operator]
        raise _Bad(f"{name!r} must not be negative", at)


def _anchor(text: str, i: int, kind: str) -> tuple[Anchor, int]:
    found: dict[str, object] = {}
    start = _skip(text, i)

    def member(key: str, key_at: int, at: int) -> int:
        if key not in _FIELDS:
            raise _Bad(f"unknown field {key!r} in an entry of {kind!r}", key_at)
        value, end = _value(text, at)
        _typed(value, str if _FIELDS[key] in (str, "str") else int, key, at)
        found[key] = value
        return end

    end = _members(text, start, member)
    missing = [name for name in _FIELDS if name not in found]
    if missing:
        raise _Bad(f"an entry of {kind!r} lacks {', '.join(repr(m) for m in missing)}", start)
    return Anchor(**found), end  # type: ignore[arg-type]  # every field checked above


def _entries(text: str, i: int, kind: str) -> tuple[list[Anchor], int]:
    i = _expect(text, i, "[", f"a list ('[') for {kind!r}")
    out: list[Anchor] = []
    if text.startswith("]", _skip(text, i)):
        return out, _skip(text, i) + 1
    while True:
        entry, i = _anchor(text, i, kind)
        out.append(entry)
        i = _skip(text, i)
        if text.startswith("]", i):
            return out, i + 1
        i = _expect(text, i, ",", "',' or ']'")


def parse_lock(text: str, path: Path) -> dict[str, list[Anchor]]:
    """The anchors recorded in ``text`` by kind, or one error naming the line and column of the first problem."""
    lock: dict[str, list[Anchor]] = {kind: [] for kind in KINDS}

    def member(key: str, key_at: int, at: int) -> int:
        if key in KINDS:
            lock[key], end = _entries(text, at, key)
            return end
        _, end = _value(text, at)
        return end

    try:
        start = _skip(text, 1 if text.startswith("\ufeff") else 0)
        end = _skip(text, _members(text, start, member))
        if end != len(text):
            raise _Bad("has more after the end of its object", end)
    except _Bad as bad:
        line, col = LineIndex(text).position(min(bad.offset, len(text)))
        raise MedialitError(f"{LOCK_FILE} {bad.message}", path, line, col,
                            f"delete it and run `medialit check --fix {path.parent}` to record it again") from None
    return lock


def read_lock(folder: Path) -> tuple[dict[str, list[Anchor]] | None, list[Problem]]:
    """The recorded anchors by kind, or None when there is no (usable) lock file, with the problem that says why.

    A link in its place is an error (``--fix`` never writes through one); a lock
    file that is too large, not UTF-8 or malformed is a warning: the lesson
    still builds, only later edits of its article cannot be re-anchored.
    """
    path = folder / LOCK_FILE
    if not (path.exists() or path.is_symlink()):
        return None, []
    again = f"delete it and run `medialit check --fix {folder}` to record it again"
    try:
        return parse_lock(read_lesson_file(path, MAX_LOCK_BYTES, LOCK_FILE), path), []
    except MedialitError as exc:
        if path.is_symlink():
            return None, [Problem(f"{LOCK_FILE} is a link: `medialit check --fix` will not write through it",
                                  str(path), 0, 0, "delete the link; a lesson folder holds plain files only", "error")]
        message = exc.message if exc.message.startswith(LOCK_FILE) else f"{LOCK_FILE}: {exc.message}"
        return None, [Problem(f"{message}, so edits cannot be re-anchored", str(path), exc.line, exc.col, again, "warning")]
