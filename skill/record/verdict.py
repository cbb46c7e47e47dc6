"""``verify verdict``: verification.md's ``## Verdict``, counted from the tables above it.

The five items are bullets with the exact labels 2.66.0's Verdict rules match (Criteria passed,
Regressions, Scope drift, Simplification blockers, Recommendation), so both the current validator
and 2.66.0's accept them. The same edit writes the Convergence Metrics (:mod:`skill.record.convergence`). Refused while a criterion of plan.md has no PASS/FAIL row, while the
Regression or Scope drift check is unfilled, and when CLOSE is recommended without every
criterion passing, without a clean regression run, or with a simplification blocker (SKILL.md's
REFLECT → CLOSE rule). ``--blockers`` defaults to none unless decisions.md's latest
``**Blocker found**:`` says yes.
"""

from __future__ import annotations

from skill.errors import SkillError, refusal
from skill.plans import decisions, plan, verification
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit
from skill.plans.layout import CHANGELOG_MD, DECISIONS_MD, STATE_MD, VERIFICATION_MD
from skill.plans.store import Store
from skill.record import convergence, scope
from skill.record.common import command, defuse
from skill.record.result import Recorded
from skill.record.verify import reflecting, tables
from skill.transitions.conditions import verdict_problems

BLOCKER_LABEL = "Blocker found"


def _check_value(edit: PlanEdit, rows: dict[str, list[str]], name: str, verb: str) -> tuple[bool, str]:
    """(good, details) of a filled Additional Checks row; a refusal when it is not filled."""
    row = rows.get(name.lower())
    result = verification.result_of(row, verification.CHECK_RESULT_CELL)
    good, bad = verification.CHECK_RESULTS[name]
    if row is None or result not in (good, bad):
        raise refusal(
            edit.what,
            f"the {name} check in ## Additional Checks is not filled ({result or 'no row'}).",
            [f"Run {command(verb)} first."],
        )
    details = row[3] if len(row) > 3 and row[3].strip() not in ("", "-") else ""
    return result == good, details


def _criteria(edit: PlanEdit, text: str, plan_text: str) -> tuple[int, int, list[int]]:
    """(passed, total, failed numbers); a refusal naming any criterion still without a result."""
    total = plan.criteria_count(plan_text)
    rows = verification.criteria(text)
    open_rows = [
        number
        for number in range(1, total + 1)
        if verification.result_of(rows.get(number), verification.RESULT_CELL) not in verification.CRITERION_RESULTS
    ]
    if open_rows:
        shown = ", ".join(str(number) for number in open_rows)
        raise refusal(
            edit.what,
            f"criterion {shown} of plan.md has no PASS/FAIL row yet (still PENDING).",
            [f"Record them: {command('verify run')} (commands) or {command('verify set N PASS|FAIL --evidence TEXT')}."],
        )
    failed = [
        number
        for number in range(1, total + 1)
        if verification.result_of(rows.get(number), verification.RESULT_CELL) != "PASS"
    ]
    return total - len(failed), total, failed


def _blockers(edit: PlanEdit, given: str | None) -> str | None:
    if given is not None:
        return defuse(given) or None
    found = decisions.last_value(edit.read(DECISIONS_MD), BLOCKER_LABEL)
    if found is not None and found[1].lower().startswith("yes"):
        raise refusal(
            edit.what,
            f"decisions.md {found[0]} says **{BLOCKER_LABEL}**: {found[1]}",
            ["Name the blocker with --blockers TEXT (it rules out CLOSE), or record a later decision that resolves it."],
        )
    return None


def verify_verdict(store: Store, recommend: str, blockers: str | None = None) -> Recorded:
    """Write the five Verdict items; ``Recorded.data`` holds the counted values."""
    target = recommend.strip().upper().lstrip("→ ").strip()
    if target not in verification.RECOMMENDABLE:
        raise SkillError(
            f"ERROR: --recommend must be one of {', '.join(verification.RECOMMENDABLE)}.\n  Nothing was written.", 2
        )
    if blockers is not None and not defuse(blockers):
        raise SkillError("ERROR: --blockers needs a text (it is empty).\n  Nothing was written.", 2)
    with reflecting(store, "verify verdict") as (edit, outcome):
        text, plan_text = tables(edit)
        passed, total, failed = _criteria(edit, text, plan_text)
        rows = verification.checks(text)
        clean_run, run_details = _check_value(edit, rows, verification.REGRESSION, "verify check regression --result PASS|FAIL --details TEXT")
        in_scope, scope_details = _check_value(edit, rows, verification.SCOPE_DRIFT, "verify check scope")
        blocker = _blockers(edit, blockers)
        if target == "CLOSE":
            _close_allowed(edit, total, failed, clean_run, blocker)
        values = [
            f"{passed}/{total}",
            (f"none ({run_details})" if run_details else "none") if clean_run else f"yes — {run_details or 'the regression check failed'}",
            "none" if in_scope else f"yes — {scope_details or 'files outside Files To Modify'}",
            f"yes — {blocker}" if blocker else "none",
            f"→ {target}",
        ]
        new_text = _measured(store, edit, verification.set_verdict(text, values), plan_text, passed, total,
                             len(failed) + (0 if clean_run else 1))
        problem = _unreadable(edit, new_text)
        if problem is not None:
            raise problem
        edit.write(VERIFICATION_MD, new_text)
    outcome.lines = [f"- {label}: {value}" for label, value in zip(verification.WRITTEN_VERDICT_LABELS, values, strict=True)]
    outcome.data = {
        "criteria_passed": passed,
        "criteria_total": total,
        "regressions": not clean_run,
        "scope_drift": not in_scope,
        "blockers": blocker,
        "recommendation": target,
    }
    return outcome


def _measured(store: Store, edit: PlanEdit, text: str, plan_text: str, passed: int, total: int, issues: int) -> str:
    """``text`` with the Convergence Metrics: issues are the failures and regressions counted by the
    caller plus the files changed outside Files To Modify."""
    planned = plan.files_to_modify(plan_text)
    state_text = edit.read(STATE_MD)
    found = scope.compute(store.root, edit.plan_dir, planned, edit.read(CHANGELOG_MD), scope.changelog_iteration(state_text))
    return convergence.measure(text, convergence.iteration_of(state_text), passed, total, len(planned), len(found.changed),
                               issues + len(found.unplanned), statefile.reflect_visits(state_text))


def _close_allowed(edit: PlanEdit, total: int, failed: list[int], clean_run: bool, blocker: str | None) -> None:
    reasons = []
    if total == 0:
        reasons.append("plan.md has no Success Criteria, so nothing was verified")
    if failed:
        reasons.append(f"criterion {', '.join(str(n) for n in failed)} did not pass")
    if not clean_run:
        reasons.append("the regression check failed")
    if blocker:
        reasons.append("a simplification blocker is open")
    if reasons:
        raise refusal(
            edit.what,
            f"CLOSE needs every criterion PASS, no regressions and no blockers: {'; '.join(reasons)}.",
            ["Recommend EXECUTE (completion fix), PIVOT or EXPLORE instead; the user decides."],
        )


def _unreadable(edit: PlanEdit, text: str) -> SkillError | None:
    """The refusal when the new Verdict fails REFLECT → CLOSE's own reading (order, nothing PENDING)."""
    problems = verdict_problems(text)
    if not problems:
        return None
    return refusal(edit.what, "the Verdict would not read back: " + "; ".join(problems) + ".",
                   ["Reword the --details/--blockers texts (no 'PENDING', no other Verdict label), then retry."])
