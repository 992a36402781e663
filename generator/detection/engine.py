"""Stage 4 — detection: find cues with the rules of a language (``generator/rules/<lang>/``).

One scan of the lower-cased text finds the trigger words of every rule (see
:mod:`generator.detection.triggers`). For each alternative of a rule, the detector
takes the places where its lead occurs and the rest of the alternative
matches there (or the sentences where all its trigger words occur), and
tries the rule only at the word boundaries a few words before them, in the
order a search from the start of the sentence would: the matches are the
ones that searching every sentence would find (:mod:`generator.detection.reference`
does just that, and the tests compare the two), for a fraction of the work.
What happens to a match then is in :mod:`generator.detection.findings`.
Offsets are into the article's raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import itemgetter, lt, sub
from pathlib import Path
from typing import cast

from generator.detection.compiled import CompiledRule, Uncompilable
from generator.detection.findings import Finding, Frame, accept, resolve, search
from generator.detection.languages import DEFAULT_LANG, UnknownLanguage, available_languages
from generator.detection.needs import FOLD, WORD_START
from generator.detection.ruleset import detection_rules, scan_words
from generator.detection.sentences import ABBREVIATIONS, OPENERS, sentence_starts

__all__ = ["ABBREVIATIONS", "OPENERS", "Detector", "Finding", "UnknownLanguage", "available_languages", "detect",
           "sentence_starts", "warm"]

_WORD_STARTS = re.compile(r"\b(?=\w)")
_BOUNDARIES = re.compile(r"\b")
_FOLDS = re.compile("[" + "".join(FOLD) + "]")
_START = re.Match.start
# the end of a match of _back(), which always matches (it may match the empty string)
_MATCH_END = cast(Callable[[re.Match[str] | None], int], re.Match.end)
_FIRST_TWO = itemgetter(0, 1)
_Patterns = tuple[re.Pattern[str], ...]


_BACK: dict[int, re.Pattern[str]] = {}


def _back(runs: int) -> re.Pattern[str]:
    """Matches, in reversed text, the longest stretch with at most ``runs`` runs of white space."""
    if runs not in _BACK:
        _BACK[runs] = re.compile(r"\S*(?:\s+\S*){0,%d}" % runs)  # noqa: UP031 (braces of the regex)
    return _BACK[runs]


def _only(qs: list[int], index: list[int], keep: list[object]) -> tuple[list[int], list[int]]:
    """The offsets and their sentences where ``keep`` is true."""
    return list(compress(qs, keep)), list(compress(index, keep))


_NONE: set[int] = set()  # never changed: callers intersect, they do not add


class _Occurrences:
    """Where the trigger words of a detector's rules occur in one lower-cased text, and in which sentences."""

    def __init__(self, detector: Detector, low: str, starts: list[int]) -> None:
        # Sentences are numbered from 1, as bisect_right(starts, offset) numbers the one holding an offset.
        n = len(low)
        hits: dict[str, list[int]] = {}  # offsets of each string the scan reports
        where: dict[str, list[int]] = {}  # and the number of the sentence of each
        if detector.scan is not None:
            number, following = 1, starts[1] if len(starts) > 1 else n + 1
            for m in detector.scan.finditer(" " + low):  # the offset of the separator is that of the word
                p = m.start()
                if p >= following:
                    number = bisect_right(starts, p)
                    following = starts[number] if number < len(starts) else n + 1
                w = m.group()[1:]
                if w in hits:
                    hits[w].append(p)
                    where[w].append(number)
                else:
                    hits[w], where[w] = [p], [number]
        for w in detector.inner:
            pos = low.find(w)
            while pos != -1:
                hits.setdefault(w, []).append(pos)
                pos = low.find(w, pos + 1)
            if w in hits:
                where[w] = list(map(bisect_right, repeat(starts), hits[w]))
        self.hits, self._where = hits, where
        found: dict[int, list[str]] = {}  # the words found of each set of trigger words, from those found at all
        for w in hits:
            for need in detector.needs_of_key.get(w, ()):
                found.setdefault(need, []).append(w)
        self._by_need = found
        self._sentences = {need: set().union(*map(where.__getitem__, ws)) for need, ws in found.items()}
        self.begin = [0, *starts]  # where each sentence begins
        self.ends = [*starts, n]  # where it ends
        self.back_starts = [0, *(n - a for a in starts)]  # where it begins in the reversed text
        self.back_ends = [0, *(n - a + 1 if a else n for a in starts)]  # the same, one character further
        self._positions: dict[int, tuple[list[int], list[int]]] = {}

    def _found(self, need: int) -> list[str]:
        return self._by_need.get(need, [])

    def where(self, word: str) -> list[int]:
        """The sentence of each offset in ``hits[word]``."""
        return self._where[word]

    def positions(self, need: int) -> tuple[list[int], list[int]]:
        """The offsets of a set of trigger words (not in order) and the sentence of each."""
        if need not in self._positions:
            found = self._found(need)
            self._positions[need] = (list(chain.from_iterable(map(self.hits.__getitem__, found))),
                                     list(chain.from_iterable(map(self.where, found))))
        return self._positions[need]

    def sentences(self, need: int) -> set[int]:
        """Indexes of the sentences where a set of trigger words occurs."""
        return self._sentences.get(need, _NONE)


# How the detector finds where one alternative of a rule can match (see generator.detection.triggers): in the
# sentences where all its needs occur and, when it has a lead, where the lead occurs and the rest of the
# alternative matches; a match starts at most some runs of white space before an occurrence of the anchor
# (the lead or a need, whichever is closest to the start of a match). Its expressions are compiled only
# when its trigger words occur (see generator.detection.compiled).
@dataclass(frozen=True)
class _Plan:
    alt: int  # its number in the rule
    needs: tuple[int, ...]
    lead: int | None
    anchor: int
    runs: int | None


class Detector:
    """Detects cues of every category in a text."""

    def __init__(self, lang: str = DEFAULT_LANG, *, folder: Path | None = None) -> None:
        """The rules of ``lang`` (or of a rule ``folder``); :class:`UnknownLanguage` when there are none."""
        self.lang, self._folder = lang, folder
        self._setup(fresh=False)

    def _setup(self, fresh: bool) -> None:
        """The prepared rules, from the cache unless ``fresh``; a cached rule set whose expressions do not compile
        is prepared again from the YAML."""
        ruleset = detection_rules(self.lang, self._folder, fresh=fresh)
        try:
            self.scan = re.compile(ruleset.scan) if ruleset.scan is not None else None
        except (re.error, RecursionError, OverflowError, ValueError):
            if fresh:
                raise
            self._setup(fresh=True)
            return
        self.fresh = fresh
        self.rules = [CompiledRule(r) for r in ruleset.rules]
        self.order = {(r.category, r.id): r.order for r in self.rules}
        ids: dict[frozenset[str], int] = {}
        self.plans: list[list[_Plan] | None] = []
        for rule in self.rules:
            if not rule.alternatives:
                self.plans.append(None)
                continue
            plan = []
            for number, alt in enumerate(rule.alternatives):
                lead = ids.setdefault(alt.lead.words, len(ids)) if alt.lead is not None else None
                plan.append(_Plan(number, tuple(ids.setdefault(n.words, len(ids)) for n in alt.needs), lead,
                                  ids.setdefault(alt.anchor.words, len(ids)), alt.anchor.runs))
            self.plans.append(plan)
        words = scan_words(a for r in self.rules for a in r.alternatives)
        starting = sorted(w[1:] for w in words if w.startswith(WORD_START))
        self.inner = sorted(w for w in words if not w.startswith(WORD_START))
        # what the scan reports for each set of trigger words: the words it finds that start with one of them
        needs_of: dict[str, list[int]] = {}
        for need, i in ids.items():
            for w in need:
                needs_of.setdefault(w, []).append(i)
        keys: list[dict[str, None]] = [{} for _ in ids]
        for k in starting:
            for n in range(1, len(k) + 1):
                for i in needs_of.get(WORD_START + k[:n], ()):
                    keys[i][k] = None
        for w in self.inner:
            for i in needs_of[w]:
                keys[i][w] = None
        self.needs_of_key: dict[str, list[int]] = {}  # the other way round: the sets of trigger words a word is of
        for i, found in enumerate(keys):
            for w in found:
                self.needs_of_key.setdefault(w, []).append(i)

    def compile_all(self) -> Detector:
        """Compile every expression of every rule now (before forking workers, say), and return the detector."""
        try:
            for rule in self.rules:
                rule.compile_all()
        except Uncompilable:
            if self.fresh:
                raise
            self._setup(fresh=True)
            self.compile_all()
        return self

    def detect(self, text: str, blocks: list[tuple[int, int]] | None = None) -> list[Finding]:
        """All findings in ``text``; ``blocks`` limits them to (start, end) ranges such as paragraphs."""
        try:
            return self._detect(text, blocks)
        except Uncompilable:
            if self.fresh:
                raise
            self._setup(fresh=True)
            return self._detect(text, blocks)

    def _detect(self, text: str, blocks: list[tuple[int, int]] | None) -> list[Finding]:
        frame = Frame.of(text, sentence_starts(text), blocks)
        starts = frame.starts
        rev = text[::-1]
        low = (_FOLDS.sub(lambda m: FOLD[m.group()], text) if _FOLDS.search(text) else text).lower()
        found = _Occurrences(self, low, starts) if len(low) == len(text) else None
        candidates: list[Finding] = []
        for i, rule in enumerate(self.rules):
            plan = self.plans[i]
            if plan is None or found is None:
                search(frame, rule, zip(starts, [*starts[1:], len(text)], strict=True), candidates)
                continue
            positions, numbers, tries = self._starts(text, rev, rule, plan, found, starts)
            sentence_ends = found.ends
            # The matches that searching each sentence again and again would find: the next one starts at the
            # first place after the last one's start (after its end, when it was kept) where the rule matches.
            # At each place, the alternatives that may match there are tried in their order in the rule.
            vetoed = x = -1
            for p, j, patterns in zip(positions, numbers, tries, strict=True):
                if p < x:
                    continue
                m = None
                for pattern in patterns:
                    m = pattern.match(text, p, sentence_ends[j])
                    if m is not None:
                        break
                if m is None:
                    continue
                start, end = m.span()
                accepted = None
                if end > vetoed:
                    accepted = accept(frame, rule, start, end, j)
                if accepted is None:
                    vetoed = max(vetoed, end)
                    x = start + 1
                else:
                    candidates.append(accepted)
                    x = max(end, start + 1)
        return resolve(candidates, self.order)

    def _starts(self, text: str, rev: str, rule: CompiledRule, plan: list[_Plan], found: _Occurrences,
                starts: list[int]) -> tuple[list[int], list[int], list[_Patterns]]:
        """Every offset where a match of the rule can start, in order (see generator.detection.triggers), the number
        of its sentence, and the alternatives of the rule that may match there (compiled)."""
        n = len(text)
        windows: list[tuple[int, int, int, int]] = []  # sentence, first and last offset where a match can start,
        # and the number of the alternative
        for p in plan:
            sentences: set[int] | None = None
            for need in p.needs:
                sentences = found.sentences(need) if sentences is None else sentences & found.sentences(need)
            if sentences is not None and not sentences:
                continue
            if p.lead is not None:
                qs, index = found.positions(p.lead)
                if sentences is not None:
                    qs, index = _only(qs, index, list(map(sentences.__contains__, index)))
                # Checking the parts around the lead only narrows down where the alternative is tried: compiled
                # only when the lead occurs often (see generator.detection.compiled)
                rest = rule.suffix(p.alt, len(qs)) if qs else None
                if rest is not None:  # only where the rest of the alternative matches
                    ends = list(map(found.ends.__getitem__, index))
                    qs, index = _only(qs, index, list(map(rest.match, repeat(text), qs, ends)))
                front = rule.prefix(p.alt, len(qs)) if qs else None
                if front is not None:  # and what comes before it, read backwards from it
                    ends = list(map(found.back_ends.__getitem__, index))
                    qs, index = _only(qs, index, list(map(front.match, repeat(rev), map(sub, repeat(n), qs), ends)))
                last: dict[int, int] = {}  # the last place in each sentence where the lead can be
                for q, j in zip(qs, index, strict=True):
                    last[j] = max(q, last.get(j, q))
            if p.anchor != p.lead:
                qs, index = found.positions(p.anchor)
                if p.lead is not None:  # closer to the start of a match than the lead is: before it
                    qs, index = _only(qs, index, list(map(lt, qs, map(last.get, index, repeat(-1)))))
                elif sentences is not None:
                    qs, index = _only(qs, index, list(map(sentences.__contains__, index)))
            if p.runs is None:
                windows.extend(zip(index, map(found.begin.__getitem__, index), qs, repeat(p.alt), strict=False))
            else:
                back = map(_back(p.runs).match, repeat(rev), map(sub, repeat(n), qs),
                           map(found.back_starts.__getitem__, index))
                windows.extend(zip(index, map(sub, repeat(n), map(_MATCH_END, back)), qs, repeat(p.alt), strict=False))
        windows.sort(key=_FIRST_TWO)
        boundary = _WORD_STARTS if rule.word_first else _BOUNDARIES
        positions: list[int] = []
        numbers: list[int] = []
        tries: list[_Patterns] = []
        chosen: dict[int, _Patterns] = {}  # the alternatives (a bit each) tried in a stretch, compiled
        s, lo, hi, alts = -1, -1, -2, 0
        for t, a, b, k in [*windows, (-1, n + 2, n + 2, 0)]:
            if t != s or a > hi + 1:  # a new stretch: the places in the last one first
                if hi >= lo >= 0:
                    count = len(positions)
                    positions.extend(map(_START, boundary.finditer(text, lo, hi + 1)))
                    if len(positions) > count and positions[-1] > hi:
                        positions.pop()
                    numbers.extend(repeat(s, len(positions) - count))
                    if alts not in chosen:
                        chosen[alts] = tuple(rule.branch(i) for i in range(alts.bit_length()) if alts >> i & 1)
                    tries.extend(repeat(chosen[alts], len(positions) - count))
                s, lo, hi, alts = t, a, b, 1 << k
            else:
                hi = max(hi, b)
                alts |= 1 << k
        return positions, numbers, tries


_default: dict[str, Detector] = {}


def _detector(lang: str) -> Detector:
    detector = _default.get(lang)
    if detector is None:
        detector = _default[lang] = Detector(lang)
    return detector


def detect(text: str, blocks: list[tuple[int, int]] | None = None, lang: str = DEFAULT_LANG) -> list[Finding]:
    """Detect with the built-in rules of ``lang``; :class:`UnknownLanguage` when there are none."""
    return _detector(lang).detect(text, blocks)


def warm(lang: str = DEFAULT_LANG) -> None:
    """Compile every expression of the built-in rules of ``lang`` now: in a process about to fork workers, each
    of which would otherwise compile what its texts need."""
    _detector(lang).compile_all()
