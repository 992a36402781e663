"""The rules' expressions rewritten for speed without changing a single match.

* **Alternations become tries.** Python's engine tries the branches of an
  alternation one by one, and under ``re.IGNORECASE`` it cannot skip a branch
  by its first letter, so a word class of 150 words costs 150 attempts at
  every word. Here branches are regrouped by their first character
  (``sources?|staffers?|insiders?`` becomes ``s(?:ources?|taffers?)|insiders?``),
  recursively. Only branches that can never match at the same place trade
  order (their first characters differ, and no branch that may start with
  anything is crossed), so the engine finds the same first match, and
  backtracks through the same branches in the same order, as before.
* **Parts around a lead.** :func:`suffix` writes the rest of one top-level
  alternative from a given item on; :func:`prefix` what comes before that
  item, reversed, to be matched backwards in the reversed text (see
  :mod:`generator.detection.triggers`).

Everything here works on the tree of :mod:`generator.detection.syntax` and
returns the source of an expression, which :func:`re.compile` compiles: no
private part of Python's engine is used, and the prepared rule set can be
kept as plain text (see :mod:`generator.detection.ruleset`).
"""

from __future__ import annotations

from generator.detection.emit import emit, flatten, min_width
from generator.detection.syntax import Alt, At, Group, Lit, Look, Node, Repeat, Seq, parse
from generator.detection.triggers import top


def _key(node: Node) -> str | None:
    """What a branch's first item must match, when it is one plain character (None otherwise)."""
    if not isinstance(node, Lit):
        return None
    if not node.icase:
        return node.ch
    # ASCII letters fold to distinct lower-case letters; other characters may share folds: keep them in place
    return node.ch.lower() if node.ch.isascii() else None


def _factor_branches(branches: list[Seq]) -> list[Seq]:
    out: list[Seq] = []
    i = 0
    while i < len(branches):
        if not branches[i] or _key(branches[i][0]) is None:
            out.append(branches[i])  # may start with anything: nothing moves across it
            i += 1
            continue
        j = i
        while j < len(branches) and branches[j] and _key(branches[j][0]) is not None:
            j += 1
        groups: dict[str | None, list[Seq]] = {}
        for b in branches[i:j]:
            groups.setdefault(_key(b[0]), []).append(b)
        for members in groups.values():
            if len(members) == 1:
                out.append(members[0])
                continue
            rests = _factor_branches([m[1:] for m in members])
            out.append((members[0][0], Alt(tuple(rests))))
        i = j
    return out


def factor(node: Node) -> Node:
    """A copy of ``node`` with every alternation regrouped by first character."""
    if isinstance(node, Alt):
        return Alt(tuple(_factor_branches([_factor_seq(b) for b in node.branches])))
    if isinstance(node, Group):
        body = factor(node.body)
        return Group(body if isinstance(body, Alt) else Alt(((body,),)), node.icase)
    if isinstance(node, Look):
        body = factor(node.body)
        return Look(body if isinstance(body, Alt) else Alt(((body,),)), node.behind, node.negate)
    if isinstance(node, Repeat):
        return Repeat(factor(node.body), node.lo, node.hi, node.lazy)
    return node


def _factor_seq(seq: Seq) -> Seq:
    return tuple(factor(n) for n in flatten(seq))


def fast(source: str) -> str:
    """``source`` (compiled with re.IGNORECASE) with its alternations factored."""
    return emit(factor(parse(source)))


def _alternative(source: str, alternative: int) -> Seq:
    return top(parse(source))[alternative]


def branch(source: str, alternative: int) -> str:
    """One top-level alternative of ``source`` as a rule of its own: ``\\b(?:ALTERNATIVE)(?!\\w)``.

    At any place, the rule ``\\b(?:A|B|...)(?!\\w)`` matches what the first of its alternatives, written so,
    that matches there matches: the engine backtracks through the branches of an alternation in order. So
    the detector may compile only the alternatives whose trigger words occur in a text and try them in order.
    """
    return r"\b(?:" + emit(_factor_seq(_alternative(source, alternative))) + r")(?!\w)"


def suffix(source: str, alternative: int, item: int) -> str:
    """The rest of one top-level alternative of ``source`` from its top-level item number ``item``, followed by
    ``(?!\\w)`` as in a rule.

    Wherever a match of the alternative reaches that item, the rest matches there too, so an occurrence of
    the item where the rest does not match cannot be part of a match.
    """
    items = _alternative(source, alternative)
    return emit(_factor_seq(items[item:])) + r"(?!\w)"


def _reversed(items: Seq) -> Seq:
    """A sequence that matches the reverse of every text ``items`` matches, and possibly more: lookarounds
    and anchors other than \\b and \\B are left out."""
    out: list[Node] = []
    for node in reversed(items):
        if isinstance(node, Look) or (isinstance(node, At) and node.kind not in (r"\b", r"\B")):
            continue
        if isinstance(node, Group):
            node = Group(Alt(tuple(_reversed(b) for b in node.body.branches)), node.icase)
        elif isinstance(node, Alt):
            node = Alt(tuple(_reversed(b) for b in node.branches))
        elif isinstance(node, Repeat):
            body = node.body
            rev = _reversed((body,))
            node = Repeat(rev[0] if len(rev) == 1 else Group(Alt((rev,))), node.lo, node.hi, node.lazy)
        out.append(node)
    return tuple(out)


def prefix(source: str, alternative: int, item: int) -> str | None:
    """What comes before top-level item ``item`` of one top-level alternative of ``source``, with the \\b a
    rule starts with, reversed: matched in the reversed text from an occurrence of the item, it rules out
    occurrences that no match can reach (None when what comes before may be empty).
    """
    items = _alternative(source, alternative)[:item]
    if min_width(items) == 0:
        return None  # what may be empty rules nothing out
    return emit(_factor_seq(_reversed(items))) + r"\b"
