"""Lesson spec v1: loading into the typed model, and every error with file, line, column and hint."""

from __future__ import annotations

import pytest

from generator.errors import MedialitError
from generator.spec.lesson import load_spec
from tests.conftest import MINIMAL_SPEC, ROOT


def test_sample_lesson_loads_into_typed_model() -> None:
    spec = load_spec(ROOT / "lessons" / "nato-arms-deal" / "lesson.yml")
    lesson = spec.lesson
    assert spec.slug == "nato-arms-deal"
    assert lesson.level == "9-12"
    assert lesson.duration == 45
    assert len(lesson.annotations) == 20
    assert {a.category for a in lesson.annotations} == {"vague-sourcing", "superlative", "unconfirmed"}
    assert lesson.article.outlet == "fictional"
    assert "not confirmed" in lesson.article.license
    assert lesson.questions[0].answer
    assert lesson.detect is True


def load_error(project, spec: str, **kw) -> MedialitError:  # type: ignore[no-untyped-def]
    path = project.lesson(spec=spec, **kw)
    with pytest.raises(MedialitError) as info:
        load_spec(path)
    return info.value


def test_missing_required_key_names_it(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace("teacher_notes: Keep it short.\n", ""))
    assert "missing required key 'teacher_notes'" in err.message
    assert err.path.endswith("lesson.yml") and err.line == 1 and err.col == 1
    assert "teacher_notes:" in err.hint


def test_unknown_key_suggests_the_right_one(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace("summary:", "sumary:"))
    problems = {p.message: p for p in err.problems}
    p = problems["unknown key 'sumary' in the file"]
    assert (p.line, p.col) == (2, 1)
    assert p.hint == "did you mean 'summary'?"


def test_wrong_type_names_field_and_expected_type(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace("duration: 30", "duration: forty"))
    assert err.message == "duration must be a whole number, not 'forty'"
    assert (err.line, err.col) == (4, 11)


def test_bad_level_suggests_closest_choice(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace('level: "6-8"', "level: 9-11"))
    assert "level must be one of '6-8', '9-12', 'college'" in err.message
    assert err.hint == "did you mean '9-12'?"
    assert err.line == 3


def test_nested_field_errors_carry_their_path(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace('date: "2025-01-02"', "date: 2 January"))
    assert err.message.startswith("article.date has the wrong form")
    assert "YYYY-MM-DD" in err.hint
    assert (err.line, err.col) == (12, 9)


def test_every_problem_is_reported_at_once(project) -> None:  # type: ignore[no-untyped-def]
    spec = MINIMAL_SPEC.replace("duration: 30", "duration: 0").replace("summary:", "sumary:")
    err = load_error(project, spec)
    assert len(err.problems) >= 3  # unknown key, missing summary, duration range
    assert all(p.path.endswith("lesson.yml") for p in err.problems)


def test_duplicate_key_is_an_error(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC + "title: Again\n")
    assert "duplicate key 'title' (first given on line 1)" in err.message
    assert err.line == 19


def test_invalid_yaml_has_line_and_column(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace("summary: Students practise spotting cues.", "summary: [unclosed"))
    assert err.message.startswith("invalid YAML")
    assert err.line >= 2 and err.col >= 1
    assert "quot" in err.hint


def test_annotation_category_must_be_known(project) -> None:  # type: ignore[no-untyped-def]
    extra = "annotations:\n  - quote: Some text\n    category: superlatve\n    note: Hype.\n"
    err = load_error(project, MINIMAL_SPEC, extra=extra)
    assert "annotations[1].category must be one of" in err.message
    assert err.hint == "did you mean 'superlative'?"
    assert (err.line, err.col) == (21, 15)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("/etc/passwd", "absolute path"),
        ("../other/article.txt", "leaves the lesson folder"),
        ("article.pdf", "must end in .txt or .md"),
        ("missing.txt", "does not exist"),
    ],
)
def test_article_path_must_stay_in_lesson_folder(project, name: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, MINIMAL_SPEC.replace("file: article.txt", f"file: {name}"))
    assert fragment in err.message
    assert err.line == 8 and err.hint


def test_symlink_leading_outside_is_rejected(project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    path = project.lesson(spec=MINIMAL_SPEC.replace("file: article.txt", "file: link.txt"))
    (path.parent / "link.txt").symlink_to(outside)
    with pytest.raises(MedialitError) as info:
        load_spec(path)
    assert "leads outside the lesson folder" in info.value.message


def test_empty_file_is_an_error(project) -> None:  # type: ignore[no-untyped-def]
    err = load_error(project, "")
    assert err.message == "file is empty"


def test_the_literal_types_list_the_vocabulary_in_its_order() -> None:
    import typing

    from generator.spec.lesson import lesson_schema
    from generator.spec.vocabulary import CATEGORIES, LEVELS, Category, Level

    assert typing.get_args(Category) == CATEGORIES
    assert typing.get_args(Level) == LEVELS
    schema = lesson_schema()["properties"]
    assert schema["level"]["enum"] == list(LEVELS)  # type: ignore[index]
    assert schema["annotations"]["items"]["properties"]["category"]["enum"] == list(CATEGORIES)  # type: ignore[index]


def test_every_category_has_its_icon_and_a_shape_of_its_own() -> None:
    from generator.resources import ASSETS_DIR
    from generator.spec.vocabulary import CATEGORY_TERMS

    for term in CATEGORY_TERMS:
        assert (ASSETS_DIR / "icons" / term.icon).is_file(), term
    assert len({t.shape for t in CATEGORY_TERMS}) == len(CATEGORY_TERMS)  # the strip tells them apart by shape
