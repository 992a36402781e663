"""View data for a lesson page: the practice copy, its answer key, the callout strip, the glossary.

The lesson page shows the article three ways (see ``templates/lesson.md.j2``):
*Read it first* — the plain article, every word wrapped so the practice
script can tell which words a student picked; *Annotated* — highlights and
callouts (:mod:`generator.render.page`); *Sources* — the sourcing ledger
(:mod:`generator.render.ledger`). This module computes what the first view and the
visual summary need. Words are numbered in reading order, and the answer key
refers to words by number, so the page never has to map offsets in the browser.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from markupsafe import Markup

from generator.article import Article, Block
from generator.callouts import Callout, Callouts
from generator.render.page import blocks_markdown
from generator.safety import markdown as safemd
from generator.safety.text import read_text_file
from generator.spec.lesson import LessonSpec
from generator.spec.vocabulary import CATEGORY_TERMS

_TOKEN = re.compile(r"\S+")
# Longest pick the practice accepts, in words: a pick is a phrase, not a paragraph.
MAX_PICK_WORDS = 15


@lru_cache(maxsize=1 << 16)
def _word_span(word: str) -> str:
    return f'<span class="ml-w">{safemd.text(word)}</span>'  # words repeat a lot: escape each once


@dataclass
class Practice:
    """The practice copy and where its words are: word *i* is ``text[starts[i]:ends[i]]``, numbered in reading order."""

    markdown: Markup
    starts: list[int]
    ends: list[int]


def practice(article: Article) -> Practice:
    """The plain article with each white-space separated word in a ``<span class="ml-w">``: no highlight, no category."""
    starts: list[int] = []
    ends: list[int] = []
    text = article.text

    def body(block: Block) -> str:
        spans = [m.span() for s, e in block.segments for m in _TOKEN.finditer(text, s, e)]
        starts.extend([a for a, _ in spans])
        ends.extend([b for _, b in spans])
        return " ".join([_word_span(text[a:b]) for a, b in spans])

    return Practice(blocks_markdown(article, body), starts, ends)


def answer_key(callouts: Iterable[Callout], words: Practice, labels: dict[str, str]) -> dict[str, object]:
    """The callouts as word ranges (first and last word each overlaps), for scoring picks in the browser."""
    key = []
    for c in callouts:
        first = bisect_right(words.ends, c.start)  # the first word that ends after the callout starts
        last = bisect_left(words.starts, c.end) - 1  # the last word that starts before it ends
        key.append({"n": c.number, "category": c.category, "first": first, "last": last,
                    "text": " ".join(c.text.split())})
    return {"categories": labels, "maxWords": MAX_PICK_WORDS, "words": len(words.starts), "key": key}


def attr_json(data: object) -> Markup:
    """JSON for a double-quoted HTML attribute.

    Not a ``<script type="application/json">``: Material's instant navigation
    re-creates every script in the content as JavaScript and would run it.
    """
    return safemd.attr(json.dumps(data, ensure_ascii=True, separators=(",", ":")))


@dataclass(frozen=True)
class StripMark:
    callout: Callout
    percent: int  # how far through the article body, for the text alternative
    x: float  # position in the strip, in percent of its width (kept off the edges)


def strip_marks(article: Article, callouts: Iterable[Callout]) -> list[StripMark]:
    """Where each callout falls, as a share of the article body."""
    lo, hi = article.blocks[0].start, article.blocks[-1].end
    span = max(1, hi - lo)
    return [StripMark(c, round(100 * (c.start - lo) / span), round(1.5 + 97 * (c.start - lo) / span, 2)) for c in callouts]


def _shape(kind: str, r: float = 6.0) -> str:
    """A mark centred on (0, 0)."""
    if kind == "circle":
        return f'<circle r="{r}"/>'
    if kind == "triangle":
        return f'<path d="M0 {-r}L{r} {r}H{-r}Z"/>'
    return f'<rect x="{-r + 1}" y="{-r + 1}" width="{2 * r - 2}" height="{2 * r - 2}"/>'


@dataclass(frozen=True)
class Lane:
    """One category's row of the strip: an SVG image and its text alternative."""

    category: str
    count: int
    svg: Markup


def strip_lanes(article: Article, callouts: Callouts, labels: dict[str, str], tr: NullTranslations) -> list[Lane]:
    """Per category, an inline SVG with a mark where each callout falls along the article.

    Each mark has the category's own shape, so the lanes differ by more than colour;
    each SVG is ``role="img"`` with a label, in the language of ``tr``, that lists the callouts and their positions.
    """
    height = 20
    marks = strip_marks(article, callouts.items)
    lanes = []
    for term in CATEGORY_TERMS:
        cat = term.id
        mine = [m for m in marks if m.callout.category == cat]
        where = ", ".join(tr.gettext("callout %(n)s at %(percent)s%%") % {"n": m.callout.number, "percent": m.percent}
                          for m in mine)
        alt = (tr.ngettext("%(label)s: %(n)s callout: %(where)s of the way through the article.",
                           "%(label)s: %(n)s callouts: %(where)s of the way through the article.", len(mine)) if mine
               else tr.ngettext("%(label)s: %(n)s callout.", "%(label)s: %(n)s callouts.", 0)) % {"label": labels[cat], "n": len(mine), "where": where}
        shapes = "".join(f'<svg x="{m.x}%" y="{height // 2}" overflow="visible">{_shape(term.shape)}</svg>' for m in mine)
        svg = (f'<svg class="ml-strip ml-strip--{cat}" role="img" aria-label="{safemd.attr(alt)}" width="100%" height="{height}">'
               f'<line class="ml-strip-axis" x1="0" y1="{height // 2}" x2="100%" y2="{height // 2}"/>{shapes}</svg>')
        lanes.append(Lane(cat, len(mine), Markup(svg)))
    return lanes


@dataclass
class LessonView:
    practice: Markup
    key: Markup
    lanes: list[Lane]


def lesson_view(article: Article, callouts: Callouts, labels: dict[str, str], tr: NullTranslations) -> LessonView:
    """The practice copy, its answer key and the callout strip; ``labels`` and ``tr`` are in the lesson's language."""
    words = practice(article)
    return LessonView(words.markdown, attr_json(answer_key(callouts.items, words, labels)),
                      strip_lanes(article, callouts, labels, tr))


@dataclass(frozen=True)
class Example:
    slug: str
    title: str
    callout: Callout


def glossary_examples(lessons: Iterable[tuple[str, str, Callouts]], category: str) -> list[Example]:
    """Every callout of ``category`` across the course, lessons in the order given."""
    return [Example(slug, title, c) for slug, title, callouts in lessons for c in callouts.items if c.category == category]


class CourseLesson(Protocol):
    """What the course path needs of a lesson: its spec (a built lesson has more, which the templates use)."""

    @property
    def spec(self) -> LessonSpec: ...


L = TypeVar("L", bound=CourseLesson)


@dataclass
class Unit(Generic[L]):
    """A step of the course path: a unit named in ``course.yml``, or (without one) a run of lessons of one level."""

    number: int
    level: str  # of its first lesson: what names a unit that has no title
    lessons: list[L]
    title: str = ""  # from course.yml

    @property
    def minutes(self) -> int:
        return sum(b.spec.lesson.duration for b in self.lessons)


def units(lessons: Sequence[L]) -> list[Unit[L]]:
    """The course path of a site without ``course.yml``: lessons in course order, in units where the level changes."""
    out: list[Unit[L]] = []
    for b in lessons:
        level = b.spec.lesson.level
        if not out or out[-1].level != level:
            out.append(Unit(len(out) + 1, level, []))
        out[-1].lessons.append(b)
    return out


def named_units(plan: Sequence[tuple[str, Sequence[str]]], by_slug: dict[str, L]) -> list[Unit[L]]:
    """The course path of ``course.yml``: its units in order, with the lessons they list (empty units left out)."""
    out: list[Unit[L]] = []
    for title, slugs in plan:
        lessons = [by_slug[s] for s in slugs if s in by_slug]
        if lessons:
            out.append(Unit(len(out) + 1, lessons[0].spec.lesson.level, lessons, title))
    return out


MARKER = "<!-- medialit:course-path -->"
HANDOUTS_MARKER = "<!-- medialit:handouts -->"  # every lesson's worksheet and answer key, for the teachers' pages
# Hand-written pages under docs/teachers/ are for teachers: a student-only site leaves them out.
TEACHER_PAGES = "teachers/"
# The site's menu: the course first (home, lessons, glossary), other pages after it, the teachers' section last.
_MENU = ("index.md", "lessons/", "glossary/")


def menu_rank(path: str) -> int:
    """Where a top-level menu entry whose first page is at ``path`` (below the docs folder) goes."""
    if path.startswith(TEACHER_PAGES):
        return len(_MENU) + 1
    return next((i for i, start in enumerate(_MENU) if path == start or (start.endswith("/") and path.startswith(start))), len(_MENU))


def fill_markers(docs_dir: Path, parts: dict[str, Callable[[str], str]]) -> dict[str, str]:
    """Hand-written pages that contain a marker of ``parts``, with each marker replaced by its part.

    ``parts[marker](base)`` renders the part with links relative to the page
    (``base`` is ``"../"`` per folder level): :data:`MARKER` for the course path,
    :data:`HANDOUTS_MARKER` for the list of worksheets and answer keys.
    """
    pages = {}
    for path in sorted(docs_dir.rglob("*.md")):
        text = read_text_file(path, "page", 1024 * 1024)
        found = [marker for marker in parts if marker in text]
        if found:
            rel = path.relative_to(docs_dir).as_posix()
            for marker in found:
                text = text.replace(marker, parts[marker]("../" * rel.count("/")))
            pages[rel] = text
    return pages
