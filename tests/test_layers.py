"""The house's shape: every module imports on its own, imports point down the layers, no cycles.

Layers, top to bottom: cli → features (lifecycle, transitions, harness, execplan, hooks, bundle, cost,
dashboard) → validate/blast → plans → errors (and the package root). Function-level imports count
too: a cycle hidden inside a function is still a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.support.env import REPO, clean_env

PACKAGE = REPO / "skill"

LAYERS: dict[str, int] = {
    "skill": 0,
    "skill.errors": 0,
    "skill.command": 0,
    "skill.plans": 1,
    "skill.validate": 2,
    "skill.blast": 2,
    "skill.lifecycle": 3,
    "skill.transitions": 3,
    "skill.record": 3,
    "skill.harness": 3,
    "skill.execplan": 3,
    "skill.hooks": 3,
    "skill.bundle": 3,
    "skill.hygiene": 3,
    "skill.dashboard": 3,
    "skill.cost": 3,
    "skill.cli": 4,
    "skill.__main__": 4,
}


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


MODULES = module_names()


def layer(module: str) -> int:
    best = ""
    for prefix in LAYERS:
        if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    assert best, f"{module} belongs to no layer: add it to LAYERS"
    return LAYERS[best]


def _source(module: str) -> Path:
    base = REPO.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def imports_of(module: str) -> set[str]:
    """Every skill module ``module`` imports, at any depth of its code."""
    path = _source(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {name for name in found if name == "skill" or name.startswith("skill.")}


def test_every_module_imports_on_its_own() -> None:
    """Each module in a fresh interpreter state (no other skill module loaded first)."""
    probe = (
        "import importlib, sys, traceback\n"
        f"names = {MODULES!r}\n"
        "failed = []\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m == 'skill' or m.startswith('skill.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        failed.append(name + ': ' + traceback.format_exc(limit=1).strip().splitlines()[-1])\n"
        "print('\\n'.join(failed))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, env=clean_env(), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", done.stdout


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
        for module in MODULES
        for target in sorted(imports_of(module))
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    graph = {module: {t for t in imports_of(module) if t in MODULES and t != module} for module in MODULES}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in MODULES:
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_layer_rule_sees_a_violation() -> None:
    """The check itself can fail: plans importing the validator would be reported."""
    assert layer("skill.plans.state") < layer("skill.validate.gate")
    assert "skill.plans.state" in imports_of("skill.validate.gate")
