"""House rules for the dashboard package: only the loader reads plan formats, through public names;
imports point down; the fast paths never load it."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.env import REPO, clean_env

PACKAGE = REPO / "skill" / "dashboard"
LOADER = PACKAGE / "load"
#: Packages that own plan formats or read them; only the loader package may call into them.
READERS = ("skill.plans", "skill.validate", "skill.lifecycle", "skill.transitions")
ALLOWED_ELSEWHERE = {"skill.validate.issues"}  # the Issue type the model holds
MODULES = sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module and imported name, ``from a import b`` giving both ``a`` and ``a.b``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _readers(path: Path) -> set[str]:
    return {
        name for name in _imports(path)
        if name.startswith(READERS) and name not in ALLOWED_ELSEWHERE
        and not any(name.startswith(f"{allowed}.") for allowed in ALLOWED_ELSEWHERE)
    }


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize("path", [p for p in MODULES if LOADER not in p.parents], ids=_name)
def test_only_the_loader_calls_plan_format_readers(path: Path) -> None:
    assert _readers(path) == set(), f"{_name(path)} reads plan formats: {sorted(_readers(path))}"


def test_the_loader_reads_through_the_owners() -> None:
    used = set().union(*(_readers(p) for p in LOADER.glob("*.py")))
    owners = {"state", "attempts", "plan", "decisions", "verification", "changelog", "consolidated", "progress"}
    assert {f"skill.plans.{owner}" for owner in owners} <= used


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_private_library_name_is_used(path: Path) -> None:
    private = [name for name in _imports(path)
               if name.startswith("skill.") and any(part.startswith("_") and part != "__future__"
                                                   for part in name.split("."))]
    assert private == []


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_import_points_up_to_the_cli_or_across_to_other_features(path: Path) -> None:
    upward = ("skill.cli", "skill.lifecycle", "skill.transitions", "skill.harness", "skill.execplan",
              "skill.hooks", "skill.bundle")
    assert not any(name.startswith(upward) for name in _imports(path))


def test_the_rule_sees_a_reader_outside_the_loader(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from skill.plans.state import _RECORD_RE\nfrom skill.plans import attempts\n")
    assert _readers(probe) == {"skill.plans.state", "skill.plans.state._RECORD_RE", "skill.plans",
                               "skill.plans.attempts"}


def test_templates_are_package_data() -> None:
    site = importlib.import_module("skill.dashboard.site")
    names = {p.name for p in site.TEMPLATE_DIR.iterdir()}
    assert {"base.html.j2", "plan.html.j2", "plans.html.j2", "ledger.html.j2", "log.html.j2",
            "journey.html.j2", "style.css", "reload.js"} <= names
    assert site.TEMPLATE_DIR.parent == PACKAGE


FAST_PATHS = (["bootstrap", "status"], ["validate-plan", "--pre-step"], ["hook", "session-start"])


@pytest.mark.parametrize("argv", FAST_PATHS, ids=" ".join)
def test_fast_paths_do_not_import_the_dashboard(argv: list[str], tmp_path: Path) -> None:
    code = ("import sys; from skill.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('skill.dashboard', 'jinja2'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env(), input="{}",
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
