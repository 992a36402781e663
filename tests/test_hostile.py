"""The hostile-lesson corpus (tests/hostile/*.yml) through the CLI and MkDocs: one clear error each.

Every case ends in exit status 1 and one message naming the file, line and
column, never in a traceback, and nothing it tries to leak (a secret behind a
link) or to run (a shell command in a YAML tag) gets out. See
tests/hostile/README.md for the case format.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from tests.conftest import MINIMAL_SPEC, Project, mkdocs_build, run

CORPUS = Path(__file__).parent / "hostile"
CASES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.yml"))}


Text = str | list[str | list[str | int]]


def text_of(value: Text) -> str:
    """A corpus string: plain, or a list of parts where ``[s, n]`` stands for ``s`` repeated ``n`` times."""
    if isinstance(value, str):
        return value
    return "".join(part if isinstance(part, str) else str(part[0]) * int(part[1]) for part in value)


def raw(value: Text) -> bytes:
    """A corpus string given as bytes: each character is one byte."""
    return text_of(value).encode("latin-1")


def spec_bytes(case: dict[str, Any]) -> bytes:
    if "spec_bytes" in case:
        return raw(case["spec_bytes"])
    text = MINIMAL_SPEC if case.get("spec") is None else text_of(case["spec"])
    for old, new in case.get("edit", []):
        assert text_of(old) in text, f"edit does not apply: {old!r}"
        text = text.replace(text_of(old), text_of(new))
    text += text_of(case.get("append", ""))
    if case.get("crlf"):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if case.get("bom") else "").encode() + text.encode("utf-8")


def make_project(case: dict[str, Any], tmp_path: Path) -> Path:
    """Write the case's project under ``tmp_path``; return its root."""
    project = Project(tmp_path / "proj")
    root = project.root.resolve()
    outside = tmp_path / "outside"
    outside.mkdir()

    def target(text: str) -> str:
        return text.replace("{outside}", str(outside))

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    for name, text in case.get("outside", {}).items():
        write(outside / name, text_of(text).encode("utf-8"))
    for name, text in case.get("project_files", {}).items():
        write(root / name, text_of(text).encode("utf-8"))
    for name, text in case.get("templates", {}).items():
        write(root / "templates" / name, text_of(text).encode("utf-8"))
    for name, text in case.get("template_bytes", {}).items():
        write(root / "templates" / name, raw(text))
    if case.get("lessons_file"):
        (root / "lessons").rmdir()
        (root / "lessons").write_text("not a folder\n", encoding="utf-8")
        return root
    folder = root / "lessons" / case.get("slug", "case")
    if "folder_link" in case:
        folder.symlink_to(target(case["folder_link"]))
        return root
    folder.mkdir()
    if case.get("spec_is_dir"):
        (folder / "lesson.yml").mkdir()
    elif not case.get("no_spec") and "lesson.yml" not in case.get("links", {}):
        write(folder / "lesson.yml", spec_bytes(case))
    own = {**case.get("files", {}), **case.get("bytes", {}), **case.get("links", {})}
    if not any(name == "article.txt" for name in [*own, *case.get("fifos", []), *case.get("dirs", [])]):
        write(folder / "article.txt", b"Some text.\n")
    for name, text in case.get("files", {}).items():
        write(folder / name, text_of(text).encode("utf-8"))
    for name, text in case.get("bytes", {}).items():
        write(folder / name, raw(text))
    for name, dest in case.get("links", {}).items():
        (folder / name).symlink_to(target(dest))
    for name in case.get("fifos", []):
        os.mkfifo(folder / name)
    for name in case.get("dirs", []):
        (folder / name).mkdir()
    return root


def argv(case: dict[str, Any], root: Path) -> list[str]:
    if case.get("command", "list") == "build":
        return ["build", "--root", str(root), "--out", str(root / case["out"]), "--quiet"]
    return ["list", "--root", str(root)]


def expected_first_line(case: dict[str, Any], root: Path) -> str:
    want = case["expect"]
    location = str(root / want["file"].replace("{root}", str(root)))
    if want["line"]:
        location += f":{want['line']}"
        if want["col"]:
            location += f":{want['col']}"
    return f"{location}: error: {want['message'].replace('{root}', str(root))}"


def check_output(case: dict[str, Any], root: Path, returncode: int, stdout: str, stderr: str) -> None:
    want = case["expect"]
    assert returncode == 1, stderr
    assert "Traceback" not in stderr + stdout
    assert stderr.splitlines()[0] == expected_first_line(case, root)
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert len(errors) == want.get("problems", 1), stderr
    if "hint" in want:
        assert want["hint"] in stderr.splitlines()[1]
    for secret in want.get("absent_text", []):
        assert secret not in stdout + stderr
    for name in want.get("absent_files", []):
        assert not (root / name).exists() and not (Path.cwd() / name).exists()


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    families = {name.split("-")[0] for name in CASES}
    assert {"yaml", "model", "text", "path", "project", "build", "anchor"} <= families
    assert all(case["about"] and case["expect"]["message"] for case in CASES.values())


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_through_the_cli(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    root = make_project(case, tmp_path)
    code = main(argv(case, root))
    out = capsys.readouterr()
    check_output(case, root, code, out.out, out.err)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.get("subprocess")))
def test_case_as_a_process(name: str, tmp_path: Path) -> None:
    """The same message from a real `medialit` process: exit status 1, no traceback."""
    case = CASES[name]
    root = make_project(case, tmp_path)
    result = run("medialit", *argv(case, root), cwd=root)
    check_output(case, root, result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.get("mkdocs")))
def test_case_through_mkdocs_build(name: str, tmp_path: Path) -> None:
    """`mkdocs build` stops with the plugin's error: the same message, exit status 1, no traceback."""
    case = CASES[name]
    root = make_project(case, tmp_path)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"ERROR   -  {expected_first_line(case, root)}" in result.stderr.splitlines()
    for secret in case["expect"].get("absent_text", []):
        assert secret not in result.stdout + result.stderr
    assert not (tmp_path / "site" / "lessons").exists()


def test_mkdocs_serve_stops_with_the_same_message(tmp_path: Path) -> None:
    case = CASES["model-wrong-type-int"]
    root = make_project(case, tmp_path)
    (root / "mkdocs.yml").write_text((Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run("mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"ERROR   -  {expected_first_line(case, root)}" in result.stderr.splitlines()
