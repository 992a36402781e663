"""A large course is built on several cores, with the same pages and errors as on one."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from generator import parallel
from generator import site as site_module
from generator.cache import LessonCache
from generator.errors import MedialitError
from generator.site import BuiltLesson, Project, build_site
from tests.conftest import MINIMAL_SPEC

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="worker processes are forked on Linux only")
LESSONS = 12


@pytest.fixture
def course(project, monkeypatch: pytest.MonkeyPatch) -> Project:  # type: ignore[no-untyped-def]
    for i in range(LESSONS):
        project.lesson(f"lesson-{i:02d}", spec=MINIMAL_SPEC.replace("A small lesson", f"Lesson {i}"),
                       article=f"Lesson {i}. Critics argue the plan is historic. It reportedly cost {i} million.\n")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 4)  # the workers start from 4 lessons instead of 200
    return Project.at(project.root)


def where_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every page say which process built it."""
    original = site_module.build_lesson

    def tagged(*args: object, **kwargs: object) -> BuiltLesson:
        built = original(*args, **kwargs)  # type: ignore[arg-type]
        built.page += f"\n<!-- built by {os.getpid()} -->\n"
        return built

    monkeypatch.setattr(site_module, "build_lesson", tagged)


def builders(site: site_module.Site) -> set[int]:
    return {int(b.page.rsplit("built by ", 1)[1].split()[0]) for b in site.lessons}


def test_many_cores_give_the_same_site_as_one(course: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIALIT_JOBS", "1")
    one = build_site(course)
    monkeypatch.setenv("MEDIALIT_JOBS", "3")
    where_built(monkeypatch)
    many = build_site(course)
    assert os.getpid() not in builders(many)  # built in worker processes
    untag = {k: v.split("\n<!-- built by")[0] for k, v in many.pages.items()}
    assert untag == {k: v.split("\n<!-- built by")[0] for k, v in one.pages.items()}
    assert [b.slug for b in many.lessons] == [b.slug for b in one.lessons]


def test_progress_is_reported_in_order(course: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIALIT_JOBS", "2")
    seen: list[tuple[int, int, str]] = []
    build_site(course, lambda i, n, slug: seen.append((i, n, slug)))
    assert seen == [(i + 1, LESSONS, f"lesson-{i:02d}") for i in range(LESSONS)]


def test_errors_from_workers_are_the_same(course: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = course.lessons_dir / "lesson-05" / "lesson.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace('level: "6-8"', "level: 6-9"), encoding="utf-8")
    messages = []
    for jobs in ("1", "3"):
        monkeypatch.setenv("MEDIALIT_JOBS", jobs)
        with pytest.raises(MedialitError) as err:
            build_site(course)
        messages.append(err.value.format())
    assert messages[0] == messages[1] and "lesson-05/lesson.yml:3:8: error: level must be one of" in messages[0]


def test_lessons_built_by_workers_are_cached(course: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIALIT_JOBS", "2")
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(course, cache=cache)
    assert (cache.stats.misses, len(cache)) == (LESSONS, LESSONS)
    build_site(course, cache=cache)
    assert (cache.stats.hits, cache.stats.misses) == (LESSONS, 0)


def test_no_workers_while_other_threads_run(course: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # as under `mkdocs serve`, whose web server runs in other threads: forking then is not safe
    monkeypatch.setenv("MEDIALIT_JOBS", "2")
    where_built(monkeypatch)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        site = build_site(course)
    finally:
        stop.set()
        server.join()
    assert builders(site) == {os.getpid()}


def test_jobs_follow_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MEDIALIT_JOBS", "3")
    assert parallel.jobs() == 3
    monkeypatch.setenv("MEDIALIT_JOBS", "1")
    assert parallel.jobs() == 1
    monkeypatch.setenv("MEDIALIT_JOBS", "lots")
    assert 1 <= parallel.jobs() <= parallel.MAX_JOBS


def test_a_killed_worker_leaves_the_rest_to_this_process(course: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIALIT_JOBS", "2")
    parent = os.getpid()
    original = site_module.build_lesson

    def dies_in_a_worker(path: Path, *args: object, **kwargs: object) -> BuiltLesson:
        if os.getpid() != parent and path.parent.name == "lesson-03":
            os._exit(1)  # as the kernel's out-of-memory killer would end it
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site_module, "build_lesson", dies_in_a_worker)
    site = build_site(course)
    assert sorted(b.slug for b in site.lessons) == [f"lesson-{i:02d}" for i in range(LESSONS)]
