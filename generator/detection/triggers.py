"""Trigger words: literal text that every match of a rule must contain, derived from its expression.

Detection is fast because it does not try every rule at every word. From
the parsed regular expression of each top-level alternative of a rule this
module derives:

* its **needs**, in order: sets of literal strings one of which every match
  contains ("according"; "source", "insider" or "official" ...), each with a
  bound on the runs of white space between the start of the match and it
  (None when unbounded);
* its **lead**, when it has one: the top-level part of the alternative that
  every match starts with one of a set of literal strings, the rarer the
  better, such as the word class of ``{ANON}`` in
  ``{SOME}?{MODS}(?:{ANON}|{HEARSAY}){POST} {AUX}(?:{SAYS})``. The detector
  checks the rest of the alternative right where the lead occurs, and what
  comes before it read backwards (see :mod:`generator.detection.fastre`), and tries the
  whole rule only at the few word starts before a lead that passes.

Derivation walks the parsed expression: a run of literal characters is a
need; a group contributes its needs; an alternation contributes one need, the
union of one need from each branch (or nothing when a branch has none);
optional parts contribute nothing. Only sets worth looking for in the whole
text are kept (see :func:`_scannable`). An alternative with neither a lead
nor a need cannot be filtered: its rule runs over the whole text (correct,
only slower), which the rule tests flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

try:  # the regular-expression parser ships with CPython as re._parser (sre_parse before 3.11)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MIN_LEN = 3
_WORD = re.compile(r"\w")
WORD_START = " "  # marks a string that always starts a word (the scan finds those fast)
# Characters that re.IGNORECASE matches with an ASCII letter but str.lower() does not turn into it
# (tests/test_rules.py checks this against the engine); the scan folds them before lower-casing.
FOLD = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}

# Words so frequent in news text that they make poor triggers: a need made only of them is dropped.
COMMON = frozenset(["the", "and", "that", "with", "from", "have", "has", "had", "was", "were", "are", "is", "not", "for", "this", "said", "says", "say", "they", "their", "there", "been", "will", "would", "could", "can", "may", "might", "also", "more", "most", "one", "two", "into", "about", "after", "than", "then", "when", "what", "which", "who", "its", "his", "her", "she", "you", "our", "but", "all", "out", "new", "year", "years", "people", "time"])
# Function words found in nearly every sentence: a set of strings holding one is never looked for.
FREQUENT = frozenset(["the", "and", "that", "for", "with", "from", "this"])
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))
_GROUPS = (_c.SUBPATTERN, getattr(_c, "ATOMIC_GROUP", None))
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_NO_SPACE_CATEGORIES = (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT, _c.CATEGORY_NOT_SPACE)
Item = tuple[object, object]


@dataclass(frozen=True)
class Need:
    """One of ``words`` occurs in every match, after at most ``runs`` runs of white space (None: no bound).

    A word that always starts a word in the text begins with WORD_START.
    """

    words: frozenset[str]
    runs: int | None


Chain = tuple[Need, ...]


@dataclass(frozen=True)
class Alternative:
    """What every match of one top-level alternative contains (see the module documentation).

    ``lead`` holds the strings that top-level item number ``item`` always starts
    with and the runs of white space before that item; None when no item qualifies.
    """

    needs: Chain
    item: int = -1
    lead: Need | None = None

    @property
    def anchor(self) -> Need:
        """The lead or need closest to the start of a match (fewest runs of white space before it)."""
        bounded = [n for n in self.needs if n.runs is not None]
        if self.lead is not None and self.lead.runs is not None and all(self.lead.runs <= n.runs for n in bounded):
            return self.lead
        if bounded:
            return min(bounded, key=lambda n: n.runs)  # type: ignore[arg-type,return-value]
        return self.lead or self.needs[0]


def _length(s: str) -> int:
    return len(s) - s.startswith(WORD_START)


def _score(n: Need) -> tuple[bool, int, int, int, int]:
    shortest = min(_length(s) for s in n.words)
    common = sum(s.removeprefix(WORD_START) in COMMON for s in n.words)
    return (shortest >= MIN_LEN, -common, min(shortest, 8), -len(n.words), -(10**6 if n.runs is None else n.runs))


def _scannable(n: Need) -> bool:
    """Worth looking for in the whole text: long enough, cheap to find, not only very common words and
    none of the most frequent ones."""
    words = [s.removeprefix(WORD_START) for s in n.words]
    return (all(_length(s) >= MIN_LEN and (s.startswith(WORD_START) or len(s) >= 5) for s in n.words)
            and not all(w in COMMON for w in words) and not any(w in FREQUENT for w in words))


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _run_char(ch: str) -> bool:
    """A character a literal string may hold: a word character that folds only to itself or to ASCII."""
    return bool(_WORD.match(ch)) and (ch.isascii() or ch.lower() == ch.upper())


@cache
def _spaces() -> frozenset[int]:
    return frozenset(i for i in range(0x3001) if chr(i).isspace())


def _is_space(op: object, av: object) -> bool:
    if op is _c.LITERAL:
        return chr(av).isspace()  # type: ignore[call-overload]
    if op is _c.IN:
        return all(o is _c.CATEGORY and a is _c.CATEGORY_SPACE for o, a in av)  # type: ignore[attr-defined]
    if op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
        return av[0] >= 1 and all(_is_space(o, a) for o, a in av[2])  # type: ignore[index]
    return False


def _class_runs(items: list[Item]) -> int:
    """1 when a character class can match white space, else 0."""
    for op, av in items:
        if (op is _c.NEGATE or (op is _c.LITERAL and av in _spaces())
                or (op is _c.RANGE and any(av[0] <= s <= av[1] for s in _spaces()))  # type: ignore[index]
                or (op is _c.CATEGORY and av not in _NO_SPACE_CATEGORIES)):
            return 1
    return 0


def _word_class(items: list[Item]) -> bool:
    """True when a character class matches only word characters."""
    return all((op is _c.LITERAL and _WORD.match(chr(av)))  # type: ignore[call-overload]
               or (op is _c.CATEGORY and av in (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT))
               or (op is _c.RANGE and av[1] - av[0] < 4096  # type: ignore[index]
                   and all(_WORD.match(chr(c)) for c in range(av[0], av[1] + 1)))  # type: ignore[index]
               for op, av in items)


def _non_word_class(items: list[Item]) -> bool:
    """True when a character class matches only characters that are not word characters."""
    return all((op is _c.LITERAL and not _WORD.match(chr(av)))  # type: ignore[call-overload]
               or (op is _c.CATEGORY and av in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD)) for op, av in items)


@dataclass
class _Seq:
    needs: list[Need]
    runs: int | None  # most white-space runs in a match of the whole sequence
    ends: bool  # the position after the sequence always starts a word (when a word character follows)


def _union(subs: list[_Seq], offset: int | None) -> Need | None:
    """One need of an alternation: a need of every branch, joined (None when a branch has none)."""
    picks = [max(s.needs, key=_score) if s.needs else None for s in subs]
    if not picks or not all(picks):
        return None
    runs = [n.runs for n in picks]  # type: ignore[union-attr]
    bound = None if None in runs else max(runs)  # type: ignore[type-var]
    return Need(frozenset().union(*(n.words for n in picks)), _add(offset, bound))  # type: ignore[union-attr]


def _walk(seq: Iterable[Item], word_start: bool, lead: tuple[str, bool] | None = None,
          points: list[tuple[int | None, bool]] | None = None) -> _Seq:
    """Needs of a parsed sequence in order, the white-space runs it can span and where it ends.

    ``lead`` is literal text that comes right before the sequence (and whether
    it starts a word): the parser moves a common prefix of alternatives out of
    them ("shock|stunning" becomes "s" then "hock|tunning"). ``points``, when
    given, receives the runs so far and whether a word starts, before each item.
    """
    needs: list[Need] = []
    runs: int | None = 0
    run: list[str] = list(lead[0]) if lead else []
    run_start = lead[1] if lead else word_start
    run_runs: int | None = 0

    def flush() -> None:
        if run:
            needs.append(Need(frozenset({(WORD_START if run_start else "") + "".join(run)}), run_runs))
            run.clear()

    def nested(sub: _Seq) -> None:
        needs.extend(Need(n.words, _add(runs, n.runs)) for n in sub.needs)

    for op, av in seq:
        if points is not None:
            points.append((runs, word_start))
        if op is _c.LITERAL and _run_char(chr(av)):  # type: ignore[call-overload]
            if not run:
                run_start, run_runs = word_start, runs
            run.append(chr(av).lower())  # type: ignore[call-overload]
            word_start = False
            continue
        if op is _c.BRANCH and run:
            base, text, start = run_runs, "".join(run), run_start
            subs = [_walk(alt, word_start, (text, start)) for alt in av[1]]  # type: ignore[index]
            run.clear()
            need = _union(subs, base)
            needs.append(need or Need(frozenset({(WORD_START if start else "") + text}), base))
            branch_runs = [s.runs for s in subs]
            runs = _add(base, None if None in branch_runs else max(branch_runs))  # type: ignore[type-var]
            word_start = all(s.ends for s in subs)
            continue
        flush()
        if op is _c.LITERAL:  # a space, hyphen or apostrophe: a word may start after it
            runs = _add(runs, int(chr(av).isspace()))  # type: ignore[call-overload]
            word_start = not _WORD.match(chr(av))  # type: ignore[call-overload]
        elif _is_space(op, av):
            runs = _add(runs, 1)
            word_start = True
        elif op is _c.AT:
            word_start = word_start or av is _c.AT_BOUNDARY
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            pass  # looks around without moving
        elif op in _GROUPS:
            sub = _walk(av[-1] if op is _c.SUBPATTERN else av, word_start)  # type: ignore[index,arg-type]
            nested(sub)
            runs = _add(runs, sub.runs)
            word_start = sub.ends
        elif op is _c.BRANCH:
            subs = [_walk(alt, word_start) for alt in av[1]]  # type: ignore[index]
            need = _union(subs, runs)
            if need:
                needs.append(need)
            branch_runs = [s.runs for s in subs]
            runs = _add(runs, None if None in branch_runs else max(branch_runs))  # type: ignore[type-var]
            word_start = all(s.ends for s in subs)
        elif op in _REPEATS:
            lo, hi, body = av  # type: ignore[misc]
            sub = _walk(body, word_start)
            if lo >= 1:
                nested(sub)
            if sub.runs == 0:
                pass
            elif all(_is_space(o, a) for o, a in body):
                runs = _add(runs, 1)
            else:
                runs = None if hi >= _c.MAXREPEAT or sub.runs is None else _add(runs, hi * sub.runs)
            word_start = sub.ends and (lo >= 1 or word_start)
        elif op is _c.IN:
            runs = _add(runs, _class_runs(av))  # type: ignore[arg-type]
            word_start = _non_word_class(av)  # type: ignore[arg-type]
        elif op in (_c.NOT_LITERAL, _c.ANY):
            runs = _add(runs, 1)
            word_start = False
        else:  # back-references and the like: anything may be matched
            runs = None
            word_start = False
    flush()
    return _Seq(needs, runs, word_start)


def _lead(seq: Iterable[Item], word_start: bool) -> tuple[frozenset[str], bool] | None:
    """Strings one of which every match of a sequence starts with, and whether they start a word."""
    run: list[str] = []
    for op, av in seq:
        if op is _c.LITERAL and _run_char(chr(av)):  # type: ignore[call-overload]
            run.append(chr(av).lower())  # type: ignore[call-overload]
            continue
        if run:
            if op is _c.BRANCH:  # a prefix the parser moved out of the branches
                subs = [_lead(alt, False) for alt in av[1]]  # type: ignore[index]
                if all(subs):
                    return frozenset("".join(run) + s for sub in subs for s in sub[0]), word_start  # type: ignore[index]
            break
        if op in _ZERO_WIDTH:
            word_start = word_start or (op is _c.AT and av is _c.AT_BOUNDARY)
            continue
        if op is _c.BRANCH:
            subs = [_lead(alt, word_start) for alt in av[1]]  # type: ignore[index]
            if not subs or not all(subs):
                return None
            return frozenset().union(*(s[0] for s in subs)), all(s[1] for s in subs)  # type: ignore[index]
        if op in _GROUPS:
            return _lead(av[-1] if op is _c.SUBPATTERN else av, word_start)  # type: ignore[index,arg-type]
        if op in _REPEATS and av[0] >= 1:  # type: ignore[index]
            return _lead(av[2], word_start)  # type: ignore[index]
        return None
    return (frozenset({"".join(run)}), word_start) if run else None


def _alternative(items: list[Item]) -> Alternative:
    points: list[tuple[int | None, bool]] = []
    needs = _walk(items, True, points=points).needs
    valid = [n for n in needs if min(_length(s) for s in n.words) >= MIN_LEN]
    chain = tuple(n for n in valid if _scannable(n)) or ((max(valid, key=_score),) if valid else ())
    leads = []
    for i, (runs, word_start) in enumerate(points):
        found = _lead(items[i:], word_start)
        if found:
            lead = Need(frozenset((WORD_START if found[1] else "") + s for s in found[0]), runs)
            if _scannable(lead):
                leads.append((i, lead))
    if not leads:
        return Alternative(chain)
    item, lead = max(leads, key=lambda x: _score(x[1]))
    return Alternative(chain, item, lead)


def _top(pattern: str) -> list[list[Item]]:
    """The top-level alternatives of a parsed expression."""
    items = list(_p.parse(pattern, re.IGNORECASE))
    return [list(alt) for alt in items[0][1][1]] if len(items) == 1 and items[0][0] is _c.BRANCH else [items]


def alternatives(pattern: str) -> tuple[Alternative, ...]:
    """One entry per top-level alternative of ``pattern``; empty when one of them has neither lead nor need."""
    try:
        out = tuple(_alternative(items) for items in _top(pattern))
    except Exception:
        return ()
    return out if all(a.lead or a.needs for a in out) else ()


def _first(seq: Iterable[Item]) -> tuple[bool, bool]:
    """Whether a parsed sequence can match the empty string, and whether its other matches start with a word character."""
    word = True
    for op, av in seq:
        if op is _c.LITERAL:
            empty, starts = False, bool(_WORD.match(chr(av)))  # type: ignore[call-overload]
        elif op is _c.IN:
            empty, starts = False, _word_class(av)  # type: ignore[arg-type]
        elif op in _ZERO_WIDTH:
            empty, starts = True, True
        elif op in _GROUPS:
            empty, starts = _first(av[-1] if op is _c.SUBPATTERN else av)  # type: ignore[index,arg-type]
        elif op is _c.BRANCH:
            firsts = [_first(alt) for alt in av[1]]  # type: ignore[index]
            empty, starts = any(e for e, _ in firsts), all(s for _, s in firsts)
        elif op in _REPEATS:
            empty, starts = _first(av[2])  # type: ignore[index]
            empty = empty or av[0] == 0  # type: ignore[index]
        else:
            empty, starts = op is not _c.NOT_LITERAL and op is not _c.ANY, False
        word = word and starts
        if not empty:
            return False, word
    return True, word


def starts_word(pattern: str) -> bool:
    """True when every match of ``pattern`` is non-empty and starts with a word character."""
    try:
        empty, word = _first(_p.parse(pattern, re.IGNORECASE))
    except Exception:
        return False
    return word and not empty
