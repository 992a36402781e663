"""A large course is built on several cores, with the same pages and errors as on one."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from generator.build import site as site_module
from generator.build import workers as parallel
from generator.build.cache import LessonCache
from generator.build.lesson import BuiltLesson, Project
from generator.build.site import build_site
from generator.errors import MedialitError
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
    original = parallel.build_lesson

    def tagged(*args: object, **kwargs: object) -> BuiltLesson:
        built = original(*args, **kwargs)  # type: ignore[arg-type]
        built.page += f"\n<!-- built by {os.getpid()} -->\n"
        return built

    monkeypatch.setattr(parallel, "build_lesson", tagged)


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
    original = parallel.build_lesson

    def dies_in_a_worker(path: Path, *args: object, **kwargs: object) -> BuiltLesson:
        if os.getpid() != parent and path.parent.name == "lesson-03":
            os._exit(1)  # as the kernel's out-of-memory killer would end it
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "build_lesson", dies_in_a_worker)
    site = build_site(course)
    assert sorted(b.slug for b in site.lessons) == [f"lesson-{i:02d}" for i in range(LESSONS)]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_command_line_writes_each_lesson_where_it_is_built(course: Project, monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    from generator.cli.main import main

    args = ["build", "--root", str(course.root), "--quiet", "--out"]
    monkeypatch.setenv("MEDIALIT_JOBS", "1")
    assert main([*args, str(tmp_path / "one")]) == 0
    monkeypatch.setenv("MEDIALIT_JOBS", "3")
    where_built(monkeypatch)
    assert main([*args, str(tmp_path / "many")]) == 0
    one, many = tree(tmp_path / "one"), tree(tmp_path / "many")
    assert one.keys() == many.keys() and len([k for k in one if k.endswith("annotations.jsonld")]) == LESSONS
    pids = set()
    for rel, data in many.items():
        text, _, tag = data.decode("utf-8").partition("\n<!-- built by ")
        assert text == one[rel].decode("utf-8").partition("\n<!-- built by ")[0], rel
        if tag:
            pids.add(int(tag.split()[0]))
    assert len(pids) >= 2 and os.getpid() not in pids  # built in the workers, which write what they build (next test)


def test_lessons_written_out_are_not_kept(course: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MEDIALIT_JOBS", "2")
    site = build_site(course, out=tmp_path)
    assert all(b.page is None for b in site.lessons) and len(site.lessons) == LESSONS
    assert not any(rel.startswith("lessons/lesson-") for rel in site.pages)  # only the course pages are in memory
    assert (tmp_path / "lessons" / "lesson-07.md").read_text(encoding="utf-8").startswith("# Lesson 7\n")
    with pytest.raises(ValueError):
        build_site(course, cache=LessonCache(), out=tmp_path)


def test_a_worker_that_cannot_write_leaves_the_old_output(course: Project, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from generator.cli.main import main

    out = tmp_path / "out"
    args = ["build", "--root", str(course.root), "--quiet", "--out", str(out)]
    assert main(args) == 0
    before = tree(out)
    original = Path.write_text
    parent = os.getpid()

    def full_disk(self: Path, *a: object, **k: object) -> int:
        if os.getpid() != parent and self.name == "lesson-05.md":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return original(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setenv("MEDIALIT_JOBS", "2")
    monkeypatch.setattr(Path, "write_text", full_disk)
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{out / 'lessons' / 'lesson-05.md'}: error: cannot write output: No space left on device"), err
    assert tree(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no half-written folder left
