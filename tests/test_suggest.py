"""medialit suggest: detected cues written into lesson.yml, comments kept, anchors unique, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli.main import main
from generator.errors import MedialitError
from generator.spec.lesson import load_spec
from generator.tools.suggest import COMMENT, suggest

from .conftest import MINIMAL_SPEC

ARTICLE = (
    "The deal was reportedly signed on Monday, insiders say.\n\n"
    "Critics argue the plan is a massive mistake. The vote reportedly failed, one source said.\n"
)
HAND = """\
# A comment that must survive.
annotations:
  - quote: insiders say   # inline comment
    category: vague-sourcing
    note: Who are they?
# Another comment between keys.
suppress:
  - quote: massive
    reason: Kept on purpose.
"""


def lesson(tmp_path: Path, extra: str = HAND, article: str = ARTICLE) -> Path:
    folder = tmp_path / "sample-lesson"
    folder.mkdir()
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "lesson.yml").write_text(MINIMAL_SPEC + extra, encoding="utf-8")
    return folder


def test_suggestions_are_added_and_existing_text_is_kept(tmp_path: Path) -> None:
    folder = lesson(tmp_path)
    before = (folder / "lesson.yml").read_text(encoding="utf-8")
    path, added = suggest(folder)
    after = path.read_text(encoding="utf-8")
    # Only insertions: removing the inserted block gives the original back, byte for byte.
    inserted = "".join(e.yaml("  ", "\n") for e in added)
    assert inserted in after and after.replace(inserted, "", 1) == before
    assert after.count(COMMENT) == len(added) > 0
    quotes = {(e.quote, e.callout.category) for e in added}
    assert ("insiders say", "vague-sourcing") not in quotes  # covered by the hand-written annotation
    assert ("massive", "superlative") not in quotes  # silenced by suppress
    assert ("Critics argue", "vague-sourcing") in quotes
    assert ("one source said", "vague-sourcing") in quotes


def test_result_loads_and_every_suggestion_anchors_once(tmp_path: Path) -> None:
    folder = lesson(tmp_path)
    _, added = suggest(folder)
    spec = load_spec(folder / "lesson.yml")
    data = yaml.safe_load((folder / "lesson.yml").read_text(encoding="utf-8"))
    reportedly = [a for a in data["annotations"] if a["quote"] == "reportedly"]
    assert len(reportedly) == 2  # the quote occurs twice: each entry carries context to pick its place
    assert all({"suffix", "prefix", "occurrence"} & set(a) for a in reportedly)
    assert len(spec.lesson.annotations) == 1 + len(added)
    for a in data["annotations"][1:]:
        assert a["note"].endswith("?"), "note = the rule's message + its question"


def test_second_run_adds_nothing(tmp_path: Path) -> None:
    folder = lesson(tmp_path)
    suggest(folder)
    once = (folder / "lesson.yml").read_text(encoding="utf-8")
    _, added = suggest(folder / "lesson.yml")
    assert added == []
    assert (folder / "lesson.yml").read_text(encoding="utf-8") == once


def test_without_annotations_key_one_is_added(tmp_path: Path) -> None:
    folder = lesson(tmp_path, extra="# closing comment\n")
    _, added = suggest(folder)
    text = (folder / "lesson.yml").read_text(encoding="utf-8")
    assert text.startswith(MINIMAL_SPEC + "# closing comment\nannotations:\n")
    assert len(load_spec(folder / "lesson.yml").lesson.annotations) == len(added) > 0


def test_empty_flow_list_is_filled(tmp_path: Path) -> None:
    folder = lesson(tmp_path, extra="annotations: []  # none yet\n")
    _, added = suggest(folder)
    text = (folder / "lesson.yml").read_text(encoding="utf-8")
    assert text.rstrip().endswith("# none yet")
    assert len(load_spec(folder / "lesson.yml").lesson.annotations) == len(added) > 0


def test_crlf_file_keeps_crlf(tmp_path: Path) -> None:
    folder = lesson(tmp_path)
    path = folder / "lesson.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    suggest(folder)
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")


def test_dry_run_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = lesson(tmp_path)
    before = (folder / "lesson.yml").read_bytes()
    assert main(["suggest", str(folder), "--dry-run"]) == 0
    assert (folder / "lesson.yml").read_bytes() == before
    out = capsys.readouterr()
    assert '"Critics argue"' in out.out and "would add" in out.err
    assert main(["suggest", str(folder)]) == 0
    assert "added" in capsys.readouterr().err
    assert main(["suggest", str(folder)]) == 0
    assert "nothing to suggest" in capsys.readouterr().err


def test_annotation_that_does_not_anchor_is_an_error(tmp_path: Path) -> None:
    folder = lesson(tmp_path, extra="annotations:\n  - quote: not in the article\n    category: superlative\n    note: x\n")
    with pytest.raises(MedialitError) as err:
        suggest(folder)
    assert err.value.line > 0


def test_repository_lesson_round_trip(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parent.parent / "lessons" / "nato-arms-deal"
    folder = tmp_path / "nato-arms-deal"
    shutil.copytree(src, folder)
    before = (folder / "lesson.yml").read_text(encoding="utf-8")
    _, added = suggest(folder)
    after = (folder / "lesson.yml").read_text(encoding="utf-8")
    inserted = "".join(e.yaml("  ", "\n") for e in added)
    assert after.replace(inserted, "", 1) == before
    assert suggest(folder)[1] == []
