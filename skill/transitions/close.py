"""``transition CLOSE``: record the checked CLOSE move, then run the lifecycle's close.

The plans-wide lock is held throughout, as ``bootstrap close`` holds it, so no other plan can become
active in between. The move is a checked edit of its own (under the plan's lock); the close that
follows takes that lock again.
"""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.lifecycle.close import close_plan_locked
from skill.plans import protocol
from skill.plans.edit import checked_edit
from skill.plans.store import Store
from skill.transitions import conditions
from skill.transitions.common import active_plan, state_of
from skill.transitions.conditions import Request
from skill.transitions.moves import checked_move
from skill.transitions.outcome import Outcome
from skill.validate.edits import state_check


def close(
    store: Store,
    *,
    note: str | None,
    user: str | None = None,
    force: bool,
    when: str,
    confidence: dict[str, str] | None,
) -> Outcome:
    if confidence is not None:
        raise SkillError(
            "ERROR: --confidence belongs to EXPLORE → PLAN only.\n  Nothing was written.", 2
        )
    active_plan(store)
    with store.plans_lock():
        plan_id = active_plan(store)
        outcome = Outcome("transition", plan_id)
        # not require_open: this edit may find the plan mid-close and finish that close below
        with checked_edit(store, plan_id, "transition CLOSE", [state_check], require_open=False) as edit:
            new_text = edit.require_state()
            source = state_of(new_text)
            if source == "CLOSE":
                outcome.previous_state = "CLOSE"
                outcome.notes.append(
                    "state.md already says CLOSE: finishing the interrupted close "
                    "(merge, index, snapshot, pointer removal)."
                )
            else:
                if source is None or source not in protocol.STATES:
                    raise refusal(
                        "transition CLOSE",
                        "state.md has no readable protocol state.",
                        [f"Use `{CLI_PREFIX} bootstrap close` for the administrative close."],
                    )
                move = protocol.MOVES[(source, "CLOSE")]
                if user is not None and not move.user_gated:
                    raise SkillError(
                        f"ERROR: --user belongs to REFLECT → CLOSE; {source} → CLOSE is an "
                        "administrative exit: give the reason with --note.\n  Nothing was written.",
                        2,
                    )
                request = Request(note=note, user=user)
                new_text, outcome.history, outcome.forced = checked_move(
                    edit, move, request, force=force, when=when
                )
                outcome.previous_state = source
        outcome.written = edit.written
        if outcome.forced:
            outcome.warnings.append(conditions.forced_warning(outcome.forced))
        result = close_plan_locked(store, plan_id)
    outcome.closed = True
    outcome.fill_from(new_text)
    outcome.warnings += result.warnings
    outcome.notes += result.action_needed
    outcome.notes += [
        f"Closed plan: plans/{plan_id} (pointer removed, folder kept).",
        "  Findings/decisions merged to plans/FINDINGS.md and plans/DECISIONS.md.",
        "  Now update plans/LESSONS.md with what this plan taught (max 200 lines).",
    ]
    return outcome
