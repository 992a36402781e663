"""medialit export --format w3c: W3C Web Annotation JSON-LD that round-trips, and the same files on the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.anchoring.lockfile import locate
from generator.build.lesson import Project as SiteProject
from generator.build.site import build_site
from tests.conftest import MINIMAL_SPEC, ROOT, SEED_ARTICLE, mkdocs_build, run

SEED = SEED_ARTICLE.read_text(encoding="utf-8")
NOTE_SPEC = MINIMAL_SPEC + """\
annotations:
  - quote: "are expected to arrive"
    category: unconfirmed
    note: Has *anything* arrived yet?
"""


def selectors(item: dict[str, object]) -> tuple[dict[str, str], dict[str, int]]:
    target = item["target"]
    assert isinstance(target, dict)
    by_type = {s["type"]: s for s in target["selector"]}
    return by_type["TextQuoteSelector"], by_type["TextPositionSelector"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("w3c") / "out"
    result = run("medialit", "export", "--format", "w3c", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def test_a_lesson_exports_as_a_w3c_annotation_collection(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=SEED, spec=NOTE_SPEC)
    out = tmp_path / "w3c"
    result = run("medialit", "export", "--format", "w3c", "--out", str(out), cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "sample", "sample/annotations.jsonld", "sample/article.txt"]
    assert (out / "sample" / "article.txt").read_bytes() == SEED_ARTICLE.read_bytes()
    data = json.loads((out / "sample" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["first"]["type"] == "AnnotationPage"
    items = data["first"]["items"]
    assert data["total"] == len(items) > 10
    [mine] = [i for i in items if "creator" not in i]
    start = SEED.index("are expected to arrive")
    assert mine == {
        "id": mine["id"], "type": "Annotation", "motivation": "commenting",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "unconfirmed"},
                 {"type": "TextualBody", "purpose": "commenting", "value": "Has *anything* arrived yet?", "format": "text/markdown"}],
        "target": {"source": "article.txt", "selector": [
            {"type": "TextQuoteSelector", "exact": "are expected to arrive",
             "prefix": SEED[start - 32:start], "suffix": SEED[start + 22:start + 54]},
            {"type": "TextPositionSelector", "start": start, "end": start + 22}]},
    }
    detected = [i for i in items if "creator" in i]
    assert all(i["creator"]["type"] == "Software" and [b["purpose"] for b in i["body"]][:2] == ["tagging", "commenting"]
               for i in detected)
    assert len({i["id"] for i in items}) == len(items)


def test_export_round_trips_on_every_repository_lesson(exported: Path) -> None:
    slugs = sorted(p.parent.name for p in ROOT.glob("lessons/*/lesson.yml"))
    assert sorted(p.name for p in exported.iterdir()) == slugs
    total = 0
    for slug in slugs:
        text = (exported / slug / "article.txt").read_text(encoding="utf-8")
        data = json.loads((exported / slug / "annotations.jsonld").read_text(encoding="utf-8"))
        for item in data["first"]["items"]:
            quote, position = selectors(item)
            span = (position["start"], position["end"])
            assert text[span[0]:span[1]] == quote["exact"]
            # the quote selector alone, with no position, finds the same span ...
            assert locate(text, quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")) == span
            # ... and so it does after the article gains a paragraph at the top
            shift = "An editor's note added later.\n\n"
            moved = locate(shift + text, quote["exact"], quote.get("prefix", ""), quote.get("suffix", ""), position["start"])
            assert moved == (span[0] + len(shift), span[1] + len(shift))
            total += 1
    assert total > 50


def test_site_publishes_the_same_files_next_to_each_lesson(exported: Path) -> None:
    site = build_site(SiteProject.at(ROOT))
    for built in site.lessons:
        for name in ("annotations.jsonld", "article.txt"):
            assert site.pages[f"lessons/{built.slug}/{name}"] == (exported / built.slug / name).read_text(encoding="utf-8")


def test_mkdocs_copies_the_annotations_beside_the_lesson_page(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=SEED, spec=NOTE_SPEC)
    result = mkdocs_build(project.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    lesson = tmp_path / "site" / "lessons" / "sample"
    assert (lesson / "index.html").is_file()
    data = json.loads((lesson / "annotations.jsonld").read_text(encoding="utf-8"))
    text = (lesson / "article.txt").read_text(encoding="utf-8")
    for item in data["first"]["items"]:
        quote, position = selectors(item)
        assert text[position["start"]:position["end"]] == quote["exact"]


def test_export_refuses_a_broken_lesson_and_keeps_old_output(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=SEED, spec=NOTE_SPEC)
    out = tmp_path / "w3c"
    assert run("medialit", "export", "--format", "w3c", "--out", str(out), cwd=project.root).returncode == 0
    project.lesson(article="Nothing matches.\n", spec=NOTE_SPEC)
    result = run("medialit", "export", "--format", "w3c", "--out", str(out), cwd=project.root)
    assert result.returncode == 1 and "lesson.yml:20:12: error: annotation 1" in result.stderr
    assert (out / "sample" / "article.txt").read_bytes() == SEED_ARTICLE.read_bytes()
