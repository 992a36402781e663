"""``medialit new SLUG --article PATH``: start a lesson folder to fill in (:mod:`generator.tools.scaffold`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import project_opts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    n = sub.add_parser("new", help="start a lesson: lessons/SLUG/ with the article and a lesson.yml to fill in",
                       description="Create lessons/SLUG/ with a copy of the article and a commented lesson.yml: "
                       "TODO placeholders for what only you know, and the detector's findings listed for review. "
                       "The new lesson passes `medialit check` with warnings for the TODOs.")
    project_opts(n)
    n.add_argument("slug", metavar="SLUG", help="the lesson's folder name: lowercase words joined by hyphens")
    n.add_argument("--article", required=True, metavar="PATH", help="the article, a .txt or .md file (copied)")
    n.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.anchoring.lockfile import LOCK_FILE
    from generator.spec.course import COURSE_FILE, course_path
    from generator.spec.language import project_language
    from generator.spec.lesson import SPEC_FILE
    from generator.tools.check import apply_fixes, check_lesson, display_path
    from generator.tools.scaffold import create

    spec_path = create(Path(args.root) / args.lessons, args.slug, Path(args.article))
    checked = apply_fixes(check_lesson(spec_path, project_language(Path(args.root), args.language)),
                          lambda _: None)  # records lesson.lock.json
    folder = display_path(str(spec_path.parent))
    print(f"created {folder}/ with {SPEC_FILE}, {checked.spec.lesson.article.file if checked.spec else 'the article'} "
          f"and {LOCK_FILE}")
    todo = sum(1 for p in checked.problems if "TODO" in p.message)
    review = sum(1 for p in checked.problems if "to review" in p.message)
    print(f"next: fill in the {todo} TODO(s) and review the {review} suggested annotation(s) in {folder}/{SPEC_FILE}, "
          f"then run `medialit check {folder}`")
    if course_path(Path(args.root)).is_file():  # a course file lists what is published: the new lesson is not, yet
        print(f"to publish it: add '- {args.slug}' to the lessons of a unit in {COURSE_FILE}")
    return 1 if checked.count("error") else 0
