"""The plain engine: every rule's expression, compiled by :func:`re.compile` as the loader wrote it, searched
again and again through every sentence. It is the specification of :mod:`generator.detection.engine`, which
must find exactly the same (the tests compare the two); it is far slower and never used for real work."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.detection.findings import Finding, Frame, resolve, search, sentences
from generator.detection.rules import DEFAULT_LANG, RuleSource, load_rules
from generator.detection.sentences import sentence_starts


@dataclass(frozen=True)
class PlainRule:
    category: str
    id: str
    order: int
    message: str
    question: str
    regex: re.Pattern[str]
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    inside: tuple[re.Pattern[str], ...]
    sentence: tuple[re.Pattern[str], ...]
    source: RuleSource

    @classmethod
    def of(cls, rule: RuleSource) -> PlainRule:
        def c(source: str) -> re.Pattern[str]:
            return re.compile(source, re.IGNORECASE)

        return cls(rule.category, rule.id, rule.order, rule.message, rule.question, c(rule.regex),
                   tuple(map(c, rule.before)), tuple(map(c, rule.after)), tuple(map(c, rule.inside)),
                   tuple(map(c, rule.sentence)), rule)


class ReferenceDetector:
    """Detects what :class:`generator.detection.engine.Detector` detects, the plain way."""

    def __init__(self, lang: str = DEFAULT_LANG, *, folder: Path | None = None) -> None:
        self.rules = [PlainRule.of(r) for cat in load_rules(lang, folder).values() for r in cat.rules]
        self.order = {(r.category, r.id): r.order for r in self.rules}

    def detect(self, text: str, blocks: list[tuple[int, int]] | None = None) -> list[Finding]:
        frame = Frame.of(text, sentence_starts(text), blocks)
        ranges = sentences(frame)
        candidates: list[Finding] = []
        for rule in self.rules:
            search(frame, rule, ranges, candidates)
        return resolve(candidates, self.order)
