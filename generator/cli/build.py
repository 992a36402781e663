"""``medialit build --out DIR``: every lesson page, with the hand-written docs, as plain Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli.common import progress_bar, project, project_opts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser("build", help="write every lesson page as plain Markdown",
                       description="Write the hand-written docs/ pages plus every generated lesson page into "
                       "OUT, ready for `mkdocs build` or `zensical build` with docs_dir: OUT. "
                       "OUT is replaced atomically: a failed run leaves the previous output intact.")
    project_opts(b)
    b.add_argument("--out", required=True, help="output folder (replaced as a whole)")
    b.add_argument("--docs", default="docs", help="hand-written pages to copy in (default: docs)")
    b.add_argument("--student", action="store_true",
                   help="student-only site: leave out teacher notes, warm-ups and model answers")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors (no progress, no warnings)")
    b.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.output import output_folder, write_files
    from generator.build.site import build_site

    proj = project(args, args.docs, teacher_material=not args.student)
    with output_folder(Path(args.out), proj.docs_dir, protect=(proj.root, proj.lessons_dir, proj.templates_dir)) as out:
        # each lesson is written out as soon as it is built: a large course is never held in memory whole
        site = build_site(proj, None if args.quiet else progress_bar(), out=out)
        write_files(site.pages, out)
    if not args.quiet:
        for warning in site.warnings:
            print(warning.format(), file=sys.stderr)
        print(f"wrote {len(site.lessons)} lesson(s) and {len(site.pages)} other generated file(s) to {args.out}")
    return 0
