"""Escaping for the Markdown pages, and the safe Markdown subset allowed in notes.

Everything that comes from a spec or an article reaches a page through
:func:`text`: every ASCII punctuation character becomes a numeric character
reference, so no Markdown, HTML, Jinja, admonition or emoji syntax survives,
and a literal "(2)" is split so Material never takes it for an annotation
marker. Notes are parsed with markdown-it-py (raw HTML off) and only
emphasis, code spans and http(s) links are turned into markup.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ESCAPES = {chr(c): f"&#{c};" for c in range(33, 127) if not chr(c).isalnum()}
ESCAPES |= {"\n": " ", "\r": " ", "\t": " ", "<": "&#60;&#8288;"}
# A search for the few characters to replace: about five times faster on prose than str.translate, which
# looks up every character of the text in the table.
_ESCAPE = re.compile("[" + "".join(map(re.escape, ESCAPES)) + "]")


def _escape(m: re.Match[str]) -> str:
    return ESCAPES[m.group()]

_MARKER = re.compile(r"&#40;(\d+)&#41;")


def text(value: object) -> Markup:
    """Plain text made safe for an inline Markdown context.

    A ``<`` is also followed by an invisible word joiner (U+2060): themes put
    a page's first heading into ``<title>`` through Jinja's ``striptags``,
    which decodes character references again, and a ``</title>`` there would
    end the element. ``<\u2060/title>`` (or ``<\u2060script>``) is no tag anywhere.
    """
    escaped = _ESCAPE.sub(_escape, str(value))
    return Markup(_MARKER.sub(r"&#40;<wbr>\1&#41;", escaped) if "&#41;" in escaped else escaped)


def attr(value: object) -> Markup:
    """Text made safe for a double-quoted HTML attribute value."""
    return Markup(html.escape(str(value), quote=True))


def _safe_link(url: str) -> bool:
    return re.match(r"^https?://[^\s\"'<>]+$", url, re.I) is not None


_md = MarkdownIt("zero", {"html": False, "breaks": False})
_md.enable(["emphasis", "backticks", "link", "escape", "entity", "newline", "list"])
_md.validateLink = _safe_link  # type: ignore[method-assign]


def _inline(tokens: list[Token]) -> str:
    out: list[str] = []
    closers: list[str] = []
    for tok in tokens:
        if tok.type == "text":
            out.append(text(tok.content))
        elif tok.type == "code_inline":
            out.append(f"<code>{text(tok.content)}</code>")
        elif tok.type in ("em_open", "em_close", "strong_open", "strong_close"):
            tag = "em" if tok.type.startswith("em") else "strong"
            out.append(f"<{'/' if tok.nesting < 0 else ''}{tag}>")
        elif tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            safe = _safe_link(href)
            out.append(f'<a href="{attr(href)}" rel="nofollow noopener">' if safe else "<span>")
            closers.append("</a>" if safe else "</span>")
        elif tok.type == "link_close":
            out.append(closers.pop() if closers else "")
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("<br>")
        else:
            out.append(text(tok.content))
    return "".join(out)


@dataclass(frozen=True)
class NoteBlock:
    """A paragraph or list item of a teacher's note (an article's blocks are :class:`generator.article.Block`)."""

    kind: str  # "p" or "li"
    html: str


def blocks(source: str) -> list[NoteBlock]:
    """A note as paragraphs and list items of safe inline markup."""
    return list(_parsed(source))


# What can make a note more than one paragraph of plain text: the syntax of the enabled rules (emphasis,
# code, links, escapes, entities, line breaks) and a list marker at the start.
_SYNTAX = re.compile(r"[*_`\[\]\\&\r\n\x00]|^(?:[-+]|\d{1,9}[.)])(?:[ \t]|$)")


def plain_prose(source: str) -> bool:
    """True when markdown-it would read ``source`` as one paragraph of plain text, so it need not parse it."""
    return bool(source) and source == source.strip() and not _SYNTAX.search(source)


@functools.lru_cache(maxsize=1 << 17)  # about 75,000 distinct notes in a course of 5,000 lessons
def _parsed(source: str) -> tuple[NoteBlock, ...]:
    # Parsed once per text: a note appears twice on its page and again in the glossary; detector messages recur.
    if plain_prose(source):  # most notes: about a third of a lesson's rendering time went to parsing them
        return (NoteBlock("p", str(text(source))),)
    return parse(source)


def parse(source: str) -> tuple[NoteBlock, ...]:
    """A note as paragraphs and list items, parsed by markdown-it."""
    out: list[NoteBlock] = []
    in_item = 0
    for tok in _md.parse(source):
        if tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "inline":
            out.append(NoteBlock("li" if in_item else "p", _inline(tok.children or [])))
    return tuple(out)


def inline(source: str) -> Markup:
    """A note as one line of safe inline markup (paragraphs joined by line breaks)."""
    return Markup("<br>".join(b.html if b.kind == "p" else "• " + b.html for b in blocks(source)))


def block(source: str, indent: int = 0) -> Markup:
    """A note as Markdown paragraphs and list items, each line indented by ``indent`` spaces."""
    pad = " " * indent
    parts = []
    for b in blocks(source):
        parts.append(f"{pad}- {b.html}" if b.kind == "li" else f"{pad}{b.html}")
    joined = ""
    for i, part in enumerate(parts):
        if i:
            joined += "\n" if part.lstrip().startswith("- ") and parts[i - 1].lstrip().startswith("- ") else "\n\n"
        joined += part
    return Markup(joined)
