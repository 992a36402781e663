"""What several commands share: the project options, the project they name, and the progress bar."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.build.lesson import Project

PROGRESS_MIN_LESSONS = 20  # fewer lessons build in a blink: no bar


def project_opts(sp: argparse.ArgumentParser) -> None:
    """--root, --lessons, --templates and --language: where the course's inputs live, and its language."""
    sp.add_argument("--root", default=".", help="project folder (default: the current folder)")
    sp.add_argument("--lessons", default="lessons", help="lessons folder, relative to --root (default: lessons)")
    sp.add_argument("--templates", default="templates", help="Jinja2 templates folder (default: templates)")
    sp.add_argument("--language", metavar="TAG", type=language_tag,
                    help="the site's language, for its own pages and for lessons without language: "
                    "(default: theme.language in mkdocs.yml under --root, else en)")


def language_tag(value: str) -> str:
    """An argparse type: a BCP 47 language tag, or a usage error that says what one looks like."""
    from generator.spec.language import TAG_HINT, is_tag

    if not is_tag(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a language tag: {TAG_HINT}")
    return value


def project(args: argparse.Namespace, docs: str | None = "docs", teacher_material: bool = True) -> Project:
    """The project that :func:`project_opts` names."""
    from generator.build.lesson import Project

    return Project.at(Path(args.root), args.lessons, args.templates, docs, teacher_material=teacher_material,
                      language=args.language)


def progress_bar(min_lessons: int = PROGRESS_MIN_LESSONS) -> Callable[[int, int, str], None] | None:
    """A progress bar on standard error when it is a terminal, or None in CI (``CI`` set) and in pipes.

    The bar appears only for ``min_lessons`` or more lessons and is redrawn
    when the percentage changes, so thousands of lessons cost a hundred writes.
    """
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") or not sys.stderr.isatty():
        return None
    shown = [-1]

    def progress(i: int, n: int, slug: str) -> None:
        percent = 100 * i // n
        if n < min_lessons or (percent == shown[0] and i != n):
            return
        shown[0] = percent
        done = 30 * i // n
        sys.stderr.write(f"\r[{'#' * done}{'.' * (30 - done)}] {i}/{n} {slug[:30]:<30}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return progress
