"""``medialit suggest LESSON``: write detected findings into lesson.yml as annotations to review.

The lesson's callouts are built exactly as for a page (:func:`generator.callouts.build_callouts`):
a finding already covered by a hand-written annotation of its category or by
a ``suppress`` entry is not suggested, nor is one that would cross another
callout. Every other detected finding becomes an ``annotations:`` entry with
the rule's explanation and question as its note, a ``# suggested by
medialit: review`` comment, and ``suffix``/``prefix``/``occurrence`` when the
quote alone would anchor to more than one place.

The file is never re-dumped: the new entries are inserted as text at the end
of the existing ``annotations:`` block sequence (found with the YAML node
marks), or under a new ``annotations:`` key at the end of the file, so every
existing byte and comment stays as it was. Running it again adds nothing,
because the suggestions now cover their findings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.anchoring.quotes import find_all, select
from generator.article import Article, load_article
from generator.callouts import Callout, build_callouts
from generator.errors import MedialitError
from generator.safety.text import read_lesson_file, write_text_file
from generator.safety.yamlsafe import compose
from generator.spec.lesson import MAX_SPEC_BYTES, SPEC_FILE, Lesson, LessonSpec, load_spec
from generator.spec.model import load

COMMENT = "# suggested by medialit: review"
_WORDS = re.compile(r"\S+")


@dataclass
class Suggestion:
    callout: Callout
    quote: str
    context: dict[str, str | int]

    def yaml(self, indent: str, nl: str) -> str:
        note = " ".join(f"{self.callout.note} {self.callout.question}".split())
        lines = [f"{indent}{COMMENT}", f"{indent}- quote: {_q(self.quote)}", f"{indent}  category: {self.callout.category}",
                 f"{indent}  note: {_q(note)}"]
        lines += [f"{indent}  {k}: {v if isinstance(v, int) else _q(v)}" for k, v in self.context.items()]
        return nl.join(lines) + nl


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def spec_path(lesson: Path) -> Path:
    """lesson.yml of a lesson folder, or the file itself."""
    return lesson / SPEC_FILE if lesson.is_dir() else lesson


def _context(text: str, start: int, end: int, block: tuple[int, int]) -> dict[str, str | int]:
    """The least context (suffix, then prefix words, then occurrence) that anchors the quote to this place only."""
    quote = text[start:end]
    candidates = find_all(text, quote)
    if len(candidates) <= 1:
        return {}
    after = _WORDS.findall(text, end, block[1])
    before = _WORDS.findall(text, block[0], start)
    for n in range(1, 6):
        for key, words in (("suffix", after[:n]), ("prefix", before[-n:] if before else [])):
            if not words:
                continue
            ctx = " ".join(words)
            if len(words) < n:
                continue
            chosen = select(text, candidates, ctx if key == "prefix" else None, ctx if key == "suffix" else None, None)
            if len(chosen) == 1 and chosen[0].start == start:
                return {key: ctx}
    index = next(i for i, m in enumerate(candidates, 1) if m.start == start)
    return {"occurrence": index}


def suggestions(spec: LessonSpec, article: Article) -> list[Suggestion]:
    """Detected callouts of the lesson that no annotation or suppress entry covers yet."""
    callouts = build_callouts(spec, article)
    out = []
    for c in callouts.items:
        if c.origin != "detected":
            continue
        block = article.block_at(c.start)
        bounds = (block.start, block.end) if block else (0, len(article.text))
        out.append(Suggestion(c, " ".join(c.text.split()), _context(article.text, c.start, c.end, bounds)))
    return out


def _annotations_node(root: Node | None, path: Path) -> tuple[ScalarNode, Node] | None:
    if not isinstance(root, MappingNode):
        raise MedialitError("lesson spec must be a mapping of keys", path, 1, 1, "see docs/spec.md")
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "annotations":
            return key, value
    return None


def insert(text: str, path: Path, entries: list[Suggestion]) -> str:
    """``text`` with ``entries`` added to its annotations, every existing byte kept."""
    nl = "\r\n" if "\r\n" in text else "\n"
    found = _annotations_node(compose(text, path), path)
    if found is None:
        body = text if text.endswith(("\n", "\r")) or not text else text + nl
        return body + "annotations:" + nl + "".join(e.yaml("  ", nl) for e in entries)
    key, node = found
    if isinstance(node, SequenceNode) and node.value and not node.flow_style:
        first = node.value[0]
        line_start = text.rfind("\n", 0, first.start_mark.index) + 1
        dash = text.rfind("-", line_start, first.start_mark.index)
        indent = " " * (dash - line_start)
        end = node.value[-1].end_mark.index
        if end > 0 and text[end - 1] not in "\n":
            nxt = text.find("\n", end)
            end = len(text) if nxt == -1 else nxt + 1
        prefix = "" if end == 0 or text[end - 1] == "\n" else nl
        return text[:end] + prefix + "".join(e.yaml(indent, nl) for e in entries) + text[end:]
    empty = (isinstance(node, SequenceNode) and not node.value) or (isinstance(node, ScalarNode) and node.value in ("", "~", "null"))
    if not empty:
        line, col = key.start_mark.line + 1, key.start_mark.column + 1
        raise MedialitError("annotations: is not a list written one '- ' item per line", path, line, col,
                            "write annotations as a block list (  - quote: ...) so suggestions can be added to it")
    # `annotations: []` or an empty value: replace just that value with the new block list.
    start, stop = node.start_mark.index, node.end_mark.index
    if start == stop:  # empty plain value: insert after the colon
        start = stop = text.index(":", key.end_mark.index) + 1
    return text[:start].rstrip(" ") + nl + "".join(e.yaml("  ", nl) for e in entries).rstrip("\r\n") + text[stop:]


def suggest(lesson: Path, *, dry_run: bool = False) -> tuple[Path, list[Suggestion]]:
    """Add the uncovered findings of ``lesson`` to its lesson.yml; return the file and what was added."""
    path = spec_path(lesson)
    spec = load_spec(path)
    article = load_article(spec.article_path)
    entries = suggestions(spec, article)
    if not entries:
        return path, []
    text = read_lesson_file(path, MAX_SPEC_BYTES, "lesson spec")
    new = insert(text, path, entries)
    # The result must load and every suggestion must anchor to its finding alone.
    checked = LessonSpec(spec.slug, spec.folder, path, load(Lesson, compose(new, path), path))
    anchored = {(c.start, c.end, c.category) for c in build_callouts(checked, article, findings=[]).items}
    missing = [e for e in entries if (e.callout.start, e.callout.end, e.callout.category) not in anchored]
    if missing:
        raise MedialitError(f"suggestion “{missing[0].quote}” would not anchor to its place", path,
                            hint="please report this; nothing was written")
    if not dry_run:
        write_text_file(path, new, "lesson spec")
    return path, entries
