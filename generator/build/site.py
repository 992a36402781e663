"""The pipeline end to end: every lesson folder → Markdown pages for the site.

This module is what the CLI and the MkDocs plugin share. It never imports
MkDocs: it returns pages as ``{relative path: text}``; :mod:`generator.build.output`
writes them, with the hand-written ``docs/`` pages, into a folder any
Material-compatible builder can build. One lesson is built by
:func:`generator.build.lesson.build_lesson`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.cache import LessonCache
from generator.build.lesson import BuiltLesson, Project, discover
from generator.build.output import write_files
from generator.build.siteconfig import SCRIPT, STYLESHEET, clashes
from generator.build.workers import build_lessons
from generator.errors import MedialitError, Problem
from generator.render.page import Renderer
from generator.render.views import HANDOUTS_MARKER, MARKER, TEACHER_PAGES, fill_markers, glossary_examples, named_units, units
from generator.resources import ASSETS_DIR
from generator.spec.course import course_plan
from generator.spec.vocabulary import CATEGORIES

LINKS_MARKER = "<!-- medialit:lesson-links -->"  # where templates/lesson.md.j2 wants the previous/next links


def with_links(page: str, links: str) -> str:
    """A lesson page with its previous/next links at the marker (a template without one: at the end)."""
    return page.replace(LINKS_MARKER, links.strip("\n"), 1) if LINKS_MARKER in page else page + links


@dataclass
class Site:
    lessons: list[BuiltLesson] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[Problem]:
        """What the builder should hear about without the build failing: one entry per lesson at most for each thing."""
        return [w for b in self.lessons for w in b.callouts.warnings]


def build_site(project: Project, progress: Callable[[int, int, str], None] | None = None,
               cache: LessonCache[BuiltLesson] | None = None, out: Path | None = None) -> Site:
    """Build every lesson; raise one MedialitError listing the problems of all lessons.

    With ``cache`` (see :mod:`generator.build.cache`), lessons whose files, templates
    and settings are unchanged since an earlier build are reused, not rebuilt;
    a large course is built on several processor cores (:mod:`generator.build.workers`).
    With ``out`` (a folder, as :func:`generator.build.output.output_folder` gives), each lesson's files
    are written there as soon as it is built, by the process that built it, and
    are not in ``pages``: only the course pages are.
    """
    if out is not None and cache is not None:
        raise ValueError("a build that writes lessons out as it goes keeps no cache")
    renderer = Renderer(project.templates_dir, project.language)
    site = Site()
    paths = discover(project.lessons_dir)
    # course.yml, when there is one, says which lessons are published, in which order and units
    plan = course_plan(project.root, [p.parent.name for p in paths])
    if plan is not None:
        listed = set(plan.slugs)
        paths = [p for p in paths if p.parent.name in listed]
    site.lessons, problems = build_lessons(project, renderer, paths, cache, progress, out)
    if problems:
        raise MedialitError(problems=problems)
    if plan is None:  # without course.yml: order: in each lesson.yml, then level; units by grade band
        site.lessons.sort(key=lambda b: b.sort_key)
        course = units(site.lessons)
    else:
        by_slug = {b.slug: b for b in site.lessons}
        site.lessons = [by_slug[slug] for slug in plan.slugs]
        course = named_units(plan.units, by_slug)
    for i, b in enumerate(site.lessons):
        links = renderer.render("lesson-links.md.j2", lang=b.spec.language, previous=site.lessons[i - 1] if i else None,
                                next=site.lessons[i + 1] if i + 1 < len(site.lessons) else None)
        if b.page is not None:
            site.pages.update(b.outputs())  # the page, its W3C annotations and the raw article
            site.pages[f"lessons/{b.slug}.md"] = with_links(b.page, links)  # the cached page stays as built
        elif out is not None:  # written out already, by the process that built it
            page = out / "lessons" / f"{b.slug}.md"
            write_files({f"lessons/{b.slug}.md": with_links(page.read_text(encoding="utf-8"), links)}, out)
    languages = sorted({b.spec.language for b in site.lessons})
    site.pages["lessons/index.md"] = renderer.render("lessons-index.md.j2", lessons=site.lessons, units=course, languages=languages)
    named = [(b.slug, b.spec.lesson.title, b.callouts) for b in site.lessons]
    site.pages["glossary/index.md"] = renderer.render("glossary-index.md.j2", lessons=site.lessons)
    for cat in CATEGORIES:
        site.pages[f"glossary/{cat}.md"] = renderer.render("glossary.md.j2", category=cat, examples=glossary_examples(named, cat))
    for rel in (STYLESHEET, SCRIPT):
        site.pages[rel] = (ASSETS_DIR / Path(rel).name).read_text(encoding="utf-8")
    # a hand-written page where a generated one goes is an error, never silently replaced
    clash = clashes(project.docs_dir, [*site.pages, *(f"lessons/{b.slug}{end}" for b in site.lessons for end in (".md", "/"))])
    if clash:
        raise MedialitError(problems=clash)
    if project.docs_dir and project.docs_dir.is_dir():
        # hand-written pages may ask for generated parts, e.g. <!-- medialit:course-path --> on the home page
        filled = fill_markers(project.docs_dir, {
            MARKER: lambda base: renderer.render("course-path.md.j2", units=course, base=base),
            HANDOUTS_MARKER: lambda base: renderer.render("handouts-list.md.j2", units=course, base=base,
                                                          teacher=project.teacher_material)})
        # a student-only site has no teachers' pages: none comes back through its markers
        site.pages |= {rel: text for rel, text in filled.items()
                       if project.teacher_material or not rel.startswith(TEACHER_PAGES)}
    return site
