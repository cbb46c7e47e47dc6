"""The same target installed at both scopes: harnesses then list the skill (or the agents) twice.

Claude Code and Codex show two copies; Gemini CLI reports a skill conflict. Install and doctor say
so and name the uninstall that removes one copy.
"""

from __future__ import annotations

from pathlib import Path

from skill.command import AGENT_COMMAND
from skill.errors import SkillError
from skill.harness.base import Context, Target
from skill.harness.receipt import find_receipt


def other_scope(scope: str) -> str:
    return "user" if scope == "project" else "project"


def installed_at(target: Target, project: Path, scope: str) -> bool:
    """Whether a receipt of ``target`` exists at ``scope`` (a damaged one counts)."""
    if not target.supports(scope):
        return False
    ctx = Context(scope=scope, project=Path(project), command="", bundle=None)  # type: ignore[arg-type]
    try:
        receipt, _ = find_receipt(target.name, scope, target.base(ctx), target.receipt_rel(ctx))
    except SkillError:
        return True
    return receipt is not None


def double_install_note(target: Target, project: Path, scope: str) -> str | None:
    """The warning for ``target`` installed at ``scope`` when it is installed at the other scope too."""
    other = other_scope(scope)
    if not installed_at(target, project, other):
        return None
    return (
        f"{target.name} is installed at both project and user scope, so the harness lists it twice "
        f"(Gemini CLI reports a skill conflict). Keep one: "
        f"`{AGENT_COMMAND} uninstall --harness {target.name} --scope {other}`"
        + (f" --root {project}" if other == "project" else "")
        + "."
    )
