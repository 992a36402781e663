"""Editor help: the JSON Schema as editors read it (ECMA-262 regexes, $id, examples, defaults) and the line pointing to it."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import regress

from generator.resources import SCHEMA_PATH, STARTER_DIR
from generator.spec.lesson import SCHEMA_FILE, SCHEMA_ID
from tests.conftest import ROOT, SEED_ARTICLE, run

SCHEMA_LINE = f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"
LESSONS = sorted(ROOT.glob("lessons/*/lesson.yml"))
STARTER_LESSONS = sorted(STARTER_DIR.glob("lessons/*/lesson.yml"))


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def subschemas(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every schema object inside ``node``, with its place."""
    found = []
    if isinstance(node, dict):
        if "type" in node or "enum" in node or "anyOf" in node:
            found.append((where, node))
        for key, value in node.items():
            if key not in ("examples", "default", "enum"):
                found += subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += subschemas(value, f"{where}/{i}")
    return found


def test_the_package_schema_is_the_committed_one() -> None:
    assert SCHEMA_PATH == ROOT / SCHEMA_FILE  # in a checkout; a wheel carries the same file inside the package


def test_every_pattern_is_ecma_262_with_the_u_flag_and_python() -> None:
    patterns = [(where, node["pattern"]) for where, node in subschemas(schema()) if "pattern" in node]
    assert len(patterns) >= 2
    for _where, pattern in patterns:
        regress.Regex(pattern, flags="u")  # raises RegressError when an editor would reject it
        re.compile(pattern)


def test_id_descriptions_examples_and_defaults() -> None:
    s = schema()
    assert s["$id"] == SCHEMA_ID
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    assert SCHEMA_ID.startswith(repository.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/")
    properties = [(f"{where}/{name}", prop) for where, node in subschemas(s) if node.get("type") == "object"
                  for name, prop in node["properties"].items()]
    assert len(properties) > 40
    assert [where for where, prop in properties if not prop.get("description")] == []
    with_examples = [(where, prop) for where, prop in properties if "examples" in prop]
    with_defaults = [(where, prop) for where, prop in properties if "default" in prop]
    assert len(with_examples) >= 15 and len(with_defaults) >= 6
    for where, prop in with_examples + with_defaults:
        check = jsonschema.Draft202012Validator(prop)
        for value in [*prop.get("examples", []), *([prop["default"]] if "default" in prop else [])]:
            assert check.is_valid(value), f"{where}: {value!r} is not valid against its own property"


def test_every_lesson_and_scaffold_points_editors_at_the_schema(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("medialit", "new", "arms-deal", "--article", str(SEED_ARTICLE), cwd=project.root).returncode == 0
    site = tmp_path / "site"
    assert run("medialit", "init", str(site)).returncode == 0
    specs = [*LESSONS, *STARTER_LESSONS, project.root / "lessons/arms-deal/lesson.yml",
             *site.glob("lessons/*/lesson.yml")]
    assert len(LESSONS) >= 10 and STARTER_LESSONS
    for spec in specs:
        assert spec.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, spec
    for spec in (*LESSONS, *site.glob("lessons/*/lesson.yml")):  # the line leads to the schema from where it is
        assert (spec.parent / "../.." / SCHEMA_FILE).resolve().read_bytes() == SCHEMA_PATH.read_bytes()


def test_check_jsonschema_accepts_every_lesson(project) -> None:  # type: ignore[no-untyped-def]
    assert run("medialit", "new", "arms-deal", "--article", str(SEED_ARTICLE), cwd=project.root).returncode == 0
    scaffold = project.root / "lessons/arms-deal/lesson.yml"
    result = run("check-jsonschema", "--schemafile", str(SCHEMA_PATH),
                 *map(str, [*LESSONS, *STARTER_LESSONS, scaffold]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_check_jsonschema_rejects_a_lesson_that_breaks_the_schema(tmp_path: Path) -> None:
    bad = tmp_path / "lesson.yml"
    text = LESSONS[0].read_text(encoding="utf-8").replace("article:\n", "article:\n  url: not a web address\n", 1)
    bad.write_text(text.replace("duration:", "colour: red\nduration:", 1), encoding="utf-8")
    result = run("check-jsonschema", "--schemafile", str(SCHEMA_PATH), str(bad))
    assert result.returncode == 1
    assert "'not a web address' does not match" in result.stdout and "'colour' was unexpected" in result.stdout
