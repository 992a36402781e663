"""Take the screenshots shown in README.md and docs/index.md: each view of the sample lesson.

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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser, serve  # noqa: E402

OUT = ROOT / "docs" / "img"
LESSON = "lessons/nato-arms-deal/"
VIEWPORT = {"width": 1100, "height": 760}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                       cwd=ROOT, env=env, check=True)
        with browser() as b, serve(site) as base:
            page = b.new_page(viewport=VIEWPORT)
            page.goto(f"{base}/{LESSON}", wait_until="networkidle")
            page.locator(".ml-practice-text").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -120)")
            shot(page, "lesson-read-it-first.png")

            words = page.locator(".ml-practice-text .ml-w").all_inner_texts()
            for phrase, category in (("rare and unprecedented", "Superlative or hype"),
                                     ("insiders describe", "Vague sourcing"), ("closed-door meeting", "Unconfirmed")):
                page.get_by_role("radio", name=category).check()
                page.get_by_label("Or type a phrase from the article").fill(phrase)
                page.keyboard.press("Enter")
            assert words
            page.get_by_role("button", name="Check my picks").click()
            page.locator(".ml-results").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -80)")
            shot(page, "lesson-practice-results.png")

            page.goto(f"{base}/{LESSON}", wait_until="networkidle")
            page.locator(".tabbed-labels > label").nth(1).click()
            page.locator(".ml-summary-title").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -90)")
            page.locator(".tabbed-block").nth(1).locator("aside.md-annotation").nth(1).focus()
            page.wait_for_timeout(400)
            shot(page, "lesson-annotated.png")

            page.locator(".tabbed-labels > label").nth(2).click()
            page.locator(".tabbed-labels").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -60)")
            shot(page, "lesson-sources.png")

            page.goto(f"{base}/lessons/", wait_until="networkidle")
            shot(page, "lesson-index.png")
    return 0


def shot(page: object, name: str) -> None:
    page.screenshot(path=str(OUT / name))  # type: ignore[attr-defined]
    print(f"wrote docs/img/{name} ({(OUT / name).stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    sys.exit(main())
