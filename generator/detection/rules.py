"""Detection rules as data: ``generator/rules/<category>.yml``, one file per category.

A rule is a list of regular-expression patterns plus ``unless`` exceptions,
a student-facing explanation, a question to ask, and examples that must and
must not match (run as tests). Patterns are case-insensitive; a space in a
pattern matches any run of white space; ``{NAME}`` expands a macro from the
file's ``macros`` or from ``common.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.detection.ruleset import RULES_DIR, CompiledRule
from generator.errors import MedialitError, Problem
from generator.safety.yamlsafe import compose
from generator.spec.lesson import CATEGORIES, Category, read_text_file
from generator.spec.model import Model, doc, load

__all__ = ["RULES_DIR", "CompiledRule", "load_rules"]  # CompiledRule and RULES_DIR live in generator.detection.ruleset
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass
class Macro(Model):
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
    label: str = field(metadata=doc("Short label shown on callouts."))
    icon: str = field(metadata=doc("Material icon shortcode name, e.g. material-account-question."))
    description: str = field(metadata=doc("What the category is, for the glossary."))
    rules: list[Rule] = field(metadata=doc("The rules."))
    macros: list[Macro] = field(default_factory=list, metadata=doc("Named pattern pieces."))


@dataclass
class CommonFile(Model):
    """Macros shared by every category."""

    macros: list[Macro] = field(metadata=doc("Named pattern pieces."))


def _read(cls: type, path: Path) -> object:
    return load(cls, compose(read_text_file(path, "rules file", 512 * 1024), path, "rules file"), path)


def expand(pattern: str, macros: dict[str, str], path: Path, mark: tuple[int, int], depth: int = 0) -> str:
    """Expand {MACROS} and turn spaces into \\s+."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise MedialitError(f"unknown macro {{{name}}}", path, *mark, "define it under macros: in this file or common.yml")
        if depth > 5:
            raise MedialitError(f"macro {{{name}}} expands too deeply", path, *mark, "macros may nest at most 5 levels")
        return "(?:" + expand(macros[name], macros, path, mark, depth + 1) + ")"

    return _MACRO.sub(sub, pattern).replace(" ", r"\s+")


@dataclass
class Category_:
    id: str
    label: str
    icon: str
    description: str
    rules: list[CompiledRule]


def _bounded(alternatives: str) -> str:
    """Match whole words only: start at a word boundary, end before no word character."""
    return r"\b(?:" + alternatives + r")(?!\w)"


def _compile(src: str, path: Path, mark: tuple[int, int], what: str) -> re.Pattern[str]:
    try:
        return re.compile(src, re.IGNORECASE)
    except re.error as exc:
        raise MedialitError(f"{what} is not a valid regular expression: {exc}", path, *mark,
                            "check brackets and escape special characters such as . ( ) ? with a backslash") from None


@lru_cache(maxsize=8)
def load_rules(rules_dir: Path = RULES_DIR) -> dict[str, Category_]:
    """Load and compile every category's rules (cached per folder)."""
    common_path = rules_dir / "common.yml"
    common: dict[str, str] = {}
    if common_path.exists():
        common = {m.name: m.pattern for m in _read(CommonFile, common_path).macros}  # type: ignore[attr-defined]
    out: dict[str, Category_] = {}
    for cat in CATEGORIES:
        path = rules_dir / f"{cat}.yml"
        rf: RuleFile = _read(RuleFile, path)  # type: ignore[assignment]
        if rf.category != cat:
            raise MedialitError(f"category is {rf.category!r} but the file is {path.name}", path, *rf.mark("category"),
                                f"set category: {cat}")
        macros = common | {m.name: m.pattern for m in rf.macros}
        compiled: list[CompiledRule] = []
        seen: set[str] = set()
        problems: list[Problem] = []
        for rule in rf.rules:
            if rule.id in seen:
                problems.append(Problem(f"duplicate rule id {rule.id!r}", str(path), *rule.mark("id"), hint="give each rule its own id"))
            seen.add(rule.id)
            mark = rule.mark("patterns")
            alts = [expand(p, macros, path, mark) for p in rule.patterns]
            if any("(?P<" in a for a in alts):
                raise MedialitError("named groups (?P<...>) are not allowed in patterns", path, *mark, "use (?:...) instead")
            inner = "|".join(alts)
            cr = CompiledRule(cat, rule.id, inner, _compile(_bounded(inner), path, mark, f"rule {rule.id!r}"),
                              rule.message, rule.question, source=rule, order=len(compiled))
            for u in rule.unless:
                um = u.mark()
                if u.before:
                    cr.before.append(_compile("(?:" + expand(u.before, macros, path, um) + r")\W*$", path, um, "unless.before"))
                if u.after:
                    cr.after.append(_compile(r"^\W*(?:" + expand(u.after, macros, path, um) + ")", path, um, "unless.after"))
                if u.match:
                    cr.inside.append(_compile(expand(u.match, macros, path, um), path, um, "unless.match"))
                if u.sentence:
                    cr.sentence.append(_compile(expand(u.sentence, macros, path, um), path, um, "unless.sentence"))
            compiled.append(cr)
        if problems:
            raise MedialitError(problems=problems)
        out[cat] = Category_(cat, rf.label, rf.icon, rf.description, compiled)
    return out
