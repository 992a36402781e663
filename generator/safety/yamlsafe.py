"""Safe, bounded YAML loading that keeps source positions.

Files are composed into PyYAML nodes (never constructed into arbitrary
objects), checked for duplicate keys, unknown tags, nesting depth and alias
expansion, and handed to :mod:`generator.spec.model` with their marks intact.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import LineIndex, MedialitError, shorten
from generator.safety.text import check_text, find_bad_char, hint_for

MAX_YAML_BYTES = 256 * 1024
# libyaml (C) composes a spec ~15x faster than pure Python, with the same marks and a nesting limit of its own.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 40
MAX_NODES = 20_000

_STD = "tag:yaml.org,2002:"
ALLOWED_TAGS = {
    _STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def where(node: Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def node_error(path: str | Path, node: Node, message: str, hint: str = "") -> MedialitError:
    line, col = where(node)
    return MedialitError(message, path, line, col, hint)


def _check_scalar(path: str | Path, node: ScalarNode) -> None:
    """A value's text may not hold what the file's own text may not (escapes like "\\u202e" included).

    Only a double-quoted value can hold a character its file does not (through
    an escape): the others keep the file's characters and their neighbours
    (folding changes white space only), and :func:`compose` checked the file first.
    """
    if node.style != '"':
        return
    bad = find_bad_char(node.value, bom_ok=False)
    if bad:
        offset, desc = bad
        raise node_error(path, node, f"a value contains {desc} (written as an escape sequence)",
                         hint_for(node.value[offset]))


def _check(path: str | Path, node: Node, depth: int, budget: list[int], site: Node | None = None) -> None:
    """Check ``node`` and everything under it; ``site`` is the top-level key being walked (where expansion is blamed)."""
    budget[0] += 1
    if budget[0] > MAX_NODES:
        raise node_error(
            path,
            site or node,
            f"the document expands to more than {MAX_NODES:,} values",
            "remove repeated anchors and aliases (&name / *name); a lesson spec never needs them",
        )
    if depth > MAX_DEPTH:
        raise node_error(path, node, f"values are nested more than {MAX_DEPTH} levels deep",
                         "flatten the structure; see docs/spec.md for the lesson format")
    if node.tag not in ALLOWED_TAGS:
        raise node_error(
            path,
            node,
            f"YAML tag {node.tag!r} is not allowed",
            "remove the tag (e.g. '!!python/object'); lesson files hold plain text, numbers, lists and mappings",
        )
    if isinstance(node, ScalarNode):
        _check_scalar(path, node)
    elif isinstance(node, MappingNode):
        seen: dict[str, Node] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise node_error(path, key, "mapping keys must be plain words", "write the key as text, e.g. 'title:'")
            _check_scalar(path, key)
            if key.tag == _STD + "merge" or key.value == "<<":
                raise node_error(path, key, "YAML merge keys ('<<') are not supported",
                                 "write the fields out in full")
            if key.value in seen:
                first = where(seen[key.value])[0]
                raise node_error(path, key, f"duplicate key {shorten(key.value)!r} (first given on line {first})",
                                 "keep one of the two; YAML would silently drop the first")
            seen[key.value] = key
            _check(path, value, depth + 1, budget, site or key)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check(path, item, depth + 1, budget, site or item)


def compose(text: str, path: str | Path, what: str = "file") -> Node | None:
    """Check ``text`` (as :func:`generator.safety.text.check_text`, naming it ``what``) and compose it into a
    checked node tree; raise MedialitError on any problem."""
    check_text(text, path, what)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise MedialitError(
            f"file is larger than {MAX_YAML_BYTES // 1024} KiB",
            path,
            hint="a lesson spec is usually a few KiB; move long text into the article file",
        )
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and problem.startswith("but "):  # "expected a single document…, but found another document"
            problem = f"{exc.context}, {problem}"
        if "nesting depth" in problem:  # libyaml's own limit, far past ours
            raise MedialitError(f"values are nested more than {MAX_DEPTH} levels deep", path, line, col,
                                "flatten the structure; see docs/spec.md for the lesson format") from None
        raise MedialitError(
            f"invalid YAML: {problem}",
            path,
            line,
            col,
            "check indentation and quoting; text containing ': ' or starting with a quote must be quoted",
        ) from None
    except yaml.reader.ReaderError as exc:
        line, col = LineIndex(text).position(exc.position)
        raise MedialitError(f"invalid YAML: character U+{exc.character:04X} is not allowed", path, line, col,
                            "delete the character") from None
    except yaml.YAMLError as exc:
        raise MedialitError(f"invalid YAML: {shorten(str(exc), 200)}", path,
                            hint="check the file's characters and encoding") from None
    except UnicodeEncodeError as exc:  # libyaml encodes to UTF-8 first: a lone surrogate
        raise MedialitError(f"invalid YAML: character U+{ord(exc.object[exc.start]):04X} cannot be encoded", path,
                            hint="save the file as UTF-8 in your editor") from None
    except RecursionError:
        raise MedialitError(f"values are nested more than {MAX_DEPTH} levels deep", path,
                            hint="flatten the structure") from None
    if node is not None:
        _check(path, node, 0, [0])
    return node


_constructor = SafeConstructor()


def scalar_value(node: ScalarNode, path: str | Path) -> object:
    """The Python value of a checked scalar node (str, int, float, bool, None or date)."""
    try:
        return _constructor.construct_object(node, deep=True)
    except (ConstructorError, ArithmeticError, LookupError, ValueError, TypeError, AttributeError) as exc:
        # PyYAML's constructors fail in many ways on odd input ("!!bool maybe", "!!int ''", "!!timestamp x")
        reason = f": {exc.problem}" if isinstance(exc, ConstructorError) and exc.problem else ""
        raise node_error(path, node, f"cannot read value {shorten(node.value)!r} as {node.tag.rsplit(':', 1)[-1]}{reason}",
                         "quote the value to keep it as text, or remove the tag") from None
