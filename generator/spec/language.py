"""Languages: the BCP 47 tag a lesson is written in, and the site's default from ``mkdocs.yml``.

A lesson's language is its ``language:`` in ``lesson.yml``; without one, the
site's ``theme.language`` in ``mkdocs.yml``; without that, English
(:data:`DEFAULT_LANGUAGE`). The language picks the interface strings of the
lesson's page (``generator/locale/``) and the detection rules
(``generator/rules/<lang>/``). Nothing here imports MkDocs: ``mkdocs.yml`` is
read as a YAML node tree, so its tags (``!!python/name:``, ``!ENV``) are never
constructed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import MedialitError

if TYPE_CHECKING:
    from yaml.nodes import Node

DEFAULT_LANGUAGE = "en"
SITE_CONFIG = "mkdocs.yml"
MAX_CONFIG_BYTES = 1024 * 1024

# A well-formed BCP 47 language tag (RFC 5646, "langtag"): language with optional extended
# subtags, script, region, variants, extensions and private use. The language subtag is the 2 or 3
# letters of ISO 639: the 5-8 letter form RFC 5646 keeps for future registrations would let a
# language's name ("Spanish") pass for a tag. Written without inline flags so that the JSON Schema
# (ECMAScript regular expressions) can use the same pattern.
TAG_PATTERN = (r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
               r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WYZa-wyz](?:-[A-Za-z0-9]{2,8})+)*"
               r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?$")
TAG_HINT = "give a BCP 47 language tag, such as 'en', 'es' or 'es-MX' (the tag, not the language's name)"
_TAG = re.compile(TAG_PATTERN)


def N_(message: str) -> str:
    """Mark an interface string for the catalogues (``pybabel extract`` finds it) without translating it here.

    It is translated where a page shows it, in the page's language (:mod:`generator.render.i18n`).
    """
    return message


def is_tag(value: str) -> bool:
    """True when ``value`` is a well-formed BCP 47 language tag."""
    return _TAG.match(value) is not None


def primary(tag: str) -> str:
    """The primary language subtag, lower case: ``es-MX`` -> ``es``."""
    return tag.split("-", 1)[0].lower()


def candidates(tag: str) -> list[str]:
    """Tags to look for, most specific first: ``es-419`` -> ``es-419``, ``es`` (lower case)."""
    parts = tag.lower().split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _child(node: Node | None, key: str) -> Node | None:
    from yaml.nodes import MappingNode, ScalarNode

    if not isinstance(node, MappingNode):
        return None
    found = None
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            found = v  # the last one wins, as when MkDocs reads the file
    return found


def site_language(root: Path) -> str | None:
    """The ``theme.language`` of ``root/mkdocs.yml``, or None when there is no such file or setting.

    A value that is not a language tag, or a file that is not valid YAML, is a
    :class:`MedialitError` naming the file, line and column.
    """
    path = root / SITE_CONFIG
    if not path.is_file():
        return None
    import yaml
    from yaml.nodes import ScalarNode

    from generator.safety.text import read_text_file

    text = read_text_file(path, "site configuration", MAX_CONFIG_BYTES)
    try:
        # composed, never constructed: MkDocs' own tags (!ENV, !!python/name:...) stay inert text
        tree = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise MedialitError(f"cannot read the site's language: {SITE_CONFIG} is not valid YAML", path, line, col,
                            "fix the file (mkdocs build says more), or give the language with --language") from None
    node = _child(_child(tree, "theme"), "language")
    if node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null")):
        return None
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(node, ScalarNode) or not is_tag(node.value):
        shown = node.value if isinstance(node, ScalarNode) else "a list or mapping"
        raise MedialitError(f"theme.language must be a language tag, not {shown!r}", path, line, col, TAG_HINT)
    return str(node.value)


def project_language(root: Path, given: str | None = None) -> str:
    """The site's language: ``given`` (``--language``), else ``theme.language`` in ``root/mkdocs.yml``, else English."""
    return given or site_language(root) or DEFAULT_LANGUAGE


def lesson_language(spec_path: Path) -> str | None:
    """The ``language:`` written in a ``lesson.yml``, or None; the rest of the file is not checked here."""
    from yaml.nodes import ScalarNode

    from generator.safety.text import read_text_file
    from generator.safety.yamlsafe import compose

    node = _child(compose(read_text_file(spec_path, "lesson spec", MAX_CONFIG_BYTES), spec_path, "lesson spec"), "language")
    if node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null")):
        return None
    if not isinstance(node, ScalarNode) or not is_tag(node.value):
        raise MedialitError("language must be a language tag", spec_path, node.start_mark.line + 1,
                            node.start_mark.column + 1, TAG_HINT)
    return str(node.value)


def article_language(article: Path) -> tuple[str, str]:
    """The language of an article file, and where it was found (for messages).

    The ``language:`` of the lesson whose folder holds the article, else the
    site's ``theme.language`` in the nearest ``mkdocs.yml`` above the file,
    else English. Nothing is imported or read when the file is outside
    any lesson folder and any site.
    """
    from generator.spec import SPEC_FILE

    folder = article.absolute().parent
    spec = folder / SPEC_FILE
    if spec.is_file() and (lang := lesson_language(spec)):
        return lang, str(spec)
    return nearest_site_language(folder)


def nearest_site_language(folder: Path) -> tuple[str, str]:
    """The ``theme.language`` of the nearest ``mkdocs.yml`` in ``folder`` or above it, else English; and where it was found."""
    folder = folder.absolute()
    for above in (folder, *folder.parents):
        if (above / SITE_CONFIG).is_file():
            lang = site_language(above)
            return (lang, str(above / SITE_CONFIG)) if lang else (DEFAULT_LANGUAGE, "the default")
    return DEFAULT_LANGUAGE, "the default"


def check_tag(value: str, where: str | Path, what: str = "language") -> str:
    """``value`` when it is a language tag, else a :class:`MedialitError` about ``what`` in ``where``."""
    if not is_tag(value):
        raise MedialitError(f"{what} must be a language tag, not {value!r}", where, hint=TAG_HINT)
    return value
