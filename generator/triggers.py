"""Trigger words: the literal text every match of a pattern must contain.

Detection is fast because it does not try every rule at every character.
For each rule a set of literal strings is derived from its regular
expression, such that every match contains at least one of them ("reportedly"
or "allegedly"; "source", "insider" or "official" ...). One scan of the
lower-cased text for all trigger strings at once (a trie-shaped regular
expression) finds the few places where a rule can match; the rule's own
expression then runs only in the sentences around them.

Derivation walks the parsed expression: a run of literal characters is a
candidate; an alternation yields the union of its branches' best candidates
(or nothing when one branch has none); optional parts yield nothing. The best
candidate has no string shorter than ``MIN_LEN``, avoids very common words,
then is the set whose shortest string is longest. A rule with no
candidate of at least ``MIN_LEN`` characters has no triggers and is run over
the whole text (correct, only slower); the rule tests flag it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

try:  # the regular-expression parser ships with CPython as re._parser (sre_parse before 3.11)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MIN_LEN = 3
_WORD = re.compile(r"\w")
WORD_START = " "  # marks a trigger that always starts a word (found with \\b, which is faster)
Candidate = frozenset[str]


def _length(s: str) -> int:
    return len(s) - s.startswith(WORD_START)


# Words so frequent in news text that they make poor triggers: any other candidate is preferred.
COMMON = frozenset(["the", "and", "that", "with", "from", "have", "has", "had", "was", "were", "are", "is", "not", "for", "this", "said", "says", "say", "they", "their", "there", "been", "will", "would", "could", "can", "may", "might", "also", "more", "most", "one", "two", "into", "about", "after", "than", "then", "when", "what", "which", "who", "its", "his", "her", "she", "you", "our", "but", "all", "out", "new", "year", "years", "people", "time"])


def _score(c: Candidate) -> tuple[bool, int, int, int]:
    shortest = min(_length(s) for s in c)
    common = sum(s.removeprefix(WORD_START) in COMMON for s in c)
    return (shortest >= MIN_LEN, -common, min(shortest, 8), -len(c))


def _best(cands: list[Candidate]) -> Candidate | None:
    return max(cands, key=_score) if cands else None


def _is_space(op: object, av: object) -> bool:
    if op is _c.LITERAL:
        return chr(av).isspace()  # type: ignore[call-overload]
    if op is _c.IN:
        return all(o is _c.CATEGORY and a is _c.CATEGORY_SPACE for o, a in av)  # type: ignore[attr-defined]
    if op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
        return av[0] >= 1 and all(_is_space(o, a) for o, a in av[2])  # type: ignore[index]
    return False


def _required(seq: Iterable[tuple[object, object]], word_start: bool,
              lead: tuple[str, bool] = ("", False)) -> tuple[list[Candidate], bool]:
    """Candidate trigger sets of a parsed sequence (each set has a member in every match),
    and whether the position after the sequence is always the start of a word.

    ``lead`` is literal text that comes right before the sequence (and whether
    it starts a word): the parser moves a common prefix of alternatives out of
    them ("shock|stunning" becomes "s" then "hock|tunning").
    """
    cands: list[Candidate] = []
    run: list[str] = list(lead[0])
    run_start = lead[1] if lead[0] else word_start

    def flush() -> None:
        if run:
            cands.append(frozenset({(WORD_START if run_start else "") + "".join(run)}))
            run.clear()

    def sub(items: Iterable[tuple[object, object]]) -> bool:
        found, ends = _required(items, word_start)
        best = _best(found)
        if best:
            cands.append(best)
        return ends

    for op, av in seq:
        if op is _c.LITERAL and _WORD.match(chr(av)):  # type: ignore[call-overload]
            if not run:
                run_start = word_start
            run.append(chr(av).lower())  # type: ignore[call-overload]
            word_start = False
            continue
        if op is _c.LITERAL:  # a space, hyphen or apostrophe: a word may start after it
            flush()
            word_start = True
            continue
        if op is _c.BRANCH and run:
            prefix = ("".join(run), run_start)
            results = [_required(alt, word_start, prefix) for alt in av[1]]  # type: ignore[index]
            alts = [_best(found) for found, _ in results]
            cands.append(frozenset({(WORD_START if run_start else "") + "".join(run)}))
            run.clear()
            if alts and all(alts):
                cands.append(frozenset().union(*alts))  # type: ignore[arg-type]
            word_start = all(ends for _, ends in results)
            continue
        flush()
        if _is_space(op, av):
            word_start = True
        elif op is _c.AT:
            word_start = word_start or av is _c.AT_BOUNDARY
        elif op is _c.SUBPATTERN:
            word_start = sub(av[-1])  # type: ignore[index]
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            word_start = sub(av)  # type: ignore[arg-type]
        elif op is _c.BRANCH:
            results = [_required(alt, word_start) for alt in av[1]]  # type: ignore[index]
            alts = [_best(found) for found, _ in results]
            if alts and all(alts):
                cands.append(frozenset().union(*alts))  # type: ignore[arg-type]
            word_start = all(ends for _, ends in results)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, body = av  # type: ignore[misc]
            found, ends = _required(body, word_start)
            if lo >= 1 and _best(found):
                cands.append(_best(found))  # type: ignore[arg-type]
            word_start = ends and (lo >= 1 or word_start)
        else:
            word_start = False
    flush()
    return cands, word_start


def triggers(pattern: str) -> frozenset[str]:
    """Lower-case strings one of which every match of ``pattern`` contains; empty when none is found.

    A string that always starts a word in the text begins with WORD_START.
    """
    try:
        parsed = _p.parse(pattern, re.IGNORECASE)
    except Exception:
        return frozenset()
    best = _best(_required(parsed, True)[0])
    if not best or min(_length(s) for s in best) < MIN_LEN:
        return frozenset()
    return best


def width(pattern: str) -> int | None:
    """The longest text a match can span, or None when it is unbounded."""
    try:
        hi = _p.parse(pattern, re.IGNORECASE).getwidth()[1]
    except Exception:
        return None
    return None if hi >= _c.MAXREPEAT else int(hi)


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first, shaped as a trie for speed."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return emit(trie)
