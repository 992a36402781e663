"""Build speed at scale: the generator's cost next to MkDocs's own, for N synthetic lessons.

For each N (default 100, 200, 1,000 and 5,000) a course of N synthetic lessons
(see ``bench/synth.py``: about 600 words and 15 hand-written callouts each,
every article distinct) is written into a temporary folder with a one-page
``docs/`` and the repository's ``templates/`` and ``mkdocs.yml``. Then, as
separate processes, each measured with ``wait4`` (wall time, CPU time and the
peak resident memory of that process) and each repeated ``--runs`` times in
turn so that noise falls on all of them alike:

* **generation**: ``medialit build --out gen --quiet`` (``python -m generator``), as it
  runs by default (worker processes from 200 lessons on) and in one process (``MEDIALIT_JOBS=1``);
* **plugin build**: ``mkdocs build`` with the ``medialit`` plugin;
* **plain build**: ``mkdocs build`` of ``gen/`` with the plugin removed from the
  config (everything else the same): the floor that MkDocs itself sets.

The medians are printed with the ratios the targets name, then ``medialit
detect`` on a 1 MB article (synthetic articles joined), and the incremental
build the plugin does under ``mkdocs serve`` (in this process: a cold
build, a rebuild with nothing changed, a rebuild after editing one lesson).
``--flat-nav`` also builds the plain site with every lesson listed in the
navigation, to show what that costs. ``--profile N`` prints where the
generator spends its time on N lessons (cProfile).

Usage::

    python bench/perf_build.py                                  # 100, 200, 1000, 5000 lessons
    python bench/perf_build.py --lessons 100 200 --runs 1       # a quick look
    python bench/perf_build.py --mkdocs-max 1000 --markdown out.md
    python bench/perf_build.py --profile 300
    python bench/perf_build.py --json runs.json ...; python bench/perf_build.py --report-from runs.json
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import article, make_course

REPO = Path(__file__).resolve().parent.parent
FLAT = "plain, every lesson in the nav"
ONE = "generation, one process"
TARGETS = {
    "plugin / plain at 1,000": 1.10,
    "generation / plain at 1,000": 0.10,
    "generation 5,000 / 1,000": 5.5,
    "plugin build 1,000 / 200": 6.0,
    "plain build 1,000 / 200": 6.0,
    "generation peak memory 5,000 / 1,000": 5.5,
    "plugin build peak memory 1,000 / 200": 6.0,
}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_kib: int


@dataclass
class Row:
    lessons: int
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def median(self, what: str, attr: str = "wall") -> float | None:
        runs = self.runs.get(what)
        return statistics.median(getattr(r, attr) for r in runs) if runs else None

    def peak(self, what: str) -> int | None:
        runs = self.runs.get(what)
        return max(r.rss_kib for r in runs) if runs else None


def measure(cmd: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> Run:
    """Run one process to the end; its wall time, CPU time (user + system, its worker processes included) and peak RSS."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "true", **(extra_env or {})}
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err.read().decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss))


def without_plugin(config: str, name: str) -> str:
    """``mkdocs.yml`` text without the plugin ``name`` (its list item and the lines indented under it)."""
    out: list[str] = []
    skip_indent: int | None = None
    for line in config.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if skip_indent is not None:
            if line.strip() and indent <= skip_indent:
                skip_indent = None
            else:
                continue
        if re.match(rf"^\s*-\s+{re.escape(name)}\s*:?\s*$", line):
            skip_indent = indent
            continue
        out.append(line)
    return "".join(out)


def without_not_in_nav(config: str) -> str:
    """``mkdocs.yml`` text without its ``not_in_nav`` block: every page in the automatic navigation."""
    return re.sub(r"(?m)^not_in_nav:.*\n(?:[ \t]+.*\n)*", "", config)


def make_project(root: Path, n: int, seed: int) -> None:
    make_course(root, n, seed)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\nSee the [lessons](lessons/index.md).\n", encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not re.search(r"(?m)^\s*-\s+medialit\b", config):
        raise SystemExit("mkdocs.yml does not use the medialit plugin")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    plain = "docs_dir: gen\n" + re.sub(r"(?m)^docs_dir:.*\n", "", without_plugin(config, "medialit"))
    (root / "plain.yml").write_text(plain, encoding="utf-8")
    (root / "flat.yml").write_text(without_not_in_nav(plain), encoding="utf-8")


def bench_size(n: int, args: argparse.Namespace, base: Path) -> Row:
    root = base / f"course-{n}"
    make_project(root, n, args.seed)
    py = sys.executable
    gen = [py, "-m", "generator", "build", "--out", "gen", "--quiet"]
    plugin = [py, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", "site-plugin"]
    plain = [py, "-m", "mkdocs", "build", "-q", "-f", "plain.yml", "-d", "site-plain"]
    flat = [py, "-m", "mkdocs", "build", "-q", "-f", "flat.yml", "-d", "site-flat"]
    row = Row(n)
    mkdocs = n <= args.mkdocs_max
    for i in range(max(args.runs, args.mkdocs_runs if mkdocs else 0)):
        plan = [("generation", gen), (ONE, gen)] if i < args.runs else []
        if mkdocs and i < args.mkdocs_runs:
            plan += [("plugin", plugin), ("plain", plain)]
            if args.flat_nav and n <= args.flat_nav and i == 0:  # once: it only shows what the nav costs
                plan.append((FLAT, flat))
        for what, cmd in plan:
            if what != "generation" and not (root / "gen").is_dir():
                row.runs.setdefault("generation", []).append(measure(gen, root))
            row.runs.setdefault(what, []).append(measure(cmd, root, {"MEDIALIT_JOBS": "1"} if what == ONE else None))
            r = row.runs[what][-1]
            print(f"  {n:>5} lessons  {what:<32} {r.wall:8.2f} s  cpu {r.cpu:8.2f} s  {r.rss_kib / 1024:7.1f} MiB",
                  file=sys.stderr, flush=True)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return row


def bench_detect(args: argparse.Namespace, base: Path) -> Run:
    parts, size, i = [], 0, 0
    while size < 1_000_000:
        i += 1
        text = article(i, args.seed)[0]
        text = "\n".join(line for line in text.splitlines() if not line.startswith(("#", "- ")))  # plain paragraphs
        parts.append(text.strip() + "\n\n")
        size += len(parts[-1].encode("utf-8"))
    path = base / "news-1mb.txt"
    path.write_text("".join(parts).encode("utf-8")[:1_000_000].decode("utf-8", "ignore").rstrip() + "\n", encoding="utf-8")
    runs = [measure([sys.executable, "-m", "generator", "detect", str(path), "--format", "json"], base)
            for _ in range(args.detect_runs)]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs), max(r.rss_kib for r in runs))


def bench_incremental(n: int, args: argparse.Namespace, base: Path) -> dict[str, float | int]:
    """What the plugin does under ``mkdocs serve``: cold build, rebuild unchanged, rebuild after one edit."""
    from generator.build.cache import LessonCache
    from generator.build.lesson import BuiltLesson, Project
    from generator.build.site import build_site

    root = base / f"serve-{n}"
    make_project(root, n, args.seed)
    project = Project.at(root, docs=None)
    cache: LessonCache[BuiltLesson] = LessonCache()
    out: dict[str, float | int] = {"lessons": n}
    for label in ("cold", "unchanged", "one edited"):
        if label == "one edited":
            spec = root / "lessons" / "practice-00002" / "lesson.yml"
            spec.write_text(spec.read_text(encoding="utf-8").replace("Name one claim", "Name two claims"), encoding="utf-8")
        t0 = time.perf_counter()
        build_site(project, cache=cache)
        out[f"{label} s"] = time.perf_counter() - t0
        out[f"{label} regenerated"] = cache.stats.misses
    shutil.rmtree(root, ignore_errors=True)
    return out


def profile(n: int, args: argparse.Namespace, base: Path) -> None:
    from generator.build.lesson import Project
    from generator.build.site import build_site

    root = base / f"profile-{n}"
    make_project(root, n, args.seed)
    project = Project.at(root, docs=None)
    prof = cProfile.Profile()
    prof.enable()
    build_site(project)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def fmt(x: float | None, unit: str = " s") -> str:
    return "—" if x is None else f"{x:.2f}{unit}"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def checks(rows: list[Row], attr: str) -> dict[str, float | None]:
    """The measured value of every target, from wall times (``attr="wall"``) or CPU times (``"cpu"``)."""
    by_n = {r.lessons: r for r in rows}

    def get(n: int, what: str) -> float | None:
        return by_n[n].median(what, attr) if n in by_n else None

    def peak(n: int, what: str) -> float | None:
        value = by_n[n].peak(what) if n in by_n else None
        return float(value) if value else None

    return {
        "plugin / plain at 1,000": ratio(get(1000, "plugin"), get(1000, "plain")),
        "generation / plain at 1,000": ratio(get(1000, "generation"), get(1000, "plain")),
        "generation 5,000 / 1,000": ratio(get(5000, "generation"), get(1000, "generation")),
        "plugin build 1,000 / 200": ratio(get(1000, "plugin"), get(200, "plugin")),
        "plain build 1,000 / 200": ratio(get(1000, "plain"), get(200, "plain")),
        "generation peak memory 5,000 / 1,000": ratio(peak(5000, "generation"), peak(1000, "generation")),
        "plugin build peak memory 1,000 / 200": ratio(peak(1000, "plugin"), peak(200, "plugin")),
    }


def report(data: dict[str, Any]) -> str:
    rows = [Row(int(n), {k: [Run(**r) for r in v] for k, v in runs.items()}) for n, runs in data["rows"].items()]
    rows.sort(key=lambda r: r.lessons)
    lines = [f"Machine: {data['machine']}. Load average before/after: {data['load'][0]:.2f} / {data['load'][1]:.2f}.", "",
             f"Medians of {data['runs']} generation run(s) and {data['mkdocs_runs']} run(s) of each MkDocs build, "
             "as wall time / CPU time (user + system); peak memory is the largest peak RSS of the runs.", ""]
    head = ["lessons", "generation", "plugin build", "plain build", "plugin / plain", "generation / plain",
            "peak RSS: generation", "plugin build", "plain build"]
    lines += ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]

    def both(r: Row, what: str) -> str:
        return "—" if not r.runs.get(what) else f"{fmt(r.median(what))} / {fmt(r.median(what, 'cpu'))}"

    def both_ratio(r: Row, a: str, b: str) -> str:
        wall, cpu = ratio(r.median(a), r.median(b)), ratio(r.median(a, "cpu"), r.median(b, "cpu"))
        return "—" if wall is None else f"{fmt(wall, '×')} / {fmt(cpu, '×')}"

    for r in rows:
        cells = [f"{r.lessons:,}", both(r, "generation"), both(r, "plugin"), both(r, "plain"),
                 both_ratio(r, "plugin", "plain"), both_ratio(r, "generation", "plain"),
                 *(fmt(r.peak(w) / 1024, " MiB") if r.peak(w) else "—" for w in ("generation", "plugin", "plain"))]
        lines.append("| " + " | ".join(cells) + " |")
    one = [r for r in rows if r.runs.get(ONE)]
    if one:
        lines += ["", "Generation in one process (`MEDIALIT_JOBS=1`; the default uses worker processes from "
                  "200 lessons on), wall / CPU: " + "; ".join(f"{r.lessons:,} lessons {both(r, ONE)}" for r in one) + "."]
    flat = [r for r in rows if r.runs.get(FLAT)]
    if flat:
        lines += ["", "Plain build with every lesson listed in the navigation (no `not_in_nav`), wall / CPU: " + "; ".join(
            f"{r.lessons:,} lessons {both(r, FLAT)} (with `not_in_nav`: {both(r, 'plain')})" for r in flat) + "."]
    wall, cpu = checks(rows, "wall"), checks(rows, "cpu")
    lines += ["", "| target | limit | measured (wall) | measured (CPU) | met |", "| --- | ---: | ---: | ---: | --- |"]
    for name, limit in TARGETS.items():
        ok = {what: value <= limit for what, value in (("wall", wall[name]), ("CPU", cpu[name])) if value is not None}
        met = ("—" if not ok else "yes" if all(ok.values()) else
               f"in {next(w for w, good in ok.items() if good)} time only" if any(ok.values()) else "**no**")
        if "memory" in name:
            lines.append(f"| {name} | {limit:.2f}× | {fmt(wall[name], '×')} of peak RSS | — | {met} |")
        else:
            lines.append(f"| {name} | {limit:.2f}× | {fmt(wall[name], '×')} | {fmt(cpu[name], '×')} | {met} |")
    if data.get("detect"):
        d = data["detect"]
        lines += ["", f"`medialit detect --format json` on a 1 MB article (whole process, median of {data['detect_runs']}): "
                  f"{d['wall']:.2f} s wall, {d['cpu']:.2f} s CPU, peak RSS {d['rss_kib'] / 1024:.1f} MiB."]
    if data.get("incremental"):
        i = data["incremental"]
        lines += ["", f"Incremental builds as under `mkdocs serve` ({i['lessons']:,} lessons, generator only, in process): "
                  f"cold {i['cold s']:.2f} s ({i['cold regenerated']} regenerated); nothing changed {i['unchanged s']:.2f} s "
                  f"({i['unchanged regenerated']} regenerated); one lesson edited {i['one edited s']:.2f} s "
                  f"({i['one edited regenerated']} regenerated)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, nargs="+", default=[100, 200, 1000, 5000], help="course sizes (default 100 200 1000 5000)")
    ap.add_argument("--runs", type=int, default=5, help="generation runs per size (default 5)")
    ap.add_argument("--mkdocs-runs", type=int, default=3, help="runs of each MkDocs build per size (default 3)")
    ap.add_argument("--mkdocs-max", type=int, default=1000, help="largest size built with MkDocs (default 1000)")
    ap.add_argument("--flat-nav", type=int, default=0, metavar="N",
                    help="also build the plain site with every lesson in the nav, for sizes up to N (default: no)")
    ap.add_argument("--detect-runs", type=int, default=5, help="runs of detect on 1 MB (default 5; 0 skips it)")
    ap.add_argument("--incremental", type=int, default=1000, metavar="N", help="lessons for the incremental build (0 skips it)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="only profile the generator on N lessons")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it, instead of a temporary one")
    ap.add_argument("--markdown", type=Path, help="also write the report to this file")
    ap.add_argument("--json", type=Path, help="also write every run as JSON to this file")
    ap.add_argument("--report-from", type=Path, metavar="JSON", help="only print the report of a run saved with --json")
    args = ap.parse_args(argv)

    if args.report_from:
        data = json.loads(args.report_from.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory(prefix="medialit-bench-") as tmp:
            base = args.keep or Path(tmp)
            base.mkdir(parents=True, exist_ok=True)
            if args.profile:
                profile(args.profile, args, base)
                return 0
            load_before = os.getloadavg()[0]
            rows = [bench_size(n, args, base) for n in sorted(args.lessons)]
            detect = bench_detect(args, base) if args.detect_runs else None
            incremental = bench_incremental(args.incremental, args, base) if args.incremental else None
            data = {
                "machine": (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
                            f"{platform.system()} {platform.release()}, {date.today().isoformat()}"),
                "load": [load_before, os.getloadavg()[0]], "runs": args.runs, "mkdocs_runs": args.mkdocs_runs,
                "detect_runs": args.detect_runs, "detect": vars(detect) if detect else None, "incremental": incremental,
                "rows": {str(r.lessons): {k: [vars(x) for x in v] for k, v in r.runs.items()} for r in rows},
            }
        if args.json:
            args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    text = report(data)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
