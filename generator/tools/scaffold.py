"""``medialit new SLUG --article PATH``: a new lesson folder, ready to fill in.

The article is checked (encoding, characters, blocks) and copied, less its
headline line when it starts with one (the headline goes into
``article.headline``, and the page shows it above the article: kept in the body,
it would show twice); ``lesson.yml`` is written with comments, a ``yaml-language-server``
line so editors validate it against ``schemas/lesson.schema.json``, TODO
placeholders for what only the author knows (``medialit check`` warns until
they are filled), and the detector's findings written in as annotations to
review by :mod:`generator.tools.suggest` (the formatting ``medialit suggest`` uses).
The fresh lesson passes ``medialit check`` with warnings only, and its
``lesson.lock.json`` is recorded.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tempfile
from pathlib import Path

from generator.article import Article, load_article
from generator.errors import MedialitError
from generator.safety.text import write_text_file
from generator.spec.lesson import SCHEMA_FILE, SLUG_RE, SPEC_FILE
from generator.tools.suggest import suggest

SCHEMA_LINE = f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"  # lessons/<slug>/lesson.yml
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def headline(article: Article) -> str | None:
    """The article's own headline, when it shows one: front matter title, a first heading, or a short first line."""
    if article.front_matter.get("title"):
        return article.front_matter["title"].strip()
    first = article.blocks[0]
    text = article.block_text(first)
    if first.kind.startswith("h") or (first.kind == "p" and len(text.split()) <= 15 and not re.search(r"[.!?:\"”’]$", text)):
        return " ".join(text.split())
    return None


def without_headline(article: Article) -> str:
    """The article's text without the headline line it starts with (see :func:`headline`), everything else as it was.

    Front matter stays; an article of one block keeps it (it is then the whole article, not a headline).
    """
    head = headline(article)
    first = article.blocks[0]
    if head is None or len(article.blocks) < 2 or " ".join(article.block_text(first).split()) != head:
        return article.text
    text = article.text
    start = text.rfind("\n", 0, first.start) + 1  # the start of the headline's line ("# " of a Markdown heading included)
    rest = article.blocks[1].start
    rest = text.rfind("\n", 0, rest) + 1  # the start of the next block's line (a list item's "- " included)
    return text[:start] + text[rest:]


def lesson_yaml(slug: str, article: Article, file: str, today: datetime.date) -> str:
    head = headline(article)
    date = article.front_matter.get("date", "").strip()
    date_line = (f"  date: {_q(date)}" if _DATE.match(date)
                 else f"  date: {_q(today.isoformat())}".ljust(27) + "# TODO: the date the article was published")
    lines = [
        SCHEMA_LINE,
        f"# The lesson {slug!r}, made by `medialit new`. docs/spec.md explains every field.",
        f"# Replace every placeholder, then run `medialit check lessons/{slug}` until it reports no warnings.",
        "",
        "title: \"TODO: a title that says what students will practise\"",
        "summary: \"TODO: one or two sentences on what students will practise.\"",
        "level: \"9-12\"              # grade band: \"6-8\", \"9-12\" or \"college\"",
        "duration: 45               # minutes of class time (5-600)",
        "objectives:                # at least one, each starting with a verb",
        "  - \"TODO: Identify the phrases that ...\"",
        "tags: []                   # optional, e.g. [health, social media]",
        "",
        "article:",
        f"  file: {file}".ljust(27) + "# copied here by `medialit new`",
        f"  headline: {_q(head)}" if head else "  headline: \"TODO: the headline as published\"",
        "  outlet: \"TODO: the publication's name, or fictional\"",
        "  author: \"TODO: the byline, or fictional\"",
        date_line,
        "  # url: https://example.org/the-original   # for a published article: where readers can find it",
        "  license: \"TODO: the terms you may use it under, e.g. CC BY 4.0, public domain, used with permission\"",
        "  attribution: \"TODO: the credit line shown under the article\"",
        "",
        "questions:",
        "  - question: \"TODO: a question students discuss\"",
        "    answer: \"TODO: a model answer for the teacher\"",
        "teacher_notes: \"TODO: timing, pitfalls and extensions for the teacher.\"",
        "",
        "detect: true               # the detector marks the cues it finds on the page",
        "# annotations: your callouts. `medialit new` lists the detector's findings here, each marked",
        "# '# suggested by medialit: review'. Keep one by deleting that comment line (rewrite its note in your",
        "# own words if you like), or delete the entry; to hide a finding that is not a problem here, list it",
        "# under suppress: with its quote and a reason.",
        "annotations: []",
        "suppress: []",
    ]
    return "\n".join(lines) + "\n"


def create(lessons_dir: Path, slug: str, article_path: Path, today: datetime.date | None = None) -> Path:
    """Make ``lessons_dir/slug/`` with the article and a lesson.yml; return the lesson.yml path."""
    if not SLUG_RE.match(slug) or slug == "index":
        raise MedialitError(f"{slug!r} is not a usable slug", hint="use lowercase words joined by hyphens, e.g. 'vaccine-rumour'")
    folder = lessons_dir / slug
    taken = [p.name for p in lessons_dir.iterdir() if p.name.casefold() == slug.casefold()] if lessons_dir.is_dir() else []
    if taken:
        raise MedialitError(f"lesson {taken[0]!r} already exists", lessons_dir / taken[0],
                            hint="pick another slug, or edit the existing lesson")
    if article_path.suffix not in (".txt", ".md"):
        raise MedialitError("the article must be a .txt or .md file", article_path,
                            hint="save the article as plain text (.txt) or Markdown (.md)")
    article = load_article(article_path)  # checks size, encoding and characters with file:line:col
    file = "article" + article_path.suffix
    lessons_dir.mkdir(parents=True, exist_ok=True)
    parent = Path(tempfile.mkdtemp(prefix=f".new-{slug}.", dir=lessons_dir))  # skipped by discover: starts with '.'
    tmp = parent / slug
    try:
        tmp.mkdir()
        # the text checked (strict UTF-8), not the file read again
        write_text_file(tmp / file, without_headline(article), "article")
        write_text_file(tmp / SPEC_FILE, lesson_yaml(slug, article, file, today or datetime.date.today()), "lesson spec")
        suggest(tmp)  # the detector's findings, as annotations to review
        tmp.rename(folder)
    except OSError as exc:
        raise MedialitError(f"cannot create the lesson: {exc.strerror}", exc.filename or folder,
                            hint="check that the lessons folder is writable") from None
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    return folder / SPEC_FILE
