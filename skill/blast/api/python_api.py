"""The public surface of a Python module, read with :mod:`ast`.

A name is public when it has no leading underscore or is listed in ``__all__``. The surface maps
each public name to its signature: a function's parameters, return annotation, ``async`` and
decorators; a class's bases and decorators, and the same for its public methods (dunder methods
such as ``__init__`` included) and annotated fields (``Cls.x``); a module-level variable's
annotation. Imported names count only when ``__all__`` lists them or a package ``__init__.py``
re-exports them from inside the package (a relative import).

Definitions under top-level ``if``/``try`` blocks are included. A body change that leaves every
signature alone changes nothing here.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable

Surface = dict[str, tuple[str, ...]]
Add = Callable[[str, str], None]
_TRY_NODES: tuple[type, ...] = tuple(
    getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name)
)


def surface(text: str, path: str = "") -> Surface | None:
    """The public surface of ``text``, or None when it does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    listed = _all_names(tree)
    package = posixpath.basename(path) in ("__init__.py", "__init__.pyi")
    found: dict[str, list[str]] = {}

    def public(name: str) -> bool:
        return not name.startswith("_") or name in listed

    def add(name: str, signature: str) -> None:
        found.setdefault(name, []).append(signature)

    for node in _top_level(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and public(node.name):
            add(node.name, _function(node))
        elif isinstance(node, ast.ClassDef) and public(node.name):
            add(node.name, _class(node))
            for member in _top_level(node.body):
                _member(node.name, member, add)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for name in _targets(node):
                if public(name) and name != "__all__":
                    add(name, _variable(node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                if name in listed or (package and relative and public(name) and name != "*"):
                    add(name, _origin(node, alias))
    return {name: tuple(sorted(signatures)) for name, signatures in found.items()}


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements of ``body``, with the bodies of ``if``/``try`` blocks spliced in."""
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            out += _top_level(node.body) + _top_level(node.orelse)
        elif isinstance(node, _TRY_NODES):
            blocks = [getattr(node, name) for name in ("body", "orelse", "finalbody")]
            handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
            blocks += [handler.body for handler in handlers]
            for block in blocks:
                out += _top_level(block)
        else:
            out.append(node)
    return out


def _all_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in _top_level(tree.body):
        targets = _targets(node) if isinstance(node, (ast.Assign, ast.AnnAssign)) else []
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            targets = [node.target.id]
        value = getattr(node, "value", None)
        if "__all__" in targets and isinstance(value, (ast.List, ast.Tuple)):
            names.update(
                item.value
                for item in value.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            )
    return names


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.AnnAssign):
        return [node.target.id] if isinstance(node.target, ast.Name) else []
    if isinstance(node, ast.Assign):
        out = []
        for target in node.targets:
            elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            out += [e.id for e in elements if isinstance(e, ast.Name)]
        return out
    return []


def _decorators(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> str:
    return "".join(f"@{ast.unparse(d)} " for d in node.decorator_list)


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{_decorators(node)}{prefix}({ast.unparse(node.args)}){returns}"


def _class(node: ast.ClassDef) -> str:
    bases = [ast.unparse(b) for b in node.bases] + [ast.unparse(k) for k in node.keywords]
    return f"{_decorators(node)}class({', '.join(bases)})"


def _variable(node: ast.Assign | ast.AnnAssign) -> str:
    if isinstance(node, ast.AnnAssign):
        return ": " + ast.unparse(node.annotation) + (" = …" if node.value is not None else "")
    return "="


def _origin(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    """Where a re-exported name comes from: ``from .core import run``."""
    if isinstance(node, ast.ImportFrom):
        return f"from {'.' * node.level}{node.module or ''} import {alias.name}"
    return f"import {alias.name}"


def _member(owner: str, node: ast.stmt, add: Add) -> None:
    def public(name: str) -> bool:
        return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))

    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and public(node.name):
        add(f"{owner}.{node.name}", _function(node))
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        if public(node.target.id):
            default = f" = {ast.unparse(node.value)}" if node.value is not None else ""
            add(f"{owner}.{node.target.id}", f": {ast.unparse(node.annotation)}{default}")
