"""A lesson's callouts for other tools: W3C Web Annotations beside the raw article text.

For each lesson, ``<slug>/annotations.jsonld`` (an AnnotationCollection of its
callouts in the W3C Web Annotation Data Model) sits beside
``<slug>/article.txt``, the article's raw text that the selectors point into.
The built site publishes both next to each lesson page (``lessons/<slug>/``);
``medialit export --format w3c`` (:mod:`generator.cli.export`) writes them alone.
The functions here take plain data, not a built lesson: they are called by
:func:`generator.build.lesson.build_lesson`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.anchoring.lockfile import record
from generator.callouts import Callout

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATIONS_FILE = "annotations.jsonld"
SOURCE_FILE = "article.txt"  # the raw article, published under one name so a Markdown article is not built as a page


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


def collection(title: str, text: str, callouts: Iterable[Callout]) -> dict[str, Any]:
    """A lesson's callouts as one W3C AnnotationCollection with a single page; ``text`` is the article's raw text."""
    items = [annotation(c, text) for c in callouts]
    return {
        "@context": W3C_CONTEXT,
        "id": ANNOTATIONS_FILE,
        "type": "AnnotationCollection",
        "label": f"Callouts of the lesson “{title}”",
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


def w3c_files(slug: str, title: str, text: str, callouts: Iterable[Callout]) -> dict[str, str]:
    """``{"<slug>/annotations.jsonld": ..., "<slug>/article.txt": ...}`` for one lesson."""
    return {
        f"{slug}/{ANNOTATIONS_FILE}": collection_json(collection(title, text, callouts)),
        f"{slug}/{SOURCE_FILE}": text,
    }
