"""Typed models read from YAML nodes, and the JSON Schema derived from them.

A model is a dataclass deriving from :class:`Model`. Its type hints and field
metadata (``doc``, ``min``, ``max``, ``key``) are the single source of truth:
:func:`load` reads a node tree into it, collecting every problem with its line
and column, and :func:`json_schema` describes the same model for editors.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import MedialitError, Problem, shorten
from generator.safety.yamlsafe import scalar_value, where

Mark = tuple[int, int]
T = TypeVar("T", bound="Model")


@dataclass
class Model:
    """Base of every model: remembers where each field was written."""

    marks: dict[str, Mark] = field(
        default_factory=dict, repr=False, compare=False, kw_only=True, metadata={"internal": True}
    )

    def mark(self, name: str = "") -> Mark:
        return self.marks.get(name, self.marks.get("", (0, 0)))


def doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata helper: ``field(metadata=doc("..."))``."""
    return {"doc": text, **extra}


def public_fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def yaml_key(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get("key", f.name))


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


@functools.cache
def _shape(tp: Any) -> tuple[Any, bool, str, tuple[Any, ...]]:
    """``tp`` without Optional, whether it was optional, its kind and its type arguments: once per type (a hot path)."""
    inner, optional = _unwrap_optional(tp)
    origin = typing.get_origin(inner)
    kind = ("model" if dataclasses.is_dataclass(inner) else "list" if origin is list
            else "literal" if origin is Literal else "scalar")
    return inner, optional, kind, typing.get_args(inner)


def _type_name(tp: Any) -> str:
    tp, _, kind, args = _shape(tp)
    if kind == "list":
        return "a list"
    if kind == "literal":
        return "one of " + ", ".join(repr(a) for a in args)
    if kind == "model":
        return "a mapping (key: value lines)"
    return {str: "text", int: "a whole number", bool: "true or false", float: "a number"}.get(tp, str(tp))


@functools.cache
def _layout(cls: type) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any], dict[str, dict[str, Any]]]:
    """A model's fields by YAML key, its resolved type hints and each field's metadata: once per class (a hot path)."""
    fields = {yaml_key(f): f for f in public_fields(cls)}
    return fields, typing.get_type_hints(cls), {f.name: dict(f.metadata) for f in fields.values()}


class _Reader:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.problems: list[Problem] = []

    def problem(self, node: Node, message: str, hint: str = "") -> None:
        line, col = where(node)
        self.problems.append(Problem(message, self.path, line, col, hint))

    def read(self, tp: Any, node: Node, label: str, meta: dict[str, Any]) -> Any:
        tp, optional, kind, args = _shape(tp)
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            if optional:
                return None
            self.problem(node, f"{label} is empty", f"give {label} {_type_name(tp)}")
            return None
        if kind == "model":
            return self.read_model(tp, node, label)
        if kind == "list":
            if not isinstance(node, SequenceNode):
                self.problem(node, f"{label} must be a list", "write each item on its own line starting with '- '")
                return []
            (item_tp,) = args
            item_meta = meta.get("items", {})  # what each item must be (e.g. a pattern), as for a field
            items = [self.read(item_tp, item, f"{label}[{i + 1}]", item_meta) for i, item in enumerate(node.value)]
            if meta.get("min_items") and len(items) < meta["min_items"]:
                self.problem(node, f"{label} needs at least {meta['min_items']} item(s)", meta.get("hint", ""))
            return items
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{label} must be {_type_name(tp)}, not a {'list' if isinstance(node, SequenceNode) else 'mapping'}",
                         meta.get("hint", ""))
            return None
        return self.read_scalar(tp, node, label, meta, args if kind == "literal" else None)

    def read_scalar(self, tp: Any, node: ScalarNode, label: str, meta: dict[str, Any],
                    choices: tuple[Any, ...] | None) -> Any:
        if choices is not None:
            if node.value in choices:
                return node.value
            close = difflib.get_close_matches(node.value, [str(c) for c in choices], n=1)
            hint = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(map(repr, choices))
            self.problem(node, f"{label} must be one of {', '.join(map(repr, choices))}, not {shorten(node.value)!r}", hint)
            return None
        if tp is str:
            text: str = node.value
            if meta.get("nonempty", True) and not text.strip():
                self.problem(node, f"{label} is empty", meta.get("hint", f"write {label}"))
            elif meta.get("pattern") and not re.match(meta["pattern"], text):
                self.problem(node, f"{label} has the wrong form: {shorten(text)!r}", meta.get("hint", ""))
            return text
        value = scalar_value(node, self.path)
        if tp is bool:
            if isinstance(value, bool):
                return value
        elif tp is int and isinstance(value, int) and not isinstance(value, bool):
            lo, hi = meta.get("min"), meta.get("max")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                self.problem(node, f"{label} must be between {lo} and {hi}, not {value}", meta.get("hint", ""))
            return value
        self.problem(node, f"{label} must be {_type_name(tp)}, not {shorten(node.value)!r}", meta.get("hint", ""))
        return None

    def read_model(self, cls: type[T], node: Node, label: str) -> T | None:
        if not isinstance(node, MappingNode):
            self.problem(node, f"{label} must be a mapping of 'key: value' lines", "see docs/spec.md for the format")
            return None
        fields, hints, metas = _layout(typing.cast(type, cls))  # a class is hashable; mypy does not see type[T] so
        values: dict[str, Any] = {}
        marks: dict[str, Mark] = {"": where(node)}
        for key_node, value_node in node.value:
            key = key_node.value
            f = fields.get(key)
            if f is None:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(fields)
                self.problem(key_node, f"unknown key {shorten(key)!r} in {label}", hint)
                continue
            marks[f.name] = where(value_node)
            if metas[f.name].get("items") and isinstance(value_node, SequenceNode):  # where each checked item is
                marks.update((f"{f.name}[{i}]", where(item)) for i, item in enumerate(value_node.value))
            values[f.name] = self.read(hints[f.name], value_node, _join(label, key), metas[f.name])
        for key, f in fields.items():
            if f.name not in values and _required(f):
                self.problem(node, f"{label} is missing required key {key!r}",
                             f"add '{key}:' ({f.metadata.get('doc', _type_name(hints[f.name]))})")
        if any(v is None and not _unwrap_optional(hints[k])[1] for k, v in values.items()):
            return None
        try:
            obj = cls(**values, marks=marks)
        except TypeError:
            return None  # a required key is missing: already reported
        return obj


def _join(label: str, key: str) -> str:
    return key if label in ("", "the file") else f"{label}.{key}"


def load(cls: type[T], node: Node | None, path: str | Path) -> T:
    """Read ``node`` into ``cls``; raise one MedialitError listing every problem."""
    reader = _Reader(path)
    if node is None:
        raise MedialitError("file is empty", path, 1, 1, "see docs/spec.md for a complete example")
    obj = reader.read_model(cls, node, "the file")
    if reader.problems or obj is None:
        raise MedialitError(problems=reader.problems or [Problem("file could not be read", str(path))])
    return obj


def json_schema(cls: type, title: str = "", schema_id: str = "") -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a model, from the same hints :func:`load` uses.

    Field metadata gives each property its ``description`` (``doc``) and
    ``examples``; a field's default becomes the property's ``default``. Every
    ``pattern`` must be an ECMA-262 expression valid with the ``u`` flag (what
    editors use) that Python reads the same way.
    """
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **({"$id": schema_id} if schema_id else {}),
              **({"title": title} if title else {}), **_schema_of(cls, {})}
    return schema


def _default(f: dataclasses.Field[Any]) -> Any:
    """A field's default as JSON, or None when it has none worth showing (none at all, or null)."""
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None if f.default is dataclasses.MISSING else f.default


def _schema_of(tp: Any, meta: dict[str, Any]) -> dict[str, Any]:
    tp, optional = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    out: dict[str, Any]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        props = {}
        for f in public_fields(tp):
            props[yaml_key(f)] = _schema_of(hints[f.name], dict(f.metadata))
            if (default := _default(f)) is not None:
                props[yaml_key(f)]["default"] = default
        out = {"type": "object", "properties": props, "additionalProperties": False}
        required = [yaml_key(f) for f in public_fields(tp) if _required(f)]
        if required:
            out["required"] = required
        if tp.__doc__:
            out["description"] = " ".join(tp.__doc__.split())
    elif origin is list:
        out = {"type": "array", "items": _schema_of(typing.get_args(tp)[0], meta.get("items", {}))}
        if meta.get("min_items"):
            out["minItems"] = meta["min_items"]
    elif origin is Literal:
        out = {"enum": list(typing.get_args(tp))}
    elif tp is str:
        out = {"type": "string"}
        if meta.get("nonempty", True):
            out["minLength"] = 1
        if meta.get("pattern"):
            out["pattern"] = meta["pattern"]
    elif tp is int:
        out = {"type": "integer"}
        if meta.get("min") is not None:
            out["minimum"] = meta["min"]
        if meta.get("max") is not None:
            out["maximum"] = meta["max"]
    elif tp is bool:
        out = {"type": "boolean"}
    else:
        raise TypeError(f"no schema for {tp!r}")
    notes = {"description": meta["doc"]} if meta.get("doc") else {"description": out.pop("description")} if "description" in out else {}
    if meta.get("examples"):
        notes["examples"] = list(meta["examples"])
    return ({"anyOf": [out, {"type": "null"}]} if optional else out) | notes
