"""Synthetic lessons for the build benchmarks, generated deterministically.

``make_course(root, n)`` writes ``root/lessons/<slug>/`` for ``n`` lessons:
an article of about 600 words (every one distinct: its own town, people,
numbers and sentence order, drawn from a seeded random generator) and a
valid ``lesson.yml`` with about 15 hand-written callouts anchored by quote
(with ``occurrence`` where a phrase repeats). One lesson in four is
Markdown with a heading and a list, the rest plain text, so both article
parsers are exercised. The same ``n`` and ``seed`` give the same bytes.

Run it alone to inspect a course: ``python bench/synth.py DIR --lessons 20``.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

WORDS_TARGET = 600
CALLOUTS_TARGET = 15
CUE_SPREAD = 30  # the cues fall among the first 30 sentences
LEVELS = ("6-8", "9-12", "college")

SYLLABLES = ["har", "lin", "bro", "wick", "den", "mor", "ton", "vale", "ash", "by", "ford", "wen", "dal", "ker", "rin",
             "sel", "ham", "ost", "pen", "quar", "tul", "ev", "gar", "nes"]
FIRST = ["Maria", "Peter", "Dalia", "Jeff", "Amara", "Tomasz", "Ines", "Kwame", "Yuki", "Sofia", "Omar", "Lena", "Rahul",
         "Grace", "Nils", "Ada", "Bruno", "Chiara", "Diego", "Elif", "Farid", "Greta", "Hana", "Ivan"]
LAST = ["Lopez", "Lindqvist", "Okonjo", "Davis", "Chen", "Nowak", "Duarte", "Mensah", "Tanaka", "Rossi", "Haddad",
        "Fischer", "Iyer", "Mwangi", "Berg", "Vance", "Costa", "Moretti", "Ortega", "Yilmaz", "Karimi", "Holm", "Sato"]
ROLES = ["Mayor", "council member", "spokeswoman", "spokesman", "school superintendent", "fire chief", "city engineer",
         "hospital director", "union secretary", "county auditor"]
THINGS = ["the budget", "the new bridge", "the clinic", "the port expansion", "the school merger", "the tax plan",
          "the water project", "the bus contract", "the housing scheme", "the rail line", "the stadium deal",
          "the library renovation", "the flood barrier", "the recycling plant", "the market hall"]
TOPICS = ["local news", "health", "science", "technology", "sports", "business", "politics", "environment"]
VERBS = ["said", "told reporters", "said on Tuesday", "wrote in a statement", "told the council", "said in an interview"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November"]

PLAIN = [
    "{Person}, the {role} of {town}, {verb} that {thing} would cost {n} million dollars over {k} years.",
    "Records filed with the {town} clerk show that {thing} was approved on {month} {d} by {k} votes to {n2}.",
    "The first deliveries for {thing} reached {town} on {month} {d}, the {role} {person} said.",
    "Most of the money went to {thing}, according to the court filing seen by this newspaper.",
    "{Person}, who has lived in {town} for {k} years, said the request was honest and the interest rates were fair.",
    "Rain fell across the west of {town} on {month} {d}, and the forest roads were closed for {k} hours.",
    "As expected, the council passed {thing} on {month} {d}, with {k} members in favour and {n2} against.",
    "In the second phase, the town spent {n} thousand dollars on {thing}, the annual report shows.",
    "The {role}, {Person}, confirmed that {n} residents attended the meeting at the {town} library.",
    "Data published by the state statistics office show that prices in {town} rose {k} percent in {month}.",
    "{Person} {verb} that the work on {thing} had been inspected twice and passed both times.",
    "The meeting on {thing} started at {n2} p.m. and ended after {n2} hours of questions from residents.",
]

# Each cue template holds one [[phrase]] that a teacher would mark, with its category.
CUES: list[tuple[str, str]] = [
    ("According to [[sources familiar with the plans]], {thing} will be delayed until {month}.", "vague-sourcing"),
    ("[[Some experts say]] the decision on {thing} was rushed.", "vague-sourcing"),
    ("[[Critics argue]] that {thing} helps only a few families in {town}.", "vague-sourcing"),
    ("[[A senior official who spoke on condition of anonymity]] said the figures for {thing} were wrong.", "vague-sourcing"),
    ("[[Many believe]] the vote on {thing} was decided before the meeting began.", "vague-sourcing"),
    ("[[Insiders describe]] the talks on {thing} as tense.", "vague-sourcing"),
    ("[[One source said]] that {n} jobs could be cut at the {town} depot.", "vague-sourcing"),
    ("The {role} called {thing} [[a historic moment]] for {town}.", "superlative"),
    ("Supporters say it is [[the biggest project ever]] attempted in the county.", "superlative"),
    ("The plan was described as [[game-changing]] by its backers in {town}.", "superlative"),
    ("It was, one resident wrote online, [[the most important decision of the decade]].", "superlative"),
    ("The cost overrun on {thing} was called [[shocking]] at the {month} hearing.", "superlative"),
    ("Organisers promised [[a revolutionary]] approach to {thing}.", "superlative"),
    ("The contractor [[reportedly]] asked for {k} more weeks to finish {thing}.", "unconfirmed"),
    ("The town [[allegedly]] paid {n} thousand dollars in late fees on {thing}.", "unconfirmed"),
    ("The footage of the {town} protest [[could not be independently verified]].", "unconfirmed"),
    ("The final terms of {thing} [[remain shrouded in secrecy]].", "unconfirmed"),
    ("New equipment for {thing} [[is expected to arrive]] in {month}.", "unconfirmed"),
    ("The {role} [[is likely to]] resign before the end of {month}, a neighbour claimed.", "unconfirmed"),
]

NOTES = {
    "vague-sourcing": ("Who exactly is speaking here, and how would they know? The article gives no name, job or "
                       "document, so a reader cannot check the claim about {thing}. Look for the same claim in "
                       "another outlet that names its source, or in the minutes of the {town} council."),
    "superlative": ("This phrase inflates how much {thing} matters without any comparison a reader can check. Ask: "
                    "compared with what, and measured how? Find the figures for earlier projects in {town} before "
                    "accepting the label."),
    "unconfirmed": ("The article signals that this is not confirmed: it is reported, alleged or still to happen. Ask "
                    "who confirmed it, if anyone, and check a later report or the official record on {thing} in "
                    "{town} to see whether it turned out to be true."),
}


@dataclass
class Cue:
    phrase: str
    category: str
    start: int  # offset into the article text


def _fill(template: str, rnd: random.Random, town: str) -> str:
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    return template.format(
        town=town, Person=f"{first} {last}", person=f"{first} {last}", role=rnd.choice(ROLES), thing=rnd.choice(THINGS),
        verb=rnd.choice(VERBS), month=rnd.choice(MONTHS), d=rnd.randint(1, 28), n=rnd.randint(12, 990),
        n2=rnd.randint(1, 9), k=rnd.randint(2, 48),
    )


def _town(rnd: random.Random, i: int) -> str:
    name = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3)))
    return f"{name.capitalize()} {('Falls', 'Bay', 'Ridge', 'Crossing', 'Heights', 'Mill')[i % 6]}"


def article(i: int, seed: int = 7) -> tuple[str, str, list[Cue], str]:
    """Text, file name, cues and town of lesson ``i``: about 600 words, distinct for every ``i``."""
    rnd = random.Random(seed * 1_000_003 + i)
    town = _town(rnd, i)
    markdown = i % 4 == 3
    cue_slots = set(rnd.sample(range(CUE_SPREAD), CALLOUTS_TARGET))
    sentences: list[str] = []
    words = 0
    slot = 0
    while words < WORDS_TARGET or slot < CUE_SPREAD:
        if slot in cue_slots:
            template, category = rnd.choice(CUES)
            sentences.append(_fill(template.replace("[[", "\x01").replace("]]", "\x02"), rnd, town) + f"\x03{category}")
        else:
            sentences.append(_fill(rnd.choice(PLAIN), rnd, town))
        words += len(sentences[-1].split())
        slot += 1
    paragraphs: list[list[str]] = []
    while sentences:
        take = rnd.randint(2, 4)
        paragraphs.append(sentences[:take])
        sentences = sentences[take:]
    out: list[str] = []
    if markdown:
        out.append(f"# News from {town}\n\n")
    cues: list[Cue] = []
    pos = sum(len(p) for p in out)
    for n, para in enumerate(paragraphs):
        lead = "- " if markdown and n == len(paragraphs) - 1 else ""
        if markdown and n == len(paragraphs) // 2:
            heading = f"## What happens next in {town}\n\n"
            out.append(heading)
            pos += len(heading)
        out.append(lead)
        pos += len(lead)
        for k, sentence in enumerate(para):
            if k:
                out.append(" ")
                pos += 1
            category = ""
            if "\x03" in sentence:
                sentence, category = sentence.split("\x03")
                a = sentence.index("\x01")
                b = sentence.index("\x02")
                phrase = sentence[a + 1:b]
                sentence = sentence[:a] + phrase + sentence[b + 1:]
                cues.append(Cue(phrase, category, pos + a))
            out.append(sentence)
            pos += len(sentence)
        out.append("\n\n")
        pos += 2
    text = "".join(out).rstrip("\n") + "\n"
    return text, ("article.md" if markdown else "article.txt"), cues, town


def _occurrence(text: str, cue: Cue) -> tuple[int, int]:
    """(which occurrence this cue is, how many there are) of its phrase in the text."""
    starts, at = [], text.find(cue.phrase)
    while at != -1:
        starts.append(at)
        at = text.find(cue.phrase, at + len(cue.phrase))
    return starts.index(cue.start) + 1, len(starts)


def lesson_spec(i: int, text: str, file: str, cues: list[Cue], town: str) -> dict[str, object]:
    annotations: list[dict[str, object]] = []
    for cue in cues:
        which, total = _occurrence(text, cue)
        thing = next((t for t in THINGS if t in text[cue.start - 80: cue.start + 120]), "the project")
        note = f"“{cue.phrase}” (callout {len(annotations) + 1} of lesson {i}): " + NOTES[cue.category].format(thing=thing, town=town)
        item: dict[str, object] = {"quote": cue.phrase, "category": cue.category, "note": note}
        if total > 1:
            item["occurrence"] = which
        annotations.append(item)
    return {
        "title": f"Reading the {town} report (practice {i})",
        "summary": f"Students read a fictional local report from {town} and mark unnamed sources, hype and unconfirmed claims.",
        "level": LEVELS[i % 3],
        "duration": 30 + 5 * (i % 4),
        "order": i,
        "objectives": [f"Identify who is cited for each claim about {town}.", f"Tell a checkable superlative from hype in lesson {i}.",
                       f"Separate confirmed events in {town} from reported or expected ones."],
        "tags": [TOPICS[i % len(TOPICS)], "synthetic"],
        "article": {"file": file, "headline": f"Questions grow over plans in {town}", "outlet": "fictional",
                    "author": "Benchmark Generator (fictional byline)", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "license": "Fictional practice article generated for the Medialit benchmarks; CC0.",
                    "attribution": "Generated by bench/synth.py for build benchmarks."},
        "warm_up": f"Ask students what they would want to know before trusting news about {town}.",
        "questions": [
            {"question": f"Which claims about {town} have a named source?",
             "answer": f"In lesson {i}, the ones with a person's name and role, or a record from {town}."},
            {"question": f"Which phrases inflate the {town} story?",
             "answer": f"The hype words and unchecked superlatives marked in lesson {i}."},
            {"question": f"What is still unconfirmed in {town}?",
             "answer": f"The reported, alleged and expected events in {town}: {len(cues)} callouts point at them."},
        ],
        "exit_ticket": f"Name one claim about {town} you would check first, and where.",
        "teacher_notes": f"Synthetic lesson {i} for benchmarks. Timing: reading 10 min, discussion 15 min.",
        "annotations": annotations,
    }


def make_course(root: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` lessons under ``root/lessons`` and return their folders."""
    folders = []
    for i in range(1, n + 1):
        text, file, cues, town = article(i, seed)
        folder = root / "lessons" / f"practice-{i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(text, encoding="utf-8", newline="\n")
        spec = lesson_spec(i, text, file, cues, town)
        (folder / "lesson.yml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100),
                                           encoding="utf-8", newline="\n")
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write N synthetic lessons into DIR/lessons.")
    ap.add_argument("dir", type=Path)
    ap.add_argument("--lessons", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    make_course(args.dir, args.lessons, args.seed)
    print(f"wrote {args.lessons} lesson(s) to {args.dir / 'lessons'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
