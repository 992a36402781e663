"""``medialit schema``: the JSON Schema of lesson.yml, derived from the spec model (:func:`generator.spec.lesson.schema_text`).

``--out`` writes it and ``--check`` fails when the committed file is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import MedialitError
from generator.spec.lesson import SCHEMA_FILE


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("schema", help="print the JSON Schema of lesson.yml",
                       description=f"Print the JSON Schema of lesson.yml, derived from the same model the loader uses. "
                       f"Editors use the committed copy, {SCHEMA_FILE}.")
    s.add_argument("--out", help=f"write it to this file instead, e.g. {SCHEMA_FILE}")
    s.add_argument("--check", action="store_true", help="with --out: exit 1 when the file differs from the model")
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.safety.text import write_text_file
    from generator.spec.lesson import schema_text

    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != text:
            raise MedialitError(f"{out} is {'out of date' if current else 'missing'}", out,
                                hint=f"run `medialit schema --out {out}` and commit the result")
        print(f"{out} is up to date")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_file(out, text, "schema file")
    print(f"wrote {out}")
    return 0
