"""The package reads as its layers: imports run down the layers only, with no cycle between modules.

Every import of every module of ``generator/`` counts: at module level, inside
functions (lazy) and under ``if TYPE_CHECKING:`` (type-only). The layers, from
the bottom (docs/architecture.md explains them)::

    errors, resources ← safety ← spec ← article ← anchoring ← detection ← callouts ← render ← build ← tools ← cli
                                                                                                build ← plugin

A module may import its own layer and those below it; ``cli`` may import ``tools``;
``plugin`` imports ``build`` and nothing above. Each failure names the
importing file and line.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# Bottom to top. Names are the module or sub-package right under generator/.
LAYERS: list[set[str]] = [
    {"__init__", "errors", "resources"},
    {"safety"},
    {"spec"},
    {"article"},
    {"anchoring"},
    {"detection"},
    {"callouts"},
    {"render"},
    {"build"},
    {"tools"},
    {"cli", "__main__"},
]
PLUGIN = "plugin"  # above build, beside tools and cli: imports build and below, and nothing imports it
MAX_TOP_LEVEL_MODULES = 10
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    source: str  # dotted name of the importing module
    target: str  # dotted name of the imported module (or of the package an imported name lives in)
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.source} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(known: dict[str, Path]) -> Iterator[Import]:
    """Every import of the package's own modules, wherever it is written (``ast.walk`` sees function bodies too)."""
    for source, path in known.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # `from generator.cli import build` imports the module generator.cli.build
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            else:
                continue
            for target in targets:
                if target == "generator" or target.startswith("generator."):
                    yield Import(source, target, path, node.lineno)


def layer_of(module: str) -> int | None:
    """Index in LAYERS of the module's top-level part, or None for the plugin."""
    top = module.split(".")[1] if "." in module else "__init__"
    if top == PLUGIN:
        return None
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py and to docs/architecture.md")


BUILD = next(i for i, names in enumerate(LAYERS) if "build" in names)


def test_imports_run_down_the_layers_only() -> None:
    wrong = []
    for imp in imports(modules()):
        source, target = layer_of(imp.source), layer_of(imp.target)
        if target is None:
            wrong.append(f"{imp}: nothing imports the MkDocs plugin")
        elif source is None:
            if target > BUILD:
                wrong.append(f"{imp}: the plugin imports the build layer and below only")
        elif target > source:
            wrong.append(f"{imp}: a layer may import only its own and lower layers")
    assert not wrong, "imports that go up the layers:\n" + "\n".join(wrong)


def test_no_module_imports_itself_in_a_cycle() -> None:
    known = modules()
    graph: dict[str, dict[str, Import]] = {name: {} for name in known}
    for imp in imports(known):
        target = imp.target
        while target not in known:  # a name inside a module: `from generator.x import y` where y is not a module
            target = target.rpartition(".")[0]
            assert target, f"{imp}: no such module in generator/"
        if target != imp.source:
            graph[imp.source].setdefault(target, imp)
    cycles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for nxt in graph[name]:
            if state.get(nxt) == 1:
                loop = [*path[path.index(nxt):], nxt]
                cycles.append("\n".join(f"  {graph[a][b]}" for a, b in itertools.pairwise(loop)))
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert not cycles, "import cycles:\n" + "\n\n".join(cycles)


def test_only_the_plugin_imports_mkdocs() -> None:
    wrong = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names) and name != f"generator.{PLUGIN}":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name} imports MkDocs")
    assert not wrong, "\n".join(wrong)


def test_the_package_folder_stays_small_and_its_modules_short() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, f"{len(top)} modules directly in generator/: {top}; put new ones in a layer"
    long = [f"{p.relative_to(ROOT)}: {n} lines" for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, f"modules over {MAX_LINES} lines (split them along what they do):\n" + "\n".join(long)


def test_the_checks_see_lazy_and_type_only_imports() -> None:
    """The walker must find imports inside functions and under TYPE_CHECKING, or the tests above prove little."""
    found = {(i.source, i.target) for i in imports(modules())}
    assert ("generator.cli.main", "generator.cli.build") in found  # inside parser()
    assert ("generator.cli.common", "generator.build.lesson") in found  # under TYPE_CHECKING and inside project()
