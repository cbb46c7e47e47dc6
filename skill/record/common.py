"""What every bookkeeping command checks first: the state it may write in, and safe text."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit, checked_edit
from skill.plans.layout import STATE_MD
from skill.plans.store import Store
from skill.plans.textio import one_line
from skill.record.result import Recorded
from skill.transitions.common import active_plan, state_of


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


def require_file(edit: PlanEdit, name: str) -> str:
    """A plan file's text; the refusal when it is missing or empty."""
    text = edit.read(name)
    if text is None or not text.strip():
        layout = command("emit-template --name " + name.removesuffix(".md"))
        raise refusal(edit.what, f"plans/{edit.plan_id}/{name} is missing or empty.", [f"Restore it (layout: {layout}), then retry."])
    return text


@contextlib.contextmanager
def recording(
    store: Store, action: str, states: tuple[str, ...], why: str, remedy: str
) -> Iterator[tuple[PlanEdit, Recorded]]:
    """The active plan's checked edit, once its state is one of ``states``, and the result to fill;
    ``Recorded.written`` is set when the edit has been written."""
    plan_id = active_plan(store)
    result = Recorded(action, plan_id)
    with checked_edit(store, plan_id, action) as edit:
        result.state = require_state(edit, states, why, remedy)
        yield edit, result
    result.written = edit.written
