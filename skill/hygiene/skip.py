"""``hygiene skip --reason TEXT``: record in state.md that this iteration's sweep is not run.

Written only in REFLECT (where the protocol decides whether to sweep), for the iteration the
validator's ``[hygiene-gate]`` asks about, once per iteration, and never when that iteration
already has a sweep report. The reason is one line with no arrow or comment delimiter, so the line
also reads cleanly to tools that do not know skip lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import hygiene
from skill.plans import state as statefile
from skill.plans.edit import checked_edit
from skill.plans.layout import STATE_MD
from skill.plans.store import Store
from skill.transitions.common import active_plan, sanitize, state_of
from skill.validate import hygiene_gate
from skill.validate.edits import state_check

WHAT = "hygiene skip"


@dataclass(frozen=True)
class SkipResult:
    plan_id: str
    iteration: int
    line: str
    written: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan_id,
            "iteration": self.iteration,
            "line": self.line,
            "written": list(self.written),
        }


def record_skip(store: Store, reason: str) -> SkipResult:
    text = sanitize(reason)
    if not text:
        raise SkillError("ERROR: --reason needs a reason: why the sweep is not run now.", 2)
    plan_id = active_plan(store)
    with checked_edit(store, plan_id, WHAT, [state_check]) as edit:
        state_text = edit.require_state()
        state = state_of(state_text)
        if state != "REFLECT":
            raise refusal(
                WHAT,
                f"the sweep is decided in REFLECT; the plan is in {state or 'an unknown state'}.",
                ["Record a skip in REFLECT, when the work is not ready for a sweep."],
            )
        iteration = hygiene_gate.gate_iteration(state_text)
        if iteration in hygiene_gate.recorded_skips(state_text):
            raise refusal(WHAT, f"iteration {iteration} already has a HYGIENE SKIP line.", ["Nothing to add."])
        reports = hygiene_gate.reports(edit.plan_dir, iteration)
        if reports:
            raise refusal(
                WHAT,
                f"iteration {iteration} was swept: findings/{reports[0]} exists.",
                ["A skip would contradict it; leave the report as the record."],
            )
        line = hygiene.skip_line(iteration, text)
        edit.write(STATE_MD, statefile.append_history(state_text, [line]))
    return SkipResult(plan_id, iteration, line, edit.written)


def summary(result: SkipResult) -> list[str]:
    return [
        f"Recorded in plans/{result.plan_id}/state.md: {result.line}",
        f"  Relay this line verbatim in PC-REFLECT. `{CLI_PREFIX} validate-plan` now finds a record "
        f"for iteration {result.iteration}.",
    ]
