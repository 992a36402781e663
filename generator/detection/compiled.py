"""A prepared rule whose expressions are compiled the first time the detector needs them.

Python keeps no compiled expression between processes (only its private
modules could, and they change between versions), so every process compiles
what it uses: about 165 KB of expression source for the English rules, a
third of a second, far more than detecting cues in a news article takes. Most
of it is never needed for one text: a rule runs only where its trigger words
occur (see :mod:`generator.detection.engine`). So each part is compiled on
first use and kept for the life of the detector:

* each **top-level alternative** of a rule as a rule of its own
  (:func:`generator.detection.fastre.branch`), compiled when its trigger
  words occur; at a place where several may match, the detector tries them
  in their order in the rule, which gives the match of the whole expression;
* the **parts around an alternative's lead** (what follows it, and what
  comes before it, reversed), compiled when the lead occurs;
* the **unless exceptions** of a rule, compiled when a match of the rule is
  first checked;
* the **whole expression**, compiled only when a rule is searched through
  every sentence (a rule without trigger words, or a text with characters
  that the scan cannot fold).

:meth:`CompiledRule.compile_all` compiles everything at once, for a process
that is about to fork workers.
"""

from __future__ import annotations

import re
from functools import cached_property

from generator.detection.needs import Alternative
from generator.detection.ruleset import PreparedRule

# Occurrences of a lead (in one text or over several) from which the parts around it are compiled to check
# them there: on fewer places, trying the alternative itself costs less than compiling the check.
FILTER_MIN = 100


class Uncompilable(Exception):
    """A prepared expression that does not compile: only a damaged rule cache holds one (the detector then
    prepares the rules again from the YAML files)."""


def _c(source: str) -> re.Pattern[str]:
    try:
        return re.compile(source, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        raise Uncompilable(f"a prepared expression does not compile: {exc}") from exc


class CompiledRule:
    """A prepared rule with its expressions compiled (re.IGNORECASE) on first use."""

    def __init__(self, rule: PreparedRule) -> None:
        self.prepared = rule
        self.category, self.id, self.order = rule.category, rule.id, rule.order
        self.message, self.question = rule.message, rule.question
        self.alternatives: tuple[Alternative, ...] = rule.alternatives
        self.word_first = rule.word_first
        self._branches: dict[int, re.Pattern[str]] = {}
        self._suffixes: dict[int, re.Pattern[str] | None] = {}
        self._prefixes: dict[int, re.Pattern[str] | None] = {}
        self._seen: dict[int, int] = {}  # occurrences of the lead of each alternative so far (see _worth)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The whole expression."""
        return _c(self.prepared.regex)

    @cached_property
    def before(self) -> tuple[re.Pattern[str], ...]:
        return tuple(map(_c, self.prepared.before))

    @cached_property
    def after(self) -> tuple[re.Pattern[str], ...]:
        return tuple(map(_c, self.prepared.after))

    @cached_property
    def inside(self) -> tuple[re.Pattern[str], ...]:
        return tuple(map(_c, self.prepared.inside))

    @cached_property
    def sentence(self) -> tuple[re.Pattern[str], ...]:
        return tuple(map(_c, self.prepared.sentence))

    def branch(self, k: int) -> re.Pattern[str]:
        """Top-level alternative ``k`` as a rule of its own (the whole expression when it is the only one)."""
        if not self.prepared.branches:
            return self.regex
        found = self._branches.get(k)
        if found is None:
            found = self._branches[k] = _c(self.prepared.branches[k])
        return found

    def suffix(self, k: int, occurrences: int = FILTER_MIN) -> re.Pattern[str] | None:
        """What follows the lead of alternative ``k``, from the lead on, to check at ``occurrences`` places (see
        :meth:`_worth`). None when there is nothing to check: no lead, or a lead that starts the alternative
        (trying the alternative there checks the same), or a check not worth compiling yet."""
        if k not in self._suffixes:
            source = self.prepared.suffixes[k]
            if source is not None and self.alternatives[k].item == 0:
                source = None
            if source is not None and not self._worth(k, occurrences):
                return None
            self._suffixes[k] = None if source is None else _c(source)
        return self._suffixes[k]

    def prefix(self, k: int, occurrences: int = FILTER_MIN) -> re.Pattern[str] | None:
        """What comes before the lead of alternative ``k``, reversed, to check at ``occurrences`` places. None
        when there is nothing to check, or when the check is not worth compiling yet."""
        if k not in self._prefixes:
            source = self.prepared.prefixes[k]
            if source is not None and not self._worth(k + len(self.alternatives), occurrences):
                return None
            self._prefixes[k] = None if source is None else _c(source)
        return self._prefixes[k]

    def _worth(self, part: int, occurrences: int) -> bool:
        """Whether a check around a lead is worth compiling: it only narrows down where the alternative is tried,
        which pays for the compilation only over many occurrences of the lead, counted over every text this
        detector has seen (a long build compiles the checks of its common leads early on)."""
        seen = self._seen[part] = self._seen.get(part, 0) + occurrences
        return seen >= FILTER_MIN

    def compile_all(self) -> None:
        """Compile every expression of the rule now."""
        for k in range(len(self.alternatives)):
            self.branch(k)
            self.suffix(k)
            self.prefix(k)
        self.__dict__.update(regex=self.regex, before=self.before, after=self.after, inside=self.inside,
                             sentence=self.sentence)

    @property
    def compiled(self) -> int:
        """How many of the rule's expressions are compiled so far (each list of exceptions counts as one)."""
        return (len(self._branches) + sum(v is not None for v in (*self._suffixes.values(), *self._prefixes.values()))
                + sum(name in self.__dict__ for name in ("regex", "before", "after", "inside", "sentence")))

    @property
    def triggers(self) -> frozenset[str]:
        """Strings one of which every match contains (empty when there are none)."""
        return frozenset().union(*((a.lead or a.needs[0]).words for a in self.alternatives))
