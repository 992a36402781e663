"""Detection quality: precision, recall and F1 per category against gold files.

Sets (each a folder of ``*.gold.yml`` beside its texts, format of
``docs/annotation-guide.md``): ``bench/sample`` (the sample article),
``bench/devset`` (news), ``bench/devset-genres`` (press releases, columns,
transcripts, rumour roundups, social threads, science releases, court
reports), ``bench/devset-encyclopedic`` (reference and essay prose) and
``bench/devset-es`` (Spanish news). Each set is scored with the rules of its
language, ``generator/rules/<lang>/`` (``LANGUAGES``: the Spanish set with the
Spanish rules, every other set with the English ones).
A folder with a ``split.yml`` is reported in two parts, ``tuning`` and
``held-out``, as that file lists them; a folder without one is one part,
``all``.

**Which figures are optimistic.** The rules were tuned while looking at the
tuning parts' texts, gold spans and misses, and at the sample: their figures
say how well the rules fit what they were fitted to. Only the held-out parts
estimate quality on text nobody tuned for. ``-v`` therefore lists misses and
false positives of the tuning parts (and the sample) only; ``--show-held-out``
also lists the held-out ones, which spends them as a test: whoever reads
them can no longer report those parts as unseen.

Scoring, as the annotation guide and issue 3 define it:

* a finding is a true positive when it overlaps a non-optional gold span of
  its category; a finding that overlaps only optional spans of its category
  is neutral (left out of precision); any other finding is a false positive;
* a finding longer than one sentence never counts as a hit (it is a false
  positive);
* recall is the share of non-optional gold spans overlapped by at least one
  counting finding of their category.

Sentence level (the encyclopedic set, as in the CoNLL-2010 weasel task): a
sentence is positive when it holds a non-optional gold span of any category,
and predicted positive when any finding, of any category, overlaps it.

Usage::

    python bench/quality.py                        # every set
    python bench/quality.py --gold-dir DIR ...     # other gold folders (split.yml honoured)
    python bench/quality.py a.gold.yml b.gold.yml  # particular gold files
    python bench/quality.py --markdown out.md -v   # also write Markdown; list tuning misses
    python bench/quality.py --part tuning -v       # while tuning: the tuning parts (and the sample) only
    python bench/quality.py --rules OLD_RULES_DIR  # score another rules folder, e.g. a copy from before a change
    python bench/quality.py --gold-dir DIR --lang es  # a folder of Spanish gold files (devset-es is known to be Spanish)

Targets (issues 3, 16 and 17): the sample P >= 0.95 and R >= 0.95; the
held-out parts of the news, genre and Spanish sets P >= 0.90 and R >= 0.85,
per category.
They are benchmarks, so this script reports and does not fail unless
``--check`` is given.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
SETS = ("sample", "devset", "devset-genres", "devset-encyclopedic", "devset-es")
LANGUAGES = {"devset-es": "es"}  # set -> language of its texts; the others are English
SENTENCE_SETS = frozenset(["devset-encyclopedic"])
HELD_OUT = "held-out"
# (set, part) -> (minimum precision, minimum recall), per category
TARGETS = {("sample", "all"): (0.95, 0.95), ("devset", HELD_OUT): (0.90, 0.85),
           ("devset-genres", HELD_OUT): (0.90, 0.85), ("devset-es", HELD_OUT): (0.90, 0.85)}

sys.path.insert(0, str(REPO))
from generator.article import parse_article  # noqa: E402
from generator.detection.engine import Detector, Finding, sentence_starts  # noqa: E402
from generator.resources import RULES_DIR  # noqa: E402
from generator.spec.lesson import CATEGORIES  # noqa: E402

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_OPENS = re.compile(r"\s*[\"“‘'(\[]*[A-Z]")


@dataclass
class Span:
    category: str
    start: int
    end: int
    text: str
    optional: bool = False


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    tp: int = 0
    fp: int = 0
    hit: int = 0
    neutral: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("gold", "found", "tp", "fp", "hit", "neutral"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.false += other.false

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Part:
    """One part of a set (tuning, held-out or all) and what was measured on it."""

    name: str
    part: str
    files: list[Path]
    lang: str = "en"
    tallies: dict[str, Tally] = field(default_factory=dict)
    sentences: Tally | None = None
    n_sentences: int = 0


def load_gold(path: Path) -> tuple[Path, str, list[Span]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    article = (path.parent / data["article"]).resolve()
    text = article.read_bytes().decode("utf-8")
    spans = []
    for s in data.get("spans") or []:
        span = Span(s["category"], int(s["start"]), int(s["end"]), s.get("text", ""), bool(s.get("optional", False)))
        if span.text and text[span.start:span.end] != span.text:
            raise SystemExit(f"{path}: span {span.text!r} does not match the article at {span.start}:{span.end} "
                             f"({text[span.start:span.end]!r})")
        if span.category not in CATEGORIES:
            raise SystemExit(f"{path}: unknown category {span.category!r}")
        spans.append(span)
    return article, text, spans


def _overlaps(a: Finding | Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def one_sentence(f: Finding, starts: list[int]) -> bool:
    """True when the finding does not run past the start of a following sentence."""
    return not any(f.start < s < f.end for s in starts)


def score(text: str, spans: list[Span], findings: list[Finding], name: str) -> dict[str, Tally]:
    starts = sentence_starts(text)
    out = {c: Tally() for c in CATEGORIES}
    for c in CATEGORIES:
        t = out[c]
        gold = [s for s in spans if s.category == c]
        mine = [f for f in findings if f.category == c]
        t.found = len(mine)
        counting = []
        for f in mine:
            phrase = " ".join(text[f.start:f.end].split())
            ok = one_sentence(f, starts)
            if ok and any(_overlaps(f, g) for g in gold if not g.optional):
                t.tp += 1
                counting.append(f)
            elif ok and any(_overlaps(f, g) for g in gold):
                t.neutral += 1
            else:
                t.fp += 1
                t.false.append(f"{name}: FP {c} “{phrase}” ({f.rule})")
        for g in gold:
            if g.optional:
                continue
            t.gold += 1
            if any(_overlaps(f, g) for f in counting):
                t.hit += 1
            else:
                t.misses.append(f"{name}: FN {c} “{' '.join(g.text.split())}”")
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end), split by paragraph, then as the detector splits them.

    A boundary the detector finds before a word that does not start with a
    capital letter ("E.V. 1799", "c. 1748") is not one here: scoring should
    not depend on the detector's abbreviation list.
    """
    out = []
    bounds = [0, *(x for m in _PARAGRAPH.finditer(text) for x in (m.start(), m.end())), len(text)]
    for base, stop in zip(bounds[::2], bounds[1::2], strict=True):
        para = text[base:stop]
        cuts = [s for s in sentence_starts(para) if s == 0 or _OPENS.match(para, s)] + [len(para)]
        for a, b in pairwise(cuts):
            chunk = para[a:b]
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip())
                out.append((base + a + lead, base + a + len(chunk.rstrip())))
    return out


def score_sentences(text: str, spans: list[Span], findings: list[Finding], name: str) -> Tally:
    """Sentence-level P/R: gold positive = holds a required span; predicted = a finding overlaps it."""
    t = Tally()
    for a, b in sentences(text):
        gold = any(s.start < b and a < s.end for s in spans if not s.optional)
        mine = [f for f in findings if f.start < b and a < f.end]
        shown = " ".join(text[a:b].split())
        t.gold += gold
        t.found += bool(mine)
        if gold and mine:
            t.tp += 1
            t.hit += 1
        elif mine:
            t.fp += 1
            cues = ", ".join(f"“{' '.join(text[f.start:f.end].split())}” ({f.rule})" for f in mine)
            t.false.append(f"{name}: FP sentence {cues}: {shown}")
        elif gold:
            t.misses.append(f"{name}: FN sentence: {shown}")
    return t


def evaluate(part: Part, by_sentence: bool, detector: Detector) -> None:
    part.tallies = {c: Tally() for c in CATEGORIES}
    part.sentences = Tally() if by_sentence else None
    for path in part.files:
        article, text, spans = load_gold(path)
        parsed = parse_article(text, article)
        findings = detector.detect(text, [(b.start, b.end) for b in parsed.blocks])
        for c, t in score(text, spans, findings, article.name).items():
            part.tallies[c].add(t)
        if part.sentences is not None:
            part.n_sentences += len(sentences(text))
            part.sentences.add(score_sentences(text, spans, findings, article.name))


def rules_folder(lang: str) -> Path:
    """The rules of a language: ``generator/rules/<lang>/``, or the English rules where they are kept."""
    if (RULES_DIR / lang / "common.yml").is_file():
        return RULES_DIR / lang
    if lang == "en":
        return RULES_DIR
    raise SystemExit(f"no rules for language {lang!r}: no folder {RULES_DIR / lang}")


def parts_of(name: str, folder: Path, lang: str | None = None) -> list[Part]:
    """The set's parts as its split.yml lists them (tuning first), or one part ``all``, in ``lang`` (default: the
    set's language in LANGUAGES, else English)."""
    lang = lang or LANGUAGES.get(name, "en")
    files = sorted(folder.glob("*.gold.yml"))
    split_file = folder / "split.yml"
    if not split_file.is_file():
        return [Part(name, "all", files, lang)]
    split = yaml.safe_load(split_file.read_text(encoding="utf-8")) or {}
    by_stem = {f.name.removesuffix(".gold.yml"): f for f in files}
    out = []
    for key, part in (("tuning", "tuning"), ("held_out", HELD_OUT)):
        stems = split.get(key) or []
        unknown = [s for s in stems if s not in by_stem]
        if unknown:
            raise SystemExit(f"{split_file}: no gold file for {', '.join(unknown)}")
        out.append(Part(name, part, [by_stem[s] for s in stems], lang))
    listed = {f for p in out for f in p.files}
    if rest := [f for f in files if f not in listed]:
        raise SystemExit(f"{split_file}: {', '.join(f.name for f in rest)} in neither tuning nor held_out")
    return out


def _f(x: float) -> str:
    return f"{x:.2f}"


def _render(head: list[str], rows: list[list[str]], markdown: bool, left: int) -> str:
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    fmt = "  ".join(f"{{:<{w}}}" if i < left else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*head), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows])


def table(parts: list[Part], markdown: bool) -> str:
    head = ["set", "part", "files", "category", "gold", "found", "TP", "FP", "neutral", "P", "R", "F1"]
    rows = []
    for p in parts:
        for c, t in p.tallies.items():
            rows.append([p.name, p.part, str(len(p.files)), c, str(t.gold), str(t.found), str(t.tp), str(t.fp),
                         str(t.neutral), _f(t.precision), _f(t.recall), _f(t.f1)])
    return _render(head, rows, markdown, left=4)


def sentence_table(parts: list[Part], markdown: bool) -> str:
    head = ["set", "part", "files", "sentences", "positive", "predicted", "TP", "FP", "FN", "P", "R", "F1"]
    rows = []
    for p in parts:
        t = p.sentences
        if t is None:
            continue
        rows.append([p.name, p.part, str(len(p.files)), str(p.n_sentences), str(t.gold), str(t.found), str(t.tp), str(t.fp),
                     str(t.gold - t.hit), _f(t.precision), _f(t.recall), _f(t.f1)])
    return _render(head, rows, markdown, left=2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="gold files or folders (default: every set under bench/)")
    ap.add_argument("--gold-dir", action="append", type=Path, default=[], help="a folder of *.gold.yml (repeatable)")
    ap.add_argument("--markdown", type=Path, help="also write the tables as Markdown to this file")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list false positives and misses of the tuning parts (and of sets without a split)")
    ap.add_argument("--show-held-out", action="store_true",
                    help="with -v, list the held-out parts' false positives and misses too (they stop being unseen)")
    ap.add_argument("--part", choices=["tuning", HELD_OUT, "all"],
                    help="score only this part of each set (while tuning: --part tuning)")
    ap.add_argument("--sentences", action="store_true",
                    help="score every set at sentence level, not only the encyclopedic one")
    ap.add_argument("--rules", type=Path,
                    help="score every set with this rules folder (default: each set's language's rules); "
                         "compare rule sets with it")
    ap.add_argument("--lang", help="language of the gold folders and files given as arguments (default: by the "
                                   "folder's name, devset-es Spanish, else English)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target of issues 3 and 17 is not met")
    args = ap.parse_args(argv)

    parts: list[Part] = []
    for p in [*args.paths, *args.gold_dir]:
        if p.is_dir():
            parts += parts_of(p.name, p, args.lang)
        elif p.is_file():
            parts.append(Part(p.name.removesuffix(".gold.yml"), "all", [p],
                              args.lang or LANGUAGES.get(p.resolve().parent.name, "en")))
        else:
            raise SystemExit(f"{p}: no such gold file or folder")
    if not parts:
        for name in SETS:
            parts += parts_of(name, BENCH / name)
    if args.part:
        parts = [p for p in parts if p.part == args.part or p.part == "all"]
    detectors: dict[Path, Detector] = {}
    failed = False
    for p in parts:
        if not p.files:
            print(f"{p.name} ({p.part}): no gold files", file=sys.stderr)
            continue
        folder = args.rules or rules_folder(p.lang)
        if folder not in detectors:
            detectors[folder] = Detector(p.lang, folder=folder)
        evaluate(p, args.sentences or p.name in SENTENCE_SETS, detectors[folder])
        if args.verbose and (p.part != HELD_OUT or args.show_held_out):
            for t in [*p.tallies.values(), *([p.sentences] if p.sentences else [])]:
                for line in t.false + t.misses:
                    print(f"[{p.name}/{p.part}] {line}")
        p_min, r_min = TARGETS.get((p.name, p.part), (0.0, 0.0))
        failed |= any(t.precision < p_min or t.recall < r_min for t in p.tallies.values())
    parts = [p for p in parts if p.files]
    out = table(parts, markdown=False)
    if any(p.sentences for p in parts):
        out += "\n\nSentence level (positive: holds a required span; predicted: any finding overlaps it)\n"
        out += sentence_table(parts, markdown=False)
    print(out)
    if args.markdown:
        md = table(parts, markdown=True)
        if any(p.sentences for p in parts):
            md += "\n\n" + sentence_table(parts, markdown=True)
        args.markdown.write_text(md + "\n", encoding="utf-8")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
