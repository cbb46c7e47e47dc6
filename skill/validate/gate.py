"""The pre-step gate (``validate-plan --pre-step``): may the next EXECUTE step start?

It reads the pointer and state.md only, imports nothing heavy, and answers with one line:
``GATE:PASS``, or ``GATE:FAIL [slug] key=value …``. Checks, first failure wins:

1. ``no-plan`` — no active plan, or its state.md is missing, unreadable or empty;
2. ``wrong-state`` — ``# Current State:`` is not EXECUTE (case-insensitive);
3. ``leash-cap`` — two or more fix attempts count for the current step: every attempt line of
   ``## Fix Attempts``, plus the step's lines of this iteration that were moved to
   ``## Fix Attempt History`` after the iteration's last reopen (:func:`attempts.leash_count`);
4. ``iteration-cap`` — the iteration (the larger of the declared ``## Iteration:`` and the number of
   ``EXECUTE → REFLECT`` records, as the full validator counts it) is 6 or more;
5. ``plan-drift`` — plan.md differs from the plan the user last approved (approvals.jsonl), step
   markers, ticks and the Complexity Budget's counts aside; the changed sections are named.
   Skipped for a plan with no approvals.jsonl (made by hand, or by the original tool).
"""

from __future__ import annotations

import os

from skill.plans import attempts
from skill.plans import state as statefile
from skill.plans.layout import APPROVALS_JSONL
from skill.plans.protocol import ITERATION_LIMIT, LEASH_CAP
from skill.plans.textio import read_text
from skill.slots import Slotted
from skill.validate.locate import from_argument, from_pointer

TYPE_CHECKING = False  # no typing, dataclasses or pathlib here: the gate runs before every step
if TYPE_CHECKING:
    from pathlib import Path

EXIT_FAIL = 2


class GateResult(Slotted):
    __slots__ = ("passed", "slug", "details", "plan_dir")

    def __init__(
        self,
        passed: bool,
        slug: str | None = None,
        details: dict[str, object] | None = None,
        plan_dir: str | None = None,
    ) -> None:
        self.passed = passed
        self.slug = slug
        self.details: dict[str, object] = {} if details is None else details
        self.plan_dir = plan_dir

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else EXIT_FAIL

    @property
    def line(self) -> str:
        if self.passed:
            return "GATE:PASS"
        parts = [f"GATE:FAIL [{self.slug}]"]
        parts.extend(f"{key}={value}" for key, value in self.details.items())
        return " ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "mode": "pre-step",
            "gate": "PASS" if self.passed else "FAIL",
            "slug": self.slug,
            "details": dict(self.details),
            "line": self.line,
            "plan_dir": self.plan_dir,
            "exit": self.exit_code,
        }


def check_state(
    state_text: str | None, plan_dir: str | None = None, folder: Path | str | None = None
) -> GateResult:
    """The gate's verdict for the text of state.md (None when it could not be read); with the
    plan ``folder``, plan.md is also compared with the approved plan."""
    if not state_text:
        return GateResult(False, "no-plan", {}, plan_dir)
    state = statefile.current_state(state_text)
    if state is None or state.upper() != "EXECUTE":
        return GateResult(
            False, "wrong-state", {"expected": "EXECUTE", "actual": state or "<missing>"}, plan_dir
        )
    recorded = attempts.current_count(state_text)
    if recorded.total >= LEASH_CAP:
        found: dict[str, object] = {"attempts": recorded.total, "cap": LEASH_CAP}
        if recorded.archived:
            found["archived"] = recorded.archived
        return GateResult(False, "leash-cap", found, plan_dir)
    declared, derived, iteration = statefile.effective_iteration(state_text, radix10=True)
    if iteration >= ITERATION_LIMIT:
        details: dict[str, object] = {"iteration": iteration, "hard-cap": ITERATION_LIMIT}
        if derived > (declared or 0):
            details["declared"] = declared if declared is not None else 0
            details["derived"] = derived
        return GateResult(False, "iteration-cap", details, plan_dir)
    if folder is not None:
        drift = plan_drift(folder)
        if drift is not None:
            return GateResult(False, "plan-drift", drift, plan_dir)
    return GateResult(True, None, {}, plan_dir)


def plan_drift(folder: Path | str) -> dict[str, object] | None:
    """Details when plan.md differs from the latest approved plan, else None (also when nothing
    was ever approved through ``--user``)."""
    if not os.path.isfile(os.path.join(folder, APPROVALS_JSONL)):
        return None
    from skill.plans import approvals  # only a plan approved through --user pays for it

    approval = approvals.latest_plan_approval(read_text(os.path.join(folder, approvals.APPROVALS)))
    if approval is None:
        return None
    current = read_text(os.path.join(folder, "plan.md"))
    if approvals.plan_digest(current) == approval.plan_md_digest:
        return None
    approved = read_text(os.path.join(folder, approvals.APPROVED_PLAN))
    changed = approvals.changed_sections(approved, current or "") if approved is not None else []
    return {
        "changed": '"' + (", ".join(changed) or "unknown: approved-plan.md is missing") + '"',
        "approved": approval.time,
    }


def run(root: Path | str, plan_dir: str | None = None) -> GateResult:
    """The gate for the plan named by ``plan_dir`` (a path or plan name) or by the pointer."""
    target = from_argument(root, plan_dir) if plan_dir else from_pointer(root)
    if target is None:
        return GateResult(False, "no-plan", {})
    return check_state(read_text(os.path.join(target.folder, "state.md")), target.shown, target.folder)


def pre_step(root: Path | str, plan_dir: Path | str | None = None) -> tuple[int, str]:
    """(exit code, the one output line) — the library form of ``validate-plan --pre-step``."""
    result = run(root, str(plan_dir) if plan_dir is not None else None)
    return result.exit_code, result.line
