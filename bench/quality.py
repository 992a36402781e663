"""Detection quality: precision, recall and F1 per category against gold files.

Gold files follow ``bench/sample/seed-article.gold.yml``: ``article`` (a path
relative to the gold file) and ``spans`` with ``category``, ``start``,
``end`` (Python str offsets, end exclusive), ``text`` and optional
``optional: true``.

Scoring, as the annotation guide (docs/annotation-guide.md) and issue 3 define it:

* a finding is a true positive when it overlaps a non-optional gold span of
  its category; a finding that overlaps only optional spans of its category
  is neutral (left out of precision); any other finding is a false positive;
* a finding longer than one sentence never counts as a hit (it is a false
  positive);
* recall is the share of non-optional gold spans overlapped by at least one
  counting finding of their category.

Usage::

    python bench/quality.py                       # the sample + bench/devset
    python bench/quality.py --gold-dir DIR ...    # other gold folders
    python bench/quality.py a.gold.yml b.gold.yml # particular gold files or folders
    python bench/quality.py --markdown out.md -v  # also write Markdown; list misses

Targets (issue 3): sample P >= 0.95 and R >= 0.95, dev set P >= 0.90 and
R >= 0.85, per category. They are benchmarks, so this script reports and
does not fail unless ``--check`` is given.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE_GOLD = REPO / "bench" / "sample" / "seed-article.gold.yml"
DEVSET = REPO / "bench" / "devset"
TARGETS = {"sample": (0.95, 0.95), "devset": (0.90, 0.85)}

sys.path.insert(0, str(REPO))
from generator.article import parse_article  # noqa: E402
from generator.detection.engine import Finding, detect, sentence_starts  # noqa: E402
from generator.spec.lesson import CATEGORIES  # noqa: E402


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


def evaluate(gold_files: list[Path]) -> tuple[dict[str, Tally], int]:
    total = {c: Tally() for c in CATEGORIES}
    for path in gold_files:
        article, text, spans = load_gold(path)
        parsed = parse_article(text, article)
        findings = detect(text, [(b.start, b.end) for b in parsed.blocks])
        for c, t in score(text, spans, findings, article.name).items():
            total[c].add(t)
    return total, len(gold_files)


def gold_files(arg: Path) -> list[Path]:
    if arg.is_dir():
        return sorted(arg.glob("*.gold.yml"))
    return [arg]


def table(results: list[tuple[str, int, dict[str, Tally]]], markdown: bool) -> str:
    head = ["set", "articles", "category", "gold", "found", "TP", "FP", "neutral", "P", "R", "F1"]
    rows = []
    for name, n, tallies in results:
        for c, t in tallies.items():
            rows.append([name, str(n), c, str(t.gold), str(t.found), str(t.tp), str(t.fp), str(t.neutral),
                         f"{t.precision:.2f}", f"{t.recall:.2f}", f"{t.f1:.2f}"])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)] if rows else [len(h) for h in head]
    fmt = "  ".join(f"{{:<{w}}}" if i < 3 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*head), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="gold files or folders (default: the sample and bench/devset)")
    ap.add_argument("--gold-dir", action="append", type=Path, default=[], help="a folder of *.gold.yml (repeatable)")
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives and misses")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target of issue 3 is not met")
    args = ap.parse_args(argv)

    sets: list[tuple[str, list[Path]]] = []
    if args.paths or args.gold_dir:
        sets += [(p.stem if p.is_dir() else p.name.removesuffix(".gold.yml"), gold_files(p))
                 for p in [*args.paths, *args.gold_dir]]
    else:
        sets = [("sample", [SAMPLE_GOLD]), ("devset", gold_files(DEVSET))]
    results = []
    failed = False
    for name, files in sets:
        if not files:
            print(f"{name}: no gold files", file=sys.stderr)
            continue
        tallies, n = evaluate(files)
        results.append((name, n, tallies))
        if args.verbose:
            for t in tallies.values():
                for line in t.false + t.misses:
                    print(line)
        p_min, r_min = TARGETS.get(name, (0.0, 0.0))
        failed |= any(t.precision < p_min or t.recall < r_min for t in tallies.values())
    print(table(results, markdown=False))
    if args.markdown:
        args.markdown.write_text(table(results, markdown=True) + "\n", encoding="utf-8")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
