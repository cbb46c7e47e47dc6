"""``bootstrap use PLAN_ID``: make an unclosed plan active again.

The recovery for a lost or corrupted ``plans/.current_plan``: the pointer is rewritten to name the
plan, under the plans-wide lock, atomically. A closed plan stays closed, and a plan that is active
is never replaced silently: close it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skill.errors import SkillError
from skill.lifecycle.common import invocation
from skill.lifecycle.report import PlanSummary, shown_state
from skill.plans.ids import is_plan_id
from skill.plans.pointer import pointer_path, read_pointer
from skill.plans.protocol import normalize_state
from skill.plans.store import Store


@dataclass(frozen=True)
class Used:
    plan: PlanSummary
    already: bool  # the pointer named it already

    def as_dict(self) -> dict[str, Any]:
        fields = self.plan.fields
        return {
            "ok": True,
            "plan_id": self.plan.plan_id,
            "plan_dir": f"plans/{self.plan.plan_id}",
            "state": shown_state(fields.state),
            "iteration": fields.iteration,
            "step": fields.step,
            "goal": self.plan.goal,
            "already_active": self.already,
        }

    def lines(self) -> list[str]:
        fields = self.plan.fields
        head = "Already active" if self.already else "Active plan"
        return [
            f"{head}: plans/{self.plan.plan_id} [{shown_state(fields.state)}] iter={fields.iteration or '?'} "
            f"step={fields.step or 'N/A'} | {(self.plan.goal or '?')[:60]}",
            f"  Pick it up where it stands: `{invocation()} resume`.",
        ]


def _refuse(reason: str, remedy: str, code: int = 1) -> SkillError:
    return SkillError(f"ERROR: use refused: {reason}\n  {remedy}\n  Nothing was written.", code)


def use_plan(store: Store, plan_id: str | None) -> Used:
    if not plan_id or not plan_id.strip():
        raise SkillError(f"ERROR: use needs a plan id: {invocation()} use <plan-id>.", 2)
    plan_id = plan_id.strip()
    if not is_plan_id(plan_id):
        raise _refuse(
            f"{plan_id!r} is not a plan id (plan-YYYY-MM-DDTHHMMSS-xxxxxxxx).",
            f"List the plans with `{invocation()} list`.",
        )
    if not store.plans_dir.is_dir():
        raise _refuse(f"there is no plans/ folder under {store.root}.", "Pass --root to point at the project.")
    with store.plans_lock():
        folder = store.plans_dir / plan_id
        if folder.is_symlink() or not (folder / "state.md").is_file():
            raise _refuse(
                f"plans/{plan_id} is not a plan folder with a state.md.",
                f"List the plans with `{invocation()} list`.",
            )
        summary = PlanSummary.load(store.plans_dir, plan_id)
        if normalize_state(summary.fields.state) == "CLOSE":
            raise _refuse(
                f"plans/{plan_id} is closed; a closed plan stays closed.",
                f'Start the follow-up as a new plan: `{invocation()} new "goal"`.',
            )
        current = read_pointer(store.plans_dir)
        if current == plan_id:
            return Used(summary, True)
        if current is not None:
            raise _refuse(
                f"plans/{current} is the active plan.",
                f"Close it first (`{invocation()} close`), then run this again.",
            )
        store.write_text(pointer_path(store.plans_dir), plan_id)
    return Used(summary, False)

