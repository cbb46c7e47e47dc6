"""``bootstrap reset-attempts``: empty the active plan's ``## Fix Attempts`` section.

The lines are not deleted: they move to ``## Fix Attempt History``, each with who reset them and
when. Moving them does not reopen the Autonomy Leash: the gate still counts a step's lines of the
current iteration until the user's REFLECT → EXECUTE, a PIVOT or a new iteration.
"""

from __future__ import annotations

import getpass

from skill.errors import SkillError
from skill.plans import attempts
from skill.plans.edit import checked_edit
from skill.plans.ids import utc_timestamp
from skill.plans.layout import STATE_MD
from skill.plans.pointer import read_pointer
from skill.plans.store import Store


def who() -> str:
    """The login name of whoever ran the command ('unknown user' when it cannot be told)."""
    try:
        return getpass.getuser() or "unknown user"
    except (OSError, KeyError, ImportError):
        return "unknown user"


def reset_attempts(store: Store, when: str | None = None) -> list[str]:
    plan_id = read_pointer(store.plans_dir)
    if plan_id is None:
        raise SkillError(
            "ERROR: No active plan. reset-attempts works on the active plan's state.md."
        )
    when = when or utc_timestamp()
    with checked_edit(store, plan_id, "reset-attempts") as edit:
        text = edit.read(STATE_MD)
        if text is None:
            raise SkillError(f"ERROR: cannot read {edit.path(STATE_MD).resolve()}.")
        try:
            attempts.reset(text)
        except attempts.NoSection:
            raise SkillError(
                f"ERROR: no '## {attempts.SECTION}' section found in state.md.\n"
                f"  Add the heading '{attempts.HEADING}' and run this again."
            ) from None
        moved = attempts.pending_lines(text)
        iteration, step = attempts.iteration_of(text), attempts.step_of(text)
        new_text = attempts.archive(text, iteration, step, when, f"bootstrap reset-attempts by {who()}")
        edit.write(STATE_MD, attempts.reset(new_text))
    count = attempts.current_count(new_text)
    lines = [
        f"Fix Attempts reset for active plan {plan_id}.",
        f"  state.md '## {attempts.SECTION}' → \"{attempts.PLACEHOLDER}\"",
    ]
    if moved:
        lines.append(
            f"  {len(moved)} line(s) moved to '{attempts.HISTORY_HEADING}' (reset by {who()} at {when})."
        )
    if count.total:
        lines.append(
            f"  The leash still counts {count.total} attempt(s) on step {step}: only the user's "
            "REFLECT → EXECUTE, a PIVOT or a new iteration reopens it."
        )
    else:
        lines.append("  The pre-step gate counts 0 attempts on the current step.")
    return lines
