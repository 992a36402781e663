"""Batch detection: `medialit detect` on several files or a folder (JSON Lines) and `medialit scan` (a ranking)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.spec.vocabulary import CATEGORIES
from generator.tools.scan import PARALLEL_MIN, PHRASES_PER_FILE
from tests.conftest import ROOT

DEVSET = sorted((ROOT / "bench" / "devset").glob("*.txt"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of articles: some at the top, some in a sub-folder, an .md one, and files that are not articles."""
    folder = tmp_path / "articles"
    (folder / "sub" / "deeper").mkdir(parents=True)
    for i, src in enumerate(DEVSET[:6]):
        dest = folder / ("sub" if i % 2 else "") / ("deeper" if i == 5 else "") / src.name
        shutil.copy(src, dest)
    (folder / "sub" / "story.md").write_text("# A story\n\nThe most amazing show ever, sources say.\n", encoding="utf-8")
    (folder / "notes.yml").write_text("not: an article\n", encoding="utf-8")
    (folder / "sub" / "gold.yml").write_text("x: 1\n", encoding="utf-8")
    return folder


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def single(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, object]]:
    status, out, _ = run_cli(capsys, "detect", str(path), "--format", "json")
    assert status == 0
    findings: list[dict[str, object]] = json.loads(out)["findings"]
    return findings


def articles(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md"))


def test_detect_folder_writes_one_json_line_per_article_recursively(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "detect", str(corpus))
    assert status == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [Path(o["path"]) for o in lines] == articles(corpus)  # every .txt/.md, deep ones too, nothing else
    assert len(lines) == 7
    for obj in lines:
        assert set(obj) == {"path", "words", "findings"}
        assert isinstance(obj["words"], int) and obj["words"] > 0
        assert obj["findings"] == single(capsys, Path(obj["path"]))  # the same objects as detect --format json


def test_detect_several_files_keeps_their_order(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = articles(corpus)[::-1][:3]
    status, out, _ = run_cli(capsys, "detect", *map(str, files))
    assert status == 0
    assert [json.loads(line)["path"] for line in out.splitlines()] == [str(f) for f in files]


def test_detect_one_file_output_is_unchanged(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = articles(corpus)[0]
    status, out, err = run_cli(capsys, "detect", str(path), "--format", "json")
    assert status == 0 and set(json.loads(out)) == {"findings"}
    status, out, err = run_cli(capsys, "detect", str(path))
    assert out.startswith(f"{path}:") and err.strip().endswith("finding(s)")


def test_scan_ranks_by_cues_per_100_words_matching_detect(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "scan", str(corpus), "--format", "json")
    assert status == 0, err
    report = json.loads(out)
    ranking = report["ranking"]
    assert report["files"] == len(ranking) == 7 and report["failed"] == 0
    rates = [r["per_100_words"] for r in ranking]
    assert rates == sorted(rates, reverse=True) and rates[0] > rates[-1]
    for row in ranking:
        findings = single(capsys, Path(row["path"]))
        counts = Counter(f["category"] for f in findings)
        assert row["cues"] == len(findings)
        assert row["per_100_words"] == round(100 * len(findings) / row["words"], 2)
        for c in CATEGORIES:
            assert row["categories"][c]["cues"] == counts[c]
            assert row["categories"][c]["per_100_words"] == round(100 * counts[c] / row["words"], 2)
        phrases = Counter(" ".join(str(f["text"]).split()).lower() for f in findings)
        assert len(row["phrases"]) == min(PHRASES_PER_FILE, len(phrases))
        top = row["phrases"][0] if row["phrases"] else None
        if top:
            assert top["count"] == max(phrases.values()) and phrases[top["phrase"]] == top["count"]


def test_scan_top_and_by_category(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "scan", str(corpus), "--format", "json", "--by", "superlative")
    full = json.loads(out)["ranking"]
    sup = [r["categories"]["superlative"]["per_100_words"] for r in full]
    assert status == 0 and sup == sorted(sup, reverse=True)
    status, out, _ = run_cli(capsys, "scan", str(corpus), "--format", "json", "--by", "superlative", "--top", "2")
    assert json.loads(out)["ranking"] == full[:2]
    status, out, _ = run_cli(capsys, "scan", str(corpus), "--top", "2")
    rows = [line for line in out.splitlines() if line[:4].strip().isdigit()]
    assert status == 0 and len(rows) == 2 and rows[0].split()[0] == "1"
    assert out.splitlines()[0].split()[:2] == ["#", "per100"]


def test_bad_files_are_one_message_each_and_scanning_goes_on(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "latin1.txt").write_bytes("Caf\xe9 owners say it is the best ever.\n".encode("latin-1"))
    (corpus / "sub" / "empty.md").write_text("", encoding="utf-8")
    for argv in (["scan", str(corpus), "--format", "json"], ["detect", str(corpus)]):
        status, out, err = run_cli(capsys, *argv)
        assert status == 1
        assert "Traceback" not in err
        assert "latin1.txt:1:" in err and "UTF-8" in err and "empty.md" in err
        good = len(articles(corpus)) - 2
        done = json.loads(out)["ranking"] if argv[0] == "scan" else out.splitlines()
        assert len(done) == good
    status, _, err = run_cli(capsys, "scan", str(corpus / "missing.txt"), str(corpus / "sub"))
    assert status == 1 and "missing.txt" in err and "Traceback" not in err


def test_worker_processes_give_the_same_results(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(PARALLEL_MIN * 2):
        shutil.copy(DEVSET[i % len(DEVSET)], tmp_path / f"{i:03}.txt")
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("MEDIALIT_JOBS", jobs)
        status, out, _ = run_cli(capsys, "detect", str(tmp_path))
        assert status == 0
        outputs.append(out)
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == PARALLEL_MIN * 2


def test_ranking_with_top_keeps_the_same_best_files_as_a_full_ranking() -> None:
    from generator.tools.scan import FileResult, ranked

    many = [FileResult(f"f{i:03}.txt", 100 + i % 7, {"superlative": i % 11, "unconfirmed": i % 5}) for i in range(300)]
    for category in (None, "unconfirmed"):
        full = ranked(many, category)
        assert [r.rate(category) for r in full] == sorted((r.rate(category) for r in many), reverse=True)
        assert ranked(iter(many), category, 3) == full[:3]


# --- each file in its language -------------------------------------------------------------------

SPANISH = ("Según fuentes próximas al club, el fichaje estaría cerrado. Sería el fichaje del siglo.\n\n"
           "Un aficionado escribió: \"Insiders say it is the best signing ever\".\n")


def test_scan_and_detect_read_each_file_in_its_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "course"
    for slug, lang in (("es-uno", "es"), ("en-one", "en"), ("fr-un", "fr"), ("fr-deux", "fr")):
        (folder / slug).mkdir(parents=True)
        (folder / slug / "lesson.yml").write_text(f"language: {lang}\n", encoding="utf-8")
        (folder / slug / "article.txt").write_text(SPANISH, encoding="utf-8")
    (folder / "loose.txt").write_text(SPANISH, encoding="utf-8")  # no lesson, no mkdocs.yml: English
    status, out, err = run_cli(capsys, "detect", str(folder))
    assert status == 0
    found = {Path(o["path"]).parent.name if o["path"].endswith("article.txt") else "loose":
             {f["text"] for f in o["findings"]} for o in map(json.loads, out.splitlines())}
    assert set(found) == {"es-uno", "en-one", "loose"}  # the French files are not read
    assert "Según fuentes próximas al club" in found["es-uno"] and "Insiders say" not in found["es-uno"]
    assert "Insiders say" in found["en-one"] and "Insiders say" in found["loose"]
    assert err.count("warning:") == 1 and "no detection rules for language 'fr'" in err and "2 file(s)" in err

    status, out, err = run_cli(capsys, "scan", str(folder), "--format", "json")
    assert status == 0 and json.loads(out)["files"] == 3
    assert err.count("warning:") == 1 and "'fr'" in err and "not read by the detector" in err

    status, out, err = run_cli(capsys, "scan", str(folder), "--lang", "es", "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["files"] == 5 and err == ""
    assert all("según fuentes próximas al club" in [p["phrase"] for p in r["phrases"]] for r in data["ranking"])
    status, out, err = run_cli(capsys, "scan", str(folder), "--lang", "pt-BR")
    assert status == 0 and err.count("warning:") == 1 and "'pt-BR'" in err and "5 file(s)" in err


def test_a_bad_language_in_a_lesson_is_that_file_s_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "lesson.yml").write_text("language: Spanish\n", encoding="utf-8")
    (tmp_path / "bad" / "article.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "good.txt").write_text(SPANISH, encoding="utf-8")
    status, out, err = run_cli(capsys, "scan", str(tmp_path), "--format", "json")
    assert status == 1 and json.loads(out)["files"] == 1
    assert "lesson.yml:1:" in err and "language must be a language tag" in err and "Traceback" not in err
