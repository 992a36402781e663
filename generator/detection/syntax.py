"""The regular-expression syntax the rule files use, parsed by the project itself.

The fast engine needs to look inside the rules' expressions: which literal
words every match contains, where a match can start, what comes before and
after a word list. Python's own parser (``re._parser``) is private and changes
between versions, so this module parses the subset of Python's syntax that the
rules use into a small tree of its own, and writes a tree back as an
expression that :func:`re.compile` reads with the same meaning.

Supported: literal characters and escapes (``\\.``, ``\\n``, ``\\xhh``,
``\\uhhhh``), ``.``, character classes with ranges and ``\\w \\W \\s \\S \\d
\\D``, groups ``(...)`` and ``(?:...)``, case flags ``(?i:...)`` and
``(?-i:...)``, lookarounds ``(?=...) (?!...) (?<=...) (?<!...)``, greedy and
lazy quantifiers (``* + ? {m} {m,} {,n} {m,n}``, each optionally followed by
``?``), anchors ``^ $ \\b \\B \\A \\Z`` and alternation. Anything else
(back-references, named groups, atomic groups, possessive quantifiers, other
flags, conditionals, comments, nested sets) raises :class:`SyntaxProblem`
with the offset where it starts, which the rule loader turns into file, line
and column. In a rule fragment ``{NAME}`` is a macro reference.
:mod:`generator.detection.emit` writes a tree back as an expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

CATEGORIES = "wWsSdD"
ANCHORS = {"^": "^", "$": "$", "b": r"\b", "B": r"\B", "A": r"\A", "Z": r"\Z"}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_HEX = {"x": 2, "u": 4, "U": 8}
SPECIAL = set(".^$*+?{}[]\\|()")
_PLAIN = frozenset(chr(c) for c in range(128) if chr(c) not in ".^$*+?{}[]\\|()")  # literal wherever they stand


class SyntaxProblem(ValueError):
    """An expression this module cannot read: ``offset`` is where in the text the problem starts."""

    def __init__(self, message: str, offset: int, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.offset, self.hint = message, offset, hint


@dataclass(frozen=True)
class Lit:
    """One literal character; ``icase``: matched ignoring case."""

    ch: str
    icase: bool


ClassItem = tuple[str, str, str]  # ("char", c, ""), ("range", lo, hi) or ("cat", letter, "")


@dataclass(frozen=True)
class Cls:
    """A character class (``\\w`` and friends outside brackets are classes of one category)."""

    items: tuple[ClassItem, ...]
    negate: bool
    icase: bool


@dataclass(frozen=True)
class Any:
    """``.``: any character but a line feed."""


@dataclass(frozen=True)
class At:
    """A zero-width anchor: one of the values of ANCHORS."""

    kind: str


@dataclass(frozen=True)
class Group:
    """A group; ``icase`` is None when it sets no flag."""

    body: Alt
    icase: bool | None = None


@dataclass(frozen=True)
class Look:
    """A lookaround: ahead or behind, positive or negative."""

    body: Alt
    behind: bool
    negate: bool


@dataclass(frozen=True)
class Repeat:
    body: Node
    lo: int
    hi: int | None  # None: no upper bound
    lazy: bool


@dataclass(frozen=True)
class Macro:
    """``{NAME}`` in a rule fragment (never in an expanded expression)."""

    name: str


@dataclass(frozen=True)
class Alt:
    """Alternatives, each a sequence of nodes (one alternative: a plain sequence)."""

    branches: tuple[tuple[Node, ...], ...]


Node: TypeAlias = "Lit | Cls | Any | At | Group | Look | Repeat | Macro | Alt"
Seq: TypeAlias = "tuple[Node, ...]"


class _Parser:
    def __init__(self, text: str, icase: bool, macros: bool) -> None:
        self.text, self.pos, self.macros = text, 0, macros
        self.icase = [icase]

    def error(self, message: str, offset: int | None = None, hint: str = "") -> SyntaxProblem:
        return SyntaxProblem(message, self.pos if offset is None else offset, hint)

    def peek(self, ahead: int = 0) -> str:
        i = self.pos + ahead
        return self.text[i] if i < len(self.text) else ""

    def alt(self, depth: int) -> Alt:
        if depth > 60:
            raise self.error("groups nested too deeply", hint="nest groups at most 60 levels")
        branches = [self.seq(depth)]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.seq(depth))
        return Alt(tuple(branches))

    def seq(self, depth: int) -> Seq:
        """One alternative. A group that sets no flag and is not repeated is written inline (groups never
        capture here): its items when it has one alternative, an :class:`Alt` item when it has several."""
        items: list[Node] = []
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if ch == "|" or ch == ")":
                break
            start = self.pos
            if ch in _PLAIN:
                self.pos += 1
                atom: Node = Lit(ch, self.icase[-1])
            else:
                atom = self.atom(depth)
            node = self.quantifier(atom, start) if self.pos < n and text[self.pos] in "*+?{" else atom
            if isinstance(node, Group) and node.icase is None:
                if len(node.body.branches) == 1:
                    items.extend(node.body.branches[0])
                else:
                    items.append(node.body)
            else:
                items.append(node)
        return tuple(items)

    def atom(self, depth: int) -> Node:
        ch, start = self.peek(), self.pos
        if ch in "*+?":
            raise self.error("nothing to repeat", hint=f"escape {ch} with a backslash to match it literally")
        if ch == "{" and self._repeat_braces() is not None:
            raise self.error("nothing to repeat", hint="escape { with a backslash to match it literally")
        self.pos += 1
        if ch == "(":
            return self.group(depth, start)
        if ch == "[":
            return self.klass(start)
        if ch == ".":
            return Any()
        if ch in "^$":
            return At(ANCHORS[ch])
        if ch == "\\":
            return self.escape(start)
        if ch == "{" and self.macros:
            end = self.text.find("}", self.pos)
            name = self.text[self.pos:end] if end != -1 else ""
            if name and name[0].isupper() and all(c.isupper() or c.isdigit() or c == "_" for c in name):
                self.pos = end + 1
                return Macro(name)
        return Lit(ch, self.icase[-1])

    def group(self, depth: int, start: int) -> Node:
        icase: bool | None = None
        look: tuple[bool, bool] | None = None
        if self.peek() == "?":
            kind = self.text[self.pos + 1:self.pos + 3]
            if kind[:1] == ":":
                self.pos += 2
            elif kind[:1] in "=!":
                look = (False, kind[0] == "!")
                self.pos += 2
            elif kind in ("<=", "<!"):
                look = (True, kind[1] == "!")
                self.pos += 3
            elif kind[:1] in "-i" and kind[:1]:
                end = self.text.find(":", self.pos)
                flags = self.text[self.pos + 1:end] if end != -1 else ""
                if flags not in ("i", "-i"):
                    raise self.error("only the case flags (?i:...) and (?-i:...) are supported", start,
                                     "write (?-i:...) for a case-sensitive piece; other flags are not used in rules")
                icase = flags == "i"
                self.pos = end + 1
            elif kind[:1] == "P" or kind[:1] == "<":
                raise self.error("named groups and references are not allowed in patterns", start, "use (?:...) instead")
            elif kind[:1] == ">":
                raise self.error("atomic groups are not supported in rule patterns", start, "use (?:...) instead")
            elif kind[:1] == "#":
                raise self.error("comments are not supported in rule patterns", start,
                                 "write a YAML comment (# ...) on the line above instead")
            elif kind[:1] == "(":
                raise self.error("conditional groups are not supported in rule patterns", start,
                                 "split the pattern into two patterns")
            else:
                raise self.error("unknown group syntax (?" + kind[:1], start,
                                 "use (?:...) for a group, (?=...) (?!...) (?<=...) (?<!...) to look around")
        self.icase.append(self.icase[-1] if icase is None else icase)
        body = self.alt(depth + 1)
        self.icase.pop()
        if self.peek() != ")":
            raise self.error("missing ), unterminated group", start, "close every ( with a )")
        self.pos += 1
        if look is not None:
            return Look(body, look[0], look[1])
        return Group(body, icase)

    def _hex(self, digits: int, start: int) -> str:
        text = self.text[self.pos:self.pos + digits]
        if len(text) != digits or any(c not in "0123456789abcdefABCDEF" for c in text):
            raise self.error("incomplete escape", start, f"write exactly {digits} hexadecimal digits")
        self.pos += digits
        code = int(text, 16)
        if code > 0x10FFFF:
            raise self.error("bad escape: beyond the last Unicode character", start)
        return chr(code)

    def _escaped_char(self, start: int, in_class: bool) -> str | tuple[str, str]:
        """The character an escape stands for, or ("cat", letter) / ("at", kind)."""
        ch = self.peek()
        if not ch:
            raise self.error("a pattern cannot end with a backslash", start, "write \\\\ for a backslash")
        self.pos += 1
        if ch in CATEGORIES:
            return ("cat", ch)
        if ch in ANCHORS and ch not in "^$" and not in_class:
            return ("at", ANCHORS[ch])
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch in _HEX:
            return self._hex(_HEX[ch], start)
        if ch.isdigit():
            raise self.error("back-references and octal escapes are not supported in rule patterns", start,
                             "repeat the text instead, or write \\xhh for a character")
        if ch.isascii() and ch.isalpha():
            raise self.error(f"bad escape \\{ch}", start, "remove the backslash, or see the supported escapes in docs/detection.md")
        return ch

    def escape(self, start: int) -> Node:
        found = self._escaped_char(start, False)
        if isinstance(found, tuple):
            kind, value = found
            return At(value) if kind == "at" else Cls((("cat", value, ""),), False, self.icase[-1])
        return Lit(found, self.icase[-1])

    def klass(self, start: int) -> Cls:
        negate = self.peek() == "^"
        if negate:
            self.pos += 1
        items: list[ClassItem] = []
        first = True
        while True:
            ch = self.peek()
            if not ch:
                raise self.error("unterminated character set", start, "close every [ with a ]")
            if ch == "]" and not first:
                self.pos += 1
                break
            first = False
            item_start = self.pos
            if ch == "[":
                raise self.error("a [ inside a character set is not supported", item_start, "escape it as \\[")
            self.pos += 1
            low: str | tuple[str, str] = self._escaped_char(item_start, True) if ch == "\\" else ch
            if isinstance(low, tuple):
                items.append(("cat", low[1], ""))
                continue
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.pos += 1
                hi_start = self.pos
                hch = self.peek()
                self.pos += 1
                high: str | tuple[str, str] = self._escaped_char(hi_start, True) if hch == "\\" else hch
                if isinstance(high, tuple):
                    raise self.error("bad character range", item_start, "escape - with a backslash to match it literally")
                if ord(high) < ord(low):
                    raise self.error(f"bad character range {low}-{high}", item_start, "write the lower character first")
                items.append(("range", low, high))
                continue
            items.append(("char", low, ""))
        return Cls(tuple(items), negate, self.icase[-1])

    def _repeat_braces(self) -> tuple[int, int | None, int] | None:
        """A {m,n} quantifier at the current position: (m, n, its length), or None when the brace is literal
        (read as Python reads it: ``{}`` and ``{x}`` are literal, ``{,}`` repeats any number of times)."""
        i, text = self.pos + 1, self.text
        lo = hi = ""
        while i < len(text) and text[i] in "0123456789":
            lo += text[i]
            i += 1
        comma = i < len(text) and text[i] == ","
        if comma:
            i += 1
            while i < len(text) and text[i] in "0123456789":
                hi += text[i]
                i += 1
        if i >= len(text) or text[i] != "}" or i == self.pos + 1:
            return None
        low = int(lo or "0")
        high = int(hi) if hi else (None if comma else low)
        return low, high, i + 1 - self.pos

    def quantifier(self, atom: Node, start: int) -> Node:
        ch = self.peek()
        if ch in ("*", "+", "?"):
            lo, hi, length = {"*": (0, None, 1), "+": (1, None, 1), "?": (0, 1, 1)}[ch]
        elif ch == "{" and (braces := self._repeat_braces()) is not None:
            lo, hi, length = braces
            if hi is not None and hi < lo:
                raise self.error("min repeat greater than max repeat", self.pos, "write {smaller,larger}")
            if lo > 1000 or (hi or 0) > 1000:
                raise self.error("repeat count too large", self.pos, "use at most {0,1000}")
        else:
            return atom
        if isinstance(atom, (At, Look)):
            raise self.error("nothing to repeat", self.pos, "an anchor or lookaround matches no text: do not repeat it")
        self.pos += length
        lazy = self.peek() == "?"
        if lazy:
            self.pos += 1
        if self.peek() == "+":
            raise self.error("possessive quantifiers are not supported in rule patterns", self.pos,
                             "remove the +")
        if self.peek() in ("*", "+", "?") or (self.peek() == "{" and self._repeat_braces() is not None):
            raise self.error("multiple repeat", self.pos, "put the repeated part in (?:...) before repeating it again")
        return Repeat(atom, lo, hi, lazy)


@lru_cache(maxsize=256)
def parse(text: str, icase: bool = True, macros: bool = False) -> Alt:
    """The tree of ``text``. ``icase``: the expression is compiled with re.IGNORECASE; ``macros``: read
    ``{NAME}`` as a macro reference (in rule fragments before expansion)."""
    p = _Parser(text, icase, macros)
    tree = p.alt(0)
    if p.pos < len(text):
        raise p.error("unbalanced parenthesis", hint="remove the ) or add the ( it closes")
    return tree
