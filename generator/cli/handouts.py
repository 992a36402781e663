"""``medialit handouts --out DIR``: every lesson's worksheet and answer key as PDF, printed by Chromium (:mod:`generator.tools.handouts`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Print every lesson's worksheet and answer key to PDF files, ready for the
copier: OUT/<lesson>-worksheet.pdf and OUT/<lesson>-answer-key.pdf.

The worksheet is for students: the headline, the article with numbered
paragraphs, the task, and the questions with lines to write on; no note and
no answer. The answer key is for the teacher: the article with the callouts
underlined and numbered, every note, the model answers and the exit ticket's
answer. Each prints on one or two pages. A site built for students only
(teacher_material: false) has no answer keys, so only worksheets are printed.

The site is built with MkDocs (from mkdocs.yml under --root) into a temporary
folder, unless --site names one built already, and every page is printed by
Chromium in headless mode: Debian's chromium package, chromium-browser or
Google Chrome on the PATH, or the one --chromium or MEDIALIT_CHROMIUM names.
Progress goes to standard error; existing PDF files of the same name are
replaced.
"""

EPILOG = """\
examples:
  medialit handouts --out handouts/                          every lesson, A4
  medialit handouts --out handouts/ --paper letter           US Letter paper
  medialit handouts --out handouts/ --lesson nato-arms-deal  one lesson (repeat --lesson for more)
  mkdocs build && medialit handouts --out handouts/ --site site/   print from the site just built
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    h = sub.add_parser("handouts", help="print worksheets and answer keys to PDF (needs Chromium)",
                       description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    h.add_argument("--out", required=True, metavar="DIR", help="folder for the PDF files (made when missing)")
    h.add_argument("--lesson", action="append", metavar="SLUG",
                   help="only this lesson (its folder name under lessons/); repeat for several (default: every lesson)")
    h.add_argument("--paper", choices=["a4", "letter"], default="a4",
                   help="paper size: a4 (default) or letter; letter files end in -letter.pdf")
    h.add_argument("--root", default=".", help="the course's folder, with mkdocs.yml (default: the current folder)")
    h.add_argument("--config-file", default="mkdocs.yml", metavar="FILE", help="MkDocs configuration, relative to --root")
    h.add_argument("--site", metavar="DIR", help="print from this site, built already by mkdocs build, instead of building one")
    h.add_argument("--chromium", metavar="PATH", help="the Chromium or Chrome program to print with")
    h.add_argument("--jobs", type=int, metavar="N", help="pages printed at once (default: one per processor core, at most 4)")
    h.add_argument("-q", "--quiet", action="store_true", help="no progress, only errors and the summary")
    h.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import time

    from generator.errors import MedialitError
    from generator.tools.handouts import Handout, built_site, counts, default_jobs, elapsed, find_chromium, write_handouts

    if args.jobs is not None and args.jobs < 1:
        raise MedialitError(f"--jobs must be 1 or more, not {args.jobs}", hint="leave --jobs out to use every core")

    start = time.perf_counter()
    chromium = find_chromium(args.chromium)  # before building anything: say at once when there is none

    def progress(i: int, n: int, handout: Handout, pdf: Path) -> None:
        if not args.quiet:
            print(f"[{i}/{n}] {handout.slug}: {handout.kind.replace('-', ' ')} -> {pdf}", file=sys.stderr, flush=True)

    if not args.quiet:
        print("building the site..." if args.site is None else f"printing from {args.site}", file=sys.stderr, flush=True)
    with built_site(Path(args.root), args.config_file, Path(args.site) if args.site else None) as site:
        written = write_handouts(Path(args.out), site, chromium, args.lesson, args.paper, progress,
                                 args.jobs or default_jobs())
    worksheets, keys = counts(written)
    note = "" if keys else " (no answer keys: the site is for students only)"
    print(f"wrote {worksheets} worksheet(s) and {keys} answer key(s) to {args.out} in {elapsed(start)}{note}", file=sys.stderr)
    return 0
