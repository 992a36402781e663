"""medialit new: a lesson folder to fill in, which passes medialit check from the start."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from generator.anchoring.lockfile import LOCK_FILE
from generator.tools.suggest import COMMENT
from tests.conftest import ROOT, SEED_ARTICLE, run

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/lesson.schema.json"


def new(project, slug: str, article: Path):  # type: ignore[no-untyped-def]
    return run("medialit", "new", slug, "--article", str(article), cwd=project.root)


def suggested(spec: str) -> int:
    """How many annotations are still marked as the detector's suggestions."""
    return sum(1 for line in spec.splitlines() if line.strip() == COMMENT)


def test_new_lesson_passes_check_with_warnings_only(project) -> None:  # type: ignore[no-untyped-def]
    result = new(project, "arms-deal", SEED_ARTICLE)
    assert result.returncode == 0, result.stderr
    assert "created lessons/arms-deal/" in result.stdout
    folder = project.root / "lessons" / "arms-deal"
    assert sorted(p.name for p in folder.iterdir()) == ["article.txt", LOCK_FILE, "lesson.yml"]
    assert (folder / "article.txt").read_bytes() == SEED_ARTICLE.read_bytes()
    spec = (folder / "lesson.yml").read_text(encoding="utf-8")
    assert spec.splitlines()[0] == SCHEMA_LINE
    assert (folder / "../../schemas").resolve() == project.root / "schemas"  # the path is relative to the lesson
    checked = run("medialit", "check", cwd=project.root)
    assert checked.returncode == 0, checked.stdout
    assert ": error:" not in checked.stdout
    assert "lessons/arms-deal/lesson.yml:5:9: warning: 'title' still holds a TODO placeholder" in checked.stdout
    assert checked.stdout.count("still holds a TODO placeholder") == spec.count("TODO") == 12
    assert checked.stdout.count(": warning: annotation suggested by the detector, still to review") == suggested(spec) > 10
    assert f"{checked.stdout.count(': warning:')} warning(s)" in checked.stderr and "0 error(s)" in checked.stderr


def test_detected_findings_become_annotations_to_review(project) -> None:  # type: ignore[no-untyped-def]
    assert new(project, "arms-deal", SEED_ARTICLE).returncode == 0
    folder = project.root / "lessons" / "arms-deal"
    spec = (folder / "lesson.yml").read_text(encoding="utf-8")
    annotations = yaml.safe_load(spec)["annotations"]
    found = json.loads(run("medialit", "detect", str(SEED_ARTICLE), "--format", "json").stdout)["findings"]
    assert [(a["quote"], a["category"]) for a in annotations] == [(" ".join(f["text"].split()), f["category"]) for f in found]
    assert suggested(spec) == len(annotations)
    lock = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert [(a["start"], a["end"]) for a in lock["annotations"]] == [(f["start"], f["end"]) for f in found]
    assert all(text[a["start"]:a["end"]] == a["exact"] for a in lock["annotations"])


def test_filled_in_lesson_has_no_warnings(project) -> None:  # type: ignore[no-untyped-def]
    assert new(project, "arms-deal", SEED_ARTICLE).returncode == 0
    path = project.root / "lessons" / "arms-deal" / "lesson.yml"
    spec = path.read_text(encoding="utf-8")
    spec = re.sub(r'"TODO[^"]*"', '"Written by the author."', spec)
    spec = re.sub(r"\s+# TODO.*", "", spec).replace('outlet: "Written by the author."', "outlet: fictional")
    spec = spec.replace(f"  {COMMENT}\n", "")
    path.write_text(spec, encoding="utf-8")
    checked = run("medialit", "check", cwd=project.root)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    assert "0 error(s), 0 warning(s)" in checked.stderr


def test_markdown_article_keeps_its_headline_and_date(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "story.md"
    article.write_text('---\ntitle: "Sources: the mayor will resign"\ndate: 2024-03-05\n---\n\n'
                       "Insiders say the mayor will resign. She reportedly told staff on Friday.\n", encoding="utf-8")
    assert new(project, "mayor", article).returncode == 0
    folder = project.root / "lessons" / "mayor"
    spec = yaml.safe_load((folder / "lesson.yml").read_text(encoding="utf-8"))
    assert spec["article"]["file"] == "article.md"
    assert spec["article"]["headline"] == "Sources: the mayor will resign"
    assert spec["article"]["date"] == "2024-03-05"
    assert (folder / "article.md").read_bytes() == article.read_bytes()
    assert run("medialit", "check", cwd=project.root).returncode == 0


def test_short_first_line_of_a_text_article_is_the_headline(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text("City hall in turmoil\n\nThe council met on Monday.\n", encoding="utf-8")
    assert new(project, "city", article).returncode == 0
    spec = (project.root / "lessons" / "city" / "lesson.yml").read_text(encoding="utf-8")
    assert '  headline: "City hall in turmoil"\n' in spec
    assert yaml.safe_load(spec)["annotations"] == []
    # the headline is in lesson.yml and shows above the article: not a second time in the body
    assert (project.root / "lessons" / "city" / "article.txt").read_text(encoding="utf-8") == "The council met on Monday.\n"
    page = run("medialit", "build", "--out", str(tmp_path / "md"), "-q", cwd=project.root)
    assert page.returncode == 0, page.stderr
    assert (tmp_path / "md" / "lessons" / "city.md").read_text(encoding="utf-8").count("City hall in turmoil") == 2  # one per view


def test_a_markdown_heading_is_dropped_from_the_body_and_the_rest_kept(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "story.md"
    body = "Insiders say the pool will close.\n\n- A list item stays.\n"
    article.write_text("---\ndate: 2024-03-05\n---\n\n# Pool to close, sources say\n\n" + body, encoding="utf-8")
    assert new(project, "pool", article).returncode == 0
    folder = project.root / "lessons" / "pool"
    assert yaml.safe_load((folder / "lesson.yml").read_text(encoding="utf-8"))["article"]["headline"] == "Pool to close, sources say"
    assert (folder / "article.md").read_text(encoding="utf-8") == "---\ndate: 2024-03-05\n---\n\n" + body
    assert run("medialit", "check", cwd=project.root).returncode == 0


def test_an_article_without_a_headline_line_is_copied_as_it_is(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday, officials said.\n\nIt lasted an hour.\n", encoding="utf-8")
    assert new(project, "council", article).returncode == 0
    assert (project.root / "lessons" / "council" / "article.txt").read_bytes() == article.read_bytes()


def test_refusals_leave_nothing_behind(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"Caf\xe9 society.\n")
    result = new(project, "cafe", bad)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:1:4: error: article is not valid UTF-8")
    doc = tmp_path / "a.docx"
    doc.write_text("x", encoding="utf-8")
    assert "must be a .txt or .md file" in new(project, "doc", doc).stderr
    assert "is not a usable slug" in new(project, "Bad_Slug", SEED_ARTICLE).stderr
    assert "is not a usable slug" in new(project, "index", SEED_ARTICLE).stderr
    assert new(project, "arms", SEED_ARTICLE).returncode == 0
    again = new(project, "arms", SEED_ARTICLE)
    assert again.returncode == 1 and "lesson 'arms' already exists" in again.stderr
    assert sorted(p.name for p in (project.root / "lessons").iterdir()) == ["arms"]


def test_scaffold_is_valid_against_the_committed_schema(project) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    assert new(project, "arms-deal", SEED_ARTICLE).returncode == 0
    schema = json.loads((ROOT / "schemas" / "lesson.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((project.root / "lessons" / "arms-deal" / "lesson.yml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_contributing_worked_example_runs_as_written(tmp_path: Path) -> None:
    doc = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = doc[doc.index("## A worked example"):doc.index("\n## ", doc.index("## A worked example") + 1)]
    [article] = re.findall(r"```text\n(.*?)```", section, re.S)
    excerpt, filled = re.findall(r"```yaml\n(.*?)```", section, re.S)
    steps = [step for block in re.findall(r"```console\n(.*?)```", section, re.S) for step in block.split("$ ")[1:]]
    (tmp_path / "lessons").mkdir()
    (tmp_path / "rumour.txt").write_text(article, encoding="utf-8")
    folder = tmp_path / "lessons" / "pool-closures"

    def replay(step: str) -> None:
        command, _, expected = step.partition("\n")
        program, *args = command.split()
        assert program == ".venv/bin/medialit"
        result = run("medialit", *args, cwd=tmp_path)
        assert result.stdout + result.stderr == expected.rstrip("\n") + "\n", command

    replay(steps[0])
    scaffold = (folder / "lesson.yml").read_text(encoding="utf-8").splitlines()
    shown = [line for line in excerpt.splitlines() if line != "..." and not line.startswith("    note:")]  # notes abridged
    lines = iter(scaffold)
    assert all(line in lines for line in shown)  # the excerpt's lines stand in the scaffold, in this order
    (folder / "lesson.yml").write_text(filled, encoding="utf-8")
    replay(steps[1])
    replay(steps[2])
    assert (folder / "lesson.yml").read_text(encoding="utf-8") == filled.replace("acording", "according")
    text = (folder / "article.txt").read_text(encoding="utf-8")
    text = "Updated on Wednesday.\n\n" + text.replace("people familiar with", "two people who have seen")
    (folder / "article.txt").write_text(text, encoding="utf-8")
    replay(steps[3])
    assert len(steps) == 4
