"""The fast detection engine finds exactly what searching every sentence with every rule finds.

The detector never tries a rule where its trigger words cannot lead to a
match (generator.detection.triggers), runs the rules' expressions compiled as tries
(generator.detection.fastre) and takes its rule set from a cache (generator.detection.ruleset).
These tests compare it with the plain way: each rule's expression, compiled
with re.compile, searched again and again through every sentence.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.article import load_article
from generator.detection import fastre, ruleset
from generator.detection.engine import Detector, Finding, sentence_starts
from generator.detection.rules import load_rules
from generator.detection.triggers import FOLD
from generator.safety.text import _CANDIDATE, _candidates
from tests.conftest import ROOT, SEED_ARTICLE

PLAIN = [r for c in load_rules().values() for r in c.rules]  # compiled with re.compile, not prepared
DETECTOR = Detector()
ARTICLES = sorted((ROOT / "bench" / "devset").glob("*.txt")) + sorted((ROOT / "lessons").glob("*/article.txt"))


def search_every_sentence(text: str, blocks: list[tuple[int, int]] | None = None) -> list[Finding]:
    """Every rule searched through every sentence, one match after another (the engine's specification)."""
    bounds = sorted(blocks) if blocks is not None else [(0, len(text))]
    starts = sorted(set(sentence_starts(text)).union(b[0] for b in bounds))
    candidates: list[Finding] = []
    for rule in PLAIN:
        DETECTOR._search(text, rule, True, starts, bounds, [b[0] for b in bounds], candidates)
    return DETECTOR._resolve(candidates)


@pytest.mark.parametrize("path", [SEED_ARTICLE, *ARTICLES], ids=lambda p: p.parent.name + "/" + p.name)
def test_articles_give_what_searching_every_sentence_gives(path: Path) -> None:
    assert path.exists(), f"{path} is missing (the sample article lives in bench/sample/)"
    article = load_article(path)
    blocks = [(b.start, b.end) for b in article.blocks]
    assert DETECTOR.detect(article.text, blocks) == search_every_sentence(article.text, blocks)


def _examples() -> list[str]:
    return [re.sub(r"\[\[|\]\]", "", e) for r in PLAIN for e in (*r.source.examples.match, *r.source.examples.no_match)]


PIECES = st.sampled_from([*_examples(), " ", "  ", "\n", "\r\n", "\n\n", ". ", "? ", "! ", "U.S. ", "Dr. ", "İstanbul ",
                          "ſources say ", "The ", "“", "”", "’s ", "—", "-", "said", "sources", "people", "reportedly"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=12))
def test_any_text_gives_what_searching_every_sentence_gives(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert DETECTOR.detect(text) == search_every_sentence(text)


def test_a_text_that_grows_when_lower_cased_is_searched_everywhere() -> None:
    text = "İSTANBUL (wire). The first talks ended. The deal reportedly collapsed, insiders say.\n"
    assert len(text.lower()) > len(text)
    found = {(text[f.start:f.end], f.rule) for f in DETECTOR.detect(text)}
    assert {("reportedly", "hedge-word"), ("insiders say", "unnamed-source-says")} <= found
    assert DETECTOR.detect(text) == search_every_sentence(text)


def test_expressions_compiled_as_tries_match_exactly_as_compiled_by_re() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    places = [m.start() for m in re.finditer(r"\b", text)]
    for rule in PLAIN:
        for plain in [rule.regex, *rule.before, *rule.after, *rule.inside, *rule.sentence]:
            fast, code = fastre.fast(plain.pattern, plain.flags)
            assert code is not None, "this Python's engine is the one generator.detection.fastre knows"
            assert fastre.load(plain.pattern, code, plain.flags) == fast  # same flags, expression and code
            for p in places:
                a, b = plain.match(text, p, p + 400), fast.match(text, p, p + 400)
                assert (a and a.span()) == (b and b.span()), (rule.id, plain.pattern[:60], p)


def _old_sentence_starts(text: str) -> list[int]:
    """sentence_starts as first written, with regular expressions for the word before a full stop."""
    from generator.detection.engine import ABBREVIATIONS, OPENERS

    starts = [0]
    for m in re.finditer(r"[.!?]+[\"'”’)\]]*(?=\s)", text):
        if text[m.start()] == ".":
            w = re.compile(r"([A-Za-z][A-Za-z.]*)\.$").search(text, max(0, m.start() - 12), m.start() + 1)
            word = w.group(1).lower() if w else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                nxt = re.compile(r"\s+[\"“‘']?([A-Z][a-z]*)\b").match(text, m.end())
                if not (nxt and nxt.group(1) in OPENERS):
                    continue
        starts.append(m.end())
    return starts


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", ".", ". ", "U.S.", "x", "\n", "!", "?", '"', "”", ")", "Mr.", "Dr. ", "The ",
                                 "he ", "é", "...", ".. ", "approx.", " ", "St.", "i.e.", "Ph.D.", "abcdefghijklmn",
                                 "K", "ſt.", "İ", "Jan. ", "?!", "’", "\t", "No. "]), max_size=30))
def test_sentence_starts_are_those_of_the_first_version(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert sentence_starts(text) == _old_sentence_starts(text)


def test_fold_holds_every_character_ignorecase_takes_for_an_ascii_letter_that_lower_does_not_give() -> None:
    every = "".join(map(chr, range(0x110000)))
    letters = set(re.findall("[a-z]", every, re.IGNORECASE))
    missing = {ch for ch in letters if not (ch.lower().isascii() and len(ch.lower()) == 1) and ch not in FOLD}
    assert missing == set()
    assert all(re.fullmatch(v, k, re.IGNORECASE) for k, v in FOLD.items())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\x00", "\u200d", "\u202e", "\ufeff", "é", "😀",
                                         "\U000e0041", "\U0001fffe", "\U000110bd", "\ufdd0", "\u00ad"]), max_size=20))
def test_fast_first_pass_of_the_character_check_finds_what_the_whole_class_finds(text: str) -> None:
    assert [m.start() for m in _candidates(text)] == [m.start() for m in _CANDIDATE.finditer(text)]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "medialit"


def _text() -> str:
    return "Some experts say the deal is the biggest ever. It reportedly collapsed, insiders say.\n"


def test_the_prepared_rules_are_cached_and_read_back_without_the_yaml(cache_home: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Detector().detect(_text())
    files = list(cache_home.glob("rules-*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text(encoding="utf-8"))["key"] in files[0].name

    def no_yaml(*_: object) -> None:
        raise AssertionError("the rule files were read again")

    monkeypatch.setattr("generator.detection.rules.load_rules", no_yaml)
    assert Detector().detect(_text()) == fresh == search_every_sentence(_text())


def test_a_damaged_cache_is_rebuilt(cache_home: Path) -> None:
    fresh = Detector().detect(_text())
    (path,) = cache_home.glob("rules-*.json")
    for damage in ("{", '{"key": "x"}'):
        path.write_text(damage, encoding="utf-8")
        assert Detector().detect(_text()) == fresh
    assert json.loads(path.read_text(encoding="utf-8"))["key"] in path.name


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert Detector().detect(_text()) == search_every_sentence(_text())


def test_an_edited_rule_file_is_read_again(cache_home: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    for path in ruleset.RULES_DIR.glob("*.yml"):
        (rules / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert any(f.rule == "hedge-word" for f in Detector(rules).detect(_text()))
    hedges = rules / "unconfirmed.yml"
    hedges.write_text(hedges.read_text(encoding="utf-8").replace("'reportedly|allegedly", "'allegedly", 1), encoding="utf-8")
    assert not any(f.rule == "hedge-word" for f in Detector(rules).detect(_text()))
    assert len(list(cache_home.glob("rules-*.json"))) == 2


def test_detect_on_a_txt_article_imports_no_yaml_markdown_or_templates(cache_home: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(_text(), encoding="utf-8")
    code = ("import json, sys; from generator.cli.main import main; main(['detect', sys.argv[1], '--format', 'json']); "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'markdown_it', 'jinja2', 'mkdocs'})))")
    env = {"XDG_CACHE_HOME": str(cache_home.parent), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the first run builds the cache (and reads the YAML rule files)
        out = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, env=env,
                             cwd=ROOT, check=True).stdout.splitlines()
    assert json.loads(out[0])["findings"] and json.loads(out[-1]) == []
