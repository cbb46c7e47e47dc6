"""The validator's checks in the shape :func:`skill.plans.edit.checked_edit` takes.

A checked command passes these to the edit; they run on the staged result, before anything is
written, and return the refusal to raise (or None).
"""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans.edit import PlanEdit
from skill.plans.layout import STATE_MD
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
        return None
    return refusal(
        edit.what,
        "the resulting state.md would fail the validator's state checks:",
        [
            *(f"- {error}" for error in errors),
            "Fix state.md by hand (or ask the user), then retry; "
            f"`{CLI_PREFIX} bootstrap close` still ends the plan without checks.",
        ],
    )
