"""What every bookkeeping command checks first: the state it may write in, and safe text."""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit
from skill.plans.layout import STATE_MD
from skill.plans.textio import one_line
from skill.transitions.common import state_of


def require_state(edit: PlanEdit, allowed: tuple[str, ...], why: str, remedy: str) -> str:
    """The plan's state when it is one of ``allowed``; otherwise the refusal saying why not."""
    state = state_of(edit.require_state())
    if state not in allowed:
        raise refusal(
            edit.what,
            f"{why} ({' or '.join(allowed)}); the plan is in {state or 'an unknown state'}.",
            [remedy],
        )
    return state


def iteration(edit: PlanEdit) -> int:
    """The plan's iteration: the larger of the declared one and the EXECUTE → REFLECT count."""
    return statefile.effective_iteration(edit.read(STATE_MD))[2]


def defuse(value: str) -> str:
    """One line, with no HTML comment delimiter that would hide the rest of a file."""
    return one_line(value).replace("<!--", "< !--").replace("-->", "- ->")


def text_value(value: str | None, option: str) -> str:
    """A one-line value safe in any plan file (:func:`defuse`); usage error when blank."""
    text = defuse(value or "")
    if not text:
        raise SkillError(f"ERROR: {option} needs a text (it is empty).\n  Nothing was written.", 2)
    return text


def written_in(plan_id: str, name: str) -> str:
    return f"plans/{plan_id}/{name}"


def command(words: str) -> str:
    """A command line to suggest: this installation's command prefix and ``words``."""
    return f"`{CLI_PREFIX} {words}`"
