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
