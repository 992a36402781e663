"""The lesson page's views, built without a browser: practice copy, answer key, strip, ledger, glossary, course path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build.lesson import Project as SiteProject
from generator.build.site import build_site
from generator.errors import MedialitError
from tests.conftest import MINIMAL_SPEC, ROOT, highlights, run

ARTICLE = """\
# Storm hits the </script> coast

According to people familiar with the matter, the damage is the worst ever seen.
Mayor Jane Smith said the roads would reopen.

- Officials said repairs are expected to finish soon.
- The bridge reportedly collapsed, said Ken Abara.
"""
ANNOTATIONS = """\
annotations:
  - quote: According to people familiar with the matter
    category: vague-sourcing
    note: Who are they?
  - quote: the worst ever seen
    category: superlative
    note: Compared with what?
  - quote: Officials said
    category: vague-sourcing
    note: Which officials?
  - quote: expected to finish
    category: unconfirmed
    note: Not done yet.
  - quote: reportedly
    category: unconfirmed
    note: Reported by whom?
detect: false
"""


def built(project, spec: str = MINIMAL_SPEC, extra: str = ANNOTATIONS, teacher: bool = True):  # type: ignore[no-untyped-def]
    project.lesson(spec=spec.replace("file: article.txt", "file: article.md"), article=ARTICLE,
                   article_name="article.md", extra=extra)
    return build_site(SiteProject.at(project.root, teacher_material=teacher))


def section(md: str, start: str, end: str) -> str:
    return md.split(start, 1)[1].split(end, 1)[0]


def answer_key(md: str) -> dict:  # type: ignore[type-arg]
    import html

    m = re.search(r'^<div id="ml-answer-key" hidden data-lesson="sample" data-key="([^"<>]*)"></div>$', md, re.M)
    assert m, "no answer key on the page"
    return json.loads(html.unescape(m.group(1)))


def practice_words(md: str) -> list[str]:
    """The text of every practice word, unescaped as a browser would show it."""
    import html

    read = section(md, '=== "Read it first"', '=== "Annotated"')
    # invisible word joiners that escaping may add are not part of the text a reader sees
    return [html.unescape(w).replace("\u2060", "") for w in re.findall(r'<span class="ml-w">(.*?)</span>', read)]


def test_lesson_has_three_views_in_order_and_only_the_annotated_one_has_categories(project) -> None:  # type: ignore[no-untyped-def]
    md = built(project).pages["lessons/sample.md"]
    tabs = [md.index(f'=== "{name}"') for name in ("Read it first", "Annotated", "Sources")]
    assert tabs == sorted(tabs) and md.index("## The article") < tabs[0]
    read = section(md, '=== "Read it first"', '=== "Annotated"')
    sources = section(md, '=== "Sources"', '<p class="ml-attribution">')
    assert "data-category" not in read and "data-category" not in sources and "<mark" not in read
    annotated = section(md, '=== "Annotated"', '=== "Sources"')
    assert annotated.count("data-category=") == 5
    # the practice copy holds every word of the article, in order, and nothing else
    assert " ".join(practice_words(md)) == ("Storm hits the </script> coast According to people familiar with the matter, "
                                           "the damage is the worst ever seen. Mayor Jane Smith said the roads would reopen. "
                                           "Officials said repairs are expected to finish soon. The bridge reportedly "
                                           "collapsed, said Ken Abara.")


def test_answer_key_names_each_callout_by_its_words(project) -> None:  # type: ignore[no-untyped-def]
    md = built(project).pages["lessons/sample.md"]
    key = answer_key(md)
    words = practice_words(md)
    assert key["words"] == len(words) and key["maxWords"] == 15
    assert list(key["categories"]) == ["vague-sourcing", "superlative", "unconfirmed"]
    got = [(k["n"], k["category"], " ".join(words[k["first"]: k["last"] + 1])) for k in key["key"]]
    assert got == [
        (1, "vague-sourcing", "According to people familiar with the matter,"),
        (2, "superlative", "the worst ever seen."),
        (3, "vague-sourcing", "Officials said"),
        (4, "unconfirmed", "expected to finish"),
        (5, "unconfirmed", "reportedly"),
    ]
    assert "</script> coast" in " ".join(words)  # markup in the article stays text, in the key as on the page


def test_strip_has_a_lane_per_category_with_shapes_and_a_text_alternative(project) -> None:  # type: ignore[no-untyped-def]
    md = built(project).pages["lessons/sample.md"]
    annotated = section(md, '=== "Annotated"', '=== "Sources"')
    lanes = re.findall(r'<svg class="ml-strip ml-strip--([a-z-]+)" role="img" aria-label="([^"]+)"(.*?)</svg></svg>|'
                       r'<svg class="ml-strip ml-strip--([a-z-]+)" role="img" aria-label="([^"]+)"', annotated)
    labels = {(a or d): (b or e) for a, b, _c, d, e in lanes}
    assert list(labels) == ["vague-sourcing", "superlative", "unconfirmed"]
    assert labels["vague-sourcing"].startswith("Vague sourcing: 2 callouts: callout 1 at ")
    assert "callout 3 at " in labels["vague-sourcing"]
    assert labels["superlative"].startswith("Superlative or hype: 1 callout: callout 2 at ")
    assert annotated.count("<circle") == 2 and annotated.count('<path d="M0') == 1 and annotated.count("<rect") == 2
    percents = [int(p) for p in re.findall(r"at (\d+)%", " ".join(labels.values()))]
    assert all(0 <= p <= 100 for p in percents) and len(percents) == 5


def test_sources_ledger_lists_named_and_unnamed_attributions(project) -> None:  # type: ignore[no-untyped-def]
    md = built(project).pages["lessons/sample.md"]
    rows = [r for r in section(md, '=== "Sources"', '<p class="ml-attribution">').splitlines() if r.strip().startswith("| ") and "---" not in r]
    import html

    labels = ["Who is cited", "How would they know?", "Could a reader check?"]
    # on a phone each row reads as a card: a cell names its column in a label that wider screens hide
    for row in rows[1:]:
        assert [html.unescape(x) for x in re.findall(r'<span class="ml-cell-label">(.*?)</span>', row)] == labels
    table = [[re.sub(r'<span class="ml-cell-label">.*?</span>', "", c.strip()) for c in r.strip().strip("|").split(" | ")]
             for r in rows[1:]]

    got = [(html.unescape(re.sub(r"<[^>]+>|\(\[callout \d+\]\(#callout-\d+\)\)", "", t[1])).strip(), html.unescape(t[2]),
            "unnamed" in t[3]) for t in table]
    assert got == [
        ("According to people familiar with the matter", "people", True),
        ("Mayor Jane Smith said", "Mayor Jane Smith", False),
        ("Officials said", "Officials", True),
        ("said Ken Abara", "Ken Abara", False),
    ]
    assert "familiar with the matter" in html.unescape(table[0][4])  # how they would know, as the article says
    assert table[0][5].startswith("No") and table[1][5].startswith("Yes")
    assert "[callout 1](#callout-1)" in rows[1]


def test_spec_sources_override_detection_and_bad_quotes_name_the_line(project) -> None:  # type: ignore[no-untyped-def]
    extra = ANNOTATIONS + """\
sources:
  - quote: Mayor Jane Smith said
    who: the town's mayor
    named: true
    how: She runs the town's emergency office.
    check: Yes, the town publishes her statements.
"""
    md = built(project, extra=extra).pages["lessons/sample.md"]
    sources = section(md, '=== "Sources"', '<p class="ml-attribution">')
    assert "the town&#39;s mayor" in sources and "She runs the town&#39;s emergency office&#46;" in sources
    assert "| Mayor Jane Smith |" not in sources
    bad = extra.replace("quote: Mayor Jane Smith said", "quote: Mayor Joan Smith said")
    (project.root / "lessons" / "sample" / "lesson.yml").write_text(
        MINIMAL_SPEC.replace("file: article.txt", "file: article.md") + bad, encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        build_site(SiteProject.at(project.root))
    message = err.value.format()
    line = (MINIMAL_SPEC + bad).splitlines().index("  - quote: Mayor Joan Smith said") + 1
    assert f"lesson.yml:{line}:" in message and "sources 1:" in message and "did you mean" in message


def test_student_only_site_leaves_out_teacher_material(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = MINIMAL_SPEC + "warm_up: Ask the class a question.\nexit_ticket: Write one sentence.\n"
    teacher = built(project, spec=spec).pages["lessons/sample.md"]
    student = build_site(SiteProject.at(project.root, teacher_material=False)).pages["lessons/sample.md"]
    for text in ("For the teacher", "**Teacher notes.**", "Keep it short", '??? success "Answer 1"', "Nobody we can check",
                 "**Warm-up.**", "Ask the class"):
        assert text.replace("'", "&#39;") in teacher
        assert text not in student
    for text in ("## Discussion questions", "Who is the source", "## Exit ticket", "Write one sentence",
                 '=== "Read it first"', 'id="ml-answer-key"'):
        assert text in student
    # the same setting from the command line and from mkdocs.yml
    out = tmp_path / "out"
    assert run("medialit", "build", "--student", "--out", str(out), "-q", cwd=project.root).returncode == 0
    assert (out / "lessons" / "sample.md").read_text(encoding="utf-8") == student
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert "teacher_material: true" in config
    (project.root / "mkdocs.yml").write_text(config.replace("teacher_material: true", "teacher_material: false"), encoding="utf-8")
    result = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=project.root)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "lessons" / "sample" / "index.html").read_text(encoding="utf-8")
    assert "Teacher notes" not in html and "Nobody we can check" not in html and "Who is the source" in html
    assert [c for c, _t in highlights(html)] == ["vague-sourcing", "superlative", "vague-sourcing", "unconfirmed", "unconfirmed"]


def test_glossary_has_a_page_per_category_with_every_example(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(slug="second", article="Some experts say it is the best ever.\n",
                   extra="annotations:\n  - quote: Some experts say\n    category: vague-sourcing\n    note: Which experts?\ndetect: false\n")
    pages = built(project).pages
    assert {"glossary/index.md", "glossary/vague-sourcing.md", "glossary/superlative.md", "glossary/unconfirmed.md"} <= set(pages)
    vague = pages["glossary/vague-sourcing.md"]
    assert vague.startswith("# Vague sourcing\n")
    assert "The text attributes information to a source the reader cannot identify" in vague.replace("\n", " ")
    folded = vague.split('??? example "Show examples"\n', 1)[1]  # the examples are the lessons' answers: folded
    examples = re.findall(r'^    - <q class="ml-quote">(.*?)</q>: <span class="ml-note">.*</span> '
                          r'\(\[callout (\d+)\]\(\.\./lessons/([a-z-]+)\.md#callout-\2\)\)$', folded, re.M)
    assert sorted((s, n) for _q, n, s in examples) == [("sample", "1"), ("sample", "3"), ("second", "1")]
    assert "3 examples in 2 lesson(s)" in vague
    assert pages["glossary/unconfirmed.md"].count('<q class="ml-quote">') == 2
    assert all(f"]({c}.md)" in pages["glossary/index.md"] for c in ("vague-sourcing", "superlative", "unconfirmed"))


def test_course_path_on_the_home_page_and_tags_on_the_index(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(slug="hard-one", spec=MINIMAL_SPEC.replace('level: "6-8"', "level: college") + "order: 5\n")
    project.lesson(slug="easy-one", spec=MINIMAL_SPEC.replace("title: A small lesson", "title: Easy") + "order: 9\n")
    (project.root / "docs" / "index.md").write_text("# Home\n\n<!-- medialit:course-path -->\n\nEnd.\n", encoding="utf-8")
    (project.root / "docs" / "sub").mkdir()
    (project.root / "docs" / "sub" / "deep.md").write_text("# Deep\n\n<!-- medialit:course-path -->\n", encoding="utf-8")
    (project.root / "docs" / "plain.md").write_text("# Plain\n", encoding="utf-8")
    pages = build_site(SiteProject.at(project.root)).pages
    home = pages["index.md"]
    assert "<!-- medialit" not in home and home.startswith("# Home") and home.rstrip().endswith("End.")
    # units follow course order and change where the level changes: college (order 5) comes first here
    # the page opens with the way into the course: its first lesson
    assert home.index("[Start lesson 1: A small lesson](lessons/hard-one.md){ .md-button") < home.index("## The course")
    unit1 = home.index("**Unit 1: College**")
    assert unit1 < home.index("(lessons/hard-one.md)", unit1) < home.index("**Unit 2: Grades 6–8**") \
        < home.index("(lessons/easy-one.md)")
    assert "(../lessons/easy-one.md)" in pages["sub/deep.md"]
    assert "plain.md" not in pages
    index = pages["lessons/index.md"]
    assert "## Unit 1: College" in index and "## Unit 2: Grades 6–8" in index
    assert '<span class="ml-tag ml-tag--level">College</span>' in index


def test_practice_script_shows_only_texts_the_page_gives_it(project) -> None:  # type: ignore[no-untyped-def]
    """Every text the practice shows comes from the page (so a translated template translates it)."""
    md = built(project).pages["lessons/sample.md"]
    m = re.search(r'^<div id="ml-practice-ui" hidden((?: data-[a-z-]+="[^"<>]*")+)></div>$', md, re.M)
    assert m, "no practice texts on the page"
    given = set(re.findall(r" data-([a-z-]+)=", m.group(1)))
    js = (ROOT / "generator" / "assets" / "medialit.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", js, flags=re.S)  # comments may speak; the code may not
    names = re.findall(r"\bui\.(?!dataset\b)(\w+)|\bdataset\.(\w+)", code)
    used = {re.sub(r"[A-Z]", lambda c: "-" + c.group().lower(), a or b) for a, b in names}
    assert used == given, (used - given, given - used)  # every text used is given, every text given is used
    literals = [a or b for a, b in re.findall(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', code)]
    prose = [lit for lit in literals
             if re.search(r"(?:^|\s)[A-Za-z]+[.,:;!?]?\s+[A-Za-z]+[.,:;!?]?(?:\s|$)", lit)
             or (re.fullmatch(r"[A-Z][a-z]+", lit) and lit not in ("Enter", "Escape"))]
    assert literals and prose == ["use strict"]
