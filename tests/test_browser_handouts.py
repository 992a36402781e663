"""Worksheets and answer keys printed by Chromium: one or two A4 or Letter pages, no navigation, and the
worksheet's printed text holds no note and no model answer.

Shares the built site of tests/test_browser_site.py; skips locally without Chromium and fails in CI (CI=true).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.pdftext import page_count, pdf_text, squash
from tests.test_browser_site import LESSONS, Watched, base, chromium, site

__all__ = ["base", "chromium", "site"]  # module fixtures shared with test_browser_site

PAPERS = ("A4", "Letter")
MAX_PAGES = 2  # for an article of about 600 words


@pytest.fixture(scope="module")
def printer(chromium: Any, base: str) -> Iterator[Watched]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield Watched(context.new_page(), base)
    finally:
        context.close()


def printed(printer: Watched, path: str) -> dict[str, bytes]:
    page = printer.open(path)
    assert page.locator(".ml-sheet").count() == 1, path
    return {paper: page.pdf(format=paper) for paper in PAPERS}


def spec_of(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "lessons" / slug / "lesson.yml").read_text(encoding="utf-8"))
    return data


def plain(markdown: str) -> str:
    return squash(markdown.replace("*", "").replace("`", ""))


@pytest.mark.parametrize("slug", LESSONS)
def test_the_worksheet_prints_on_one_or_two_pages_without_an_answer(printer: Watched, slug: str) -> None:
    pdfs = printed(printer, f"lessons/{slug}/worksheet/")
    spec = spec_of(slug)
    for paper, pdf in pdfs.items():
        assert 1 <= page_count(pdf) <= MAX_PAGES, (slug, paper, page_count(pdf))
    text = squash(pdf_text(pdfs["A4"]))
    assert squash(spec["article"]["headline"]) in text
    assert squash(spec["questions"][-1]["question"]) in text
    notes = [a["note"] for a in spec.get("annotations", [])]
    answers = [q["answer"] for q in spec["questions"]] + [spec["exit_ticket_answer"], spec["teacher_notes"]]
    for secret in notes + answers:
        start = plain(secret.split("](")[0])[:40]  # the first words of each, as printed
        assert start not in text, (slug, secret[:60])
    assert printer.errors == [] and printer.outside == []


@pytest.mark.parametrize("slug", LESSONS)
def test_the_answer_key_prints_on_one_or_two_pages_with_every_note(printer: Watched, slug: str) -> None:
    pdfs = printed(printer, f"lessons/{slug}/answer-key/")
    spec = spec_of(slug)
    for paper, pdf in pdfs.items():
        assert 1 <= page_count(pdf) <= MAX_PAGES, (slug, paper, page_count(pdf))
    text = squash(pdf_text(pdfs["Letter"]))
    for a in spec.get("annotations", []):
        assert plain(a["note"].split("](")[0])[:40] in text, (slug, a["note"][:60])
    for q in spec["questions"]:
        assert plain(q["answer"])[:40] in text
    assert plain(spec["exit_ticket_answer"])[:40] in text


def test_the_handouts_print_without_navigation(printer: Watched) -> None:
    page = printer.open("lessons/nato-arms-deal/worksheet/")
    assert page.locator(".md-sidebar--primary[hidden], .md-sidebar--secondary[hidden]").count() == 2  # hide: on screen too
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-content__button"):
        assert not page.locator(chrome).first.is_visible(), chrome
    # the lesson page leads to both; the worksheet is not in the site's menu
    lesson = printer.open("lessons/nato-arms-deal/")
    links = lesson.locator(".ml-handout-links a")
    assert links.all_inner_texts() == ["worksheet", "answer key"]
    assert lesson.locator(".md-nav a[href*='worksheet']").count() == 0


def test_medialit_handouts_prints_the_pdf_files(site: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli.main import main
    from tests.browser import CHROMIUM, require_chromium

    require_chromium()
    out = tmp_path / "pdf"
    args = ["handouts", "--out", str(out), "--site", str(site), "--chromium", str(CHROMIUM)]
    assert main([*args, "--lesson", "storm-outage-wire", "--lesson", "nato-arms-deal", "--paper", "letter"]) == 0
    err = capsys.readouterr().err
    assert "[4/4]" in err and "wrote 2 worksheet(s) and 2 answer key(s)" in err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["nato-arms-deal-answer-key-letter.pdf", "nato-arms-deal-worksheet-letter.pdf",
                     "storm-outage-wire-answer-key-letter.pdf", "storm-outage-wire-worksheet-letter.pdf"]
    for name in names:
        pdf = (out / name).read_bytes()
        assert 1 <= page_count(pdf) <= MAX_PAGES
        box = re.search(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
        assert box and (round(float(box[1])), round(float(box[2]))) in ((612, 792), (611, 791))  # US Letter, in points
    text = squash(pdf_text((out / "nato-arms-deal-worksheet-letter.pdf").read_bytes()))
    assert squash("Your task.") in text and squash(spec_of("nato-arms-deal")["questions"][0]["answer"])[:40] not in text
    assert main([*args, "--lesson", "nato-arms-dea"]) == 1
    assert "did you mean 'nato-arms-deal'?" in capsys.readouterr().err
