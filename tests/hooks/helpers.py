"""Running the hooks as the harness does: the real CLI, the documented JSON on stdin, in real git
repositories (plans made with the real commands, :mod:`tests.transitions.helpers`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.support.git import git


def hook(cwd: Path, name: str, payload: dict[str, Any] | str | None = None, **env: str):  # type: ignore[no-untyped-def]
    """``hook <name>`` (or ``statusline``) with ``payload`` on stdin (a dict is sent as JSON)."""
    text = json.dumps(payload) if isinstance(payload, dict) else (payload or "")
    args = ["statusline"] if name == "statusline" else ["hook", name]
    env.setdefault("IP_COMMAND", "iterative-planner")  # the prefix messages name, fixed for the tests
    done = run_cli(cwd, *args, input=text, env=clean_env(**env))
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def session_start(root: Path, source: str = "startup", **env: str) -> str | None:
    """The packet Claude Code would get (None when the hook printed nothing)."""
    done = hook(root, "session-start", {"session_id": "s1", "hook_event_name": "SessionStart",
                                       "cwd": str(root), "source": source}, **env)
    if not done.stdout:
        return None
    data = json.loads(done.stdout)
    assert set(data) == {"hookSpecificOutput"}
    output = data["hookSpecificOutput"]
    assert set(output) == {"hookEventName", "additionalContext"}
    assert output["hookEventName"] == "SessionStart"
    assert done.stdout.isascii()  # \\u escapes: no console code page can break it
    text = output["additionalContext"]
    assert isinstance(text, str)
    return text


def write_tool(root: Path, path: Path | str, tool: str = "Write") -> dict[str, Any]:
    """Claude Code's PreToolUse input for a file tool."""
    key = "notebook_path" if tool == "NotebookEdit" else "file_path"
    return {"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": str(root),
            "permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": tool,
            "tool_input": {key: str(path), "content": "x"}, "tool_use_id": "toolu_01"}


def apply_patch(root: Path, patch: str) -> dict[str, Any]:
    """Codex's PreToolUse input for apply_patch (paths in the patch relative to ``cwd``)."""
    return {"session_id": "s1", "turn_id": "t1", "cwd": str(root), "hook_event_name": "PreToolUse",
            "model": "gpt-5.5", "permission_mode": "default", "tool_name": "apply_patch",
            "tool_use_id": "call_1", "tool_input": {"command": patch}}


def guard(root: Path, payload: dict[str, Any] | str, **env: str) -> str | None:
    """The deny reason (None when the guard let the call through, printing nothing)."""
    done = hook(root, "pre-tool-use", payload, **env)
    if not done.stdout:
        return None
    data = json.loads(done.stdout)
    assert data == {"hookSpecificOutput": {
        "hookEventName": "PreToolUse",
        "permissionDecision": "deny",
        "permissionDecisionReason": data["hookSpecificOutput"]["permissionDecisionReason"],
    }}
    reason = data["hookSpecificOutput"]["permissionDecisionReason"]
    assert isinstance(reason, str) and reason.strip()
    return reason


def commit(root: Path, message: str, *paths: str) -> str:
    """Commit ``paths`` (all changes when none) and return the full hash."""
    git(root, "add", "-A", *paths)
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def tag(root: Path) -> str:
    from skill.plans.ids import tag_id

    return tag_id((root / "plans" / ".current_plan").read_text())
