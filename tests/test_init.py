"""medialit init DIR: a new course site that builds at once, and never a file overwritten."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator import __version__
from generator.build.siteconfig import MARKDOWN_EXTENSIONS, SCRIPT, STYLESHEET
from generator.resources import SCHEMA_PATH, STARTER_DIR
from generator.tools.init import starter_files
from tests.conftest import run

WRITTEN = [
    ".github/workflows/check.yml", ".github/workflows/deploy.yml", ".gitignore", "README.md", "course.yml", "docs/index.md",
    "lessons/library-hours-rumour/article.txt", "lessons/library-hours-rumour/lesson.lock.json",
    "lessons/library-hours-rumour/lesson.yml", "mkdocs.yml", "requirements.txt",
    "schemas/course.schema.json", "schemas/lesson.schema.json",
]


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_writes_a_site_that_checks_and_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "my-course"
    result = run("medialit", "init", str(site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"created a course site in {site}/ (13 files)")
    assert files_under(site) == sorted(WRITTEN)
    config = yaml.load((site / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert config["site_name"] == "My course" and config["site_url"] == ""
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert config["plugins"][1]["medialit"]["lessons_dir"] == "lessons"
    assert config["extra_css"] == [STYLESHEET] and config["extra_javascript"] == [SCRIPT]
    assert config["markdown_extensions"] == [{n: o} if o else n for n, o in MARKDOWN_EXTENSIONS.items()]
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == f"medialit-lessons=={__version__}"
    assert (site / "schemas" / "lesson.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()
    assert (site / "lessons/library-hours-rumour/lesson.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/lesson.schema.json\n")

    checked = run("medialit", "check", cwd=site)
    assert checked.returncode == 0 and "0 error(s), 0 warning(s)" in checked.stderr, checked.stdout
    built = run("mkdocs", "build", "--strict", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "lessons/library-hours-rumour/" in home  # the course path filled in on the home page
    page = (site / "site" / "lessons" / "library-hours-rumour" / "index.html").read_text(encoding="utf-8")
    assert 'class="tabbed-set tabbed-alternate"' in page and 'data-category="vague-sourcing"' in page


def test_init_never_overwrites_and_then_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "course"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# My own home page\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (site / "notes.txt").write_text("kept\n", encoding="utf-8")
    result = run("medialit", "init", str(site))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"{site}: error: 2 of the files a new site needs exist already: docs/index.md, mkdocs.yml\n"
                             "  hint: nothing was written; give a new or empty folder, or move those files away first\n")
    assert files_under(site) == ["docs/index.md", "mkdocs.yml", "notes.txt"]
    assert (site / "docs" / "index.md").read_text(encoding="utf-8") == "# My own home page\n"


def test_init_into_an_existing_folder_with_other_files_and_options(tmp_path: Path) -> None:
    site = tmp_path / "course"
    site.mkdir()
    (site / "notes.txt").write_text("kept\n", encoding="utf-8")
    result = run("medialit", "init", str(site), "--name", 'Ms. Ortiz\'s "News" class', "--site-url", "https://lena.github.io/news")
    assert result.returncode == 0, result.stderr
    config = yaml.load((site / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert config["site_name"] == 'Ms. Ortiz\'s "News" class' and config["site_url"] == "https://lena.github.io/news/"
    assert (site / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    assert "set site_url" not in result.stdout


def test_init_refuses_what_is_not_a_folder_or_not_an_address(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run("medialit", "init", str(tmp_path / "file"))
    assert result.returncode == 1 and f"{tmp_path / 'file'}: error: exists and is not a folder" in result.stderr
    bad = run("medialit", "init", str(tmp_path / "new"), "--site-url", "lena.github.io/news")
    assert bad.returncode == 1 and "error: --site-url 'lena.github.io/news' is not a web address" in bad.stderr
    assert not (tmp_path / "new").exists()


def test_every_starter_file_is_written_and_dot_names_become_hidden() -> None:
    names = starter_files("X", None)
    on_disk = files_under(STARTER_DIR)
    assert len(names) == len(on_disk) + 2  # + the two schemas, copied from the package's own
    assert all("dot-" not in name for name in names) and ".github/workflows/deploy.yml" in names
    assert not [name for name, data in names.items() if re.search(rb"@[A-Z_]+@", data)]  # every token filled in
