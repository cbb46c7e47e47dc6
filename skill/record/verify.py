"""``verify run``, ``verify set`` and ``verify check``: verification.md's rows, written in REFLECT.

``verify run`` runs each Success Criterion's command (plan.md ``## Verification Strategy``:
``- Criterion N: `command` …``, the first backticked span) from the project root, with a time
limit, and records PASS (exit 0) or FAIL with the evidence: exit status, duration, the output's
last line, and the file under ``verify-output/`` that holds the output. The commands run before
the plan is locked; the rows are written afterwards in one checked edit.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

from skill.errors import SkillError, refusal
from skill.plans import plan, verification
from skill.plans.edit import PlanEdit
from skill.plans.layout import CHANGELOG_MD, PLAN_MD, STATE_MD, VERIFICATION_MD
from skill.plans.markdown import is_placeholder_line
from skill.plans.store import Store
from skill.record import runner, scope
from skill.record.common import command, iteration, recording, require_file, text_value
from skill.record.result import Recorded
from skill.validate.verification import evidence_problem

STATES = ("REFLECT",)
OUTPUT_FOLDER = "verify-output"
#: ``verify check NAME`` -> the Additional Checks row it fills.
CHECK_NAMES: dict[str, str] = {
    "regression": verification.REGRESSION,
    "diff": verification.DIFF_REVIEW,
    "scope": verification.SCOPE_DRIFT,
}
_ALIASES = {"PASS": 0, "CLEAN": 0, "FAIL": 1, "ISSUES": 1, "DRIFT": 1}


def reflecting(store: Store, action: str) -> AbstractContextManager[tuple[PlanEdit, Recorded]]:
    """The checked edit of a ``verify`` command, once the plan is in REFLECT."""
    rule = "verification.md records results in REFLECT"
    return recording(store, action, STATES, rule, f"Finish the steps, then {command('transition REFLECT')}.")


def tables(edit: PlanEdit) -> tuple[str, str]:
    """(verification.md, plan.md); a refusal when either is missing or empty."""
    return require_file(edit, VERIFICATION_MD), require_file(edit, PLAN_MD)


def criterion_name(plan_text: str, number: int) -> str:
    """Criterion ``number``'s text from plan.md; a refusal when plan.md has no such criterion."""
    criteria = plan.success_criteria(plan_text)
    checks = plan.criterion_checks(plan_text)
    if 1 <= number <= len(criteria):
        return criteria[number - 1]
    if number in checks:
        return checks[number].text
    raise SkillError(
        f"ERROR: plan.md has no criterion {number} (it has {plan.criteria_count(plan_text)}).\n"
        "  Nothing was written.",
        1,
    )


def _placeholder(value: str) -> bool:
    return value.strip() in ("", "-") or is_placeholder_line(value)


@dataclass(frozen=True)
class Planned:
    number: int
    name: str
    command: str


def planned_runs(plan_text: str, numbers: list[int]) -> list[Planned]:
    """The criteria to run: ``numbers``, or every criterion whose strategy line has a command."""
    checks = plan.criterion_checks(plan_text)
    if not numbers:
        numbers = sorted(number for number, check in checks.items() if check.command)
        if not numbers:
            raise refusal(
                "verify run",
                "plan.md's ## Verification Strategy has no `- Criterion N: `command`` line with a command.",
                [f"Record criteria checked by hand with {command('verify set N PASS|FAIL --evidence TEXT')}."],
            )
    runs = []
    for number in dict.fromkeys(numbers):
        name = criterion_name(plan_text, number)
        check = checks.get(number)
        if check is None or check.command is None:
            raise refusal(
                "verify run",
                f"criterion {number} has no command in ## Verification Strategy (`- Criterion {number}: `command``).",
                [f"Record it by hand: {command(f'verify set {number} PASS|FAIL --evidence TEXT')}."],
            )
        runs.append(Planned(number, name, check.command))
    return runs


def _log(name: str, step: Planned, result: runner.RunResult, timeout: float, root: str) -> str:
    head = [
        f"# verify run: criterion {step.number}: {step.name}",
        f"# command: {step.command}",
        f"# cwd: {root}",
        f"# result: {result.status_text(timeout)}",
    ]
    if result.truncated:
        head.append(f"# output: the last {runner.OUTPUT_CAP // 1024} KiB only")
    return "\n".join(head) + "\n" + result.output + ("" if result.output.endswith("\n") or not result.output else "\n")


def verify_run(store: Store, numbers: list[int], timeout: float = runner.DEFAULT_TIMEOUT) -> Recorded:
    """Run the criteria's commands and record each result with its evidence."""
    if timeout <= 0:
        raise SkillError("ERROR: --timeout must be more than 0 seconds.\n  Nothing was written.", 2)
    with reflecting(store, "verify run") as (probe, _unused):  # reads only: refuse before running anything
        _, plan_text = tables(probe)
        number = iteration(probe)
    runs = planned_runs(plan_text, numbers)
    results = [(step, runner.run(step.command, store.root, timeout)) for step in runs]
    with reflecting(store, "verify run") as (edit, outcome):
        logs = [f"{OUTPUT_FOLDER}/criterion-{step.number}-iter{number}.log" for step, _result in results]
        for log, (step, result) in zip(logs, results, strict=True):  # staged first, written first
            edit.write(log, _log(log, step, result, timeout, str(store.root)))
        text, _ = tables(edit)
        rows = []
        for log, (step, result) in zip(logs, results, strict=True):
            verdict = "PASS" if result.passed else "FAIL"
            last = f'last line: "{result.last_line}"' if result.last_line else "no output"
            evidence = f"{result.status_text(timeout)}; {last} (log: {log})"
            text = verification.set_criterion(text, step.number, [step.name, "automated", f"`{step.command}`", verdict, evidence])
            rows.append({"criterion": step.number, "result": verdict, "exit_status": result.exit_status,
                         "seconds": round(result.seconds, 3), "timed_out": result.timed_out, "output": log,
                         "evidence": evidence})
            outcome.lines.append(f"Criterion {step.number}: {verdict} ({evidence})")
        edit.write(VERIFICATION_MD, text)
    outcome.data = {"criteria": rows}
    return outcome


def verify_set(store: Store, number: int, result: str, evidence: str, method: str | None = None) -> Recorded:
    """Record criterion ``number`` checked by hand or by reading."""
    verdict = result.strip().upper()
    if verdict not in verification.CRITERION_RESULTS:
        raise SkillError("ERROR: the result must be PASS or FAIL.\n  Nothing was written.", 2)
    proof = text_value(evidence, "--evidence")
    problem = evidence_problem(proof)
    if problem is not None:
        raise refusal(
            "verify set",
            f"--evidence {problem[0].lower() + problem[1:]}",
            ['Give concrete evidence: a count ("12/12 passed"), an exit status and output, or "manual review — observed …".'],
        )
    with reflecting(store, f"verify set {number}") as (edit, outcome):
        text, plan_text = tables(edit)
        name = criterion_name(plan_text, number)
        old = verification.criteria(text).get(number, [])
        check = plan.criterion_checks(plan_text).get(number)
        how = text_value(method, "--method") if method is not None else (old[2] if len(old) > 2 and not _placeholder(old[2]) else "manual")
        action = old[3] if len(old) > 3 and not _placeholder(old[3]) else (check.text if check else "-")
        text = verification.set_criterion(text, number, [name, how, action, verdict, proof])
        edit.write(VERIFICATION_MD, text)
    outcome.lines = [f"Criterion {number}: {verdict} ({proof})"]
    outcome.data = {"criterion": number, "result": verdict}
    return outcome


def verify_check(store: Store, name: str, result: str | None = None, details: str | None = None,
                 action: str | None = None) -> Recorded:
    """Fill an Additional Checks row: Regression or Diff review as given, Scope drift computed."""
    key = name.strip().lower()
    if key not in CHECK_NAMES:
        raise SkillError(f"ERROR: check one of {', '.join(CHECK_NAMES)}.\n  Nothing was written.", 2)
    row = CHECK_NAMES[key]
    if key != "scope":
        given = (result or "").strip().upper()
        if given not in _ALIASES:
            good, bad = verification.CHECK_RESULTS[row]
            raise SkillError(f"ERROR: --result must be PASS or FAIL ({good} or {bad}).\n  Nothing was written.", 2)
        note = text_value(details, "--details")
    with reflecting(store, f"verify check {key}") as (edit, outcome):
        text, plan_text = tables(edit)
        old = verification.checks(text).get(row.lower(), [])
        if key == "scope":
            found = scope.compute(store.root, edit.plan_dir, plan.files_to_modify(plan_text), edit.read(CHANGELOG_MD),
                                  scope.changelog_iteration(edit.read(STATE_MD)))
            value = verification.CHECK_RESULTS[row][1 if found.drift else 0]
            note, how = found.details(), f"verify check scope: {found.method()}"
            outcome.data = {"changed": list(found.changed), "unplanned": list(found.unplanned), "base": found.base}
        else:
            value = verification.CHECK_RESULTS[row][_ALIASES[given]]
            how = text_value(action, "--command") if action is not None else (old[1] if len(old) > 1 and not _placeholder(old[1]) else "-")
        edit.write(VERIFICATION_MD, verification.set_check(text, row, [how, value, note]))
    outcome.lines = [f"{row}: {value} ({note})"]
    outcome.data.update({"check": row, "result": value, "details": note})
    return outcome
