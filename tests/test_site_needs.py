"""`plugins: [medialit]` is all a site needs: extensions, CSS and JS added, teacher's settings kept, clashes stopped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.build.lesson import Project
from generator.build.site import build_site
from generator.build.siteconfig import (
    MARKDOWN_EXTENSIONS,
    REQUIRED_OPTIONS,
    SCRIPT,
    STYLESHEET,
    add_missing,
    markdown_extensions_yaml,
    site_url_problem,
    without_dot_segments,
)
from generator.errors import MedialitError
from tests.conftest import ROOT, run

MINIMAL_CONFIG = "site_name: A teacher's site\ntheme:\n  name: material\nplugins:\n  - search\n  - medialit\n"


def build(root: Path, config: str = MINIMAL_CONFIG, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return run("mkdocs", "build", "--strict", "-d", str(root / "site"), cwd=root, env=env)


def test_an_empty_site_gets_every_extension_with_its_options_and_the_assets() -> None:
    extensions: list[str] = []
    configs: dict[str, dict[str, object]] = {}
    css: list[str] = []
    js: list[object] = []
    added, warnings = add_missing(extensions, configs, css, js)
    assert extensions == list(MARKDOWN_EXTENSIONS) and configs == MARKDOWN_EXTENSIONS
    assert css == [STYLESHEET] and js == [SCRIPT] and warnings == []
    assert added == [*MARKDOWN_EXTENSIONS, STYLESHEET, SCRIPT]
    assert add_missing(extensions, configs, css, js) == ([], [])  # twice: nothing more


def test_the_teachers_settings_are_kept() -> None:
    extensions = ["toc", "pymdownx.tabbed", "admonition"]
    configs: dict[str, dict[str, object]] = {"toc": {"permalink": "#", "toc_depth": 2}, "pymdownx.tabbed": {"slugify": "x"}}
    css = ["extra.css", STYLESHEET]

    class Script:  # MkDocs's ExtraScriptValue: compares by its text
        def __str__(self) -> str:
            return SCRIPT

    js: list[object] = [Script()]
    added, warnings = add_missing(extensions, configs, css, js)
    assert configs["toc"] == {"permalink": "#", "toc_depth": 2}  # not the package's permalink: true
    assert configs["pymdownx.tabbed"] == {"slugify": "x", "alternate_style": True}  # a required option filled in
    assert "pymdownx.tabbed: alternate_style" in added and "toc" not in added
    assert css == ["extra.css", STYLESHEET] and len(js) == 1 and warnings == []
    assert extensions[:3] == ["toc", "pymdownx.tabbed", "admonition"]


def test_a_required_option_set_otherwise_is_kept_with_a_warning() -> None:
    configs: dict[str, dict[str, object]] = {"pymdownx.tabbed": {"alternate_style": False}}
    _added, warnings = add_missing(["pymdownx.tabbed"], configs, [], [])
    assert configs["pymdownx.tabbed"] == {"alternate_style": False}
    assert warnings == ["markdown_extensions: pymdownx.tabbed has alternate_style: False; the lesson pages need "
                        "alternate_style: True (their views show as plain text otherwise)"]


def test_this_repositorys_mkdocs_yml_lists_what_the_pages_need() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # no !ENV tags in it
    listed = {next(iter(e)) if isinstance(e, dict) else e: (next(iter(e.values())) if isinstance(e, dict) else {})
              for e in config["markdown_extensions"]}
    for name, options in MARKDOWN_EXTENSIONS.items():
        assert name in listed
        assert {**options, **listed[name]} == listed[name] or name not in REQUIRED_OPTIONS
    assert config["extra_css"] == [STYLESHEET] and config["extra_javascript"] == [SCRIPT]
    assert yaml.safe_load(markdown_extensions_yaml())["markdown_extensions"] == [
        {n: o} if o else n for n, o in MARKDOWN_EXTENSIONS.items()]


def test_a_minimal_teacher_site_gets_tabs_highlights_and_the_script(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article="Officials say the deal is the biggest ever. It was reportedly signed.\n")
    result = build(project.root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = (project.root / "site" / "lessons" / "sample" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="tabbed-set tabbed-alternate"') == 1 and "Read it first" in html
    assert '=== "' not in html and "!!! " not in html  # no extension left its syntax as text
    assert set(re.findall(r'data-category="([a-z-]+)"', html)) == {"vague-sourcing", "superlative", "unconfirmed"}
    assert re.search(r'<script src="\.\./\.\./assets/medialit\.js', html)
    assert re.search(r'<link rel="stylesheet" href="\.\./\.\./assets/medialit\.css', html)
    assert 'class="admonition' in html


@pytest.mark.parametrize(("page", "kind"), [
    ("glossary/index.md", "the generated glossary page glossary/index.md"),
    ("glossary/README.md", "the generated glossary page glossary/index.md"),
    ("lessons/index.md", "the generated lesson index"),
    ("lessons/sample.md", "the generated page of lesson 'sample' (lessons/sample.md)"),
    ("lessons/sample/notes.md", "the generated page of lesson 'sample' (lessons/sample)"),
    ("assets/medialit.css", "the lesson pages' stylesheet assets/medialit.css"),
])
def test_a_teachers_page_where_a_generated_one_goes_is_an_error(project, page: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    mine = project.root / "docs" / page
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        build_site(Project.at(project.root))
    assert [p.format() for p in err.value.problems] == [
        f"{mine}: error: this page of yours and {kind} would be published at the same place\n"
        f"  hint: move or rename docs/{page}: medialit writes lessons/, glossary/ and {STYLESHEET} and {SCRIPT} "
        "itself (docs/publishing.md lists them)"]


def test_the_clash_stops_mkdocs_and_medialit_build_alike(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    mine = project.root / "docs" / "glossary" / "index.md"
    mine.parent.mkdir()
    mine.write_text("# My glossary\n", encoding="utf-8")
    message = f"{mine}: error: this page of yours and the generated glossary page glossary/index.md would be published"
    result = build(project.root)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    cli = run("medialit", "build", "--out", str(project.root.parent / "out"), cwd=project.root)
    assert cli.returncode == 1 and message in cli.stderr
    assert not (project.root.parent / "out").exists()


def test_teachers_pages_beside_the_generated_ones_are_kept(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    for page in ("lessons/reading-list.md", "glossary-notes.md", "assets/logo.md"):
        (project.root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (project.root / "docs" / page).write_text("# Mine\n", encoding="utf-8")
    assert build(project.root).returncode == 0
    assert (project.root / "site" / "lessons" / "reading-list" / "index.html").is_file()
    assert (project.root / "site" / "glossary" / "index.html").is_file()


def test_site_url_is_checked_against_the_address_pages_will_serve() -> None:
    assert site_url_problem(None, None) is None and site_url_problem("", "") is None  # not a Pages deploy
    assert site_url_problem("https://a.github.io/course/", "https://a.github.io/course") is None
    missing = site_url_problem("", "https://a.github.io/course")
    assert missing and "site_url is not set" in missing and "set `site_url: https://a.github.io/course/`" in missing
    wrong = site_url_problem("https://upstream.github.io/course/", "https://a.github.io/course")
    assert wrong == ("site_url is https://upstream.github.io/course/ but GitHub Pages will publish this site at "
                     "https://a.github.io/course/; set `site_url: https://a.github.io/course/` in mkdocs.yml")


def test_a_pages_deploy_without_the_right_site_url_stops_with_the_address_to_set(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    pages = {"MEDIALIT_PAGES_URL": "https://lena.github.io/course"}
    result = build(project.root, env=pages)
    assert result.returncode == 1 and "set `site_url: https://lena.github.io/course/` in mkdocs.yml" in result.stderr
    assert build(project.root, MINIMAL_CONFIG + "site_url: https://lena.github.io/course/\n", env=pages).returncode == 0


def test_edit_this_page_opens_the_lessons_spec(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    config = MINIMAL_CONFIG.replace("  name: material\n", "  name: material\n  features:\n    - content.action.edit\n")
    config += "edit_uri: https://example.org/r/edit/main/docs/\n"
    assert build(project.root, config).returncode == 0
    site = project.root / "site"

    def edit_link(page: str) -> list[str]:
        return re.findall(r'href="([^"]+)"[^>]*rel="edit"', (site / page).read_text(encoding="utf-8"))

    assert edit_link("lessons/sample/index.html") == ["https://example.org/r/edit/main/lessons/sample/lesson.yml"]
    assert edit_link("index.html") == ["https://example.org/r/edit/main/docs/index.md"]
    assert edit_link("glossary/index.html") == []  # made by the generator: nothing to edit


def test_dot_segments_are_folded_as_a_browser_would() -> None:
    assert without_dot_segments("https://x.org/r/edit/main/docs/../lessons/a/lesson.yml") == \
        "https://x.org/r/edit/main/lessons/a/lesson.yml"
    assert without_dot_segments("https://x.org/a/./b/") == "https://x.org/a/b/"
    assert without_dot_segments("https://x.org/a..b/c") == "https://x.org/a..b/c"
