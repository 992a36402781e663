"""The MkDocs plugin ``medialit``: a thin adapter over :mod:`generator.build.site`.

It adds the generated lesson pages to the build, watches the lessons and
templates under ``mkdocs serve``, and turns project errors into a
``PluginError`` with the same message the CLI prints. ``plugins: [medialit]``
is all a site needs: what the pages need besides (Markdown extensions, the
stylesheet and the script, listed in :mod:`generator.build.siteconfig`) is
added when the site's ``mkdocs.yml`` lacks it, and a lesson page's "edit
this page" link opens its ``lesson.yml``. One instance lives
through a whole ``mkdocs serve`` session and keeps a content-keyed cache
(:mod:`generator.build.cache`), so editing one lesson regenerates only that lesson;
under ``mkdocs serve --dirty`` MkDocs then converts only that lesson's page
again. It logs through MkDocs's logger, ``mkdocs.plugins.medialit``.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from generator.build.cache import LessonCache
from generator.build.lesson import BuiltLesson, Project
from generator.build.site import build_site
from generator.build.siteconfig import THEME, add_missing, lesson_edit_path, site_url_problem, without_dot_segments
from generator.errors import MedialitError
from generator.render.views import TEACHER_PAGES, menu_rank
from generator.spec.course import course_path
from generator.spec.language import DEFAULT_LANGUAGE, check_tag, is_tag

log = logging.getLogger("mkdocs.plugins.medialit")


class MedialitConfig(base.Config):
    lessons_dir = c.Type(str, default="lessons")
    templates_dir = c.Type(str, default="templates")
    teacher_material = c.Type(bool, default=True)  # false: a student-only site (no teacher notes, warm-ups, model answers)


def _theme_language(config: MkDocsConfig) -> str:
    """The site's ``theme.language`` as MkDocs read it, checked to be a language tag; English for a theme without one."""
    language = config.theme.get("language")
    try:
        return check_tag(str(language), config.config_file_path or "mkdocs.yml", "theme.language") if language else DEFAULT_LANGUAGE
    except MedialitError as exc:
        raise PluginError(exc.format()) from None


class UnchangedFile(File):
    """A generated file of a lesson unchanged since the last successful build.

    Under ``--dirty`` MkDocs keeps the output it already wrote for it instead
    of converting the page again (generated files otherwise always count as
    modified).
    """

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


class MedialitPlugin(BasePlugin[MedialitConfig]):
    project: Project

    def __init__(self) -> None:
        super().__init__()
        self.cache: LessonCache[BuiltLesson] = LessonCache()
        self.dirty = False
        self.building: dict[str, BuiltLesson] = {}
        self.written: dict[str, BuiltLesson] = {}  # the lessons of the last build that completed
        self.pages: dict[str, str] = {}  # the generated pages of this build, and of the last that completed
        self.written_pages: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance, and its cache, across the rebuilds of ``mkdocs serve``."""
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        added, warnings = add_missing(config.markdown_extensions, config.mdx_configs, config.extra_css, config.extra_javascript)
        if added:
            log.debug("medialit: added what the lesson pages need: %s", ", ".join(added))
        if config.theme.name != THEME:  # still readable (tabs one under another), so not a warning that stops --strict
            log.info("medialit: the lesson pages are made for the Material theme, not %r: set theme: name: %s", config.theme.name, THEME)
        if problem := site_url_problem(config.site_url, os.environ.get("MEDIALIT_PAGES_URL")):
            warnings.append(problem)
        for warning in warnings:
            log.warning("medialit: %s", warning)
        root = Path(config.config_file_path or ".").resolve().parent
        # docs_dir: hand-written pages may ask for generated parts (the course path on the home page)
        self.project = Project.at(root, self.config.lessons_dir, self.config.templates_dir, config.docs_dir,
                                  self.config.teacher_material, _theme_language(config))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        try:
            site = build_site(self.project, cache=self.cache)
        except MedialitError as exc:
            raise PluginError(exc.format()) from None
        except OSError as exc:  # as the CLI does: one line naming the file, no traceback
            err = MedialitError(f"cannot read or write: {exc.strerror or exc}", exc.filename or "")
            raise PluginError(err.format()) from None
        for warning in site.warnings:  # e.g. a lesson in a language without detection rules
            log.warning("medialit: %s", warning.format())
        if not self.project.teacher_material:  # a student-only site: no teachers' section
            for file in [f for f in files if f.src_uri.startswith(TEACHER_PAGES)]:
                files.remove(file)
        self.building = {b.slug: b for b in site.lessons}
        self.pages = site.pages
        # unchanged: the same lesson, and the same page (its previous/next links follow its neighbours)
        unchanged = {slug for slug, b in self.building.items() if self.written.get(slug) is b and
                     self.written_pages.get(f"lessons/{slug}.md") == site.pages.get(f"lessons/{slug}.md")} if self.dirty else set()
        for rel, content in site.pages.items():
            parts = rel.split("/")
            kind = UnchangedFile if parts[0] == "lessons" and parts[1].removesuffix(".md") in unchanged else File
            file = kind.generated(config, rel, content=content)
            existing = files.get_file_from_path(rel)  # a hand-written page whose course-path marker was filled in
            if existing is not None:
                files.remove(existing)
                file.edit_uri = existing.edit_uri
            elif len(parts) == 2 and parts[0] == "lessons" and (lesson := self.building.get(parts[1].removesuffix(".md"))):
                file.edit_uri = lesson_edit_path(lesson.spec.path, Path(config.docs_dir))  # "edit this page" opens lesson.yml
            if len(parts) == 3 and parts[0] == "lessons" and rel.endswith(".md"):  # a worksheet or an answer key: reached from its lesson page
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        stats = self.cache.stats
        log.info("medialit: %d lesson page(s) generated (%d rebuilt, %d unchanged since the last build) in %.2f s",
                 len(site.lessons), stats.misses, stats.hits, time.perf_counter() - started)
        if stats.built and stats.hits:
            log.debug("medialit: regenerated %s", ", ".join(stats.built))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The course first in the menu: home, lessons, glossary; the teachers' section last."""
        nav.items.sort(key=lambda item: menu_rank(_first_page(item)))
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if page.edit_url:  # a lesson's: <edit_uri>../lessons/<slug>/lesson.yml
            page.edit_url = without_dot_segments(page.edit_url)
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page whose front matter names another language than the site's (a lesson's, see templates/lesson.md.j2)
        has its content in ``<div lang="…">``, for browsers, screen readers and search engines."""
        lang = page.meta.get("lang")
        if isinstance(lang, str) and is_tag(lang):
            return f'<div lang="{lang}">\n{html}\n</div>'
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.written = self.building
        self.written_pages = self.pages

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in (self.project.lessons_dir, self.project.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        if course_path(self.project.root).is_file():
            server.watch(str(course_path(self.project.root)))
        return server


def _first_page(item: StructureItem) -> str:
    """The source path of the first page in a menu entry, "" for a link."""
    if isinstance(item, Page):
        return item.file.src_uri
    if isinstance(item, Section):
        return next((path for path in map(_first_page, item.children) if path), "")
    return ""
