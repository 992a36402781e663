"""``medialit list``: every lesson in course order with its level, time, words and callouts, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from generator.cli.common import project, project_opts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ls = sub.add_parser("list", help="list lessons with their callout counts",
                        description="List every lesson in course order with level, time, words and callouts per category.")
    project_opts(ls)
    ls.add_argument("--format", choices=["table", "json"], default="table", help="table (default) or json")
    ls.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.site import build_site
    from generator.spec.vocabulary import CATEGORY_TERMS

    site = build_site(project(args))
    rows: list[dict[str, Any]] = []
    for b in site.lessons:
        lesson = b.spec.lesson
        rows.append({
            "slug": b.slug, "title": lesson.title, "level": lesson.level, "duration": lesson.duration,
            "license": lesson.article.license, "objectives": lesson.objectives,
            "questions": [{"question": q.question, "answer": q.answer} for q in lesson.questions],
            "teacher_notes": lesson.teacher_notes, "words": b.article.words(), "callouts": b.callouts.counts(),
        })
    if args.format == "json":
        json.dump({"lessons": rows}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    head = f"{'slug':<28} {'level':<8} {'min':>4} {'words':>6} {''.join(f'{t.short:>6} ' for t in CATEGORY_TERMS)} title"
    print(head)
    print("-" * len(head))
    for r in rows:
        c = r["callouts"]
        print(f"{r['slug']:<28} {r['level']:<8} {r['duration']:>4} {r['words']:>6} "
              f"{''.join(f'{c[t.id]:>6} ' for t in CATEGORY_TERMS)} {r['title']}")
    print(f"{len(rows)} lesson(s)")
    return 0
