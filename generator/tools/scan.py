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

Each file is read with the rules of its language (:class:`Languages`): the
one given (``--lang``), else the ``language:`` of the lesson whose folder
holds it, else the ``theme.language`` of the nearest ``mkdocs.yml`` above it,
else English. A file in a language without rules is not read by the
detector: its result says so (``no_rules``), and the command warns once per
such language.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.article import load_article
from generator.detection.engine import detect, warm
from generator.detection.languages import no_rules_message, rules_language
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
    no_rules: str | None = None  # the file's language when it has no detection rules: the file was not read

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


class Languages:
    """The language of each article file, and the rules it is read with; what is read from disk is kept per folder."""

    def __init__(self, given: str | None = None) -> None:
        self.given = given
        self._folders: dict[Path, tuple[str, str]] = {}
        self._rules: dict[str, str | None] = {}

    def of(self, path: Path) -> tuple[str, str]:
        """The file's language tag, and where it comes from (``--lang``, a lesson.yml, a mkdocs.yml or the default)."""
        if self.given:
            return self.given, "--lang"
        from generator.spec.language import article_language

        folder = path.absolute().parent
        if folder not in self._folders:
            self._folders[folder] = article_language(path)
        return self._folders[folder]

    def rules(self, path: Path) -> tuple[str | None, str]:
        """The rule set the file is read with (None: its language has none), and the file's language tag."""
        tag = self.of(path)[0]
        if tag not in self._rules:
            self._rules[tag] = rules_language(tag)
        return self._rules[tag], tag


def no_rules_warning(tag: str, files: list[str]) -> str:
    """The one warning about the files of a language without rules."""
    which = f" ({files[0]})" if len(files) == 1 else f" (the first: {files[0]})" if files else ""
    return "warning: " + no_rules_message(tag, f"{len(files)} file(s) in it not read by the detector{which}; "
                                          "--lang picks the rules to read them with")


def examine(path: Path, full: bool, lang: str | None = "en") -> FileResult:
    """Detect in one file with the rules of ``lang`` (None: the file's language has none, so it is not read);
    a file that cannot be read, decoded or parsed gives a result with its error."""
    if lang is None:
        return FileResult(str(path))  # not read (the caller says why)
    try:
        article = load_article(path)
        findings = detect(article.text, [(b.start, b.end) for b in article.blocks], lang)
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


def _examine_full(job: tuple[Path, str | None]) -> FileResult:
    return examine(job[0], True, job[1])


def _examine_summary(job: tuple[Path, str | None]) -> FileResult:
    return examine(job[0], False, job[1])


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    rules: str | None  # the rule set the file is read with; None: it is not read
    tag: str = ""  # its language
    error: str | None = None  # why its language is not known


def _jobs(paths: list[Path], languages: Languages) -> Iterator[_Job]:
    for path in paths:
        try:
            rules, tag = languages.rules(path)
        except MedialitError as exc:
            yield _Job(path, None, error=exc.format())
            continue
        yield _Job(path, rules, tag)


def results(paths: list[Path], full: bool, progress: Callable[[int, int, str], None] | None = None,
            lang: str | None = None) -> Iterator[FileResult]:
    """A result per file of ``paths``, in that order, each yielded as soon as it and those before it are done.

    Each file is read with the rules of ``lang``, else of its own language (see :class:`Languages`).
    """
    from generator.build.workers import jobs

    planned = list(_jobs(paths, Languages(lang)))
    work = _examine_full if full else _examine_summary
    todo = [(job.path, job.rules) for job in planned]
    workers = jobs()
    pool = None
    if len(paths) >= PARALLEL_MIN and workers > 1 and sys.platform == "linux" and threading.active_count() == 1:
        try:
            # forked like the build's workers: the rules are compiled once here and shared
            for rules in sorted({job.rules for job in planned if job.rules is not None}):
                warm(rules)
            import multiprocessing  # here: `medialit detect FILE` imports this module and never forks

            pool = multiprocessing.get_context("fork").Pool(workers)
        except (OSError, ValueError):
            pool = None
    chunk = max(1, min(CHUNK_MAX, len(paths) // (workers * 8)))
    done = pool.imap(work, todo, chunksize=chunk) if pool is not None else map(work, todo)
    try:
        for i, (result, job) in enumerate(zip(done, planned, strict=True), 1):
            if job.error is not None:
                result.error = job.error
            elif job.rules is None:
                result.no_rules = job.tag
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
