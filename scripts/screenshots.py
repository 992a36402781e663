"""Take the screenshots shown in README.md and docs/teachers/index.md: the views of the sample lesson,
on a phone (390x844) and a desktop (1366x900), in the light and the dark scheme.

    .venv/bin/python scripts/screenshots.py        (needs Chromium; see tests/browser.py)

Builds the site with MkDocs into a temporary folder, serves it on localhost,
and writes PNG files into docs/img/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser, serve  # noqa: E402

OUT = ROOT / "docs" / "img"
LESSON = "lessons/nato-arms-deal/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# (phrase, category label): a hit, a pick of the wrong kind, a hit
PICKS = (("rare and unprecedented", "Superlative or hype"), ("closed-door meeting", "Unconfirmed"),
         ("insiders describe", "Vague sourcing"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                       cwd=ROOT, env=env, check=True)
        with browser() as b, serve(site) as base:
            phone = b.new_context(viewport=PHONE, has_touch=True).new_page()
            phone.goto(f"{base}/{LESSON}", wait_until="networkidle")
            for phrase, category in PICKS[:2]:
                select(phone, phrase)
                phone.locator(".ml-practice-bar").get_by_role("button", name=category).click()
            phone.evaluate("document.querySelectorAll('.ml-practice-text .ml-w')[0].scrollIntoView()")
            phone.evaluate("window.scrollBy(0, -150)")
            phone.locator(".ml-practice-bar").get_by_role("button", name="Vague sourcing").click()  # nothing selected
            select(phone, PICKS[2][0])
            phone.locator(".ml-practice-bar").get_by_role("button", name=PICKS[2][1]).click()
            phone.wait_for_timeout(300)
            shot(phone, "lesson-read-it-first.png")

            phone.get_by_role("button", name="Check my picks").click()
            phone.evaluate("document.querySelectorAll('.ml-practice-text .ml-w')[0].scrollIntoView()")
            phone.evaluate("window.scrollBy(0, -90)")
            shot(phone, "lesson-practice-tags.png")

            desktop = b.new_context(viewport=DESKTOP).new_page()
            desktop.goto(f"{base}/{LESSON}", wait_until="networkidle")
            for phrase, category in PICKS:
                select(desktop, phrase)
                desktop.locator(".ml-practice-bar").get_by_role("button", name=category).click()
            desktop.get_by_role("button", name="Check my picks").click()
            desktop.evaluate("document.activeElement.blur(); document.getElementById('ml-picks-title').scrollIntoView()")
            desktop.evaluate("window.scrollBy(0, -70)")
            desktop.wait_for_timeout(400)
            shot(desktop, "lesson-practice-results.png")

            desktop.locator(".ml-missed-list").get_by_role("link", name="read callout 2", exact=True).click()
            desktop.evaluate("window.scrollBy(0, 120)")
            desktop.wait_for_timeout(400)
            shot(desktop, "lesson-annotated.png")

            phone.locator(".tabbed-labels > label").nth(2).click()
            phone.locator(".tabbed-block").nth(2).locator("table").scroll_into_view_if_needed()
            phone.evaluate("window.scrollBy(0, -140)")
            shot(phone, "lesson-sources.png")

            desktop.goto(f"{base}/", wait_until="networkidle")
            shot(desktop, "home.png")
            desktop.goto(f"{base}/lessons/", wait_until="networkidle")
            shot(desktop, "lesson-index.png")

            dark = b.new_context(viewport=PHONE, color_scheme="dark").new_page()
            dark.goto(f"{base}/{LESSON}", wait_until="networkidle")
            dark.locator(".tabbed-labels > label").nth(1).click()
            dark.locator(".ml-article").scroll_into_view_if_needed()
            dark.evaluate("window.scrollBy(0, -60)")
            shot(dark, "lesson-dark.png")

            sheet = b.new_context(viewport={"width": 794, "height": 1123}).new_page()  # an A4 page at 96 dpi
            sheet.goto(f"{base}/{LESSON}worksheet/", wait_until="networkidle")
            sheet.emulate_media(media="print")  # as it prints: no navigation chrome
            shot(sheet, "worksheet.png")
    return 0


def select(page: Any, phrase: str) -> None:
    """Select the first occurrence of ``phrase`` in the practice copy, as a drag would."""
    page.evaluate("""phrase => {
        const words = [...document.querySelectorAll('.ml-practice-text .ml-w')];
        const want = phrase.split(' ');
        const i = words.findIndex((w, k) => want.every((x, j) => words[k + j] && words[k + j].textContent.replace(/[^\\w-]/g, '') === x));
        const r = document.createRange();
        r.setStart(words[i].firstChild, 0);
        const last = words[i + want.length - 1].firstChild;
        r.setEnd(last, last.length);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
    }""", phrase)


def shot(page: Any, name: str) -> None:
    page.evaluate("document.querySelectorAll('.md-top').forEach(e => e.hidden = true)")  # Material's "Back to top"
    page.screenshot(path=str(OUT / name))
    print(f"wrote docs/img/{name} ({(OUT / name).stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    sys.exit(main())
