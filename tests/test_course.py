"""course.yml: the lessons published, their order and units, the errors and warnings, the schema, the fallback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import regress
import yaml

from generator.build.lesson import Project as BuildProject
from generator.build.site import build_site
from generator.cli.main import main
from generator.errors import MedialitError
from generator.resources import COURSE_SCHEMA_PATH, STARTER_DIR
from generator.spec.course import COURSE_SCHEMA_FILE, COURSE_SCHEMA_ID, course_schema, course_schema_text
from tests.conftest import MINIMAL_SPEC, ROOT, Project


def spec(title: str, level: str = "9-12", order: int | None = None) -> str:
    text = MINIMAL_SPEC.replace("title: A small lesson", f"title: {title}")
    assert text != MINIMAL_SPEC, "MINIMAL_SPEC's title line changed"
    text = re.sub(r'(?m)^level: .*$', f'level: "{level}"', text)
    return text + (f"order: {order}\n" if order is not None else "")


@pytest.fixture
def course(project: Project) -> Project:
    """Four lessons: alpha and beta (6-8), gamma (9-12), delta (college); order: puts them d, c, b, a."""
    for i, (slug, level) in enumerate([("alpha", "6-8"), ("beta", "6-8"), ("gamma", "9-12"), ("delta", "college")]):
        project.lesson(slug, spec(slug.title(), level, order=40 - 10 * i))
    return project


def write_course(project: Project, text: str) -> Path:
    path = project.root / "course.yml"
    path.write_text(text, encoding="utf-8")
    return path


def site_of(project: Project, teacher: bool = True) -> tuple[list[str], str]:
    site = build_site(BuildProject.at(project.root, teacher_material=teacher))
    return [b.slug for b in site.lessons], site.pages["lessons/index.md"]


def test_without_course_yml_order_and_levels_decide(course: Project) -> None:
    slugs, index = site_of(course)
    assert slugs == ["delta", "gamma", "beta", "alpha"]
    assert re.findall(r"^## (.*)$", index, re.M) == ["Unit 1: College", "Unit 2: Grades 9–12", "Unit 3: Grades 6–8"]


def test_course_yml_decides_order_units_and_what_is_published(course: Project) -> None:
    write_course(course, "units:\n  - title: First steps\n    lessons: [beta, alpha]\n"
                         "  - title: Harder\n    lessons:\n      - delta\n")
    slugs, index = site_of(course)
    assert slugs == ["beta", "alpha", "delta"]  # gamma is not listed: not published
    assert re.findall(r"^## (.*)$", index, re.M) == ["Unit 1: First steps", "Unit 2: Harder"]
    assert "gamma.md" not in index
    site = build_site(BuildProject.at(course.root))
    assert "lessons/gamma.md" not in site.pages and "lessons/beta.md" in site.pages


def test_previous_and_next_links_follow_the_course(course: Project) -> None:
    write_course(course, "units:\n  - title: One\n    lessons: [gamma, alpha, delta]\n")
    pages = build_site(BuildProject.at(course.root)).pages

    def links(slug: str) -> list[tuple[str, str]]:
        return re.findall(r"\[(?:← )?(Previous|Next): [^\]]*\]\(([a-z]+)\.md\)", pages[f"lessons/{slug}.md"])

    assert links("gamma") == [("Next", "alpha")]
    assert links("alpha") == [("Previous", "gamma"), ("Next", "delta")]
    assert links("delta") == [("Previous", "alpha")]


def test_plain_build_writes_the_links_too(course: Project, tmp_path: Path) -> None:
    write_course(course, "units:\n  - title: One\n    lessons: [gamma, alpha]\n")
    out = tmp_path / "out"
    assert main(["build", "--root", str(course.root), "--out", str(out), "-q"]) == 0
    assert "[Next: Alpha →](alpha.md){ .ml-next }" in (out / "lessons/gamma.md").read_text(encoding="utf-8")
    assert "(gamma.md){ .ml-previous }" in (out / "lessons/alpha.md").read_text(encoding="utf-8")
    assert not (out / "lessons/beta.md").exists()


def test_unknown_and_duplicate_slugs_are_errors_with_position_and_hint(course: Project) -> None:
    path = write_course(course, "units:\n  - title: One\n    lessons:\n      - alpah\n      - beta\n"
                                "  - title: Two\n    lessons: [beta, zzz]\n")
    with pytest.raises(MedialitError) as err:
        site_of(course)
    text = err.value.format()
    assert f"{path}:4:9: error: no lesson folder 'alpah' in the lessons folder" in text
    assert "did you mean 'alpha'?" in text
    assert f"{path}:7:15: error: lesson 'beta' is listed twice (first on line 5)" in text
    assert f"{path}:7:21: error: no lesson folder 'zzz'" in text
    assert "the lesson folders are: alpha, beta, delta, gamma" in text


def test_course_yml_is_read_with_positions(course: Project) -> None:
    path = write_course(course, "units:\n  - title: One\n    lesson: [alpha]\n  - title: Two\n    lessons: [Not_A_Slug]\n")
    with pytest.raises(MedialitError) as err:
        site_of(course)
    text = err.value.format()
    assert f"{path}:3:5: error: unknown key 'lesson' in units[1]" in text and "did you mean 'lessons'?" in text
    assert f"{path}:5:15: error: units[2].lessons[1] has the wrong form: 'Not_A_Slug'" in text


def test_check_warns_about_folders_the_course_leaves_out(course: Project, capsys: pytest.CaptureFixture[str]) -> None:
    write_course(course, "units:\n  - title: Basics\n    lessons: [alpha, beta, delta]\n")
    assert main(["check", "--root", str(course.root)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    folder = course.root / "lessons" / "gamma"
    assert f"{folder}: warning: lesson folder 'gamma' is not in course.yml, so it is not published" in out
    assert "add '- gamma' under 'lessons:' of a unit in course.yml (e.g. 'Basics')" in out
    assert out.count("not in course.yml") == 1
    # checking one listed lesson says nothing about the others
    assert main(["check", "--root", str(course.root), str(course.root / "lessons" / "alpha")]) == 0
    assert "not in course.yml" not in capsys.readouterr().out


def test_check_reports_course_errors(course: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_course(course, "units:\n  - title: Basics\n    lessons: [alpha, gama, beta, delta]\n")
    assert main(["check", "--root", str(course.root)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3:22: error: no lesson folder 'gama' in the lessons folder" in out
    assert "did you mean 'gamma'?" in out


def test_list_follows_the_course(course: Project, capsys: pytest.CaptureFixture[str]) -> None:
    write_course(course, "units:\n  - title: One\n    lessons: [gamma, alpha]\n  - title: Two\n    lessons: [beta]\n")
    assert main(["list", "--root", str(course.root), "--format", "json"]) == 0
    assert [row["slug"] for row in json.loads(capsys.readouterr().out)["lessons"]] == ["gamma", "alpha", "beta"]


def test_the_repository_course_lists_every_lesson_in_named_units() -> None:
    course = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    listed = [slug for unit in course["units"] for slug in unit["lessons"]]
    folders = sorted(p.name for p in (ROOT / "lessons").iterdir() if (p / "lesson.yml").is_file())
    assert sorted(listed) == folders and len(listed) == len(set(listed))
    assert len(course["units"]) >= 3 and all(unit["title"].strip() for unit in course["units"])


def test_schema_committed_printable_and_valid_for_the_course_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert COURSE_SCHEMA_PATH == ROOT / COURSE_SCHEMA_FILE
    assert COURSE_SCHEMA_PATH.read_text(encoding="utf-8") == course_schema_text()
    assert main(["schema", "--course"]) == 0
    assert json.loads(capsys.readouterr().out) == course_schema()
    schema = course_schema()
    assert schema["$id"] == COURSE_SCHEMA_ID
    check = jsonschema.Draft202012Validator(schema)
    for path in (ROOT / "course.yml", STARTER_DIR / "course.yml"):
        assert list(check.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./schemas/course.schema.json\n")
    assert not check.is_valid({"units": [{"title": "x", "lessons": ["Bad Slug"]}]})
    assert not check.is_valid({"units": [{"title": "x", "lessons": []}]})
    unit = schema["properties"]["units"]["items"]  # type: ignore[index]
    for prop in (schema["properties"]["units"], unit["properties"]["title"], unit["properties"]["lessons"]):  # type: ignore[index]
        assert prop["description"]
    pattern = unit["properties"]["lessons"]["items"]["pattern"]
    regress.Regex(pattern, flags="u")  # an ECMA-262 expression, as editors read it
    for example in unit["properties"]["lessons"]["examples"]:
        assert all(re.match(pattern, slug) for slug in example)


def test_init_writes_a_course_that_lists_its_lesson(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    course = yaml.safe_load((site / "course.yml").read_text(encoding="utf-8"))
    assert [slug for unit in course["units"] for slug in unit["lessons"]] == \
        [p.name for p in (site / "lessons").iterdir() if p.is_dir()]
    assert (site / COURSE_SCHEMA_FILE).read_bytes() == COURSE_SCHEMA_PATH.read_bytes()


def test_new_says_how_to_publish_the_lesson(course: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_course(course, "units:\n  - title: One\n    lessons: [alpha, beta, gamma, delta]\n")
    article = tmp_path / "a.txt"
    article.write_text("Pools to close\n\nThe pools will close, sources say.\n", encoding="utf-8")
    main(["new", "pools", "--article", str(article), "--root", str(course.root)])
    assert "to publish it: add '- pools' to the lessons of a unit in course.yml" in capsys.readouterr().out
