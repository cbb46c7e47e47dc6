"""The real bundle of this checkout, installed for every harness, checked against the spec rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from tests.harness.commands import command_lines, run_all
from tests.harness.conftest import REPO

SPEC_KEYS = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}


@pytest.fixture
def installed(sandbox):
    command = f"{sys.executable} -m skill"
    done = sandbox.run("install", "--harness", "all", "--command", command, bundle=False)
    assert done.returncode == 0, done.stderr
    return sandbox, command


def test_real_skill_folders_follow_the_agent_skills_spec(installed):
    sandbox, _ = installed
    for folder in (".claude/skills/iterative-planner", ".agents/skills/iterative-planner"):
        skill_dir = sandbox.project / folder
        post = frontmatter.load(skill_dir / "SKILL.md")
        assert set(post.metadata) <= SPEC_KEYS
        assert post["name"] == "iterative-planner" == skill_dir.name
        assert 1 <= len(post["description"]) <= 1024
        assert all(isinstance(v, str) for v in (post.get("metadata") or {}).values())
        validator = shutil.which("agentskills") or str(Path(sys.executable).parent / "agentskills")
        done = subprocess.run([validator, "validate", str(skill_dir)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        # every bundle file is there, rendered
        for sub in ("agents", "modules", "references"):
            names = sorted(p.name for p in (REPO / sub).iterdir() if p.is_file() and not p.name.startswith("."))
            assert sorted(p.name for p in (skill_dir / sub).iterdir()) == names
        for path in skill_dir.rglob("*.md"):
            assert "{{ cmd }}" not in path.read_text(encoding="utf-8"), path


def test_real_agents_and_codex_files(installed):
    sandbox, _ = installed
    agents = sorted((sandbox.project / ".claude/agents").glob("*.md"))
    assert len(agents) == len([p for p in (REPO / "agents").glob("*.md")])
    names = set()
    for path in agents:
        post = frontmatter.load(path)
        assert post["name"] == path.stem and post["description"]
        assert ":" not in post["name"] and post["name"] == post["name"].lower()
        names.add(post["name"])
    if sys.version_info >= (3, 11):
        import tomllib

        for path in sorted((sandbox.project / ".codex/agents").glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            assert data["name"] in names and data["description"] and data["developer_instructions"]
    manifest = json.loads(
        (sandbox.project / ".gemini/extensions/iterative-planner/gemini-extension.json").read_text()
    )
    assert manifest["name"] == "iterative-planner" and manifest["contextFileName"] == "GEMINI.md"
    rule = frontmatter.load(sandbox.project / ".cursor/rules/iterative-planner.mdc")
    assert rule["alwaysApply"] is False and rule["description"]


def test_every_command_the_installed_skill_names_runs(installed):
    sandbox, command = installed
    lines = set()
    for folder in (".claude", ".codex", ".cursor", ".gemini"):
        lines |= command_lines(sandbox.project / folder, command)
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
