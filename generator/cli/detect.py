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
                       "path:line:col  category  \"phrase\"  rule; JSON gives start/end offsets into the file's text.")
    d.add_argument("file", help="article file (.txt or .md)")
    d.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    d.set_defaults(func=run)


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
    from generator.article import load_article
    from generator.detection.engine import detect

    article = load_article(Path(args.file))
    findings = detect(article.text, [(b.start, b.end) for b in article.blocks])
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
