"""The ``medialit`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import MedialitError

DESCRIPTION = """\
Build media-literacy course sites from lesson specs.

A lesson is a folder lessons/<slug>/ holding lesson.yml (the spec) beside
its article (.txt or .md). medialit checks the spec, anchors every
hand-written callout in the article, adds what the detector finds, and
writes lesson pages that MkDocs (with the medialit plugin) or any
Material-compatible builder turns into a site.
"""

EPILOG = """\
examples:
  medialit build --out build/docs     write every page as plain Markdown
  medialit list                       lessons with their callout counts
  medialit list --format json         the same, for other tools
  medialit detect article.txt         cues the detector finds in any article

Errors name the file, line and column, and say how to fix the problem;
the exit status is 1 when there is any error. Docs: docs/ in the repository.
"""


def _project(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from generator.build.site import Project

    return Project.at(Path(args.root), args.lessons, args.templates, getattr(args, "docs", "docs"),
                      teacher_material=not getattr(args, "student", False))


PROGRESS_MIN_LESSONS = 20  # fewer lessons build in a blink: no bar


def progress_bar(min_lessons: int = PROGRESS_MIN_LESSONS) -> Callable[[int, int, str], None] | None:
    """A progress bar on standard error when it is a terminal, or None in CI (``CI`` set) and in pipes.

    The bar appears only for ``min_lessons`` or more lessons and is redrawn
    when the percentage changes, so thousands of lessons cost a hundred writes.
    """
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") or not sys.stderr.isatty():
        return None
    shown = [-1]

    def progress(i: int, n: int, slug: str) -> None:
        percent = 100 * i // n
        if n < min_lessons or (percent == shown[0] and i != n):
            return
        shown[0] = percent
        done = 30 * i // n
        sys.stderr.write(f"\r[{'#' * done}{'.' * (30 - done)}] {i}/{n} {slug[:30]:<30}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return progress


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build.site import build_site, output_folder, write_files

    project = _project(args)
    with output_folder(Path(args.out), project.docs_dir,
                       protect=(project.root, project.lessons_dir, project.templates_dir)) as out:
        # each lesson is written out as soon as it is built: a large course is never held in memory whole
        site = build_site(project, None if args.quiet else progress_bar(), out=out)
        write_files(site.pages, out)
    if not args.quiet:
        print(f"wrote {len(site.lessons)} lesson(s) and {len(site.pages)} other generated file(s) to {args.out}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from generator.build.site import build_site

    site = build_site(_project(args))
    rows = []
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
    head = f"{'slug':<28} {'level':<8} {'min':>4} {'words':>6} {'vague':>6} {'super':>6} {'unconf':>6}  title"
    print(head)
    print("-" * len(head))
    for r in rows:
        c = r["callouts"]
        print(f"{r['slug']:<28} {r['level']:<8} {r['duration']:>4} {r['words']:>6} {c['vague-sourcing']:>6} "
              f"{c['superlative']:>6} {c['unconfirmed']:>6}  {r['title']}")
    print(f"{len(rows)} lesson(s)")
    return 0


def cmd_detect(args: argparse.Namespace) -> int:
    import gc

    from generator.article import load_article
    from generator.detection.engine import detect

    # A one-shot command makes many small objects and frees none of them in
    # cycles: the cyclic garbage collector would only spend time scanning them.
    gc.disable()
    article = load_article(Path(args.file))
    findings = detect(article.text, [(b.start, b.end) for b in article.blocks])
    if args.format == "json":
        print(json.dumps({"findings": [f.as_json(article.text) for f in findings]}, ensure_ascii=False))
        return 0
    out = []
    for f in findings:
        line, col = article.position(f.start)
        phrase = " ".join(article.text[f.start:f.end].split())
        out.append(f'{args.file}:{line}:{col}  {f.category:<14}  "{phrase}"  {f.rule}')
    if out:
        print("\n".join(out))
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return 0


def parser(full: bool = True) -> argparse.ArgumentParser:
    """The command line; without ``full``, only the commands defined here (detect skips the imports of the rest)."""
    p = argparse.ArgumentParser(prog="medialit", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def project_opts(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--root", default=".", help="project folder (default: the current folder)")
        sp.add_argument("--lessons", default="lessons", help="lessons folder, relative to --root (default: lessons)")
        sp.add_argument("--templates", default="templates", help="Jinja2 templates folder (default: templates)")

    b = sub.add_parser("build", help="write every lesson page as plain Markdown",
                       description="Write the hand-written docs/ pages plus every generated lesson page into "
                       "OUT, ready for `mkdocs build` or `zensical build` with docs_dir: OUT. "
                       "OUT is replaced atomically: a failed run leaves the previous output intact.")
    project_opts(b)
    b.add_argument("--out", required=True, help="output folder (replaced as a whole)")
    b.add_argument("--docs", default="docs", help="hand-written pages to copy in (default: docs)")
    b.add_argument("--student", action="store_true",
                   help="student-only site: leave out teacher notes, warm-ups and model answers")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    b.set_defaults(func=cmd_build)

    ls = sub.add_parser("list", help="list lessons with their callout counts",
                        description="List every lesson in course order with level, time, words and callouts per category.")
    project_opts(ls)
    ls.add_argument("--format", choices=["table", "json"], default="table", help="table (default) or json")
    ls.set_defaults(func=cmd_list)

    d = sub.add_parser("detect", help="find vague sourcing, hype and unconfirmed claims in an article",
                       description="Run the detector on any .txt or .md article. Text output is "
                       "path:line:col  category  \"phrase\"  rule; JSON gives start/end offsets into the file's text.")
    d.add_argument("file", help="article file (.txt or .md)")
    d.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    d.set_defaults(func=cmd_detect)

    if full:
        from generator.build import w3c as export
        from generator.tools import check, scaffold, suggest

        scaffold.register(sub, project_opts)
        check.register(sub, project_opts)
        export.register(sub, project_opts)
        suggest.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(full=argv[:1] != ["detect"]).parse_args(argv)
    try:
        return int(args.func(args))
    except MedialitError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file the project's own checks did not expect to fail: still one clear line
        print(MedialitError(f"cannot read or write: {exc.strerror or exc}", exc.filename or "",
                            hint="check that the file exists and that you may read (or write) it").format(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
