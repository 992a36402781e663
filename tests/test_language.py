"""A lesson's language: ``language:`` in lesson.yml, else the site's ``theme.language``, else English."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.build.lesson import Project as SiteProject
from generator.build.site import build_site
from generator.cli import main
from generator.errors import MedialitError
from generator.spec.language import project_language, site_language
from generator.spec.lesson import load_spec
from tests.conftest import MINIMAL_SPEC, ROOT, Project


def test_language_is_read_and_defaults_to_the_site(project: Project) -> None:
    es = project.lesson("es", extra="language: es-MX\n")
    plain = project.lesson("plain")
    assert load_spec(es).language == "es-MX"
    assert load_spec(plain).language == "en"
    assert load_spec(plain, site_language="es").language == "es"
    assert load_spec(es, site_language="fr").language == "es-MX"  # the lesson's own wins


@pytest.mark.parametrize("value", ["Spanish", "es_ES", "e", "'es-'", "12"])
def test_a_language_that_is_not_a_tag_is_an_error_at_its_place(project: Project, value: str) -> None:
    path = project.lesson(extra=f"language: {value}\n")
    with pytest.raises(MedialitError) as err:
        load_spec(path)
    p = err.value.problems[0]
    last = len(MINIMAL_SPEC.splitlines()) + 1
    assert (p.line, p.col) == (last, 11)
    assert "language" in p.message and "BCP 47" in p.hint


def test_the_schema_checks_the_tag_as_the_loader_does() -> None:
    schema = json.loads((ROOT / "schemas" / "lesson.schema.json").read_text(encoding="utf-8"))
    prop = schema["properties"]["language"]
    jsonschema.validate("es-419", prop)
    jsonschema.validate("zh-Hant-TW", prop)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("Spanish", prop)


def test_site_language_from_mkdocs_yml_without_running_its_tags(tmp_path: Path) -> None:
    assert site_language(tmp_path) is None  # no mkdocs.yml
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  language: es\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  key: !ENV [HOME, x]\n", encoding="utf-8")
    assert site_language(tmp_path) == "es"
    assert project_language(tmp_path) == "es"
    assert project_language(tmp_path, "pt-BR") == "pt-BR"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n", encoding="utf-8")
    assert project_language(tmp_path) == "en"


def test_a_bad_theme_language_names_mkdocs_yml_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  language: Spanish\n", encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        site_language(tmp_path)
    p = err.value.problems[0]
    assert p.path.endswith("mkdocs.yml") and (p.line, p.col) == (4, 13) and "theme.language" in p.message
    (tmp_path / "mkdocs.yml").write_text("theme: [unclosed\n", encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        site_language(tmp_path)
    assert err.value.problems[0].line == 2


def test_the_site_language_reaches_lessons_without_their_own(project: Project) -> None:
    project.lesson("plain")
    project.lesson("own", extra="language: en\n")
    (project.root / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  language: es\n", encoding="utf-8")
    site = build_site(SiteProject.at(project.root))
    assert {b.slug: b.spec.language for b in site.lessons} == {"own": "en", "plain": "es"}
    site = build_site(SiteProject.at(project.root, language="fr"))
    assert {b.slug: b.spec.language for b in site.lessons} == {"own": "en", "plain": "fr"}


def test_cli_language_option_is_checked(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", "--root", str(project.root), "--out", str(project.root / "out"), "--language", "Spanish"])
    assert exc.value.code == 2
    assert "'Spanish' is not a language tag" in capsys.readouterr().err


def test_check_warns_about_a_language_without_interface_translation(project: Project,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    project.lesson(extra="language: fr\n")
    assert main(["check", "--root", str(project.root)]) == 0
    err = capsys.readouterr().out
    assert "warning: the lesson's language 'fr' has no interface translation" in err
    assert "en, es" in err


# --- the detector reads a lesson in its language -----------------------------------------------------

# Spanish cues for the Spanish rules, and an English quotation inside that the English rules would mark.
SPANISH_TEXT = ("El Almenar estaría a punto de cerrar el fichaje de Iker Salcedo, según fuentes próximas al club. "
                "El club no ha confirmado la operación.\n\nUn aficionado inglés escribió en las redes: "
                "\"Insiders say it is the best signing ever\".\n")


def _detected(site_lessons: list, slug: str) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    [built] = [b for b in site_lessons if b.slug == slug]
    return [(c.category, c.rule, c.text) for c in built.callouts.items if c.origin == "detected"]


@pytest.mark.parametrize("tag", ["es", "es-MX"])
def test_a_spanish_lesson_gets_the_spanish_rules_not_the_english_ones(project: Project, tmp_path: Path,
                                                                       tag: str) -> None:
    project.lesson("noticia", article=SPANISH_TEXT, extra=f"language: {tag}\n")
    site = build_site(SiteProject.at(project.root))
    found = _detected(site.lessons, "noticia")
    texts = {text for _, _, text in found}
    assert "según fuentes próximas al club" in texts and "El club no ha confirmado la operación" in texts
    assert ("vague-sourcing", "segun-fuentes", "según fuentes próximas al club") in found
    assert not texts & {"Insiders say", "the best"}  # what the English rules would have marked
    assert site.warnings == []
    assert main(["build", "--root", str(project.root), "--out", str(tmp_path / "out"), "-q"]) == 0
    page = (tmp_path / "out" / "lessons" / "noticia.md").read_text(encoding="utf-8")
    assert 'data-category="vague-sourcing"' in page and "según fuentes próximas al club" in page
    assert ">Insiders say<" not in page


def test_the_site_language_picks_the_rules_of_a_lesson_without_its_own(project: Project) -> None:
    project.lesson("noticia", article=SPANISH_TEXT)
    (project.root / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  language: es\n", encoding="utf-8")
    texts = {text for _, _, text in _detected(build_site(SiteProject.at(project.root)).lessons, "noticia")}
    assert "según fuentes próximas al club" in texts and "Insiders say" not in texts
    texts = {text for _, _, text in _detected(build_site(SiteProject.at(project.root, language="en")).lessons, "noticia")}
    assert "Insiders say" in texts and "según fuentes próximas al club" not in texts


def test_a_lesson_in_a_language_without_rules_gets_one_warning_and_keeps_its_annotations(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ("language: fr\nannotations:\n  - quote: selon des sources proches\n    category: vague-sourcing\n"
             "    note: Qui parle ?\n")
    project.lesson("article", article="Le club, selon des sources proches du dossier, serait the best ever.\n",
                   extra=extra)
    project.lesson("english", article="Insiders say it is the best deal ever.\n")
    site = build_site(SiteProject.at(project.root))
    [built] = [b for b in site.lessons if b.slug == "article"]
    assert [(c.origin, c.text) for c in built.callouts.items] == [("teacher", "selon des sources proches")]
    [warning] = site.warnings
    assert warning.severity == "warning" and warning.path.endswith("article/lesson.yml") and warning.line > 0
    assert "no detection rules for language 'fr'" in warning.message and "en, es" in warning.message
    assert "only the teacher's annotations" in warning.message

    assert main(["build", "--root", str(project.root), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert err.count("no detection rules") == 1 and "'fr'" in err and "Traceback" not in err
    assert main(["check", "--root", str(project.root)]) == 0
    assert capsys.readouterr().out.count("no detection rules for language 'fr'") == 1
