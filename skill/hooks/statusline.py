"""``statusline``: one short line for Claude Code's status bar.

Claude Code runs the ``statusLine`` command after each assistant message with a JSON object on
stdin (``cwd``, ``workspace.current_dir``, ``workspace.project_dir``, ``model``, …; any of them may
be missing). The line says where the active plan stands::

    IP EXECUTE · step 2/5 · fix 1/2 · iter 1

Nothing is printed when no plan is active, ``IP_DISABLED=1``, or anything goes wrong: an empty
status line is better than a wrong one.
"""

from __future__ import annotations

import os
import re

from skill.hooks.payload import disabled, parse_input, project_root, text_field
from skill.plans import attempts
from skill.plans import state as statefile
from skill.plans.pointer import read_pointer
from skill.plans.protocol import LEASH_CAP, normalize_state
from skill.plans.textio import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

_OF_RE = re.compile(r"^\s*([0-9]+)\s+of\s+([0-9]+)")
SEPARATOR = " · "


def search_start(payload: Mapping[str, Any]) -> str | None:
    """The folder the session is in: ``workspace.current_dir``, ``cwd``, then
    ``workspace.project_dir`` (the first that names a folder)."""
    for keys in (("workspace", "current_dir"), ("cwd",), ("workspace", "project_dir")):
        value = text_field(payload, *keys)
        if value and os.path.isdir(value):
            return value
    return None


def step_text(value: str | None) -> str | None:
    """``2 of 5`` as ``step 2/5``; all steps done as ``steps done``; None when there is no step."""
    if not value or value.strip().upper() == "N/A":
        return None
    if statefile.ALL_DONE in value:
        return "steps done"
    match = _OF_RE.match(value)
    if match:
        return f"step {match.group(1)}/{match.group(2)}"
    return f"step {value.strip()[:12]}"


def line_for(root: str) -> str | None:
    """The status line for the plan active under ``root`` (None when there is none)."""
    plans_dir = os.path.join(root, "plans")
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        return None
    text = read_text(os.path.join(plans_dir, plan_id, "state.md"))
    fields = statefile.read_state_fields(text)
    state = normalize_state(fields.state) or "?"
    parts = [f"IP {state}"]
    step = step_text(fields.step)
    if step:
        parts.append(step)
    if state == "EXECUTE":
        parts.append(f"fix {attempts.count(text)}/{LEASH_CAP}")
    if fields.iteration:
        parts.append(f"iter {fields.iteration.strip()[:6]}")
    return SEPARATOR.join(parts)


def answer(
    raw_input: str,
    *,
    explicit_root: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> str | None:
    """The line to print, or None."""
    environ = os.environ if env is None else env
    if disabled(environ):
        return None
    payload = parse_input(raw_input)
    root = project_root(payload, explicit=explicit_root, env=environ, cwd=cwd, start=search_start(payload))
    return line_for(root)
