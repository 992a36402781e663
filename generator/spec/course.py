"""The course file: ``course.yml`` at the top of a site, the lessons in order and in named units.

::

    units:
      - title: Who says so?
        lessons: [storm-outage-wire, grocery-merger-talks]

The units and the order of their lessons are the course path: the lesson
index, the home page's path, the previous/next links and ``medialit list``
follow it. A lesson folder the file does not list is not published
(``medialit check`` warns about it); a slug listed twice, or one with no
lesson folder, is an error naming the file, line and column. A site without
``course.yml`` orders its lessons by ``order:`` in each ``lesson.yml`` and
groups them into units by grade band (see :mod:`generator.render.views`).
The model below is the format's single definition: the loader and the JSON
Schema (``schemas/course.schema.json``) follow it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import MedialitError, Problem, shorten
from generator.safety.text import read_text_file
from generator.safety.yamlsafe import compose
from generator.spec.model import Model, doc, json_schema, load

COURSE_FILE = "course.yml"  # at the top of the project, beside mkdocs.yml
COURSE_SCHEMA_FILE = "schemas/course.schema.json"
COURSE_SCHEMA_ID = "https://raw.githubusercontent.com/medialit-lessons/medialit-lessons/main/schemas/course.schema.json"
MAX_COURSE_BYTES = 256 * 1024
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # a lesson folder's name (as spec.lesson.SLUG_RE)
SLUG_HINT = "write the lesson's folder name under lessons/: lowercase words joined by hyphens, e.g. 'storm-outage-wire'"


@dataclass
class CourseUnit(Model):
    """A unit of the course: a title and its lessons, in the order students take them."""

    title: str = field(metadata=doc("The unit's title, shown in the lesson index and on the course path.",
                                    examples=["Who says so?", "Big words, small evidence"]))
    lessons: list[str] = field(metadata=doc(
        "The unit's lessons in order, each the name of its folder under lessons/.", min_items=1,
        hint="list at least one lesson folder, e.g. '- storm-outage-wire'",
        examples=[["storm-outage-wire", "grocery-merger-talks"]],
        items={"pattern": SLUG_PATTERN, "hint": SLUG_HINT, "doc": "A lesson folder's name."}))


@dataclass
class Course(Model):
    """A Medialit course: its units in order. Lesson folders that no unit lists are not published."""

    units: list[CourseUnit] = field(metadata=doc("The units in the order students take them.", min_items=1,
                                                 hint="add a unit: '- title: ...' with 'lessons:' under it"))


@dataclass
class Plan:
    """The course as published: each unit's title and lesson slugs, in order, and the folders left out."""

    units: list[tuple[str, list[str]]]
    unlisted: list[str]

    @property
    def slugs(self) -> list[str]:
        return [slug for _, slugs in self.units for slug in slugs]


def course_path(root: Path) -> Path:
    return root / COURSE_FILE


def load_course(path: Path) -> Course | None:
    """``course.yml`` at ``path`` read into a :class:`Course`, or None when there is no such file."""
    if not (path.exists() or path.is_symlink()):
        return None
    text = read_text_file(path, "course file", MAX_COURSE_BYTES)
    return load(Course, compose(text, path, "course file"), path)


def plan_problems(course: Course, path: Path, folders: list[str]) -> tuple[Plan, list[Problem]]:
    """The course's :class:`Plan` against the lesson ``folders`` there are, and an error for each slug listed
    twice or with no folder (with the closest folder name as a hint)."""
    problems: list[Problem] = []
    seen: dict[str, tuple[int, int]] = {}
    units: list[tuple[str, list[str]]] = []
    known = set(folders)
    for unit in course.units:
        slugs: list[str] = []
        for i, slug in enumerate(unit.lessons):
            line, col = _item_mark(unit, i)
            if slug in seen:
                problems.append(Problem(f"lesson {shorten(slug)!r} is listed twice (first on line {seen[slug][0]})",
                                        str(path), line, col, "keep one of the two: a lesson is in one place of the course"))
                continue
            seen[slug] = (line, col)
            if slug not in known:
                close = difflib.get_close_matches(slug, folders, n=1, cutoff=0.6)
                hint = (f"did you mean {close[0]!r}?" if close else
                        "the lesson folders are: " + ", ".join(folders) if folders else "the lessons folder has no lesson yet")
                problems.append(Problem(f"no lesson folder {shorten(slug)!r} in the lessons folder", str(path), line, col, hint))
                continue
            slugs.append(slug)
        units.append((unit.title, slugs))
    return Plan(units, [f for f in folders if f not in seen]), problems


def _item_mark(unit: CourseUnit, index: int) -> tuple[int, int]:
    """Where the ``index``-th slug of a unit is written (the loader keeps the marks of each item)."""
    marks = unit.marks.get(f"lessons[{index}]")
    return marks if marks is not None else unit.mark("lessons")


def course_plan(root: Path, folders: list[str]) -> Plan | None:
    """The plan of the course at ``root`` for these lesson ``folders``; None without ``course.yml``.

    Raises one MedialitError listing every problem of the file.
    """
    path = course_path(root)
    course = load_course(path)
    if course is None:
        return None
    plan, problems = plan_problems(course, path, folders)
    if problems:
        raise MedialitError(problems=problems)
    return plan


def unlisted_problems(path: Path, lessons_dir: Path, plan: Plan) -> list[Problem]:
    """A warning for each lesson folder the course file does not list, saying how to add it."""
    first = plan.units[0][0] if plan.units else "..."
    return [Problem(f"lesson folder {slug!r} is not in {COURSE_FILE}, so it is not published", str(lessons_dir / slug),
                    hint=f"add '- {slug}' under 'lessons:' of a unit in {path.name} (e.g. {first!r}), "
                    "or rename the folder to start with '_' if it is a draft", severity="warning")
            for slug in plan.unlisted]


def course_schema() -> dict[str, object]:
    """The JSON Schema of ``course.yml``, from the model :func:`load_course` reads into."""
    return json_schema(Course, "Medialit course file (course.yml)", COURSE_SCHEMA_ID)


def course_schema_text() -> str:
    return json.dumps(course_schema(), ensure_ascii=False, indent=2) + "\n"


def course_problems(root: Path, lessons_dir: Path, only: set[str] | None = None) -> list[Problem]:
    """What ``medialit check`` says of ``course.yml``: its errors, and a warning for each lesson folder it
    leaves out (of ``only``, when given: the folders being checked). Nothing without a course file."""
    try:
        folders = sorted(p.name for p in lessons_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    except OSError:
        return []  # the lesson checks say what is wrong with the lessons folder
    path = course_path(root)
    try:
        course = load_course(path)
    except MedialitError as exc:
        return exc.problems
    if course is None:
        return []
    plan, problems = plan_problems(course, path, folders)
    if only is not None:
        plan.unlisted = [slug for slug in plan.unlisted if slug in only]
    return problems + unlisted_problems(path, lessons_dir, plan)
