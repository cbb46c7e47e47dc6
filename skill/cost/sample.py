"""The plan ``cost`` measures the per-state and per-hook figures on, and the hook inputs it uses.

The project's active plan when there is one (the figures are then what this agent pays now);
otherwise a sample: a plan just made by ``bootstrap new`` in a temporary git repository with one
committed source file, removed afterwards. Nothing is ever written under the project.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from skill.cost.model import Subject
from skill.plans.pointer import read_pointer
from skill.plans.state import read_state_fields
from skill.plans.textio import read_text

SAMPLE_GOAL = "Add a --verbose flag to the command line"
SAMPLE_SOURCE = "src/app.py"


def session_start_input(root: str) -> str:
    """What Claude Code sends ``hook session-start`` when a session resumes after compaction."""
    return json.dumps({"hook_event_name": "SessionStart", "source": "compact", "cwd": root})


def write_input(root: str, rel: str) -> str:
    """What Claude Code sends ``hook pre-tool-use`` before its Write tool writes ``rel``."""
    path = os.path.join(root, *rel.split("/"))
    return json.dumps(
        {"hook_event_name": "PreToolUse", "tool_name": "Write", "cwd": root,
         "tool_input": {"file_path": path, "content": ""}}
    )


def statusline_input(root: str) -> str:
    """What Claude Code sends the status line command."""
    return json.dumps({"workspace": {"current_dir": root, "project_dir": root}, "cwd": root})


def _active(root: str) -> Subject | None:
    plan_id = read_pointer(os.path.join(root, "plans"))
    if plan_id is None:
        return None
    text = read_text(os.path.join(root, "plans", plan_id, "state.md"))
    if not text:
        return None
    state = read_state_fields(text).state or "?"
    return Subject("active", plan_id, state, f"the active plan plans/{plan_id} ({state})")


def _git(folder: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    identity = ("-c", "user.name=iterative-planner cost", "-c", "user.email=cost@example.invalid")
    try:
        subprocess.run(["git", *identity, *args], cwd=folder, env=env, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        pass  # no git: the sample has no repository, and the packet says so


def _make_sample(folder: str) -> Subject:
    from skill.lifecycle.new import create_plan
    from skill.plans.store import Store

    source = Path(folder, *SAMPLE_SOURCE.split("/"))
    source.parent.mkdir(parents=True)
    source.write_text("def main() -> None:\n    print('hello')\n", encoding="utf-8")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "start")
    made = create_plan(Store(Path(folder)), SAMPLE_GOAL)
    state = _active(folder)
    state_name = state.state if state else "EXPLORE"
    return Subject(
        "sample",
        made.plan_id,
        state_name,
        f"a sample plan just made by `bootstrap new` ({state_name}) in a temporary git repository",
    )


@contextmanager
def measured_plan(root: str) -> Iterator[tuple[str, Subject]]:
    """The project root to measure on and the plan there: ``root`` when it has an active plan,
    else a temporary folder holding a sample plan (removed on exit)."""
    found = _active(root)
    if found is not None:
        yield root, found
        return
    with tempfile.TemporaryDirectory(prefix="ip-cost-") as scratch:
        folder = os.path.realpath(scratch)
        yield folder, _make_sample(folder)
