"""The detection engine: sentences, hard negatives, offsets into raw text, the CLI and bad rule files."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.article import load_article
from generator.cli.main import main
from generator.detection.engine import Detector, detect, sentence_starts
from generator.detection.rules import rules_dir
from generator.errors import MedialitError


def sentences(text: str) -> list[str]:
    starts = [*sentence_starts(text), len(text)]
    return [s for a, b in itertools.pairwise(starts) if (s := text[a:b].strip())]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "He met U.S. officials and Dr. Maria Lopez on Tuesday. The talks ended in the U.S. Then they left."
    assert sentences(text) == ["He met U.S. officials and Dr. Maria Lopez on Tuesday.",
                               "The talks ended in the U.S.", "Then they left."]


def test_line_break_after_abbreviation_keeps_the_sentence() -> None:
    text = "In a rare move, U.S.\nPresident Donald Trump met the allies.\nThe meeting lasted an hour."
    assert sentences(text) == ["In a rare move, U.S.\nPresident Donald Trump met the allies.", "The meeting lasted an hour."]


def test_one_sentence_per_line() -> None:
    text = "One source said the deal is done.\nCritics argue it is too small.\nThe vote is on Friday.\n"
    assert sentences(text) == ["One source said the deal is done.", "Critics argue it is too small.", "The vote is on Friday."]
    found = {(f.category, text[f.start:f.end]) for f in detect(text)}
    assert ("vague-sourcing", "One source said") in found
    assert ("vague-sourcing", "Critics argue") in found


def test_finding_never_crosses_a_sentence_or_block() -> None:
    text = "The meeting was arranged by officials.\nSources say it went well."
    for f in detect(text):
        assert "\n" not in text[f.start:f.end]


HARD_NEGATIVES = [
    "Navy Captain Jeff Davis said the weapons would arrive on time.",
    "A spokesman for the U.S. Defense Department, Navy Captain Jeff Davis, said the talks went well.",
    "The Russian Defense Ministry said the strike hit a depot.",
    "Reuters reported the figures on Tuesday.",
    "NATO Secretary-General Mark Rutte said the alliance was united.",
    "According to the court filing, the company owed $3 million.",
    "The ministry confirmed that the meeting took place.",
    "Records show the offer was submitted on Feb. 20.",
    "The first shipments reached the port on Monday.",
    "Most of the budget went to roads and schools.",
    "The bill passed in his second term.",
    "Her interest in the forest was honest, and the request came from the west.",
    "Analysts suggest caution, she said, and the test was a contest of wills.",
    "As expected, the bill passed.",
    "The latest figures were published on Monday.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_stay_quiet(text: str) -> None:
    found = [(text[f.start:f.end], f.category, f.rule) for f in detect(text)
             if not (f.category == "vague-sourcing" and text[f.start:f.end].startswith("Analysts suggest"))]
    assert found == []


def test_est_words_are_not_superlatives() -> None:
    text = "The interest rate, an honest forest survey, a request from the west, and I suggest a test."
    assert [f for f in detect(text) if f.category == "superlative"] == []


def test_offsets_point_into_a_crlf_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title line\r\n\r\nThe meeting reportedly lasted\r\ntwo hours, one source said.\r\n")
    article = load_article(path)
    raw = path.read_bytes().decode("utf-8")
    assert article.text == raw
    found = detect(article.text, [(b.start, b.end) for b in article.blocks])
    phrases = [raw[f.start:f.end] for f in found]
    assert "reportedly" in phrases and "one source said" in phrases


def test_offsets_point_into_markdown_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    raw = "---\ntitle: Critics argue about it\n---\n\n# A headline\n\nSome experts say the **plan** is *shocking*.\n"
    path.write_text(raw, encoding="utf-8")
    article = load_article(path)
    found = detect(article.text, [(b.start, b.end) for b in article.blocks])
    body = raw.index("# A headline")
    assert all(f.start >= body for f in found), "front matter is not article text"
    assert {raw[f.start:f.end] for f in found} >= {"Some experts say", "shocking"}


def test_cli_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("First line.\nThe deal was reportedly signed, insiders say.\n", encoding="utf-8")
    assert main(["detect", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f'{path}:2:14  unconfirmed     "reportedly"  hedge-word' in lines
    for line in lines:
        assert re.fullmatch(rf'{re.escape(str(path))}:\d+:\d+  [a-z-]+ *  ".+"  [a-z0-9-]+', line), line


def test_cli_json_offsets_are_python_string_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    raw = "Emoji 😀 first.\r\nCritics argue the plan is a massive mistake, sources say.\r\n"
    path.write_bytes(raw.encode("utf-8"))
    assert main(["detect", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["findings"], data
    for f in data["findings"]:
        assert set(f) == {"category", "start", "end", "text", "rule", "message"}
        assert f["text"] == raw[f["start"]:f["end"]]


def _rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir("en"), target)
    return target


def test_bad_pattern_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "superlative.yml"
    text = path.read_text(encoding="utf-8").replace("      - 'shock(?:ing", "      - '(shock(?:ing", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        Detector(folder=rules)
    e = err.value
    assert Path(e.path) == path and e.line > 1 and e.col > 0
    assert "hype-word" in e.message and "regular expression" in e.message
    assert e.line == text[:text.index("      - '(shock")].count("\n") or e.line < text.count("\n")


def test_unknown_macro_and_missing_field_are_reported(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "unconfirmed.yml"
    text = path.read_text(encoding="utf-8").replace("'reportedly|allegedly", "'{NOPE}|reportedly|allegedly", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        Detector(folder=rules)
    assert "{NOPE}" in err.value.message and Path(err.value.path) == path and err.value.line > 0
    path.write_text(text.replace("'{NOPE}|", "'", 1).replace("    question: Who reported it first", "    q: x\n    #", 1),
                    encoding="utf-8")
    with pytest.raises(MedialitError) as err:
        Detector(folder=rules)
    assert Path(err.value.path) == path and err.value.line > 0
