"""Compare the findings of two checkouts of the project on every article the repository holds.

Runs ``detect`` from each checkout in a process of its own (with a rule cache
of its own) over the lessons' articles, the sample article and every
development set, and prints each finding that only one side has. Use it to
show that an engine change keeps the findings, or what a rule change alters::

    python bench/compare_findings.py --old /path/to/other/checkout [--new .]

Exit status 0 when the findings are identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_CHILD = """
import json, sys
from pathlib import Path
import generator
from generator.article import load_article
from generator.detection.engine import Detector
lang = sys.argv[1]
try:
    from generator.detection.languages import available_languages
    detector = Detector(lang)
except ImportError:  # a checkout from before rule folders per language: English rules in rules/ itself
    folder = Path(generator.__file__).parent / "rules"
    detector = Detector(folder / lang) if (folder / lang).is_dir() else Detector(folder)
out = {}
for name in sys.argv[2:]:
    article = load_article(Path(name))
    found = detector.detect(article.text, [(b.start, b.end) for b in article.blocks])
    out[name] = [[f.category, f.start, f.end, f.rule] for f in found]
print(json.dumps(out))
"""


def articles(root: Path) -> list[Path]:
    """Every article of the lessons, the sample and the development sets (English and others)."""
    found = sorted(root.glob("lessons/*/article.*")) + sorted(root.glob("bench/sample/*.txt"))
    found += sorted(root.glob("bench/devset*/*.txt"))
    return found


def findings(checkout: Path, lang: str, paths: list[Path], env: dict[str, str]) -> dict[str, list[list[object]]]:
    run_env = {**env, "PYTHONPATH": str(checkout)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, lang, *map(str, paths)], cwd=checkout, env=run_env,
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"detect failed in {checkout}:\n{proc.stderr}")
    result: dict[str, list[list[object]]] = json.loads(proc.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", type=Path, required=True, help="the checkout to compare with")
    ap.add_argument("--new", type=Path, default=REPO, help="this checkout (default: the one holding this script)")
    ap.add_argument("--lang", action="append", help="rule sets to compare (repeatable; default: en and es)")
    args = ap.parse_args(argv)
    paths = articles(args.new.resolve())
    differ = 0
    for lang in args.lang or ["en", "es"]:
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            old = findings(args.old.resolve(), lang, paths, {**env, "XDG_CACHE_HOME": str(Path(tmp) / "old")})
            new = findings(args.new.resolve(), lang, paths, {**env, "XDG_CACHE_HOME": str(Path(tmp) / "new")})
        total = changed = 0
        for path in paths:
            name = str(path)
            text = path.read_text(encoding="utf-8")
            a = {tuple(f) for f in old[name]}
            b = {tuple(f) for f in new[name]}
            total += len(b)
            for tag, side in (("-", a - b), ("+", b - a)):
                for cat, start, end, rule in sorted(side, key=lambda f: (f[1], f[0])):
                    changed += 1
                    print(f"{tag} {lang} {path.relative_to(args.new.resolve())}:{start}  {cat}  {rule}  {text[start:end]!r}")
        print(f"{lang} rules: {len(paths)} articles, {total} findings, {changed} differences", file=sys.stderr)
        differ += changed
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
