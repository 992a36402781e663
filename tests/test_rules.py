"""Every rule's own examples, run as tests (the way Vale ships fixtures with its styles).

A ``match`` example must produce a finding of the rule's category; when it
marks a span with ``[[...]]`` (brackets removed before detection), the
finding must overlap that span. A ``no_match`` example must produce no
finding of the category at all. Adding an example to a YAML file adds a test.
"""

from __future__ import annotations

import re

import pytest

from generator.detection.engine import Detector
from generator.detection.rules import available_languages, load_rules

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
LANGS = available_languages()
DETECTORS = {lang: Detector(lang) for lang in LANGS}
RULES = [(lang, cat, rule) for lang in LANGS for cat, c in load_rules(lang).items() for rule in c.rules]
# with their trigger words (generator.detection.ruleset)
PREPARED = {(lang, r.category, r.id): r for lang, d in DETECTORS.items() for r in d.rules}


def unmark(example: str) -> tuple[str, tuple[int, int] | None]:
    """The example without [[ ]] and the span they marked (None when unmarked)."""
    m = MARK.search(example)
    text = MARK.sub(lambda x: x.group(1), example)
    if m is None:
        return text, None
    start = m.start()
    return text, (start, start + len(m.group(1)))


def _cases(kind: str) -> list[object]:
    out = []
    for lang, cat, rule in RULES:
        assert rule.source is not None
        for i, example in enumerate(getattr(rule.source.examples, kind), 1):
            out.append(pytest.param(lang, cat, rule.id, example, id=f"{lang}/{cat}/{rule.id}/{kind}-{i}"))
    return out


@pytest.mark.parametrize(("lang", "category", "rule_id", "example"), _cases("match"))
def test_match_example_is_found(lang: str, category: str, rule_id: str, example: str) -> None:
    text, span = unmark(example)
    found = [f for f in DETECTORS[lang].detect(text) if f.category == category]
    shown = [(text[f.start:f.end], f.rule) for f in found]
    assert found, f"{rule_id}: nothing of {category} found in {text!r}"
    if span is not None:
        hits = [f for f in found if f.start < span[1] and span[0] < f.end]
        assert hits, f"{rule_id}: expected a finding on {text[span[0]:span[1]]!r}, got {shown}"


@pytest.mark.parametrize(("lang", "category", "rule_id", "example"), _cases("no_match"))
def test_no_match_example_stays_quiet(lang: str, category: str, rule_id: str, example: str) -> None:
    text, _ = unmark(example)
    found = [(text[f.start:f.end], f.rule) for f in DETECTORS[lang].detect(text) if f.category == category]
    assert not found, f"{rule_id}: no_match example {text!r} produced {found}"


@pytest.mark.parametrize(("lang", "category", "rule_id"),
                         [pytest.param(lang, c, r.id, id=f"{lang}/{c}/{r.id}") for lang, c, r in RULES])
def test_rule_has_both_kinds_of_example_and_trigger_words(lang: str, category: str, rule_id: str) -> None:
    rule = next(r for lg, c, r in RULES if (lg, c, r.id) == (lang, category, rule_id))
    assert rule.source is not None
    assert rule.source.examples.no_match, f"{rule_id}: add no_match examples (hard negatives) to the rule"
    # Without trigger words a rule runs over the whole text: correct, but it slows detection down.
    assert PREPARED[lang, category, rule_id].triggers, (f"{rule_id}: no literal word is required by every match; start "
                                                  "each pattern with, or include, a fixed word or a list of words")


def test_every_alternative_of_every_rule_has_trigger_words() -> None:
    bare = [r.id for r in PREPARED.values() if not r.alternatives]
    assert bare == [], "these rules run over the whole text: give each pattern a fixed word or a list of words"


def test_rule_ids_are_unique_within_a_category() -> None:
    for lang in LANGS:
        for cat, c in load_rules(lang).items():
            ids = [r.id for r in c.rules]
            assert len(ids) == len(set(ids)), (lang, cat)


def test_every_language_folder_has_its_examples_collected() -> None:
    # the Spanish set is found beside the English one, so its examples run in CI
    assert {"en", "es"} <= set(LANGS)
