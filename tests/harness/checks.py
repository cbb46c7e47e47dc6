"""Checks of installed files against the harness rules (Agent Skills spec, Claude Code, Codex)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter

SPEC_KEYS = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def agentskills() -> str:
    found = shutil.which("agentskills")
    if found:
        return found
    return str(Path(sys.executable).parent / "agentskills")


def check_skill_folder(skill_dir: Path) -> None:
    post = frontmatter.load(skill_dir / "SKILL.md")
    assert set(post.metadata) <= SPEC_KEYS, set(post.metadata) - SPEC_KEYS
    name = post["name"]
    assert name == skill_dir.name and len(name) <= 64 and _NAME.match(name)
    assert 1 <= len(post["description"]) <= 1024
    assert all(isinstance(v, str) for v in (post.get("metadata") or {}).values())
    done = subprocess.run([agentskills(), "validate", str(skill_dir)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in skill_dir.rglob("*.md"):
        assert "{{ cmd }}" not in path.read_text(encoding="utf-8"), path


def check_claude_agents(folder: Path) -> set[str]:
    names = set()
    for path in sorted(folder.glob("*.md")):
        post = frontmatter.load(path)
        assert post["name"] == path.stem and post["description"], path
        assert _NAME.match(post["name"]), path  # lowercase letters and hyphens, no ':'
        names.add(post["name"])
    return names


def check_codex_agents(folder: Path, names: set[str]) -> None:
    files = sorted(folder.glob("*.toml"))
    assert {p.stem for p in files} == names
    for path in files:
        text = path.read_text(encoding="utf-8")
        if sys.version_info >= (3, 11):
            import tomllib

            data = tomllib.loads(text)
            assert data["name"] == path.stem
            assert data["description"] and "\n" not in data["description"]
            assert data["developer_instructions"].strip()
        else:  # Python 3.10: no TOML parser in the standard library
            for key in ("name", "description", "developer_instructions"):
                assert f"\n{key} = " in "\n" + text


def check_gemini_extension(folder: Path) -> None:
    manifest = json.loads((folder / "gemini-extension.json").read_text())
    assert manifest["name"] == folder.name == "iterative-planner"
    assert manifest["contextFileName"] == "GEMINI.md" and (folder / "GEMINI.md").is_file()


_SKILL_MD_PATH = re.compile(r"read\s+`([^`]+)/SKILL\.md`")


def check_orchestrators(project: Path) -> None:
    """Started directly (`claude --agent …`), the orchestrator is told where SKILL.md is: a path
    relative to the project root that exists. No agent-memory folder is asked for. The Codex copy
    does not tell Codex to run `claude --agent`."""
    for path in (project / ".claude/agents/iterative-planner-orchestrator.md",
                 project / ".claude/skills/iterative-planner/agents/ip-orchestrator.md",
                 project / ".agents/skills/iterative-planner/agents/ip-orchestrator.md"):
        text = path.read_text(encoding="utf-8")
        post = frontmatter.loads(text)
        assert "memory" not in post.metadata, path
        (where,) = _SKILL_MD_PATH.findall(text)
        assert not Path(where).is_absolute() and (project / where / "SKILL.md").is_file(), where
    codex = project / ".codex/agents/iterative-planner-orchestrator.toml"
    if codex.exists():
        head = codex.read_text(encoding="utf-8").split("developer_instructions", 1)[0]
        assert "claude --agent" not in head
        assert ".agents/skills/iterative-planner/SKILL.md" in codex.read_text(encoding="utf-8")


def check_project_install(project: Path) -> None:
    """Every file of an `install --harness all` at project scope."""
    for folder in (".claude/skills/iterative-planner", ".agents/skills/iterative-planner"):
        check_skill_folder(project / folder)
    names = check_claude_agents(project / ".claude/agents")
    assert names
    check_codex_agents(project / ".codex/agents", names)
    # Gemini CLI never loads a project's .gemini/extensions: nothing is written there
    assert not (project / ".gemini").exists()
    check_orchestrators(project)
    rule = frontmatter.load(project / ".cursor/rules/iterative-planner.mdc")
    assert rule["alwaysApply"] is False and rule["description"]
    agents_md = project / "AGENTS.md"
    if agents_md.exists():
        text = agents_md.read_text(encoding="utf-8")
        assert text.count("<!-- iterative-planner:begin") == 1 == text.count("<!-- iterative-planner:end -->")
