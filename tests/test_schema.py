"""schemas/lesson.schema.json: generated from the spec model, committed up to date, valid for every lesson."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.errors import MedialitError
from generator.spec.lesson import load_spec, schema_text
from tests.conftest import MINIMAL_SPEC, ROOT, run

SCHEMA_PATH = ROOT / "schemas" / "lesson.schema.json"


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors read it (1.2 core schema): no implicit dates, like the spec loader."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_the_one_the_model_generates() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), \
        "schemas/lesson.schema.json is out of date: run `medialit schema --out schemas/lesson.schema.json`"


def test_schema_check_command_fails_when_the_file_is_stale(tmp_path: Path) -> None:
    stale = tmp_path / "lesson.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    result = run("medialit", "schema", "--out", str(stale), "--check")
    assert result.returncode == 1
    assert f"{stale}: error: {stale} is out of date" in result.stderr and "medialit schema --out" in result.stderr
    assert run("medialit", "schema", "--out", str(stale)).returncode == 0
    assert run("medialit", "schema", "--out", str(stale), "--check").returncode == 0
    assert run("medialit", "schema").stdout == schema_text()


def test_every_lesson_is_valid_against_the_schema() -> None:
    check = validator()
    specs = sorted(ROOT.glob("lessons/*/lesson.yml"))
    assert specs
    for spec in specs:
        data = yaml.load(spec.read_text(encoding="utf-8"), Loader=Yaml12Loader)  # a SafeLoader subclass: safe
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(data)]
        assert errors == [], f"{spec}: {errors}"


EXTRA = "annotations:\n  - quote: Some text\n    category: {category}\n    note: Hype.\n"


@pytest.mark.parametrize(("change", "valid"), [
    ((), True),
    (("level: \"6-8\"", "level: \"K-2\""), False),
    (("duration: 30", "duration: 3"), False),
    (("duration: 30", "duration: \"30\""), False),
    (("teacher_notes: Keep it short.\n", ""), False),
    (("title: A small lesson", "title: A small lesson\ncolour: red"), False),
    (("date: \"2025-01-02\"", "date: \"2 January 2025\""), False),
    (("date: \"2025-01-02\"", "date: \"2025-01-02\"\n  url: javascript:alert(1)"), False),
    (("date: \"2025-01-02\"", "date: \"2025-01-02\"\n  url: https://example.org/a"), True),
    (("objectives:\n  - Spot unnamed sources.", "objectives: []"), False),
    (("title: A small lesson", "title: \"\""), False),
    (("", EXTRA.format(category="superlative")), True),
    (("", EXTRA.format(category="clickbait")), False),
])
def test_schema_and_loader_agree(project, change: tuple[str, ...], valid: bool) -> None:  # type: ignore[no-untyped-def]
    spec = MINIMAL_SPEC
    if change:
        old, new = change
        spec = spec.replace(old, new) if old else spec + new
    path = project.lesson(spec=spec, article="Some text here.\n")
    try:
        load_spec(path)
        loads = True
    except MedialitError:
        loads = False
    data = yaml.load(spec, Loader=Yaml12Loader)  # a SafeLoader subclass: safe
    assert (loads, validator().is_valid(data)) == (valid, valid)
