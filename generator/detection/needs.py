"""What a rule needs in a text before it can match: the plain data that :mod:`generator.detection.triggers`
derives from the rules' expressions, and that the detector reads from the rule cache.

Kept apart from the derivation so that a detector whose rules come from the
cache imports neither the expression parser nor the rewriting code.
"""

from __future__ import annotations

from dataclasses import dataclass

WORD_START = " "  # marks a string that always starts a word (the scan finds those fast)
# Characters that re.IGNORECASE matches with an ASCII letter but str.lower() does not turn into it
# (tests/test_detect_engine.py checks this against the engine); the scan folds them before lower-casing.
FOLD = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}


@dataclass(frozen=True)
class Need:
    """One of ``words`` occurs in every match, after at most ``runs`` runs of white space (None: no bound).

    A word that always starts a word in the text begins with WORD_START.
    """

    words: frozenset[str]
    runs: int | None


Chain = tuple[Need, ...]


@dataclass(frozen=True)
class Alternative:
    """What every match of one top-level alternative contains (see :mod:`generator.detection.triggers`).

    ``lead`` holds the strings that top-level item number ``item`` always starts
    with and the runs of white space before that item; None when no item qualifies.
    """

    needs: Chain
    item: int = -1
    lead: Need | None = None

    @property
    def anchor(self) -> Need:
        """The lead or need closest to the start of a match (fewest runs of white space before it)."""
        bounded = [(n.runs, n) for n in self.needs if n.runs is not None]
        if self.lead is not None and self.lead.runs is not None and all(self.lead.runs <= r for r, _ in bounded):
            return self.lead
        if bounded:
            return min(bounded, key=lambda b: b[0])[1]
        return self.lead or self.needs[0]
