"""The MkDocs plugin: same errors as the CLI, and lessons/ + templates/ watched under serve."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from tests.conftest import MINIMAL_SPEC, mkdocs_build, run


def test_lesson_error_fails_mkdocs_build_with_the_cli_message(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project.lesson(spec=MINIMAL_SPEC.replace('level: "6-8"', "level: 6-9"))
    cli = run("medialit", "list", cwd=project.root)
    build = mkdocs_build(project.root, tmp_path / "site")
    assert cli.returncode == 1 and build.returncode == 1
    message = cli.stderr.strip()
    assert message.startswith(str(project.root / "lessons" / "sample" / "lesson.yml") + ":3:8: error: level must be one of")
    assert message in build.stderr
    assert "Traceback" not in build.stderr


class RecordingServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, *args: object, **kwargs: object) -> None:
        self.watched.append(path)


def test_serve_watches_lessons_and_templates(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    mkdocs_build(project.root, project.root / "site")  # writes mkdocs.yml
    config = load_config(str(project.root / "mkdocs.yml"))
    plugin = config.plugins["medialit"]
    config = plugin.on_config(config)
    server = RecordingServer()
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert str(project.root / "lessons") in server.watched
    assert str(project.root / "templates") in server.watched
