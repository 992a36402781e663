"""Stage 2 — the article: raw text split into blocks whose offsets point into the file.

``.txt``: a blank line separates paragraphs; single line breaks inside a
paragraph join with a space. ``.md``: optional YAML front matter, then
Markdown blocks found with markdown-it-py (whose tokens carry line maps).

Nothing is rewritten: a block is a list of ``(start, end)`` segments of the
raw text, one per source line, so every offset refers to the file as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import LineIndex, MedialitError
from generator.safety.text import check_text, read_text_file

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_ARTICLE_BYTES = 1024 * 1024
Segment = tuple[int, int]
_WORD = re.compile(r"\w[\w'’-]*")
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_MD_PREFIX = {
    "p": re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*"),
    "li": re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-+*]|\d{1,9}[.)])?[ \t]*"),
    "h": re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*#{0,6}[ \t]*"),
}


@dataclass
class Block:
    """A paragraph-like unit of the article: ``kind`` is p, h1-h6, li, quote or pre."""

    kind: str
    segments: list[Segment]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


@dataclass
class Article:
    path: Path
    text: str
    blocks: list[Block]
    front_matter: dict[str, str] = field(default_factory=dict)
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def position(self, offset: int) -> tuple[int, int]:
        return self.index.position(offset)

    def block_text(self, block: Block) -> str:
        return " ".join(self.text[s:e] for s, e in block.segments)

    def words(self) -> int:
        return sum(len(_WORD.findall(self.text, s, e)) for b in self.blocks for s, e in b.segments)

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


def _trimmed(text: str, start: int, end: int) -> Segment | None:
    """The segment without surrounding white space, or None if it is blank."""
    while (start < end and text[start].isspace()) or (start < end and text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _lines(text: str, start: int = 0) -> list[Segment]:
    """(start, end) of each line from ``start``, without its line break."""
    out = []
    pos = start
    for line in text[start:].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def parse_txt(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[Segment] = []
    for s, e in _lines(text):
        seg = _trimmed(text, s, e)
        if seg is None:
            if current:
                blocks.append(Block("p", current))
                current = []
        else:
            current.append(seg)
    if current:
        blocks.append(Block("p", current))
    return blocks


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported on first use: .txt articles (and medialit detect on them) never need it

    return MarkdownIt("commonmark", {"html": False})


def parse_md(text: str, body_start: int) -> list[Block]:
    lines = _lines(text)
    first_line = text.count("\n", 0, body_start)
    body = text[body_start:]
    blocks: list[Block] = []
    kind_stack: list[str] = []
    for tok in _markdown().parse(body):
        if tok.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            kind_stack.append("li" if "list" in tok.type else "quote")
        elif tok.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            kind_stack.pop()
        elif tok.type in ("paragraph_open", "heading_open", "fence", "code_block") and tok.map:
            if tok.type == "heading_open":
                kind, prefix = tok.tag, _MD_PREFIX["h"]
            elif tok.type in ("fence", "code_block"):
                kind, prefix = "pre", None
            else:
                kind = kind_stack[-1] if kind_stack else "p"
                prefix = _MD_PREFIX["li" if kind == "li" else "p"]
            lo, hi = tok.map
            if tok.type == "fence":
                lo, hi = lo + 1, max(lo + 1, hi - 1)
            segs = []
            for i, (s, e) in enumerate(lines[first_line + lo: first_line + hi]):
                if prefix is not None:
                    pat = prefix if (i == 0 or kind != "li") else _MD_PREFIX["p"]
                    s = pat.match(text, s, e).end()  # type: ignore[union-attr]
                if kind.startswith("h"):
                    m = re.search(r"[ \t]+#+[ \t]*$|^=+[ \t]*$|^-+[ \t]*$", text[s:e])
                    if m:
                        e = s + m.start()
                seg = _trimmed(text, s, e)
                if seg:
                    segs.append(seg)
            if segs:
                blocks.append(Block(kind, segs))
    return blocks


def front_matter(text: str, path: Path) -> tuple[dict[str, str], int]:
    """Front matter values (as text) and the offset where the body starts."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    from generator.safety.yamlsafe import compose

    inner_start = m.start(1) if m.group(1) else m.end()
    node = compose(m.group(1) or "", path)
    values: dict[str, str] = {}
    if node is not None:
        from yaml.nodes import MappingNode, ScalarNode

        if not isinstance(node, MappingNode):
            line, col = LineIndex(text).position(inner_start)
            raise MedialitError("front matter must be 'key: value' lines", path, line, col, "or remove the --- lines")
        for k, v in node.value:
            if isinstance(v, ScalarNode):
                values[k.value] = v.value
    return values, m.end()


def load_article(path: Path) -> Article:
    """Read and split an article file (.txt or .md)."""
    text = read_text_file(path, "article", MAX_ARTICLE_BYTES)
    return parse_article(text, path)


def parse_article(text: str, path: Path) -> Article:
    check_text(text, path, "article")
    if path.suffix == ".md":
        meta, body_start = front_matter(text, path)
        blocks = parse_md(text, body_start)
    else:
        meta, blocks = {}, parse_txt(text)
    if not blocks:
        raise MedialitError("article has no text", path, 1, 1, "paste the article's text into the file")
    return Article(path, text, blocks, meta)
