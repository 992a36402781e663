"""Quote anchoring: exact, across line breaks and quote styles, disambiguated, with near-miss errors."""

from __future__ import annotations

import pytest

from generator.anchoring.quotes import closest, find_all, select
from generator.article import load_article
from generator.callouts import build_callouts
from generator.errors import MedialitError
from generator.spec.lesson import load_spec
from tests.conftest import SEED_ARTICLE

SEED = SEED_ARTICLE.read_text(encoding="utf-8")


def test_quote_matches_across_line_break() -> None:
    [m] = find_all(SEED, "move, U.S. President Donald Trump")
    assert SEED[m.start:m.end] == "move, U.S.\nPresident Donald Trump"


def test_straight_apostrophe_matches_curly() -> None:
    [m] = find_all(SEED, "the first time in NATO's history")
    assert SEED[m.start:m.end] == "the first time in NATO’s history"
    assert (m.start, m.end) == (2384, 2416)


def test_occurrence_prefix_and_suffix_pick_one() -> None:
    all_ = find_all(SEED, "reportedly")
    assert [m.start for m in all_] == [531, 1776, 3330]
    assert [m.start for m in select(SEED, all_, None, None, 2)] == [1776]
    assert [m.start for m in select(SEED, all_, "EU have", None, None)] == [1776]
    assert [m.start for m in select(SEED, all_, None, "involved classified", None)] == [3330]
    assert select(SEED, all_, None, None, 4) == []


def test_closest_finds_near_miss() -> None:
    [m] = closest(SEED, "rare and unprecedent move")
    assert SEED[m.start:m.end].startswith("rare and unprecedented")


def anchor_error(project, extra: str) -> MedialitError:  # type: ignore[no-untyped-def]
    path = project.lesson(article=SEED, extra=extra)
    spec = load_spec(path)
    with pytest.raises(MedialitError) as info:
        build_callouts(spec, load_article(spec.article_path), findings=[])
    return info.value


def test_missing_quote_shows_did_you_mean_with_line_and_column(project) -> None:  # type: ignore[no-untyped-def]
    err = anchor_error(project, "annotations:\n  - quote: insiders described\n    category: vague-sourcing\n    note: n\n")
    assert err.message == "annotation 1: quote “insiders described” is not in article.txt"
    assert err.hint == "did you mean “insiders describe” at article.txt:3:159?"
    assert (err.line, err.col) == (20, 12)


def test_ambiguous_quote_lists_places_and_how_to_fix(project) -> None:  # type: ignore[no-untyped-def]
    err = anchor_error(project, "annotations:\n  - quote: reportedly\n    category: unconfirmed\n    note: n\n")
    assert "appears 3 times (article.txt:4:56, article.txt:9:41, article.txt:16:162)" in err.message
    assert "prefix:" in err.hint and "occurrence:" in err.hint


def test_all_anchoring_problems_reported_together(project) -> None:  # type: ignore[no-untyped-def]
    extra = ("annotations:\n  - quote: nope nope nope\n    category: unconfirmed\n    note: n\n"
             "  - quote: reportedly\n    category: unconfirmed\n    note: n\n")
    err = anchor_error(project, extra)
    assert [p.line for p in err.problems] == [20, 23]
