"""The real bundle of this checkout, installed for every harness, checked against the spec rules."""

from __future__ import annotations

import sys

import pytest

from tests.harness.checks import check_project_install
from tests.harness.commands import command_lines, run_all
from tests.harness.conftest import REPO


@pytest.fixture
def installed(sandbox):
    command = f"{sys.executable} -m skill"
    done = sandbox.run("install", "--harness", "all,agents-md", "--command", command, bundle=False)
    assert done.returncode == 0, done.stderr
    return sandbox, command


def test_real_install_follows_the_harness_rules(installed):
    sandbox, _ = installed
    check_project_install(sandbox.project)
    for folder in (".claude/skills/iterative-planner", ".agents/skills/iterative-planner"):
        skill_dir = sandbox.project / folder
        # every bundle file is there
        for sub in ("agents", "modules", "references"):
            names = sorted(p.name for p in (REPO / sub).iterdir() if p.is_file() and not p.name.startswith("."))
            assert sorted(p.name for p in (skill_dir / sub).iterdir()) == names
    agents = list((sandbox.project / ".claude/agents").glob("*.md"))
    assert len(agents) == len(list((REPO / "agents").glob("*.md")))


def test_every_command_the_installed_skill_names_runs(installed):
    sandbox, command = installed
    lines = command_lines(sandbox.project, command)
    assert "bootstrap banner" in lines
    failures = run_all(command.split(), lines, sandbox.project, sandbox.env)
    assert failures == []


def test_real_package(sandbox):
    out = sandbox.tmp / "dist"
    done = sandbox.run("package", "--out", str(out), bundle=False)
    assert done.returncode == 0, done.stderr
    text = (out / "iterative-planner-combined.md").read_text()
    for ref in (REPO / "references").glob("*.md"):
        assert f"## Reference: `references/{ref.name}`" in text
    for module in (REPO / "modules").glob("*.md"):
        assert f"## State Module: `modules/{module.name}`" in text
    assert "](references/" not in text and "](modules/" not in text
