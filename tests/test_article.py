"""Articles: paragraphs, Markdown blocks and front matter, with offsets into the raw file text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.article import load_article, parse_article
from generator.errors import MedialitError
from tests.conftest import SEED_ARTICLE


def texts(article) -> list[str]:  # type: ignore[no-untyped-def]
    return [article.block_text(b) for b in article.blocks]


def test_txt_blank_line_splits_single_newline_joins() -> None:
    a = parse_article("One line\nsame paragraph.\n\n  Second\r\nparagraph.  \n", Path("a.txt"))
    assert texts(a) == ["One line same paragraph.", "Second paragraph."]


def test_seed_article_is_one_paragraph_joined_after_us() -> None:
    a = load_article(SEED_ARTICLE)
    assert len(a.blocks) == 1
    assert "U.S. President Donald Trump" in a.block_text(a.blocks[0])
    assert a.words() == 614


def test_segments_point_into_raw_text_with_crlf() -> None:
    raw = "Alpha beta\r\ngamma.\r\n\r\nDelta."
    a = parse_article(raw, Path("a.txt"))
    for block in a.blocks:
        for s, e in block.segments:
            assert raw[s:e].strip() == raw[s:e] and "\r" not in raw[s:e]
    assert raw[a.blocks[1].start:a.blocks[1].end] == "Delta."


def test_markdown_front_matter_and_blocks() -> None:
    raw = "---\nheadline: Big news\n---\n# A heading #\n\nSome *text*\nhere.\n\n> quoted\n> words\n\n- item one\n- item two\n"
    a = parse_article(raw, Path("a.md"))
    assert a.front_matter == {"headline": "Big news"}
    assert [b.kind for b in a.blocks] == ["h1", "p", "quote", "li", "li"]
    assert texts(a) == ["A heading", "Some *text* here.", "quoted words", "item one", "item two"]
    # offsets are into the whole file, front matter included
    start = a.blocks[1].start
    assert raw[start:start + 4] == "Some"


def test_empty_article_is_an_error() -> None:
    with pytest.raises(MedialitError) as info:
        parse_article("\n\n  \n", Path("empty.txt"))
    assert info.value.message == "article has no text"


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine line\nbad \xff here\n")
    with pytest.raises(MedialitError) as info:
        load_article(path)
    err = info.value
    assert "not valid UTF-8 (byte 0xff)" in err.message
    assert (err.line, err.col) == (2, 5)
    assert "UTF-8" in err.hint
