"""``bootstrap reset-attempts``: empty the active plan's ``## Fix Attempts`` section."""

from __future__ import annotations

from skill.errors import SkillError
from skill.plans import attempts
from skill.plans.edit import checked_edit
from skill.plans.layout import STATE_MD
from skill.plans.pointer import read_pointer
from skill.plans.store import Store


def reset_attempts(store: Store) -> list[str]:
    plan_id = read_pointer(store.plans_dir)
    if plan_id is None:
        raise SkillError(
            "ERROR: No active plan. reset-attempts works on the active plan's state.md."
        )
    with checked_edit(store, plan_id, "reset-attempts") as edit:
        text = edit.read(STATE_MD)
        if text is None:
            raise SkillError(f"ERROR: cannot read {edit.path(STATE_MD).resolve()}.")
        try:
            edit.write(STATE_MD, attempts.reset(text))
        except attempts.NoSection:
            raise SkillError(
                f"ERROR: no '## {attempts.SECTION}' section found in state.md.\n"
                f"  Add the heading '{attempts.HEADING}' and run this again."
            ) from None
    return [
        f"Fix Attempts reset for active plan {plan_id}.",
        f"  state.md '## {attempts.SECTION}' → \"{attempts.PLACEHOLDER}\"",
        "  The pre-step gate counts 0 attempts on the next EXECUTE step.",
    ]
