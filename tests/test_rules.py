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
from generator.detection.rules import load_rules

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
DETECTOR = Detector()
RULES = [(cat, rule) for cat, c in load_rules().items() for rule in c.rules]
PREPARED = {(r.category, r.id): r for r in DETECTOR.rules}  # with their trigger words (generator.detection.ruleset)


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
    for cat, rule in RULES:
        assert rule.source is not None
        for i, example in enumerate(getattr(rule.source.examples, kind), 1):
            out.append(pytest.param(cat, rule.id, example, id=f"{cat}/{rule.id}/{kind}-{i}"))
    return out


@pytest.mark.parametrize(("category", "rule_id", "example"), _cases("match"))
def test_match_example_is_found(category: str, rule_id: str, example: str) -> None:
    text, span = unmark(example)
    found = [f for f in DETECTOR.detect(text) if f.category == category]
    shown = [(text[f.start:f.end], f.rule) for f in found]
    assert found, f"{rule_id}: nothing of {category} found in {text!r}"
    if span is not None:
        hits = [f for f in found if f.start < span[1] and span[0] < f.end]
        assert hits, f"{rule_id}: expected a finding on {text[span[0]:span[1]]!r}, got {shown}"


@pytest.mark.parametrize(("category", "rule_id", "example"), _cases("no_match"))
def test_no_match_example_stays_quiet(category: str, rule_id: str, example: str) -> None:
    text, _ = unmark(example)
    found = [(text[f.start:f.end], f.rule) for f in DETECTOR.detect(text) if f.category == category]
    assert not found, f"{rule_id}: no_match example {text!r} produced {found}"


@pytest.mark.parametrize(("category", "rule_id"), [pytest.param(c, r.id, id=f"{c}/{r.id}") for c, r in RULES])
def test_rule_has_both_kinds_of_example_and_trigger_words(category: str, rule_id: str) -> None:
    rule = next(r for c, r in RULES if c == category and r.id == rule_id)
    assert rule.source is not None
    assert rule.source.examples.no_match, f"{rule_id}: add no_match examples (hard negatives) to the rule"
    # Without trigger words a rule runs over the whole text: correct, but it slows detection down.
    assert PREPARED[category, rule_id].triggers, (f"{rule_id}: no literal word is required by every match; start "
                                                  "each pattern with, or include, a fixed word or a list of words")


def test_every_alternative_of_every_rule_has_trigger_words() -> None:
    bare = [r.id for r in PREPARED.values() if not r.alternatives]
    assert bare == [], "these rules run over the whole text: give each pattern a fixed word or a list of words"


def test_rule_ids_are_unique_within_a_category() -> None:
    for cat, c in load_rules().items():
        ids = [r.id for r in c.rules]
        assert len(ids) == len(set(ids)), cat
