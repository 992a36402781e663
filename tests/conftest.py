"""Shared fixtures: a throw-away project with lessons written from Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bench" / "sample"  # the sample article and its gold spans (see bench/sample/README.md)
SEED_ARTICLE = SAMPLE / "seed-article.txt"
SEED_GOLD = SAMPLE / "seed-article.gold.yml"

MINIMAL_SPEC = """\
title: A small lesson
summary: Students practise spotting cues.
level: "6-8"
duration: 30
objectives:
  - Spot unnamed sources.
article:
  file: article.txt
  headline: A headline
  outlet: fictional
  author: Test Author
  date: "2025-01-02"
  license: Fictional practice article.
  attribution: Written for the tests.
questions:
  - question: Who is the source?
    answer: Nobody we can check.
teacher_notes: Keep it short.
"""


def pytest_configure(config: pytest.Config) -> None:
    """Caches go to a folder of this test run, never the user's ~/.cache: the detector's prepared rules
    (generator.detection.ruleset.cache_dir reads XDG_CACHE_HOME), for test modules that make a Detector
    at import time and for every command a test runs (they inherit the environment)."""
    cache = tempfile.mkdtemp(prefix="medialit-tests-cache-")
    os.environ["XDG_CACHE_HOME"] = cache
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))


class Project:
    """A temporary course project: root/lessons/<slug>/..."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "lessons").mkdir(parents=True)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        shutil.copytree(ROOT / "templates", root / "templates")

    def lesson(self, slug: str = "sample", spec: str = MINIMAL_SPEC, article: str | bytes = "Some text.\n",
               extra: str = "", article_name: str = "article.txt") -> Path:
        folder = self.root / "lessons" / slug
        folder.mkdir(parents=True, exist_ok=True)
        data = article if isinstance(article, bytes) else article.encode("utf-8")
        (folder / article_name).write_bytes(data)
        (folder / "lesson.yml").write_text(spec + textwrap.dedent(extra), encoding="utf-8")
        return folder / "lesson.yml"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "proj")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with the project's Python tools, capturing text output."""
    import sys

    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    exe = Path(sys.executable).parent
    cmd = [str(exe / args[0]) if (exe / args[0]).exists() else args[0], *args[1:]]
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600)


def mkdocs_build(project_root: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Build a project with the repository's mkdocs.yml settings."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project_root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return run("mkdocs", "build", "--strict", "-d", str(site_dir), cwd=project_root)


def highlights(html_text: str) -> list[tuple[str, str]]:
    """(data-category, text) of every element carrying data-category, in document order."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.stack: list[list[str] | None] = []
            self.found: list[list[str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("br", "wbr", "img", "path", "input"):
                return
            a = dict(attrs)
            if "data-category" in a:
                item = [a["data-category"] or "", ""]
                self.found.append(item)
                self.stack.append(item)
            else:
                self.stack.append(None)

        def handle_endtag(self, tag: str) -> None:
            if tag in ("br", "wbr", "img", "path", "input"):
                return
            if self.stack:
                self.stack.pop()

        def handle_data(self, data: str) -> None:
            for item in self.stack:
                if item is not None:
                    item[1] += data

    p = Parser()
    p.feed(html_text)
    return [(c, t) for c, t in p.found]
