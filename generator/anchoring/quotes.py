"""Stage 3 — anchoring: find a quoted span in the article's raw text.

A quote matches across any run of white space (so a quote may join lines
with a space) and across straight and curly quotation marks. ``prefix`` /
``suffix`` / ``occurrence`` pick one of several matches. When nothing matches,
:func:`closest` finds the best approximate match for "did you mean".
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

_QUOTES = {"'": "['‘’`]", "‘": "['‘’`]", "’": "['‘’`]", '"': '["“”]', "“": '["“”]', "”": '["“”]',
           "-": "[-‐‑–—]", "–": "[-‐‑–—]", "—": "[-‐‑–—]"}
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")
_FOLD = str.maketrans({"‘": "'", "’": "'", "`": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Text with white space collapsed and quotation marks and dashes made plain."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


def quote_pattern(quote: str) -> re.Pattern[str]:
    parts = []
    for chunk in _SPACE.split(quote.strip()):
        parts.append("".join(_QUOTES.get(ch, re.escape(ch)) for ch in chunk))
    return re.compile(r"\s+".join(parts))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    score: float = 1.0


def find_all(text: str, quote: str) -> list[Match]:
    if not quote.strip():
        return []
    return [Match(m.start(), m.end()) for m in quote_pattern(quote).finditer(text)]


def _has_prefix(text: str, start: int, prefix: str) -> bool:
    want = fold(prefix)
    window = text[max(0, start - 3 * len(prefix) - 20): start]
    return fold(window).endswith(want)


def _has_suffix(text: str, end: int, suffix: str) -> bool:
    want = fold(suffix)
    window = text[end: end + 3 * len(suffix) + 20]
    return fold(window).startswith(want)


def select(
    text: str, candidates: list[Match], prefix: str | None, suffix: str | None, occurrence: int | None
) -> list[Match]:
    """The candidates that fit the disambiguation given."""
    out = candidates
    if prefix:
        out = [m for m in out if _has_prefix(text, m.start, prefix)]
    if suffix:
        out = [m for m in out if _has_suffix(text, m.end, suffix)]
    if occurrence is not None:
        out = out[occurrence - 1: occurrence] if occurrence <= len(out) else []
    return out


def _key(word: str) -> str:
    """A word's comparison key: folded, lower case, first five characters (robust to endings and typos)."""
    return word.translate(_FOLD).lower().strip("\"'.,;:!?()[]")[:5]


EXHAUSTIVE = 20_000  # word-windows up to which every start is compared in detail


def _candidate_starts(keys: list[str], want_keys: list[str], near_word: int | None, keep: int = 24) -> list[int]:
    """Word indexes where a window of the quote's length shares the most words with it.

    One sliding pass keeps the overlap count up to date, so the cost is
    linear in the article; only the best few windows are compared in detail.
    """
    if len(keys) * len(want_keys) <= EXHAUSTIVE:
        return list(range(len(keys)))  # small enough to compare every window in detail
    k = len(want_keys)
    need = Counter(want_keys)
    have: Counter[str] = Counter()
    overlap = 0
    ranked: list[tuple[int, int]] = []
    for i, key in enumerate(keys):
        if have[key] < need[key]:
            overlap += 1
        have[key] += 1
        if i >= k:
            old = keys[i - k]
            have[old] -= 1
            if have[old] < need[old]:
                overlap -= 1
        if i >= k - 1 and overlap:
            ranked.append((overlap, i - k + 1))
    floor = max(1, (k + 2) // 3)
    ranked = [r for r in ranked if r[0] >= floor]
    ranked.sort(key=lambda r: (-r[0], r[1]))
    starts = {i for _, i in ranked[:keep]}
    if near_word is not None:
        starts |= {i for i in range(near_word - 3, near_word + 4) if 0 <= i < len(keys)}
    return sorted(starts)


def closest(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
            near: int | None = None, limit: int = 1) -> list[Match]:
    """Best approximate matches of ``quote`` in ``text``, highest score first.

    The score is the quote's similarity, raised by matching prefix/suffix
    context and by nearness to ``near`` (an old position), in the manner of
    fuzzy anchoring in web annotation tools. Candidates come from a linear
    word-overlap pass, so the cost grows with the article's length, not
    with its square.
    """
    want = fold(quote)
    if not want:
        return []
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    keys = [_key(text[s:e]) for s, e in spans]
    want_keys = [_key(w) for w in want.split()]
    near_word = bisect_left([s for s, _ in spans], near) if near is not None and spans else None
    scored: list[Match] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(want)
    n = len(want)
    k = len(want_keys)
    starts = _candidate_starts(keys, want_keys, near_word)
    exhaustive = len(starts) == len(spans)
    words = difflib.SequenceMatcher(autojunk=False)
    words.set_seq2(want_keys)
    for i in starts:
        best: Match | None = None
        start = spans[i][0]
        if exhaustive:  # every window of whole words whose length is near the quote's
            stops = [e for _, e in spans[i:i + 3 * k + 3] if 0.6 * n <= e - start <= 1.5 * n + 2]
        else:  # long text: the window size whose words fit best, compared once in detail
            sizes = [z for z in range(max(1, k - 2), k + 3) if i + z <= len(spans)]
            if not sizes:
                continue

            def fit(z: int, i: int = i) -> float:
                words.set_seq1(keys[i:i + z])
                return words.ratio()

            stops = [spans[i + max(sizes, key=fit) - 1][1]]
        for stop in stops:
            matcher.set_seq1(fold(text[start:stop]))
            if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                continue
            score = matcher.ratio()
            if score >= 0.5 and (best is None or score > best.score):
                best = Match(start, stop, score)
        if best is None:
            continue
        score, stop = best.score, best.end
        if prefix:
            before = fold(text[max(0, start - len(prefix) - 10): start])[-len(prefix):]
            score += 0.1 * difflib.SequenceMatcher(None, before, fold(prefix)).ratio()
        if suffix:
            after = fold(text[stop: stop + len(suffix) + 10])[: len(suffix)]
            score += 0.1 * difflib.SequenceMatcher(None, after, fold(suffix)).ratio()
        if near is not None:
            score += 0.1 / (1 + abs(start - near) / 200)
        scored.append(Match(start, stop, round(score, 4)))
    scored.sort(key=lambda m: (-m.score, m.start))
    return scored[:limit]
