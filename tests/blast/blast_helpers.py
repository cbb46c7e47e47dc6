"""Helpers for the blast-radius / log-edit / compressor tests: temp git repos and CLI runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.env import REPO, clean_env
from tests.support.git import commit_all, git, init_repo
from tests.support.plans import active_plan_id, add_decision, new_plan, set_state_fields

__all__ = ["REPO", "clean_env", "commit_all", "git", "run_cli", "active_plan_id"]


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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
    return init_repo(tmp_path / "proj")


CHANGELOG_HEADER = (
    "# Changelog\n"
    "*Per-edit ledger, one line per file edit.*\n"
    "*Format: `UTC | iter-N/step-M | commit | path | OP(+N,-M) | radius:TIER(score) | D-NNN-or-dash | reason`*\n"
    "*Radius scoring: references/blast-radius.md.*\n"
)


def make_plan(root: Path, step: str = "2", iteration: str = "1") -> Path:
    """An active plan made by ``bootstrap new`` (the library), in EXECUTE at ``iteration`` and
    ``step``, with one decision D-001; returns its folder."""
    plan = new_plan(root)
    set_state_fields(plan, state="EXECUTE", iteration=iteration, step=step)
    add_decision(plan)
    return plan
