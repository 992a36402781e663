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

from generator import resources
from generator.cli.main import main
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


# --- error paths a corpus file cannot set up: permissions (the tests may run as root), crashes, output --------


def lesson_project(tmp_path: Path) -> Path:
    root = make_project(CASES["model-wrong-type-int"] | {"edit": []}, tmp_path)
    return root


def deny(monkeypatch: pytest.MonkeyPatch, method: str, target: Path) -> None:
    """Make ``Path.<method>`` (``os.open`` for "open") fail with EACCES for ``target``, as a file without read permission does."""
    owner = os if method == "open" else Path
    original = getattr(owner, method)

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if Path(self) == target:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, method, guarded)


@pytest.mark.parametrize(("method", "rel", "message"), [
    ("open", "lessons/case/article.txt", "cannot read article: Permission denied"),
    ("open", "lessons/case/lesson.yml", "cannot read lesson spec: Permission denied"),
    ("iterdir", "lessons", "cannot read the lessons folder: Permission denied"),
])
def test_unreadable_files_are_one_clear_error(method: str, rel: str, message: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = lesson_project(tmp_path)
    deny(monkeypatch, method, root / rel)
    assert main(["list", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"{root / rel}: error: {message}"


def test_an_unexpected_os_error_is_still_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:

    root = lesson_project(tmp_path)
    deny(monkeypatch, "read_text", resources.ASSETS_DIR / "icons" / "superlative.svg")
    assert main(["list", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"{resources.ASSETS_DIR / 'icons' / 'superlative.svg'}: error: cannot read or write: Permission denied"


def test_control_characters_in_a_path_are_escaped_in_the_message(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A folder name cannot forge a second log line (or a CI command such as ::set-output)."""
    root = make_project(CASES["model-wrong-type-int"] | {"slug": "x\n::error::forged\x1b[2J"}, tmp_path)
    assert main(["list", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith(f"{root}/lessons/x\\n::error::forged\\x1b[2J/lesson.yml:4:11: error: ")
    assert not any(line.startswith("::") for line in err.splitlines())


def built(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def good_project(tmp_path: Path) -> Path:
    return make_project({"files": {"article.txt": "Officials said it was the best deal ever, sources say.\n"}}, tmp_path)


def test_two_builds_write_byte_identical_files(tmp_path: Path) -> None:
    """No timestamps, no unordered iteration: two processes with different hash seeds write the same bytes."""
    root = good_project(tmp_path)
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        result = run("medialit", "build", "--out", str(out), "--quiet", cwd=root, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outs.append(built(out))
    assert outs[0] == outs[1]
    assert "lessons/case.md" in outs[0]


@pytest.mark.parametrize("crash", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_crash_mid_write_leaves_the_previous_output(crash: BaseException, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = good_project(tmp_path)
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out), "--quiet"]) == 0
    before = built(out)
    (root / "lessons" / "case" / "article.txt").write_text("Changed text, officials said.\n", encoding="utf-8")
    original, written = Path.write_text, []

    def failing(self: Path, *args: Any, **kwargs: Any) -> int:
        if len(written) == 2:
            raise crash
        written.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    code = main(["build", "--root", str(root), "--out", str(out), "--quiet"])
    assert code == (130 if isinstance(crash, KeyboardInterrupt) else 1)
    assert len(written) == 2  # it did crash half-way through
    assert built(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "outside", "proj"]  # no half-written folder left
    if code == 1:
        assert capsys.readouterr().err.startswith(f"{out}: error: cannot write output: No space left on device")


def test_a_failed_swap_puts_the_previous_output_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = good_project(tmp_path)
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out), "--quiet"]) == 0
    before = built(out)
    original = Path.rename

    def rename(self: Path, target: Any) -> Path:
        if Path(target) == out and self.name.startswith(".out.") and "old" not in self.name:
            raise OSError(18, "Invalid cross-device link", str(self))
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    assert main(["build", "--root", str(root), "--out", str(out), "--quiet"]) == 1
    assert built(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "outside", "proj"]


@pytest.mark.parametrize("out", ["lessons/..", "templates", "docs/site"])
def test_build_refuses_an_output_folder_that_would_replace_inputs(out: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = good_project(tmp_path)
    before = built(root)
    assert main(["build", "--root", str(root), "--out", str(root / out), "--quiet"]) == 1
    assert "error: output folder " in capsys.readouterr().err
    assert built(root) == before


def test_messages_escape_every_character_input_files_may_not_hold() -> None:
    """One list of invisible characters: what an input file may not hold never reaches a terminal as it is."""
    from generator.errors import printable
    from generator.safety.text import find_bad_char

    missed = [f"U+{cp:04X}" for cp in range(0x110000) if find_bad_char(f"é{chr(cp)}é") and printable(chr(cp)) == chr(cp)]
    assert not missed, f"printable() leaves {len(missed)} forbidden characters as they are, e.g. {missed[:5]}"
    assert printable("a\tb\nc") == "a\\tb\\nc"  # and no line break can forge a log line
