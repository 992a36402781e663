"""Every rule's own examples, run as tests (the way Vale ships fixtures with its styles).

A ``match`` example must produce a finding of the rule's category; when it
marks a span with ``[[...]]`` (brackets removed before detection), the
finding must overlap that span. A ``no_match`` example must produce no
finding of the category at all. Adding an example to a YAML file adds a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.detection.engine import Detector
from generator.detection.rules import load_rules
from generator.resources import PACKAGE_DIR

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
# Every folder of rules under generator/rules: one per language (generator/rules/es ...).
RULES_ROOT = PACKAGE_DIR / "rules"
FOLDERS = sorted({p.parent for p in RULES_ROOT.rglob("vague-sourcing.yml")})
DETECTORS = {folder: Detector(folder) for folder in FOLDERS}
RULES = [(folder, cat, rule) for folder in FOLDERS for cat, c in load_rules(folder).items() for rule in c.rules]
# with their trigger words (generator.detection.ruleset)
PREPARED = {(folder, r.category, r.id): r for folder, d in DETECTORS.items() for r in d.rules}


def _name(folder: Path, *parts: str) -> str:
    """A test id: the folder below generator/rules first (es/category/rule), none for rules kept in that folder itself."""
    return "/".join(p for p in (*folder.relative_to(RULES_ROOT).parts, *parts) if p)


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
    for folder, cat, rule in RULES:
        assert rule.source is not None
        for i, example in enumerate(getattr(rule.source.examples, kind), 1):
            out.append(pytest.param(folder, cat, rule.id, example, id=_name(folder, cat, rule.id, f"{kind}-{i}")))
    return out


@pytest.mark.parametrize(("folder", "category", "rule_id", "example"), _cases("match"))
def test_match_example_is_found(folder: Path, category: str, rule_id: str, example: str) -> None:
    text, span = unmark(example)
    found = [f for f in DETECTORS[folder].detect(text) if f.category == category]
    shown = [(text[f.start:f.end], f.rule) for f in found]
    assert found, f"{rule_id}: nothing of {category} found in {text!r}"
    if span is not None:
        hits = [f for f in found if f.start < span[1] and span[0] < f.end]
        assert hits, f"{rule_id}: expected a finding on {text[span[0]:span[1]]!r}, got {shown}"


@pytest.mark.parametrize(("folder", "category", "rule_id", "example"), _cases("no_match"))
def test_no_match_example_stays_quiet(folder: Path, category: str, rule_id: str, example: str) -> None:
    text, _ = unmark(example)
    found = [(text[f.start:f.end], f.rule) for f in DETECTORS[folder].detect(text) if f.category == category]
    assert not found, f"{rule_id}: no_match example {text!r} produced {found}"


@pytest.mark.parametrize(("folder", "category", "rule_id"),
                         [pytest.param(f, c, r.id, id=_name(f, c, r.id)) for f, c, r in RULES])
def test_rule_has_both_kinds_of_example_and_trigger_words(folder: Path, category: str, rule_id: str) -> None:
    rule = next(r for f, c, r in RULES if f == folder and c == category and r.id == rule_id)
    assert rule.source is not None
    assert rule.source.examples.no_match, f"{rule_id}: add no_match examples (hard negatives) to the rule"
    # Without trigger words a rule runs over the whole text: correct, but it slows detection down.
    assert PREPARED[folder, category, rule_id].triggers, (f"{rule_id}: no literal word is required by every match; "
                                                          "start each pattern with, or include, a fixed word or a list of words")


def test_every_alternative_of_every_rule_has_trigger_words() -> None:
    bare = [_name(f, c, i) for (f, c, i), r in PREPARED.items() if not r.alternatives]
    assert bare == [], "these rules run over the whole text: give each pattern a fixed word or a list of words"


def test_rule_ids_are_unique_within_a_category() -> None:
    for folder in FOLDERS:
        for cat, c in load_rules(folder).items():
            ids = [r.id for r in c.rules]
            assert len(ids) == len(set(ids)), _name(folder, cat)


def test_every_language_folder_has_its_examples_collected() -> None:
    # the Spanish set is found beside the English one, so its examples run in CI
    assert len(FOLDERS) >= 2 and RULES_ROOT / "es" in FOLDERS
