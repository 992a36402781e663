"""The medialit command line: list, build, detect, errors and help."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import MINIMAL_SPEC, run


def test_list_json_has_the_documented_shape(project) -> None:  # type: ignore[no-untyped-def]
    extra = "annotations:\n  - quote: Some text\n    category: superlative\n    note: Hype.\ndetect: false\n"
    project.lesson(article="Some text here.\n", extra=extra)
    result = run("medialit", "list", "--format", "json", cwd=project.root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    [lesson] = data["lessons"]
    assert lesson == {
        "slug": "sample", "title": "A small lesson", "level": "6-8", "duration": 30,
        "license": "Fictional practice article.", "objectives": ["Spot unnamed sources."],
        "questions": [{"question": "Who is the source?", "answer": "Nobody we can check."}],
        "teacher_notes": "Keep it short.", "words": 3,
        "callouts": {"vague-sourcing": 0, "superlative": 1, "unconfirmed": 0},
    }


def test_list_table_is_readable(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    result = run("medialit", "list", cwd=project.root)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["slug", "level", "min"]
    assert lines[2].split()[:3] == ["sample", "6-8", "30"]
    assert lines[-1] == "1 lesson(s)"


def test_build_writes_docs_and_generated_pages(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    out = tmp_path / "out"
    result = run("medialit", "build", "--out", str(out), cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "assets/medialit.css", "assets/medialit.js", "glossary/index.md", "glossary/superlative.md",
        "glossary/unconfirmed.md", "glossary/vague-sourcing.md", "index.md", "lessons/index.md", "lessons/sample.md",
        "lessons/sample/annotations.jsonld", "lessons/sample/answer-key.md", "lessons/sample/article.txt",
        "lessons/sample/worksheet.md"]


def test_bad_input_is_one_message_exit_1_no_traceback(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson(spec=MINIMAL_SPEC.replace("duration: 30", "duration: soon"))
    result = run("medialit", "build", "--out", str(tmp_path / "out"), cwd=project.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(str(project.root / "lessons" / "sample" / "lesson.yml") + ":4:11: error: duration must be")
    assert not (tmp_path / "out").exists()


def test_failed_build_leaves_previous_output(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = project.lesson()
    out = tmp_path / "out"
    assert run("medialit", "build", "--out", str(out), cwd=project.root).returncode == 0
    before = (out / "lessons" / "sample.md").read_text(encoding="utf-8")
    path.write_text(MINIMAL_SPEC.replace("level:", "levle:"), encoding="utf-8")
    assert run("medialit", "build", "--out", str(out), cwd=project.root).returncode == 1
    assert (out / "lessons" / "sample.md").read_text(encoding="utf-8") == before


def test_python_dash_m_is_the_same_command(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    a = run("medialit", "list", "--format", "json", cwd=project.root)
    b = run("python", "-m", "generator", "list", "--format", "json", cwd=project.root)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout


def test_help_teaches_with_examples() -> None:
    result = run("medialit", "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout and "medialit build --out" in result.stdout


def test_missing_lessons_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("medialit", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert "lessons folder does not exist" in result.stderr and "hint:" in result.stderr


def test_every_command_is_listed_in_help_and_has_its_own() -> None:
    from generator.cli.main import parser

    commands = ["init", "build", "list", "detect", "scan", "new", "check", "export", "handouts", "schema", "suggest"]
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert list(sub.choices) == commands  # type: ignore[union-attr]
    for name in commands:
        result = run("medialit", name, "--help")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"usage: medialit {name}") and "options:" in result.stdout


def test_the_garbage_collector_is_as_the_caller_left_it(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import gc

    from generator.cli.main import main

    article = tmp_path / "article.txt"
    article.write_text("Officials said the plan was the best ever.\n", encoding="utf-8")
    assert gc.isenabled()
    for _ in range(2):  # a program (or a test run) calling main() keeps its collector
        assert main(["detect", str(article)]) == 0
        assert gc.isenabled()
    gc.disable()
    try:
        assert main(["detect", str(article)]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- detect in the article's language ---------------------------------------------------------------

SPANISH = ("El Almenar estaría a punto de cerrar el fichaje, según fuentes próximas al club.\n\n"
           "Un aficionado escribió: \"Insiders say it is the best signing ever\".\n")


def _detected(capsys, *argv: str) -> tuple[int, set[str], str]:  # type: ignore[no-untyped-def]
    from generator.cli.main import main

    status = main(["detect", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    return status, {f["text"] for f in json.loads(out)["findings"]}, err


def test_detect_lang_picks_the_rule_set(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "noticia.txt"
    article.write_text(SPANISH, encoding="utf-8")
    status, english, err = _detected(capsys, str(article))
    assert status == 0 and "Insiders say" in english and "según fuentes próximas al club" not in english and not err
    for tag in ("es", "es-MX", "ES"):
        status, spanish, err = _detected(capsys, str(article), "--lang", tag)
        assert status == 0 and "según fuentes próximas al club" in spanish and "Insiders say" not in spanish, tag
        assert not err


def test_detect_takes_the_language_of_the_lesson_else_the_site(project, capsys) -> None:  # type: ignore[no-untyped-def]
    (project.root / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  language: es\n", encoding="utf-8")
    lesson = project.lesson("noticia", article=SPANISH).parent / "article.txt"
    english = project.lesson("english", article=SPANISH, extra="language: en\n").parent / "article.txt"
    loose = project.root / "docs" / "loose.txt"
    loose.write_text(SPANISH, encoding="utf-8")
    for path, expected in ((lesson, "según fuentes próximas al club"), (loose, "según fuentes próximas al club"),
                           (english, "Insiders say")):
        status, found, err = _detected(capsys, str(path))
        assert status == 0 and expected in found and not err, path
    status, found, _ = _detected(capsys, str(english), "--lang", "es")  # --lang wins over the lesson's language
    assert "según fuentes próximas al club" in found


def test_detect_in_a_language_without_rules_is_one_warning(project, capsys) -> None:  # type: ignore[no-untyped-def]
    from generator.cli.main import main

    article = project.lesson("article", article="Le club serait le meilleur, selon des sources.\n",
                             extra="language: fr-CA\n").parent / "article.txt"
    for argv in ([str(article)], [str(article), "--lang", "de"]):
        status, found, err = _detected(capsys, *argv)
        tag = "de" if "--lang" in argv else "fr-CA"
        assert status == 0 and found == set()
        assert err.count("warning:") == 1 and f"no detection rules for language '{tag}'" in err
        assert "(there are rules for en, es)" in err and "nothing is detected" in err and "Traceback" not in err
    assert "lesson.yml" in _detected(capsys, str(article))[2]  # says where the language comes from
    assert main(["detect", str(article)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.count("warning:") == 1 and err.endswith("0 finding(s)\n")


def test_detect_and_scan_help_explain_the_language() -> None:
    for command in ("detect", "scan"):
        result = run("medialit", command, "--help")
        text = " ".join(result.stdout.split())
        assert "--lang TAG" in text and "es-MX" in text and "lesson.yml" in text and "theme.language" in text
        assert "without rules" in text
    result = run("medialit", "detect", "x.txt", "--lang", "Spanish")
    assert result.returncode == 2 and "'Spanish' is not a language tag" in result.stderr
