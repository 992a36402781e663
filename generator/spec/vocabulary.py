"""The course's fixed vocabulary, written once: the callout categories and the grade levels.

Everything that names a category or a level takes it from here: the spec
model (the ``Category`` and ``Level`` types and the JSON Schema), the rule
files' ``category:`` check, the page renderer (labels, icons, level names),
the callout strip (shapes), the course order (level ranks) and
``medialit list`` (column headings). The two ``Literal`` types below must be
written out for type checkers; a test checks that they list the same ids in
the same order as :data:`CATEGORY_TERMS` and :data:`LEVEL_TERMS`.

What a category *means* for students (its glossary description and the
questions careful readers ask) lives with its detection rules in
``generator/rules/<id>.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.spec.language import N_


@dataclass(frozen=True)
class CategoryTerm:
    """A callout category: its id (in lesson.yml, CSS classes and ``data-category``) and how it is shown."""

    id: str
    label: str  # on callouts, the strip and the glossary
    icon: str  # file name under generator/assets/icons/
    shape: str  # of its marks in the callout strip ("circle", "triangle" or "square"), so it never shows by colour alone
    short: str  # column heading in `medialit list`


@dataclass(frozen=True)
class LevelTerm:
    """A grade band: its id (in lesson.yml), its name on pages, and its rank in the course order (easier first)."""

    id: str
    name: str
    rank: int


# Labels and names are in English, marked with N_() for the catalogues; pages show them translated
# into their language (generator/render/i18n.py).
CATEGORY_TERMS = (
    CategoryTerm("vague-sourcing", N_("Vague sourcing"), "vague-sourcing.svg", "circle", "vague"),
    CategoryTerm("superlative", N_("Superlative or hype"), "superlative.svg", "triangle", "super"),
    CategoryTerm("unconfirmed", N_("Unconfirmed"), "unconfirmed.svg", "square", "unconf"),
)
LEVEL_TERMS = (
    LevelTerm("6-8", N_("Grades 6–8"), 0),
    LevelTerm("9-12", N_("Grades 9–12"), 1),
    LevelTerm("college", N_("College"), 2),
)

Category = Literal["vague-sourcing", "superlative", "unconfirmed"]
Level = Literal["6-8", "9-12", "college"]

CATEGORIES: tuple[str, ...] = tuple(c.id for c in CATEGORY_TERMS)  # in the order pages list them
CATEGORY = {c.id: c for c in CATEGORY_TERMS}
LEVELS: tuple[str, ...] = tuple(level.id for level in LEVEL_TERMS)
LEVEL_NAMES = {level.id: level.name for level in LEVEL_TERMS}
LEVEL_RANK = {level.id: level.rank for level in LEVEL_TERMS}
