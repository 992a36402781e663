"""A content-keyed cache of built lessons, so an unchanged lesson is never parsed, detected or rendered twice.

A lesson's entry is valid while two things hold:

* the **environment** is the same: the package version, the bytes of every
  file of the package itself (code, detection rules, icons), the bytes of
  every template, and the build settings (see :func:`environment`);
* every **input file** the lesson was built from (its ``lesson.yml`` and its
  article) has the same bytes as when the entry was stored.

Under ``mkdocs serve`` the plugin keeps one cache for the whole session, so
editing one lesson regenerates only that lesson, and editing a template
regenerates them all. The cache lives in memory only: a cache on disk would
have to be loaded back from a folder a pull request could write into, and
unpickling it would run whatever it held.

A cached value must depend on nothing but the environment and its input
files; anything that looks across lessons (the lesson index, glossaries) is
built afresh from the cached lessons on every build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from generator import __version__
from generator.article import MAX_ARTICLE_BYTES
from generator.errors import MedialitError
from generator.resources import PACKAGE_DIR, TEMPLATES_DIR, digest, tree_digest
from generator.safety.text import read_limited

T = TypeVar("T")


def input_digest(path: Path) -> str | None:
    """Digest of a lesson's input file, or None when it cannot be used: a link, not a regular file, larger than
    the largest article or unreadable. The file is opened without following a link and read only up to the
    limit (size and type checked on the open file), so a ``lesson.yml`` linked to ``/dev/zero`` or to a file
    outside the repository is never read; the build then reports it through :func:`generator.spec.lesson.load_spec`.
    """
    try:
        return digest(read_limited(path, "lesson file", MAX_ARTICLE_BYTES, follow_links=False))
    except MedialitError:
        return None


def environment(templates_dir: Path, settings: str) -> str:
    """What every lesson page depends on besides its own files: code, rules, templates and settings."""
    return digest(f"{__version__}\0{settings}\0{tree_digest([PACKAGE_DIR, TEMPLATES_DIR, templates_dir])}".encode())


@dataclass
class CacheStats:
    """What the last build did: lessons taken from the cache and lessons (re)built, by slot."""

    hits: int = 0
    misses: int = 0
    built: list[str] = field(default_factory=list)


@dataclass
class _Entry(Generic[T]):
    environment: str
    inputs: dict[Path, str]
    value: T


class LessonCache(Generic[T]):
    """Values keyed by a slot (a lesson's spec path), valid while their environment and input files are unchanged."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry[T]] = {}
        self.environment = ""
        self.stats = CacheStats()

    def begin(self, environment: str) -> None:
        """Start a build in ``environment``: reset the stats and drop entries of any other environment."""
        if environment != self.environment:
            self._entries.clear()
            self.environment = environment
        self.stats = CacheStats()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, slot: str) -> T | None:
        entry = self._entries.get(slot)
        if entry is None or entry.environment != self.environment:
            return None
        if any(input_digest(path) != want for path, want in entry.inputs.items()):
            return None
        return entry.value

    def put(self, slot: str, inputs: dict[Path, str], value: T) -> None:
        self._entries[slot] = _Entry(self.environment, inputs, value)

    def forget(self, keep: Iterable[str]) -> None:
        """Drop the entries of slots not in ``keep`` (lessons that were deleted)."""
        wanted = set(keep)
        for slot in [s for s in self._entries if s not in wanted]:
            del self._entries[slot]

    def lookup(self, slot: str) -> T | None:
        """The valid value for ``slot``, counted as a hit, or None."""
        value = self.get(slot)
        if value is not None:
            self.stats.hits += 1
        return value

    def record(self, spec_path: Path, before: str | None, value: T, article_path: Path, article_text: str) -> None:
        """Count ``value`` as built and store it under the bytes it was built from.

        ``before`` is the digest of the spec taken before building; if the
        file has changed since, the value is not stored, so a file saved
        during the build is never cached under the wrong bytes. The article
        is keyed by the text it was parsed from: articles are decoded
        strictly, so its UTF-8 bytes are the file's bytes.
        """
        self.stats.misses += 1
        self.stats.built.append(spec_path.parent.name)
        if before is not None and input_digest(spec_path) == before:
            self.put(str(spec_path), {spec_path: before, article_path: digest(article_text.encode("utf-8"))}, value)
