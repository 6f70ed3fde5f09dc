"""Every `__init__.py` is a face: a docstring, imports and `__all__`; rules live in modules named for them."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ficlens"
INITS = sorted(PACKAGE.rglob("__init__.py"))


def _is_face_statement(node: ast.stmt) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return True
    if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports for the names a lazy face resolves
        return getattr(node.test, "id", None) == "TYPE_CHECKING" and all(map(_is_face_statement, node.body))
    if isinstance(node, ast.FunctionDef):  # a module `__getattr__` (PEP 562) that imports on first use
        return node.name == "__getattr__"
    return isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]


def test_the_packages_are_found():
    assert {p.parent.name for p in INITS} >= {"ficlens", "cast", "corpus", "export", "ingest", "serve"}


@pytest.mark.parametrize("path", INITS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_init_is_a_face(path: Path):
    body = ast.parse(path.read_text(encoding="utf-8")).body
    logic = [f"line {node.lineno}: {type(node).__name__}" for node in body if not _is_face_statement(node)]
    assert not logic, f"{path.relative_to(PACKAGE)} holds logic; move it to a module named for what it does"
