"""Helpers for the blast-radius / log-edit / compressor tests: temp git repos and CLI runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IP_", "GIT_"))}
    env.update(GIT_ENV)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "skill", *args],
        cwd=cwd,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def commit_all(root: Path, message: str = "init") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def line_of_cli(cwd: Path, *args: str) -> str:
    done = run_cli(cwd, "blast-radius", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def blast_json(cwd: Path, *files: str) -> dict:
    done = run_cli(cwd, "blast-radius", *files, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[0])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


PLAN_ID = "plan-2026-01-02T030405-0a1b2c3d"
CHANGELOG_HEADER = (
    "# Changelog\n"
    "*Per-edit ledger, one line per file edit.*\n"
    "*Format: `UTC | iter-N/step-M | commit | path | OP(+N,-M) | radius:TIER(score) | D-NNN-or-dash | reason`*\n"
    "*Radius scoring: references/blast-radius.md.*\n"
)


def make_plan(root: Path, step: str = "2", iteration: str = "1", plan_id: str = PLAN_ID) -> Path:
    """A minimal active plan: pointer, state.md, changelog.md header, decisions.md."""
    plan = root / "plans" / plan_id
    plan.mkdir(parents=True, exist_ok=True)
    (root / "plans" / ".current_plan").write_text(plan_id, encoding="utf-8")
    (plan / "state.md").write_text(
        f"# Current State: EXECUTE\n## Iteration: {iteration}\n## Current Plan Step: {step}\n",
        encoding="utf-8",
    )
    (plan / "changelog.md").write_text(CHANGELOG_HEADER, encoding="utf-8")
    (plan / "decisions.md").write_text(
        f"# Decision Log\n*Plan: {plan_id}*\n\n## D-001 | PLAN | 2026-01-02\n**Decision**: x\n",
        encoding="utf-8",
    )
    return plan
