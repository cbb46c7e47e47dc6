"""Claude Code's SessionStart hook: put the active plan's re-entry summary back into context.

Claude Code runs the hook on ``startup``, ``resume``, ``clear`` and ``compact`` with a JSON object
on stdin (``session_id``, ``cwd``, ``source``, …). The hook prints
``{"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": "…"}}`` or nothing.

Scoping: the project root is ``--root``, else ``$IP_PLAN_ROOT``, else the hook input's ``cwd``,
else ``$CLAUDE_PROJECT_DIR``, else the process cwd; from there the nearest folder holding ``.git``
(the top of the work tree, found without running git) is used, and only ``<that>/plans`` is read.
A folder with no ``.git`` above it is used as it is. A plan therefore never leaks into a project
that does not contain it. ``IP_DISABLED=1`` turns the hook off. Pure Python, no shell: it runs the
same on Windows.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from skill import CLI_PREFIX
from skill.plans.protocol import STATES

MAX_CONTEXT = 10_000
MATCHER = "startup|resume|clear|compact"
EVENT = "SessionStart"
TRUNCATED = f"\n… (truncated: run `{CLI_PREFIX} bootstrap resume` for the rest)"


def disabled(env: Mapping[str, str] | None = None) -> bool:
    values = os.environ if env is None else env
    return values.get("IP_DISABLED", "").strip() == "1"


def parse_input(raw: str) -> dict[str, Any]:
    """The hook input; anything that is not a JSON object counts as empty."""
    if not raw or not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def work_tree_top(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``.git``; ``start`` when none does."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def project_root(
    payload: dict[str, Any],
    *,
    explicit: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    values = os.environ if env is None else env
    if explicit:
        return Path(explicit).resolve()
    if values.get("IP_PLAN_ROOT"):
        return Path(values["IP_PLAN_ROOT"]).resolve()
    for candidate in (payload.get("cwd"), values.get("CLAUDE_PROJECT_DIR")):
        if isinstance(candidate, str) and candidate.strip() and Path(candidate).is_dir():
            return work_tree_top(Path(candidate))
    return work_tree_top(cwd or Path.cwd())


def context_text(root: Path, source: str | None = None) -> str | None:
    """The re-entry summary for the plan active under ``root``, or None when there is none."""
    from skill.lifecycle.report import resume_lines, status_data

    plans_dir = Path(root) / "plans"
    if not plans_dir.is_dir():
        return None
    data = status_data(plans_dir)
    if data is None:
        return None
    state = data.state or "UNKNOWN"
    why = f" (session {source})" if source else ""
    head = [
        f"iterative-planner: an active plan exists in this project{why}. Resume it from its "
        "current state; do not start over.",
        "Re-read, in order: plans/.current_plan, state.md, plan.md, decisions.md, progress.md, "
        "findings.md and findings/*, checkpoints/*, then plans/FINDINGS.md, plans/DECISIONS.md, "
        "plans/LESSONS.md, plans/SYSTEM.md.",
    ]
    if state.upper() in STATES and state.upper() != "CLOSE":
        head.append(
            f"Load the rules for {state}: `{CLI_PREFIX} emit-state --state {state.lower()}`."
        )
    if state.upper() == "EXECUTE":
        head.append(
            "Mid-EXECUTE: check git log for this step's commit and `git status --porcelain` "
            f"before re-running the step; gate it with `{CLI_PREFIX} validate-plan --pre-step`."
        )
    head.append("")
    body = "\n".join(head + resume_lines(plans_dir))
    if len(body) > MAX_CONTEXT:
        body = body[: MAX_CONTEXT - len(TRUNCATED)] + TRUNCATED
    return body


def session_start_payload(
    raw_input: str,
    *,
    explicit_root: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any] | None:
    """The hook's JSON answer, or None when it should print nothing."""
    env = os.environ if env is None else env
    if disabled(env):
        return None
    payload = parse_input(raw_input)
    root = project_root(payload, explicit=explicit_root, env=env, cwd=cwd)
    source = payload.get("source") if isinstance(payload.get("source"), str) else None
    text = context_text(root, source)
    if text is None:
        return None
    return {"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": text}}


def session_start_command(python: str | None = None) -> str:
    """The command line Claude Code should run (this interpreter, so the package is importable)."""
    exe = python or sys.executable or "python"
    quoted = f'"{exe}"' if os.name == "nt" else shlex.quote(exe)
    return f"{quoted} -m skill hook session-start"


def claude_hook_entry(command: str | None = None) -> dict[str, Any]:
    """One ``hooks.SessionStart`` entry of Claude Code's settings.json."""
    return {
        "matcher": MATCHER,
        "hooks": [{"type": "command", "command": command or session_start_command()}],
    }


def add_to_settings(settings: dict[str, Any], command: str | None = None) -> dict[str, Any]:
    """``settings`` with the SessionStart entry added once (an entry running the same command,
    or any ``… -m skill hook session-start`` command, is replaced in place)."""
    entry = claude_hook_entry(command)
    result = dict(settings)
    hooks = dict(result.get("hooks") or {})
    entries = [e for e in (hooks.get(EVENT) or []) if not _is_ours(e)]
    entries.append(entry)
    hooks[EVENT] = entries
    result["hooks"] = hooks
    return result


def remove_from_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` without this tool's SessionStart entry (other hooks untouched)."""
    result = dict(settings)
    hooks = dict(result.get("hooks") or {})
    if EVENT not in hooks:
        return result
    entries = [e for e in hooks[EVENT] if not _is_ours(e)]
    if entries:
        hooks[EVENT] = entries
    else:
        del hooks[EVENT]
    if hooks:
        result["hooks"] = hooks
    else:
        result.pop("hooks", None)
    return result


def is_ours(entry: Any) -> bool:
    """True for a settings entry that runs this tool's ``hook session-start``."""
    if not isinstance(entry, dict) or not isinstance(entry.get("hooks"), list):
        return False
    for hook in entry["hooks"]:
        command = str(hook.get("command", "")) if isinstance(hook, dict) else ""
        if command.rstrip().endswith("hook session-start") and (
            "skill" in command or "iterative-planner" in command
        ):
            return True
    return False


_is_ours = is_ours
