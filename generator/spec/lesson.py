"""Stage 1 — the lesson spec: ``lessons/<slug>/lesson.yml`` read into a typed model.

The dataclasses below are the format's single definition: the loader, the
JSON Schema (``schemas/lesson.schema.json``) and docs/spec.md all follow them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import MedialitError, Problem
from generator.safety.text import read_text_file
from generator.safety.yamlsafe import compose
from generator.spec import SPEC_FILE as SPEC_FILE  # re-exported: the name every layer imports from here
from generator.spec.language import DEFAULT_LANGUAGE, TAG_HINT, TAG_PATTERN
from generator.spec.model import Model, doc, json_schema, load
from generator.spec.vocabulary import CATEGORIES as CATEGORIES  # re-exported: the rule loader imports it from here
from generator.spec.vocabulary import Category as Category
from generator.spec.vocabulary import Level

SCHEMA_FILE = "schemas/lesson.schema.json"  # the committed JSON Schema, relative to the project folder
SCHEMA_ID = "https://raw.githubusercontent.com/medialit-lessons/medialit-lessons/main/schemas/lesson.schema.json"
MAX_SPEC_BYTES = 256 * 1024
SPEC_VERSION = 1
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ArticleMeta(Model):
    """Where the article comes from and under which terms it may be used."""

    file: str = field(metadata=doc("Article file name inside the lesson folder (.txt or .md).", examples=["article.txt", "article.md"]))
    headline: str = field(metadata=doc("The article's headline as published.", examples=["Town to close all three pools, sources say"]))
    outlet: str = field(metadata=doc("Publication name, or 'fictional' for practice material.", examples=["fictional", "The Riverton Courier"]))
    author: str = field(metadata=doc("Author or byline, or 'fictional'.", examples=["fictional", "Dana Ortiz"]))
    date: str = field(metadata=doc("Publication date, YYYY-MM-DD.", examples=["2025-07-16"], pattern=r"^\d{4}-\d{2}-\d{2}$", hint="write the date as YYYY-MM-DD, e.g. 2025-07-16"))
    license: str = field(metadata=doc("Licence under which the article is used, e.g. 'CC BY 4.0', 'public domain', or a note that it is fictional practice material.",
                                                 examples=["CC BY 4.0", "Fictional practice article written for this course; CC0 1.0."]))
    attribution: str = field(metadata=doc("Attribution line shown under the article.", examples=["Fictional practice article, written in the style of a local news site."]))
    url: str | None = field(default=None, metadata=doc("Source URL (http or https), when the article was published.", examples=["https://example.org/news/pools"], pattern=r'^https?://[^\s<>"]+$', hint="give a full http:// or https:// address, or leave url out"))


@dataclass
class Annotation(Model):
    """A hand-written callout, anchored to the article by a quote."""

    quote: str = field(metadata=doc("Exact text of the span in the article (line breaks may be written as spaces).", examples=["according to people familiar with the plan"]))
    category: Category = field(metadata=doc("Callout category."))
    note: str = field(metadata=doc("What students should notice: why it matters, what to ask, how to check. Safe Markdown: emphasis, code, http(s) links.",
                                   examples=["Who are these people, and how would they know? Look for a named council member or a document."]))
    prefix: str | None = field(default=None, metadata=doc("Text just before the quote, to pick one of several occurrences."))
    suffix: str | None = field(default=None, metadata=doc("Text just after the quote, to pick one of several occurrences."))
    occurrence: int | None = field(default=None, metadata=doc("Which occurrence of the quote (1 = first).", min=1, max=10_000))


@dataclass
class Suppression(Model):
    """A detected finding the teacher has reviewed and silenced."""

    quote: str = field(metadata=doc("Text of the detected span to silence."))
    reason: str = field(metadata=doc("Why this is not a problem here (kept for reviewers).", examples=["A measured value with a named source, not hype."]))
    category: Category | None = field(default=None, metadata=doc("Only silence findings of this category."))
    prefix: str | None = field(default=None, metadata=doc("Text just before the quote."))
    suffix: str | None = field(default=None, metadata=doc("Text just after the quote."))
    occurrence: int | None = field(default=None, metadata=doc("Which occurrence of the quote (1 = first).", min=1, max=10_000))


@dataclass
class Source(Model):
    """A line of the sourcing ledger written by the teacher: who the article cites at a quote, and whether a reader could check."""

    quote: str = field(metadata=doc("Exact text of the attribution in the article, e.g. 'Rutte said'."))
    who: str = field(metadata=doc("Who is cited, in plain words, e.g. 'NATO Secretary-General Mark Rutte'."))
    named: bool = field(metadata=doc("true when the article names the source, false when it does not."))
    how: str | None = field(default=None, metadata=doc("How the source would know, as the article tells it (default: worked out from the quote)."))
    check: str | None = field(default=None, metadata=doc("Whether and how a reader could check (default: a sentence for named or unnamed sources)."))
    prefix: str | None = field(default=None, metadata=doc("Text just before the quote."))
    suffix: str | None = field(default=None, metadata=doc("Text just after the quote."))
    occurrence: int | None = field(default=None, metadata=doc("Which occurrence of the quote (1 = first).", min=1, max=10_000))


@dataclass
class Question(Model):
    """A discussion question with its model answer."""

    question: str = field(metadata=doc("The question students discuss."))
    answer: str = field(metadata=doc("A model answer for the teacher (collapsed on the page)."))


@dataclass
class Lesson(Model):
    """A media-literacy lesson: an article, its callouts and the teaching around it."""

    title: str = field(metadata=doc("Lesson title.", examples=["Three pools, zero names: a budget rumour"]))
    summary: str = field(metadata=doc("One or two sentences on what students will practise.", examples=["Students separate what a short local report confirms from what it only repeats."]))
    level: Level = field(metadata=doc("Grade band."))
    duration: int = field(metadata=doc("Class time in minutes.", min=5, max=600, examples=[45]))
    objectives: list[str] = field(metadata=doc("Learning objectives, each starting with a verb.", min_items=1, examples=[["Identify who the article says the information comes from."]]))
    article: ArticleMeta = field(metadata=doc("The article and its provenance."))
    questions: list[Question] = field(metadata=doc("Discussion questions with answers.", min_items=1))
    teacher_notes: str = field(metadata=doc("Notes for the teacher: timing, pitfalls, extensions."))
    spec: int = field(default=SPEC_VERSION, metadata=doc("Spec format version.", min=1, max=SPEC_VERSION))
    language: str | None = field(default=None, metadata=doc(
        "Language of the lesson, a BCP 47 tag such as 'en', 'es' or 'es-MX': it picks the page's interface strings and "
        "the detection rules. Default: the site's theme.language in mkdocs.yml, else 'en'.",
        pattern=TAG_PATTERN, hint=TAG_HINT))
    tags: list[str] = field(default_factory=list, metadata=doc("Free tags, e.g. topics.", examples=[["local news", "health"]]))
    standards: list[str] = field(default_factory=list, metadata=doc("Standards alignment, e.g. CCSS.ELA-LITERACY.RI.9-10.8.", examples=[["CCSS.ELA-LITERACY.RI.9-10.8"]]))
    warm_up: str | None = field(default=None, metadata=doc("A short opening activity."))
    exit_ticket: str | None = field(default=None, metadata=doc("A closing check for understanding."))
    exit_ticket_answer: str | None = field(default=None, metadata=doc(
        "What a good answer to the exit ticket says, for the teacher: on the answer key and folded on the lesson page, "
        "never on the worksheet.",
        examples=["The headline's 'sources say' gives no name; a reader would look for the council's own statement."]))
    detect: bool = field(default=True, metadata=doc("Run automatic detection and merge its findings."))
    annotations: list[Annotation] = field(default_factory=list, metadata=doc("Hand-written callouts."))
    suppress: list[Suppression] = field(default_factory=list, metadata=doc("Detected findings to silence."))
    order: int | None = field(default=None, metadata=doc("Position in the course path (lower comes first).", min=0, max=100_000, examples=[10]))
    sources: list[Source] = field(default_factory=list, metadata=doc("Optional sourcing-ledger entries for the Sources view; detected attributions are listed without them."))


@dataclass
class LessonSpec:
    """A loaded spec with where it came from."""

    slug: str
    folder: Path
    path: Path
    lesson: Lesson
    site_language: str = DEFAULT_LANGUAGE  # the site's default, for a lesson without language:

    @property
    def article_path(self) -> Path:
        return self.folder / self.lesson.article.file

    @property
    def language(self) -> str:
        """The lesson's language: its own ``language:``, else the site's (see :mod:`generator.spec.language`)."""
        return self.lesson.language or self.site_language


def leads_outside(target: Path, folder: Path) -> bool:
    """True when ``target`` resolves (through links) outside ``folder``, or cannot be resolved at all."""
    try:
        return not target.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):
        return True


def load_spec(path: Path, site_language: str = DEFAULT_LANGUAGE) -> LessonSpec:
    """Load and validate ``lesson.yml`` at ``path``; ``site_language`` is the language of a lesson without ``language:``."""
    folder = path.parent
    linked = path.is_symlink() or folder.is_symlink()
    if linked and (leads_outside(folder, folder.parent) or leads_outside(path, folder)):
        raise MedialitError("lesson spec is a link (or in a linked folder) that leads outside the lessons folder, or nowhere",
                            path, hint="copy the lesson into the lessons folder instead of linking to it")
    text = read_text_file(path, "lesson spec", MAX_SPEC_BYTES)
    lesson = load(Lesson, compose(text, path, "lesson spec"), path)
    slug = folder.name
    problems: list[Problem] = []
    if not SLUG_RE.match(slug):
        problems.append(Problem(f"lesson folder name {slug!r} is not a valid slug", str(path), hint="rename the folder to lowercase words joined by hyphens, e.g. 'vaccine-rumour'"))
    problems += article_path_problems(lesson.article, folder, path)
    if problems:
        raise MedialitError(problems=problems)
    return LessonSpec(slug, folder, path, lesson, site_language)


def article_path_problems(meta: ArticleMeta, folder: Path, spec_path: Path) -> list[Problem]:
    line, col = meta.mark("file")
    name = meta.file

    def bad(message: str, hint: str) -> list[Problem]:
        return [Problem(message, str(spec_path), line, col, hint)]

    if Path(name).is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return bad(f"article.file {name!r} is an absolute path", "give a file name inside the lesson folder, e.g. 'article.txt'")
    if ".." in Path(name).parts or "\\" in name:
        return bad(f"article.file {name!r} leaves the lesson folder", "put the article inside the lesson folder and give its name")
    if Path(name).suffix not in (".txt", ".md"):
        return bad(f"article.file {name!r} must end in .txt or .md", "save the article as plain text (.txt) or Markdown (.md)")
    target = folder / name
    try:
        present = target.exists() or target.is_symlink()
    except (OSError, ValueError) as exc:
        return bad(f"article.file {name!r} cannot be used: {getattr(exc, 'strerror', None) or exc}", "give a short file name")
    if not present:
        return bad(f"article file {name!r} does not exist", f"add {name} to {folder} or correct article.file")
    try:
        target.resolve(strict=True)
    except (OSError, RuntimeError):
        return bad(f"article.file {name!r} is a link that leads nowhere (broken, or a loop)", "replace the link with the article itself")
    if leads_outside(target, folder):
        return bad(f"article.file {name!r} is a link that leads outside the lesson folder", "copy the article into the lesson folder")
    if not target.is_file():
        return bad(f"article.file {name!r} is not a regular file", "point to a plain text file")
    return []


def lesson_schema() -> dict[str, object]:
    """The JSON Schema of ``lesson.yml``, from the same model :func:`load_spec` reads into."""
    return json_schema(Lesson, "Medialit lesson spec (lesson.yml)", SCHEMA_ID)


def schema_text() -> str:
    """:func:`lesson_schema` as the text committed in :data:`SCHEMA_FILE`."""
    return json.dumps(lesson_schema(), ensure_ascii=False, indent=2) + "\n"
