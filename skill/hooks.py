"""Claude Code's SessionStart hook: put the active plan's re-entry summary back into context.

Claude Code runs the hook on ``startup``, ``resume``, ``clear`` and ``compact`` with a JSON object
on stdin (``session_id``, ``cwd``, ``source``, …). The hook prints
``{"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": "…"}}`` or nothing.

Scoping: the project root follows the one rule of :mod:`skill.plans.root` (``--root``, then
``$IP_PLAN_ROOT``, then the nearest folder upwards holding ``plans/.current_plan``, no higher than
the git work tree's top), searched from the hook input's ``cwd``, else ``$CLAUDE_PROJECT_DIR``, else
the process cwd. A plan in ``svc/plans/`` of a monorepo is found from ``svc/`` and below; a plan
never leaks into another repository. ``IP_DISABLED=1`` turns the hook off. Pure Python, no shell:
it runs the same on Windows.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from skill.command import AGENT_COMMAND
from skill.plans.protocol import STATES

MAX_CONTEXT = 10_000
MATCHER = "startup|resume|clear|compact"
EVENT = "SessionStart"
#: what follows the command prefix in the registered hook command
SUBCOMMAND = "hook session-start"


def truncated_note() -> str:
    return f"\n… (truncated: run `{AGENT_COMMAND} bootstrap resume` for the rest)"


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


def search_start(payload: dict[str, Any], env: Mapping[str, str], cwd: Path | None = None) -> Path:
    """Where the root search begins: the hook input's ``cwd``, else ``$CLAUDE_PROJECT_DIR``, else
    the process cwd (a value naming no folder is skipped)."""
    for candidate in (payload.get("cwd"), env.get("CLAUDE_PROJECT_DIR")):
        if isinstance(candidate, str) and candidate.strip() and Path(candidate).is_dir():
            return Path(candidate)
    return cwd or Path.cwd()


def project_root(
    payload: dict[str, Any],
    *,
    explicit: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """The project root by the one rule (SkillError when --root/$IP_PLAN_ROOT names no folder)."""
    from skill.plans.root import find_root

    env = dict(os.environ) if env is None else env
    return find_root(explicit, env=env, cwd=search_start(payload, env, cwd))


def context_text(root: Path, source: str | None = None) -> str | None:
    """The re-entry summary for the plan active under ``root``, or None when there is none."""
    from skill.lifecycle.report import no_plan_hint, resume_lines, status_data

    plans_dir = Path(root) / "plans"
    if not plans_dir.is_dir():
        return None
    data = status_data(plans_dir)
    if data is None:
        hint = no_plan_hint(plans_dir)
        if not hint:
            return None
        return "\n".join(
            [
                "iterative-planner: no active plan (plans/.current_plan is missing or names no plan "
                "folder), but plans were left unclosed. Ask the user which one to resume before "
                "starting anything new.",
                *hint,
            ]
        )
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
            f"Load the rules for {state}: `{AGENT_COMMAND} emit-state --state {state.lower()}`."
        )
    if state.upper() == "EXECUTE":
        head.append(
            "Mid-EXECUTE: check git log for this step's commit and `git status --porcelain` "
            f"before re-running the step; gate it with `{AGENT_COMMAND} validate-plan --pre-step`."
        )
    head.append("")
    body = "\n".join(head + resume_lines(plans_dir))
    if len(body) > MAX_CONTEXT:
        note = truncated_note()
        body = body[: MAX_CONTEXT - len(note)] + note
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


def hook_command(prefix: str | None = None) -> str:
    """The command line Claude Code runs: ``<prefix> hook session-start`` (default prefix: the
    command of :mod:`skill.command`)."""
    return f"{prefix or AGENT_COMMAND} {SUBCOMMAND}"


def claude_hook_entry(command: str | None = None) -> dict[str, Any]:
    """One ``hooks.SessionStart`` entry of Claude Code's settings.json."""
    return {
        "matcher": MATCHER,
        "hooks": [{"type": "command", "command": command or hook_command()}],
    }


def is_ours(entry: Any, commands: Iterable[str]) -> bool:
    """True for a settings entry that runs exactly one of ``commands`` (full hook command lines,
    as recorded in an install receipt): another tool's ``… hook session-start`` is never ours."""
    wanted = {command.strip() for command in commands if command.strip()}
    if not wanted or not isinstance(entry, dict) or not isinstance(entry.get("hooks"), list):
        return False
    return any(
        isinstance(hook, dict) and str(hook.get("command", "")).strip() in wanted
        for hook in entry["hooks"]
    )
