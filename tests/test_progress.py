"""`medialit build` shows a progress bar on a terminal with many lessons; quiet in CI, with --quiet and in pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.common import PROGRESS_MIN_LESSONS
from tests.conftest import run

pty = pytest.importorskip("pty")  # a pseudo-terminal gives the command a real terminal on stderr


def build_on_terminal(root: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `medialit build` with stderr on a pseudo-terminal; exit status, stdout and what the terminal showed."""
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "CI"} | (env or {})
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--out", str(out), *extra], cwd=root,
                            env=full_env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the command exits
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    return proc.wait(timeout=300), stdout, shown.decode(errors="replace")


@pytest.fixture
def many(project):  # type: ignore[no-untyped-def]
    for i in range(PROGRESS_MIN_LESSONS + 5):
        project.lesson(f"lesson-{i:02d}")
    return project


def test_terminal_shows_a_progress_bar_with_many_lessons(many, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    n = PROGRESS_MIN_LESSONS + 5
    code, stdout, shown = build_on_terminal(many.root, tmp_path / "out")
    assert code == 0, shown
    assert f"[{'#' * 30}] {n}/{n}" in shown
    assert shown.count("\r") >= 2  # redrawn in place as lessons are built
    assert f"wrote {n} lesson(s)" in stdout


@pytest.mark.parametrize(("extra", "env"), [(("--quiet",), {}), ((), {"CI": "true"})], ids=["quiet", "ci"])
def test_no_progress_with_quiet_or_in_ci(many, tmp_path: Path, extra: tuple[str, ...], env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    code, _, shown = build_on_terminal(many.root, tmp_path / "out", *extra, env=env)
    assert code == 0, shown
    assert "#" not in shown and "/" not in shown
    assert (tmp_path / "out" / "lessons" / "lesson-00.md").is_file()


def test_no_progress_with_few_lessons(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson("one")
    code, stdout, shown = build_on_terminal(project.root, tmp_path / "out")
    assert code == 0 and "#" not in shown and "wrote 1 lesson(s)" in stdout


def test_no_progress_in_a_pipe(many, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("medialit", "build", "--out", str(tmp_path / "out"), cwd=many.root, env={"CI": ""})
    assert result.returncode == 0 and result.stderr == ""
