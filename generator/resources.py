"""Where the package's own data lives, and content digests of files and folders.

The package ships its detection rules, page assets and the starter files of
``medialit init`` beside its code. The Jinja2 templates and the lesson JSON
Schema live in the repository's top-level ``templates/`` and ``schemas/``
folders and are mapped into the package when a wheel is built (see
``[tool.setuptools.package-dir]`` in pyproject.toml), as ``generator/templates``
and ``generator/schemas``. Everything that needs one of these asks this
module, so a checkout and an installed wheel behave the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RULES_DIR = PACKAGE_DIR / "rules"
ASSETS_DIR = PACKAGE_DIR / "assets"
LOCALE_DIR = PACKAGE_DIR / "locale"  # interface strings: <lang>/LC_MESSAGES/medialit.po (generator.render.i18n)
STARTER_DIR = PACKAGE_DIR / "starter"  # what `medialit init` writes (see generator.tools.init)


def _mapped(name: str) -> Path:
    """A top-level folder of the repository that the wheel carries inside the package."""
    shipped = PACKAGE_DIR / name  # in an installed wheel
    return shipped if shipped.is_dir() else PACKAGE_DIR.parent / name  # in a checkout (or an editable install)


TEMPLATES_DIR = _mapped("templates")  # the default templates; a project's own templates/ overrides them one by one
SCHEMA_PATH = _mapped("schemas") / "lesson.schema.json"  # the JSON Schema of lesson.yml, as committed
COURSE_SCHEMA_PATH = _mapped("schemas") / "course.schema.json"  # the JSON Schema of course.yml, as committed


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> str | None:
    """Digest of a file's bytes, or None when it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def tree_digest(folders: Iterable[Path]) -> str:
    """Digest of the names and bytes of every file below ``folders`` (caches and hidden files aside)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        h.update(f"\0{folder}\0".encode())
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder)
            if "__pycache__" in rel.parts or any(part.startswith(".") for part in rel.parts):
                continue
            h.update(f"{rel.as_posix()}\0".encode())
            h.update((file_digest(path) or "unreadable").encode())
    return h.hexdigest()
