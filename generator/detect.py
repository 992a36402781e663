"""Stage 4 — detection: find cues with the rules in ``generator/rules/``.

Every category is scanned once with one combined expression. A candidate is
kept only when it stays inside one sentence and one article block and no
``unless`` exception of its rule fires; otherwise the other rules are tried
at the same place. Offsets are into the article's raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from .rules import RULES_DIR, CompiledRule, load_rules

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "lt", "col", "capt", "cmdr", "sgt", "maj", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "inc", "corp", "co", "ltd", "llc", "bros", "dept", "univ", "assn", "no", "vs", "etc", "approx", "est", "fig", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "d.c", "ph.d", "m.d", "b.a", "m.a"]
)
# A sentence ends at . ! or ? (plus closing quotes/brackets) followed by white space.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"\s+[\"“‘']?([A-Z][a-z]*)\b")
OPENERS = frozenset(["The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On", "At", "This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "Yet", "So"])
WINDOW = 160


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


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (the first is always 0).

    A full stop after a known abbreviation ("U.S.", "Dr.") or a single
    initial ends a sentence only when the next word is one that typically
    opens a sentence ("The", "He", "But" ...): "the U.S. Congress" and
    "U.S.\nPresident" stay one sentence, "in the U.S. The" does not.
    """
    starts = [0]
    for m in _END.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            w = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
            word = w.group(1).lower() if w else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                nxt = _NEXT_WORD.match(text, end)
                if not (nxt and nxt.group(1) in OPENERS):
                    continue
        starts.append(end)
    return starts


class Detector:
    """Detects cues of every category in a text."""

    def __init__(self, rules_dir: Path = RULES_DIR) -> None:
        self.categories = load_rules(rules_dir)

    def detect(self, text: str, blocks: list[tuple[int, int]] | None = None) -> list[Finding]:
        """All findings in ``text``; ``blocks`` limits them to (start, end) ranges such as paragraphs."""
        starts = sentence_starts(text)
        bounds = sorted(blocks) if blocks is not None else [(0, len(text))]
        block_starts = [b[0] for b in bounds]
        out: list[Finding] = []
        for cat in self.categories.values():
            pos = 0
            while True:
                m = cat.combined.search(text, pos)
                if m is None:
                    break
                index = int(m.lastgroup[1:])  # type: ignore[index]
                found = self._accept(text, cat.rules[index], m.start(), m.end(), starts, bounds, block_starts)
                if found is None:
                    found = self._retry(text, cat.rules, index, m.start(), starts, bounds, block_starts)
                if found is None:
                    pos = m.start() + 1
                    continue
                out.append(found)
                pos = found.end
        out.sort(key=lambda f: (f.start, -f.end, f.category))
        return out

    def _retry(self, text: str, rules: list[CompiledRule], skip: int, at: int, starts: list[int],
               bounds: list[tuple[int, int]], block_starts: list[int]) -> Finding | None:
        for i, rule in enumerate(rules):
            if i == skip:
                continue
            m = rule.regex.match(text, at)
            if m:
                found = self._accept(text, rule, m.start(), m.end(), starts, bounds, block_starts)
                if found:
                    return found
        return None

    @staticmethod
    def _accept(text: str, rule: CompiledRule, start: int, end: int, starts: list[int],
                bounds: list[tuple[int, int]], block_starts: list[int]) -> Finding | None:
        s_idx = bisect_right(starts, start) - 1
        if s_idx + 1 < len(starts) and starts[s_idx + 1] < end:
            return None  # crosses a sentence boundary
        b_idx = bisect_right(block_starts, start) - 1
        if b_idx < 0 or end > bounds[b_idx][1]:
            return None  # outside the article body, or across blocks
        s_start = max(starts[s_idx], bounds[b_idx][0])
        s_end = min(starts[s_idx + 1] if s_idx + 1 < len(starts) else len(text), bounds[b_idx][1])
        matched = text[start:end]
        before = text[max(s_start, start - WINDOW):start]
        after = text[end:min(s_end, end + WINDOW)]
        if (any(p.search(before) for p in rule.before) or any(p.search(after) for p in rule.after)
                or any(p.search(matched) for p in rule.inside)
                or any(p.search(text, s_start, s_end) for p in rule.sentence)):
            return None
        return Finding(rule.category, start, end, rule.id, rule.message, rule.question)


_default: Detector | None = None


def detect(text: str, blocks: list[tuple[int, int]] | None = None) -> list[Finding]:
    """Detect with the built-in rules."""
    global _default
    if _default is None:
        _default = Detector()
    return _default.detect(text, blocks)
