"""The fast detection engine finds exactly what the plain reference engine finds.

The detector never tries a rule where its trigger words cannot lead to a
match (generator.detection.triggers), runs the rules' expressions rewritten
as tries (generator.detection.fastre) and takes its rule set from a cache
(generator.detection.ruleset). These tests compare it with the plain way
(generator.detection.reference): each rule's expression, compiled with
re.compile as the loader wrote it, searched again and again through every
sentence.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.article import load_article
from generator.detection import fastre
from generator.detection.compiled import CompiledRule
from generator.detection.engine import ABBREVIATIONS, OPENERS, Detector, sentence_starts
from generator.detection.reference import ReferenceDetector
from generator.detection.rules import available_languages, load_rules
from generator.detection.triggers import FOLD
from generator.resources import PACKAGE_DIR
from generator.safety.text import _CANDIDATE, _candidates
from tests.conftest import ROOT

LANGS = available_languages()
DETECTORS = {lang: Detector(lang) for lang in LANGS}
REFERENCES = {lang: ReferenceDetector(lang) for lang in LANGS}
DETECTOR, REFERENCE = DETECTORS["en"], REFERENCES["en"]
ARTICLES = (sorted((ROOT / "bench").glob("devset*/*.txt")) + sorted((ROOT / "bench" / "sample").glob("*.txt"))
            + sorted((ROOT / "lessons").glob("*/article.*")))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.parent.name + "/" + p.name)
@pytest.mark.parametrize("lang", LANGS)
def test_articles_give_what_the_reference_gives(path: Path, lang: str) -> None:
    article = load_article(path)
    blocks = [(b.start, b.end) for b in article.blocks]
    assert DETECTORS[lang].detect(article.text, blocks) == REFERENCES[lang].detect(article.text, blocks)


def test_the_articles_are_there() -> None:
    assert len([p for p in ARTICLES if "devset" in p.parent.name]) >= 16
    assert any(p.parent.name == "sample" for p in ARTICLES) and len(ARTICLES) >= 50


def _examples() -> list[str]:
    return [re.sub(r"\[\[|\]\]", "", e) for lang in LANGS for c in load_rules(lang).values() for r in c.rules
            if r.source is not None for e in (*r.source.examples.match, *r.source.examples.no_match)]


PIECES = st.sampled_from([*_examples(), " ", "  ", "\n", "\r\n", "\n\n", ". ", "? ", "! ", "U.S. ", "Dr. ", "İstanbul ",
                          "ſources say ", "The ", "“", "”", "’s ", "—", "-", "said", "sources", "people", "reportedly",
                          "K", "ı", "according to", "(", ")", ",", "Many", "not"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=14), st.sampled_from(LANGS))
def test_any_text_gives_what_the_reference_gives(pieces: list[str], lang: str) -> None:
    text = "".join(pieces)
    assert DETECTORS[lang].detect(text) == REFERENCES[lang].detect(text)


def test_a_text_with_characters_that_fold_is_searched_like_any_other() -> None:
    text = "İSTANBUL (wire). The first talks ended. The deal reportedly collapsed, insiders say.\n"
    found = {(text[f.start:f.end], f.rule) for f in DETECTOR.detect(text)}
    assert {("reportedly", "hedge-word"), ("insiders say", "unnamed-source-says")} <= found
    assert DETECTOR.detect(text) == REFERENCE.detect(text)


def test_expressions_rewritten_as_tries_match_exactly_as_written() -> None:
    text = (ROOT / "bench" / "sample" / "seed-article.txt").read_text(encoding="utf-8")
    places = [m.start() for m in re.finditer(r"\b", text)]
    for rule in REFERENCE.rules:
        for plain in [rule.regex, *rule.before, *rule.after, *rule.inside, *rule.sentence]:
            fast = re.compile(fastre.fast(plain.pattern), re.IGNORECASE)
            for p in places:
                a, b = plain.match(text, p, p + 400), fast.match(text, p, p + 400)
                assert (a and a.span()) == (b and b.span()), (rule.id, plain.pattern[:60], p)


def test_each_alternative_as_a_rule_of_its_own_tried_in_order_matches_what_the_whole_rule_matches() -> None:
    texts = [(ROOT / "bench" / "sample" / "seed-article.txt").read_text(encoding="utf-8"),
             " ".join(_examples())]
    for lang, detector in DETECTORS.items():
        several = [r for r in detector.rules if len(r.alternatives) > 1]
        assert several, lang
        for rule in several:
            branches = [rule.branch(k) for k in range(len(rule.alternatives))]
            for text in texts:
                for p in (m.start() for m in re.finditer(r"\b", text)):
                    whole = rule.regex.match(text, p, p + 400)
                    first = next((m for b in branches if (m := b.match(text, p, p + 400))), None)
                    assert (whole and whole.span()) == (first and first.span()), (lang, rule.id, p)


def test_only_the_expressions_a_text_needs_are_compiled() -> None:
    def compiled(d: Detector) -> dict[str, int]:
        return {r.id: r.compiled for r in d.rules if r.compiled}

    fresh = Detector()
    assert fresh.detect("Rain fell on the town on Tuesday.\n") == []
    assert compiled(fresh) == {}
    text = "The deal reportedly collapsed.\n"
    assert [f.rule for f in fresh.detect(text)] == ["hedge-word"]
    some = compiled(fresh)
    def occur(rule: CompiledRule) -> bool:
        return any(w.strip() in text.lower() for a in rule.alternatives for n in (a.lead, *a.needs) if n for w in n.words)

    assert "hedge-word" in some and all(occur(r) for r in fresh.rules if r.id in some)
    hedge = next(r for r in fresh.rules if r.id == "hedge-word")
    assert hedge.compiled < len(hedge.alternatives), "only the alternatives whose words occur"
    assert fresh.compile_all().detect(text) == REFERENCE.detect(text)
    assert all(r.compiled >= len(r.alternatives) for r in fresh.rules)
    assert sum(some.values()) * 10 < sum(compiled(fresh).values())


def _old_sentence_starts(text: str) -> list[int]:
    """sentence_starts as first written, with regular expressions for the word before a full stop."""
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
                                 "K", "ſt.", "İ", "Jan. ", "?!", "’", "\t", "No. ", ".)", "?)."]), max_size=30))
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


PRIVATE = {"re._parser", "re._compiler", "re._constants", "re._casefix", "_sre", "sre_parse", "sre_compile",
           "sre_constants"}


def test_detection_uses_no_private_module_of_the_interpreter() -> None:
    for path in sorted((PACKAGE_DIR / "detection").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {f"{node.module}.{a.name}" for a in node.names} | {node.module or ""}
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("re", "sre"):
                names = {f"{node.value.id}.{node.attr}"}
            else:
                continue
            assert not names & PRIVATE and not any(n.startswith("re._") for n in names), (path.name, names)


def test_detect_on_a_txt_article_imports_no_yaml_markdown_or_templates(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Some experts say the deal is the biggest ever. It reportedly collapsed, insiders say.\n",
                       encoding="utf-8")
    code = ("import json, sys; from generator.cli.main import main; main(['detect', sys.argv[1], '--format', 'json']); "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'markdown_it', 'jinja2', 'mkdocs'})))")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the first run builds the cache (and reads the YAML rule files)
        out = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, env=env,
                             cwd=ROOT, check=True).stdout.splitlines()
    assert json.loads(out[0])["findings"] and json.loads(out[-1]) == []
