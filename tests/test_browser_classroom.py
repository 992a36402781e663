"""The classroom in Chromium, on a phone (390×844) and a desktop (1366×900): answers wait for the
student, practice talks back, the site holds the course, tables fit, the student-only site.

Shares the built site and helpers of tests/test_browser_site.py; skips locally without Chromium
and fails in CI (CI=true).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import serve
from tests.conftest import ROOT
from tests.test_browser_site import LABELS, LESSON, LESSONS, Watched, base, build, chromium, key_of, mark, select_words, site

__all__ = ["base", "chromium", "site"]  # module fixtures shared with test_browser_site

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
BAR_SHARE = 0.15  # the practice bar takes at most this share of the screen's height


@pytest.fixture(params=list(VIEWPORTS))
def screen(request: pytest.FixtureRequest, chromium: Any, base: str) -> Iterator[tuple[Watched, dict[str, int]]]:
    viewport = VIEWPORTS[request.param]
    context = chromium.new_context(viewport=viewport)
    try:
        yield Watched(context.new_page(), base), viewport
    finally:
        context.close()


@pytest.fixture
def phone(chromium: Any, base: str) -> Iterator[Watched]:
    context = chromium.new_context(viewport=PHONE, has_touch=True)
    try:
        yield Watched(context.new_page(), base)
    finally:
        context.close()


def squash(text: str) -> str:
    return " ".join(text.split())


VISIBLE = "() => document.body.innerText"
# The answers on a page, as its DOM holds them whether shown or not: every callout note, every folded block
ANSWERS = """() => {
  const notes = [...document.querySelectorAll('.ml-callouts-title + ol .ml-note')].map(e => e.textContent);
  const folded = [...document.querySelectorAll('details')].flatMap(d =>
      [...d.children].filter(c => c.tagName !== 'SUMMARY').map(c => c.textContent));
  const glossary = [...document.querySelectorAll('details .ml-note')].map(e => e.textContent);
  return {notes, folded, glossary};
}"""


@pytest.mark.parametrize("slug", LESSONS)
def test_no_answer_is_visible_when_a_lesson_opens(screen: tuple[Watched, dict[str, int]], slug: str) -> None:
    watched, _viewport = screen
    page = watched.open(f"lessons/{slug}/")
    answers = page.evaluate(ANSWERS)
    assert len(answers["notes"]) == len(key_of(page)["key"]) > 0  # one note per callout, all in the Annotated view
    assert answers["folded"], "the model answers (and the teacher's box) are folded"
    visible = squash(page.evaluate(VISIBLE))
    for text in answers["notes"] + answers["folded"]:
        assert squash(text) and squash(text) not in visible, text[:80]
    assert not page.locator("#ml-answer-key").is_visible()
    # the check can fail: opening the Annotated view shows every note
    page.locator(".tabbed-labels > label").nth(1).click()
    visible = squash(page.evaluate(VISIBLE))
    assert all(squash(note) in visible for note in answers["notes"])
    assert watched.errors == []


@pytest.mark.parametrize("category", list(LABELS))
def test_glossary_examples_wait_behind_show_examples(screen: tuple[Watched, dict[str, int]], category: str) -> None:
    watched, _viewport = screen
    page = watched.open(f"glossary/{category}/")
    notes = page.evaluate(ANSWERS)["glossary"]
    assert notes
    visible = squash(page.evaluate(VISIBLE))
    assert not any(squash(n) in visible for n in notes)
    page.get_by_text("Show examples").click()
    visible = squash(page.evaluate(VISIBLE))
    assert all(squash(n) in visible for n in notes)
    # "callout N" opens the lesson at the highlight, in the Annotated view
    link = page.locator("details a[href*='#callout-']").first
    slug, n = re.search(r"lessons/([a-z0-9-]+)/#callout-(\d+)$", link.get_attribute("href") or "").groups()  # type: ignore[union-attr]
    link.click()
    page.wait_for_url(f"**/lessons/{slug}/#callout-{n}")
    highlight = page.locator(f"#callout-{n}")
    highlight.wait_for(state="visible")
    assert page.locator(".tabbed-block").nth(1).is_visible()
    assert highlight.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert watched.errors == []


def bubble_near(page: Any, word: int) -> float:
    """How far below the given practice word the feedback bubble starts, in pixels."""
    return float(page.evaluate("""i => {
        const w = document.querySelectorAll('.ml-practice-text .ml-w')[i].getBoundingClientRect();
        const b = document.querySelector('.ml-bubble');
        return b.hidden ? -1000 : b.getBoundingClientRect().top - w.bottom;
    }""", word))


def test_practice_talks_back(screen: tuple[Watched, dict[str, int]]) -> None:
    watched, viewport = screen
    page = watched.open(LESSON)
    data = key_of(page)
    key, most = data["key"], data["maxWords"]
    bar = page.locator(".ml-practice-bar")
    # the instructions come before the article, and the bar does not cover them on load
    help_box = page.locator("#ml-practice-help").bounding_box()
    assert help_box and help_box["y"] < page.locator(".ml-practice-text").bounding_box()["y"]  # type: ignore[index]
    task = page.locator(".ml-task").bounding_box()
    bar_box = bar.bounding_box()
    assert task and bar_box and not (bar_box["y"] < task["y"] + task["height"] and task["y"] < bar_box["y"] + bar_box["height"])
    # no category is chosen beforehand: the buttons mark, nothing is preselected
    assert page.locator(".ml-practice-bar input, .ml-practice-bar [aria-pressed], .ml-practice-bar [aria-checked]").count() == 0
    buttons = bar.get_by_role("button")
    assert buttons.all_inner_texts() == [*LABELS.values(), "Check my picks"]
    page.locator(".ml-practice-text .ml-w").nth(40).scroll_into_view_if_needed()
    height = bar.bounding_box()["height"]  # type: ignore[index]
    assert height <= BAR_SHARE * viewport["height"], height
    assert bar.evaluate("e => e.getBoundingClientRect().bottom") == pytest.approx(viewport["height"], abs=1)  # it sticks

    # a category pressed with nothing selected: said in the bar's bubble and the live region
    bar.get_by_role("button", name=LABELS["unconfirmed"]).click()
    assert page.locator(".ml-live").inner_text() == "Select words in the article first, then press their category."
    assert page.locator(".ml-practice-bar .ml-bubble").inner_text() == page.locator(".ml-live").inner_text()
    # too long: said next to the words, and the selection stays so it can be shortened
    select_words(page, 10, 10 + most + 4)
    bar.get_by_role("button", name=LABELS["superlative"]).click()
    said = page.locator(".ml-live").inner_text()
    assert said.startswith(f"That is {most + 5} words.") and f"at most {most} words" in said
    assert page.locator(".ml-bubble").inner_text() == said and 0 <= bubble_near(page, 10 + most + 4) < 40
    assert page.evaluate("getSelection().toString().length > 0")
    assert page.locator(".ml-picks li").count() == 0
    # a correct pick: said next to it, tagged with its category, found when checked
    hit = next(k for k in key if k["category"] == "superlative")
    mark(page, hit["first"], hit["last"], "superlative")
    assert page.locator(".ml-live").inner_text().startswith("Marked “") and "as Superlative or hype" in page.locator(".ml-live").inner_text()
    assert 0 <= bubble_near(page, hit["last"]) < 40
    tag = page.locator(".ml-practice-text .ml-pick-tag")
    assert tag.inner_text() == LABELS["superlative"]
    miss = next(k for k in key if k["category"] == "vague-sourcing")
    page.get_by_role("button", name="Check my picks").click()
    assert tag.first.inner_text() == "✓ " + LABELS["superlative"]
    missed = page.locator(f".ml-practice-text a.ml-pick-tag[href='#callout-{miss['n']}']")
    assert missed.inner_text() == f"missed: callout {miss['n']}"
    # an empty typed phrase
    page.get_by_label("Or type a phrase from the article").fill("  ")
    page.locator(".ml-practice-type").get_by_role("button", name=LABELS["unconfirmed"]).click()
    assert page.locator(".ml-live").inner_text() == "Type a phrase from the article first."

    # "read callout N" opens the Annotated view at the highlight, its numbered marker focused
    page.locator(".ml-missed-list").get_by_role("link", name=f"read callout {miss['n']}", exact=True).click()
    assert page.locator(".tabbed-block").nth(1).is_visible()
    highlight = page.locator(f"#callout-{miss['n']}")
    assert highlight.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    focused = page.evaluate("(() => { const m = document.activeElement.querySelector('[data-md-annotation-id]'); "
                            "return m && getComputedStyle(m, '::after').content; })()")
    assert focused == f'"{miss["n"]}"'  # the marker shows the callout's number, not a "+"
    assert watched.errors == [] and watched.outside == []


def test_picks_and_the_check_are_kept_per_lesson_until_start_over(phone: Watched) -> None:
    page = phone.open(LESSON)
    key = key_of(page)["key"]
    first, second = key[0], key[1]
    mark(page, first["first"], first["last"], first["category"])
    mark(page, second["first"], second["last"], "unconfirmed" if second["category"] != "unconfirmed" else "superlative")
    page.get_by_role("button", name="Check my picks").click()
    stored = page.evaluate("localStorage.getItem('medialit:practice:nato-arms-deal')")
    assert stored and '"checked":true' in stored

    page.reload()
    page.locator(".ml-practice").wait_for()
    assert page.locator(".ml-picks li").count() == 2
    assert page.locator(".ml-results").is_visible()  # the check is kept too
    tags = page.locator(".ml-practice-text .ml-pick-tag:not(a)").all_inner_texts()
    assert sorted(t[0] for t in tags) == ["✓", "✗"]
    assert "Your picks from last time are back: 2." in page.locator(".ml-live").inner_text()
    # another lesson keeps its own picks
    other = phone.open(f"lessons/{LESSONS[0]}/")
    assert other.locator(".ml-picks li").count() == 0

    page = phone.open(LESSON)
    page.get_by_role("button", name="Start over").click()
    assert page.locator(".ml-picks li").count() == 0 and page.locator(".ml-practice-text .ml-pick-tag").count() == 0
    assert page.evaluate("localStorage.getItem('medialit:practice:nato-arms-deal')") is None
    page.reload()
    page.locator(".ml-practice").wait_for()
    assert page.locator(".ml-picks li").count() == 0 and not page.locator(".ml-results").is_visible()
    # picks that no longer fit the article (it was edited) are dropped, not misplaced
    page.evaluate("localStorage.setItem('medialit:practice:nato-arms-deal', JSON.stringify({words: 3, checked: false, picks: [[0, 1, 'superlative']]}))")
    page.reload()
    page.locator(".ml-practice").wait_for()
    assert page.locator(".ml-picks li").count() == 0
    assert phone.errors == []


def test_numbered_markers_match_their_callouts(screen: tuple[Watched, dict[str, int]]) -> None:
    watched, _viewport = screen
    page = watched.open(LESSON)
    page.locator(".tabbed-labels > label").nth(1).click()
    pairs = page.evaluate("""() => [...document.querySelectorAll('.ml-article aside.md-annotation')].map(a => {
        let m = a.previousElementSibling;
        while (m && m.tagName !== 'MARK') m = m.previousElementSibling;
        const index = a.querySelector('[data-md-annotation-id]');
        const numbers = m ? [m, ...m.querySelectorAll('mark')].map(x => `"${x.dataset.callout}"`) : [];
        return [numbers, getComputedStyle(index, '::after').content,
                getComputedStyle(a.querySelector('.md-annotation__index'), '::after').display];
    })""")
    assert len(pairs) == len(key_of(page)["key"])
    for numbers, shown, icon in pairs:  # a marker follows its highlight (nested ones follow the outermost)
        assert shown in numbers and icon == "none"


def test_the_menu_holds_the_course_and_the_home_page_starts_lesson_one(screen: tuple[Watched, dict[str, int]], site: Path) -> None:
    watched, _viewport = screen
    page = watched.open("")
    menu = page.evaluate("""() => [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')]
        .map(e => e.querySelector('a, label').textContent.trim())""")
    assert menu == ["Medialit Lessons", "Lessons", "Glossary", "Teachers"]
    links = page.evaluate("() => [...document.querySelectorAll('.md-nav--primary a')].map(a => a.getAttribute('href'))")
    for doc in ("contributing", "detection", "performance", "security", "spec", "publishing", "annotation-guide"):
        assert not any(doc in (href or "") for href in links) and not (site / doc).exists()
    start = page.locator("article .md-button").first
    assert start.inner_text().startswith("Start lesson 1: ")
    assert start.evaluate("b => b.getBoundingClientRect().top") < 400  # the page opens with it
    first_in_index = watched.open("lessons/").locator("article table a").first.get_attribute("href")
    page = watched.open("")
    page.locator("article .md-button").first.click()
    page.wait_for_url(f"**/lessons/{first_in_index}")
    assert page.locator(".ml-practice-text").count() == 1
    assert watched.errors == []


def test_tables_fit_a_phone(phone: Watched, site: Path) -> None:
    for path in ("", "lessons/", "teachers/lesson-plan/", LESSON):
        page = phone.open(path)
        if path == LESSON:
            page.locator(".tabbed-labels > label").nth(2).click()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path  # nothing sticks out of the page
        for table in page.locator("article table").all():
            if not table.is_visible():
                continue
            fits = table.evaluate("t => t.getBoundingClientRect().right <= innerWidth + 1")
            scrolls = table.evaluate("t => { const w = t.closest('.md-typeset__scrollwrap'); "
                                     "return !!w && w.scrollWidth > w.clientWidth && w.tabIndex === 0; }")
            assert fits or scrolls, path
    # the sourcing ledger reads as cards: each cell says what it is
    ledger = page.locator(".tabbed-block").nth(2).locator("table")
    assert ledger.evaluate("t => getComputedStyle(t.querySelector('tr')).display") == "block"
    labels = ledger.locator("tbody tr").first.locator(".ml-cell-label")
    assert labels.all_inner_texts() == ["Who is cited", "How would they know?", "Could a reader check?"]
    assert all(labels.nth(i).is_visible() for i in range(labels.count()))
    assert phone.errors == []


def test_palette_toggle_switches_to_the_dark_scheme_and_back(chromium: Any, base: str) -> None:
    context = chromium.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        page = Watched(context.new_page(), base).open(LESSON)
        scheme = "() => document.body.getAttribute('data-md-color-scheme')"
        assert page.evaluate(scheme) == "default"
        page.locator(".md-header label[title='Switch to the dark scheme']").click()
        assert page.evaluate(scheme) == "slate"
        page.reload()
        assert page.evaluate(scheme) == "slate"  # the reader's choice is kept
        page.locator(".md-header label[title='Switch to the light scheme']").click()
        assert page.evaluate(scheme) == "default"
    finally:
        context.close()


@pytest.fixture(scope="module")
def student_site(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with teacher_material: false."""
    tmp = tmp_path_factory.mktemp("student")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "medialit" in plugin:
            plugin["medialit"].update(lessons_dir=str(ROOT / "lessons"), templates_dir=str(ROOT / "templates"),
                                      teacher_material=False)
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return build(tmp / "site", tmp / "mkdocs.yml")


def test_student_only_site_drops_everything_for_teachers(chromium: Any, student_site: Path) -> None:
    assert not (student_site / "teachers").exists()
    context = chromium.new_context(viewport=PHONE)
    try:
        with serve(student_site) as url:
            watched = Watched(context.new_page(), url)
            for path in ("", LESSON):
                page = watched.open(path)
                text = page.evaluate("document.documentElement.textContent").lower()  # hidden text too
                assert "teacher" not in text and "45-minute" not in text, path
            assert page.locator("details").count() == 0  # no model answers to fold
            assert page.get_by_role("button", name="Check my picks").count() == 1
            assert watched.errors == []
    finally:
        context.close()
