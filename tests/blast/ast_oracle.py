"""An independent reading of Python imports with :mod:`ast`, to check the fast scanner against."""

from __future__ import annotations

import ast


def _guarded(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def ast_specs(source: str) -> set[str]:
    """Spec strings (the scanner's format) for every import statement ``ast`` finds."""
    tree = ast.parse(source)
    typing_nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _guarded(node.test):
            for child in node.body:
                typing_nodes.update(id(n) for n in ast.walk(child))
    out: set[str] = set()
    for node in ast.walk(tree):
        mark = "~" if id(node) in typing_nodes else ""
        if isinstance(node, ast.Import):
            out.update(f"{mark}i {alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names = ",".join(alias.name for alias in node.names)
            out.add(f"{mark}f {module} {names}")
    return out
