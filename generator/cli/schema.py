"""``medialit schema``: the JSON Schema of lesson.yml (or, with ``--course``, of course.yml), derived from the model.

``--out`` writes it and ``--check`` fails when the committed file is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import MedialitError
from generator.spec.course import COURSE_SCHEMA_FILE
from generator.spec.lesson import SCHEMA_FILE


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("schema", help="print the JSON Schema of lesson.yml (or of course.yml)",
                       description=f"Print the JSON Schema of lesson.yml, derived from the same model the loader uses. "
                       f"Editors use the committed copy, {SCHEMA_FILE}. With --course, the schema of the course "
                       f"file course.yml instead (committed as {COURSE_SCHEMA_FILE}).")
    s.add_argument("--course", action="store_true", help="the schema of course.yml instead of lesson.yml")
    s.add_argument("--out", help=f"write it to this file instead, e.g. {SCHEMA_FILE} (or {COURSE_SCHEMA_FILE} with --course)")
    s.add_argument("--check", action="store_true", help="with --out: exit 1 when the file differs from the model")
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.safety.text import write_text_file
    from generator.spec.course import course_schema_text
    from generator.spec.lesson import schema_text

    text = course_schema_text() if args.course else schema_text()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != text:
            flag = " --course" if args.course else ""
            raise MedialitError(f"{out} is {'out of date' if current else 'missing'}", out,
                                hint=f"run `medialit schema{flag} --out {out}` and commit the result")
        print(f"{out} is up to date")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_file(out, text, "schema file")
    print(f"wrote {out}")
    return 0
