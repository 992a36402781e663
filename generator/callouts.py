"""Stage 5 — callouts: hand-written annotations anchored, merged with detection.

Rules of the merge:

* every hand-written annotation must anchor to exactly one place;
* a ``suppress`` entry silences the detected findings it overlaps;
* a hand-written annotation overrides a detected finding of the same
  category that overlaps it;
* spans may nest or coincide, but two may not partly cross; a detected
  finding that would cross another callout is set aside (and listed), two
  hand-written ones that cross are an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.anchoring.quotes import Match, closest, find_all, select
from generator.article import Article
from generator.detection.engine import Finding, detect
from generator.detection.languages import no_rules_message, rules_language
from generator.errors import MedialitError, Problem
from generator.spec.lesson import Annotation, LessonSpec, Source, Suppression
from generator.spec.vocabulary import CATEGORIES


@dataclass
class Callout:
    category: str
    start: int
    end: int
    text: str
    note: str
    origin: str  # "teacher" or "detected"
    rule: str = ""
    question: str = ""
    number: int = 0


@dataclass
class Callouts:
    items: list[Callout]
    set_aside: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # e.g. the lesson's language has no detection rules

    def counts(self) -> dict[str, int]:
        return {c: sum(1 for x in self.items if x.category == c) for c in CATEGORIES}


def _context(article: Article, m: Match) -> str:
    line, col = article.position(m.start)
    snippet = " ".join(article.text[m.start:m.end].split())
    return f"“{snippet}” at {article.path.name}:{line}:{col}"


def anchor(spec: LessonSpec, article: Article, item: Annotation | Suppression | Source, what: str) -> Match:
    """Anchor one quote, or raise with the closest near-miss."""
    line, col = item.mark("quote")
    text = article.text
    candidates = find_all(text, item.quote)
    chosen = select(text, candidates, item.prefix, item.suffix, item.occurrence)
    if len(chosen) == 1:
        m = chosen[0]
        if article.block_at(m.start) is None or article.block_at(m.start) is not article.block_at(m.end - 1):
            raise MedialitError(f"{what} quote runs across two paragraphs of the article", spec.path, line, col,
                                "a callout marks a phrase inside one paragraph; shorten the quote")
        return m
    quote = " ".join(item.quote.split())
    if not chosen and candidates:
        where = ", ".join(_context(article, c).rsplit(" at ", 1)[1] for c in candidates[:5])
        raise MedialitError(f"{what} quote “{quote}” is found ({where}) but not with the prefix/suffix/occurrence given",
                            spec.path, line, col, "check prefix:, suffix: and occurrence: against the article")
    if not chosen:
        near = closest(text, item.quote, prefix=item.prefix, suffix=item.suffix)
        hint = f"did you mean {_context(article, near[0])}?" if near else "copy the phrase exactly from the article"
        raise MedialitError(f"{what} quote “{quote}” is not in {article.path.name}", spec.path, line, col, hint)
    where = ", ".join(_context(article, c).rsplit(" at ", 1)[1] for c in chosen[:5])
    raise MedialitError(f"{what} quote “{quote}” appears {len(chosen)} times ({where})", spec.path, line, col,
                        "add prefix: or suffix: (a few words around it) or occurrence: N to pick one")


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _crosses(a: Callout, b: Callout) -> bool:
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return _overlaps(a.start, a.end, b.start, b.end) and not nested


def build_callouts(spec: LessonSpec, article: Article, findings: list[Finding] | None = None) -> Callouts:
    """All callouts of a lesson, numbered in reading order."""
    lesson = spec.lesson
    problems: list[Problem] = []
    teacher: list[Callout] = []
    marks: dict[int, tuple[int, int]] = {}
    for i, ann in enumerate(lesson.annotations, 1):
        try:
            m = anchor(spec, article, ann, f"annotation {i}:")
        except MedialitError as exc:
            problems += exc.problems
            continue
        teacher.append(Callout(ann.category, m.start, m.end, article.text[m.start:m.end], ann.note, "teacher"))
        marks[id(teacher[-1])] = ann.mark("quote")
    silencers: list[tuple[Match, Suppression]] = []
    for i, sup in enumerate(lesson.suppress, 1):
        try:
            silencers.append((anchor(spec, article, sup, f"suppress {i}:"), sup))
        except MedialitError as exc:
            problems += exc.problems
    for a in teacher:
        for b in teacher:
            if a is not b and a.start < b.start and _crosses(a, b):
                problems.append(Problem(
                    f"annotations “{a.text}” and “{b.text}” partly overlap", str(spec.path), *marks[id(b)],
                    "make one quote contain the other, or shorten one so they do not overlap"))
    if problems:
        raise MedialitError(problems=problems)

    result = Callouts(list(teacher))
    if findings is None:
        findings = []
        if lesson.detect:
            # the rules of the lesson's language: es-MX reads with those of es-mx, else es
            lang = rules_language(spec.language)
            if lang is None:
                line, col = lesson.mark("language") if lesson.language else (0, 0)
                result.warnings.append(Problem(no_rules_message(
                    spec.language, "the detector finds nothing in this lesson's article, so its page shows only the "
                    "teacher's annotations"), str(spec.path), line, col,
                    "write the callouts as annotations, or set detect: false to say so", "warning"))
            else:
                findings = detect(article.text, [(b.start, b.end) for b in article.blocks], lang)
    for f in findings:
        if any(_overlaps(f.start, f.end, m.start, m.end) and (s.category in (None, f.category))
               for m, s in silencers):
            result.suppressed.append(f)
            continue
        if any(t.category == f.category and _overlaps(f.start, f.end, t.start, t.end) for t in teacher):
            continue  # the teacher's annotation overrides it
        c = Callout(f.category, f.start, f.end, article.text[f.start:f.end], f.message, "detected", f.rule, f.question)
        if any(_crosses(c, other) for other in result.items):
            result.set_aside.append(f)
            continue
        result.items.append(c)
    result.items.sort(key=lambda c: (c.start, -c.end, c.category))
    for n, c in enumerate(result.items, 1):
        c.number = n
    return result
