"""What a finding is, and the rules every engine applies to a match: the specification the fast engine
(:mod:`generator.detection.engine`) and the plain one (:mod:`generator.detection.reference`) share.

A candidate is kept only when it stays inside one sentence and one article
block and no ``unless`` exception of its rule fires; a vetoed candidate also
silences the shorter matches of the same rule inside it. Within a category,
overlapping candidates are resolved in reading order: the one that starts
first wins, and on the same start the rule written first in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

WINDOW = 160  # characters of context that unless.before / unless.after see


@dataclass(frozen=True)
class Finding:
    category: str
    start: int
    end: int
    rule: str
    message: str
    question: str

    def as_json(self, text: str) -> dict[str, object]:
        return {"category": self.category, "start": self.start, "end": self.end,
                "text": text[self.start:self.end], "rule": self.rule, "message": self.message}


class Rule(Protocol):
    """What accepting a match needs of a rule (compiled with plain re or prepared for speed)."""

    @property
    def category(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def regex(self) -> re.Pattern[str]: ...
    @property
    def before(self) -> Sequence[re.Pattern[str]]: ...
    @property
    def after(self) -> Sequence[re.Pattern[str]]: ...
    @property
    def inside(self) -> Sequence[re.Pattern[str]]: ...
    @property
    def sentence(self) -> Sequence[re.Pattern[str]]: ...


@dataclass(frozen=True)
class Frame:
    """One text's sentences and blocks, as every match is checked against them."""

    text: str
    starts: list[int]  # sentence starts (block starts included), in order
    bounds: list[tuple[int, int]]  # blocks, in order
    block_starts: list[int]

    @classmethod
    def of(cls, text: str, sentence_starts: list[int], blocks: list[tuple[int, int]] | None) -> Frame:
        bounds = sorted(blocks) if blocks is not None else [(0, len(text))]
        starts = sorted(set(sentence_starts).union(b[0] for b in bounds))
        return cls(text, starts, bounds, [b[0] for b in bounds])


def accept(frame: Frame, rule: Rule, start: int, end: int, following: int = 0) -> Finding | None:
    """The finding, unless the match crosses a sentence or block or an exception of the rule fires.

    ``following`` is bisect_right(starts, start) when the caller knows it (the sentence's number).
    """
    text, starts = frame.text, frame.starts
    following = following or bisect_right(starts, start)
    s_end = starts[following] if following < len(starts) else len(text)
    if s_end < end:
        return None  # crosses a sentence boundary
    b_idx = bisect_right(frame.block_starts, start) - 1
    if b_idx < 0 or end > frame.bounds[b_idx][1]:
        return None  # outside the article body, or across blocks
    b_start, b_end = frame.bounds[b_idx]
    s_start, s_end = max(starts[following - 1], b_start), min(s_end, b_end)
    if rule.before:
        before = text[max(s_start, start - WINDOW):start]
        for p in rule.before:
            if p.search(before):
                return None
    if rule.after:
        after = text[end:min(s_end, end + WINDOW)]
        for p in rule.after:
            if p.search(after):
                return None
    if rule.inside:
        matched = text[start:end]
        for p in rule.inside:
            if p.search(matched):
                return None
    for p in rule.sentence:
        if p.search(text, s_start, s_end):
            return None
    return Finding(rule.category, start, end, rule.id, rule.message, rule.question)


def search(frame: Frame, rule: Rule, ranges: Iterable[tuple[int, int]], candidates: list[Finding]) -> None:
    """Search ``ranges`` with the rule's expression again and again: after a kept match from its end, after a
    vetoed one from the next character (the matches the fast engine must find too)."""
    regex = rule.regex
    vetoed = -1
    for lo, hi in ranges:
        m = regex.search(frame.text, lo, hi)
        while m is not None:
            accepted = None
            if m.end() > vetoed:
                accepted = accept(frame, rule, m.start(), m.end())
            if accepted is None:
                vetoed = max(vetoed, m.end())
                m = regex.search(frame.text, m.start() + 1, hi)
            else:
                candidates.append(accepted)
                m = regex.search(frame.text, max(m.end(), m.start() + 1), hi)


def sentences(frame: Frame) -> list[tuple[int, int]]:
    """Every sentence of the frame as a (start, end) range."""
    return list(zip(frame.starts, [*frame.starts[1:], len(frame.text)], strict=True))


def resolve(candidates: list[Finding], order: dict[tuple[str, str], int]) -> list[Finding]:
    """Within a category, the first of overlapping candidates in reading order (then in file order)."""
    candidates.sort(key=lambda f: (f.category, f.start, order[f.category, f.rule], -f.end))
    out: list[Finding] = []
    end, category = -1, ""
    for f in candidates:
        if f.category != category:
            end, category = -1, f.category
        if f.start >= end:
            out.append(f)
            end = f.end
    out.sort(key=lambda f: (f.start, -f.end, f.category))
    return out
