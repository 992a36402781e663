"""Where generation spends its time: each stage of the pipeline, per lesson, on a synthetic course.

The course is made as ``bench/perf_build.py`` makes it (``bench/synth.py``). The
build runs in this process on one core (``MEDIALIT_JOBS=1``) with timers wrapped
around the functions :func:`generator.build.lesson.build_lesson` calls, so the figures are
those of the real pipeline, not of a copy of it. Each build starts cold: caches
that live for a process (parsed notes, escaped words) are emptied first.

Usage::

    python bench/stages.py                 # 1,000 lessons, best of 3 builds
    python bench/stages.py --lessons 300 --builds 5
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perf_build import make_project


def stages() -> list[tuple[Any, str, str]]:
    """(owner, attribute, label) of each stage of one lesson, in pipeline order."""
    from generator import callouts
    from generator.build import lesson
    from generator.render.page import Renderer

    return [
        (lesson, "load_spec", "spec: read, parse, check"),
        (lesson, "load_article", "article: read, split"),
        (callouts, "detect", "detection"),
        (lesson, "build_callouts", "callouts: anchor, merge (with detection)"),
        (lesson, "lesson_view", "views: practice copy, answer key, strip"),
        (lesson, "ledger", "sources ledger"),
        (Renderer, "lesson_page", "lesson page (with the template)"),
        (lesson, "w3c_files", "W3C annotations"),
    ]


def timed(table: dict[str, float], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            table[label] += time.perf_counter() - start
    return wrapper


def one_build(root: Path) -> tuple[dict[str, float], float]:
    from generator.build.lesson import Project
    from generator.build.site import build_site
    from generator.render import views
    from generator.render.page import Renderer
    from generator.safety import markdown as safemd

    safemd._parsed.cache_clear()
    views._word_span.cache_clear()
    table: dict[str, float] = defaultdict(float)
    saved = []
    for target, name, label in stages():
        saved.append((target, name, getattr(target, name)))
        setattr(target, name, timed(table, label, getattr(target, name)))
    render = Renderer.render

    def render_timed(self: Renderer, template: str, **context: Any) -> str:
        start = time.perf_counter()
        try:
            return render(self, template, **context)
        finally:
            table[f"template {template}"] += time.perf_counter() - start

    Renderer.render = render_timed  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        build_site(Project.at(root, docs=None))
        total = time.perf_counter() - start
    finally:
        Renderer.render = render  # type: ignore[method-assign]
        for target, name, fn in saved:
            setattr(target, name, fn)
    return table, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=1000, help="lessons in the course (default 1000)")
    ap.add_argument("--builds", type=int, default=3, help="builds; the fastest is reported (default 3)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    os.environ["MEDIALIT_JOBS"] = "1"
    with tempfile.TemporaryDirectory(prefix="medialit-stages-") as tmp:
        root = Path(tmp) / "course"
        make_project(root, args.lessons, args.seed)
        one_build(root)  # warm up: the rule set cache, imports
        table, total = min((one_build(root) for _ in range(args.builds)), key=lambda r: r[1])
    n = args.lessons
    own = dict(table)
    own["callouts: anchor, merge (with detection)"] -= own.get("detection", 0.0)
    own["lesson page (with the template)"] -= own.get("template lesson.md.j2", 0.0)
    rows = [(label.replace(" (with detection)", "").replace(" (with the template)", ": article markup"), own.get(label, 0.0))
            for _, _, label in stages()]
    rows.insert(-1, ("lesson page: template lesson.md.j2", own.get("template lesson.md.j2", 0.0)))
    print(f"{n:,} lessons, one process, fastest of {args.builds} builds: {total:.2f} s ({1000 * total / n:.2f} ms a lesson)\n")
    print("| stage | ms a lesson | share |\n| --- | ---: | ---: |")
    for label, seconds in rows:
        print(f"| {label} | {1000 * seconds / n:.2f} | {100 * seconds / total:.0f} % |")
    course = {k: v for k, v in own.items() if k.startswith("template ") and k != "template lesson.md.j2"}
    rest = total - sum(s for _, s in rows) - sum(course.values())
    for label, seconds in sorted(course.items()):
        print(f"| course page, {label} (once) | {1000 * seconds / n:.2f} | {100 * seconds / total:.0f} % |")
    print(f"| everything else (finding lessons, ordering, pages dict) | {1000 * rest / n:.2f} | {100 * rest / total:.0f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
