"""Repository conventions: the Quickstart, CI entry point and lint."""

from __future__ import annotations

import re

from tests.conftest import ROOT, run


def quickstart() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Quickstart\s+```bash\n(.*?)```", text, re.S | re.M)
    assert m, "README has no Quickstart code block"
    return [line for line in m.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_quickstart_has_exactly_two_commands_build_then_test() -> None:
    build, test = quickstart()
    assert "mkdocs build" in build
    assert "pytest" in test


def test_ci_runs_the_quickstart_test_command_verbatim() -> None:
    _build, test = quickstart()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_code_is_ruff_clean() -> None:
    result = run("ruff", "check", "generator", "tests", "bench", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_mypy_strict_clean() -> None:
    """``mypy --strict`` over the whole package (settings in pyproject.toml), as CI runs it."""
    result = run("mypy", "generator", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_keep_the_rule_cache_out_of_the_users_home() -> None:
    """The detector's prepared rules, made by test modules at import time too, go to a folder of the test run."""
    import tempfile
    from pathlib import Path

    from generator.detection.ruleset import cache_dir

    folder = cache_dir().resolve()
    assert not folder.is_relative_to((Path.home() / ".cache").resolve())
    assert folder.is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_every_docs_page_the_code_points_to_exists() -> None:
    """Hints say 'see docs/<page>.md': the page must be there (the template-error hint once named a missing one)."""
    from pathlib import Path

    named = {(path, m.group()) for path in sorted((ROOT / "generator").rglob("*.py"))
             for m in re.finditer(r"docs/[\w-]+\.md", path.read_text(encoding="utf-8"))}
    assert ("docs/templates.md" in {page for _, page in named})
    missing = [f"{Path(path).relative_to(ROOT)}: {page}" for path, page in sorted(named) if not (ROOT / page).is_file()]
    assert not missing, missing
