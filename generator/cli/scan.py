"""``medialit scan DIR``: rank a folder of articles by how many cues they hold per 100 words."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.cli.detect import lang_option
from generator.spec.vocabulary import CATEGORIES

if TYPE_CHECKING:
    from generator.tools.scan import FileResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("scan", help="rank a folder of articles by cues per 100 words",
                       description="Run the detector on every .txt and .md file under the folders (and files) "
                       "given, on every processor core, and rank them by cues per 100 words, overall or in one "
                       "category, with each file's most frequent phrases: a quick way to find an article worth a lesson. "
                       "Each file is read with the rules of its language (see --lang).")
    s.add_argument("paths", nargs="+", metavar="PATH", help="folder(s) searched recursively, or article files")
    s.add_argument("--format", choices=["text", "json"], default="text", help="text table (default) or json")
    s.add_argument("--top", type=positive, metavar="N", help="show only the N highest-ranked files")
    s.add_argument("--by", choices=CATEGORIES, metavar="CATEGORY",
                   help=f"rank by one category's cues per 100 words ({', '.join(CATEGORIES)})")
    lang_option(s)
    s.set_defaults(func=run)


def positive(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return int(value)


def run(args: argparse.Namespace) -> int:
    from generator.cli.common import progress_bar
    from generator.tools.scan import article_files, no_rules_warning, ranked, results

    failed = scanned = 0
    unread: dict[str, list[str]] = {}  # files in a language without rules, by language: not ranked

    def good() -> Iterator[FileResult]:
        nonlocal failed, scanned
        for result in results(article_files(args.paths), full=False, progress=progress_bar(), lang=args.lang):
            if result.error is not None:
                failed += 1
                print(result.error, file=sys.stderr)
            elif result.no_rules is not None:
                unread.setdefault(result.no_rules, []).append(result.path)
            else:
                scanned += 1
                yield result

    rows = ranked(good(), args.by, args.top)
    for tag, files in unread.items():
        print(no_rules_warning(tag, files), file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"files": scanned, "failed": failed, "ranked_by": args.by or "all",
                          "ranking": [r.summary_json() for r in rows]}, ensure_ascii=False))
    else:
        print(table(rows))
        print(f"{scanned} file(s) scanned, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def table(rows: list[FileResult]) -> str:
    """The ranking as a text table: rank, cues per 100 words overall and per category, words, path, phrases."""
    short = {"vague-sourcing": "vague", "superlative": "superl", "unconfirmed": "unconf"}
    head = f"{'#':>4}  {'per100':>6}  " + "  ".join(f"{short.get(c, c[:6]):>6}" for c in CATEGORIES) + \
        f"  {'words':>6}  path / strongest phrases"
    lines = [head]
    for i, r in enumerate(rows, 1):
        cats = "  ".join(f"{r.rate(c):6.2f}" for c in CATEGORIES)
        lines.append(f"{i:>4}  {r.rate():6.2f}  {cats}  {r.words:>6}  {r.path}")
        if r.phrases:
            lines.append(" " * 6 + "; ".join(f'"{p}"' + (f" x{n}" if n > 1 else "") for p, n in r.phrases))
    return "\n".join(lines)
