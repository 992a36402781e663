"""The print-first pages beside a lesson page: the worksheet and the answer key.

``lessons/<slug>/worksheet.md`` is for students: the headline, the article
with its paragraphs numbered, the task, and the questions and exit ticket
with room to write; no callout, note or answer. ``lessons/<slug>/answer-key.md``
is for the teacher: the same article with the callouts highlighted and
numbered, every callout's note, the model answers and the exit ticket's
answer; a student-only site has none. Both fit one or two A4 or Letter
pages for a 600-word article (see ``templates/worksheet.md.j2``,
``templates/answer-key.md.j2`` and the print rules of ``assets/medialit.css``);
``medialit handouts`` prints them to PDF (:mod:`generator.tools.handouts`).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from generator.article import Article, Block
from generator.callouts import Callouts
from generator.render.page import Renderer, render_block
from generator.safety import markdown as safemd
from generator.spec.lesson import LessonSpec

WORKSHEET = "worksheet"  # lessons/<slug>/worksheet.md
ANSWER_KEY = "answer-key"  # lessons/<slug>/answer-key.md
HANDOUTS = (WORKSHEET, ANSWER_KEY)


def numbered_article(article: Article, body: Callable[[Block], str]) -> Markup:
    """The article as one HTML block, each paragraph with its number (headings inside the article are not numbered).

    ``body`` gives a block's inner markup. One block of HTML, with no blank
    line, so Markdown leaves it as it is.
    """
    parts = []
    n = 0
    for block in article.blocks:
        inner = body(block)
        if block.kind.startswith("h"):
            parts.append(f'<p class="ml-sheet-h">{inner}</p>')
            continue
        n += 1
        kind = f" ml-para--{block.kind}" if block.kind != "p" else ""
        parts.append(f'<p class="ml-para{kind}"><span class="ml-para-n">{n}</span> {inner}</p>')
    return Markup('<div class="ml-sheet-article">\n' + "\n".join(parts) + "\n</div>")


def plain_article(article: Article) -> Markup:
    """The article with numbered paragraphs and nothing marked: for the worksheet."""
    text = article.text
    return numbered_article(article, lambda b: safemd.text(" ".join(text[s:e] for s, e in b.segments)))


def annotated_article(article: Article, callouts: Callouts) -> Markup:
    """The article with numbered paragraphs and numbered highlights: for the answer key."""
    return numbered_article(article, lambda b: render_block(article, b, callouts.items))


def handout_pages(renderer: Renderer, spec: LessonSpec, article: Article, callouts: Callouts,
                  teacher: bool = True) -> dict[str, str]:
    """The worksheet, and with ``teacher`` the answer key, by path under ``lessons/``."""
    common = {"spec": spec, "lesson": spec.lesson, "slug": spec.slug, "callouts": callouts.items,
              "counts": callouts.counts()}
    pages = {f"{spec.slug}/{WORKSHEET}.md": renderer.render("worksheet.md.j2", lang=spec.language,
                                                            article_html=plain_article(article), **common)}
    if teacher:
        pages[f"{spec.slug}/{ANSWER_KEY}.md"] = renderer.render("answer-key.md.j2", lang=spec.language,
                                                                article_html=annotated_article(article, callouts), **common)
    return pages
