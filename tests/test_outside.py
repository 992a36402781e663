"""From outside the checkout: the wheel, in a fresh virtual environment, starts a site and builds a teacher's own.

The wheel is built as PyPI users get it: an sdist made from the tracked files
alone (what a fresh clone has), then the wheel made from the unpacked sdist.
It goes into a new virtual environment in a temporary folder, with no
system site-packages. Nothing is downloaded: the wheel's dependencies are the
ones installed here, made visible to the new environment through a ``.pth``
file that names a folder of links to exactly those distributions (the closure
of the wheel's ``Requires-Dist``), never to this checkout nor to its editable
install. So the ``generator`` package, its templates, rules, assets, schema
and starter files can only come from the wheel, and an import of a package the
wheel does not declare fails.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT, highlights
from tests.test_self_contained import tracked_files

TEACHER_CONFIG = "site_name: A teacher's site\ntheme:\n  name: material\nplugins:\n  - search\n  - medialit\n"


@dataclass
class Outside:
    work: Path
    wheel: Path
    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """A command of the new environment, with nothing of this one in its environment variables."""
        env = {"PATH": f"{self.venv / 'bin'}{os.pathsep}/usr/bin:/bin", "HOME": str(self.work), "LANG": "C.UTF-8",
               "NO_MKDOCS_2_WARNING": "1"}
        exe = self.venv / "bin" / args[0]
        return subprocess.run([str(exe) if exe.exists() else args[0], *args[1:]], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=600)


def _backend(hook: str, source: Path, out: Path) -> str:
    """Call the project's build backend (setuptools, as pyproject.toml names it) without build isolation."""
    code = f"from setuptools import build_meta as b; print(b.{hook}({str(out)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=source, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _dependency_closure(requirements: list[str]) -> list[importlib.metadata.Distribution]:
    """The installed distributions that ``requirements`` need, and what they need in turn."""
    seen: dict[str, importlib.metadata.Distribution] = {}
    todo = list(requirements)
    while todo:
        req = Requirement(todo.pop())
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        dist = importlib.metadata.distribution(req.name)
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key not in seen:
            seen[key] = dist
            todo += dist.requires or []
    return list(seen.values())


def _link_dependencies(requirements: list[str], folder: Path) -> list[str]:
    """Links in ``folder`` to the files of each dependency (packages, modules, dist-info); their names."""
    folder.mkdir()
    for dist in _dependency_closure(requirements):
        for top in sorted({Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}):
            if top.endswith(".pth") or (folder / top).exists():
                continue
            os.symlink(dist.locate_file(top), folder / top)
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Outside:
    work = tmp_path_factory.mktemp("outside")
    clone = work / "clone"
    for name in tracked_files():  # what a fresh clone holds, nothing built or installed
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    dist = work / "dist"
    sdist = dist / _backend("build_sdist", clone, dist)
    with tarfile.open(sdist) as tar:
        tar.extractall(work / "unpacked", filter="data")
    unpacked = next((work / "unpacked").iterdir())
    wheel = dist / _backend("build_wheel", unpacked, dist)

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                                "--quiet", "--no-deps", "--no-index", "--disable-pip-version-check", str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode("utf-8")
    requires = [line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Requires-Dist: ")]
    linked = _link_dependencies(requires, work / "dependencies")
    assert not [name for name in linked if name.startswith(("generator", "medialit", "__editable__"))]
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "dependencies.pth").write_text(f"{work / 'dependencies'}\n", encoding="utf-8")
    return Outside(work, wheel, venv)


def test_the_wheel_carries_the_package_and_its_data(outside: Outside) -> None:
    with zipfile.ZipFile(outside.wheel) as z:
        names = set(z.namelist())
    code = {name for name in tracked_files() if name.startswith("generator/") and not name.startswith("generator/starter/")}
    assert code <= names, f"missing from the wheel: {sorted(code - names)}"
    for name in tracked_files():
        if name.startswith("templates/") or name.startswith("schemas/"):
            assert f"generator/{name}" in names  # the top-level folders, mapped into the package
        if name.startswith("generator/starter/"):
            assert name in names
    assert any(n.startswith("generator/rules/") and n.endswith(".yml") for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if n.startswith(("tests/", "lessons/", "bench/", "docs/"))]
    assert os.path.getsize(outside.wheel) < 1_000_000


def test_the_package_comes_from_the_wheel_alone(outside: Outside) -> None:
    code = ("import generator, generator.resources as r, mkdocs; "
            "print(generator.__file__, r.TEMPLATES_DIR, r.SCHEMA_PATH, r.STARTER_DIR, sep='\\n'); print(mkdocs.__file__)")
    result = outside.run("python", "-c", code, cwd=outside.work)
    assert result.returncode == 0, result.stderr
    *ours, deps = result.stdout.splitlines()
    assert all(Path(p).is_relative_to(outside.venv) for p in ours), ours
    assert not Path(deps).resolve().is_relative_to(ROOT) or ".venv" in Path(deps).resolve().parts
    assert outside.run("medialit", "--version", cwd=outside.work).stdout.startswith("medialit ")


def test_medialit_init_builds_strictly_with_the_wheel_alone(outside: Outside) -> None:
    made = outside.run("medialit", "init", "course", "--site-url", "https://lena.github.io/course/", cwd=outside.work)
    assert made.returncode == 0, made.stderr
    site = outside.work / "course"
    assert outside.run("medialit", "check", cwd=site).returncode == 0
    built = outside.run("python", "-m", "mkdocs", "build", "--strict", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    page = (site / "site" / "lessons" / "library-hours-rumour" / "index.html").read_text(encoding="utf-8")
    assert 'class="tabbed-set tabbed-alternate"' in page and 'data-category="unconfirmed"' in page
    assert (site / "site" / "404.html").read_text(encoding="utf-8").count('href="/course/assets/') >= 1


def test_a_teachers_own_site_needs_only_the_plugin(outside: Outside) -> None:
    site = outside.work / "teacher"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# My course\n\nSee [the lessons](lessons/index.md).\n", encoding="utf-8")
    shutil.copytree(ROOT / "lessons" / "nato-arms-deal", site / "lessons" / "nato-arms-deal")
    (site / "mkdocs.yml").write_text(TEACHER_CONFIG, encoding="utf-8")
    built = outside.run("python", "-m", "mkdocs", "build", "--strict", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    html = (site / "site" / "lessons" / "nato-arms-deal" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="tabbed-set tabbed-alternate"') == 1 and '=== "' not in html and "!!! " not in html
    marks = highlights(html)
    assert len(marks) >= 20 and {c for c, _ in marks} == {"vague-sourcing", "superlative", "unconfirmed"}
    assert re.search(r'<script src="\.\./\.\./assets/medialit\.js', html)
    assert (site / "site" / "assets" / "medialit.js").read_text(encoding="utf-8").strip()
    for command in (["medialit", "list"], ["medialit", "build", "--out", "build/docs"],
                    ["medialit", "export", "--out", "build/w3c"]):
        result = outside.run(*command, cwd=site)
        assert result.returncode == 0, (command, result.stderr)
    assert (site / "build" / "docs" / "lessons" / "nato-arms-deal.md").is_file()
