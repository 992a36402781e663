"""The built course site in Chromium: every page clean and accessible, practice, callouts, print.

The site is built once for the module (and once more with Material's instant
navigation on). Chromium is Debian's (tests/browser.py): these tests skip
locally without it and fail in CI (CI=true).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.render.i18n import translations
from tests.browser import browser, require_chromium, serve
from tests.conftest import ROOT, run
from tests.pdftext import pdf_text, squash

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LESSON = "lessons/nato-arms-deal/"
LESSONS = sorted(p.parent.name for p in (ROOT / "lessons").glob("*/lesson.yml"))
TABS = ["Read it first", "Annotated", "Sources"]
LABELS = {"vague-sourcing": "Vague sourcing", "superlative": "Superlative or hype", "unconfirmed": "Unconfirmed"}


def language_of(slug: str) -> str:
    """A repository lesson's language: its language:, else the site's (English)."""
    spec = yaml.safe_load((ROOT / "lessons" / slug / "lesson.yml").read_text(encoding="utf-8"))
    return str(spec.get("language") or "en")


SPANISH_LESSONS = [slug for slug in LESSONS if language_of(slug).split("-")[0] == "es"]


def build(out: Path, config: Path | None = None) -> Path:
    args = ["mkdocs", "build", "--strict", "-d", str(out)] + (["-f", str(config)] if config else [])
    result = run(*args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_chromium()
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def site(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


class Watched:
    """A page that records script errors and every request that leaves the site."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else self.outside.append(r.url))

    def open(self, path: str) -> Any:
        self.page.goto(f"{self.base}/{path}", wait_until="load")
        self.page.wait_for_function("document.querySelector('.ml-practice-text') === null || "
                                    "document.querySelector('.ml-practice') !== null")
        return self.page


@pytest.fixture
def watched(chromium: Any, base: str) -> Iterator[Watched]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield Watched(context.new_page(), base)
    finally:
        context.close()


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path below its root."""
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
                  if not p.relative_to(site).as_posix().startswith(("assets/", "search/")))


def axe(page: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"axe-core is missing at {AXE}: run scripts/setup.sh --test")
        pytest.skip("axe-core not installed (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]} for v in result["violations"]]


def key_of(page: Any) -> dict[str, Any]:
    return json.loads(page.locator("#ml-answer-key").get_attribute("data-key"))


SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's colour scheme


@pytest.fixture(params=list(SCHEMES))
def schemed(request: pytest.FixtureRequest, chromium: Any, base: str) -> Iterator[tuple[Watched, str]]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, color_scheme=request.param)
    try:
        yield Watched(context.new_page(), base), SCHEMES[request.param]
    finally:
        context.close()


def test_every_page_opens_without_script_errors_or_outside_requests_and_has_no_axe_violation(
        schemed: tuple[Watched, str], site: Path) -> None:
    """In the light and the dark scheme."""
    watched, scheme = schemed
    pages = site_pages(site)
    expected = {"", "lessons/", "glossary/", "glossary/vague-sourcing/", "glossary/superlative/",
                "glossary/unconfirmed/", "teachers/", "teachers/lesson-plan/", "teachers/printing/"} | {f"lessons/{slug}/{handout}" for slug in LESSONS
                                                               for handout in ("", "worksheet/", "answer-key/")}
    assert expected == set(pages), set(pages) ^ expected  # the course only: the project's own docs are not in the site
    violations = {}
    for path in pages:
        page = watched.open(path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        tabs = page.locator(".tabbed-labels > label")
        states = range(tabs.count()) if path.startswith("lessons/") and path != "lessons/" else [None]
        for state in states:  # on lesson pages, every tab in turn: hidden panels are not checked by axe
            if state is not None:
                tabs.nth(state).click()
            found = axe(page)
            if found:
                violations[f"/{path} (tab {state})"] = found
    assert violations == {}, json.dumps(violations, indent=1)
    assert watched.errors == []
    assert watched.outside == []


@pytest.mark.parametrize("slug", LESSONS)
def test_every_lesson_has_the_three_views_summary_and_practice(watched: Watched, slug: str) -> None:
    page = watched.open(f"lessons/{slug}/")
    tr = translations(language_of(slug))
    assert page.locator(".tabbed-labels > label").all_inner_texts() == [tr.gettext(t) for t in TABS]
    key = key_of(page)
    assert page.locator(".ml-practice-text .ml-w").count() == key["words"] > 0
    assert page.locator(".ml-practice-text [data-category]").count() == 0
    assert page.locator("mark[data-category]").count() == len(key["key"])
    lanes = page.locator("svg.ml-strip[role=img]")
    assert lanes.count() == 3
    for i, label in enumerate(page.locator(".ml-lane .ml-label").all_inner_texts()):
        assert lanes.nth(i).get_attribute("aria-label").startswith(label.split(":")[0].strip() + ":")
    assert page.get_by_role("button", name=tr.gettext("Check my picks")).count() == 1
    page.locator(".tabbed-labels > label").nth(2).click()
    assert page.locator(".tabbed-block").nth(2).is_visible()
    assert watched.errors == [] and watched.outside == []


def test_callout_opens_by_keyboard_and_escape_closes_it(watched: Watched) -> None:
    page = watched.open(LESSON)
    page.locator(".tabbed-labels > label").nth(1).click()
    markers = page.locator(".tabbed-block").nth(1).locator("aside.md-annotation")
    assert markers.count() == len(key_of(page)["key"])
    assert all(markers.nth(i).get_attribute("tabindex") == "0" for i in range(markers.count()))
    # reach the first callout with Tab alone, from the Annotated tab
    page.locator("#__tabbed_1_2").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('aside.md-annotation')"):
            break
    first = markers.first
    assert first.evaluate("e => e === document.activeElement")
    tip = first.locator(".md-tooltip")
    tip.wait_for(state="visible")
    assert "rare and unprecedented" in tip.inner_text() and "unprecedented compared with what" in tip.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert first.evaluate("e => e === document.activeElement")  # dismissed without moving focus
    page.keyboard.press("Enter")
    tip.wait_for(state="visible")
    page.keyboard.press("Tab")
    second = markers.nth(1)
    assert second.evaluate("e => e === document.activeElement")
    second.locator(".md-tooltip").wait_for(state="visible")
    assert "According to sources with direct access" in second.locator(".md-tooltip").inner_text()
    assert watched.errors == []


def select_words(page: Any, first: int, last: int) -> None:
    """Select words first..last of the practice copy, as a mouse drag would."""
    page.evaluate("""([a, b]) => {
        const w = document.querySelectorAll('.ml-practice-text .ml-w');
        const r = document.createRange();
        r.setStart(w[a].firstChild, 0);
        r.setEnd(w[b].firstChild, w[b].firstChild.length);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);
    }""", [first, last])


def mark(page: Any, first: int, last: int, category: str, label: str | None = None) -> None:
    """Select words first..last and press the category's button (named ``label``, else in English) in the practice bar."""
    select_words(page, first, last)
    page.locator(".ml-practice-bar").get_by_role("button", name=label or LABELS[category]).click()


def test_reveal_exercise_scores_picks_by_category(watched: Watched) -> None:
    page = watched.open(LESSON)
    key = key_of(page)["key"]
    words = page.locator(".ml-practice-text .ml-w").all_inner_texts()
    covered = {i for k in key for i in range(k["first"], k["last"] + 1)}
    hit_super = next(k for k in key if k["category"] == "superlative")
    hit_vague = next(k for k in key if k["category"] == "vague-sourcing" and k["n"] != hit_super["n"])
    wrong = next(k for k in key if k["category"] == "unconfirmed")  # marked as superlative: wrong category
    free = next(i for i in range(len(words)) if not ({i, i + 1} & covered))  # two words no callout touches

    # 1. mouse: select the words of a superlative callout, press the category in the bar
    mark(page, hit_super["first"], hit_super["last"], "superlative")
    # 2. keyboard only: type the phrase, press Enter, then the category's button
    page.get_by_label("Or type a phrase from the article").focus()
    page.keyboard.type(" ".join(words[hit_vague["first"]: hit_vague["last"] + 1]))
    page.keyboard.press("Enter")
    typed = page.locator(".ml-practice-type")
    assert typed.get_by_role("button", name="Vague sourcing").evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    assert "as Vague sourcing" in page.locator(".ml-live").inner_text()
    # 3. a callout of another category, marked as superlative; 4. two words no callout touches
    mark(page, wrong["first"], wrong["last"], "superlative")
    mark(page, free, free + 1, "superlative")
    # a pick can be removed, by keyboard, and the list follows
    mark(page, free, free, "superlative")
    assert page.locator(".ml-picks li").count() == 5
    removable = page.get_by_role("button", name=f"Remove “{words[free]}”")
    removable.focus()
    page.keyboard.press("Enter")
    assert page.locator(".ml-picks li").count() == 4
    assert page.locator(".ml-w--picked").count() == sum(k["last"] - k["first"] + 1 for k in (hit_super, hit_vague, wrong)) + 2

    page.get_by_role("button", name="Check my picks").click()
    results = page.locator(".ml-results")
    assert results.is_visible() and results.evaluate("e => e === document.activeElement")

    def row(category: str) -> tuple[int, int, int]:
        r = page.locator(f"tr[data-result={category}]")
        return (int(r.locator("[data-found]").get_attribute("data-found")),
                int(r.locator("[data-missed]").get_attribute("data-missed")),
                int(r.locator("[data-over]").get_attribute("data-over")))

    total = {c: sum(1 for k in key if k["category"] == c) for c in ("vague-sourcing", "superlative", "unconfirmed")}
    assert row("superlative") == (1, total["superlative"] - 1, 2)  # the wrong-category pick and the free words
    assert row("vague-sourcing") == (1, total["vague-sourcing"] - 1, 0)
    assert row("unconfirmed") == (0, total["unconfirmed"], 0)
    assert f"You found 2 of {len(key)} callouts. Over-flagged picks (no callout of that category there): 2." \
        in page.locator(".ml-live").inner_text()
    assert page.locator(".ml-missed-list li").count() == len(key) - 2
    over = page.locator(".ml-over-list").inner_text()
    assert f"The callout here is Unconfirmed (callout {wrong['n']})" in over and "No callout here" in over
    assert page.locator(f".ml-missed-list a[href='#callout-{wrong['n']}']").count() == 1
    # the page never marks the practice copy with categories, even after checking
    assert page.locator(".ml-practice-text [data-category]").count() == 0
    page.get_by_role("button", name="Compare with the annotated view").click()
    assert page.locator(".tabbed-block").nth(1).is_visible() and not page.locator(".tabbed-block").nth(0).is_visible()
    # the next lesson still opens on Read it first: tabs are not linked across pages, practice comes first
    page = watched.open(f"lessons/{LESSONS[0]}/")
    assert page.locator(".tabbed-block").nth(0).is_visible() and not page.locator(".tabbed-block").nth(1).is_visible()
    assert watched.errors == [] and watched.outside == []


def test_print_is_a_clean_handout_with_every_note(watched: Watched) -> None:
    page = watched.open(LESSON)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".tabbed-labels", ".ml-practice-bar",
                   ".ml-practice", "details", "aside.md-annotation"):
        assert not page.locator(hidden).first.is_visible(), hidden
    blocks = page.locator(".tabbed-block")
    assert [blocks.nth(i).is_visible() for i in range(blocks.count())] == [True, True, True]
    assert page.locator(".ml-print-title").all_inner_texts() == TABS
    text = squash(pdf_text(page.pdf(format="A4", print_background=False)))
    spec = yaml.safe_load((ROOT / "lessons" / "nato-arms-deal" / "lesson.yml").read_text(encoding="utf-8"))
    notes = [" ".join(a["note"].split()) for a in spec["annotations"]]
    for note in notes:  # every callout as a numbered note (markup such as *...* is not in the printed text)
        assert squash(note.replace("*", "")) in text, note[:60]
    assert squash("rare and unprecedented [1]") in text  # numbered highlights
    assert squash(spec["questions"][0]["question"]) in text
    assert squash(spec["questions"][0]["answer"].split(".")[0]) not in text
    assert squash("Teacher notes") not in text and squash("Check my picks") not in text
    assert squash("Who does the article rely on?") in text  # the Sources view prints too


@pytest.fixture(scope="module")
def instant_base(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built with Material's instant navigation on (pages swap in without a reload).

    Instant navigation only follows links listed in the sitemap, whose addresses come
    from site_url, so the site is built for the address it is served from.
    """
    tmp = tmp_path_factory.mktemp("instant")
    (tmp / "site").mkdir()
    with serve(tmp / "site") as url:
        config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
        config["docs_dir"] = str(ROOT / "docs")
        config["site_url"] = url + "/"
        config["theme"]["features"].append("navigation.instant")
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "medialit" in plugin:
                plugin["medialit"]["lessons_dir"] = str(ROOT / "lessons")
                plugin["medialit"]["templates_dir"] = str(ROOT / "templates")
        (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        build(tmp / "site", tmp / "mkdocs.yml")
        yield url


def test_practice_works_with_instant_navigation(chromium: Any, instant_base: str) -> None:
    context = chromium.new_context()
    try:
        watched = Watched(context.new_page(), instant_base)
        page = watched.open("lessons/")
        page.evaluate("window.loadedOnce = true")
        for slug in ("nato-arms-deal", "buzzer-beater-hype"):
            page.locator(f"article a[href$='/lessons/{slug}/']").first.click()
            page.wait_for_url(f"**/lessons/{slug}/")
            page.get_by_role("button", name="Check my picks").wait_for()
            assert page.evaluate("window.loadedOnce === true")  # swapped in, not reloaded
            first = key_of(page)["key"][0]
            mark(page, first["first"], first["last"], first["category"])
            page.get_by_role("button", name="Check my picks").click()
            assert page.locator(f"tr[data-result={first['category']}] [data-found]").get_attribute("data-found") == "1"
            assert page.locator(".ml-practice").count() == 1  # set up once per page, not once per visit
            page.go_back()
            page.wait_for_url("**/lessons/")
        assert watched.errors == [] and watched.outside == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def zensical_site(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plain pages of `medialit build --out`, built by Zensical as docs/publishing.md describes."""
    tmp = tmp_path_factory.mktemp("zensical")
    result = run("medialit", "build", "--out", str(tmp / "docs"), "--quiet", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"], config["site_dir"] = "docs", "site"
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "medialit" in p)]
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run("zensical", "build", "-f", str(tmp / "mkdocs.yml"), cwd=tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp / "site"


def test_zensical_site_is_clean_accessible_and_scores_practice(chromium: Any, zensical_site: Path) -> None:
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    try:
        with serve(zensical_site) as url:
            watched = Watched(context.new_page(), url)
            pages = site_pages(zensical_site)
            assert {f"lessons/{slug}/" for slug in LESSONS} <= set(pages)
            violations = {path: found for path in pages if (found := axe(watched.open(path)))}
            assert violations == {}, json.dumps(violations, indent=1)
            page = watched.open(LESSON)
            first = key_of(page)["key"][0]
            mark(page, first["first"], first["last"], first["category"])
            page.get_by_role("button", name="Check my picks").click()
            assert page.locator(f"tr[data-result={first['category']}] [data-found]").get_attribute("data-found") == "1"
            assert watched.errors == [] and watched.outside == []
    finally:
        context.close()


@pytest.mark.parametrize("slug", SPANISH_LESSONS)
def test_a_spanish_lesson_in_chromium_shows_no_english_interface_string(watched: Watched, slug: str) -> None:
    """What the reader meets in the lesson's content, as the browser has it after the practice script ran and after
    picks were checked, holds none of the English interface strings (tests/test_i18n.py's pieces)."""
    from tests.test_i18n import english_left

    assert len(SPANISH_LESSONS) >= 2
    tr = translations("es")
    page = watched.open(f"lessons/{slug}/")
    content = page.locator("article div[lang=es]")
    assert content.count() == 1

    def left() -> list[str]:
        return english_left(content.evaluate("e => e.outerHTML"))

    assert page.locator(".tabbed-labels > label").all_inner_texts() == [tr.gettext(t) for t in TABS]
    assert left() == []
    key = key_of(page)["key"]
    first = key[0]
    mark(page, first["first"], first["last"], first["category"], tr.gettext(LABELS[first["category"]]))
    page.get_by_role("button", name=tr.gettext("Check my picks")).click()
    assert page.locator(".ml-results").is_visible()
    live = page.locator(".ml-live").inner_text()
    assert live.strip() and english_left(f"<p>{live}</p>") == []
    assert left() == []
    assert page.locator(".tabbed-set").count() == 1  # the three views are one set of tabs: one shown at a time
    for i in range(3):  # every view in turn
        page.locator(".tabbed-labels > label").nth(i).click()
        assert [page.locator(".tabbed-block").nth(j).is_visible() for j in range(3)] == [j == i for j in range(3)]
        assert left() == []
    assert watched.errors == [] and watched.outside == []
