"""The ``medialit`` command line: the parser, and :func:`main`, which runs a command and turns errors into messages.

Each command lives in a module of its own beside this one (``generator/cli/<command>.py``)
with ``register(sub)``, which adds its sub-parser, and ``run(args)``, which runs it.
"""

from __future__ import annotations

import argparse
import sys

from generator import __version__
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
  medialit init my-course             start a new course site
  medialit build --out build/docs     write every page as plain Markdown
  medialit list                       lessons with their callout counts
  medialit list --format json         the same, for other tools
  medialit detect article.txt         cues the detector finds in any article
  medialit scan articles/             rank a folder of articles by cues per 100 words
  medialit handouts --out handouts/   worksheets and answer keys as PDF (needs Chromium)

Errors name the file, line and column, and say how to fix the problem;
the exit status is 1 when there is any error. Docs: docs/ in the repository.
"""


def parser(full: bool = True) -> argparse.ArgumentParser:
    """The command line; without ``full``, only ``detect``, which then skips importing the other commands."""
    from generator.cli import detect

    p = argparse.ArgumentParser(prog="medialit", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"medialit {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if not full:
        detect.register(sub)
        return p
    from generator.cli import build, check, export, handouts, init, new, scan, schema, suggest
    from generator.cli import list as list_lessons

    for command in (init, build, list_lessons, detect, scan, new, check, export, handouts, schema, suggest):  # the order of --help
        command.register(sub)
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
