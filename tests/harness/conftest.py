"""Fixtures for the installer tests: a small fake bundle, a sandboxed HOME/project, a CLI runner."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.env import REPO, clean_env

__all__ = ["REPO"]

SKILL_MD = """---
name: iterative-planner
description: Test skill for the installer.
license: GPL-3.0-or-later
metadata:
  version: "{{ version }}"
---
# Test skill

Start with `{{ cmd }} bootstrap banner`, then read [the formats](references/guide.md)
and `references/notes/deep.md`. Per state: `modules/state-plan.md`.
"""

AGENT_MD = """---
name: ip-{role}
description: >
  The {role} agent. It quotes "things", uses a backslash \\ and a tab\there.
tools: Read, Grep
model: inherit
color: blue
---
You are the {role}. Run `{{{{ cmd }}}} bootstrap status` first.
Triple quotes \"\"\" and a trailing quote "
"""

MODULE_MD = "# State: {state}\n\nRun `{{{{ cmd }}}} emit-state --state {state}`.\n"


def write_fake_bundle(root: Path, roles=("orchestrator", "explorer"), states=("plan", "execute")) -> Path:
    (root / "agents").mkdir(parents=True, exist_ok=True)
    (root / "modules").mkdir(exist_ok=True)
    (root / "references" / "notes").mkdir(parents=True, exist_ok=True)
    (root / "SKILL.md").write_text(SKILL_MD, encoding="utf-8")
    for role in roles:
        (root / "agents" / f"{role}.md").write_text(AGENT_MD.format(role=role), encoding="utf-8")
    for state in states:
        (root / "modules" / f"state-{state}.md").write_text(MODULE_MD.format(state=state), encoding="utf-8")
    (root / "references" / "guide.md").write_text(
        "# Guide\n\nSee [deep notes](notes/deep.md#part-two).\n{{ not rendered }} {% raw %}\n"
        "Layout: `{{ cmd }} emit-template --name plan`, protocol {{protocol_version}}.\n",
        encoding="utf-8",
    )
    (root / "references" / "notes" / "deep.md").write_bytes(b"# Deep\r\n\r\n## Part two\r\n")
    (root / "references" / "diagram.bin").write_bytes(b"\x00\x01{{ cmd }}\r\n")
    (root / "agents" / ".gitkeep").write_text("")
    return root


@dataclass
class Sandbox:
    tmp: Path
    home: Path
    project: Path
    data: Path
    bundle: Path
    env: dict[str, str]

    def run(self, *args: str, cwd: Path | None = None, bundle: bool = True, env: dict | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        argv = list(args)
        if bundle and args and args[0] in ("install", "uninstall", "doctor", "package"):
            argv += ["--bundle-dir", str(self.bundle)]
        return run_cli(cwd or self.project, *argv, env=env or self.env, timeout=timeout)

    def json(self, *args: str, **kw):
        import json

        done = self.run(*args, "--json", **kw)
        assert done.returncode == 0, done.stderr + done.stdout
        return json.loads(done.stdout)


def sandbox_env(home: Path, data: Path, **extra: str) -> dict[str, str]:
    """The shared clean environment, with HOME and the install data folder in the sandbox."""
    return clean_env(
        drop=("CLAUDE_CONFIG_DIR", "CODEX_HOME", "XDG_"),
        HOME=str(home),
        USERPROFILE=str(home),
        IP_DATA_DIR=str(data),
        **extra,
    )


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    home = tmp_path / "home"
    project = tmp_path / "project"
    data = tmp_path / "data"
    home.mkdir()
    project.mkdir()
    bundle = write_fake_bundle(tmp_path / "bundle")
    return Sandbox(tmp_path, home, project, data, bundle, sandbox_env(home, data))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes)."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
