"""Packaging metadata, the version, templates a project overrides one by one, and the GitHub workflows."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.build.lesson import Project
from generator.build.site import build_site
from generator.errors import MedialitError
from generator.render.page import Renderer
from generator.resources import STARTER_DIR, TEMPLATES_DIR
from tests.conftest import ROOT, run

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
STARTER_WORKFLOWS = sorted((STARTER_DIR / "dot-github" / "workflows").glob("*.yml"))


def test_metadata_licence_classifiers_and_urls() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "article.license" in (ROOT / "LICENSE").read_text(encoding="utf-8")  # lessons: each under its own terms
    classifiers = project["classifiers"]
    assert "Framework :: MkDocs" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the SPDX expression says it
    assert {"Homepage", "Documentation", "Repository", "Issues"} <= set(project["urls"])
    assert importlib.metadata.version("medialit-lessons") == __version__  # the version is written once, in generator/


def test_supported_pythons_are_the_ones_ci_tests() -> None:
    classifiers = {c.rsplit(" ", 1)[1] for c in PYPROJECT["project"]["classifiers"]
                   if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    assert set(check["jobs"]["test"]["strategy"]["matrix"]["python"]) == classifiers == {"3.11", "3.12", "3.13"}
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_version_option() -> None:
    result = run("medialit", "--version")
    assert result.returncode == 0 and result.stdout == f"medialit {__version__}\n"


def uses(path: Path) -> list[str]:
    return re.findall(r"uses: (actions/[\w-]+@v\d+)", path.read_text(encoding="utf-8"))


def test_workflows_use_one_major_of_each_action_and_cache_pip() -> None:
    every = [u for path in [*WORKFLOWS, *STARTER_WORKFLOWS] for u in uses(path)]
    majors: dict[str, set[str]] = {}
    for u in every:
        name, major = u.split("@")
        majors.setdefault(name, set()).add(major)
    assert {name: len(m) for name, m in majors.items() if len(m) > 1} == {}  # the starter's and ours move together
    assert {"actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages", "actions/upload-artifact"} <= set(majors)
    for path in [*WORKFLOWS, *STARTER_WORKFLOWS]:
        text = path.read_text(encoding="utf-8")
        if "actions/setup-python" in text:
            assert "cache: pip" in text, path


@pytest.mark.parametrize("folder", [ROOT / ".github" / "workflows", STARTER_DIR / "dot-github" / "workflows"])
def test_pull_requests_get_the_built_site_and_deploys_check_site_url(folder: Path) -> None:
    check = yaml.safe_load((folder / "check.yml").read_text(encoding="utf-8"))
    assert "pull_request" in check[True]  # YAML 1.1 reads the key `on` as true
    steps = [s for job in check["jobs"].values() for s in job["steps"]]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "site"
    deploy = (folder / "deploy.yml").read_text(encoding="utf-8")
    assert "id: pages\n        uses: actions/configure-pages@" in deploy
    assert "MEDIALIT_PAGES_URL: ${{ steps.pages.outputs.base_url }}" in deploy
    assert "mkdocs build --strict" in deploy


def test_a_project_template_overrides_only_its_own_default(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    for name in [p.name for p in (project.root / "templates").iterdir()]:
        if name != "lessons-index.md.j2":
            (project.root / "templates" / name).unlink()
    (project.root / "templates" / "lessons-index.md.j2").write_text("# Our lessons\n\n{{ lessons | length }} in all\n",
                                                                    encoding="utf-8")
    site = build_site(Project.at(project.root))
    assert site.pages["lessons/index.md"] == "# Our lessons\n\n1 in all\n"
    assert "Read it first" in site.pages["lessons/sample.md"]  # the package's own lesson.md.j2
    assert Renderer(project.root / "templates").search_path == [project.root / "templates", TEMPLATES_DIR]


def test_a_project_without_templates_uses_the_package_defaults(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    for path in (project.root / "templates").iterdir():
        path.unlink()
    (project.root / "templates").rmdir()
    assert "Read it first" in build_site(Project.at(project.root)).pages["lessons/sample.md"]


def test_a_named_templates_folder_that_does_not_exist_is_an_error(project) -> None:  # type: ignore[no-untyped-def]
    project.lesson()
    with pytest.raises(MedialitError) as err:
        build_site(Project.at(project.root, templates="my-templates"))
    assert err.value.format().startswith(f"{project.root / 'my-templates'}: error: templates folder does not exist")
