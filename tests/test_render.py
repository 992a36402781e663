"""Rendering: escaped article text, numbered highlights with data-category, callouts, questions."""

from __future__ import annotations

from pathlib import Path

from generator.build.lesson import Project as SiteProject
from generator.build.site import build_site
from tests.conftest import highlights, mkdocs_build

HOSTILE = (
    "Officials said (2) things. <script>alert(1)</script> *not emphasis* {{ jinja }} {% raw %}\n"
    "!!! note \"admonition\"\n\n"
    "According to insiders, it was rare and unprecedented [link](javascript:alert(1)).\n"
)
ANNOTATIONS = """\
annotations:
  - quote: According to insiders
    category: vague-sourcing
    note: "Ask *who* they are. See [guide](https://example.org/guide) or [bad](javascript:alert(1)) <b>raw</b>"
  - quote: rare and unprecedented
    category: superlative
    note: Hype (1) words.
"""


def page(project) -> str:  # type: ignore[no-untyped-def]
    site = build_site(SiteProject.at(project.root))
    return site.pages["lessons/sample.md"]


def test_article_text_is_escaped_and_highlights_numbered(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=HOSTILE, extra=ANNOTATIONS + "detect: false\n")
    md = page(project)
    assert "<script>" not in md and "{{" not in md and "!!!" not in md.split("## The article")[1]
    assert "&#40;<wbr>2&#41;" in md  # a literal (2) can never become an annotation marker
    assert ('<mark id="callout-1" class="ml-hl ml-hl--vague-sourcing" data-category="vague-sourcing" data-callout="1" '
            'data-origin="teacher">According to insiders</mark> (1)') in md
    assert 'data-callout="2" data-origin="teacher">rare and unprecedented</mark> (2)' in md


def test_built_html_has_one_element_per_span_with_category_and_text(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=HOSTILE, extra=ANNOTATIONS + "detect: false\n")
    result = mkdocs_build(project.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "lessons" / "sample" / "index.html").read_text(encoding="utf-8")
    assert highlights(html) == [("vague-sourcing", "According to insiders"), ("superlative", "rare and unprecedented")]
    assert "<script>alert" not in html and "javascript:" not in html and "<b>raw</b>" not in html
    assert '<a href="https://example.org/guide" rel="nofollow noopener">guide</a>' in html
    # category is named in text, not only by colour
    assert "Vague sourcing</span>" in html and "Superlative or hype</span>" in html


def test_nested_callouts_keep_span_text_clean(project) -> None:  # type: ignore[no-untyped-def]
    extra = """\
annotations:
  - quote: the name of the source was not revealed
    category: vague-sourcing
    note: Anonymous.
  - quote: was not revealed
    category: unconfirmed
    note: Unconfirmed.
detect: false
"""
    project.lesson(article="He spoke, but the name of the source was not revealed today.\n", extra=extra)
    md = page(project)
    assert "not revealed</mark></mark> (1) (2) today" in md


def test_questions_have_collapsed_answers_and_sections(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article="Plain text.\n")
    md = page(project)
    assert '??? success "Answer 1"\n\n    Nobody we can check' in md
    for heading in ("## The article", "**All callouts**", "## Discussion questions", "**Teacher notes.**"):
        assert heading in md
    assert "**Level:** Grades 6–8 · **Time:** 30 minutes" in md


def test_the_level_is_named_as_the_course_path_names_it(project) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINIMAL_SPEC

    project.lesson(spec=MINIMAL_SPEC.replace('level: "6-8"', "level: college"), article="Plain text.\n")
    md = page(project)
    assert "**Level:** College · **Time:** 30 minutes" in md and "grades college" not in md.lower()


def test_standards_are_listed_for_the_teacher_only(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article="Plain text.\n", extra="standards: [CCSS.ELA-LITERACY.RI.9-10.8, ISTE 1.3b]\n")
    teacher = page(project)
    notes = teacher.split("**Teacher notes.**", 1)[1].split("## The article", 1)[0]  # in the teacher's folded box
    assert "    **Standards:** CCSS&#46;ELA&#45;LITERACY&#46;RI&#46;9&#45;10&#46;8&#44; ISTE 1&#46;3b" in notes
    student = build_site(SiteProject.at(project.root, teacher_material=False)).pages["lessons/sample.md"]
    assert "Standards" not in student and "CCSS" not in student


def test_two_builds_are_byte_identical(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=HOSTILE, extra=ANNOTATIONS)
    first = build_site(SiteProject.at(project.root)).pages
    second = build_site(SiteProject.at(project.root)).pages
    assert first == second
