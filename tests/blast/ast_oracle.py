"""An independent reading of Python imports with :mod:`ast`, to check the fast scanner against."""

from __future__ import annotations

import ast
from pathlib import Path


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


def ast_importers(root: Path, roots: tuple[str, ...] = ("",)) -> dict[str, dict[str, set[str]]]:
    """target -> {"runtime": …, "typing": …} importer sets, read with ``ast`` for every .py file.

    Written apart from the product: modules are looked up only under ``roots`` (absolute
    imports) or from the importer's package (relative ones), the way the interpreter would for a
    project laid out that simple way.
    """
    files = {p.relative_to(root).as_posix() for p in root.rglob("*.py") if ".git" not in p.parts}

    def module_file(dotted: str, under: str) -> str | None:
        base = (under + "/" if under else "") + dotted.replace(".", "/")
        for candidate in (base + ".py", base + "/__init__.py"):
            if candidate in files:
                return candidate
        return None

    def absolute(dotted: str) -> tuple[str, str] | None:
        for under in roots:
            found = module_file(dotted, under)
            if found:
                return found, under
        return None

    out: dict[str, dict[str, set[str]]] = {}
    for importer in sorted(files):
        tree = ast.parse((root / importer).read_text(encoding="utf-8"))
        typing_ids = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _guarded(node.test):
                for child in node.body:
                    typing_ids.update(id(n) for n in ast.walk(child))
        folder = importer.rsplit("/", 1)[0] if "/" in importer else ""
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                for alias in node.names:
                    hit = absolute(alias.name)
                    if hit:
                        targets.append(hit[0])
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = folder.split("/") if folder else []
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = "/".join(parts + (node.module.split(".") if node.module else []))
                    own = module_file(base, "") if base else None
                    subs = [module_file(f"{base}/{a.name}", "") for a in node.names]
                else:
                    hit = absolute(node.module or "")
                    if hit is None:
                        continue
                    own, under = hit
                    subs = [module_file(f"{node.module}.{a.name}", under) for a in node.names]
                for sub in subs:
                    target = sub or own
                    if target:
                        targets.append(target)
            kind = "typing" if id(node) in typing_ids else "runtime"
            for target in targets:
                if target != importer:
                    slot = out.setdefault(target, {"runtime": set(), "typing": set()})
                    slot[kind].add(importer)
    for slot in out.values():
        slot["typing"] -= slot["runtime"]
    return out
