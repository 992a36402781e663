"""Speed and memory of ``medialit detect`` on about 1 MB of news-like text.

The text is generated deterministically from a seed: sentences are built
from templates with varied subjects, verbs, numbers and places, and about
one sentence in six carries a cue (unnamed sources, hype, hedges), the rest
plain reporting with named sources, ordinals, quantities and -est words.
Paragraphs are separated by blank lines, as in a .txt article.

Each measurement runs the whole process (``python -m generator detect FILE
--format json``, the same code as the ``medialit`` script): interpreter
start, imports, rule loading, reading, detection and JSON output. The
median of 5 runs is reported with the peak RSS of that process (from
``wait4``), and the peak RSS at 0.25, 0.5 and 1 MB shows whether memory
grows linearly with the input.

Usage::

    python bench/speed_detect.py [--size 1000000] [--runs 5] [--seed 7] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.3

PEOPLE = ["Maria Lopez", "Peter Lindqvist", "Dalia Okonjo", "Jeff Davis", "Amara Chen", "Tomasz Nowak", "Ines Duarte",
          "Kwame Mensah", "Yuki Tanaka", "Sofia Rossi", "Omar Haddad", "Lena Fischer", "Rahul Iyer", "Grace Mwangi"]
ROLES = ["Mayor", "Senator", "Health Minister", "union secretary", "chief executive", "spokeswoman", "Navy Captain",
         "Police Chief", "Professor", "Dr.", "Governor", "council member"]
ORGS = ["the Harbour Authority", "the Ministry of Transport", "Reuters", "the city council", "the U.S. Defense Department",
        "the National Weather Service", "Northfield Power", "the regional labour board", "the Russian Defense Ministry",
        "the World Health Organization", "the state auditor", "Meridian Bank"]
PLACES = ["Elswick", "Harlan County", "Rennby", "the capital", "the east side", "Grand Falls", "the river district",
          "the northern suburbs", "the U.S. Midwest", "the old town"]
THINGS = ["the budget", "the new bridge", "the vaccine programme", "the port expansion", "the school merger", "the tax plan",
          "the water project", "the trade talks", "the housing scheme", "the rail line", "the stadium deal", "the clinic"]
VERBS = ["said", "told reporters", "confirmed", "announced", "wrote in a statement", "said on Tuesday", "told the council"]
PLAIN = [
    "{org} {verb} that {thing} would cost {n} million dollars over {k} years.",
    "{role} {person} {verb} that work on {thing} began in {month}.",
    "Records filed with {org} show that {thing} was approved on {month} {d}.",
    "The first shipments reached {place} on {month} {d}, {org} said.",
    "Most of the money went to {thing}, according to the court filing.",
    "{person}, who lives in {place}, said the request was honest and the interest rates were fair.",
    "Rain fell across the west of {place}, and the forest roads were closed for {k} hours.",
    "As expected, the council passed {thing} by {k} votes to {n2}.",
    "In the second term, {org} spent {n} million dollars on {thing}.",
    "{org} confirmed that {n} people attended the meeting in {place} on {month} {d}.",
    "The report suggests that {thing} is behind schedule by {k} weeks.",
    "Dr. {person} of the U.S. Geological Survey said the survey covered {n} sites.",
    "Data from {org} show that prices rose {k} percent in {month}.",
    "The largest employer in {place} hired {n} workers last year, {org} said.",
]
CUES = [
    "According to sources familiar with the talks, {thing} is expected to be delayed.",
    "Some experts say {thing} is the biggest mistake in the history of {place}.",
    "The meeting reportedly lasted {k} hours, though {org} has not confirmed it.",
    "It was a historic moment for {place}, a senior official who spoke on condition of anonymity said.",
    "Critics argue that {thing} is a massive waste of money.",
    "The details of {thing} remain shrouded in secrecy, insiders say.",
    "In an unprecedented move, {org} allegedly hid the figures for {thing}.",
    "The footage could not be independently verified, and {thing} may have been cancelled.",
    "Many believe it is the most important decision of the decade for {place}.",
    "One source said the shocking plan is likely to be announced in {month}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November"]


def generate(size: int, seed: int = 7) -> str:
    """About ``size`` bytes of news-like paragraphs, the same for the same seed."""
    rnd = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rnd.randint(2, 5)):
            template = rnd.choice(CUES) if rnd.random() < 1 / 6 else rnd.choice(PLAIN)
            sentences.append(template.format(
                org=rnd.choice(ORGS), verb=rnd.choice(VERBS), thing=rnd.choice(THINGS), place=rnd.choice(PLACES),
                person=rnd.choice(PEOPLE), role=rnd.choice(ROLES), month=rnd.choice(MONTHS), d=rnd.randint(1, 28),
                n=rnd.randint(2, 900), n2=rnd.randint(1, 9), k=rnd.randint(2, 48)))
            sentences[-1] = sentences[-1][0].upper() + sentences[-1][1:]
        para = " ".join(sentences) + "\n\n"
        total += len(para.encode("utf-8"))
        out.append(para)
    text = "".join(out)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore").rstrip() + "\n"


def run_once(path: Path) -> tuple[float, int, int]:
    """Wall time (s), peak RSS (KiB) and the number of output bytes of one whole detect process."""
    cmd = [sys.executable, "-m", "generator", "detect", str(path), "--format", "json"]
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode:
            raise SystemExit(f"detect failed ({proc.returncode}): {err}")
        size = out.tell()
    return elapsed, int(usage.ru_maxrss), size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="bytes of text (default 1,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="runs to take the median of (default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    args = ap.parse_args(argv)

    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        full = generate(args.size, args.seed)
        for share in (0.25, 0.5, 1.0):
            data = full.encode("utf-8")[: int(len(full.encode("utf-8")) * share)].decode("utf-8", "ignore")
            path = Path(tmp) / f"news-{share}.txt"
            path.write_text(data, encoding="utf-8")
            runs = [run_once(path) for _ in range(args.runs if share == 1.0 else 3)]
            times = sorted(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            findings = runs[0][2]
            rows.append((f"{len(data.encode('utf-8')) / 1e6:.2f} MB", f"{statistics.median(times):.3f} s",
                         f"{rss / 1024:.1f} MiB", f"{findings / 1e3:.0f} kB"))
    machine = f"{os.cpu_count()}-core {platform.machine()}, Python {platform.python_version()}"
    head = ("input", f"median wall time (whole process, {args.runs} runs at 1 MB)", "peak RSS", "JSON output")
    print(f"medialit detect --format json on generated news text ({machine})")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    for r in [head, *rows]:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    if args.markdown:
        md = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
        md += ["| " + " | ".join(r) + " |" for r in rows]
        args.markdown.write_text(f"Machine: {machine}.\n\n" + "\n".join(md) + "\n", encoding="utf-8")
    slow = float(rows[-1][1].split()[0]) > TARGET_SECONDS
    print(f"target {TARGET_SECONDS} s at 1 MB: {'NOT met' if slow else 'met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
