"""The validator's checks in the shape :func:`skill.plans.edit.checked_edit` takes.

A checked command passes these to the edit; they run on the staged result, before anything is
written, and return the refusal to raise (or None).
"""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import verification
from skill.plans.edit import PlanEdit
from skill.plans.layout import STATE_MD, VERIFICATION_MD
from skill.plans.markdown import extract_section
from skill.plans.state import current_state
from skill.validate import hygiene_gate
from skill.validate.issues import ERROR
from skill.validate.state import check_state_text


def state_errors(state_text: str) -> list[str]:
    """``[slug] message`` for every ERROR the validator's state.md checks report."""
    return [
        f"[{issue.slug}] {issue.message}"
        for issue in check_state_text(state_text)
        if issue.severity == ERROR
    ]


def state_check(edit: PlanEdit) -> SkillError | None:
    """Refuse when the state.md the command staged would fail the validator's state checks."""
    text = edit.read(STATE_MD) if edit.staged(STATE_MD) else None
    if text is None:
        return None
    errors = state_errors(text)
    if not errors:
        return close_check(edit)
    return refusal(
        edit.what,
        "the resulting state.md would fail the validator's state checks:",
        [
            *(f"- {error}" for error in errors),
            "Fix state.md by hand (or ask the user), then retry; "
            f"`{CLI_PREFIX} bootstrap close` still ends the plan without checks.",
        ],
    )


def verdict_errors(section: str | None) -> list[str]:
    """What the validator's ``[verdict]`` reports as an ERROR at CLOSE (nothing without a Verdict:
    the move's own condition asks for one)."""
    if section is None:
        return []
    scan = verification.scan_verdict(section)
    problems = []
    if scan.missing():
        problems.append(f"the Verdict lacks the field(s) {', '.join(scan.missing())} (list items, exact labels)")
    elif not scan.in_order():
        problems.append("the Verdict's fields are out of order")
    if scan.unfilled():
        problems.append(f"the Verdict still says PENDING for {', '.join(scan.unfilled())}")
    return problems


def close_check(edit: PlanEdit) -> SkillError | None:
    """Refuse the protocol's CLOSE (REFLECT → CLOSE) while the validator would report an ERROR at
    CLOSE for the Verdict (a field missing, out of order or still PENDING) or for
    ``[hygiene-gate]`` (no sweep report and no skip line for the iteration)."""
    before, after = edit.original(STATE_MD), edit.read(STATE_MD)
    if (current_state(before) or "").upper() != "REFLECT" or (current_state(after) or "").upper() != "CLOSE":
        return None
    problems = verdict_errors(extract_section(edit.read(VERIFICATION_MD), verification.VERDICT))
    if problems:
        return refusal(
            edit.what,
            "; ".join(problems) + ", which the validator reports as an ERROR at CLOSE.",
            [f"Write the five Verdict bullets in verification.md (`{CLI_PREFIX} emit-template --name verification`)."],
        )
    missing = hygiene_gate.gap(edit.plan_dir, after)
    if missing is None:
        return None
    n = missing.iteration
    return refusal(
        edit.what,
        f"iteration {n} has no hygiene-sweep record, which the validator reports as an ERROR at CLOSE.",
        [
            f"Sweep first: `{CLI_PREFIX} hygiene scan`, then ip-boyscout writes findings/hygiene-iter-{n}.md;",
            f'or record why not: `{CLI_PREFIX} hygiene skip --reason "…"` (in REFLECT).',
        ],
    )
