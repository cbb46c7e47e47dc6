"""House rules for the dashboard package: one module reads plan formats, imports point down."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, clean_env

PACKAGE = REPO / "skill" / "dashboard"
#: Packages that own plan formats or read them; only load.py may call into them.
READERS = ("skill.plans", "skill.validate", "skill.lifecycle", "skill.transitions")
ALLOWED_ELSEWHERE = {"skill.validate.issues"}  # the Issue type the model holds


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_only_the_loader_calls_plan_format_readers(path):
    found = {
        name for name in _imports(path)
        if name.startswith(READERS) and name not in ALLOWED_ELSEWHERE
        and not any(name.startswith(f"{allowed}.") for allowed in ALLOWED_ELSEWHERE)
    }
    if path.name == "load.py":
        assert found  # it is the one that does
    else:
        assert found == set(), f"{path.name} reads plan formats: {sorted(found)}"


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_import_points_up_to_the_cli(path):
    assert not any(name.startswith("skill.cli") for name in _imports(path))


@pytest.mark.parametrize("module", sorted(f"skill.dashboard.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"))
def test_each_module_imports_on_its_own(module):
    code = f"import importlib; importlib.import_module({module!r})"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_templates_are_package_data():
    site = importlib.import_module("skill.dashboard.site")
    names = {p.name for p in site.TEMPLATE_DIR.iterdir()}
    assert {"base.html.j2", "plan.html.j2", "plans.html.j2", "ledger.html.j2", "log.html.j2",
            "journey.html.j2", "style.css", "reload.js"} <= names
    assert site.TEMPLATE_DIR.parent == PACKAGE


def test_fast_paths_do_not_import_the_dashboard():
    code = ("import sys; from skill.cli import main\n"
            "try:\n    main(['bootstrap', 'status'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('skill.dashboard', 'jinja2'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=clean_env(), capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout
