"""medialit check: reviewer checks, file:line:col output, GitHub annotations, re-anchoring and --fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from generator.anchoring.lockfile import LOCK_FILE, replace_scalar
from generator.tools.check import check_all
from tests.conftest import MINIMAL_SPEC, ROOT, SEED_ARTICLE, run

SEED = SEED_ARTICLE.read_text(encoding="utf-8")
ANNOTATION = """\
annotations:
  - quote: "are expected to arrive"   # the shipments have not arrived yet
    category: unconfirmed
    note: Has anything arrived?
"""
SPEC = MINIMAL_SPEC + ANNOTATION  # the quote is on line 20, column 12


def check(project, *args: str):  # type: ignore[no-untyped-def]
    return run("medialit", "check", *args, cwd=project.root)


def recorded(project, article: str = SEED) -> Path:  # type: ignore[no-untyped-def]
    """A lesson whose anchors were recorded, then its article replaced by ``article``."""
    path = project.lesson(article=SEED, spec=SPEC)
    assert check(project, "--fix").returncode == 0
    assert (path.parent / LOCK_FILE).is_file()
    (path.parent / "article.txt").write_text(article, encoding="utf-8")
    return path


def test_repository_lessons_have_no_errors() -> None:
    result = run("medialit", "check", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert re.search(r"checked \d+ lesson\(s\): 0 error\(s\)", result.stderr)


def test_broken_quote_exits_1_with_location_and_suggested_fix(project) -> None:  # type: ignore[no-untyped-def]
    recorded(project, SEED.replace("are expected to arrive", "are expected to land"))
    result = check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    i = lines.index("lessons/sample/lesson.yml:20:12: error: annotation 1: quote “are expected to arrive” is not in article.txt")
    assert lines[i + 1] == ("  hint: best match “are expected to land” at article.txt:17:24 (81% similar, between the words "
                            "recorded around it); fix: quote: \"are expected to land\"; `medialit check --fix` applies it")
    assert "1 error(s)" in result.stderr


def test_fix_repairs_a_moved_and_edited_quote_keeping_comments(project) -> None:  # type: ignore[no-untyped-def]
    edited = "A new first paragraph.\n\n" + SEED.replace("are expected to arrive", "are expected to land")
    path = recorded(project, edited)
    before = path.read_text(encoding="utf-8")
    result = check(project, "--fix")
    assert result.returncode == 0, result.stdout
    assert "fixed " in result.stdout and "annotation 1: quote is now “are expected to land”" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('"are expected to arrive"', '"are expected to land"')
    assert "# the shipments have not arrived yet" in after
    lock = json.loads((path.parent / LOCK_FILE).read_text(encoding="utf-8"))
    [entry] = lock["annotations"]
    start = edited.index("are expected to land")
    assert (entry["quote"], entry["start"], entry["end"]) == ("are expected to land", start, start + 20)
    assert entry["prefix"] == edited[start - 32:start]
    clean = check(project)
    assert clean.returncode == 0 and "annotation" not in clean.stdout


def test_moved_quote_is_a_note_and_fix_records_it(project) -> None:  # type: ignore[no-untyped-def]
    recorded(project, "A new first paragraph.\n\n" + SEED)
    result = check(project)
    assert result.returncode == 0
    assert ("lessons/sample/lesson.yml:20:12: note: annotation 1: quote “are expected to arrive” moved from "
            "article.txt:17:24 to article.txt:19:24; the text around it is unchanged") in result.stdout
    assert check(project, "--fix").returncode == 0
    assert "moved" not in check(project).stdout


def test_changed_context_is_a_warning_showing_before_and_after(project) -> None:  # type: ignore[no-untyped-def]
    recorded(project, SEED.replace("As the first shipments are", "Now that the shipments are"))
    result = check(project)
    assert result.returncode == 0
    assert "warning: annotation 1: the text around quote “are expected to arrive” changed" in result.stdout
    assert "was “…obbying. As the first shipments [are expected to arrive] in Ukraine" in result.stdout
    assert "now “…obbying. Now that the shipments [are expected to arrive] in Ukraine" in result.stdout


def test_quote_now_ambiguous_points_to_the_recorded_occurrence(project) -> None:  # type: ignore[no-untyped-def]
    recorded(project, "Parts are expected to arrive soon.\n\n" + SEED)
    result = check(project, "--fix")
    assert result.returncode == 1
    assert "appears 2 times" in result.stdout
    assert "the closest place now is occurrence 2: add `occurrence: 2`" in result.stdout


def test_fix_leaves_doubtful_matches_reported(project) -> None:  # type: ignore[no-untyped-def]
    path = recorded(project, SEED.replace("are expected to arrive", "will arrive"))
    before = path.read_text(encoding="utf-8")
    result = check(project, "--fix")
    assert result.returncode == 1
    assert ("hint: the words recorded around it now hold “will arrive” at article.txt:17:24 (42% similar); "
            "if the callout still applies there, write quote: \"will arrive\"") in result.stdout
    assert path.read_text(encoding="utf-8") == before
    (path.parent / "article.txt").write_text(SEED.replace("As the first shipments are expected to arrive in Ukraine", "Soon"),
                                             encoding="utf-8")
    result = check(project, "--fix")
    assert result.returncode == 1 and "hint: nothing close is left; the nearest words are" in result.stdout
    assert path.read_text(encoding="utf-8") == before


def test_fix_is_not_applied_when_two_places_match_equally(project) -> None:  # type: ignore[no-untyped-def]
    text = "The shipments are expected soon.\n\nThe parts are expected soon.\n"
    path = project.lesson(article=text, spec=MINIMAL_SPEC + ANNOTATION.replace("are expected to arrive", "are expected to be soon"))
    result = check(project, "--fix")
    assert result.returncode == 1
    assert "not applied by --fix: another place matches almost as well" in result.stdout
    assert "are expected to be soon" in path.read_text(encoding="utf-8")


def test_github_format_prints_workflow_commands(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(article=SEED, spec=SPEC.replace("are expected to arrive", "are expected, to arrive"))
    result = check(project, "--format", "github")
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("::error "))
    assert line.startswith("::error file=lessons/sample/lesson.yml,line=20,col=12,title=medialit check::annotation 1: quote")
    assert "%0Ahint: " in line and "\n" not in line
    assert "::notice file=lessons/sample/lesson.yml,line=1,col=1," in result.stdout  # no lock file yet


def test_every_lesson_is_checked_and_all_problems_reported(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson("one", spec=MINIMAL_SPEC.replace("duration: 30", "duration: soon"))
    project.lesson("two", spec=MINIMAL_SPEC.replace("level: \"6-8\"", "level: \"6-9\""), extra="colour: red\n")
    (project.root / "lessons" / "three").mkdir()
    result = check(project)
    assert result.returncode == 1
    out = result.stdout
    assert "lessons/one/lesson.yml:4:11: error: duration must be a whole number" in out
    assert "lessons/two/lesson.yml:3:8: error: level must be one of" in out
    assert "lessons/two/lesson.yml:19:1: error: unknown key 'colour'" in out
    assert "lessons/three: error: lesson folder has no lesson.yml" in out


def test_reviewer_checks(project) -> None:  # type: ignore[no-untyped-def]
    spec = (MINIMAL_SPEC.replace("license: Fictional practice article.", "license: unknown")
            .replace("outlet: fictional", "outlet: The Daily Planet")
            .replace("title: A small lesson", "title: TODO a title"))
    extra = ("annotations:\n  - quote: Some text\n    category: superlative\n    note: Hype.\n"
             "  - quote: Some text\n    category: superlative\n    note: Again.\n"
             "suppress:\n  - quote: here\n    reason: Nothing to silence.\n")
    folder = project.lesson(spec=spec, article="Some text here. Cafe\u0301 \u00e2\u20ac\u2122s.\n", extra=extra).parent
    (folder / "notes.docx").write_bytes(b"x")
    (folder / "huge.txt").write_bytes(b"x" * (1024 * 1024 + 1))
    out = check(project).stdout
    assert "lessons/sample/lesson.yml:1:8: warning: 'title' still holds a TODO placeholder" in out
    assert "lessons/sample/lesson.yml:13:12: error: article.license 'unknown' gives no terms of use" in out
    assert "lessons/sample/lesson.yml:10:11: warning: article.url is missing for a published article" in out
    assert "lessons/sample/lesson.yml:23:12: warning: annotation 2: marks the same words as annotation 1" in out
    assert "lessons/sample/lesson.yml:27:12: warning: suppress 1: “here” silences nothing the detector finds" in out
    assert "lessons/sample/article.txt:1:20: warning: article has accented letters in decomposed form" in out
    assert "lessons/sample/article.txt:1:23: warning: article contains 'â€', which looks like text decoded with the wrong encoding" in out
    assert "lessons/sample/notes.docx: warning: file 'notes.docx' is not used by the lesson" in out
    assert "lessons/sample/huge.txt: error: huge.txt is 1,048,577 bytes, more than 1,048,576" in out


def test_missing_article_and_bad_encoding_are_errors(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson("gone", spec=MINIMAL_SPEC.replace("file: article.txt", "file: story.txt"))
    project.lesson("latin", article=b"Caf\xe9 society.\n")
    out = check(project).stdout
    assert "lessons/gone/lesson.yml:8:9: error: article file 'story.txt' does not exist" in out
    assert "lessons/gone/article.txt: warning: file 'article.txt' is not used" not in out  # unknown until the spec loads
    assert "lessons/latin/article.txt:1:4: error: article is not valid UTF-8 (byte 0xe9)" in out


def test_duplicate_slugs_titles_and_articles(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson("storm")
    project.lesson("Storm")
    project.lesson("storm-two")
    project.lesson("index", spec=MINIMAL_SPEC.replace("A small lesson", "Another lesson"), article="Other.\n")
    out = check(project).stdout
    assert "lessons/Storm/lesson.yml: error: lesson folder name 'Storm' clashes with 'storm'" in out
    assert "lessons/storm/lesson.yml: error: lesson folder name 'storm' clashes with 'Storm'" in out
    assert "lessons/index/lesson.yml: error: lesson folder name 'index' is reserved" in out
    assert "lessons/storm-two/lesson.yml:1:8: warning: another lesson has the same title" in out
    assert "lessons/storm-two/article.txt: warning: the article is identical to" in out
    assert "lessons/index/lesson.yml:1:8: warning" not in out


def test_paths_select_lessons_and_files_map_to_their_lesson(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson("good")
    project.lesson("bad", spec=MINIMAL_SPEC.replace("duration: 30", "duration: soon"))
    assert check(project, "lessons/good").returncode == 0
    result = check(project, "lessons/bad/article.txt", "lessons/good/lesson.yml")
    assert result.returncode == 1 and "checked 2 lesson(s)" in result.stderr
    missing = check(project, "lessons/nope")
    assert missing.returncode == 1 and "lessons/nope: error: no such file or folder" in missing.stdout


def test_check_all_collects_without_raising(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson("one", spec="title: [")
    project.lesson("two", spec=MINIMAL_SPEC)
    checked, problems = check_all([], project.root / "lessons")
    assert [c.spec_path.parent.name for c in checked] == ["one", "two"]
    assert checked[0].count("error") == 1 and checked[1].count("error") == 0 and problems == []


def test_replace_scalar_keeps_style_comments_and_other_values() -> None:
    text = ("a: 1  # one\nannotations:\n  - quote: plain words   # why\n    note: x\n"
            "  - quote: 'single'\n  - quote: >-\n      folded\n      text\n  - {quote: \"flow\", note: y}\n")
    new = replace_scalar(text, ("annotations", 0, "quote"), "other words")
    assert new == text.replace("plain words", "other words")
    new = replace_scalar(text, ("annotations", 1, "quote"), "it's")
    assert "  - quote: 'it''s'\n" in new
    new = replace_scalar(text, ("annotations", 2, "quote"), "block: now")
    assert '  - quote: "block: now"\n  - {quote' in new
    new = replace_scalar(text, ("annotations", 3, "quote"), "a \"b\"")
    assert '{quote: "a \\"b\\"", note: y}' in new
    new = replace_scalar(text, ("annotations", 0, "quote"), "# not a comment")
    assert yaml.safe_load(new)["annotations"][0]["quote"] == "# not a comment" and "# why" in new


def test_workflows_and_pre_commit_hook_run_the_documented_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    build = re.search(r"^## Quickstart\s+```bash\n(.*?)\n", readme, re.S | re.M).group(1)  # type: ignore[union-attr]
    workflows = ROOT / ".github" / "workflows"
    pr = yaml.safe_load((workflows / "check.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for job in pr["jobs"].values() for s in job["steps"]]
    assert build in steps
    assert any(".venv/bin/medialit check --format github" in s for s in steps)
    assert "pull_request" in pr[True]  # YAML 1.1 reads the key `on` as true
    deploy = yaml.safe_load((workflows / "deploy.yml").read_text(encoding="utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]
    assert build in [s.get("run", "") for job in deploy["jobs"].values() for s in job["steps"]]
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "medialit check" and hook["language"] == "python"
    assert (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8").count("medialit check") >= 1


def test_sourcing_ledger_quotes_are_checked_and_fixed_too(project) -> None:  # type: ignore[no-untyped-def]
    extra = "sources:\n  - quote: \"Rutte sayd\"\n    who: NATO Secretary-General Mark Rutte\n    named: true\n"
    path = project.lesson(article=SEED, spec=MINIMAL_SPEC + extra)
    result = check(project)
    assert result.returncode == 1
    assert "lessons/sample/lesson.yml:20:12: error: sources 1: quote “Rutte sayd” is not in article.txt" in result.stdout
    assert check(project, "--fix").returncode == 0
    assert '  - quote: "Rutte said"\n' in path.read_text(encoding="utf-8")
    lock = json.loads((path.parent / LOCK_FILE).read_text(encoding="utf-8"))
    assert [a["quote"] for a in lock["sources"]] == ["Rutte said"]


def test_fix_keeps_windows_line_endings(project) -> None:  # type: ignore[no-untyped-def]
    path = project.lesson(article=SEED, spec=SPEC.replace("are expected to arrive", "are expectd to arrive"))
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert check(project, "--fix").returncode == 0
    assert path.read_bytes() == before.replace(b"are expectd to arrive", b"are expected to arrive")


def test_fix_replaces_lesson_yml_in_one_step_keeping_its_permissions(project) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    path = project.lesson(article=SEED, spec=SPEC.replace("are expected to arrive", "are expectd to arrive"))
    path.chmod(0o640)
    before = path.stat()
    assert check(project, "--fix").returncode == 0
    after = path.stat()
    assert "are expected to arrive" in path.read_text(encoding="utf-8")
    assert after.st_ino != before.st_ino  # a new file renamed over the old one, not the old one rewritten in place
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert os.access(path, os.R_OK)


def test_fix_never_writes_through_a_link(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = project.lesson(article=SEED, spec=SPEC)
    outside = tmp_path / "outside.json"
    outside.write_text("keep me\n", encoding="utf-8")
    (path.parent / LOCK_FILE).symlink_to(outside)
    result = check(project, "--fix")
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert f"lessons/sample/{LOCK_FILE}: error: {LOCK_FILE} is a link; it was not overwritten" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_oversized_lock_file_is_not_read(project) -> None:  # type: ignore[no-untyped-def]
    path = recorded(project, SEED)
    lock = path.parent / LOCK_FILE
    lock.write_text(lock.read_text(encoding="utf-8").rstrip() + " " * (1024 * 1024) + "\n", encoding="utf-8")  # valid JSON
    result = check(project)
    assert re.search(rf"{LOCK_FILE}: warning: {re.escape(LOCK_FILE)} is [\d,]+ bytes, more than the limit of 1,048,576, "
                     "so edits cannot be re-anchored", result.stdout), result.stdout


def test_an_oversized_lesson_yml_is_reported_once_not_read_for_placeholders(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson(spec=MINIMAL_SPEC + "# TODO: a placeholder\n" + "#" * (300 * 1024) + "\n")
    result = check(project)
    assert result.returncode == 1
    assert "lesson spec is 307," in result.stdout and "more than the limit of 262,144" in result.stdout
    assert "TODO" not in result.stdout
