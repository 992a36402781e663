"""The interface strings of the pages in each language: gettext catalogues read through Babel.

Every string a page shows that is not the lesson's own text (headings,
buttons, labels, the practice script's messages) is written in English in
the templates (``{% trans %}`` and ``_()``) or in Python (``tr.gettext()``,
:func:`generator.spec.language.N_`) and translated through a catalogue,
``generator/locale/<lang>/LC_MESSAGES/medialit.po``, the standard format
translators' tools edit (docs/translating.md). Catalogues are read from the
``.po`` files at run time and compiled in memory, once per process, so no
compiled ``.mo`` file is kept in the repository.

A language without a catalogue gets the English strings; a catalogue of a
more specific tag (``es_MX``) is preferred to the language's (``es``).
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.errors import MedialitError
from generator.resources import LOCALE_DIR
from generator.spec.language import DEFAULT_LANGUAGE, candidates

DOMAIN = "medialit"


def catalogue_path(folder: str) -> Path:
    return LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=1)
def available_translations() -> dict[str, str]:
    """Catalogue folders by lower-case tag (``es_mx`` -> ``es_MX``): the languages the interface is written in."""
    try:
        folders = [p.name for p in LOCALE_DIR.iterdir() if catalogue_path(p.name).is_file()]
    except OSError:
        folders = []
    return {name.lower().replace("-", "_"): name for name in sorted(folders)}


def catalogue_for(language: str) -> str | None:
    """The catalogue folder for a language tag, most specific first (``es-MX`` -> ``es_MX``, else ``es``), or None."""
    known = available_translations()
    return next((known[tag.replace("-", "_")] for tag in candidates(language) if tag.replace("-", "_") in known), None)


def has_translation(language: str) -> bool:
    """True when the interface has a catalogue for ``language`` (English always has one)."""
    return catalogue_for(language) is not None


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The interface strings of ``language``: its catalogue, else the English one."""
    folder = catalogue_for(language) or catalogue_for(DEFAULT_LANGUAGE)
    if folder is None:
        return gettext.NullTranslations()  # no catalogue at all: the strings as written
    return _compile(catalogue_path(folder), folder)


# A line of a .po file: a comment, a blank line, a keyword with a quoted string, or a quoted string continued.
_PO_LINE = re.compile(r'(?:#.*|[ \t]*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+"(?:[^"\\]|\\.)*"[ \t]*'
                      r'|[ \t]*"(?:[^"\\]|\\.)*"[ \t]*)')
_HINT = "fix the catalogue (a translator's tool such as Poedit checks it); see docs/translating.md"


def _check_lines(text: str, path: Path) -> None:
    """Babel reads some malformed lines without a word (an unquoted text loses its first and last letters)."""
    for n, line in enumerate(text.splitlines(), 1):
        if not _PO_LINE.fullmatch(line):
            raise MedialitError("translation catalogue is not valid: expected a comment, a keyword such as msgstr "
                                "followed by a quoted text, or a quoted text", path, n, 1, _HINT)


def _compile(path: Path, locale: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MedialitError(f"translation catalogue is not UTF-8: {exc.reason}", path, 0, 0, _HINT) from None
    _check_lines(text, path)
    try:
        catalog = read_po(io.StringIO(text), locale=locale, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        raise MedialitError(f"translation catalogue is not valid: {exc.args[0]}", path, exc.lineno + 1, 0, _HINT) from None
    except ValueError as exc:
        raise MedialitError(f"translation catalogue cannot be read: {exc}", path, 0, 0, _HINT) from None
    for message, errors in catalog.check():
        raise MedialitError(f"translation of {message.id!r} does not fit it: {errors[0]}", path, message.lineno or 0, 0,
                            "keep every placeholder such as %(n)s of the English text, spelt the same") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out: they fall back to the English text
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=64)
def language_name(tag: str) -> str:
    """A language's name in that language, as a reader of it looks for it ("Español" for ``es``); the tag if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag, sep="-").get_display_name() or tag
    except (UnknownLocaleError, ValueError):
        return tag
    return name[:1].upper() + name[1:]


def install(env: Environment, escape: Callable[[Any], Any]) -> None:
    """Give ``env`` the ``{% trans %}`` tag and ``_()``, translating into the ``lang`` of each render's context.

    A translated string is part of the page's markup, as the template around it
    is; the values put into it (``{% trans n=... %}``, ``_("...", n=...)``) are
    escaped by ``escape``, as every ``{{ value }}`` is. Placeholders are written
    ``%(name)s`` (Jinja's "new style" gettext), so a literal per cent sign is ``%%``.
    """
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # the msgid of a {% trans %} block is its text with white space collapsed
    env.newstyle_gettext = True  # type: ignore[attr-defined]

    def fill(message: str, variables: dict[str, Any]) -> Markup:
        return Markup(message % {k: escape(v) for k, v in variables.items()})

    @pass_context
    def _gettext(context: Context, message: str, **variables: Any) -> Markup:
        return fill(translations(context["lang"]).gettext(message), variables)

    @pass_context
    def _ngettext(context: Context, singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return fill(translations(context["lang"]).ngettext(singular, plural, n), variables)

    @pass_context
    def and_list(context: Context, items: list[Any]) -> Markup:
        """``["a", "b", "c"]`` as "a, b and c", in the page's language; each item escaped."""
        parts = [str(escape(item)) for item in items]
        if len(parts) < 2:
            return Markup("".join(parts))
        # TRANSLATORS: the end of a list, e.g. "3 × vague sourcing, 1 × superlative or hype and 2 × unconfirmed".
        end = translations(context["lang"]).gettext("%(items)s and %(last)s")
        return Markup(end % {"items": ", ".join(parts[:-1]), "last": parts[-1]})

    env.globals.update(gettext=_gettext, _=_gettext, ngettext=_ngettext)
    env.filters["language_name"] = language_name
    env.filters["and_list"] = and_list
