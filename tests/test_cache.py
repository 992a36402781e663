"""The content-keyed lesson cache: unchanged lessons are not parsed, detected or rendered again."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator import callouts as callouts_module
from generator.build import lesson as lesson_module
from generator.build import workers
from generator.build.cache import LessonCache, environment, tree_digest
from generator.build.lesson import BuiltLesson, Project
from generator.build.site import build_site
from generator.errors import MedialitError
from tests.conftest import MINIMAL_SPEC, mkdocs_build

ARTICLE = "Officials said the plan was historic. It reportedly cost more than expected.\n"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each stage ran: spec loading, article parsing, detection, page rendering, files beside the page."""
    counts: Counter[str] = Counter()

    def counting(module: object, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            counts[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(lesson_module, "load_spec")
    counting(lesson_module, "load_article")
    counting(callouts_module, "detect")
    counting(lesson_module.Renderer, "lesson_page")
    counting(lesson_module, "w3c_files")
    return counts


def three_lessons(project) -> Project:  # type: ignore[no-untyped-def]
    for slug in ("one", "two", "three"):
        project.lesson(slug, article=f"{slug.title()}. " + ARTICLE)
    return Project.at(project.root)


def test_second_build_reuses_every_lesson(project, calls: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    first = build_site(proj, cache=cache)
    assert calls == Counter(load_spec=3, load_article=3, detect=3, lesson_page=3, w3c_files=3)
    assert (cache.stats.misses, cache.stats.hits) == (3, 0)
    second = build_site(proj, cache=cache)
    assert calls == Counter(load_spec=3, load_article=3, detect=3, lesson_page=3, w3c_files=3)  # nothing ran again
    assert (cache.stats.misses, cache.stats.hits) == (0, 3)
    assert second.pages == first.pages


def test_editing_one_article_regenerates_only_that_lesson(project, calls: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    first = build_site(proj, cache=cache)
    calls.clear()
    (project.root / "lessons" / "two" / "article.txt").write_text("Two. Critics argue it is shocking.\n", encoding="utf-8")
    second = build_site(proj, cache=cache)
    assert calls == Counter(load_spec=1, load_article=1, detect=1, lesson_page=1, w3c_files=1)
    assert cache.stats.built == ["two"]
    assert "Critics" in second.pages["lessons/two.md"] and "Critics" not in first.pages["lessons/two.md"]
    assert all(second.pages[f"lessons/{s}.md"] == first.pages[f"lessons/{s}.md"] for s in ("one", "three"))


def test_editing_one_spec_regenerates_only_that_lesson(project, calls: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(proj, cache=cache)
    calls.clear()
    spec = project.root / "lessons" / "three" / "lesson.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("A small lesson", "A retitled lesson"), encoding="utf-8")
    site = build_site(proj, cache=cache)
    assert calls["load_spec"] == 1 and cache.stats.built == ["three"]
    assert "A retitled lesson" in site.pages["lessons/three.md"]
    assert "A retitled lesson" in site.pages["lessons/index.md"]  # the index is rebuilt from the lessons every time


def test_editing_a_template_regenerates_every_lesson(project, calls: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(proj, cache=cache)
    calls.clear()
    template = project.root / "templates" / "lesson.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nEdited template.\n", encoding="utf-8")
    site = build_site(proj, cache=cache)
    assert calls["lesson_page"] == 3 and sorted(cache.stats.built) == ["one", "three", "two"]
    assert all(site.pages[f"lessons/{s}.md"].rstrip().endswith("Edited template.") for s in ("one", "two", "three"))


def test_other_settings_regenerate_every_lesson(project, calls: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(proj, cache=cache)
    copy = project.root / "templates-copy"
    shutil.copytree(proj.templates_dir, copy)
    build_site(dataclasses.replace(proj, templates_dir=copy), cache=cache)
    assert cache.stats.misses == 3 and calls["load_spec"] == 6


def test_a_broken_lesson_is_never_served_from_the_cache(project) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(proj, cache=cache)
    spec = project.root / "lessons" / "one" / "lesson.yml"
    good = spec.read_text(encoding="utf-8")
    spec.write_text(good.replace('level: "6-8"', "level: 6-9"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(MedialitError) as err:
            build_site(proj, cache=cache)
        assert "level must be one of" in err.value.format()
    spec.write_text(good, encoding="utf-8")  # back to the bytes the cached page was built from
    build_site(proj, cache=cache)
    assert (cache.stats.hits, cache.stats.misses) == (3, 0)


def test_deleted_lessons_leave_the_cache(project) -> None:  # type: ignore[no-untyped-def]
    proj = three_lessons(project)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(proj, cache=cache)
    assert len(cache) == 3
    shutil.rmtree(project.root / "lessons" / "two")
    site = build_site(proj, cache=cache)
    assert len(cache) == 2 and "lessons/two.md" not in site.pages
    assert (cache.stats.hits, cache.stats.misses) == (2, 0)


def test_a_spec_saved_during_its_build_is_not_cached(project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    project.lesson("one", article=ARTICLE)
    proj = Project.at(project.root)
    spec = project.root / "lessons" / "one" / "lesson.yml"
    original = workers.build_lesson

    def build_then_save(path: Path, *args: object, **kwargs: object) -> BuiltLesson:
        built = original(path, *args, **kwargs)  # type: ignore[arg-type]
        spec.write_text(spec.read_text(encoding="utf-8") + "tags: [saved]\n", encoding="utf-8")
        return built

    monkeypatch.setattr(workers, "build_lesson", build_then_save)
    cache: LessonCache[BuiltLesson] = LessonCache()
    build_site(proj, cache=cache)
    assert len(cache) == 0
    monkeypatch.setattr(workers, "build_lesson", original)
    build_site(proj, cache=cache)
    assert cache.stats.built == ["one"] and len(cache) == 1


def test_tree_digest_follows_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.yml").write_text("x: 1\n", encoding="utf-8")
    first = tree_digest([tmp_path])
    assert tree_digest([tmp_path]) == first
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"\0")
    assert tree_digest([tmp_path]) == first  # compiled files do not count
    (tmp_path / "rules" / "a.yml").write_text("x: 2\n", encoding="utf-8")
    second = tree_digest([tmp_path])
    assert second != first
    (tmp_path / "rules" / "a.yml").rename(tmp_path / "rules" / "b.yml")
    assert tree_digest([tmp_path]) not in (first, second)


def test_environment_covers_the_package_rules(project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from generator import resources
    from generator.build import cache as cache_module

    package = tmp_path / "package"
    shutil.copytree(resources.RULES_DIR, package / "rules")
    monkeypatch.setattr(cache_module, "PACKAGE_DIR", package)
    before = environment(project.root / "templates", "settings")
    rule_file = package / "rules" / "en" / "superlative.yml"
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert environment(project.root / "templates", "settings") != before


def test_plugin_keeps_its_cache_across_serve_rebuilds_and_logs(project, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    project.lesson("one", article=ARTICLE)
    project.lesson("two", spec=MINIMAL_SPEC.replace("A small lesson", "Another lesson"), article=ARTICLE)
    assert mkdocs_build(project.root, project.root / "site").returncode == 0  # writes mkdocs.yml

    def rebuild() -> str:
        # what `mkdocs serve` does on every change: load the config again, then build
        config = load_config(str(project.root / "mkdocs.yml"))
        plugin = config.plugins["medialit"]
        config = config.plugins.on_config(config)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medialit"):
            files = config.plugins.on_files(Files([]), config=config)
        assert files.get_file_from_path("lessons/one.md") is not None
        [record] = [r for r in caplog.records if r.name == "mkdocs.plugins.medialit"]
        rebuild.plugins.append(plugin)  # type: ignore[attr-defined]
        return record.getMessage()

    rebuild.plugins = []  # type: ignore[attr-defined]
    assert "2 lesson page(s) generated (2 rebuilt, 0 unchanged" in rebuild()
    assert "2 lesson page(s) generated (0 rebuilt, 2 unchanged" in rebuild()
    (project.root / "lessons" / "two" / "article.txt").write_text("Critics argue it is shocking.\n", encoding="utf-8")
    assert "2 lesson page(s) generated (1 rebuilt, 1 unchanged" in rebuild()
    first, *others = rebuild.plugins  # type: ignore[attr-defined]
    assert all(p is first for p in others)


def test_dirty_serve_converts_again_only_the_pages_of_changed_lessons(project) -> None:  # type: ignore[no-untyped-def]
    from generator.plugin import UnchangedFile

    project.lesson("one", article=ARTICLE)
    project.lesson("two", spec=MINIMAL_SPEC.replace("A small lesson", "Another lesson"), article=ARTICLE)
    assert mkdocs_build(project.root, project.root / "site").returncode == 0  # writes mkdocs.yml

    def rebuild(complete: bool = True) -> dict[str, bool]:
        """One rebuild of `mkdocs serve --dirty`: which generated files MkDocs would convert or copy again."""
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "served"))
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(Files([]), config=config)
        modified = {f.src_uri: f.is_modified() for f in files if f.src_uri.startswith("lessons/")}
        assert all(isinstance(f, UnchangedFile) != modified[f.src_uri] for f in files if f.src_uri in modified)
        if complete:  # MkDocs writes every page, then runs on_post_build
            for f in files:
                Path(f.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                Path(f.abs_dest_path).write_text("written", encoding="utf-8")
            config.plugins.on_post_build(config=config)
        return modified

    config = load_config(str(project.root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        assert all(rebuild().values())  # the first build converts everything
        kept = rebuild()  # nothing changed: MkDocs keeps every lesson's output; the index is built from all lessons
        assert kept.pop("lessons/index.md") and kept and not any(kept.values())
        (project.root / "lessons" / "two" / "article.txt").write_text("Critics argue it is shocking.\n", encoding="utf-8")
        again = rebuild(complete=False)
        assert again["lessons/two.md"] and not again["lessons/one.md"]
        assert all(again[k] for k in again if k.startswith("lessons/two/")) and again["lessons/index.md"]
        again = rebuild()  # the build before did not complete: "two" is converted again
        assert again["lessons/two.md"] and not again["lessons/one.md"]
        config.plugins.on_startup(command="serve", dirty=False)
        assert all(rebuild().values())  # without --dirty every generated file counts as modified
    finally:
        config.plugins.on_startup(command="build", dirty=False)


def test_a_build_leaves_the_garbage_collector_as_it_found_it(project) -> None:  # type: ignore[no-untyped-def]
    import gc

    proj = three_lessons(project)
    assert gc.isenabled()
    build_site(proj)
    assert gc.isenabled()
    gc.disable()
    try:
        build_site(proj)
        assert not gc.isenabled()
    finally:
        gc.enable()
