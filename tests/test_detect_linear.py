"""Detection takes time that grows linearly with its input, whatever the input (a complexity test, not a speed
target).

Each detection case of ``bench/worst_case.py``, each rule's example phrases
repeated in one sentence that never ends, and each expression the engine
runs over a whole text fed with repeated fragments, is timed at a size and
at four times that size. Linear time grows about fourfold, quadratic time
sixteenfold; the test fails above ten. Times are CPU times of this process
(other processes on the machine barely change them), the best of several
runs, at sizes scaled up until they can be measured.
"""

from __future__ import annotations

import gc
import re
import sys
import time
from collections.abc import Callable

import pytest

from generator.detection import engine, sentences
from generator.detection.engine import Detector
from generator.detection.languages import available_languages
from generator.detection.rules import load_rules
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import worst_case

GROWTH = 4
MARGIN = 10.0
MEASURABLE = 0.005  # seconds of CPU time at the smaller size


def cpu(run: Callable[[], object], repeats: int = 3) -> float:
    """Best CPU time of ``repeats`` runs, without the cyclic garbage collector's pauses."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def growth(make: Callable[[int], Callable[[], object]], size: int, limit: int) -> tuple[int, float, float]:
    """(size, time at size, time at GROWTH x size), the size doubled until the smaller one can be measured."""
    cpu(make(size), 1)  # imports and compiled expressions: not part of the cost
    small = cpu(make(size))
    while small < MEASURABLE and size * 2 <= limit:
        size *= 2
        small = cpu(make(size))
    return size, small, cpu(make(GROWTH * size))


def check(name: str, make: Callable[[int], Callable[[], object]], size: int) -> None:
    size, small, large = growth(make, size, 16 * size)
    if large / small > MARGIN:  # once more before failing: the core may have been busy
        size, small, large = growth(make, size, size)
    assert large / small <= MARGIN, (f"{name}: {small:.4f} s at {size:,} characters, {large:.4f} s at "
                                     f"{GROWTH * size:,} ({large / small:.1f} times for {GROWTH} times the input)")


@pytest.mark.parametrize("name", [c.name for c in worst_case.DETECTION_CASES])
def test_worst_case_grows_linearly(name: str) -> None:
    case = worst_case.BY_NAME[name]
    check(name, case.make, case.test_size)


def _rules() -> list[tuple[str, str, list[str]]]:
    out = []
    for lang in available_languages():
        for cat in load_rules(lang).values():
            for rule in cat.rules:
                assert rule.source is not None
                phrases = [re.sub(r"\[\[|\]\]", "", re.sub(r"[.!?]+\W*$", "", e)) for e in rule.source.examples.match]
                out.append((lang, rule.id, phrases))
    return out


DETECTORS = {lang: Detector(lang) for lang in available_languages()}


@pytest.mark.parametrize(("lang", "rule_id", "phrases"), _rules(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_rules_phrases_in_one_long_sentence_take_linear_time(lang: str, rule_id: str, phrases: list[str]) -> None:
    detector = DETECTORS[lang]

    def make(size: int) -> Callable[[], object]:
        unit = ", ".join(phrases) + ", "
        text = unit * max(1, size // len(unit))
        return lambda: detector.detect(text)

    check(f"{lang}/{rule_id}", make, 4000)


FRAGMENTS = ["a", " ", ".", "..", ". ", ".)", "’", "-", "İ", "\n", "Mr. ", "U.S.", "sources ", "according to ", "Aa ",
             "\u0301"]


def _patterns() -> dict[str, re.Pattern[str]]:
    scan = DETECTORS["en"].scan
    assert scan is not None
    return {"sentence end": sentences._END, "trigger scan": scan, "word starts": engine._WORD_STARTS,
            "boundaries": engine._BOUNDARIES, "folds": engine._FOLDS}


@pytest.mark.parametrize("name", sorted(_patterns()))
def test_every_expression_run_over_a_whole_text_takes_linear_time(name: str) -> None:
    pattern = _patterns()[name]
    for fragment in FRAGMENTS:
        def make(n: int, fragment: str = fragment) -> Callable[[], object]:
            subject = "x" + fragment * n + "y"
            return lambda: sum(1 for _ in pattern.finditer(subject))

        check(f"{name} on {fragment!r} repeated", make, 8000)


def test_the_sentence_splitter_takes_linear_time_on_full_stops() -> None:
    check("sentence_starts", lambda n: lambda: sentences.sentence_starts("Wait" + "." * n + "x"), 10_000)
