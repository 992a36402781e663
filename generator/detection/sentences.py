"""Where sentences begin: the unit that every finding and every ``unless`` exception stays inside.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets)
followed by white space. A full stop after a known abbreviation ("U.S.",
"Dr.") or a single initial ends a sentence only when the next word is one
that typically opens a sentence ("The", "He", "But" ...): "the U.S. Congress"
and "U.S.\\nPresident" stay one sentence, "in the U.S. The" does not.

A "sentence" longer than :data:`MAX_SENTENCE` characters (a list without
full stops, or text made to slow the detector down) is cut into pieces of at
most that length, at the last space or line break before the limit. Every
expression the detector runs then sees a bounded stretch of text, so the
time detection takes grows linearly with the text, whatever the text is.
"""

from __future__ import annotations

import re
import string

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "lt", "col", "capt", "cmdr", "sgt", "maj", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "inc", "corp", "co", "ltd", "llc", "bros", "dept", "univ", "assn", "no", "vs", "etc", "approx", "est", "fig", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "d.c", "ph.d", "m.d", "b.a", "m.a"]
)
OPENERS = frozenset(["The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On", "At", "This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "Yet", "So", "Then", "However", "Meanwhile", "After", "When", "As", "If", "Still", "Now", "Later", "Some", "Many", "Most", "One", "Two", "Officials", "Police", "Critics", "Experts", "Analysts", "Sources", "According"])
MAX_SENTENCE = 2000  # characters: longer stretches without a sentence end are cut into pieces
# A run of . ! ? (plus closing quotes/brackets) followed by white space. It is tried only where a run starts
# (the lookbehind), so a long run of full stops is read once, not once per full stop.
_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s)")
_LETTERS_DOTS = string.ascii_letters + "."
_NEXT_WORD = re.compile(r"\s+[\"“‘']?([A-Z][a-z]*)\b")


def _cut(text: str, start: int, end: int, out: list[int]) -> None:
    """Append to ``out`` the places where the stretch [start, end) is cut into pieces of at most MAX_SENTENCE."""
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit)) + 1
        start = cut if cut > start + 1 else limit
        out.append(start)


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin, in order (the first is always 0)."""
    starts = [0]
    for m in _END.finditer(text):
        end = m.end()
        dot = m.start()
        if text[dot] == ".":
            # the word before: letters and full stops, starting with a letter, at most 12 characters back
            before = text[max(0, dot - 12):dot]
            word = before[len(before.rstrip(_LETTERS_DOTS)):].lstrip(".").lower()
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                nxt = _NEXT_WORD.match(text, end)
                if not (nxt and nxt.group(1) in OPENERS):
                    continue
        if end - starts[-1] > MAX_SENTENCE:
            _cut(text, starts[-1], end, starts)
        starts.append(end)
    if len(text) - starts[-1] > MAX_SENTENCE:
        _cut(text, starts[-1], len(text), starts)
    return starts
