"""``medialit suggest LESSON``: detected cues written into lesson.yml as annotations to review (:mod:`generator.tools.suggest`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("suggest", help="write detected cues into a lesson's annotations for review",
                       description="Add every detected finding that no annotation or suppress entry covers to "
                       "LESSON's lesson.yml as an annotation marked '# suggested by medialit: review'. Existing "
                       "text and comments are kept byte for byte; running it again adds nothing.")
    s.add_argument("lesson", help="lesson folder, or its lesson.yml")
    s.add_argument("--dry-run", action="store_true", help="list the suggestions without writing the file")
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.tools.suggest import suggest

    path, entries = suggest(Path(args.lesson), dry_run=args.dry_run)
    for e in entries:
        print(f'{e.callout.category:<14}  "{e.quote}"  {e.callout.rule}')
    verb = "would add" if args.dry_run else "added"
    print(f"{verb} {len(entries)} suggestion(s) to {path}" if entries else f"nothing to suggest for {path}", file=sys.stderr)
    return 0
