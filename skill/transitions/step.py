"""``step next`` and ``step set N``: move the current plan step (state.md and plan.md's marker)."""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import attempts, plan
from skill.plans import state as statefile
from skill.plans.edit import checked_edit
from skill.plans.layout import PLAN_MD, STATE_MD
from skill.plans.store import Store
from skill.plans.textio import leading_int
from skill.transitions.common import active_plan, state_of
from skill.transitions.outcome import Outcome
from skill.validate.edits import state_check


def _target(action: str, number: int | None, field: str, numbers: list[int], what: str) -> tuple[int, int | None]:
    """(the new step, the step to tick) for ``step next`` / ``step set N``."""
    current = leading_int(field)
    if action == "set":
        assert number is not None
        return number, None
    if current is None:
        return (min(numbers) if numbers else 1), None
    if statefile.ALL_DONE in field:
        raise refusal(what, f"all {current} steps are already done.", [f"Move on: `{CLI_PREFIX} transition REFLECT`."])
    return current + 1, current


def step(store: Store, *, action: str, number: int | None = None) -> Outcome:
    if action not in ("next", "set"):
        raise SkillError("ERROR: use `step next` or `step set N`.", 2)
    if action == "set" and (number is None or number < 1):
        raise SkillError("ERROR: `step set N` needs a step number of 1 or more.", 2)
    plan_id = active_plan(store)
    what = "step next" if action == "next" else f"step set {number}"
    with checked_edit(store, plan_id, what, [state_check]) as edit:
        text = edit.require_state()
        source = state_of(text)
        if source != "EXECUTE":
            raise refusal(
                what,
                f"plan steps move during EXECUTE; the plan is in {source or 'an unknown state'}.",
                ["PLAN → EXECUTE starts step 1; REFLECT → EXECUTE resumes the current step."],
            )
        plan_text = edit.read(PLAN_MD)
        numbers = plan.steps(plan_text)
        last = max(numbers) if numbers else None
        field = statefile.get_field(text, statefile.STEP_LABEL) or ""
        new, done = _target(action, number, field, numbers, what)
        finishing = action == "next" and last is not None and leading_int(field) == last
        if last is not None and new > last and not finishing:
            raise refusal(
                what,
                f"plan.md has {last} steps; there is no step {new}.",
                ["Use a step number from plan.md's ## Steps."],
            )
        if finishing and last is not None:
            value, marker = statefile.all_done_value(last), None
        else:
            value, marker = statefile.step_value(new, last), new
        if numbers and plan_text is not None:
            edit.write(PLAN_MD, plan.mark_step(plan_text, marker, done))
        new_text = attempts.reset_if_present(statefile.set_step(text, value))
        edit.write(STATE_MD, new_text)
    outcome = Outcome("step", plan_id, previous_state=source, previous_step=field or None)
    outcome.written = edit.written
    outcome.fill_from(new_text)
    if marker is None:
        outcome.notes.append(f"All steps done. Next: `{CLI_PREFIX} transition REFLECT`.")
    else:
        outcome.notes.append(
            f"Current step: {value}. Fix attempts reset. Gate it: `{CLI_PREFIX} validate-plan --pre-step`."
        )
    return outcome
