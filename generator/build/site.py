"""The pipeline end to end: every lesson folder → Markdown pages for the site.

This module is what the CLI and the MkDocs plugin share. It never imports
MkDocs: it returns pages as ``{relative path: text}`` and can write them,
with the hand-written ``docs/`` pages, into a folder any Material-compatible
builder can build.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.article import Article, load_article
from generator.build.cache import LessonCache
from generator.build.w3c import w3c_files
from generator.build.workers import build_lessons
from generator.callouts import Callouts, build_callouts
from generator.errors import MedialitError, Problem
from generator.render.ledger import ledger
from generator.render.page import Renderer
from generator.render.views import fill_markers, glossary_examples, lesson_view, units
from generator.resources import ASSETS_DIR, TEMPLATES_DIR
from generator.spec.lesson import CATEGORIES, SPEC_FILE, LessonSpec, load_spec

LEVEL_RANK = {"6-8": 0, "9-12": 1, "college": 2}


@dataclass
class Project:
    """Where a course's inputs live."""

    root: Path
    lessons_dir: Path
    templates_dir: Path
    docs_dir: Path | None = None
    teacher_material: bool = True  # False: a student-only site, without teacher notes, warm-ups and model answers

    @classmethod
    def at(cls, root: Path, lessons: str = "lessons", templates: str = "templates", docs: str | None = "docs",
           teacher_material: bool = True) -> Project:
        root = root.resolve()
        tdir = root / templates
        if not tdir.is_dir() and templates == "templates":
            tdir = TEMPLATES_DIR
        return cls(root, root / lessons, tdir, (root / docs) if docs else None, teacher_material)


@dataclass
class BuiltLesson:
    spec: LessonSpec
    article: Article
    callouts: Callouts
    page: str | None  # None once the lesson's files are written out (see build_site's ``out``)

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def sort_key(self) -> tuple[int, int, str]:
        lesson = self.spec.lesson
        return (lesson.order if lesson.order is not None else 1_000_000, LEVEL_RANK[lesson.level], lesson.title.lower())

    @cached_property
    def files(self) -> dict[str, str]:
        """Files published beside the page, by path under ``lessons/``: worked out once, then cached with the lesson."""
        return w3c_files(self)

    def outputs(self) -> dict[str, str]:
        """The page and the files beside it, by path in the site."""
        if self.page is None:
            raise ValueError(f"the files of lesson {self.slug} were already written out")
        return {f"lessons/{self.slug}.md": self.page, **{f"lessons/{rel}": text for rel, text in self.files.items()}}

    def write_out(self, out: Path) -> None:
        """Write :meth:`outputs` under ``out`` and let go of them: a large course is never held in memory whole."""
        write_files(self.outputs(), out)
        self.page = None
        self.__dict__.pop("files", None)


@dataclass
class Site:
    lessons: list[BuiltLesson] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)


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


def build_lesson(spec_path: Path, renderer: Renderer, teacher: bool = True) -> BuiltLesson:
    spec = load_spec(spec_path)
    article = load_article(spec.article_path)
    callouts = build_callouts(spec, article)
    view = lesson_view(article, callouts, {c: info.label for c, info in renderer.categories.items()})
    page = renderer.lesson_page(spec, article, callouts, practice=view.practice, key=view.key, lanes=view.lanes,
                                sources=ledger(spec, article, callouts), teacher=teacher)
    return BuiltLesson(spec, article, callouts, page)


def build_site(project: Project, progress: Callable[[int, int, str], None] | None = None,
               cache: LessonCache[BuiltLesson] | None = None, out: Path | None = None) -> Site:
    """Build every lesson; raise one MedialitError listing the problems of all lessons.

    With ``cache`` (see :mod:`generator.build.cache`), lessons whose files, templates
    and settings are unchanged since an earlier build are reused, not rebuilt;
    a large course is built on several processor cores (:mod:`generator.build.workers`).
    With ``out`` (a folder, as :func:`output_folder` gives), each lesson's files
    are written there as soon as it is built, by the process that built it, and
    are not in ``pages``: only the course pages are.
    """
    if out is not None and cache is not None:
        raise ValueError("a build that writes lessons out as it goes keeps no cache")
    renderer = Renderer(project.templates_dir)
    site = Site()
    site.lessons, problems = build_lessons(project, renderer, discover(project.lessons_dir), cache, progress, out)
    if problems:
        raise MedialitError(problems=problems)
    site.lessons.sort(key=lambda b: b.sort_key)
    for b in site.lessons:
        if b.page is not None:
            site.pages.update(b.outputs())  # the page, its W3C annotations and the raw article
    course = units(site.lessons)
    site.pages["lessons/index.md"] = renderer.render("lessons-index.md.j2", lessons=site.lessons, units=course)
    named = [(b.slug, b.spec.lesson.title, b.callouts) for b in site.lessons]
    site.pages["glossary/index.md"] = renderer.render("glossary-index.md.j2", lessons=site.lessons)
    for cat in CATEGORIES:
        site.pages[f"glossary/{cat}.md"] = renderer.render("glossary.md.j2", category=cat, examples=glossary_examples(named, cat))
    for name in ("medialit.css", "medialit.js"):
        site.pages[f"assets/{name}"] = (ASSETS_DIR / name).read_text(encoding="utf-8")
    if project.docs_dir and project.docs_dir.is_dir():
        # hand-written pages may ask for generated parts, e.g. <!-- medialit:course-path --> on the home page
        site.pages |= fill_markers(project.docs_dir, lambda base: renderer.render("course-path.md.j2", units=course, base=base))
    return site


def _write_error(exc: OSError, where: Path | str) -> MedialitError:
    return MedialitError(f"cannot write output: {exc.strerror or exc}", where,
                         hint="check that the folder is writable, has room, and is not open in another program")


def write_files(pages: dict[str, str], root: Path) -> None:
    """Write ``pages`` (text by path) under ``root`` as UTF-8 with LF line ends."""
    for rel, text in sorted(pages.items()):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


@contextlib.contextmanager
def output_folder(out_dir: Path, docs_dir: Path | None, protect: tuple[Path, ...] = ()) -> Iterator[Path]:
    """A new folder, with the hand-written docs copied in, that replaces ``out_dir`` when the block ends without error.

    The new tree is built beside ``out_dir`` and swapped in with renames, so
    a failure (or an interruption) leaves the previous output as it was. An
    ``out_dir`` that holds the docs, the current folder or a ``protect``-ed
    folder is refused: replacing it would delete them.
    """
    out_dir = out_dir.resolve()
    _check_out_dir(out_dir, docs_dir, protect)
    tmp: Path | None = None
    try:
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
            if docs_dir and docs_dir.is_dir():
                shutil.copytree(docs_dir, tmp, dirs_exist_ok=True)
        except OSError as exc:
            raise _write_error(exc, exc.filename or out_dir) from None
        try:
            yield tmp
        except OSError as exc:  # writing into the new folder (here or in a worker process) failed
            name = Path(exc.filename) if exc.filename else tmp
            if not name.is_relative_to(tmp):
                raise  # not a write: the caller says what it was
            raise _write_error(exc, out_dir / name.relative_to(tmp) if name != tmp else out_dir) from None
        try:
            _swap_in(tmp, out_dir)
        except OSError as exc:
            raise _write_error(exc, exc.filename or out_dir) from None
        tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def write_pages(pages: dict[str, str], out_dir: Path, docs_dir: Path | None, protect: tuple[Path, ...] = ()) -> None:
    """Write hand-written docs plus generated pages into ``out_dir``, replacing it atomically (see :func:`output_folder`)."""
    with output_folder(out_dir, docs_dir, protect) as tmp:
        write_files(pages, tmp)


def _check_out_dir(out_dir: Path, docs_dir: Path | None, protect: tuple[Path, ...]) -> None:
    hint = "the output folder is replaced as a whole; give a folder of its own, e.g. build/docs"
    if out_dir.exists() and not out_dir.is_dir():
        raise MedialitError("output path exists and is not a folder", out_dir, hint=hint)
    for parent in out_dir.parents:
        if parent.exists() and not parent.is_dir():
            raise MedialitError("output folder would be inside a file", parent, hint=hint)
    keep = [*protect, *([docs_dir] if docs_dir else [])]
    with contextlib.suppress(OSError):
        keep.append(Path.cwd())
    for folder in keep:
        if folder.resolve().is_relative_to(out_dir):
            raise MedialitError(f"output folder would replace {folder.resolve()}", out_dir, hint=hint)
    if docs_dir and out_dir.is_relative_to(docs_dir.resolve()):
        raise MedialitError(f"output folder is inside the docs folder {docs_dir.resolve()}", out_dir, hint=hint)


def _swap_in(new: Path, out_dir: Path) -> None:
    """Put ``new`` in place of ``out_dir``; if that fails, ``out_dir`` is left as it was."""
    if not out_dir.exists():
        new.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    out_dir.rename(old)
    try:
        new.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
