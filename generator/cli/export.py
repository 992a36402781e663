"""``medialit export --format w3c --out DIR``: every lesson's callouts as W3C Web Annotations (:mod:`generator.build.w3c`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import project, project_opts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    e = sub.add_parser("export", help="write every lesson's callouts as W3C Web Annotations (JSON-LD)",
                       description="Write OUT/<slug>/annotations.jsonld (a W3C AnnotationCollection: TextQuoteSelector "
                       "and TextPositionSelector into the article's raw text, category as a tagging body, note as a "
                       "commenting body) beside OUT/<slug>/article.txt for every lesson. OUT is replaced as a whole.")
    project_opts(e)
    e.add_argument("--format", choices=["w3c"], default="w3c", help="w3c: W3C Web Annotation JSON-LD (the only format)")
    e.add_argument("--out", required=True, help="output folder (replaced as a whole)")
    e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.output import write_pages
    from generator.build.site import build_site

    site = build_site(project(args, docs=None))
    pages: dict[str, str] = {}
    for built in site.lessons:
        pages.update(built.files or {})
    write_pages(pages, Path(args.out), None)
    print(f"wrote W3C annotations of {len(site.lessons)} lesson(s) to {args.out}")
    return 0
