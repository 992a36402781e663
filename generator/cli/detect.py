"""``medialit detect FILE``: the cues the detector finds in any article.

Kept lean: for a ``.txt`` article it imports neither YAML nor markdown-it nor
the other commands (a test checks it), so a one-off run starts fast.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    d = sub.add_parser("detect", help="find vague sourcing, hype and unconfirmed claims in an article",
                       description="Run the detector on any .txt or .md article. Text output is "
                       "path:line:col  category  \"phrase\"  rule; JSON gives start/end offsets into the file's text. "
                       "Each file is read with the rules of its language (English and Spanish have rules): "
                       "--lang es, or the language of the lesson or site the file is in (see --lang).")
    d.add_argument("files", nargs="+", metavar="FILE",
                   help="article file (.txt or .md); with several files or a folder (searched recursively), "
                   "one JSON object per file and line: {path, words, findings}")
    d.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    lang_option(d)
    d.set_defaults(func=run)


LANG_HELP = ("the language of the articles, a BCP 47 tag such as en, es or es-MX (es-MX reads with the rules of es), "
             "which picks the detection rules. Default: each file's own language: the language: of the lesson.yml "
             "beside it, else theme.language in the nearest mkdocs.yml above it, else en. A file in a language "
             "without rules is not read, and one warning names the language.")


def lang_option(p: argparse.ArgumentParser) -> None:
    """``--lang TAG``, shared with ``medialit scan``."""
    from generator.cli.common import language_tag

    p.add_argument("--lang", metavar="TAG", type=language_tag, help=LANG_HELP)


def run(args: argparse.Namespace) -> int:
    # A one-shot run makes many small objects and frees none of them in cycles: the cyclic
    # garbage collector would only spend time scanning them. Its state is restored after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _detect(args)
    finally:
        if collecting:
            gc.enable()


def _detect(args: argparse.Namespace) -> int:
    if len(args.files) > 1 or Path(args.files[0]).is_dir():
        return _batch(args.files, args.lang)
    args.file = args.files[0]
    from generator.article import load_article
    from generator.detection.engine import detect
    from generator.detection.languages import no_rules_message
    from generator.tools.scan import Languages

    languages = Languages(args.lang)
    rules, tag = languages.rules(Path(args.file))
    article = load_article(Path(args.file))
    if rules is None:
        where = languages.of(Path(args.file))[1]
        why = "" if args.lang else f" (its language comes from {where}; --lang picks other rules)"
        print(f"{args.file}: warning: " + no_rules_message(tag, f"nothing is detected in this file{why}"), file=sys.stderr)
    findings = detect(article.text, [(b.start, b.end) for b in article.blocks], rules) if rules else []
    if args.format == "json":
        print(json.dumps({"findings": [f.as_json(article.text) for f in findings]}, ensure_ascii=False))
        return 0
    out = []
    for f in findings:
        line, col = article.position(f.start)
        phrase = " ".join(article.text[f.start:f.end].split())
        out.append(f'{args.file}:{line}:{col}  {f.category:<14}  "{phrase}"  {f.rule}')
    if out:
        print("\n".join(out))
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return 0


def _batch(names: list[str], lang: str | None) -> int:
    """JSON Lines on stdout, one object per file as soon as it is done; a file that fails is one line on stderr.

    A file in a language without rules has no line; one warning per such language follows.
    """
    from generator.cli.common import progress_bar
    from generator.tools.scan import article_files, no_rules_warning, results

    failed = 0
    unread: dict[str, list[str]] = {}
    for result in results(article_files(names), full=True, progress=progress_bar(), lang=lang):
        if result.error is not None:
            failed += 1
            print(result.error, file=sys.stderr)
        elif result.no_rules is not None:
            unread.setdefault(result.no_rules, []).append(result.path)
        else:
            print(json.dumps(result.as_json(), ensure_ascii=False))
    for tag, files in unread.items():
        print(no_rules_warning(tag, files), file=sys.stderr)
    return 1 if failed else 0
