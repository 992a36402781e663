"""The course model and one lesson built: where a course's inputs live, its lesson folders, and a lesson's page and files.

:func:`build_lesson` runs the pipeline for one lesson: spec → article →
callouts (anchoring and detection) → views → page, plus the files published
beside the page (W3C annotations and the raw article). The whole course is
put together from these in :mod:`generator.build.site`, on several processor
cores when it is large (:mod:`generator.build.workers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.article import Article, load_article
from generator.build.output import write_files
from generator.build.w3c import w3c_files
from generator.callouts import Callouts, build_callouts
from generator.errors import MedialitError, Problem
from generator.render.handouts import handout_pages
from generator.render.i18n import translations
from generator.render.ledger import ledger
from generator.render.page import Renderer
from generator.render.views import lesson_view
from generator.resources import TEMPLATES_DIR
from generator.spec.language import DEFAULT_LANGUAGE, project_language
from generator.spec.lesson import SPEC_FILE, LessonSpec, load_spec
from generator.spec.vocabulary import LEVEL_RANK


@dataclass
class Project:
    """Where a course's inputs live."""

    root: Path
    lessons_dir: Path
    templates_dir: Path
    docs_dir: Path | None = None
    teacher_material: bool = True  # False: a student-only site, without teacher notes, warm-ups and model answers
    language: str = DEFAULT_LANGUAGE  # the site's language: of its own pages, and of lessons without language:

    @classmethod
    def at(cls, root: Path, lessons: str = "lessons", templates: str = "templates", docs: str | None = "docs",
           teacher_material: bool = True, language: str | None = None) -> Project:
        """The project in ``root``; without ``language``, the site's is ``theme.language`` in its mkdocs.yml, else English."""
        root = root.resolve()
        tdir = root / templates
        if not tdir.is_dir() and templates == "templates":
            tdir = TEMPLATES_DIR
        return cls(root, root / lessons, tdir, (root / docs) if docs else None, teacher_material,
                   project_language(root, language))


@dataclass
class BuiltLesson:
    """One lesson built: its spec, article and callouts, its page and the files published beside it.

    ``page``, ``files`` and ``handouts`` are None once written out (see :meth:`write_out`).
    """

    spec: LessonSpec
    article: Article
    callouts: Callouts
    page: str | None
    files: dict[str, str] | None  # by path under ``lessons/``: ``<slug>/annotations.jsonld``, ``<slug>/article.txt``
    handouts: dict[str, str] | None = None  # ``<slug>/worksheet.md`` and (with teacher material) ``<slug>/answer-key.md``

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def sort_key(self) -> tuple[int, int, str]:
        lesson = self.spec.lesson
        return (lesson.order if lesson.order is not None else 1_000_000, LEVEL_RANK[lesson.level], lesson.title.lower())

    def outputs(self) -> dict[str, str]:
        """The page and the files beside it, by path in the site."""
        if self.page is None or self.files is None:
            raise ValueError(f"the files of lesson {self.slug} were already written out")
        beside = {**self.files, **(self.handouts or {})}
        return {f"lessons/{self.slug}.md": self.page, **{f"lessons/{rel}": text for rel, text in beside.items()}}

    def write_out(self, out: Path) -> None:
        """Write :meth:`outputs` under ``out`` and let go of them: a large course is never held in memory whole."""
        write_files(self.outputs(), out)
        self.page = None
        self.files = None
        self.handouts = None


def discover(lessons_dir: Path, collect: list[Problem] | None = None) -> list[Path]:
    """Paths of every ``lesson.yml``, in folder order; folders without one are an error.

    With ``collect``, problems are appended to it instead of raised.
    """
    problems: list[Problem] = [] if collect is None else collect
    try:
        folders = sorted(p for p in lessons_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    except OSError as exc:
        missing = not lessons_dir.exists()
        problems.append(Problem("lessons folder does not exist" if missing else
                                "lessons path is not a folder" if not lessons_dir.is_dir() else
                                f"cannot read the lessons folder: {exc.strerror}", str(lessons_dir),
                                hint="create it, or pass --lessons / set lessons_dir to the right folder"))
        if collect is None:
            raise MedialitError(problems=problems) from None
        return []
    specs = []
    for folder in folders:
        spec = folder / SPEC_FILE
        if spec.exists() or spec.is_symlink():  # load_spec says what is wrong with one that is not a plain file
            specs.append(spec)
        else:
            problems.append(Problem(f"lesson folder has no {SPEC_FILE}", str(folder),
                                    hint=f"add {SPEC_FILE} (medialit new {folder.name} --article FILE makes one), or rename the folder to start with '_' to skip it"))
    if problems and collect is None:
        raise MedialitError(problems=problems)
    return specs


def build_lesson(spec_path: Path, renderer: Renderer, teacher: bool = True, site_language: str = DEFAULT_LANGUAGE) -> BuiltLesson:
    """One lesson from its ``lesson.yml``: the page and the files beside it."""
    spec = load_spec(spec_path, site_language)
    article = load_article(spec.article_path)
    callouts = build_callouts(spec, article)
    tr = translations(spec.language)
    view = lesson_view(article, callouts, {c: info.label for c, info in renderer.categories(spec.language).items()}, tr)
    page = renderer.lesson_page(spec, article, callouts, practice=view.practice, key=view.key, lanes=view.lanes,
                                sources=ledger(spec, article, callouts, tr), teacher=teacher)
    files = w3c_files(spec.slug, spec.lesson.title, article.text, callouts.items)
    handouts = handout_pages(renderer, spec, article, callouts, teacher)  # the worksheet and (for teachers) the answer key
    return BuiltLesson(spec, article, callouts, page, files, handouts)
