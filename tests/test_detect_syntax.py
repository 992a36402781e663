"""The project's own reader of the rules' regular expressions: it reads them as Python does, writes them back
with the same meaning, derives trigger words that every match holds, and reports what it does not support
with the file, line and column."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.detection import fastre
from generator.detection.emit import emit
from generator.detection.engine import Detector, detect
from generator.detection.languages import UnknownLanguage, available_languages, rules_dir
from generator.detection.rules import load_rules
from generator.detection.syntax import SyntaxProblem, parse
from generator.detection.triggers import FOLD, SPACES, WORD_START, alternatives
from generator.errors import MedialitError

ATOMS = ["a", "b", "ab", "s", "x", "\\.", " ", "-", "’", "[ab]", "[^a]", "[a-c]", "\\w", "\\W", "\\s", "\\d", ".",
         "\\b", "(?-i:A)", "(?-i:[A-Z])", "é", "K", "[- ]", "\\x41", "\\u00e9", "{", "}"]


def expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map("|".join),
            inner.map(lambda x: f"(?:{x})"),
            inner.map(lambda x: f"({x})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{1,2}", "{2}", "{0,3}?", "*?", "??", "{,2}"])).map(
                lambda t: f"(?:{t[0]}){t[1]}"),
            inner.map(lambda x: f"(?!{x})"),
            inner.map(lambda x: f"(?=b|{x})"),
            inner.map(lambda x: f"(?-i:{x})"),
        )
    return st.recursive(st.sampled_from(ATOMS), extend, max_leaves=8)


TEXTS = st.lists(st.sampled_from([*"aAbBsSxK .-’é\nſİı", "ab", "AB", "  "]), max_size=12).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), TEXTS)
def test_written_back_and_factored_expressions_match_exactly_as_written(source: str, text: str) -> None:
    plain = re.compile(source, re.IGNORECASE)
    again = re.compile(emit(parse(source)), re.IGNORECASE)
    fast = re.compile(fastre.fast(source), re.IGNORECASE)
    for p in range(len(text) + 1):
        a, b, c = plain.match(text, p), again.match(text, p), fast.match(text, p)
        assert (a and a.span()) == (b and b.span()) == (c and c.span()), (source, text, p)


def _fold(text: str) -> str:
    return "".join(FOLD.get(ch, ch) for ch in text).lower()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["source", "says", "sources", "told", "according to", "(?:the )?", "[a-z]+ ",
                                 "(?:insiders?|officials?)", "(?:very )*", "x?", "\\w+", "(?-i:[A-Z])\\w* ",
                                 "s(?:hock|tunning)", " ", "(?:a|b)"]), min_size=1, max_size=6),
       st.lists(st.sampled_from(["source ", "Sources ", "says ", "told ", "According to ", "the ", "very ", "Shock ",
                                 "ſtunning ", "insider ", "OFFICIALS ", "x ", "ab ", "İnsider "]), max_size=10))
def test_every_match_holds_the_trigger_words_of_an_alternative(pieces: list[str], words: list[str]) -> None:
    source = "".join(pieces)
    text = "".join(words)
    alts = alternatives(source)
    low = " " + _fold(text)

    def holds(word: str, start: int, end: int) -> bool:
        if word.startswith(WORD_START):
            return any(not low[i - 1].isalnum() and low[i - 1] != "_"
                       for i in range(start, end) if low.startswith(word[1:], i) and i + len(word) - 1 <= end)
        return word in low[start:end]

    for m in re.finditer(r"\b(?:" + source + r")(?!\w)", text, re.IGNORECASE):
        if not m.group():
            continue
        start, end = m.start() + 1, m.end() + 1
        assert not alts or any(all(any(holds(w, start, end) for w in n.words) for n in a.needs)
                               and (a.lead is None or any(holds(w, start, end) for w in a.lead.words))
                               for a in alts), (source, text)


def test_spaces_are_every_character_python_calls_white_space() -> None:
    assert "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()) == SPACES


@pytest.mark.parametrize(("source", "offset", "words"), [
    ("(a", 0, "unterminated group"), ("a)", 1, "unbalanced"), ("ab(?P<x>a)", 2, "named groups"),
    ("a\\1", 1, "back-references"), ("a**", 2, "multiple repeat"), ("x[ab", 1, "unterminated character set"),
    ("(?i)a", 0, "case flags"), ("a{2,1}", 1, "min repeat"), ("*a", 0, "nothing to repeat"), ("a++", 2, "possessive"),
    ("(?>a)", 0, "atomic"), ("a\\q", 1, "bad escape"), ("\\b*", 2, "nothing to repeat"), ("[[a]", 1, "inside a character set"),
    ("(?#x)", 0, "comments"), ("(?(1)a)", 0, "conditional"), ("\\x4", 0, "incomplete escape"), ("[z-a]", 1, "bad character range"),
])
def test_unsupported_constructs_are_reported_where_they_start(source: str, offset: int, words: str) -> None:
    with pytest.raises(SyntaxProblem) as err:
        parse(source)
    assert err.value.offset == offset and words in err.value.message and err.value.hint


def _rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir("en"), target)
    return target


@pytest.mark.parametrize(("insert", "at", "words"), [
    ("(?P<who>x)|", 0, "named groups"), ("x\\2|", 1, "back-references"), ("{NOPE}|", 0, "unknown macro {NOPE}"),
    ("(?#note)|", 0, "comments"),
])
def test_a_pattern_the_engine_cannot_read_is_reported_with_file_line_and_column(tmp_path: Path, insert: str, at: int,
                                                                                words: str) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "unconfirmed.yml"
    text = path.read_text(encoding="utf-8")
    anchor = "      - 'reportedly|allegedly"
    text = text.replace(anchor, anchor.replace("'", "'" + insert.replace("'", "''"), 1), 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        Detector(folder=rules)
    e = err.value
    line_text = text.splitlines()[e.line - 1]
    assert (Path(e.path) == path and words in e.message and "hedge-word" in e.message) or "macro" in e.message
    assert line_text.startswith(anchor[:9]) and e.col == line_text.index("'") + 2 + at, (e.col, line_text)


def test_a_bad_macro_is_reported_in_the_macro(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "common.yml"
    text = path.read_text(encoding="utf-8").replace("pattern: 'sources?|insiders?", "pattern: 'sources?|(?x)insiders?", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        Detector(folder=rules)
    line_text = text.splitlines()[err.value.line - 1]
    assert "macro ANON" in err.value.message and line_text[err.value.col - 1:].startswith("(?x)")


@pytest.mark.parametrize(("key", "value"), [("icon", "material-star"), ("label", "Superlative or hype")])
def test_icon_and_label_are_no_longer_part_of_a_rule_file(tmp_path: Path, key: str, value: str) -> None:
    """Categories' labels and icons are written once, in generator/spec/vocabulary.py."""
    for lang in available_languages():
        for cat in load_rules(lang):
            assert f"\n{key}:" not in (rules_dir(lang) / f"{cat}.yml").read_text(encoding="utf-8")
    rules = _rules_copy(tmp_path)
    path = rules / "superlative.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("description:", f"{key}: {value}\ndescription:", 1),
                    encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        load_rules(folder=rules)
    assert key in err.value.message and "vocabulary.py" in err.value.hint
    assert (err.value.line, err.value.col) == (2, 1)


def test_an_unknown_language_is_an_error_callers_can_turn_into_a_warning() -> None:
    assert "en" in available_languages()
    with pytest.raises(UnknownLanguage) as err:
        detect("Some experts say so.", lang="xx")
    assert err.value.lang == "xx" and err.value.available == available_languages()
    assert str(err.value.message).startswith("no rule set for language 'xx'; available: en")
    for bad in ("../en", "EN", "", "en/"):
        with pytest.raises(UnknownLanguage):
            Detector(bad)
    assert detect("Some experts say so.", lang="en")
