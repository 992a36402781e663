"""``medialit check [PATH...]``: lessons checked as a reviewer would (:mod:`generator.tools.check`); ``--fix`` re-anchors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.anchoring.lockfile import LOCK_FILE
from generator.cli.common import project_opts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("check", help="check lessons as a reviewer would; --fix re-anchors edited quotes",
                       description="Check lesson specs and articles: schema and types, quotes anchoring uniquely, "
                       "categories, licence and attribution, duplicate slugs, characters, file sizes, missing and "
                       "unused files, quotes whose article was edited, and course.yml (slugs it lists that have no "
                       "folder or are listed twice; lesson folders it leaves out, which are not published). Prints path:line:col: error|warning|note: "
                       "message with a hint; exits 1 when there is any error.")
    project_opts(c)
    c.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="lesson folders, files in them, or lessons folders (default: every lesson)")
    c.add_argument("--format", choices=["text", "github"], default="text",
                   help="text (default) or github: workflow commands that show problems inline on a pull request")
    c.add_argument("--fix", action="store_true",
                   help=f"apply unambiguous quote fixes to lesson.yml and record positions in {LOCK_FILE}")
    c.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.spec.course import course_problems
    from generator.spec.language import project_language
    from generator.tools.check import check_all, display_path, format_problem

    lessons_dir = Path(args.root) / args.lessons
    language = project_language(Path(args.root), args.language)
    checked, problems = check_all(list(args.paths), lessons_dir, args.fix, print, language)
    # course.yml: unknown or repeated slugs, and lesson folders it leaves out (so not published)
    problems += course_problems(Path(args.root), lessons_dir,
                                {c.spec_path.parent.name for c in checked} if args.paths else None)
    for c in checked:
        problems += c.problems
    order = {"error": 0, "warning": 1, "note": 2}
    # a problem of a shared file (e.g. a detection rule) is met by every lesson: report it once
    unique = list({(p.path, p.line, p.col, p.severity, p.message): p for p in problems}.values())
    unique.sort(key=lambda p: (display_path(p.path), p.line, p.col, order.get(p.severity, 0)))
    for p in unique:
        print(format_problem(p, args.format))
    errors = sum(1 for p in unique if p.severity == "error")
    warnings = sum(1 for p in unique if p.severity == "warning")
    print(f"checked {len(checked)} lesson(s): {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
