"""Detection rules as data, and the one loader that reads them.

Each language has a folder ``generator/rules/<lang>/`` with one file per
category (``vague-sourcing.yml``, ``superlative.yml``, ``unconfirmed.yml``)
and the shared macros in ``common.yml``. A rule is a list of
regular-expression patterns plus ``unless`` exceptions, a student-facing
explanation, a question to ask, and examples that must and must not match
(run as tests). Patterns are case-insensitive; a space in a pattern matches
any run of white space; ``{NAME}`` expands a macro from the file's
``macros`` or from ``common.yml``. Patterns are written in the subset of
Python's syntax that :mod:`generator.detection.syntax` reads; anything else
is reported with its file, line and column.

Public API: :func:`available_languages`, :func:`rules_dir`,
:func:`load_rules` (the categories of a language, cached per folder) and
:func:`common_macros` (the shared macros, for the sourcing ledger).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.detection.languages import DEFAULT_LANG, RULES_DIR, UnknownLanguage, available_languages, rules_dir
from generator.detection.syntax import Alt, Group, Look, Macro, Repeat, SyntaxProblem, parse
from generator.errors import MedialitError, Problem
from generator.safety.text import read_text_file
from generator.safety.yamlsafe import compose
from generator.spec.lesson import CATEGORIES, Category
from generator.spec.model import Model, doc, load

__all__ = ["DEFAULT_LANG", "RULES_DIR", "CategoryRules", "RuleSource", "UnknownLanguage", "available_languages",
           "common_macros", "load_rules", "rules_dir"]

MAX_RULE_FILE = 512 * 1024
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass
class MacroDef(Model):
    """A named piece of pattern, used as {NAME}."""

    name: str = field(metadata=doc("Upper-case name used as {NAME} in patterns.", pattern=r"^[A-Z][A-Z0-9_]*$"))
    pattern: str = field(metadata=doc("Regular expression it stands for."))


@dataclass
class Unless(Model):
    """An exception: the finding is dropped when this context is found."""

    before: str | None = field(default=None, metadata=doc("Pattern that, ending right before the match (same sentence), silences it."))
    after: str | None = field(default=None, metadata=doc("Pattern that, starting right after the match (same sentence), silences it."))
    match: str | None = field(default=None, metadata=doc("Pattern that, found inside the matched text, silences it."))
    sentence: str | None = field(default=None, metadata=doc("Pattern that, found anywhere in the sentence, silences it."))


@dataclass
class Examples(Model):
    """Sentences the rule must and must not fire on. In ``match`` examples,
    ``[[...]]`` may mark the text the finding must overlap."""

    match: list[str] = field(metadata=doc("Sentences that must produce a finding.", min_items=1))
    no_match: list[str] = field(default_factory=list, metadata=doc("Sentences that must not produce a finding."))


@dataclass
class Rule(Model):
    """One detection rule."""

    id: str = field(metadata=doc("Rule id, unique in its category.", pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$"))
    patterns: list[str] = field(metadata=doc("Regular expressions; a space matches any white space.", min_items=1))
    message: str = field(metadata=doc("Why this cue matters, for students."))
    question: str = field(metadata=doc("The question a careful reader asks here."))
    examples: Examples = field(metadata=doc("Examples run as tests."))
    unless: list[Unless] = field(default_factory=list, metadata=doc("Exceptions."))


@dataclass
class RuleFile(Model):
    """All rules of one category."""

    category: Category = field(metadata=doc("Category id."))
    description: str = field(metadata=doc("What the category is, for the glossary."))
    rules: list[Rule] = field(metadata=doc("The rules."))
    macros: list[MacroDef] = field(default_factory=list, metadata=doc("Named pattern pieces."))


@dataclass
class CommonFile(Model):
    """Macros shared by every category."""

    macros: list[MacroDef] = field(metadata=doc("Named pattern pieces."))


@dataclass(frozen=True)
class RuleSource:
    """One rule with its expressions expanded, as plain :func:`re.compile` (with re.IGNORECASE) takes them.

    ``regex`` is the rule's expression: its ``inner`` alternatives (one per pattern, joined with ``|``), starting
    at a word boundary and ending before no word character. The exceptions are complete expressions too:
    ``before`` ones end with ``\\W*$``, ``after`` ones start with ``^\\W*``.
    """

    category: str
    id: str
    order: int  # position in its file: on the same start, the earlier rule wins
    inner: str
    regex: str
    message: str
    question: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    inside: tuple[str, ...] = ()
    sentence: tuple[str, ...] = ()
    source: Rule | None = field(default=None, compare=False, repr=False)  # the YAML model (examples)


@dataclass(frozen=True)
class CategoryRules:
    """The rules of one category, in file order."""

    id: str
    description: str
    rules: tuple[RuleSource, ...]


# ---------------------------------------------------------------------------------------------------------------
# Positions inside the YAML file, for errors in a pattern


def _child(node: Node | None, key: str | int) -> Node | None:
    found: object = None
    if isinstance(key, int):
        if isinstance(node, SequenceNode) and key < len(node.value):
            found = node.value[key]
    elif isinstance(node, MappingNode):
        found = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)
    return found if isinstance(found, Node) else None


def _position(root: Node | None, path: tuple[str | int, ...], offset: int) -> tuple[int, int]:
    """Line and column (1-based) of character ``offset`` of the string value at ``path`` in the composed file."""
    node = root
    for key in path:
        node = _child(node, key)
    if not isinstance(node, ScalarNode):
        return (1, 1) if node is None else (node.start_mark.line + 1, node.start_mark.column + 1)
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.end_mark.line != node.start_mark.line:
        return line, col  # a value over several lines: its start
    if node.style == "'":
        value = node.value[:offset]
        return line, col + 1 + len(value) + value.count("'")
    return line, col + (1 if node.style == '"' else 0) + offset


@dataclass
class _File:
    path: Path
    root: Node | None

    def error(self, message: str, where: tuple[str | int, ...], offset: int = 0, hint: str = "") -> MedialitError:
        return MedialitError(message, self.path, *_position(self.root, where, offset), hint)


# Keys that rule files once had, and where what they held lives now.
RETIRED = {"label": "category labels come from generator/spec/vocabulary.py (translated in generator/locale/): "
                    "delete this line",
           "icon": "category icons come from generator/spec/vocabulary.py: delete this line"}


def _read(cls: type[RuleFile] | type[CommonFile], path: Path) -> tuple[RuleFile | CommonFile, _File]:
    node = compose(read_text_file(path, "rules file", MAX_RULE_FILE), path, "rules file")
    if isinstance(node, MappingNode):
        for key, _ in node.value:
            if isinstance(key, ScalarNode) and key.value in RETIRED:
                raise MedialitError(f"{key.value!r} is no longer part of a rules file", path, key.start_mark.line + 1,
                                    key.start_mark.column + 1, RETIRED[key.value])
    return load(cls, node, path), _File(path, node)


def _macro_names(tree: Alt | Group | Look | Repeat) -> list[str]:
    out: list[str] = []
    branches = tree.branches if isinstance(tree, Alt) else [(tree.body,)] if isinstance(tree, Repeat) else tree.body.branches
    for branch in branches:
        for node in branch:
            if isinstance(node, Macro):
                out.append(node.name)
            elif isinstance(node, (Alt, Group, Look, Repeat)):
                out.extend(_macro_names(node))
    return out


def _check(fragment: str, file: _File, where: tuple[str | int, ...], macros: dict[str, str] | None, what: str) -> None:
    """Parse a pattern or macro as written (``{NAME}`` unexpanded): a construct the engine does not read, or an
    unknown macro, is reported where it stands."""
    try:
        tree = parse(fragment, macros=True)
    except SyntaxProblem as exc:
        raise file.error(f"{what} is not a regular expression the rules may use: {exc.message}", where, exc.offset,
                         exc.hint or "see 'Pattern conventions' in docs/detection.md") from None
    if macros is not None:
        for name in _macro_names(tree):
            if name not in macros:
                raise file.error(f"unknown macro {{{name}}}", where, fragment.find("{" + name + "}"),
                                 "define it under macros: in this file or common.yml")


def expand(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    """Expand {MACROS} and turn spaces into \\s+; ValueError for an unknown macro or one nested too deeply."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise ValueError(f"unknown macro {{{name}}}")
        if depth > 5:
            raise ValueError(f"macro {{{name}}} expands too deeply")
        return "(?:" + expand(macros[name], macros, depth + 1) + ")"

    return _MACRO.sub(sub, pattern).replace(" ", r"\s+")


def _expand(text: str, macros: dict[str, str], file: _File, where: tuple[str | int, ...]) -> str:
    try:
        return expand(text, macros)
    except ValueError as exc:
        raise file.error(str(exc), where, hint="define every macro under macros: in this file or common.yml; "
                                               "macros may nest at most 5 levels") from None


def _compiled(source: str, file: _File, where: tuple[str | int, ...], what: str) -> str:
    """``source``, checked as the engine and Python read it."""
    try:
        parse(source)
        re.compile(source, re.IGNORECASE)
    except (SyntaxProblem, re.error) as exc:
        raise file.error(f"{what} is not a valid regular expression: {getattr(exc, 'message', None) or exc}", where,
                         hint="check brackets and escape special characters such as . ( ) ? with a backslash") from None
    except RecursionError:
        raise file.error(f"{what} is nested too deeply", where, hint="write the pattern with fewer nested groups") from None
    return source


def _bounded(alternatives: str) -> str:
    """Match whole words only: start at a word boundary, end before no word character."""
    return r"\b(?:" + alternatives + r")(?!\w)"


def _macros(items: list[MacroDef], file: _File) -> dict[str, str]:
    for i, m in enumerate(items):
        _check(m.pattern, file, ("macros", i, "pattern"), None, f"macro {m.name}")
    return {m.name: m.pattern for m in items}


_KINDS = (("before", "(?:", r")\W*$"), ("after", r"^\W*(?:", ")"), ("match", "", ""), ("sentence", "", ""))


def _rule(rule: Rule, index: int, category: str, order: int, macros: dict[str, str], file: _File) -> RuleSource:
    where: tuple[str | int, ...] = ("rules", index, "patterns")
    alts = []
    for j, p in enumerate(rule.patterns):
        _check(p, file, (*where, j), macros, f"pattern of rule {rule.id!r}")
        alts.append(_expand(p, macros, file, (*where, j)))
    inner = "|".join(alts)
    regex = _compiled(_bounded(inner), file, where, f"rule {rule.id!r}")
    exceptions: dict[str, list[str]] = {kind: [] for kind, _, _ in _KINDS}
    for k, u in enumerate(rule.unless):
        for kind, head, tail in _KINDS:
            text = getattr(u, kind)
            if text:
                at = ("rules", index, "unless", k, kind)
                _check(text, file, at, macros, f"unless.{kind} of rule {rule.id!r}")
                exceptions[kind].append(_compiled(head + _expand(text, macros, file, at) + tail, file, at, f"unless.{kind}"))
    return RuleSource(category, rule.id, order, inner, regex, rule.message, rule.question,
                      tuple(exceptions["before"]), tuple(exceptions["after"]), tuple(exceptions["match"]),
                      tuple(exceptions["sentence"]), source=rule)


def read_rules(folder: Path) -> tuple[dict[str, str], dict[str, CategoryRules]]:
    """The shared macros and every category's rules of a rule folder, read now (see :func:`load_rules`)."""
    common: dict[str, str] = {}
    common_path = folder / "common.yml"
    if common_path.exists():
        model, file = _read(CommonFile, common_path)
        common = _macros(model.macros, file)
    out: dict[str, CategoryRules] = {}
    for cat in CATEGORIES:
        path = folder / f"{cat}.yml"
        rf, file = _read(RuleFile, path)
        assert isinstance(rf, RuleFile)
        if rf.category != cat:
            raise MedialitError(f"category is {rf.category!r} but the file is {path.name}", path, *rf.mark("category"),
                                f"set category: {cat}")
        macros = common | _macros(rf.macros, file)
        rules: list[RuleSource] = []
        problems: list[Problem] = []
        seen: set[str] = set()
        for i, rule in enumerate(rf.rules):
            if rule.id in seen:
                problems.append(Problem(f"duplicate rule id {rule.id!r}", str(path), *rule.mark("id"), hint="give each rule its own id"))
            seen.add(rule.id)
            rules.append(_rule(rule, i, cat, len(rules), macros, file))
        if problems:
            raise MedialitError(problems=problems)
        out[cat] = CategoryRules(cat, rf.description, tuple(rules))
    return common, out


@lru_cache(maxsize=8)
def _load(folder: Path) -> tuple[dict[str, str], dict[str, CategoryRules]]:
    return read_rules(folder)


def load_rules(lang: str = DEFAULT_LANG, folder: Path | None = None) -> dict[str, CategoryRules]:
    """Every category's rules of a language (or of a rule ``folder``), read once per process."""
    return _load(folder or rules_dir(lang))[1]


def common_macros(lang: str = DEFAULT_LANG, folder: Path | None = None) -> dict[str, str]:
    """The macros of a language's ``common.yml``, as written (for the sourcing ledger's ``SAYS`` and ``SOURCE``)."""
    return dict(_load(folder or rules_dir(lang))[0])
