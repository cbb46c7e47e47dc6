"""What every checked move needs: the active plan, its current state, and safe notes."""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import state as statefile
from skill.plans.pointer import read_pointer
from skill.plans.protocol import STATES, normalize_state
from skill.plans.store import Store
from skill.plans.textio import one_line


def active_plan(store: Store) -> str:
    """The active plan's id, or a SkillError saying how to start one."""
    plan_id = read_pointer(store.plans_dir) if store.plans_dir.is_dir() else None
    if plan_id is None:
        raise SkillError(
            f"ERROR: No active plan under {store.root}.\n"
            f"  Start one with `{CLI_PREFIX} bootstrap new \"goal\"` (or pass --root DIR).\n"
            "  Nothing was written.",
            1,
        )
    return plan_id


def state_of(state_text: str) -> str | None:
    """The current state as the validator reads it (None when the line is missing or blank)."""
    return normalize_state(statefile.current_state(state_text))


def open_state(state_text: str, plan_id: str, what: str) -> str:
    """The current state of a plan that can still move, or the refusal that says why it cannot."""
    source = state_of(state_text)
    if source is None:
        raise refusal(
            what,
            f"plans/{plan_id}/state.md has no readable '# Current State:' line.",
            [f"Restore that line by hand, or end the plan with `{CLI_PREFIX} bootstrap close`."],
        )
    if source == "CLOSE":
        raise refusal(
            what,
            "the plan is already CLOSE.",
            [
                f"If plans/.current_plan still names it, finish with `{CLI_PREFIX} bootstrap close`;",
                f"then start the next plan with `{CLI_PREFIX} bootstrap new \"goal\"`.",
            ],
        )
    if source not in STATES:
        raise refusal(
            what,
            f"state.md says '# Current State: {source}', which is not a protocol state.",
            [
                f"Fix the line by hand (one of {', '.join(STATES)}), or end the plan with "
                f"`{CLI_PREFIX} bootstrap close`."
            ],
        )
    return source


def in_execute(state_text: str, what: str, doing: str, remedy: str) -> str:
    """The current state when it is EXECUTE, else the refusal saying ``doing`` belongs to EXECUTE."""
    source = state_of(state_text)
    if source != "EXECUTE":
        raise refusal(what, f"{doing} during EXECUTE; the plan is in {source or 'an unknown state'}.", [remedy])
    return source


def sanitize(value: str) -> str:
    """One line, and nothing the validator would read as an arrow or a comment delimiter."""
    text = one_line(value)
    text = text.replace("<!--", "< !--").replace("-->", "- ->")
    return text.replace("→", "to").replace("->", "- >")
