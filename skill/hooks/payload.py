"""What every hook shares: its input, its switches, the project root and how it answers.

Input: Claude Code and Codex send one JSON object on stdin (``session_id``, ``cwd``,
``hook_event_name``, …); Codex may send nothing at all. Anything that is not a JSON object reads as
``{}``. Output: one JSON object on stdout, ASCII only (``\\uXXXX`` escapes), so no console code page
can break it; or nothing.

The root: ``--root``, then ``$IP_PLAN_ROOT``, then the nearest folder holding
``plans/.current_plan`` at or above the search start, no higher than the git work tree's top
(:mod:`skill.plans.root`). The search starts at the input's ``cwd`` (it follows the agent into a
subfolder or a worktree), else ``$CLAUDE_PROJECT_DIR``, else the process's current folder.
"""

from __future__ import annotations

import json
import os
import sys

from skill.plans.root import locate_root

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

#: ``IP_DISABLED=1`` turns every hook (and the status line) off.
DISABLED_ENV = "IP_DISABLED"


def disabled(env: Mapping[str, str] | None = None) -> bool:
    values = os.environ if env is None else env
    return values.get(DISABLED_ENV, "").strip() == "1"


def read_stdin() -> str:
    """The hook input as text ('' when stdin is a terminal, closed or unreadable)."""
    stream = sys.stdin
    try:
        if stream is None or stream.isatty():
            return ""
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
    except (OSError, ValueError):
        return ""
    return data.decode("utf-8", errors="replace")


def parse_input(raw: str) -> dict[str, Any]:
    """The hook input; anything that is not a JSON object counts as empty."""
    if not raw or not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def text_field(payload: Mapping[str, Any], *keys: str) -> str | None:
    """The string at ``payload[k1][k2]…``, or None when any step is missing or not the right type."""
    value: Any = payload
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) else None


def search_start(payload: Mapping[str, Any], env: Mapping[str, str], cwd: str | None = None) -> str:
    """Where the root search begins: the input's ``cwd``, else ``$CLAUDE_PROJECT_DIR``, else the
    process's current folder (a value naming no folder is skipped)."""
    for candidate in (payload.get("cwd"), env.get("CLAUDE_PROJECT_DIR")):
        if isinstance(candidate, str) and candidate.strip() and os.path.isdir(candidate):
            return candidate
    return cwd if cwd is not None else os.getcwd()


def project_root(
    payload: Mapping[str, Any],
    *,
    explicit: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    start: str | None = None,
) -> str:
    """The project root by the one rule (SkillError when --root/$IP_PLAN_ROOT names no folder).
    ``start`` overrides where the upward search begins."""
    environ = os.environ if env is None else env
    begin = start if start is not None else search_start(payload, environ, cwd)
    return locate_root(explicit, env=environ, cwd=begin)


def json_line(data: object) -> str:
    """``data`` as the one line of ASCII JSON a hook prints (newline included)."""
    return json.dumps(data) + "\n"


def write_json(data: object) -> None:
    """``data`` as one line of ASCII JSON on stdout."""
    line = json_line(data)
    out = sys.stdout
    raw = getattr(out, "buffer", None)
    if raw is None:
        out.write(line)
        out.flush()
        return
    out.flush()
    raw.write(line.encode("ascii"))
    raw.flush()


def write_line(text: str) -> None:
    """``text`` and a newline on stdout as UTF-8 bytes, whatever the console encoding."""
    out = sys.stdout
    raw = getattr(out, "buffer", None)
    if raw is None:
        out.write(text + "\n")
        out.flush()
        return
    out.flush()
    raw.write((text + "\n").encode("utf-8", errors="replace"))
    raw.flush()


def note_error(what: str, exc: BaseException) -> None:
    """One line on stderr for an unexpected failure (the harness logs it; the session goes on)."""
    try:
        sys.stderr.write(f"iterative-planner {what}: {type(exc).__name__}: {exc}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
