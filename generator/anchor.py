"""Stage 3 — anchoring: find a quoted span in the article's raw text.

A quote matches across any run of white space (so a quote may join lines
with a space) and across straight and curly quotation marks. ``prefix`` /
``suffix`` / ``occurrence`` pick one of several matches. When nothing matches,
:func:`closest` finds the best approximate match for "did you mean".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_QUOTES = {"'": "['‘’`]", "‘": "['‘’`]", "’": "['‘’`]", '"': '["“”]', "“": '["“”]', "”": '["“”]',
           "-": "[-‐‑–—]", "–": "[-‐‑–—]", "—": "[-‐‑–—]"}
_SPACE = re.compile(r"\s+")
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


def closest(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
            near: int | None = None, limit: int = 1) -> list[Match]:
    """Best approximate matches of ``quote`` in ``text``, highest score first.

    The score is the quote's similarity, raised by matching prefix/suffix
    context and by nearness to ``near`` (an old position), in the manner of
    fuzzy anchoring in web annotation tools.
    """
    want = fold(quote)
    if not want:
        return []
    n = len(want)
    word_re = re.compile(r"\S+")
    spans = [(m.start(), m.end()) for m in word_re.finditer(text)]
    scored: list[Match] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(want)
    for i, (start, _) in enumerate(spans):
        best: Match | None = None
        # windows of whole words whose length is near the quote's
        for _, stop in spans[i:]:
            length = stop - start
            if length > 1.5 * n + 2:
                break
            if length < 0.6 * n:
                continue
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
            score += 0.1 * difflib.SequenceMatcher(None, fold(text[max(0, start - len(prefix) - 10): start])[-len(prefix):], fold(prefix)).ratio()
        if suffix:
            score += 0.1 * difflib.SequenceMatcher(None, fold(text[stop: stop + len(suffix) + 10])[: len(suffix)], fold(suffix)).ratio()
        if near is not None:
            score += 0.1 / (1 + abs(start - near) / 200)
        scored.append(Match(start, stop, round(score, 4)))
    scored.sort(key=lambda m: (-m.score, m.start))
    return scored[:limit]
