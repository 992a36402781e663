"""Files a pull request brings (issue 18): links never written through, reads bounded before reading, malformed lock
files reported cleanly.

The scenario is a maintainer running ``medialit check --fix``, ``list`` or
``build`` on a stranger's pull request: a lesson folder may hold links to the
maintainer's own files, to ``/dev/zero``, or a ``lesson.lock.json`` built to
crash the reader.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from generator.anchoring.lockfile import LOCK_FILE
from generator.build.cache import LessonCache
from generator.build.lesson import BuiltLesson
from generator.build.lesson import Project as BuildProject
from generator.build.site import build_site
from generator.cli.main import main
from generator.errors import MedialitError
from tests.conftest import MINIMAL_SPEC, ROOT, Project

ARTICLE = "The shipments are expected to arrive on Monday, officials said.\n"
SPEC = MINIMAL_SPEC + """\
annotations:
  - quote: are expected to arrive
    category: unconfirmed
    note: Has anything arrived?
"""


def medialit(project: Project, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``medialit ARGS`` in this process from the project's root: exit status and everything printed."""
    old = Path.cwd()
    os.chdir(project.root)
    try:
        status = main(list(args))
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return status, out.out + out.err


# --- 1. writes never go through a link -----------------------------------------------------------------------

def test_plain_check_reports_a_linked_lock_file_as_an_error(project: Project, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    spec = project.lesson(spec=SPEC, article=ARTICLE)
    victim = tmp_path / "activate"
    victim.write_text("echo mine\n", encoding="utf-8")
    (spec.parent / LOCK_FILE).symlink_to(victim)
    status, out = medialit(project, "check", capsys=capsys)
    assert status == 1
    assert f"lessons/sample/{LOCK_FILE}: error: {LOCK_FILE} is a link: `medialit check --fix` will not write through it" in out
    assert victim.read_text(encoding="utf-8") == "echo mine\n"


@pytest.mark.parametrize("dangling", [False, True])
def test_check_fix_writes_neither_through_a_link_nor_to_where_a_dangling_one_points(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], dangling: bool) -> None:
    spec = project.lesson(spec=SPEC, article=ARTICLE)
    victim = tmp_path / ("created.sh" if dangling else "bashrc")
    if not dangling:
        victim.write_text("echo mine\n", encoding="utf-8")
    (spec.parent / LOCK_FILE).symlink_to(victim)
    status, out = medialit(project, "check", "--fix", capsys=capsys)
    assert status == 1
    assert f"{LOCK_FILE} is a link; it was not overwritten" in out
    assert (spec.parent / LOCK_FILE).is_symlink()
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == "echo mine\n"
    assert not [p for p in spec.parent.iterdir() if p.name.endswith(".tmp")]


def test_check_fix_does_not_write_a_lesson_yml_that_is_a_link(project: Project, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    spec = project.lesson(spec=SPEC.replace("are expected to arrive", "are expected to arive"), article=ARTICLE)
    inside = spec.parent.parent / "shared.yml"  # a link that stays inside the lessons folder is read, never written
    spec.rename(inside)
    spec.symlink_to(Path("..") / "shared.yml")
    before = inside.read_text(encoding="utf-8")
    medialit(project, "check", "--fix", capsys=capsys)
    assert inside.read_text(encoding="utf-8") == before
    assert spec.is_symlink()


# --- 2. reads are bounded before reading, and never through a link ---------------------------------------------

def _limited(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``medialit ARGS`` as a process that may not use more than 1 GiB: an unbounded read dies, it does not swap."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    exe = Path(sys.executable).parent / "medialit"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=300, preexec_fn=limit,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.mark.parametrize("command", [["list"], ["build", "--out", "out"], ["check"]])
def test_a_lesson_yml_linked_to_dev_zero_is_refused_without_being_read(project: Project, command: list[str]) -> None:
    spec = project.lesson()
    spec.unlink()
    spec.symlink_to("/dev/zero")
    result = _limited(*command, cwd=project.root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert "lessons/sample/lesson.yml" in result.stdout + result.stderr
    assert "error: lesson spec is a link" in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["list"], ["check"], ["build", "--out", "out"]])
def test_a_lesson_yml_linked_to_a_file_outside_leaks_nothing_of_it(project: Project, tmp_path: Path, command: list[str],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "deploy.yml"
    secret.write_text("DEPLOY_TOKEN: TODO rotate\nAWS_SECRET: TODO\n", encoding="utf-8")
    spec = project.lesson()
    spec.unlink()
    spec.symlink_to(secret)
    status, out = medialit(project, *command, capsys=capsys)
    assert status == 1
    assert "DEPLOY_TOKEN" not in out and "AWS_SECRET" not in out and "TODO" not in out


def test_an_article_linked_to_dev_zero_is_refused(project: Project) -> None:
    spec = project.lesson()
    (spec.parent / "article.txt").unlink()
    (spec.parent / "article.txt").symlink_to("/dev/zero")
    result = _limited("check", cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "article.file 'article.txt' is a link that leads outside the lesson folder" in result.stdout


def test_the_lesson_cache_never_reads_a_link_or_an_endless_file(project: Project) -> None:
    """The cache's check of a lesson's files (on every build of ``mkdocs serve``) opens them without following links
    and reads at most the largest article's size."""
    spec = project.lesson(spec=SPEC, article=ARTICLE)
    built = BuildProject.at(project.root)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(built, cache=cache)
    assert len(cache) == 1
    spec.unlink()
    spec.symlink_to("/dev/zero")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (min(hard, 4 << 30) if hard != resource.RLIM_INFINITY else 4 << 30, hard))
    try:
        with pytest.raises(MedialitError, match="lesson spec is a link"):
            build_site(built, cache=cache)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# --- 5. a malformed lesson.lock.json is one clean problem with its line and column --------------------------------

def _lock(entry: str) -> str:
    return ('{\n  "comment": "x",\n  "version": 1,\n  "article": "article.txt",\n  "annotations": [\n    ' + entry
            + '\n  ],\n  "suppress": [],\n  "sources": []\n}\n')


GOOD = ('{"quote": "are expected to arrive", "start": 14, "end": 36, "line": 1, "col": 15, '
        '"exact": "are expected to arrive", "prefix": "The shipments ", "suffix": " on Monday, officials said."}')


@pytest.mark.parametrize(("lock", "line", "col", "message"), [
    (_lock(GOOD.replace('"quote": "are expected to arrive"', '"quote": 1')), 6, 15, "'quote' must be text, not a whole number"),
    (_lock(GOOD.replace('"start": 14', '"start": "14"')), 6, 50, "'start' must be a whole number, not text"),
    (_lock(GOOD.replace('"start": 14', '"start": true')), 6, 50, "'start' must be a whole number, not true or false"),
    (_lock(GOOD.replace('"start": 14', '"start": -3')), 6, 50, "'start' must not be negative"),
    (_lock(GOOD.replace(', "col": 15', '')), 6, 5, "an entry of 'annotations' lacks 'col'"),
    (_lock(GOOD.replace('"col": 15', '"col": 15, "extra": {}')), 6, 87, "unknown field 'extra' in an entry of 'annotations'"),
    (_lock("[" * 100_000 + "]" * 100_000), 6, 5, "expected an object ('{')"),
    ('{"comment": ' + "[" * 100_000 + "]" * 100_000 + "}", 1, 13, "has values nested too deeply"),
    (_lock(GOOD).replace('"annotations": [', '"annotations": {'), 5, 18, "expected a list ('[') for 'annotations'"),
    (_lock(GOOD) + "{}", 11, 1, "has more after the end of its object"),
    ('{"annotations": [' + GOOD + ",]}", 1, 204, "expected an object ('{')"),
    ('{"annotations": [' + GOOD.replace("arrive", "arr\\ive", 1) + "]}", 1, 48, "is not valid JSON: Invalid \\escape"),
    ("[]", 1, 1, "expected an object ('{')"),
    ("", 1, 1, "expected an object ('{')"),
])
def test_a_malformed_lock_file_is_one_warning_with_line_and_column(project: Project, capsys: pytest.CaptureFixture[str],
                                                                  lock: str, line: int, col: int, message: str) -> None:
    spec = project.lesson(spec=SPEC, article=ARTICLE)
    (spec.parent / LOCK_FILE).write_text(lock, encoding="utf-8")
    status, out = medialit(project, "check", capsys=capsys)
    assert status == 0, out
    assert "Traceback" not in out
    assert (f"lessons/sample/{LOCK_FILE}:{line}:{col}: warning: {LOCK_FILE} {message}, so edits cannot be re-anchored"
            in out), out
    assert "hint: delete it and run `medialit check --fix lessons/sample` to record it again" in out
    status, out = medialit(project, "check", "--fix", capsys=capsys)  # --fix records the lock file anew
    assert status == 0 and f"recorded 1 anchor(s) in lessons/sample/{LOCK_FILE}" in out, out
    assert json.loads((spec.parent / LOCK_FILE).read_text(encoding="utf-8"))["annotations"][0]["start"] == 14


def test_a_well_formed_lock_file_still_reads(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    spec = project.lesson(spec=SPEC, article=ARTICLE)
    (spec.parent / LOCK_FILE).write_text(_lock(GOOD), encoding="utf-8")
    status, out = medialit(project, "check", capsys=capsys)
    assert status == 0 and LOCK_FILE + ":" not in out, out
    assert ROOT.is_dir()
