"""``medialit init DIR``: start a new course site (:mod:`generator.tools.init`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i = sub.add_parser("init", help="start a new course site in DIR: mkdocs.yml, docs, an example lesson, workflows",
                       description="Write a new course site into DIR (made when missing): mkdocs.yml with Material and "
                       "the medialit plugin, docs/index.md, one example lesson, the lesson JSON Schema, GitHub "
                       "workflows that check pull requests and publish with GitHub Pages, requirements.txt, README.md "
                       "and .gitignore. `mkdocs build --strict` passes in it straight away. Existing files are never "
                       "overwritten: if any is there, nothing is written.")
    i.add_argument("dir", metavar="DIR", help="the site's folder")
    i.add_argument("--name", help="the site's name (default: made from the folder's name)")
    i.add_argument("--site-url", metavar="URL",
                   help="the address the site will be published at, e.g. https://<user>.github.io/<repository>/ "
                   "(default: left empty in mkdocs.yml, to fill in before publishing)")
    i.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.tools.init import init_site

    folder = Path(args.dir)
    written = init_site(folder, args.name, args.site_url)
    print(f"created a course site in {folder}/ ({len(written)} files)")
    print(f"next: cd {folder} && mkdocs serve   (then see README.md there to publish it)")
    if not args.site_url:
        print("before publishing: set site_url in mkdocs.yml to the site's address")
    return 0
