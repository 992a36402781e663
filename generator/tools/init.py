"""``medialit init DIR``: a new course site, ready to build and to publish with GitHub Pages.

The files come from the package's ``starter/`` folder (package data), so the
wheel alone is enough: ``mkdocs.yml`` (Material without web fonts, the
``medialit`` plugin, a ``site_url`` to fill in), ``docs/index.md``, one example
lesson with its ``lesson.lock.json``, ``course.yml`` listing it, the GitHub workflows, ``requirements.txt``,
``README.md`` and ``.gitignore``; the lesson JSON Schema is copied from the one
the package ships, and so is that of ``course.yml``. A name starting with ``dot-`` is written with a leading dot
(``dot-github/`` becomes ``.github/``), so that no file of the starter is hidden.
A file added to ``starter/`` is written by ``init`` with no change here.

Nothing is ever overwritten: when any of the files exists already, ``init``
writes none and names them all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator import __version__
from generator.build.siteconfig import markdown_extensions_yaml
from generator.errors import MedialitError, Problem
from generator.resources import COURSE_SCHEMA_PATH, SCHEMA_PATH, STARTER_DIR
from generator.spec.course import COURSE_SCHEMA_FILE
from generator.spec.lesson import SCHEMA_FILE

DOT = "dot-"
_URL = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")


def site_name_for(folder: Path) -> str:
    """A site name made from a folder's name: ``my-course`` gives ``My course``."""
    words = re.sub(r"[-_.\s]+", " ", folder.resolve().name).strip()
    return (words[:1].upper() + words[1:]) if words else "Media-literacy lessons"


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def starter_files(site_name: str, site_url: str | None) -> dict[str, bytes]:
    """The files of a new site, by path relative to its folder."""
    tokens = {
        "@SITE_NAME@": site_name,
        "@VERSION@": __version__,
        "@MARKDOWN_EXTENSIONS@": markdown_extensions_yaml().rstrip("\n"),
    }
    files: dict[str, bytes] = {}
    for path in sorted(p for p in STARTER_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        rel = "/".join("." + part.removeprefix(DOT) if part.startswith(DOT) else part
                       for part in path.relative_to(STARTER_DIR).parts)
        data = path.read_bytes()
        if b"@" in data:
            text = data.decode("utf-8")
            if rel == "mkdocs.yml":
                text = text.replace("@SITE_NAME@", _yaml_text(site_name))
                text = text.replace("site_url: @SITE_URL@", f"site_url: {site_url}" if site_url else
                                    'site_url: ""  # to fill in before publishing')
            for token, value in tokens.items():
                text = text.replace(token, value)
            data = text.encode("utf-8")
        files[rel] = data
    files[SCHEMA_FILE] = SCHEMA_PATH.read_bytes()  # what the lessons' yaml-language-server line points to
    files[COURSE_SCHEMA_FILE] = COURSE_SCHEMA_PATH.read_bytes()  # and course.yml's
    return files


def check_site_url(url: str | None) -> str | None:
    """``url`` with a final slash, or an error when it is not a web address."""
    if url is None:
        return None
    if not _URL.match(url):
        raise MedialitError(f"--site-url {url!r} is not a web address",
                            hint="give the full address, e.g. https://<user>.github.io/<repository>/")
    return url if url.endswith("/") else url + "/"


def init_site(folder: Path, site_name: str | None = None, site_url: str | None = None) -> list[str]:
    """Write a new site into ``folder`` (made when missing); return the paths written, relative to it."""
    files = starter_files(site_name or site_name_for(folder), check_site_url(site_url))
    if folder.exists() and not folder.is_dir():
        raise MedialitError("exists and is not a folder", folder, hint="give the path of a new or existing folder")
    taken = [rel for rel in files if (folder / rel).exists() or (folder / rel).is_symlink()]
    if taken:
        raise MedialitError(problems=[Problem(
            f"{len(taken)} of the files a new site needs exist already: {', '.join(taken)}", str(folder),
            hint="nothing was written; give a new or empty folder, or move those files away first")])
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as out:  # "x": never replace a file that appeared meanwhile
            out.write(data)
    return list(files)
