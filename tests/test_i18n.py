"""The interface's catalogues: complete, current and loadable; pages in each language use them.

The first tests run Babel's extractor over the templates and the Python code
with the repository's ``babel.cfg`` (as ``pybabel extract`` does, see
docs/translating.md) and compare what it finds with the template
``generator/locale/medialit.pot`` and every catalogue.
"""

from __future__ import annotations

import re
from gettext import NullTranslations
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.build import lesson as lesson_module
from generator.build.lesson import Project as SiteProject
from generator.build.site import build_site
from generator.cli import main
from generator.detection.rules import load_rules
from generator.errors import MedialitError
from generator.render import i18n
from generator.render import page as page_module
from generator.render.i18n import available_translations, catalogue_for, has_translation, language_name, translations
from generator.resources import LOCALE_DIR
from tests.conftest import MINIMAL_SPEC, ROOT, Project, mkdocs_build

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


# --- pages in Spanish ------------------------------------------------------------------------------

_SKIP_ATTRS = {"class", "id", "href", "src", "rel", "role", "type", "lang", "data-category", "data-origin",
               "data-callout", "data-lesson", "for", "name", "width", "height", "viewbox", "d", "x", "y", "r",
               "style"}


class _Texts(HTMLParser):
    """The text a reader meets: text nodes and the attribute values that are read out or shown (labels, data-*)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [v for k, v in attrs if v and k not in _SKIP_ATTRS]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def reader_text(page: str) -> str:
    parser = _Texts()
    page = re.sub(r"\{:?\s*[.#][^}\n]*\}", "", page)  # Markdown attribute lists ({: .ml-task }) are no text
    # nor the targets of Markdown links ([llamada 2](#callout-2), [hoja de trabajo](noticia/worksheet.md))
    parser.feed(re.sub(r"\]\([#\w./-]*\)", "]", page))
    return "\n".join(parser.parts)


def english_pieces() -> set[str]:
    """The English interface texts cut at placeholders and marks, less the words Spanish writes the same."""
    es = read(LOCALE_DIR / "es" / "LC_MESSAGES" / "medialit.po")
    spanish = " ".join(s for m in es if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,)))
    pieces = set()
    for m in read(LOCALE_DIR / "medialit.pot"):
        for msgid in m.id if isinstance(m.id, tuple) else (m.id,):
            for piece in re.split(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|[*“”«»()×✓✗✔✖]|%%", msgid):
                piece = piece.strip(" .,:;?!-")
                if sum(c.isalpha() for c in piece) >= 3 and not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", spanish):
                    pieces.add(piece)
    return pieces


def english_left(page: str) -> list[str]:
    text = reader_text(page)
    return sorted(p for p in english_pieces() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))


SPANISH_SPEC = """\
title: Un fichaje que nadie confirma
language: es
summary: Los estudiantes separan lo confirmado de lo que solo se cuenta.
level: "9-12"
duration: 40
objectives:
  - Identificar marcas de rumor.
article:
  file: article.txt
  headline: El Almenar, a un paso de fichar a Iker Salcedo
  outlet: fictional
  author: Redacción
  date: "2025-07-08"
  url: https://example.org/noticia
  license: Artículo ficticio de práctica.
  attribution: Escrito para las pruebas.
warm_up: ¿Dónde leíste el último rumor de fichajes?
questions:
  - question: ¿Quién confirma el fichaje?
    answer: Nadie con nombre.
exit_ticket: Reescribe una frase como si estuviera confirmada.
teacher_notes: Diez minutos de lectura.
standards: [CCSS.ELA-LITERACY.RI.9-10.8]
annotations:
  - quote: estaría a punto de cerrar
    category: unconfirmed
    note: Un condicional de rumor.
"""
SPANISH_ARTICLE = ("El Almenar estaría a punto de cerrar el fichaje de Iker Salcedo, según fuentes próximas al club. "
                   "Sería el fichaje del siglo.\n\nEl director deportivo, Julen Ostolaza, dijo que no hablará de "
                   "jugadores con contrato. Muchos aficionados ya hablan de una temporada histórica.\n")


def test_a_spanish_lesson_page_shows_no_english_interface_string(project: Project, tmp_path: Path) -> None:
    project.lesson("noticia", SPANISH_SPEC, SPANISH_ARTICLE)
    # the next lesson's title, in its link, is that lesson's content, not interface: one with no interface word
    project.lesson("english", MINIMAL_SPEC.replace("title: A small lesson", "title: Harbour gossip"))
    assert english_left(reader_text('<p data-x="Check my picks">Sources</p>')) == ["Check my picks", "Sources"]
    assert main(["build", "--root", str(project.root), "--out", str(tmp_path / "md"), "-q"]) == 0
    page = (tmp_path / "md" / "lessons" / "noticia.md").read_text(encoding="utf-8")
    assert english_left(page) == []
    # the language in front matter: the MkDocs plugin wraps the content (a Markdown <div> would split the tabs)
    assert page.startswith('---\nlang: "es"\n---\n\n# Un fichaje') and "<div lang" not in page
    for spanish in ("Léelo primero", "Comprobar mis marcas", "Objetivos de aprendizaje", "Respuesta 1", "Estándares:"):
        assert spanish in page
    english = (tmp_path / "md" / "lessons" / "english.md").read_text(encoding="utf-8")
    assert "lang=" not in english.split("\n", 1)[0] and len(english_left(english)) > 50

    assert mkdocs_build(project.root, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / "lessons" / "noticia" / "index.html").read_text(encoding="utf-8")
    content = html[html.index("<article"):html.index("</article>")]
    assert '<div lang="es">' in content and english_left(content) == []
    assert "<title>Un fichaje que nadie confirma - " in html  # the title in the menu and the tab, not the slug
    assert content.count('class="tabbed-set') == 1 and content.count('class="tabbed-block"') == 3  # one set of 3 views
    english_html = (tmp_path / "site" / "lessons" / "english" / "index.html").read_text(encoding="utf-8")
    assert "<div lang=" not in english_html
    assert 'class="tabbed-set' in content and 'class="admonition abstract"' in content  # tabs and boxes inside the div
    index = (tmp_path / "site" / "lessons" / "index.html").read_text(encoding="utf-8")
    assert 'lang="es">Un fichaje que nadie confirma</a>' in index and 'lang="es">Español</span>' in index


def test_english_pages_read_the_strings_as_written(project: Project, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The English catalogue changes nothing: the page is the one the code and templates write."""
    project.lesson()
    assert main(["build", "--root", str(project.root), "--out", str(tmp_path / "a"), "-q"]) == 0
    monkeypatch.setattr(i18n, "translations", lambda language: NullTranslations())
    monkeypatch.setattr(page_module, "translations", lambda language: NullTranslations())
    monkeypatch.setattr(lesson_module, "translations", lambda language: NullTranslations())
    assert main(["build", "--root", str(project.root), "--out", str(tmp_path / "b"), "-q"]) == 0
    for name in ("lessons/sample.md", "lessons/index.md", "glossary/index.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_course_s_spanish_lessons_show_no_english_interface_string(tmp_path: Path) -> None:
    """The real Spanish lessons of the repository, built as the course is: Spanish pages, Spanish findings."""
    import yaml

    spanish = [p.parent.name for p in sorted((ROOT / "lessons").glob("*/lesson.yml"))
               if str(yaml.safe_load(p.read_text(encoding="utf-8")).get("language", "")).split("-")[0] == "es"]
    assert len(spanish) >= 2 and all(slug.startswith("es-") for slug in spanish)
    assert main(["build", "--root", str(ROOT), "--out", str(tmp_path / "md"), "-q"]) == 0
    for slug in spanish:
        page = (tmp_path / "md" / "lessons" / f"{slug}.md").read_text(encoding="utf-8")
        assert page.startswith('---\nlang: "es"\n---\n'), slug
        assert english_left(page) == [], slug
    spanish_rules = {r.id for c in load_rules("es").values() for r in c.rules}
    site = build_site(SiteProject.at(ROOT))
    for built in site.lessons:
        if built.slug in spanish:
            detected = {c.rule for c in built.callouts.items if c.origin == "detected"}
            assert detected and detected <= spanish_rules, built.slug
    assert site.warnings == []
