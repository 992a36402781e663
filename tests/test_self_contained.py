"""A checkout is self-contained: nothing in it reads, names or links a folder beside it."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT, SEED_ARTICLE, SEED_GOLD

# Written so that this file does not match itself: a folder named "shared" beside the
# checkout, reached by a relative path, a parent-of-the-root join, an environment variable
# that used to point at it, or the absolute path of the machine it was once on.
BESIDE = [
    re.compile(r"\.\.[/\\]shared\b"),
    re.compile(r"\.parent\s*/\s*[\"']shared[\"']"),
    re.compile(r"MEDIALIT_" + "SHARED"),
    re.compile(r"/wor" + r"k/shared\b"),
]


UNTRACKED = {".git", ".venv", "node_modules", "site", "build", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"}


def tracked_files() -> list[str]:
    """The files git tracks; outside a git checkout (an unpacked sdist, say), every file but tools' folders."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [name for name in out.decode("utf-8").split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                if p.is_file() and not UNTRACKED & set(p.relative_to(ROOT).parts) and ".egg-info" not in str(p)]


def test_no_tracked_file_names_a_folder_beside_the_checkout() -> None:
    found = []
    for name in tracked_files():
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue  # binary files (images), or deleted in the work tree
        for lineno, line in enumerate(text.splitlines(), 1):
            if any(p.search(line) for p in BESIDE):
                found.append(f"{name}:{lineno}: {line.strip()[:120]}")
    assert found == []


def test_the_patterns_catch_what_they_are_for() -> None:
    shared = "shared"
    for line in [f'SAMPLE = ROOT.parent / "{shared}"', f"see ../{shared}/seed-article.txt", "MEDIALIT_" + "SHARED=x",
                 "/wor" + f"k/{shared}/annotation-guide.md"]:
        assert any(p.search(line) for p in BESIDE), line
    assert not any(p.search(line) for line in ["shared word classes", "bench/sample/"] for p in BESIDE)


def test_the_sample_article_and_its_gold_are_in_the_repository() -> None:
    tracked = set(tracked_files())
    for path in (SEED_ARTICLE, SEED_GOLD, ROOT / "docs" / "annotation-guide.md"):
        assert path.relative_to(ROOT).as_posix() in tracked


def test_contributors_are_pointed_at_the_annotation_guide_in_the_docs() -> None:
    for name in ("CONTRIBUTING.md", ".github/pull_request_template.md", "docs/detection.md", "bench/devset/README.md"):
        assert "annotation-guide.md" in (ROOT / name).read_text(encoding="utf-8"), name
