"""The interface's catalogues: complete, current and loadable; pages in each language use them.

The first tests run Babel's extractor over the templates and the Python code
with the repository's ``babel.cfg`` (as ``pybabel extract`` does, see
docs/translating.md) and compare what it finds with the template
``generator/locale/medialit.pot`` and every catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.errors import MedialitError
from generator.render import i18n
from generator.render.i18n import available_translations, catalogue_for, has_translation, language_name, translations
from generator.resources import LOCALE_DIR
from tests.conftest import ROOT

LANGUAGES = ["en", "es"]  # the catalogues the project keeps complete
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def _key(message: Message) -> tuple[str, ...]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    return (message.context or "", *ids)


@pytest.fixture(scope="module")
def extracted() -> set[tuple[str, ...]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    found: set[tuple[str, ...]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(ROOT), method_map, options_map):
        ids = message if isinstance(message, tuple) else (message,)
        found.add((context or "", *ids))
    return found


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def messages(catalog: Catalog) -> dict[tuple[str, ...], Message]:
    return {_key(m): m for m in catalog if m.id}


def test_extraction_finds_the_interface(extracted: set[tuple[str, ...]]) -> None:
    # a few strings from each kind of source, so that a broken babel.cfg cannot pass as "no strings"
    ids = {k[1] for k in extracted}
    assert {"Lessons", "Glossary", "The article does not say.", "Grades 9–12"} <= ids
    assert len(extracted) > 20


@pytest.mark.parametrize("name", ["medialit.pot", *(f"{lang}/LC_MESSAGES/medialit.po" for lang in LANGUAGES)])
def test_catalogue_has_every_string_and_no_obsolete_one(extracted: set[tuple[str, ...]], name: str) -> None:
    catalog = read(LOCALE_DIR / name)
    have = set(messages(catalog))
    missing, obsolete = sorted(extracted - have), sorted(have - extracted)
    hint = "run the update recipe of docs/translating.md (pybabel extract, then pybabel update)"
    assert not missing, f"{name} misses {len(missing)} string(s): {missing[:5]}; {hint}"
    assert not obsolete, f"{name} keeps {len(obsolete)} string(s) no longer used: {obsolete[:5]}; {hint}"
    assert not catalog.obsolete, f"{name} keeps obsolete (#~) entries; {hint} with --ignore-obsolete"


def test_spanish_catalogue_translates_every_string_without_fuzzy_entries() -> None:
    catalog = read(LOCALE_DIR / "es" / "LC_MESSAGES" / "medialit.po")
    assert catalog.num_plurals == 2
    for key, m in messages(catalog).items():
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(s.strip() for s in strings) and len(strings) == (2 if m.pluralizable else 1), f"untranslated: {key}"
        assert not m.fuzzy, f"fuzzy (to be checked by a translator): {key}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang: str) -> None:
    """%(n)s for Python and templates, {n} for the practice script: the same set in the translation as in the English."""
    catalog = read(LOCALE_DIR / lang / "LC_MESSAGES" / "medialit.po")
    assert list(catalog.check()) == []
    for key, m in messages(catalog).items():
        want = sorted(_PLACEHOLDER.findall(key[1]))
        for s in m.string if isinstance(m.string, tuple) else (m.string,):
            if s:
                assert sorted(_PLACEHOLDER.findall(s)) == want, f"{lang}: {key[1]!r} -> {s!r}"


def test_translations_by_language_tag() -> None:
    assert {"en", "es"} <= set(available_translations().values())
    assert translations("es").gettext("Lessons") == "Lecciones"
    assert catalogue_for("es-MX") == "es" and catalogue_for("ES") == "es"  # a region falls back to its language
    assert translations("fr").gettext("Lessons") == "Lessons"  # no catalogue: English
    assert has_translation("es-419") and not has_translation("fr")
    es = translations("es")
    assert es.ngettext("%(num)s lesson, about %(minutes)s minutes of class time.",
                       "%(num)s lessons, about %(minutes)s minutes of class time.", 1).startswith("%(num)s lección")


def test_language_names_are_autonyms() -> None:
    assert language_name("es") == "Español"
    assert language_name("en") == "English"
    assert language_name("pt-BR") == "Português (Brasil)"
    assert language_name("qq-zz") == "qq-zz"  # not a language Babel knows: the tag


def test_a_broken_catalogue_is_one_clear_error(tmp_path: Path) -> None:
    po = tmp_path / "medialit.po"
    po.write_text('msgid "Lessons"\nmsgstr "Lecciones"\n\nmsgid "Glossary"\nmsgstr Glosario\n', encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        i18n._compile(po, "es")
    problem = err.value.problems[0]
    assert problem.path == str(po) and problem.line == 5 and "not valid" in problem.message

    po.write_text('#, python-format\nmsgid "Unit %(n)s: %(name)s"\nmsgstr "Unidad %(number)s: %(name)s"\n', encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        i18n._compile(po, "es")
    assert "Unit %(n)s" in err.value.problems[0].message and err.value.problems[0].line == 2
