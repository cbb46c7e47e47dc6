"""``hook pre-tool-use``: the write guard.

While a plan is active, a write to a project file outside ``plans/`` is denied when the plan is
not in EXECUTE, or when it is and the pre-step gate fails (``[leash-cap]``, ``[iteration-cap]``,
``[plan-drift]``, or any other slug the gate adds). The reason names the state or the gate's line and
the command that moves the plan on. Writes under ``plans/`` and outside the project are never
denied; shell commands are not looked at. No plan, no state.md, ``IP_GUARD=0`` or ``IP_DISABLED=1``:
nothing is denied. An unexpected error denies nothing either (the guard fails open).

Which files a call writes:

* Claude Code: ``tool_input.file_path`` (Write, Edit, MultiEdit) or ``tool_input.notebook_path``
  (NotebookEdit), absolute;
* Codex: ``apply_patch`` sends its patch in ``tool_input.command``; every ``*** Add File:``,
  ``*** Update File:``, ``*** Delete File:`` and ``*** Move to:`` path counts, relative to ``cwd``;
  one denied path denies the whole patch.

Answer: nothing to allow; ``{"hookSpecificOutput": {"hookEventName": "PreToolUse",
"permissionDecision": "deny", "permissionDecisionReason": …}}`` and exit 0 to deny, which Claude
Code and Codex both honour. Never ``allow``: that would skip the user's own permission prompt.
"""

from __future__ import annotations

import os
import re

from skill.command import AGENT_COMMAND
from skill.hooks.payload import disabled, parse_input, project_root, text_field
from skill.plans import state as statefile
from skill.plans.pointer import read_pointer
from skill.plans.protocol import normalize_state
from skill.plans.textio import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

EVENT = "PreToolUse"
#: ``IP_GUARD=0`` turns the guard off.
GUARD_ENV = "IP_GUARD"
PLANS = "plans"
FILE_KEYS = ("file_path", "notebook_path")
PATCH_PATH_RE = re.compile(r"^\*\*\* (?:Add File|Update File|Delete File|Move to):[ \t]*(.+?)[ \t]*$", re.MULTILINE)
SHOWN_FILES = 3


def guard_off(env: Mapping[str, str]) -> bool:
    return disabled(env) or env.get(GUARD_ENV, "").strip() == "0"


def patch_paths(patch: str) -> list[str]:
    """The paths an ``apply_patch`` patch adds, updates, deletes or moves to."""
    return PATCH_PATH_RE.findall(patch.replace("\r\n", "\n"))


def written_paths(payload: Mapping[str, Any], cwd: str) -> list[str]:
    """Absolute paths of the files the tool call writes ([] when it names none)."""
    tool_input = payload.get("tool_input")
    if not isinstance(tool_input, dict):
        return []
    named = [tool_input[key] for key in FILE_KEYS if isinstance(tool_input.get(key), str) and tool_input[key].strip()]
    command = tool_input.get("command")
    if isinstance(command, str) and (
        payload.get("tool_name") == "apply_patch" or command.lstrip().startswith("*** Begin Patch")
    ):
        named += patch_paths(command)
    return [os.path.normpath(os.path.join(cwd, path)) for path in named]


def place(path: str, root: str) -> str:
    """``"plans"`` for a path under the root's plans/, ``"project"`` for another path in the
    project, ``"outside"`` for the rest (symbolic links followed)."""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return "outside"
    first = rel.split(os.sep, 1)[0]
    return "plans" if os.path.normcase(first) == os.path.normcase(PLANS) else "project"


def _shown(paths: list[str], root: str) -> str:
    names = [os.path.relpath(path, root).replace(os.sep, "/") for path in paths[:SHOWN_FILES]]
    more = f" and {len(paths) - SHOWN_FILES} more" if len(paths) > SHOWN_FILES else ""
    return ", ".join(f"`{name}`" for name in names) + more


_STATE_NEXT = {
    "EXPLORE": "project files change in EXECUTE, once the plan is written and approved; first "
    "`{cmd} transition PLAN`",
    "PLAN": "project files change in EXECUTE, once the user approves plan.md: `{cmd} transition EXECUTE`",
    "REFLECT": "a fix the user confirms goes back to EXECUTE: `{cmd} transition EXECUTE`; a new "
    "approach goes through `{cmd} transition PIVOT`",
    "PIVOT": "the new direction is planned first: `{cmd} transition PLAN`",
    "CLOSE": "the plan is closing: `{cmd} bootstrap close` finishes it, and new work starts with "
    '`{cmd} bootstrap new "goal"`',
}

_GATE_NEXT = {
    "leash-cap": "The Autonomy Leash is reached on this step: no third fix. Revert to the last clean "
    "commit, then `{cmd} transition REFLECT`; the user decides how to go on.",
    "iteration-cap": "The iteration limit is reached: no more changes in this plan; propose smaller "
    "sub-goals to the user.",
    "plan-drift": "plan.md differs from the plan the user approved: show them what changed; writes "
    "resume once they approve it again (`{cmd} emit-state --state execute` says how), or restore "
    "plan.md.",
}


def state_reason(state: str | None, written: str | None, files: str, folder: str) -> str:
    cmd = str(AGENT_COMMAND)
    head = f"iterative-planner write guard: {files} is a project file"
    if state in _STATE_NEXT:
        rule = f"the plan is in {state}, which writes only in the plan folder ({folder})"
        return f"{head}, and {rule}; {_STATE_NEXT[state].format(cmd=cmd)}."
    return (
        f"{head}, and state.md names no protocol state ({written or 'none'}); project files "
        f"change only in EXECUTE. `{cmd} bootstrap resume` shows where the plan stands."
    )


def gate_reason(slug: str | None, line: str, files: str) -> str:
    cmd = str(AGENT_COMMAND)
    then = _GATE_NEXT.get(slug or "", "`{cmd} emit-state --state execute` says what to do.")
    return (
        f"iterative-planner write guard: {files} is a project file, and the plan is in EXECUTE "
        f"but the pre-step gate fails: {line}. {then.format(cmd=cmd)}"
    )


def deny_reason(
    payload: Mapping[str, Any],
    *,
    explicit_root: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> str | None:
    """Why the tool call must not run, or None to let it through."""
    environ = os.environ if env is None else env
    if guard_off(environ):
        return None
    base = text_field(payload, "cwd")
    base = base if base and os.path.isdir(base) else (cwd if cwd is not None else os.getcwd())
    paths = written_paths(payload, base)
    if not paths:
        return None
    root = project_root(payload, explicit=explicit_root, env=environ, cwd=cwd)
    plans_dir = os.path.join(root, PLANS)
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        return None
    state_text = read_text(os.path.join(plans_dir, plan_id, "state.md"))
    if not state_text:
        return None
    project = [path for path in paths if place(path, root) == "project"]
    if not project:
        return None
    files = _shown(project, root)
    written = statefile.current_state(state_text)
    state = normalize_state(written)
    if state != "EXECUTE":
        return state_reason(state, written, files, f"plans/{plan_id}/")
    from skill.validate import gate

    result = gate.run(root)
    if result.passed:
        return None
    return gate_reason(result.slug, result.line, files)


def deny(reason: str) -> dict[str, Any]:
    """The deny answer both harnesses read."""
    return {
        "hookSpecificOutput": {
            "hookEventName": EVENT,
            "permissionDecision": "deny",
            "permissionDecisionReason": reason,
        }
    }


def answer(
    raw_input: str,
    *,
    explicit_root: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> dict[str, Any] | None:
    """The hook's JSON answer: a deny, or None (print nothing: the call goes ahead)."""
    reason = deny_reason(parse_input(raw_input), explicit_root=explicit_root, env=env, cwd=cwd)
    return None if reason is None else deny(reason)
