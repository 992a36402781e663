"""Stage 6 — rendering: lesson pages as Markdown for mkdocs-material, through Jinja2.

The article is rendered here, in Python, because every character of it
must be escaped and every highlight placed at an exact offset; the page
around it is laid out by the templates in ``templates/``. Every ``{{ }}``
in a template is escaped by default (see ``_finalize``); only values that
are already safe (:class:`markupsafe.Markup`) pass unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.article import Article, Block
from generator.callouts import Callout, Callouts
from generator.detection.rules import load_rules
from generator.errors import MedialitError
from generator.render.i18n import install, translations
from generator.resources import ASSETS_DIR, TEMPLATES_DIR
from generator.safety import markdown as safemd
from generator.safety.text import read_text_file
from generator.spec.language import DEFAULT_LANGUAGE
from generator.spec.lesson import LessonSpec
from generator.spec.vocabulary import CATEGORY, LEVEL_NAMES


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return safemd.text(value)


def icon(category: str) -> Markup:
    svg = (ASSETS_DIR / "icons" / CATEGORY[category].icon).read_text(encoding="utf-8").strip()
    return Markup(svg)


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    label: str
    description: str
    icon: Markup
    questions: tuple[str, ...] = ()  # what a careful reader asks, one per rule (for the glossary)


@pass_context
def _level_name(context: Context, level: str) -> str:
    """A level's name in the language of the page being rendered."""
    return translations(context["lang"]).gettext(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level


def categories(language: str = DEFAULT_LANGUAGE) -> dict[str, CategoryInfo]:
    """Each category as pages in ``language`` show it, in course order: label (translated) and icon from the
    vocabulary, the rest from its rules."""
    rules = load_rules()
    tr = translations(language)
    return {c: CategoryInfo(c, tr.gettext(CATEGORY[c].label), rules[c].description, icon(c),
                            tuple(dict.fromkeys(r.question for r in rules[c].rules))) for c in CATEGORY}


def _open_tag(c: Callout) -> str:
    # the id is the place "callout N" links go to (the glossary, the sources, the practice results)
    return (f'<mark id="callout-{c.number}" class="ml-hl ml-hl--{c.category}" data-category="{c.category}" '
            f'data-callout="{c.number}" data-origin="{c.origin}">')


def render_block(article: Article, block: Block, callouts: list[Callout]) -> str:
    """One article block with its callouts as nested ``<mark>`` elements and (n) markers."""
    inside = sorted((c for c in callouts if block.start <= c.start < block.end), key=lambda c: (c.start, -c.end))
    opens: dict[int, list[Callout]] = {}
    for c in inside:
        opens.setdefault(c.start, []).append(c)
    ends = sorted({c.end for c in inside})
    out: list[str] = []
    stack: list[Callout] = []
    pending: list[int] = []  # markers of nested callouts wait until the outermost closes

    def boundary(pos: int) -> None:
        while stack and stack[-1].end <= pos:
            pending.append(stack.pop().number)
            out.append("</mark>")
            if not stack:
                out.append("".join(f" ({n})" for n in sorted(pending)))
                pending.clear()
        for c in opens.pop(pos, []):
            out.append(_open_tag(c))
            stack.append(c)

    points = sorted(set(opens) | set(ends))
    for i, (s, e) in enumerate(block.segments):
        if i:
            out.append(" ")
        pos = s
        while points and points[0] <= e:
            p = points.pop(0)
            q = max(p, s)
            out.append(safemd.text(article.text[pos:q]))
            pos = q
            boundary(p)
        out.append(safemd.text(article.text[pos:e]))
    boundary(block.end + 1)
    return "".join(out)


_BLOCK_PREFIX = {"p": "", "quote": "> ", "li": "- ", "pre": ""}


def blocks_markdown(article: Article, body: Callable[[Block], str]) -> Markup:
    """The article's blocks as Markdown, each block's inner markup given by ``body``."""
    parts = []
    for block in article.blocks:
        inner = body(block)
        if block.kind.startswith("h"):
            level = min(6, int(block.kind[1:]) + 2)
            # attr_list, not raw <p>: raw HTML blocks are not recognised inside content tabs
            parts.append(f'{inner}\n{{: .ml-article-h .ml-article-h{level} role="heading" aria-level="{level}" }}')
        else:
            parts.append(_BLOCK_PREFIX.get(block.kind, "") + inner)
    return Markup("\n\n".join(parts))


def article_markdown(article: Article, callouts: Callouts) -> Markup:
    return blocks_markdown(article, lambda block: render_block(article, block, callouts.items))


class Renderer:
    """The templates of a project, rendered in the site's ``language`` unless a render names another."""

    def __init__(self, templates_dir: Path, language: str = DEFAULT_LANGUAGE) -> None:
        if not templates_dir.is_dir():
            raise MedialitError("templates folder does not exist", templates_dir,
                                hint="create it with the templates you want to change, or leave templates_dir out to use the defaults")
        self.templates_dir = templates_dir
        # the project's templates first, each overriding the package's own of the same name; then the defaults
        self.search_path = list(dict.fromkeys([templates_dir, TEMPLATES_DIR]))
        self.language = language
        self._categories: dict[str, dict[str, CategoryInfo]] = {}
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in self.search_path]),
            autoescape=False,
            finalize=_finalize,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # a Renderer lives for one build: no stat() of every template at every include
        )
        self.env.filters["note"] = safemd.inline
        self.env.filters["note_block"] = safemd.block
        self.env.filters["attr"] = safemd.attr
        self.env.filters["level_name"] = _level_name
        install(self.env, _finalize)

    def categories(self, language: str) -> dict[str, CategoryInfo]:
        """:func:`categories` in ``language``, worked out once per renderer."""
        if language not in self._categories:
            self._categories[language] = categories(language)
        return self._categories[language]

    def render(self, template: str, lang: str | None = None, **context: Any) -> str:
        """``template`` rendered in ``lang`` (default: the site's language)."""
        lang = lang or self.language
        try:
            return self.env.get_template(template).render(categories=self.categories(lang), lang=lang,
                                                          site_lang=self.language, **context)
        except TemplateError as exc:
            line = getattr(exc, "lineno", 0) or 0
            name = getattr(exc, "filename", None) or template
            raise MedialitError(f"template error: {exc.message}", name, line, 0,
                                "fix the template; see docs/templates.md") from None
        except UnicodeDecodeError:
            for name in self.env.list_templates():  # find the file, to name its line and column
                read_text_file(next(d / name for d in self.search_path if (d / name).is_file()), "template", 1 << 20)
            raise MedialitError("a template is not valid UTF-8", self.templates_dir,
                                hint="save the templates as UTF-8 in your editor") from None

    def lesson_page(self, spec: LessonSpec, article: Article, callouts: Callouts, **views: Any) -> str:
        """The lesson page; ``views`` are the extra values of the three views (see generator.build.site)."""
        return self.render("lesson.md.j2", lang=spec.language, spec=spec, lesson=spec.lesson, slug=spec.slug, article=article,
                           article_md=article_markdown(article, callouts), callouts=callouts.items,
                           counts=callouts.counts(), words=article.words(), **views)
