"""Worksheets and answer keys beside every lesson page: what each holds and what it must not, as Markdown."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from generator.article import load_article
from generator.build.lesson import Project as BuildProject
from generator.build.site import build_site
from generator.cli.main import main
from generator.spec.lesson import lesson_schema
from tests.conftest import MINIMAL_SPEC, ROOT, Project

LESSONS = sorted(p.parent.name for p in (ROOT / "lessons").glob("*/lesson.yml"))


def words(text: str) -> str:
    """Text as a reader sees it: entities decoded, Markdown emphasis and tags gone, white space squashed."""
    text = re.sub(r"<[^>]+>", "", html.unescape(text))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link: its text
    return " ".join(text.replace("*", "").replace("`", "").split())


def spec_of(slug: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "lessons" / slug / "lesson.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return build_site(BuildProject.at(ROOT)).pages


@pytest.mark.parametrize("slug", LESSONS)
def test_the_worksheet_holds_the_exercise_and_no_answer(pages: dict[str, str], slug: str) -> None:
    page = pages[f"lessons/{slug}/worksheet.md"]
    spec = spec_of(slug)
    assert page.startswith("---\nhide:\n  - navigation\n  - toc\n---\n")  # no navigation chrome
    text = words(page)
    assert words(spec["article"]["headline"]) in text and "{: .ml-task }" in page
    article = load_article(ROOT / "lessons" / slug / spec["article"]["file"])
    paragraphs = [b for b in article.blocks if not b.kind.startswith("h")]  # paragraphs, list items, quotes
    assert len(paragraphs) >= 3
    for b in paragraphs:
        assert words(article.block_text(b))[:80] in text
    assert re.findall(r'<span class="ml-para-n">(\d+)</span>', page) == [str(i) for i in range(1, len(paragraphs) + 1)]
    for q in spec["questions"]:
        assert words(q["question"]) in text
        assert words(q["answer"])[:60] not in text
    assert page.count('<div class="ml-lines"') == len(spec["questions"]) + (1 if spec.get("exit_ticket") else 0)
    assert words(spec["exit_ticket"]) in text and words(spec["exit_ticket_answer"])[:60] not in text
    for a in spec.get("annotations", []):
        assert words(a["note"])[:60] not in text
    assert words(spec["teacher_notes"])[:60] not in text
    assert "<mark" not in page and "data-category" not in page
    assert not re.search(r"(?m)^(!!!|\?\?\?)", page)  # no admonitions, folded or not


@pytest.mark.parametrize("slug", LESSONS)
def test_the_answer_key_holds_every_callout_note_and_answer(pages: dict[str, str], slug: str) -> None:
    page = pages[f"lessons/{slug}/answer-key.md"]
    spec = spec_of(slug)
    assert page.startswith("---\nhide:\n  - navigation\n  - toc\n---\n")
    text = words(page)
    n = len(re.findall(r'<mark id="callout-\d+"', page))
    assert n == len(re.findall(r'(?m)^\d+\.  <span class="ml-callout', page))
    for i in range(1, n + 1):
        assert f'data-callout="{i}"' in page and f"({i})" in page  # highlight and its number in the article
    for a in spec.get("annotations", []):
        assert words(a["note"]) in text
    for q in spec["questions"]:
        assert words(q["question"]) in text and words(q["answer"]) in text
    assert words(spec["exit_ticket"]) in text and words(spec["exit_ticket_answer"]) in text


def test_the_lesson_page_links_its_handouts_and_folds_the_exit_ticket_answer(pages: dict[str, str]) -> None:
    page = pages["lessons/nato-arms-deal.md"]
    assert "[worksheet](nato-arms-deal/worksheet.md) · [answer key](nato-arms-deal/answer-key.md)" in page
    assert '??? success "A good answer"' in page


def test_a_student_only_site_has_worksheets_but_no_answer_key(tmp_path: Path) -> None:
    site = build_site(BuildProject.at(ROOT, teacher_material=False))
    assert {f"lessons/{s}/worksheet.md" for s in LESSONS} <= set(site.pages)
    lessons = [p for p in site.pages if p.startswith("lessons/")]
    assert not [p for p in lessons if "answer-key" in p or "answer key" in site.pages[p].lower()]
    assert "A good answer" not in site.pages["lessons/nato-arms-deal.md"]
    assert not [p for p in site.pages if p.startswith("teachers/")]  # the printing page's list stays out with its section
    out = tmp_path / "md"
    assert main(["build", "--student", "--root", str(ROOT), "--out", str(out), "-q"]) == 0
    assert (out / "lessons/nato-arms-deal/worksheet.md").is_file()
    assert not list(out.rglob("answer-key.md"))


def test_the_teachers_printing_page_lists_every_handout(pages: dict[str, str]) -> None:
    page = pages["teachers/printing.md"]
    assert "<!-- medialit:handouts -->" not in page
    for slug in LESSONS:
        assert f"(../lessons/{slug}/worksheet.md)" in page and f"(../lessons/{slug}/answer-key.md)" in page


def test_exit_ticket_answer_is_in_the_schema_and_optional(project: Project, tmp_path: Path) -> None:
    prop = lesson_schema()["properties"]["exit_ticket_answer"]  # type: ignore[index]
    assert prop["description"] and prop["examples"]
    project.lesson("small", MINIMAL_SPEC + "exit_ticket: Name one source.\n")
    pages = build_site(BuildProject.at(project.root)).pages
    assert "A good answer" not in pages["lessons/small/answer-key.md"]
    assert "Name one source" in pages["lessons/small/worksheet.md"]


def test_a_spanish_lesson_gets_spanish_handouts(project: Project) -> None:
    spec = MINIMAL_SPEC.replace("title: A small lesson", "title: Una lección\nlanguage: es")
    project.lesson("leccion", spec, "Fuentes cercanas dicen que el club fichará al jugador.\n\nNadie lo confirma.\n")
    pages = build_site(BuildProject.at(project.root)).pages
    assert '<div lang="es" markdown>' in pages["lessons/leccion/worksheet.md"]
    assert "Hoja de trabajo" in pages["lessons/leccion/worksheet.md"] and "Preguntas" in pages["lessons/leccion/worksheet.md"]
    assert "Solucionario" in pages["lessons/leccion/answer-key.md"]


def test_handouts_without_chromium_is_one_clear_error(tmp_path: Path) -> None:
    import os
    import sys

    from tests.conftest import run

    missing = run("medialit", "handouts", "--out", str(tmp_path / "pdf"), "--chromium", str(tmp_path / "no-chromium"),
                  cwd=ROOT)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert f"error: no Chromium at {tmp_path / 'no-chromium'}" in missing.stderr
    assert "hint: install Chromium (Debian and Ubuntu: sudo apt-get install chromium" in missing.stderr
    # nothing on the PATH either: the same advice, and nothing written
    env = {"PATH": str(Path(sys.executable).parent), "MEDIALIT_CHROMIUM": ""}
    none = run("medialit", "handouts", "--out", str(tmp_path / "pdf"), cwd=ROOT, env={**os.environ, **env})
    assert none.returncode == 1
    assert "medialit handouts needs Chromium (or Google Chrome) to print PDF files, and none was found" in none.stderr
    assert not (tmp_path / "pdf").exists()


def test_handouts_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["handouts", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for words_ in ("<lesson>-worksheet.pdf", "no note and no answer", "teacher_material: false", "--paper letter",
                   "--lesson nato-arms-deal", "MEDIALIT_CHROMIUM", "--site", "standard error"):
        assert words_ in out, words_
