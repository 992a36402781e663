"""What medialit publishes for other tools: W3C Web Annotations and the lesson JSON Schema.

``medialit export --format w3c --out DIR`` writes, for each lesson,
``DIR/<slug>/annotations.jsonld`` (an AnnotationCollection of its callouts in
the W3C Web Annotation Data Model) beside ``DIR/<slug>/article.txt``, the
article's raw text that the selectors point into. The built site publishes
the same two files next to each lesson page (``lessons/<slug>/``).

``medialit schema`` prints the JSON Schema of ``lesson.yml`` derived from the
spec model (:func:`generator.spec.lesson_schema`); ``--out`` writes it and
``--check`` fails when the committed file is out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.anchoring.lockfile import record
from generator.callouts import Callout
from generator.errors import MedialitError

if TYPE_CHECKING:
    from generator.build.site import BuiltLesson

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATIONS_FILE = "annotations.jsonld"
SOURCE_FILE = "article.txt"  # the raw article, published under one name so a Markdown article is not built as a page
SCHEMA_FILE = Path("schemas") / "lesson.schema.json"


def annotation(c: Callout, text: str) -> dict[str, Any]:
    """One callout as a W3C Web Annotation whose target is the raw article text."""
    quote = record(text, c.text, c.start, c.end)
    selector_quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote.exact}
    if quote.prefix:
        selector_quote["prefix"] = quote.prefix
    if quote.suffix:
        selector_quote["suffix"] = quote.suffix
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": c.category},
        {"type": "TextualBody", "purpose": "commenting", "value": c.note, "format": "text/markdown"},
    ]
    if c.question:
        body.append({"type": "TextualBody", "purpose": "questioning", "value": c.question, "format": "text/plain"})
    out: dict[str, Any] = {
        "id": f"#callout-{c.number}",
        "type": "Annotation",
        "motivation": "commenting",
        "body": body,
        "target": {
            "source": SOURCE_FILE,
            "selector": [selector_quote, {"type": "TextPositionSelector", "start": c.start, "end": c.end}],
        },
    }
    if c.origin == "detected":
        out["creator"] = {"type": "Software", "name": f"medialit detector, rule {c.rule}"}
    return out


def collection(built: BuiltLesson) -> dict[str, Any]:
    """A lesson's callouts as one W3C AnnotationCollection with a single page."""
    text = built.article.text
    items = [annotation(c, text) for c in built.callouts.items]
    return {
        "@context": W3C_CONTEXT,
        "id": ANNOTATIONS_FILE,
        "type": "AnnotationCollection",
        "label": f"Callouts of the lesson “{built.spec.lesson.title}”",
        "total": len(items),
        "generator": {"type": "Software", "name": "Medialit Lessons"},
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def collection_json(data: dict[str, Any]) -> str:
    """An AnnotationCollection as JSON text with one annotation per line.

    Readable and diff-friendly, and written by the C encoder throughout:
    ``json.dumps(indent=...)`` falls back to the pure-Python encoder, which
    took about 7 % of a course's generation time.
    """
    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    page = data["first"]
    head = [f"  {dumps(k)}: {dumps(v)}," for k, v in data.items() if k != "first"]
    page_head = ", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in page.items() if k != "items")
    items = ",\n".join(f"    {dumps(item)}" for item in page["items"])
    return "{\n" + "\n".join(head) + f'\n  "first": {{{page_head}, "items": [\n{items}\n  ]}}\n}}\n'


def w3c_files(built: BuiltLesson) -> dict[str, str]:
    """``{"<slug>/annotations.jsonld": ..., "<slug>/article.txt": ...}`` for one lesson."""
    return {
        f"{built.slug}/{ANNOTATIONS_FILE}": collection_json(collection(built)),
        f"{built.slug}/{SOURCE_FILE}": built.article.text,
    }


def schema_text() -> str:
    from generator.spec.lesson import lesson_schema

    return json.dumps(lesson_schema(), ensure_ascii=False, indent=2) + "\n"


def cmd_export(args: argparse.Namespace) -> int:
    from generator.build.site import Project, build_site, write_pages

    site = build_site(Project.at(Path(args.root), args.lessons, args.templates, None))
    pages: dict[str, str] = {}
    for built in site.lessons:
        pages.update(w3c_files(built))
    write_pages(pages, Path(args.out), None)
    print(f"wrote W3C annotations of {len(site.lessons)} lesson(s) to {args.out}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != text:
            raise MedialitError(f"{out} is {'out of date' if current else 'missing'}", out, hint=f"run `medialit schema --out {out}` and commit the result")
        print(f"{out} is up to date")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {out}")
    return 0


def register(sub: argparse._SubParsersAction, project_opts: Callable[[argparse.ArgumentParser], None]) -> None:  # type: ignore[type-arg]
    e = sub.add_parser("export", help="write every lesson's callouts as W3C Web Annotations (JSON-LD)",
                       description="Write OUT/<slug>/annotations.jsonld (a W3C AnnotationCollection: TextQuoteSelector "
                       "and TextPositionSelector into the article's raw text, category as a tagging body, note as a "
                       "commenting body) beside OUT/<slug>/article.txt for every lesson. OUT is replaced as a whole.")
    project_opts(e)
    e.add_argument("--format", choices=["w3c"], default="w3c", help="w3c: W3C Web Annotation JSON-LD (the only format)")
    e.add_argument("--out", required=True, help="output folder (replaced as a whole)")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("schema", help="print the JSON Schema of lesson.yml",
                       description=f"Print the JSON Schema of lesson.yml, derived from the same model the loader uses. "
                       f"Editors use the committed copy, {SCHEMA_FILE.as_posix()}.")
    s.add_argument("--out", help=f"write it to this file instead, e.g. {SCHEMA_FILE.as_posix()}")
    s.add_argument("--check", action="store_true", help="with --out: exit 1 when the file differs from the model")
    s.set_defaults(func=cmd_schema)
