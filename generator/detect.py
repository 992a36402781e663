"""Stage 4 — detection: find cues with the rules in ``generator/rules/``.

One scan of the lower-cased text finds the trigger words of every rule (see
:mod:`generator.triggers`); each rule's expression then runs only in the
sentences where its triggers occur. A candidate is kept only when it stays
inside one sentence and one article block and no ``unless`` exception of its
rule fires; a vetoed candidate also silences the shorter matches of the same
rule inside it. Within a category, overlapping candidates are resolved in
reading order: the one that starts first wins, and on the same start the
rule written first in the file. Offsets are into the article's raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from .rules import RULES_DIR, CompiledRule, load_rules
from .triggers import WORD_START, trie_pattern

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "lt", "col", "capt", "cmdr", "sgt", "maj", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "inc", "corp", "co", "ltd", "llc", "bros", "dept", "univ", "assn", "no", "vs", "etc", "approx", "est", "fig", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "d.c", "ph.d", "m.d", "b.a", "m.a"]
)
# A sentence ends at . ! or ? (plus closing quotes/brackets) followed by white space.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"\s+[\"“‘']?([A-Z][a-z]*)\b")
OPENERS = frozenset(["The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On", "At", "This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "Yet", "So", "Then", "However", "Meanwhile", "After", "When", "As", "If", "Still", "Now", "Later", "Some", "Many", "Most", "One", "Two", "Officials", "Police", "Critics", "Experts", "Analysts", "Sources", "According"])
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
        self.rules = [r for cat in self.categories.values() for r in cat.rules]
        self.by_trigger: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            for t in rule.triggers:
                self.by_trigger.setdefault(t.removeprefix(WORD_START), []).append(i)
        words = {t[1:] for t in self._all_triggers() if t.startswith(WORD_START)}
        self.inner = sorted({t for t in self._all_triggers() if not t.startswith(WORD_START)})
        # Every trigger word is made of word characters only (see generator.triggers), so a
        # non-overlapping scan from word starts cannot miss one; prefixes share the hit.
        self.scan = re.compile(r"\b" + trie_pattern(words)) if words else None
        self.rules_at: dict[str, list[int]] = {}
        for w in words:
            self.rules_at[w] = sorted({i for n in range(1, len(w) + 1) for i in self.by_trigger.get(w[:n], ())})

    def _all_triggers(self) -> set[str]:
        return {t for r in self.rules for t in r.triggers}

    def hits(self, text: str) -> dict[int, list[int]]:
        """Offsets where a rule can match, per rule index: its trigger words (or 0 for rules without)."""
        out: dict[int, list[int]] = {i: [0] for i, r in enumerate(self.rules) if not r.triggers}
        low = text.lower()
        if len(low) != len(text):  # a few characters change length when lower-cased
            return {i: [0] for i in range(len(self.rules))}
        if self.scan is not None:
            rules_at = self.rules_at
            for m in self.scan.finditer(low):
                for i in rules_at[m.group()]:
                    out.setdefault(i, []).append(m.start())
        for t in self.inner:
            pos = low.find(t)
            while pos != -1:
                for i in self.by_trigger[t]:
                    out.setdefault(i, []).append(pos)
                pos = low.find(t, pos + 1)
        for positions in out.values():
            positions.sort()
        return out

    def detect(self, text: str, blocks: list[tuple[int, int]] | None = None) -> list[Finding]:
        """All findings in ``text``; ``blocks`` limits them to (start, end) ranges such as paragraphs."""
        bounds = sorted(blocks) if blocks is not None else [(0, len(text))]
        starts = sorted(set(sentence_starts(text)).union(b[0] for b in bounds))
        block_starts = [b[0] for b in bounds]
        candidates: list[Finding] = []
        for i, positions in self.hits(text).items():
            rule = self.rules[i]
            scanned = vetoed = -1
            for p in positions:
                if p < scanned:
                    continue
                s_idx = bisect_right(starts, p) - 1
                lo = starts[s_idx] if rule.width is None else max(starts[s_idx], p - rule.width)
                hi = starts[s_idx + 1] if s_idx + 1 < len(starts) and rule.triggers else len(text)
                m = rule.regex.search(text, lo, hi)
                while m is not None:
                    found = None
                    if m.end() > vetoed:
                        found = self._accept(text, rule, m.start(), m.end(), starts, bounds, block_starts)
                    if found is None:
                        vetoed = max(vetoed, m.end())
                        m = rule.regex.search(text, m.start() + 1, hi)
                    else:
                        candidates.append(found)
                        m = rule.regex.search(text, max(m.end(), m.start() + 1), hi)
                scanned = hi
        order = {(r.category, r.id): r.order for r in self.rules}
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
