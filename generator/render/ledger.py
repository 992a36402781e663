"""The sourcing ledger: every attribution in an article, for the lesson's *Sources* view.

Each entry says who is cited, whether the article names them, how they would
know (as far as the article says) and whether a reader could check. Entries
come from three places, in this order of precedence where they overlap:

1. the lesson's optional ``sources:`` list, written by the teacher;
2. the lesson's vague-sourcing callouts (hand-written or detected): unnamed;
3. attribution patterns for named sources: "<Name> said", "said <Name>",
   "according to <Name>", "<Name>'s remarks", using the ``SAYS`` macro of
   ``generator/rules/common.yml``.

Like a callout, an entry marks a place to ask, not a verdict.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations

from generator.article import Article
from generator.callouts import Callouts, anchor
from generator.detection.engine import OPENERS, sentence_starts
from generator.detection.rules import common_macros, rules_dir
from generator.errors import MedialitError, Problem
from generator.spec.language import N_
from generator.spec.lesson import LessonSpec

_TOKEN = r"[A-Z][\w.-]*(?:[’'](?!s\b)\w+)*"
_SEQ = rf"{_TOKEN}(?:\s+(?:(?:of|for|and|on|de|del|van|von|der|la|le)\s+)?{_TOKEN}){{0,6}}"
# "the Weather Service office in Grand Falls": a named body's office, staff or spokesperson
_NAMES = rf"{_SEQ}(?:\s+(?:office|offices|spokesperson|spokesman|spokeswoman|staff|team)(?:\s+(?:in|at|of)\s+{_SEQ})?)?"
_ACCESS = re.compile(
    r"\b(?:with (?:direct )?(?:access to|knowledge of)|privy to|familiar with|close to|briefed on|inside|within|"
    r"who (?:attended|saw|witnessed|took part in|(?:was|were) (?:at|in|present)))\s+[^,.;:!?\"“”()]{1,80}", re.I)
# Capitalised words that start a sentence or name a time, not a source
_NOT_NAMES = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tomorrow", "however", "meanwhile", "if", "when", "while", "as", "after", "before", "although", "though", "because", "since", "unless", "until", "nobody", "neither", "none", "nothing", "everyone", "everybody", "someone", "somebody", "anyone", "no", "not", "both", "each", "many", "most", "some", "several", "few", "others", "other", "still", "also", "then", "now", "what", "who", "why", "how"])

# The ledger's default answers, translated into the lesson's language where they are used.
NAMED_HOW = N_("The article does not say.")
NAMED_CHECK = N_("Yes: look for the source's own statement, or other reports of it.")
UNNAMED_CHECK = N_("No: a reader cannot tell who they are.")


@dataclass
class Entry:
    start: int
    end: int
    text: str
    who: str
    named: bool
    how: str
    check: str
    origin: str  # "lesson" (the spec's sources:), "callout" (a vague-sourcing callout) or "detected"
    callout: int = 0  # number of the vague-sourcing callout it comes from
    number: int = 0


@lru_cache(maxsize=4)
def _macro(name: str) -> str:
    """A shared macro of the detection rules (``SAYS``, ``SOURCE``), from ``common.yml``."""
    common = common_macros()
    if name not in common:
        raise MedialitError(f"common.yml has no macro {name!r}, which the sourcing ledger uses", rules_dir() / "common.yml",
                            hint=f"define {name} under macros: in common.yml")
    return common[name]


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    says = _macro("SAYS")
    return [
        re.compile(rf"\b(?P<who>{_NAMES})(?:,[^,.;:!?\"“”]{{1,80}},)?\s+(?:has\s+|had\s+)?(?i:{says})\b"),
        re.compile(rf"\b(?i:said|added|according\s+to)\s+(?:the\s+)?(?P<who>{_NAMES})"),
        re.compile(rf"\b(?P<who>{_NAMES})[’']s\s+(?:\w+\s+){{0,2}}(?i:remarks|statement|comments|interview|post|report|"
                   rf"announcement|testimony|letter|filing|press release)\b"),
    ]


def _clean_name(who: str) -> str:
    words = who.split()
    while words and (words[0] in OPENERS or words[0].lower() in _NOT_NAMES):
        words = words[1:]
    return " ".join(words).rstrip(".’'")


@lru_cache(maxsize=1)
def _unnamed_word() -> re.Pattern[str]:
    return re.compile(rf"(?:{_macro('SOURCE')})", re.I)


def named_attributions(text: str, blocks: list[tuple[int, int]], tr: NullTranslations | None = None) -> list[Entry]:
    """Attributions to a named person or organisation, one per place, inside one sentence and block.

    ``tr`` translates the entries' default answers (default: as written, in English).
    """
    tr = tr or NullTranslations()
    starts = sentence_starts(text)
    found: dict[tuple[int, int], Entry] = {}
    for pattern in _patterns():
        for lo, hi in blocks:
            for m in pattern.finditer(text, lo, hi):
                who = _clean_name(m.group("who"))
                if not who or who.lower() in _NOT_NAMES or _unnamed_word().fullmatch(who.split()[-1]):
                    continue
                following = bisect_right(starts, m.start())
                if following < len(starts) and starts[following] < m.end():
                    continue  # runs across a sentence boundary
                end = m.end()
                if text[end - 1] == "." and not re.search(r"\.\w+\.$", text[m.start():end]):
                    end -= 1  # a full stop, not part of an abbreviation such as "U.S."
                phrase = " ".join(text[m.start():end].split())
                found.setdefault((m.start(), end), Entry(m.start(), end, phrase, " ".join(who.split()), True,
                                                         tr.gettext(NAMED_HOW), tr.gettext(NAMED_CHECK), "detected"))
    return sorted(found.values(), key=lambda e: (e.start, -e.end))


def unnamed_who(phrase: str) -> str:
    """The cited people of an unnamed attribution: the phrase without its verb and access clause."""
    says = _macro("SAYS")
    who = re.sub(r"^(?:(?:said|says|according to)\s+)", "", phrase, flags=re.I)
    who = _ACCESS.sub("", who)
    who = re.sub(r",?\s+(?:who|speaking|spoke)\b.*$", "", who, flags=re.I)
    if not re.search(r"\bnot\s+\S+$", who):  # "the name ... was not revealed" names no one
        who = re.sub(rf"(?:\s+(?:are|is|have|has|had|were|was|already|also|privately|now))*\s+(?:{says})$", "", who, flags=re.I)
    who = " ".join(who.split()).strip(" ,")
    return who or phrase


def how_they_know(phrase: str, tr: NullTranslations) -> str:
    """What the article says about the source's access, from the attribution itself, in the language of ``tr``."""
    m = _ACCESS.search(phrase)
    return tr.gettext("The article says: “%(words)s”.") % {"words": " ".join(m.group(0).split())} if m else tr.gettext(NAMED_HOW)


def ledger(spec: LessonSpec, article: Article, callouts: Callouts, tr: NullTranslations) -> list[Entry]:
    """Every attribution of the article, in reading order and numbered; default answers in the language of ``tr``."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for i, src in enumerate(spec.lesson.sources, 1):
        try:
            m = anchor(spec, article, src, f"sources {i}:")
        except MedialitError as exc:
            problems += exc.problems
            continue
        phrase = " ".join(article.text[m.start:m.end].split())
        entries.append(Entry(m.start, m.end, phrase, src.who, src.named,
                             src.how or (tr.gettext(NAMED_HOW) if src.named else how_they_know(phrase, tr)),
                             src.check or tr.gettext(NAMED_CHECK if src.named else UNNAMED_CHECK), "lesson"))
    if problems:
        raise MedialitError(problems=problems)

    def free(start: int, end: int) -> bool:
        return not any(e.start < end and start < e.end for e in entries)

    for c in callouts.items:
        if c.category == "vague-sourcing" and free(c.start, c.end):
            phrase = " ".join(c.text.split())
            entries.append(Entry(c.start, c.end, phrase, unnamed_who(phrase), False, how_they_know(phrase, tr),
                                 tr.gettext(UNNAMED_CHECK), "callout", c.number))
    for e in named_attributions(article.text, [(b.start, b.end) for b in article.blocks], tr):
        if free(e.start, e.end):
            entries.append(e)
    entries.sort(key=lambda e: (e.start, -e.end))
    for n, e in enumerate(entries, 1):
        e.number = n
    return entries
