"""Trigger words: literal text that every match of a rule must contain, derived from its expression.

Detection is fast because it does not try every rule at every word. From
the parsed expression (:mod:`generator.detection.syntax`) of each top-level
alternative of a rule this module derives:

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

Derivation walks the tree: a run of literal characters is a need; a group
contributes its needs; an alternation contributes one need, the union of one
need from each branch (or nothing when a branch has none); optional parts
contribute nothing. Only sets worth looking for in the whole text are kept
(see :func:`_scannable`). An alternative with neither a lead nor a need
cannot be filtered: its rule runs over the whole text (correct, only
slower), which the rule tests flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.detection.needs import FOLD, WORD_START, Alternative, Chain, Need
from generator.detection.syntax import Alt, Any, At, Cls, Group, Lit, Look, Node, Repeat, Seq, parse

__all__ = ["FOLD", "SPACES", "WORD_START", "Alternative", "Chain", "Need", "alternatives", "starts_word", "top"]

MIN_LEN = 3
_WORD = re.compile(r"\w")
# Words so frequent in news text that they make poor triggers: a need made only of them is dropped.
COMMON = frozenset(["the", "and", "that", "with", "from", "have", "has", "had", "was", "were", "are", "is", "not", "for", "this", "said", "says", "say", "they", "their", "there", "been", "will", "would", "could", "can", "may", "might", "also", "more", "most", "one", "two", "into", "about", "after", "than", "then", "when", "what", "which", "who", "its", "his", "her", "she", "you", "our", "but", "all", "out", "new", "year", "years", "people", "time"])
# Function words found in nearly every sentence: a set of strings holding one is never looked for.
FREQUENT = frozenset(["the", "and", "that", "for", "with", "from", "this"])
_NO_SPACE_CATEGORIES = frozenset("wdS")


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


def _most(values: Sequence[int | None]) -> int | None:
    bounded = [v for v in values if v is not None]
    return None if len(bounded) < len(values) else max(bounded)


def _run_char(node: Node) -> str | None:
    """The character of a literal that a literal string may hold: a word character that folds only to itself
    or to ASCII (None for anything else)."""
    if isinstance(node, Lit) and _WORD.match(node.ch) and (node.ch.isascii() or node.ch.lower() == node.ch.upper()):
        return node.ch.lower()
    return None


def _class_matches_space(node: Cls) -> bool:
    if node.negate:
        return True
    for kind, a, b in node.items:
        if kind == "cat" and a not in _NO_SPACE_CATEGORIES:
            return True
        if kind == "char" and a.isspace():
            return True
        if kind == "range" and any(a <= c <= b for c in SPACES):
            return True
    return False


# every character str.isspace() accepts (tests/test_detect_syntax.py checks the list)
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _is_space(node: Node) -> bool:
    """True when the node matches one or more white-space characters and nothing else."""
    if isinstance(node, Lit):
        return node.ch.isspace()
    if isinstance(node, Cls):
        return not node.negate and all(kind == "cat" and a == "s" for kind, a, _ in node.items)
    if isinstance(node, Repeat):
        return node.lo >= 1 and _is_space(node.body)
    return False


def _word_class(node: Cls) -> bool:
    """True when a character class matches only word characters."""
    return not node.negate and all(
        (kind == "char" and bool(_WORD.match(a))) or (kind == "cat" and a in "wd")
        or (kind == "range" and ord(b) - ord(a) < 4096 and all(_WORD.match(chr(c)) for c in range(ord(a), ord(b) + 1)))
        for kind, a, b in node.items)


def _non_word_class(node: Cls) -> bool:
    """True when a character class matches only characters that are not word characters."""
    return not node.negate and all((kind == "char" and not _WORD.match(a)) or (kind == "cat" and a in "sW")
                                   for kind, a, _ in node.items)


@dataclass
class _Seq:
    needs: list[Need]
    runs: int | None  # most white-space runs in a match of the whole sequence
    ends: bool  # the position after the sequence always starts a word (when a word character follows)


def _union(subs: list[_Seq], offset: int | None) -> Need | None:
    """One need of an alternation: a need of every branch, joined (None when a branch has none)."""
    picks: list[Need] = []
    for s in subs:
        if not s.needs:
            return None
        picks.append(max(s.needs, key=_score))
    if not picks:
        return None
    return Need(frozenset().union(*(n.words for n in picks)), _add(offset, _most([n.runs for n in picks])))


def _body(node: Group | Repeat) -> Seq:
    """The items of a group's or a repeat's body (parsed sequences have their plain groups inline already)."""
    body = node.body
    if isinstance(body, Group) and body.icase is None:
        body = body.body
    if isinstance(body, Alt):
        return body.branches[0] if len(body.branches) == 1 else (body,)
    return (body,)


def _walk(seq: Seq, word_start: bool, lead: tuple[str, bool] | None = None,
          points: list[tuple[int | None, bool]] | None = None) -> _Seq:
    """Needs of a sequence in order, the white-space runs it can span and where it ends.

    ``lead`` is literal text that comes right before the sequence (and whether
    it starts a word), as in ``s(?:hock|tunning)``. ``points``, when given,
    receives the runs so far and whether a word starts, before each item.
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

    for node in seq:
        if points is not None:
            points.append((runs, word_start))
        ch = _run_char(node)
        if ch is not None:
            if not run:
                run_start, run_runs = word_start, runs
            run.append(ch)
            word_start = False
            continue
        if isinstance(node, Alt) and run:
            base, text, start = run_runs, "".join(run), run_start
            subs = [_walk(b, word_start, (text, start)) for b in node.branches]
            run.clear()
            need = _union(subs, base)
            needs.append(need or Need(frozenset({(WORD_START if start else "") + text}), base))
            runs = _add(base, _most([s.runs for s in subs]))
            word_start = all(s.ends for s in subs)
            continue
        flush()
        if isinstance(node, Lit):  # a space, hyphen or apostrophe: a word may start after it
            runs = _add(runs, int(node.ch.isspace()))
            word_start = not _WORD.match(node.ch)
        elif _is_space(node):
            runs = _add(runs, 1)
            word_start = True
        elif isinstance(node, At):
            word_start = word_start or node.kind == r"\b"
        elif isinstance(node, Look):
            pass  # looks around without moving
        elif isinstance(node, Group):
            sub = _walk(_body(node), word_start)
            nested(sub)
            runs = _add(runs, sub.runs)
            word_start = sub.ends
        elif isinstance(node, Alt):
            subs = [_walk(b, word_start) for b in node.branches]
            need = _union(subs, runs)
            if need:
                needs.append(need)
            runs = _add(runs, _most([s.runs for s in subs]))
            word_start = all(s.ends for s in subs)
        elif isinstance(node, Repeat):
            body = _body(node)
            sub = _walk(body, word_start)
            if node.lo >= 1:
                nested(sub)
            if sub.runs == 0:
                pass
            elif all(_is_space(n) for n in body):
                runs = _add(runs, 1)
            else:
                runs = None if node.hi is None or sub.runs is None else _add(runs, node.hi * sub.runs)
            word_start = sub.ends and (node.lo >= 1 or word_start)
        elif isinstance(node, Cls):
            runs = _add(runs, int(_class_matches_space(node)))
            word_start = _non_word_class(node)
        elif isinstance(node, Any):
            runs = _add(runs, 1)
            word_start = False
        else:  # anything else: anything may be matched
            runs = None
            word_start = False
    flush()
    return _Seq(needs, runs, word_start)


def _lead(seq: Seq, word_start: bool) -> tuple[frozenset[str], bool] | None:
    """Strings one of which every match of a sequence starts with, and whether they start a word."""
    run: list[str] = []
    for node in seq:
        ch = _run_char(node)
        if ch is not None:
            run.append(ch)
            continue
        if run:
            if isinstance(node, Alt):  # s(?:hock|tunning)
                found = [_lead(b, False) for b in node.branches]
                words: set[str] = set()
                for f in found:
                    if f is None:
                        break
                    words.update("".join(run) + s for s in f[0])
                else:
                    return frozenset(words), word_start
            break
        if isinstance(node, (At, Look)):
            word_start = word_start or (isinstance(node, At) and node.kind == r"\b")
            continue
        if isinstance(node, Alt):
            subs = [_lead(b, word_start) for b in node.branches]
            leads = [s for s in subs if s is not None]
            if not subs or len(leads) < len(subs):
                return None
            return frozenset().union(*(s[0] for s in leads)), all(s[1] for s in leads)
        if isinstance(node, Group):
            return _lead(_body(node), word_start)
        if isinstance(node, Repeat) and node.lo >= 1:
            return _lead(_body(node), word_start)
        return None
    return (frozenset({"".join(run)}), word_start) if run else None


def _alternative(items: Seq) -> Alternative:
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


def top(tree: Alt) -> list[Seq]:
    """The top-level alternatives of a parsed expression, with groups that set no flag written inline."""
    if len(tree.branches) == 1:
        items = tree.branches[0]
        if len(items) == 1 and isinstance(items[0], Alt):
            return list(items[0].branches)
        return [items]
    return list(tree.branches)


def alternatives(pattern: str) -> tuple[Alternative, ...]:
    """One entry per top-level alternative of ``pattern``; empty when one of them has neither lead nor need."""
    out = tuple(_alternative(items) for items in top(parse(pattern)))
    return out if all(a.lead or a.needs for a in out) else ()


def _first(seq: Seq) -> tuple[bool, bool]:
    """Whether a sequence can match the empty string, and whether its other matches start with a word character."""
    word = True
    for node in seq:
        if isinstance(node, Lit):
            empty, starts = False, bool(_WORD.match(node.ch))
        elif isinstance(node, Cls):
            empty, starts = False, _word_class(node)
        elif isinstance(node, (At, Look)):
            empty, starts = True, True
        elif isinstance(node, Group):
            empty, starts = _first(_body(node))
        elif isinstance(node, Alt):
            firsts = [_first(b) for b in node.branches]
            empty, starts = any(e for e, _ in firsts), all(s for _, s in firsts)
        elif isinstance(node, Repeat):
            empty, starts = _first(_body(node))
            empty = empty or node.lo == 0
        else:
            empty, starts = False, False
        word = word and starts
        if not empty:
            return False, word
    return True, word


def starts_word(pattern: str) -> bool:
    """True when every match of ``pattern`` is non-empty and starts with a word character."""
    tree = parse(pattern)
    empty, word = _first(tree.branches[0] if len(tree.branches) == 1 else (tree,))
    return word and not empty
