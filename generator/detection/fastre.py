"""The rules' regular expressions, compiled for speed without changing a single match.

* **Alternations become tries.** Python's engine tries the branches of an
  alternation one by one, and under ``re.IGNORECASE`` it cannot skip a branch
  by its first letter, so a word class of 150 words costs 150 attempts at
  every word. Here branches are regrouped by their first character
  (``sources?|staffers?|insiders?`` becomes ``s(?:ources?|taffers?)|insiders?``),
  recursively. Only branches that can never match at the same place trade
  order (their first characters differ, and no branch that may start with
  anything is crossed), so the engine finds the same first match, and
  backtracks through the same branches in the same order, as before.
* **Compiled code is kept.** Compiling the expressions takes longer than
  running them over a long article. :func:`fast` also returns the engine's
  code for an expression and :func:`load` turns it back into a pattern; the code
  is checked by Python's own validator on loading, and anything unexpected
  (another Python, an engine change) falls back to compiling afresh.

This module uses the engine's internals (``re._parser``, ``re._compiler``,
``_sre``); every use falls back to plain :func:`re.compile` when they differ.
"""

from __future__ import annotations

import base64
import re
import sys
from array import array
from typing import Any

try:
    import _sre
    from re import _compiler as _k  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons
    _sre = None  # type: ignore[assignment]

Code = dict[str, Any]
_TYPECODE = next((t for t in "IL" if array(t).itemsize == getattr(_sre, "CODESIZE", 0)), "")
# what compiled code depends on besides the expression: part of every cache key
ENGINE = f"{sys.implementation.cache_tag} {sys.version} {getattr(_sre, 'MAGIC', '')} {sys.byteorder} {_TYPECODE}"


def _key(item: tuple[Any, Any], icase: bool) -> str | None:
    """What a branch's first item must match, when it is one plain character (None otherwise)."""
    op, av = item
    if op is not _c.LITERAL:
        return None
    ch = chr(av)
    if not icase:
        return ch
    # ASCII letters fold to distinct lower-case letters; other characters may share folds: keep them in place
    return ch.lower() if ch.isascii() else None


def _factor_branches(alts: list[Any], icase: bool) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(alts):
        if not alts[i].data or _key(alts[i].data[0], icase) is None:
            out.append(alts[i])  # may start with anything: nothing moves across it
            i += 1
            continue
        j = i
        while j < len(alts) and alts[j].data and _key(alts[j].data[0], icase) is not None:
            j += 1
        groups: dict[str, list[Any]] = {}
        for alt in alts[i:j]:
            groups.setdefault(_key(alt.data[0], icase), []).append(alt)  # type: ignore[arg-type]
        for members in groups.values():
            if len(members) == 1:
                out.append(members[0])
                continue
            state = members[0].state
            rests = _factor_branches([_p.SubPattern(state, m.data[1:]) for m in members], icase)
            out.append(_p.SubPattern(state, [members[0].data[0], (_c.BRANCH, (None, rests))]))
        i = j
    return out


def _factor(sub: Any, icase: bool) -> Any:
    """A copy of a parsed expression with every alternation regrouped by first character."""
    data = []
    for op, av in sub.data:
        if op is _c.BRANCH:
            av = (av[0], _factor_branches([_factor(alt, icase) for alt in av[1]], icase))
        elif op is _c.SUBPATTERN:
            group, add, remove, body = av
            inner = True if add & _c.SRE_FLAG_IGNORECASE else False if remove & _c.SRE_FLAG_IGNORECASE else icase
            av = (group, add, remove, _factor(body, inner))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            av = (av[0], av[1], _factor(av[2], icase))
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            av = (av[0], _factor(av[1], icase))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            av = _factor(av, icase)
        data.append((op, av))
    return _p.SubPattern(sub.state, data)


def _pattern(source: str | None, code: Code) -> re.Pattern[str]:
    index = code["groupindex"]
    names: list[str | None] = [None] * (code["groups"] + 1)
    for name, i in index.items():
        names[i] = name
    return _sre.compile(source, code["flags"], _decode(code["code"]), code["groups"], index, tuple(names))


def _decode(text: str) -> list[int]:
    return array(_TYPECODE, base64.b64decode(text)).tolist()


def fast(source: str, flags: int = 0) -> tuple[re.Pattern[str], Code | None]:
    """``source`` compiled with its alternations factored, and its code for :func:`load` (None when the
    engine's internals are not as expected: then the pattern is compiled the usual way).

    Raises :class:`re.error` for an invalid expression, as :func:`re.compile` does.
    """
    try:
        parsed = _p.parse(source, flags)
        flags |= parsed.state.flags
        tree = _factor(parsed, bool(flags & _c.SRE_FLAG_IGNORECASE))
        code: Code = {"flags": flags, "groups": parsed.state.groups - 1, "groupindex": dict(parsed.state.groupdict),
                      "code": base64.b64encode(array(_TYPECODE, _k._code(tree, flags)).tobytes()).decode("ascii")}
        return _pattern(source, code), code
    except re.error:
        raise
    except Exception:  # another engine: its internals differ
        return re.compile(source, flags), None


def load(source: str, code: Code | None, flags: int = 0) -> re.Pattern[str]:
    """The pattern from code returned by :func:`fast`; compiled afresh when the code cannot be used."""
    if code is not None and _sre is not None:
        try:
            return _pattern(source, code)
        except Exception:  # stale or damaged code: Python's validator rejected it
            pass
    return fast(source, flags)[0]


def _refers_back(items: list[Any]) -> bool:
    """True when a part of an expression refers to a group (a part cut out of it may not hold that group)."""
    for op, av in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        for sub in av if isinstance(av, (tuple, list)) else [av]:
            for part in sub if isinstance(sub, list) else [sub]:
                if isinstance(part, _p.SubPattern) and _refers_back(part.data):
                    return True
    return False


def _alternative(source: str, flags: int, alternative: int) -> tuple[Any, list[Any], int]:
    parsed = _p.parse(source, flags)
    top = list(parsed)
    alts = top[0][1][1] if len(top) == 1 and top[0][0] is _c.BRANCH else [parsed]
    return parsed.state, list(alts[alternative]), flags | parsed.state.flags


def _compiled(state: Any, items: list[Any], flags: int) -> tuple[re.Pattern[str], Code]:
    tree = _factor(_p.SubPattern(state, items), bool(flags & _c.SRE_FLAG_IGNORECASE))
    code: Code = {"flags": flags, "groups": state.groups - 1, "groupindex": dict(state.groupdict),
                  "code": base64.b64encode(array(_TYPECODE, _k._code(tree, flags)).tobytes()).decode("ascii")}
    return _pattern(None, code), code


def suffix(source: str, flags: int, alternative: int, item: int) -> tuple[re.Pattern[str] | None, Code | None]:
    """The rest of one top-level alternative of ``source`` from its top-level item number ``item``, followed by
    ``(?!\\w)`` as in a rule, compiled (None when it cannot be: then it rules nothing out).

    Wherever a match of the alternative reaches that item, the rest matches there too, so an occurrence of
    the item where the rest does not match cannot be part of a match.
    """
    try:
        state, items, flags = _alternative(source, flags, alternative)
        if _refers_back(items[item:]):
            return None, None
        return _compiled(state, [*items[item:], (_c.ASSERT_NOT, (1, _p.parse(r"\w", flags)))], flags)
    except Exception:  # another engine, or a part that cannot stand alone
        return None, None


def _reversed(state: Any, items: list[Any]) -> list[Any]:
    """A sequence that matches the reverse of every text ``items`` matches, and possibly more: lookarounds
    and anchors other than \\b are left out, atomic groups and possessive repeats become plain ones."""
    out: list[Any] = []
    for op, av in reversed(items):
        if op in (_c.ASSERT, _c.ASSERT_NOT) or (op is _c.AT and av not in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY)):
            continue
        if op is _c.SUBPATTERN:
            av = (av[0], av[1], av[2], _p.SubPattern(state, _reversed(state, av[3].data)))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            op, av = _c.SUBPATTERN, (None, 0, 0, _p.SubPattern(state, _reversed(state, av.data)))
        elif op is _c.BRANCH:
            av = (av[0], [_p.SubPattern(state, _reversed(state, alt.data)) for alt in av[1]])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            op = _c.MIN_REPEAT if op is _c.MIN_REPEAT else _c.MAX_REPEAT
            av = (av[0], av[1], _p.SubPattern(state, _reversed(state, av[2].data)))
        elif op not in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY, _c.AT):
            raise ValueError(f"cannot reverse {op}")
        out.append((op, av))
    return out


def prefix(source: str, flags: int, alternative: int, item: int) -> tuple[re.Pattern[str] | None, Code | None]:
    """What comes before top-level item ``item`` of one top-level alternative of ``source``, with the \\b a
    rule starts with, reversed and compiled: matched in the reversed text from an occurrence of the item, it
    rules out occurrences that no match can reach (None when what comes before may be empty, or when it
    cannot be built).
    """
    try:
        state, items, flags = _alternative(source, flags, alternative)
        if _p.SubPattern(state, items[:item]).getwidth()[0] == 0 or _refers_back(items[:item]):
            return None, None  # what may be empty rules nothing out
        return _compiled(state, [*_reversed(state, items[:item]), (_c.AT, _c.AT_BOUNDARY)], flags)
    except Exception:  # another engine, or a part that cannot be reversed
        return None, None


def load_part(code: Code | None) -> re.Pattern[str] | None:
    """A part made by :func:`suffix` or :func:`prefix` from its code (None when there is none or it cannot be used)."""
    if code is None or _sre is None:
        return None
    try:
        return _pattern(None, code)
    except Exception:
        return None
