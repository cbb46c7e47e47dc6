"""``attempt``: record a fix attempt on the current step, within the Autonomy Leash."""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import attempts
from skill.plans import state as statefile
from skill.plans.edit import checked_edit
from skill.plans.layout import STATE_MD
from skill.plans.protocol import LEASH_CAP
from skill.plans.store import Store
from skill.plans.textio import leading_int
from skill.transitions.common import active_plan, sanitize, state_of
from skill.transitions.outcome import Outcome
from skill.validate.edits import state_check

RESULTS = ("failed", "passed", "partial")


def leash_refusal(lines: list[str], step: int) -> SkillError:
    others = len(lines) - attempts.on_step(lines, step)
    remedies = [
        "Autonomy Leash: STOP. Revert uncommitted changes to the last clean commit, show "
        f"PC-EXECUTE-LEASH, then `{CLI_PREFIX} transition REFLECT` and wait for the user.",
    ]
    if others:
        remedies.append(
            f"{others} of the recorded attempts belong to another step: a reset was missed "
            f"(`{CLI_PREFIX} step next` after a step, `{CLI_PREFIX} bootstrap reset-attempts` on the "
            "user's direction)."
        )
    return refusal(
        "attempt",
        f"[leash-cap] attempts={len(lines)} cap={LEASH_CAP}: step {step} may not "
        "get a third fix attempt.",
        remedies,
    )


def attempt(store: Store, *, what: str, result: str) -> Outcome:
    result = result.strip().lower()
    if result not in RESULTS:
        raise SkillError(f"ERROR: --result must be one of {', '.join(RESULTS)}.", 2)
    description = sanitize(what)
    if not description:
        raise SkillError("ERROR: --what needs a description of what was tried.", 2)
    plan_id = active_plan(store)
    with checked_edit(store, plan_id, "attempt", [state_check]) as edit:
        text = edit.require_state()
        source = state_of(text)
        if source != "EXECUTE":
            raise refusal(
                "attempt",
                f"fix attempts are recorded during EXECUTE; the plan is in {source or 'an unknown state'}.",
                ["Record attempts on the step being executed, after `transition EXECUTE`."],
            )
        step = leading_int(statefile.get_field(text, statefile.STEP_LABEL))
        if step is None:
            raise refusal(
                "attempt",
                "state.md names no current plan step.",
                [f"Set it first: `{CLI_PREFIX} step set N`."],
            )
        lines = attempts.attempt_lines(text)
        if len(lines) >= LEASH_CAP:
            raise leash_refusal(lines, step)
        line = attempts.attempt_line(step, attempts.on_step(lines, step) + 1, description, result)
        try:
            new_text = attempts.add(text, line)
        except attempts.NoSection:
            raise refusal(
                "attempt",
                "state.md has no '## Fix Attempts' section.",
                [f"Add the heading '{attempts.HEADING}' by hand, then retry."],
            ) from None
        edit.write(STATE_MD, new_text)
    outcome = Outcome("attempt", plan_id, previous_state=source, history=[line], written=edit.written)
    outcome.fill_from(new_text)
    if len(outcome.attempts) >= LEASH_CAP and result != "passed":
        outcome.warnings.append(
            f"WARNING: {len(outcome.attempts)} attempts recorded: the pre-step gate now stops the "
            "next spawn (leash-cap). Revert, show PC-EXECUTE-LEASH, `transition REFLECT`."
        )
    elif result == "passed":
        outcome.notes.append(f"After the Post-Step Gate: `{CLI_PREFIX} step next`.")
    return outcome
