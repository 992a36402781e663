"""Batch detection: many article files on every processor core, streamed.

:func:`article_files` lists the files a command names (a folder is searched
recursively for ``*.txt`` and ``*.md``). :func:`results` runs the detector
on them in worker processes (``MEDIALIT_JOBS`` as for builds, see
:func:`generator.build.workers.jobs`) and yields one :class:`FileResult` per
file in the order given, as soon as it is ready. With ``full=False`` a
result keeps only a summary (counts per category and at most
:data:`PHRASES_PER_FILE` phrases), so scanning holds little per file.
:func:`ranked` orders summaries for ``medialit scan`` (with ``--top N``
keeping only the best N as it goes).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.article import load_article
from generator.detection.engine import detect
from generator.errors import MedialitError
from generator.spec.vocabulary import CATEGORIES

SUFFIXES = (".txt", ".md")
PHRASES_PER_FILE = 5  # the strongest phrases a summary keeps
PARALLEL_MIN = 8  # files before worker processes pay off
CHUNK_MAX = 32


@dataclass(slots=True)
class FileResult:
    """One file's outcome: its word count, counts per category and strongest phrases, or why it failed."""

    path: str
    words: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    phrases: list[tuple[str, int]] = field(default_factory=list)
    findings: list[dict[str, object]] | None = None  # every finding as ``detect --format json`` gives it (full only)
    error: str | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, category: str | None = None) -> float:
        """Cues per 100 words, of one category or of all."""
        n = self.total if category is None else self.counts.get(category, 0)
        return 100.0 * n / self.words if self.words else 0.0

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "words": self.words, "findings": self.findings or []}

    def summary_json(self) -> dict[str, object]:
        return {"path": self.path, "words": self.words, "cues": self.total,
                "per_100_words": round(self.rate(), 2),
                "categories": {c: {"cues": self.counts.get(c, 0), "per_100_words": round(self.rate(c), 2)}
                               for c in CATEGORIES},
                "phrases": [{"phrase": p, "count": n} for p, n in self.phrases]}


def article_files(paths: Iterable[str]) -> list[Path]:
    """The files ``paths`` name, a folder replaced by its ``*.txt`` and ``*.md`` files (recursively, sorted)."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            found.append(path)
    return found


def examine(path: Path, full: bool) -> FileResult:
    """Detect in one file; a file that cannot be read, decoded or parsed gives a result with its error."""
    try:
        article = load_article(path)
        findings = detect(article.text, [(b.start, b.end) for b in article.blocks])
    except MedialitError as exc:
        return FileResult(str(path), error=exc.format())
    except OSError as exc:
        return FileResult(str(path), error=f"{path}: cannot read: {exc.strerror or exc}")
    counts = Counter(f.category for f in findings)
    phrases = Counter(" ".join(article.text[f.start:f.end].split()).lower() for f in findings)
    # most frequent first; Counter keeps first-seen order among equals, so ties go to the earlier phrase
    result = FileResult(str(path), article.words(), {c: counts.get(c, 0) for c in CATEGORIES},
                        phrases.most_common(PHRASES_PER_FILE))
    if full:
        result.findings = [f.as_json(article.text) for f in findings]
    return result


def _examine_full(path: Path) -> FileResult:
    return examine(path, True)


def _examine_summary(path: Path) -> FileResult:
    return examine(path, False)


def results(paths: list[Path], full: bool,
            progress: Callable[[int, int, str], None] | None = None) -> Iterator[FileResult]:
    """A result per file of ``paths``, in that order, each yielded as soon as it and those before it are done."""
    from generator.build.workers import jobs

    work = _examine_full if full else _examine_summary
    workers = jobs()
    pool = None
    if len(paths) >= PARALLEL_MIN and workers > 1 and sys.platform == "linux" and threading.active_count() == 1:
        try:
            # forked like the build's workers: the rules are compiled once here and shared
            detect("", None)
            pool = multiprocessing.get_context("fork").Pool(workers)
        except (OSError, ValueError):
            pool = None
    chunk = max(1, min(CHUNK_MAX, len(paths) // (workers * 8)))
    done = pool.imap(work, paths, chunksize=chunk) if pool is not None else map(work, paths)
    try:
        for i, result in enumerate(done, 1):
            if progress:
                progress(i, len(paths), os.path.basename(result.path))
            yield result
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def ranked(summaries: Iterable[FileResult], category: str | None = None, top: int | None = None) -> list[FileResult]:
    """Files with the most cues per 100 words first (of ``category``, or of all), then by path; the first ``top``.

    With ``top``, no more than about twice that many summaries are held at once.
    """
    def order(kept: list[FileResult]) -> list[FileResult]:
        return sorted(kept, key=lambda r: (-r.rate(category), r.path))[:top]

    kept: list[FileResult] = []
    for summary in summaries:
        kept.append(summary)
        if top is not None and len(kept) >= 2 * top + 64:
            kept = order(kept)
    return order(kept)
