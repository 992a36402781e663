"""A tree of :mod:`generator.detection.syntax` written back as an expression that :func:`re.compile` reads with
the same meaning, and two facts about trees: the fewest characters a match holds, and a sequence with its plain
groups written inline."""

from __future__ import annotations

from generator.detection.syntax import SPECIAL, Alt, Any, At, Cls, Group, Lit, Look, Macro, Node, Repeat, Seq


def _char(ch: str, in_class: bool) -> str:
    if ch in SPECIAL or (in_class and ch in "-^]") or ch in "#&~ ":
        return "\\" + ch
    if ch.isspace() or not ch.isprintable():
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return ch


def _class(node: Cls) -> str:
    if len(node.items) == 1 and not node.negate and node.items[0][0] == "cat":
        return "\\" + node.items[0][1]
    parts = []
    for kind, a, b in node.items:
        parts.append("\\" + a if kind == "cat" else _char(a, True) + ("-" + _char(b, True) if kind == "range" else ""))
    return "[" + ("^" if node.negate else "") + "".join(parts) + "]"


def _case(icase: bool, outer: bool, text: str) -> str:
    return text if icase == outer else ("(?i:" if icase else "(?-i:") + text + ")"


def emit(node: Node | Seq, icase: bool = True) -> str:
    """An expression with the meaning of ``node`` when compiled with (``icase``) or without re.IGNORECASE."""
    if isinstance(node, tuple):
        return "".join(_item(n, icase) for n in node)
    if isinstance(node, Alt):
        return "|".join(emit(b, icase) for b in node.branches)
    return _item(node, icase)


def _atom(node: Node, icase: bool) -> str:
    """``node`` as one unit that a quantifier can follow."""
    text = _item(node, icase)
    if isinstance(node, (Lit, Cls, Any, Group, Look)):
        return text
    return "(?:" + text + ")"


def _item(node: Node, icase: bool) -> str:
    if isinstance(node, Lit):
        return _case(node.icase, icase, _char(node.ch, False))
    if isinstance(node, Cls):
        return _case(node.icase, icase, _class(node))
    if isinstance(node, Any):
        return "."
    if isinstance(node, At):
        return node.kind
    if isinstance(node, Group):
        inner = icase if node.icase is None else node.icase
        flag = "" if node.icase is None or node.icase == icase else ("i" if node.icase else "-i")
        return "(?" + flag + ":" + emit(node.body, inner) + ")"
    if isinstance(node, Look):
        return "(?" + ("<" if node.behind else "") + ("!" if node.negate else "=") + emit(node.body, icase) + ")"
    if isinstance(node, Repeat):
        if (node.lo, node.hi) == (0, None):
            q = "*"
        elif (node.lo, node.hi) == (1, None):
            q = "+"
        elif (node.lo, node.hi) == (0, 1):
            q = "?"
        elif node.hi == node.lo:
            q = "{%d}" % node.lo  # noqa: UP031 (braces of the expression)
        else:
            q = "{%d,%s}" % (node.lo, "" if node.hi is None else node.hi)  # noqa: UP031
        return _atom(node.body, icase) + q + ("?" if node.lazy else "")
    if isinstance(node, Alt):
        return "(?:" + emit(node, icase) + ")"
    raise ValueError(f"macro {{{node.name}}} was not expanded")


def min_width(node: Node | Seq) -> int:
    """The fewest characters a match of ``node`` can hold."""
    if isinstance(node, tuple):
        return sum(min_width(n) for n in node)
    if isinstance(node, (Lit, Cls, Any)):
        return 1
    if isinstance(node, (At, Look, Macro)):
        return 0
    if isinstance(node, Group):
        return min_width(node.body)
    if isinstance(node, Repeat):
        return node.lo * min_width(node.body)
    return min(min_width(b) for b in node.branches)


def flatten(seq: Seq) -> Seq:
    """``seq`` with every group that sets no flag written inline, as :func:`parse` writes them (for sequences
    built from parts of trees)."""
    out: list[Node] = []
    for node in seq:
        if isinstance(node, Group) and node.icase is None:
            if len(node.body.branches) == 1:
                out.extend(flatten(node.body.branches[0]))
            else:
                out.append(node.body)
        elif isinstance(node, Alt) and len(node.branches) == 1:
            out.extend(flatten(node.branches[0]))
        else:
            out.append(node)
    return tuple(out)
