"""Property-based tests (Hypothesis): any input ends in a result or in MedialitError, never another exception.

Inputs mix random text with the pieces attackers and careless editors use:
markup, Jinja and admonition syntax, annotation markers, quotation marks,
escapes, line endings, bidi and invisible characters. Beyond "no crash", each
test checks what must hold of a result: offsets point into the raw text,
values are kept exactly, escaped text and notes never become markup.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.anchoring.quotes import find_all, fold
from generator.article import parse_article
from generator.build.lesson import Project
from generator.build.site import build_site
from generator.detection.engine import detect
from generator.errors import MedialitError
from generator.safety import markdown as safemd
from generator.safety.yamlsafe import compose
from generator.spec.lesson import CATEGORIES, Lesson, load_spec
from tests.conftest import MINIMAL_SPEC, ROOT

SOME = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = [
    "<script>window.pwned=1</script>", "</title>", "<img src=x onerror=alert(1)>", "<style>", "<iframe>",
    "{{ 7*7 }}", "{% if x %}", "{#", "#}", "!!! danger \"x\"", "??? note", '=== "tab"', "(1)", "(12)", "( 3 )",
    "[x](javascript:alert(1))", "[ok](https://example.org/a_b)", "<https://example.org>", "![i](x.png)",
    "`code`", "*em*", "**strong**", "_u_", "&lt;", "&#60;", "&amp;", "&", "\\", "\\(1\\)", "{: onclick=x }",
    "*[HTML]: Hyper", ":smile:", "<!--", "-->", "|", "---", "- ", "1. ", "> ", "# ", "    ", "\t", "\n", "\n\n",
    "\r\n", "\r", ":", ": ", "'", '"', "“", "”", "‘", "’", "—", "-", "...", "é", "😀", "\u202e", "\u200b",
    "\u200d", "\ufeff", "\x00", "\x1b", "\x85", "\u2028", "\ud800", "according to sources", "the best ever",
    "reportedly", "officials said", "Some text",
]
hostile_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=20).map("".join)
clean_text = hostile_text.map(lambda s: "".join(ch for ch in s if ch.isprintable() or ch == "\n"))


@contextmanager
def lesson_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lessons" / "prop"
        folder.mkdir(parents=True)
        yield folder


def quoted(value: str, style: str) -> str:
    """``value`` as a YAML scalar in one of the ways people write them (possibly invalid YAML)."""
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(value)
    return "|\n" + "".join("  " + line + "\n" for line in value.split("\n"))


FIELDS = ["title: A small lesson", "summary: Students practise spotting cues.", 'level: "6-8"', "duration: 30",
          "  - Spot unnamed sources.", "  file: article.txt", "  headline: A headline", '  date: "2025-01-02"',
          "    answer: Nobody we can check.", "teacher_notes: Keep it short."]


def load_or_error(spec: bytes) -> None:
    """Load ``spec`` as a lesson.yml beside a plain article: it loads, or fails with problems that say what."""
    with lesson_dir() as folder:
        (folder / "article.txt").write_text("Some text.\n", encoding="utf-8")
        (folder / "lesson.yml").write_bytes(spec)
        try:
            load_spec(folder / "lesson.yml")
        except MedialitError as exc:
            assert exc.problems and all(p.message and p.path for p in exc.problems)


@SOME
@given(field=st.sampled_from(FIELDS), value=hostile_text, style=st.sampled_from(["plain", "single", "double", "block"]))
def test_a_spec_with_any_value_loads_or_fails_cleanly(field: str, value: str, style: str) -> None:
    key = field.split(":")[0] + ":"
    load_or_error(MINIMAL_SPEC.replace(field, f"{key} {quoted(value, style)}").encode("utf-8", "surrogatepass"))


@SOME
@given(data=st.one_of(hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
def test_any_bytes_as_a_spec_load_or_fail_cleanly(data: bytes) -> None:
    load_or_error(data)


@SOME
@given(title=clean_text, summary=clean_text, quote=clean_text)
def test_values_that_load_are_kept_exactly(title: str, summary: str, quote: str) -> None:
    """No silent normalisation: what loads is what was written (or there is an error)."""
    data = yaml.safe_load(MINIMAL_SPEC) | {"title": title, "summary": summary,
                                           "annotations": [{"quote": quote, "category": "superlative", "note": "n"}]}
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        node = compose(text, "lesson.yml")
        from generator.spec.model import load

        lesson = load(Lesson, node, "lesson.yml")
    except MedialitError as exc:
        assert exc.line >= 1
        return
    assert (lesson.title, lesson.summary, lesson.annotations[0].quote) == (title, summary, quote)


@SOME
@given(text=hostile_text, suffix=st.sampled_from([".txt", ".md"]))
def test_article_blocks_point_into_the_raw_text(text: str, suffix: str) -> None:
    try:
        article = parse_article(text, Path("article" + suffix))
    except MedialitError as exc:
        assert exc.path.endswith(suffix)
        return
    assert article.text == text  # kept as read: BOM and CRLF included
    for block in article.blocks:
        for start, end in block.segments:
            assert 0 <= start < end <= len(text)
            assert not text[start].isspace() and not text[end - 1].isspace()


@SOME
@given(text=clean_text, data=st.data())
def test_a_quote_taken_from_the_article_is_found(text: str, data: st.DataObject) -> None:
    text = "Start " + text + " end."
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, min(len(text), i + 40)))
    quote = text[i:j]
    if not quote.strip():
        return
    matches = find_all(text, quote)
    assert matches
    for m in matches:
        assert fold(text[m.start:m.end]) == fold(quote)


@SOME
@given(text=hostile_text)
def test_detection_offsets_stay_in_their_block(text: str) -> None:
    try:
        article = parse_article(text, Path("article.txt"))
    except MedialitError:
        return
    spans = [(b.start, b.end) for b in article.blocks]
    for f in detect(article.text, spans):
        assert f.category in CATEGORIES
        assert any(s <= f.start < f.end <= e for s, e in spans)


@SOME
@given(value=st.text())
def test_escaped_text_is_only_text(value: str) -> None:
    out = str(safemd.text(value))
    pieces = out.split("<wbr>")
    assert all(re.fullmatch(r"(?:[^\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]|&#\d+;)*", p) for p in pieces)
    shown = html.unescape("".join(pieces))
    expected = value.translate({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}).replace("<", "<\u2060")
    assert shown == expected
    assert not any(re.search(r"\(\d+\)", html.unescape(p)) for p in pieces)  # no annotation marker survives
    # what a theme's striptags filter makes of it (MkDocs puts the first heading into <title> that way)
    assert not re.search(r"<[A-Za-z/!?]", Markup(out).striptags())


class Tags(HTMLParser):
    """Every start tag with its attributes, and every text chunk."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.annotate_depth = 0
        self.stack: list[bool] = []
        self.marker_texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("br", "wbr", "input", "img", "hr", "path", "circle", "rect", "line"):
            return
        opens = "annotate" in (a.get("class") or "").split()
        self.stack.append(opens)
        self.annotate_depth += opens

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "wbr", "input", "img", "hr", "path", "circle", "rect", "line"):
            return
        if self.stack:
            self.annotate_depth -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self.annotate_depth:
            self.marker_texts.append(data)


def parse(markup: str) -> Tags:
    p = Tags()
    p.feed(markup)
    p.close()
    return p


SAFE_URL = re.compile(r"^(?:https?://|#|[^:]*$)", re.I)


def assert_no_active_content(p: Tags) -> None:
    for tag, attrs in p.tags:
        assert tag not in ("script", "style", "iframe", "frame", "object", "embed", "base", "link", "meta", "form",
                           "img", "video", "audio", "math", "template", "textarea", "button"), tag
        if tag == "input":
            assert attrs.get("type") == "radio"  # the content tabs
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "srcdoc", "formaction", "xlink:href"), name
            if name in ("href", "src", "action"):
                assert SAFE_URL.match(value or ""), value
            if name == "data-category":
                assert tag == "mark"


@SOME
@given(note=hostile_text)
def test_notes_keep_only_the_safe_subset(note: str) -> None:
    for out in (safemd.inline(note), markdown.markdown(str(safemd.block(note)))):
        p = parse(str(out))
        assert {tag for tag, _ in p.tags} <= {"em", "strong", "code", "a", "span", "br", "wbr", "p", "ul", "li"}
        for tag, attrs in p.tags:
            assert set(attrs) <= ({"href", "rel"} if tag == "a" else set())
            if tag == "a":
                assert re.match(r"^https?://", attrs["href"] or "")
        assert not any(re.search(r"\(\d+\)", t) for t in p.texts)


PROSE = ["Who said so", "(2)", "1.", "1)", "12. ", "- ", "+ ", "-", "+", "a-b", "x+y", "!", "#", "<", ">", "|", "=", "~",
         ":", "?", "’", "é", " ", "  ", "\t", "\u00a0", "\u2003", "\n", "*", "_", "`", "[", "]", "\\", "&", "2024", "."]


@settings(max_examples=2000, deadline=None)
@given(note=st.lists(st.one_of(st.sampled_from(PROSE), st.text(max_size=4)), max_size=12).map("".join))
@example(note="- item")
@example(note="1. first")
@example(note="2024 was a year (2) of change")
def test_plain_prose_shortcut_gives_what_markdown_it_gives(note: str) -> None:
    """A note taken for plain prose without parsing renders exactly as markdown-it renders it."""
    if safemd.plain_prose(note):
        assert safemd._parsed(note) == safemd.parse(note)


def test_plain_prose_shortcut_leaves_markup_to_the_parser() -> None:
    for note in ("*em*", "a [link](https://x.org)", "`c`", "line\nbreak", "- item", "1) first", "&amp;", "a\\*b", " padded"):
        assert not safemd.plain_prose(note), note
    assert safemd.plain_prose("Who is speaking (2), and how would they know?")


EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tabbed"]


def filled(value: str) -> str:
    return value if value.strip() else "x"


@FEW
@given(title=clean_text, note=clean_text, article=clean_text, objective=clean_text, answer=clean_text)
@example(title="</title><script>window.pwned=1</script> (1)", note="(2) [x](javascript:alert(1)) <b>raw</b>",
         article="(3) <img src=x onerror=alert(1)> {{ 7*7 }}\n\n!!! note", objective="{% raw %} (4)",
         answer="<iframe src=javascript:alert(1)></iframe>")
def test_a_whole_page_from_hostile_input_has_no_active_content(title: str, note: str, article: str,
                                                                objective: str, answer: str) -> None:
    """Printable hostile text in every kind of field builds (no error is expected) into a page without active content."""
    data = yaml.safe_load(MINIMAL_SPEC) | {"title": filled(title), "objectives": [filled(objective)], "detect": False,
                                           "questions": [{"question": "Q?", "answer": filled(answer)}],
                                           "annotations": [{"quote": "Start here", "category": "unconfirmed",
                                                            "note": filled(note)}]}
    with lesson_dir() as folder:
        root = folder.parent.parent
        (folder / "article.txt").write_text("Start here. " + article.replace("Start here", ""), encoding="utf-8")
        (folder / "lesson.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        site = build_site(Project.at(root, templates=str(ROOT / "templates")))
    page = site.pages["lessons/prop.md"]
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"pymdownx.tabbed": {"alternate_style": True}})
    html_page = md.convert(page)
    p = parse(html_page)
    assert_no_active_content(p)
    # the only annotation markers Material will find are the callouts' own: " (1)" after the highlight
    markers = [m for t in p.marker_texts for m in re.findall(r"\(\d+\)", t)]
    assert markers == ["(1)"]
    # the page title, as Material's <title> shows it, cannot open or close a tag
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html_page, re.S)
    assert h1 and not re.search(r"<[A-Za-z/!?]", Markup(h1.group(1)).striptags())
