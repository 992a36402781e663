"""Worst cases: input built to make a stage take super-linear time, timed at growing sizes.

Each case is a named generator of hostile input at a given size (in bytes of
article text) and the pipeline stage it feeds, run in this process on the
real code. ``tests/test_detect_linear.py`` runs the detection cases at two
small sizes and fails when the time grows much faster than the size; this
script runs them at the sizes of issue 18 and prints the times and the ratio
of each size's time to the first one's (linear growth: the ratio of the
sizes).

Usage::

    python bench/worst_case.py                          # every case, at its benchmark sizes
    python bench/worst_case.py --case sentence-end-dots # one case (repeatable)
    python bench/worst_case.py --json times.json        # also save the figures
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

Run = Callable[[], object]
KB = 1000


@dataclass(frozen=True)
class Case:
    """A hostile input family: ``make(size)`` prepares the input (not timed) and returns the stage to time."""

    name: str
    about: str
    make: Callable[[int], Run]
    sizes: tuple[int, ...]  # benchmark sizes, in bytes of hostile input
    test_size: int  # the complexity test runs this size and four times it


# --- detection: the sentence splitter, the trigger scan and every rule's expression -------------------------

def _detect(text: str) -> Run:
    from generator.detection.engine import Detector

    detector = Detector()
    return lambda: detector.detect(text)


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def rule_examples(lang: str = "en") -> list[str]:
    """The text each rule's match examples mark (or the whole example), without the full stop that ends it."""
    from generator.detection.rules import load_rules

    out = []
    for category in load_rules(lang).values():
        for rule in category.rules:
            assert rule.source is not None
            for example in rule.source.examples.match:
                marked = re.search(r"\[\[(.*?)\]\]", example)
                out.append(marked.group(1) if marked else re.sub(r"[.!?]+\W*$", "", example))
    return out


def sentence_end_dots(size: int) -> Run:
    return _detect(_repeat(".", size, "Wait", "x"))


def cue_phrases_one_sentence(size: int) -> Run:
    """Every rule's example phrases, over and over, in one sentence that never ends."""
    return _detect(_repeat(", ".join(rule_examples()) + ", ", size))


def phrase_one_sentence(size: int) -> Run:
    return _detect(_repeat("according to sources familiar with the talks, ", size))


def hyphen_chain(size: int) -> Run:
    return _detect(_repeat("May-", size))


def capitalised_words(size: int) -> Run:
    return _detect(_repeat("Aa ", size, "officials from "))


def folded_characters(size: int) -> Run:
    return _detect(_repeat("İnsiders say ſources ", size))


def abbreviations(size: int) -> Run:
    return _detect(_repeat("Mr. U.S. ", size))


DETECTION_CASES: list[Case] = [
    Case("sentence-end-dots", "`Wait` + N full stops + `x`", sentence_end_dots, (10 * KB, 40 * KB, 100 * KB), 10 * KB),
    Case("cue-phrases-one-sentence", "every rule's example phrases repeated in one sentence", cue_phrases_one_sentence,
         (10 * KB, 40 * KB, 100 * KB), 10 * KB),
    Case("phrase-one-sentence", "`according to sources familiar with the talks, ` repeated", phrase_one_sentence,
         (10 * KB, 40 * KB, 100 * KB), 10 * KB),
    Case("hyphen-chain", "`May-May-May-…` (one word for white space, a trigger in every piece)", hyphen_chain,
         (10 * KB, 40 * KB, 100 * KB), 10 * KB),
    Case("capitalised-words", "`officials from Aa Aa Aa …` (a name that never ends)", capitalised_words,
         (10 * KB, 40 * KB, 100 * KB), 10 * KB),
    Case("folded-characters", "`İnsiders say ſources …` (characters that change when lower-cased)", folded_characters,
         (10 * KB, 40 * KB, 100 * KB), 10 * KB),
    Case("abbreviations", "`Mr. U.S. Mr. U.S. …` (full stops that do not end a sentence)", abbreviations,
         (10 * KB, 40 * KB, 100 * KB), 10 * KB),
]

CASES: list[Case] = [*DETECTION_CASES]
BY_NAME = {c.name: c for c in CASES}


def timed(run: Run, repeats: int = 1) -> float:
    """Best wall time of ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=sorted(BY_NAME), help="run only this case (repeatable)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per size; the best is kept (default 3)")
    parser.add_argument("--json", type=Path, help="also save the figures to this file")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    print(f"# load {os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}")
    for case in [BY_NAME[n] for n in args.case] if args.case else CASES:
        row: dict[str, float] = {}
        for size in case.sizes:
            seconds = timed(case.make(size), args.repeats)
            row[str(size)] = seconds
            first = case.sizes[0]
            ratio = f"x{seconds / row[str(first)]:5.1f} time for x{size / first:4.1f} input" if size != first else ""
            print(f"{case.name:26} {size // KB:>6} KB  {seconds:9.3f} s  {ratio}", flush=True)
        results[case.name] = row
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
