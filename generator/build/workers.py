"""Building a course's lessons: from the cache, in this process, or on the other processor cores.

Lessons are independent of each other, so a cold build of a large course
hands them to worker processes while MkDocs (which converts pages on one
core) or the command line waits. Workers are forked from the calling
process (see :func:`_pool` for when that is not done) and only when there
are at least :data:`PARALLEL_MIN` lessons to build, enough to repay
starting them; ``MEDIALIT_JOBS=1`` turns them off, ``MEDIALIT_JOBS=N``
sets their number. Results come back in folder order, so the output does not
depend on how the work was shared out. Lessons found unchanged in the cache
(:mod:`generator.build.cache`) are not built at all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator.build.cache import LessonCache, environment, input_digest
from generator.build.lesson import BuiltLesson, Project, build_lesson
from generator.errors import MedialitError, Problem
from generator.render.page import Renderer

PARALLEL_MIN = 200  # lessons to build before worker processes pay off
MAX_JOBS = 8
Outcome = tuple[str | None, BuiltLesson | list[Problem]]


def jobs() -> int:
    """Worker processes to use: ``MEDIALIT_JOBS``, else the processor cores this process may run on."""
    wanted = os.environ.get("MEDIALIT_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), MAX_JOBS)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_JOBS))


def build_one(project: Project, renderer: Renderer, path: Path, out: Path | None = None) -> Outcome:
    """One lesson, with the digest of its spec as read before building (for the cache), or its problems.

    With ``out``, the lesson's files are written there (see :meth:`BuiltLesson.write_out`).
    """
    before = input_digest(path)
    try:
        built = build_lesson(path, renderer, project.teacher_material, project.language)
    except MedialitError as exc:
        return before, exc.problems
    if out is not None:
        built.write_out(out)  # an OSError goes up to the caller of output_folder (from a worker too), which names it
    return before, built


_worker: tuple[Project, Renderer, Path | None] | None = None


def _start_worker(project: Project, out: Path | None) -> None:
    global _worker
    _worker = (project, Renderer(project.templates_dir, project.language), out)


def _build_in_worker(path: Path) -> Outcome:
    assert _worker is not None
    project, renderer, out = _worker
    return build_one(project, renderer, path, out)


def _pool(project: Project, workers: int, out: Path | None) -> ProcessPoolExecutor | None:
    """Worker processes forked from this one, or None where that is not safe (then lessons are built here).

    A fork copies the process as it is, with the rules compiled and nothing to
    import again, but only the calling thread: with other threads running (the
    web server of ``mkdocs serve``) a lock one of them holds could never be
    released in the copy, so lessons are then built here. Platforms without
    ``fork`` (Windows) or where it is unreliable (macOS) build here too.
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        return None
    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(project, out))
    except (OSError, ImportError, NotImplementedError, ValueError):
        return None


def _in_workers(pool: ProcessPoolExecutor, paths: list[Path], workers: int) -> Iterator[Outcome]:
    try:
        yield from pool.map(_build_in_worker, paths, chunksize=max(1, min(16, len(paths) // (workers * 8))))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def build_lessons(project: Project, renderer: Renderer, paths: list[Path],
                  cache: LessonCache[BuiltLesson] | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  out: Path | None = None) -> tuple[list[BuiltLesson], list[Problem]]:
    """Every lesson of ``paths`` in order, and the problems of those that could not be built.

    With ``out``, each lesson's files are written there by the process that built it (see :func:`build_one`).
    """
    hits: dict[Path, BuiltLesson] = {}
    if cache is not None:
        cache.begin(environment(project.templates_dir, repr(project)))
        cache.forget(str(p) for p in paths)
        hits = {p: v for p in paths if (v := cache.lookup(str(p))) is not None}
    todo = [p for p in paths if p not in hits]
    collecting = gc.isenabled()
    gc.disable()  # every lesson lives until the end of the build: collections would only walk them again (~10 %)
    try:
        return _build_todo(project, renderer, paths, todo, hits, cache, progress, out)
    finally:
        if collecting:
            gc.enable()


def _build_todo(project: Project, renderer: Renderer, paths: list[Path], todo: list[Path], hits: dict[Path, BuiltLesson],
                cache: LessonCache[BuiltLesson] | None,
                progress: Callable[[int, int, str], None] | None,
                out: Path | None) -> tuple[list[BuiltLesson], list[Problem]]:
    workers = jobs()
    pool = _pool(project, workers, out) if len(todo) >= PARALLEL_MIN and workers > 1 else None
    remote = _in_workers(pool, todo, workers) if pool is not None else None
    lessons: list[BuiltLesson] = []
    problems: list[Problem] = []
    for i, path in enumerate(paths, 1):
        if path in hits:
            lessons.append(hits[path])
        else:
            outcome = None
            if remote is not None:
                try:
                    before, outcome = next(remote)
                except BrokenProcessPool:  # a worker was killed (out of memory?): build the rest here
                    remote = None
            if outcome is None:
                before, outcome = build_one(project, renderer, path, out)
            if isinstance(outcome, BuiltLesson):
                lessons.append(outcome)
                if cache is not None:
                    cache.record(path, before, outcome, outcome.spec.article_path, outcome.article.text)
            else:
                problems += outcome
        if progress:
            progress(i, len(paths), path.parent.name)
    return lessons, problems
