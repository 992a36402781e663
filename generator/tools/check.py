"""``medialit check``: everything a reviewer would check in a lesson, as file:line:col problems.

Each lesson is loaded through the same pipeline the site uses (spec model,
article, anchoring, callouts), and every problem of every lesson is
collected: nothing stops at the first. On top of that come the checks only a
reviewer makes: placeholders left to fill, licence terms, source links,
characters that break quoting, file sizes, files missing or unused,
duplicate slugs, titles and articles, suppressions that silence nothing, and
quotes whose article was edited (see :mod:`generator.anchoring.lockfile`).
``--fix`` applies the unambiguous re-anchoring fixes and records positions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.anchoring import lockfile as reanchor
from generator.anchoring.lockfile import (
    LOCK_FILE,
    Key,
    drift,
    hint,
    items,
    label,
    pair,
    read_lock,
    record,
    relocate,
    replace_scalar,
    short,
    write_lock,
)
from generator.anchoring.quotes import Match
from generator.article import MAX_ARTICLE_BYTES, Article, load_article
from generator.build.lesson import discover
from generator.callouts import anchor, build_callouts
from generator.errors import MedialitError, Problem
from generator.render.i18n import available_translations, has_translation
from generator.safety.text import read_lesson_file, write_text_file
from generator.spec.language import DEFAULT_LANGUAGE
from generator.spec.lesson import MAX_SPEC_BYTES, SPEC_FILE, Annotation, LessonSpec, Suppression, load_spec
from generator.tools.suggest import COMMENT as SUGGESTED

MAX_FILE_BYTES = MAX_ARTICLE_BYTES  # any file in a lesson folder
LONG_ARTICLE_BYTES = 64 * 1024
RESERVED_SLUGS = frozenset({"index"})  # lessons/index.md is the course index
NO_TERMS = frozenset({"", "?", "-", "na", "n/a", "none", "unknown", "tbd", "tba", "no licence", "no license"})
_PLACEHOLDER = re.compile(r"\bTODO\b")
_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_MOJIBAKE = re.compile("â€|Ã[\u00a0-\u00bf]|\ufffd")
GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


@dataclass
class Checked:
    """The result of checking one lesson folder."""

    spec_path: Path
    site_language: str = DEFAULT_LANGUAGE  # of a lesson without language: (see generator.spec.language)
    problems: list[Problem] = field(default_factory=list)
    spec: LessonSpec | None = None
    article: Article | None = None
    anchors: dict[Key, reanchor.Anchor] = field(default_factory=dict)  # what the lock file should now record
    fixes: list[tuple[Key, reanchor.NearMatch]] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)


def _warn(message: str, path: Path | str, line: int = 0, col: int = 0, hint: str = "", severity: str = "warning") -> Problem:
    return Problem(message, str(path), line, col, hint, severity)


# --- one lesson ----------------------------------------------------------------------------------

def check_lesson(spec_path: Path, site_language: str = DEFAULT_LANGUAGE) -> Checked:
    out = Checked(spec_path, site_language)
    out.problems += placeholder_problems(spec_path)
    try:
        out.spec = spec = load_spec(spec_path, site_language)
    except MedialitError as exc:
        out.problems += exc.problems
        out.problems += folder_problems(spec_path.parent, None)
        return out
    meta = spec.lesson.article
    out.problems += folder_problems(spec.folder, {SPEC_FILE, LOCK_FILE, meta.file})
    out.problems += licence_problems(spec)
    out.problems += language_problems(spec)
    try:
        out.article = load_article(spec.article_path)
    except MedialitError as exc:
        out.problems += exc.problems
        return out
    out.problems += article_problems(out.article)
    anchor_problems(out)
    return out


def language_problems(spec: LessonSpec) -> list[Problem]:
    """A warning when the page of a lesson cannot be shown in its language."""
    lang = spec.language
    line, col = spec.lesson.mark("language") if spec.lesson.language else (1, 1)
    whose = "the lesson's language" if spec.lesson.language else "the site's language, which the lesson takes,"
    if has_translation(lang):
        return []
    return [_warn(f"{whose} {lang!r} has no interface translation: its page is shown with English headings and buttons",
                  spec.path, line, col, f"translations exist for: {', '.join(available_translations().values())}; "
                  "docs/translating.md says how to add one")]


def placeholder_problems(spec_path: Path) -> list[Problem]:
    """A warning for each line of lesson.yml that still holds a TODO (in a value or a comment) or marks a suggestion."""
    try:
        text = read_lesson_file(spec_path, MAX_SPEC_BYTES, "lesson spec")
    except MedialitError:
        return []  # load_spec reports it
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() == SUGGESTED:
            out.append(_warn("annotation suggested by the detector, still to review", spec_path, n, line.index("#") + 1,
                             "keep it by deleting this comment line (rewrite the note in your own words if you like), "
                             "or delete the entry; the detector marks the cue on the page either way"))
        m = _PLACEHOLDER.search(line)
        if m:
            key = _KEY.match(line)
            what = f"'{key.group(1)}'" if key else ("this list item" if line.lstrip().startswith("-") else "this line")
            out.append(_warn(f"{what} still holds a TODO placeholder", spec_path, n, m.start() + 1,
                             "write the real text in place of the TODO (docs/spec.md describes each field)"))
    return out


def folder_problems(folder: Path, used: set[str] | None) -> list[Problem]:
    """Files too large, and (when ``used`` is known) files and folders the lesson does not use."""
    out = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and not entry.is_symlink() and entry.stat().st_size > MAX_FILE_BYTES:
            out.append(Problem(f"{entry.name} is {entry.stat().st_size:,} bytes, more than {MAX_FILE_BYTES:,}",
                               str(entry), hint="a lesson folder holds small text files only; remove or shorten it"))
        if used is not None and entry.name not in used:
            kind = "folder" if entry.is_dir() else "file"
            out.append(_warn(f"{kind} {entry.name!r} is not used by the lesson", entry,
                             hint=f"delete it; a lesson folder holds {SPEC_FILE}, the article named by article.file "
                                  f"and {LOCK_FILE}"))
    return out


def licence_problems(spec: LessonSpec) -> list[Problem]:
    meta, out = spec.lesson.article, []
    for name in ("license", "attribution"):
        value = getattr(meta, name)
        if value.strip().lower().rstrip(".") in NO_TERMS:
            out.append(Problem(f"article.{name} {value!r} gives no {'terms of use' if name == 'license' else 'credit'}",
                               str(spec.path), *meta.mark(name),
                               "name the licence (e.g. 'CC BY 4.0', 'public domain', 'used with permission of …') "
                               "or say the article is fictional practice material" if name == "license"
                               else "say who wrote and published the article, as it should appear under it"))
    if meta.url is None and meta.outlet.strip().lower() != "fictional" and not _PLACEHOLDER.search(meta.outlet):
        out.append(_warn("article.url is missing for a published article", spec.path, *meta.mark("outlet"),
                         "add url: with the original's address so students and reviewers can check the source, "
                         "or write outlet: fictional for practice material"))
    return out


def article_problems(article: Article) -> list[Problem]:
    """Characters that load but break quoting or display, and length."""
    text, out = article.text, []
    size = len(text.encode("utf-8"))
    if size > LONG_ARTICLE_BYTES:
        out.append(_warn(f"article is {size // 1024} KiB; students read it in one class", article.path,
                         hint="shorten it to the part the lesson needs (most lessons are under 10 KiB)"))
    m = _MOJIBAKE.search(text)
    if m:
        line, col = article.position(m.start())
        out.append(_warn(f"article contains {m.group()!r}, which looks like text decoded with the wrong encoding",
                         article.path, line, col, "copy the text again from the source, or re-save it as UTF-8"))
    if not unicodedata.is_normalized("NFC", text):
        for n, line_text in enumerate(text.split("\n"), 1):
            if not unicodedata.is_normalized("NFC", line_text):
                col = next(j for j in range(1, len(line_text) + 1) if not unicodedata.is_normalized("NFC", line_text[:j]))
                out.append(_warn("article has accented letters in decomposed form (not Unicode NFC)", article.path, n,
                                 max(1, col - 1), "quotes typed on a keyboard will not match them; save the text as NFC"))
                break
    return out


def anchor_problems(out: Checked) -> None:
    """Anchoring, overlaps and re-anchoring against the lock file; fills ``out.anchors`` and ``out.fixes``."""
    spec, article = out.spec, out.article
    assert spec is not None and article is not None
    text = article.text
    lock, problems = read_lock(spec.folder)
    keyed = items(spec.lesson)
    old = pair(lock, keyed) if lock is not None else {}
    now: dict[Key, Match] = {}
    failed_marks = set()
    for key, item in keyed:
        try:
            now[key] = anchor(spec, article, item, label(key))
        except MedialitError as exc:
            failed_marks.add(item.mark("quote"))
            rel = relocate(text, item, old.get(key), None)
            first = exc.first
            problems.append(Problem(first.message, first.path, first.line, first.col, hint(rel, article, first.hint)))
            if rel.near is not None and rel.near.fixable:
                out.fixes.append((key, rel.near))
            if key in old:
                out.anchors[key] = old[key]  # keep the old record for a later attempt
            continue
        out.anchors[key] = record(text, item.quote, now[key].start, now[key].end)
        problems += drift(key, item, relocate(text, item, old.get(key), now[key]), article, spec.path, lock is not None)
    if keyed and lock is None and not (spec.folder / LOCK_FILE).exists():
        problems.append(_warn(f"no {LOCK_FILE} yet, so later edits of the article cannot be re-anchored precisely",
                              spec.path, 1, 1, f"run `medialit check --fix {spec.folder}` to record where each quote is",
                              "note"))
    try:
        callouts = build_callouts(spec, article)
        problems += callouts.warnings
    except MedialitError as exc:
        problems += [p for p in exc.problems if (p.line, p.col) not in failed_marks]
        callouts = None
    seen: dict[tuple[int, int, str], int] = {}
    for key, item in keyed:
        m = now.get(key)
        if m is None:
            continue
        if isinstance(item, Annotation):
            earlier = seen.setdefault((m.start, m.end, item.category), key[1])
            if earlier != key[1]:
                problems.append(_warn(f"{label(key)} marks the same words as annotation {earlier}, with the same category",
                                      spec.path, *item.mark("quote"), "merge the two notes into one annotation"))
        elif isinstance(item, Suppression) and callouts is not None and not any(f.start < m.end and m.start < f.end and item.category in (None, f.category)
                                              for f in callouts.suppressed):
            problems.append(_warn(f"{label(key)} “{short(item.quote)}” silences nothing the detector finds",
                                  spec.path, *item.mark("quote"),
                                  f"remove the entry, or check its quote and category against `medialit detect {article.path}`"))
    out.problems += problems


# --- many lessons --------------------------------------------------------------------------------

def lesson_paths(paths: list[Path], lessons_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The lesson.yml files that PATHs name: lesson folders, files inside them, or lessons folders."""
    specs: list[Path] = []
    problems: list[Problem] = []
    for path in paths or [lessons_dir]:
        folder = path if path.is_dir() else path.parent
        owner = next((p for p in (folder, *folder.parents) if (p / SPEC_FILE).is_file()), None)
        if not path.exists():
            problems.append(Problem("no such file or folder", str(path), hint="give a lesson folder, a file in one, or the lessons folder"))
        elif owner is not None:
            specs.append(owner / SPEC_FILE)
        elif path.is_file():
            problems.append(Problem(f"not inside a lesson folder (no {SPEC_FILE} beside it or above it)", str(path),
                                    hint=f"run `medialit new SLUG --article {path}` to make a lesson of it"))
        else:
            specs += discover(folder, problems)
    unique = list(dict.fromkeys(specs))
    return unique, problems


def duplicate_problems(checked: list[Checked]) -> list[Problem]:
    """Slugs that clash (reserved, or equal ignoring case), and lessons sharing a title or an article."""
    out: list[Problem] = []
    siblings: dict[str, list[Path]] = {}
    for folder in {c.spec_path.parent.parent for c in checked}:
        for p in folder.iterdir():
            if p.is_dir() and not p.name.startswith((".", "_")):
                siblings.setdefault(unicodedata.normalize("NFKC", p.name).casefold(), []).append(p)
    by_title: dict[str, Checked] = {}
    by_text: dict[str, Checked] = {}
    for c in checked:
        slug = c.spec_path.parent.name
        if slug in RESERVED_SLUGS:
            out.append(Problem(f"lesson folder name {slug!r} is reserved", str(c.spec_path), 0, 0,
                               "rename the folder; lessons/index is the course index page"))
        clash = [p for p in siblings.get(unicodedata.normalize("NFKC", slug).casefold(), []) if p.name != slug]
        if clash:
            out.append(Problem(f"lesson folder name {slug!r} clashes with {clash[0].name!r}: the two differ only in case",
                               str(c.spec_path), 0, 0, "rename one; on macOS and Windows they are the same folder"))
        if c.spec is not None:
            title = " ".join(c.spec.lesson.title.split()).casefold()
            first = by_title.setdefault(title, c)
            if first is not c:
                out.append(_warn(f"another lesson has the same title ({first.spec_path})", c.spec_path,
                                 *c.spec.lesson.mark("title"), "give each lesson its own title"))
        if c.article is not None:
            digest = hashlib.sha256(c.article.text.encode("utf-8")).hexdigest()
            first = by_text.setdefault(digest, c)
            if first is not c:
                out.append(_warn(f"the article is identical to {first.article.path if first.article else ''}",
                                 c.article.path, hint="a lesson per article: add your teaching to the existing lesson"))
    return out


def check_all(paths: list[Path], lessons_dir: Path, fix: bool = False,
              report: Callable[[str], None] | None = None,
              site_language: str = DEFAULT_LANGUAGE) -> tuple[list[Checked], list[Problem]]:
    """Check every lesson PATHs name; with ``fix``, apply unambiguous fixes and record anchors first."""
    specs, problems = lesson_paths(paths, lessons_dir)
    checked = [check_lesson(p, site_language) for p in specs]
    if fix:
        checked = [apply_fixes(c, report or (lambda s: None)) for c in checked]
    problems += duplicate_problems(checked)
    return checked, problems


def apply_fixes(c: Checked, report: Callable[[str], None]) -> Checked:
    """Rewrite the quotes that have one unambiguous fix, record anchors, and check again."""
    try:
        if c.fixes:
            text = original = read_lesson_file(c.spec_path, MAX_SPEC_BYTES, "lesson spec")  # as stored: line ends kept
            for (kind, index), s in c.fixes:
                try:
                    text = replace_scalar(text, (kind, index - 1, "quote"), s.quote)
                except (MedialitError, KeyError):
                    continue
                report(f"fixed {c.spec_path}: {label((kind, index))} quote is now “{s.quote}”")
            if text != original:
                write_text_file(c.spec_path, text, "lesson spec")
                c = check_lesson(c.spec_path, c.site_language)
        if c.spec is not None and c.article is not None and write_lock(c.spec.folder, c.spec.lesson.article.file, c.anchors):
            report(f"recorded {len(c.anchors)} anchor(s) in {c.spec.folder / LOCK_FILE}")
            c = check_lesson(c.spec_path, c.site_language)
    except MedialitError as exc:  # a link where a file is to be written, a file that cannot be read or written
        c.problems += exc.problems
    return c


# --- output -----------------------------------------------------------------------------------

def display_path(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix() if path else path
    except ValueError:
        return path


def _gh(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_problem(p: Problem, fmt: str) -> str:
    shown = Problem(p.message, display_path(p.path), p.line, p.col, p.hint, p.severity)
    if fmt != "github":
        return shown.format()
    props = [f"file={_gh(shown.path, True)}"]
    if p.line:
        props.append(f"line={p.line}")
        if p.col:
            props.append(f"col={p.col}")
    props.append("title=" + _gh("medialit check", True))
    body = p.message + (f"\nhint: {p.hint}" if p.hint else "")
    return f"::{GITHUB_LEVEL.get(p.severity, 'error')} {','.join(props)}::{_gh(body)}"
