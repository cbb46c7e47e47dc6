"""``approve --user TEXT``: the user approves plan.md as it is now, during EXECUTE.

The pre-step gate fails with ``[plan-drift]`` once plan.md differs from the plan the user approved
at PLAN → EXECUTE. Show the user the changed sections; with their yes, this command appends a
re-approval to approvals.jsonl (move ``approve``) and keeps the approved copy, and the gate passes
again.
"""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import refusal
from skill.plans import approvals
from skill.plans.edit import checked_edit
from skill.plans.ids import utc_timestamp
from skill.plans.layout import PLAN_MD
from skill.plans.store import Store
from skill.transitions import records
from skill.transitions.common import active_plan, in_execute
from skill.transitions.moves import parse_user
from skill.transitions.outcome import Outcome


def approve(store: Store, *, user: str | None, when: str | None = None) -> Outcome:
    words = parse_user(user)
    when = when or utc_timestamp()
    plan_id = active_plan(store)
    with checked_edit(store, plan_id, "approve") as edit:
        text = edit.require_state()
        source = in_execute(
            text, "approve", "re-approval is for a plan changed",
            'In PLAN the approval is `transition EXECUTE --user "…"`.',
        )
        if words is None:
            raise refusal(
                "approve",
                "a re-approval needs the user's own words.",
                ['Show the user the changed sections, then run it with --user "<what they said>".'],
            )
        plan_text = edit.read(PLAN_MD)
        if plan_text is None:
            raise refusal("approve", "plan.md is missing or unreadable.", ["Restore plan.md first."])
        latest = approvals.latest_plan_approval(edit.read(approvals.APPROVALS))
        approved = edit.read(approvals.APPROVED_PLAN)
        changed = approvals.changed_sections(approved, plan_text) if approved is not None else []
        records.record_approval(edit, approvals.REAPPROVAL, "EXECUTE", "EXECUTE", words, when)
        edit.write(approvals.APPROVED_PLAN, plan_text)
    outcome = Outcome("approve", plan_id, previous_state=source, written=edit.written)
    outcome.fill_from(text)
    digest = approvals.plan_digest(plan_text)
    if latest is not None and latest.plan_md_digest == digest:
        outcome.notes.append("plan.md had not changed since the last approval; recorded again.")
    elif changed:
        outcome.notes.append(f"Approved the changed sections: {', '.join(changed)}.")
    outcome.history.append(f'approve (user: "{words}"; {when})')
    outcome.notes.append(f"Gate it again: `{CLI_PREFIX} validate-plan --pre-step`.")
    return outcome
