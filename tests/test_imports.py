"""The package's import graph has no circle, and the shared text module needs nothing but the standard library.

Every `import` counts, wherever it stands (module level, inside a function, under `TYPE_CHECKING`): a circle
hidden in a function is still a circle a reader has to keep in mind. Importing a module runs its package's
`__init__`, so a module that imports from a package face depends on everything that face imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ficlens"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(name: str) -> bool:
    return (SRC / Path(*name.split(".")) / "__init__.py").exists()


def _is_module(name: str) -> bool:
    return _is_package(name) or (SRC / Path(*name.split("."))).with_suffix(".py").exists()


def _imports(path: Path, name: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not path.name == "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if _is_module(child) else target)
    return {f for f in found if f == "ficlens" or f.startswith("ficlens.")}


def _packages_run(target: str, importer: str) -> list[str]:
    """The package faces importing `target` runs first, but for those the importer is itself inside."""
    parts = target.split(".")
    packages = [".".join(parts[:n]) for n in range(1, len(parts))]
    return [p for p in packages if not importer.startswith(p + ".") and p != importer]


def import_graph() -> networkx.DiGraph:
    graph = networkx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        graph.add_node(name)
        for target in _imports(path, name):
            while not _is_module(target):
                target = target.rsplit(".", 1)[0]
            for package in _packages_run(target, name):
                graph.add_edge(name, package)
            if target != name:
                graph.add_edge(name, target)
    return graph


def test_no_import_circle():
    cycles = list(networkx.simple_cycles(import_graph()))
    assert cycles == [], f"import circles: {sorted(cycles, key=len)[:5]}"


def test_the_graph_sees_imports_in_functions_and_type_checking_blocks():
    graph = import_graph()
    # cli.py imports the pipeline inside its command function only
    assert graph.has_edge("ficlens.cli", "ficlens.pipeline")
    assert graph.has_edge("ficlens.analysis", "ficlens.document")


def test_text_layout_is_standard_library_only():
    used = {
        alias.split(".")[0]
        for node in ast.walk(ast.parse((PACKAGE / "textlayout.py").read_text("utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])
    }
    assert used <= set(sys.stdlib_module_names) | {"__future__"}, used


def test_every_module_imports_on_its_own():
    """Each module imported first (ficlens forgotten before each): no import order finds a half-built module."""
    names = sorted(n for n in import_graph().nodes if n != "ficlens.__main__")  # that one runs the CLI
    script = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m == 'ficlens' or m.startswith('ficlens.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        sys.exit(f'{name}: {error!r}')\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True,
                            env={"PYTHONPATH": str(SRC), "PATH": ""})
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1:]
