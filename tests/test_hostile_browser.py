"""A site built from hostile lessons: in Chromium no payload runs, and the HTML carries none of them.

Two lessons (a .txt and a .md article) put a payload in every field a
contributor controls: <script>, <img onerror>, <svg onload>, javascript:
links, {{ }} and {% %}, !!! admonitions, content tabs, attribute lists, raw
HTML, <style>, <iframe> and (1) annotation markers. Every payload that could
run sets window.__pwned or calls alert(). The same lessons with the payloads
replaced by plain words are built as a control: the theme's own scripts and
styles are what the control has, and the hostile site may have no more.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import browser, require_chromium, serve
from tests.conftest import Project, mkdocs_build, run


def pwn(where: str) -> str:
    return f"window.__pwned='{where}';alert('{where}')"


Payload = Callable[[str], str]


def hostile(where: str) -> str:
    """Every trick at once, labelled with the field it is in."""
    return (f"</title></textarea></style></script><script>{pwn(where)}</script> <img src=x onerror=\"{pwn(where)}\"> <svg onload=\"{pwn(where)}\"></svg> "
            f"[link](javascript:{pwn(where)}) <a href=\"javascript:{pwn(where)}\">a</a> "
            f"<iframe src=\"javascript:{pwn(where)}\"></iframe> <style>body{{display:none}}</style> "
            f"{{{{ 7*7 }}}} {{% if true %}}jinja{{% endif %}} (1) (2) {{: onclick=\"{pwn(where)}\" }}")


def plain(where: str) -> str:
    return f"plain words for {where}"


def spec(p: Payload, article_file: str) -> dict[str, Any]:
    return {
        "title": p("title"), "summary": p("summary"), "level": "9-12", "duration": 30,
        "objectives": [p("objective"), f'=== "Tab" {p("objective-2")}'],
        "article": {"file": article_file, "headline": p("headline"), "outlet": p("outlet"), "author": p("author"),
                    "date": "2025-01-02", "license": p("license"), "attribution": p("attribution"),
                    "url": "https://example.org/'onmouseover='window.__pwned=1"},
        "questions": [{"question": p("question"), "answer": f"!!! danger \"x\"\n\n{p('answer')}"}],
        "teacher_notes": f"??? note \"n\"\n\n{p('teacher-notes')}\n\n- {p('teacher-item')}",
        "warm_up": p("warm-up"), "exit_ticket": f"<javascript:alert(1)> ![i](javascript:alert(1)) {p('exit')}",
        "tags": [p("tag")],
        "annotations": [
            {"quote": "According to insiders", "category": "vague-sourcing",
             "note": f"Ask *who*. [guide](https://example.org/guide) {p('note')}"},
            {"quote": f"the best deal ever {p('quoted')}", "category": "superlative", "note": p("note-2")},
        ],
        "sources": [{"quote": "According to insiders", "who": p("who"), "named": False, "how": p("how"),
                     "check": p("check")}],
    }


def article_txt(p: Payload) -> str:
    return (f"According to insiders, {p('article-1')} it was the best deal ever {p('quoted')} today.\n\n"
            f"!!! danger \"Admonition\"\n\n=== \"Tab\"\n\n    {p('article-2')}\n\nOfficials reportedly said (3) so.\n")


def article_md(p: Payload) -> str:
    return (f"---\ntitle: x\n---\n# {p('md-heading')}\n\nAccording to insiders, it was the best deal ever "
            f"{p('quoted')} now.\n\n> {p('md-quote')}\n\n- {p('md-item')}\n\n```html\n</code>{p('md-fence')}\n```\n\n"
            f"<div onclick=\"{pwn('md-raw')}\">{p('md-raw-block')}</div>\n")


def build_site(tmp: Path, p: Payload) -> Path:
    project = Project(tmp / "proj")
    for slug, name, text in (("hostile-txt", "article.txt", article_txt(p)), ("hostile-md", "article.md", article_md(p))):
        project.lesson(slug, yaml.safe_dump(spec(p, name), allow_unicode=True, sort_keys=False), text, article_name=name)
    result = mkdocs_build(project.root, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_site(tmp_path_factory.mktemp("hostile"), hostile), build_site(tmp_path_factory.mktemp("plain"), plain)


ACTIVE = ("script", "style", "iframe", "frame", "object", "embed", "base", "link", "meta", "form", "img")
URL_ATTRS = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster", "background")


class Elements(HTMLParser):
    """Active elements (with the text of inline scripts and styles), on* attributes and script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
        self.handlers: list[tuple[str, str]] = []
        self.script_urls: list[str] = []
        self.inline: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in ACTIVE:
            keep = {k: v for k, v in values.items() if k not in ("content",)}  # meta content: dates, generator
            named = ("type", "id", "rel", "name", "data-md-component")
            self.active[(tag, tuple(sorted((k, v if k in named else "") for k, v in keep.items())))] += 1
            self._in = tag if tag in ("script", "style") else None
        self.handlers += [(tag, k) for k in values if k.startswith("on")]
        for k in URL_ATTRS:
            squashed = re.sub(r"[\x00-\x20]", "", values.get(k, "")).lower()
            if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.script_urls.append(f"{tag} {k}={values[k]}")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline.append(data)


def elements(path: Path) -> Elements:
    e = Elements()
    e.feed(path.read_text(encoding="utf-8"))
    e.close()
    return e


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_hostile_html_has_no_payload_outside_the_theme(sites: tuple[Path, Path]) -> None:
    site, control = sites
    checked = 0
    for path in pages(site):
        rel = path.relative_to(site)
        got, want = elements(path), elements(control / rel)
        assert got.handlers == want.handlers == [], rel
        assert got.script_urls == [], rel
        assert got.active == want.active, rel  # the theme's own scripts, styles and links, nothing more
        assert not any("pwned" in text for text in got.inline), rel
        checked += 1
    assert checked >= 6
    lesson = (site / "lessons" / "hostile-txt" / "index.html").read_text(encoding="utf-8")
    assert "window.__pwned" in lesson  # the payloads are on the page, as text
    title = re.search(r"<title>(.*?)</title>", lesson, re.S)
    assert title and title.group(1).startswith("<\u2060/title><\u2060/textarea>")  # text, as Material's striptags left it
    assert not re.search(r"<[A-Za-z/!?]", title.group(1))  # nothing in it can open or close an element
    assert '<a href="https://example.org/guide" rel="nofollow noopener">guide</a>' in lesson


def test_zensical_pages_from_hostile_lessons_carry_no_payload(sites: tuple[Path, Path], tmp_path: Path) -> None:
    """The plain-Markdown route (`medialit build --out`, then Zensical) is held to the same rule."""
    site, _control = sites
    root = site.parent / "proj"
    result = run("medialit", "build", "--out", str(tmp_path / "docs"), "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = run("zensical", "build", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lesson = tmp_path / "site" / "lessons" / "hostile-txt" / "index.html"
    assert "window.__pwned" in lesson.read_text(encoding="utf-8")
    for path in pages(tmp_path / "site"):
        got = elements(path)
        assert got.handlers == [] and got.script_urls == [], path
        assert not any("pwned" in text for text in got.inline), path
        palette = ("form", (("class", ""), ("data-md-component", "palette")))  # the theme's light/dark toggle
        assert not any(tag in ("iframe", "img", "form", "object", "embed") for tag, _ in got.active - Counter({palette: 1})), path


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_chromium()
    with browser() as b:
        yield b


def test_no_payload_runs_in_chromium(sites: tuple[Path, Path], chromium: Any) -> None:
    site, _control = sites
    with serve(site) as base:
        page = chromium.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        visited = 0
        for path in pages(site):
            url = f"{base}/{path.relative_to(site).parent.as_posix()}/".replace("/./", "/")
            page.goto(url, wait_until="load")
            for label in page.locator(".tabbed-labels > label").all():
                label.click()
            for summary in page.locator("details > summary").all():
                summary.click(force=True)
            for marker in page.locator(".md-annotation__index").all():
                marker.focus()
            assert page.evaluate("window.__pwned") is None, url
            found = page.evaluate("""() => ({
                handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                    .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
                frames: document.querySelectorAll('iframe, object, embed').length,
                scripts: [...document.scripts].filter(s => (s.textContent || '').includes('pwned')).length,
                jsLinks: [...document.querySelectorAll('[href], [src]')].filter(e =>
                    /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
            })""")
            assert found == {"handlers": [], "frames": 0, "scripts": 0, "jsLinks": 0}, url
            visited += 1
        # search: Material renders results from the index, which holds the payloads as text
        page.goto(f"{base}/lessons/hostile-txt/", wait_until="load")
        page.locator("input.md-search__input").click()
        page.keyboard.type("onerror")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert "window.__pwned" in page.locator(".md-search-result").inner_text()  # the payload, shown as text
        assert page.evaluate("window.__pwned") is None
        assert dialogs == [] and errors == []
        assert visited >= 6
        assert page.title().startswith("<\u2060/title><\u2060/textarea>")  # shown as text: the title was not broken
