"""Re-anchoring: keep hand-written quotes on their spans when an article is edited.

``lesson.lock.json`` beside ``lesson.yml`` records where each quote of
``annotations:``, ``suppress:`` and ``sources:`` was found: its start and end in the
article's raw text, the exact text, and 32 characters of context on each side
(a W3C TextQuoteSelector plus TextPositionSelector, as Hypothes.is keeps).
``medialit new`` and ``medialit check --fix`` write it; it is never needed to
build the site.

When the article changes, :func:`relocate` compares each quote with its
record: still in place, *moved* with its context intact, *changed* around
it, or *broken*. For a broken quote :func:`near_match` asks
:func:`generator.anchoring.quotes.closest` for the best approximate match, scoring
similarity with the recorded context and nearness to the old position, and
says whether the fix is unambiguous enough for ``--fix``. :func:`replace_scalar`
applies such a fix to ``lesson.yml`` at the scalar's own marks, so comments
and formatting stay as they were.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# the lock file as read (re-exported for the tools that read and write it)
from generator.anchoring.lockread import KINDS as KINDS
from generator.anchoring.lockread import LOCK_FILE as LOCK_FILE
from generator.anchoring.lockread import MAX_LOCK_BYTES as MAX_LOCK_BYTES
from generator.anchoring.lockread import Anchor as Anchor
from generator.anchoring.lockread import read_lock as read_lock
from generator.anchoring.quotes import Match, closest, find_all, fold, select
from generator.article import Article
from generator.errors import MedialitError, Problem
from generator.safety.text import read_lesson_file, write_text_file
from generator.spec.lesson import Annotation, Lesson, Source, Suppression

LOCK_VERSION = 1
CONTEXT = 32  # characters of prefix/suffix context, as Hypothes.is records
MIN_SIMILARITY = 0.6  # below this a match is only a guess, never applied
MIN_MARGIN = 0.08  # a rival elsewhere must score at least this much lower
_PUNCT = "\"'“”‘’()[]{},.;:!?…"

Quoted = Annotation | Suppression | Source
Key = tuple[str, int]  # (one of KINDS, 1-based index)


def record(text: str, quote: str, start: int, end: int) -> Anchor:
    line, col = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    return Anchor(quote, start, end, line, col, text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])


def items(lesson: Lesson) -> list[tuple[Key, Quoted]]:
    """Every item of a lesson anchored by a quote, with its key: annotations, suppressions, sources."""
    lists: list[list[Quoted]] = [list(lesson.annotations), list(lesson.suppress), list(lesson.sources)]
    return [((kind, i), item) for kind, entries in zip(KINDS, lists, strict=True) for i, item in enumerate(entries, 1)]


# --- the lock file -------------------------------------------------------------------------------

def pair(lock: dict[str, list[Anchor]], keyed: list[tuple[Key, Quoted]]) -> dict[Key, Anchor]:
    """Each item's record, matched by its quote text (in order, for repeated quotes)."""
    pools: dict[tuple[str, str], list[Anchor]] = {}
    for kind, anchors in lock.items():
        for a in anchors:
            pools.setdefault((kind, fold(a.quote)), []).append(a)
    out = {}
    for key, item in keyed:
        pool = pools.get((key[0], fold(item.quote)))
        if pool:
            out[key] = pool.pop(0)
    return out


def lock_text(article_file: str, anchors: dict[Key, Anchor]) -> str:
    data: dict[str, object] = {
        "comment": "Written by `medialit check --fix`: where each quote of lesson.yml was found, "
                   "so that `medialit check` can re-anchor quotes when the article is edited. Do not edit by hand.",
        "version": LOCK_VERSION,
        "article": article_file,
    }
    for kind in KINDS:
        data[kind] = [asdict(a) for key, a in sorted(anchors.items()) if key[0] == kind]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_lock(folder: Path, article_file: str, anchors: dict[Key, Anchor]) -> bool:
    """Write the lock file if its content changes (in one step, never through a link); True when written."""
    path = folder / LOCK_FILE
    text = lock_text(article_file, anchors)
    try:
        if read_lesson_file(path, MAX_LOCK_BYTES, LOCK_FILE) == text:
            return False
    except MedialitError:
        pass  # missing, unreadable or not a file: written anew (a link is refused there)
    write_text_file(path, text, LOCK_FILE)
    return True


# --- comparing with the record -------------------------------------------------------------------

@dataclass(frozen=True)
class NearMatch:
    """The best approximate match of a broken quote, and whether ``--fix`` may apply it."""

    start: int
    end: int
    quote: str
    similarity: float
    fixable: bool
    why_not: str = ""
    by: str = "similarity"  # "context": found between the words recorded around the quote


@dataclass(frozen=True)
class Relocation:
    """How one item's quote compares with its record: same, moved, changed, broken or new."""

    status: str
    old: Anchor | None
    now: Match | None = None
    near: NearMatch | None = None  # for a broken quote: the best approximate match
    pick: int = 0  # for an ambiguous quote: which occurrence (1-based) is the recorded one


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def _trim(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Drop punctuation the approximate match took from neighbouring words but the quote lacks."""
    q = quote.strip()
    while end > start and text[end - 1] in _PUNCT and not q.endswith(text[end - 1]):
        end -= 1
    while start < end and text[start] in _PUNCT and not q.startswith(text[start]):
        start += 1
    return start, end


def _between(text: str, old: Anchor) -> tuple[int, int] | None:
    """The span between the recorded prefix and suffix, when the two still stand once, close together."""
    if not old.prefix.strip() or not old.suffix.strip():
        return None
    spans: list[tuple[int, int]] = []
    pos = text.find(old.prefix)
    while pos != -1 and len(spans) < 2:
        start = pos + len(old.prefix)
        end = text.find(old.suffix, start, start + 2 * len(old.exact) + 40 + len(old.suffix))
        if end != -1:
            spans.append((start, end))
        pos = text.find(old.prefix, pos + 1)
    if len(spans) != 1:
        return None
    start, end = spans[0]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def near_match(text: str, item: Quoted, old: Anchor | None) -> NearMatch | None:
    """Best approximate match for a quote that no longer anchors, or None.

    The words recorded around the quote pick the place first, when both
    still stand once; otherwise :func:`closest` scores every window.
    """
    span = _between(text, old) if old else None
    gap = None
    if span is None:
        found = closest(text, item.quote, prefix=old.prefix if old else item.prefix,
                        suffix=old.suffix if old else item.suffix, near=old.start if old else None, limit=40)
        if not found:
            return None
        best = found[0]
        span = _trim(text, best.start, best.end, item.quote)
        rival = next((m for m in found[1:] if m.end <= best.start or m.start >= best.end), None)
        gap = None if rival is None else best.score - rival.score
    start, end = span
    quote = " ".join(text[start:end].split())
    sim = round(_similarity(text[start:end], item.quote), 2)
    why = ""
    if sim < MIN_SIMILARITY:
        why = "the words changed too much to be sure the callout still applies"
    elif gap is not None and gap < MIN_MARGIN:
        why = "another place matches almost as well"
    elif [(m.start, m.end) for m in select(text, find_all(text, quote), item.prefix, item.suffix, item.occurrence)] != [(start, end)]:
        why = "the new quote would not pick out this one place with the prefix/suffix/occurrence given"
    return NearMatch(start, end, quote, sim, not why, why, "similarity" if gap is not None or old is None else "context")


def locate(text: str, exact: str, prefix: str = "", suffix: str = "", start: int | None = None) -> tuple[int, int] | None:
    """Where a W3C TextQuoteSelector (and, optionally, a TextPositionSelector's start) points in ``text``.

    Exact text with its context first (the occurrence nearest ``start`` if
    several fit), then the span between the context, then the closest match.
    """
    hits = []
    pos = text.find(exact) if exact else -1
    while pos != -1:
        if text.endswith(prefix, 0, pos) and text.startswith(suffix, pos + len(exact)):
            hits.append(pos)
        pos = text.find(exact, pos + 1)
    if len(hits) == 1 or (hits and start is not None):
        at = min(hits, key=lambda p: abs(p - (start or 0)))
        return at, at + len(exact)
    if hits:
        return None  # several places fit and nothing says which
    between = _between(text, Anchor(exact, start or 0, (start or 0) + len(exact), 0, 0, exact, prefix, suffix))
    if between:
        return between
    found = closest(text, exact, prefix=prefix or None, suffix=suffix or None, near=start)
    return (found[0].start, found[0].end) if found else None


def relocate(text: str, item: Quoted, old: Anchor | None, now: Match | None) -> Relocation:
    """Compare an item with its record; ``now`` is where it anchors today (None when it does not)."""
    if now is not None:
        if old is None:
            return Relocation("new", None, now)
        here = record(text, item.quote, now.start, now.end)
        same_text = fold(here.prefix) == fold(old.prefix) and fold(here.suffix) == fold(old.suffix) \
            and fold(here.exact) == fold(old.exact)
        if same_text:
            return Relocation("same" if now.start == old.start else "moved", old, now)
        return Relocation("changed", old, now)
    candidates = select(text, find_all(text, item.quote), item.prefix, item.suffix, None)
    if len(candidates) > 1 and old is not None:
        def fit(m: Match) -> float:
            near = 1 / (1 + abs(m.start - old.start) / 200)
            return _similarity(text[max(0, m.start - CONTEXT):m.start], old.prefix) \
                + _similarity(text[m.end:m.end + CONTEXT], old.suffix) + near
        best = max(candidates, key=fit)
        return Relocation("broken", old, pick=candidates.index(best) + 1)
    if candidates or find_all(text, item.quote):
        return Relocation("broken", old)  # found, but prefix/suffix/occurrence pick none or several
    return Relocation("broken", old, near=near_match(text, item, old))


# --- what check reports ---------------------------------------------------------------------------

def label(key: Key) -> str:
    return f"{ {'annotations': 'annotation'}.get(key[0], key[0])} {key[1]}:"  # the labels build_callouts and ledger use


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _note(message: str, path: Path, line: int, col: int, hint: str, severity: str = "warning") -> Problem:
    return Problem(message, str(path), line, col, hint, severity)


def hint(rel: Relocation, article: Article, default: str) -> str:
    """The hint for a quote that no longer anchors: the suggested fix, the recorded occurrence, or ``default``."""
    name, out = article.path.name, default
    s = rel.near
    if s is not None:
        line, col = article.position(s.start)
        at = f"“{s.quote}” at {name}:{line}:{col} ({s.similarity:.0%} similar"
        fix = f"quote: {json.dumps(s.quote, ensure_ascii=False)}"
        if s.fixable or s.why_not.startswith(("another", "the new quote")):
            near = {"context": ", between the words recorded around it", "similarity": ", near where it was recorded"}[s.by]
            out = (f"best match {at}{near if rel.old else ''}); fix: {fix}"
                    + ("; `medialit check --fix` applies it" if s.fixable else f" if that is the place; not applied by --fix: {s.why_not}"))
        elif s.by == "context":
            out = f"the words recorded around it now hold {at}); if the callout still applies there, write {fix}"
        else:
            out = f"nothing close is left; the nearest words are {at}); copy the phrase exactly from the article, or remove the entry"
    elif rel.pick and rel.old is not None:
        out = (f"it was recorded at {name}:{rel.old.line}:{rel.old.col} before the edit; the closest place now is occurrence "
                f"{rel.pick}: add `occurrence: {rel.pick}`, or a prefix:/suffix: with words around it")
    return out


def drift(key: Key, item: Quoted, rel: Relocation, article: Article, spec_path: Path, has_lock: bool) -> list[Problem]:
    """Notes and warnings for a quote that still anchors but has moved or whose surroundings changed."""
    old, now, name = rel.old, rel.now, article.path.name
    line, col = item.mark("quote")
    fix = "`medialit check --fix` records the new place"
    if rel.status == "new" and has_lock:
        return [_note(f"{label(key)} quote “{short(item.quote)}” is not recorded in {LOCK_FILE} yet", spec_path, line, col,
                      f"{fix}, so later article edits can be re-anchored", "note")]
    if old is None or now is None or rel.status == "same":
        return []
    was = f"{old.line}:{old.col}"
    here = "{}:{}".format(*article.position(now.start))
    if rel.status == "moved":
        return [_note(f"{label(key)} quote “{short(item.quote)}” moved from {name}:{was} to {name}:{here}; "
                      "the text around it is unchanged", spec_path, line, col, fix, "note")]
    current = record(article.text, item.quote, now.start, now.end)
    return [_note(f"{label(key)} the text around quote “{short(item.quote)}” changed since it was recorded "
                  f"(now at {name}:{here})", spec_path, line, col,
                  f"was “…{short(old.prefix + '[' + old.exact + ']' + old.suffix, 120)}…”, now "
                  f"“…{short(current.prefix + '[' + current.exact + ']' + current.suffix, 120)}…”; check the callout "
                  f"still marks what you meant, then {fix}")]


# --- editing lesson.yml in place -----------------------------------------------------------------

def _get(node: Node | None, key: str | int) -> Node:
    if isinstance(key, int) and isinstance(node, SequenceNode) and 0 <= key < len(node.value):
        item: Node = node.value[key]
        return item
    if isinstance(key, str) and isinstance(node, MappingNode):
        for k, v in node.value:
            if k.value == key:
                value: Node = v
                return value
    raise KeyError(key)


def _scalar_at(text: str, path: tuple[str | int, ...]) -> ScalarNode:
    node: Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    for key in path:
        node = _get(node, key)
    if not isinstance(node, ScalarNode):
        raise KeyError(path)
    return node


def _render(value: str, style: str | None) -> list[str]:
    """Ways to write ``value`` as a YAML scalar, the original style first."""
    ways = []
    if style == "'":
        ways.append("'" + value.replace("'", "''") + "'")
    elif style is None and value == value.strip() and "\n" not in value:
        ways.append(value)
    return [*ways, json.dumps(value, ensure_ascii=False)]


def replace_scalar(text: str, path: tuple[str | int, ...], value: str) -> str:
    """``text`` with the scalar at ``path`` (keys and 0-based indexes) set to ``value``.

    Only the scalar's own characters change; the result is checked to read
    back with that value and every other value unchanged.
    """
    node = _scalar_at(text, path)
    start, end = node.start_mark.index, node.end_mark.index
    while end > start and text[end - 1] in " \t\r\n":  # a block scalar's marks take in its last line break
        end -= 1
    expected = yaml.safe_load(text)
    target = expected
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    for way in _render(value, node.style):
        new = text[:start] + way + text[end:]
        try:
            if yaml.safe_load(new) == expected:
                return new
        except yaml.YAMLError:
            continue
    raise MedialitError(f"cannot rewrite {'.'.join(map(str, path))} safely", "", node.start_mark.line + 1,
                        node.start_mark.column + 1, "edit the quote by hand")
