"""What a site needs around the generated pages, and where those pages go.

The lesson pages use content tabs, admonitions, attribute lists and HTML
blocks with Markdown inside, and they rely on the package's stylesheet and
script. Those needs are listed here once: the MkDocs plugin adds whatever a
teacher's ``mkdocs.yml`` lacks (:func:`add_missing`), ``medialit init`` writes
them into a new site's ``mkdocs.yml`` (:func:`markdown_extensions_yaml`), and
the tests hold this repository's own ``mkdocs.yml`` to them. Builders that run
no plugins (Zensical) read them from ``mkdocs.yml``, so a new site lists them.

This module never imports MkDocs: it works on plain lists and dictionaries.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, MutableMapping, MutableSequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from generator.errors import Problem

# The Markdown extensions the pages rely on, with their options. An extension the
# teacher already lists keeps the teacher's options, except those in REQUIRED_OPTIONS.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {},
    "admonition": {},              # the summary, teacher notes and model answers
    "attr_list": {},               # headings inside the article, ids of callouts
    "md_in_html": {},              # Markdown inside the practice and callout blocks
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},        # collapsible notes and answers
    "pymdownx.superfences": {},    # blocks nested in tabs
    "pymdownx.tabbed": {"alternate_style": True},  # the three views: Read it first, Annotated, Sources
}
# Options without which a page breaks: Material styles only the alternate tab layout.
REQUIRED_OPTIONS: dict[str, dict[str, Any]] = {"pymdownx.tabbed": {"alternate_style": True}}

STYLESHEET = "assets/medialit.css"  # written by the generator beside the pages
SCRIPT = "assets/medialit.js"       # practice scoring and Escape-to-close callouts; loads nothing from elsewhere
THEME = "material"


def add_missing(extensions: MutableSequence[str], configs: MutableMapping[str, dict[str, Any]],
                css: MutableSequence[Any], js: MutableSequence[Any]) -> tuple[list[str], list[str]]:
    """Add to a site's settings what the pages need and the site lacks; never change what it sets.

    ``extensions`` and ``configs`` are MkDocs's ``markdown_extensions`` names
    and their options, ``css`` and ``js`` its ``extra_css`` and
    ``extra_javascript`` (items compare by their text). Returns what was
    added, and a warning for each required option the site sets otherwise.
    """
    added: list[str] = []
    warnings: list[str] = []
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in extensions:
            extensions.append(name)
            configs[name] = dict(options)
            added.append(name)
            continue
        mine = configs.setdefault(name, {})
        for key, value in REQUIRED_OPTIONS.get(name, {}).items():
            if key not in mine:
                mine[key] = value
                added.append(f"{name}: {key}")
            elif mine[key] != value:
                warnings.append(f"markdown_extensions: {name} has {key}: {mine[key]!r}; the lesson pages need "
                                f"{key}: {value!r} (their views show as plain text otherwise)")
    for items, path in ((css, STYLESHEET), (js, SCRIPT)):
        if path not in {str(item) for item in items}:
            items.append(path)
            added.append(path)
    return added, warnings


def markdown_extensions_yaml() -> str:
    """The ``markdown_extensions:`` block of a new site's ``mkdocs.yml``."""
    lines = ["markdown_extensions:"]
    for name, options in MARKDOWN_EXTENSIONS.items():
        lines.append(f"  - {name}" + (":" if options else ""))
        lines += [f"      {key}: {_yaml_scalar(value)}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _yaml_scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def site_url_problem(site_url: str | None, pages_url: str | None) -> str | None:
    """What is wrong with ``site_url`` for a site GitHub Pages will serve at ``pages_url``, or None.

    ``pages_url`` is the address ``actions/configure-pages`` reports (the deploy
    workflow passes it on as ``MEDIALIT_PAGES_URL``); without it, nothing is checked.
    """
    if not pages_url:
        return None
    want = pages_url.rstrip("/") + "/"
    fix = f"set `site_url: {want}` in mkdocs.yml"
    if not site_url:
        return (f"site_url is not set, and GitHub Pages will publish this site at {want}: without it the 404 page's "
                f"links break and the sitemap is empty; {fix}")
    if site_url.rstrip("/") + "/" != want:
        return f"site_url is {site_url} but GitHub Pages will publish this site at {want}; {fix}"
    return None


def lesson_edit_path(spec_path: Path, docs_dir: Path) -> str:
    """Where a lesson's ``lesson.yml`` is, relative to the docs folder: what an "edit this page" link opens.

    MkDocs joins it to ``repo_url`` + ``edit_uri`` (which points at the docs
    folder), so ``../lessons/<slug>/lesson.yml`` opens the spec, not a page
    that exists only in the built site.
    """
    return Path(os.path.relpath(spec_path.resolve(), docs_dir.resolve())).as_posix()


def without_dot_segments(url: str) -> str:
    """``url`` with ``..`` and ``.`` folded into its path, as a browser would before following it.

    MkDocs resolves them when it joins ``edit_uri`` to ``repo_url``, not when
    ``edit_uri`` is a full address on its own.
    """
    parts = urlsplit(url)
    if not {"..", "."} & set(parts.path.split("/")):
        return url
    path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") else "")
    return urlunsplit(parts._replace(path=path))


def _kind(rel: str) -> str:
    if rel == "lessons/index.md":
        return "the generated lesson index"
    if rel.startswith("glossary/"):
        return f"the generated glossary page {rel}"
    if rel.startswith("assets/"):
        return f"the lesson pages' {'stylesheet' if rel.endswith('.css') else 'script'} {rel}"
    slug = rel.removeprefix("lessons/").split("/")[0].removesuffix(".md")
    return f"the generated page of lesson {slug!r} ({rel.rstrip('/')})"


def clashes(docs_dir: Path | None, generated: Iterable[str]) -> list[Problem]:
    """Hand-written pages at a path the generator writes to: one problem each, naming both.

    ``generated`` holds paths under the site (``glossary/index.md``) and
    folders the generator owns whole (``lessons/<slug>/``). A ``README.md``
    counts as the ``index.md`` of its folder, as MkDocs publishes it there.
    """
    if docs_dir is None or not docs_dir.is_dir():
        return []
    files, folders = set(), []
    for rel in generated:
        (folders.append(rel) if rel.endswith("/") else files.add(rel))
    problems = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")) or not path.is_file():
            continue  # MkDocs leaves hidden files out
        as_page = rel[: -len("README.md")] + "index.md" if rel.split("/")[-1] == "README.md" else rel
        hit = as_page if as_page in files else next((f for f in folders if rel.startswith(f)), None)
        if hit is not None:
            problems.append(Problem(
                f"this page of yours and {_kind(hit)} would be published at the same place", str(path),
                hint=f"move or rename {Path(docs_dir.name, rel).as_posix()}: medialit writes lessons/, glossary/ "
                     f"and {STYLESHEET} and {SCRIPT} itself (docs/publishing.md lists them)"))
    return problems
