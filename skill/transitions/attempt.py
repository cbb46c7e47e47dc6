"""``attempt``: record a fix attempt on the current step, within the Autonomy Leash.

A failed attempt also gets what the protocol asks for after a failed run, in one checked edit:
a failed-approach entry in decisions.md (the 3-strike rule counts them), with ``--reverted`` one
``REVERT(<file>)`` changelog line for each file the attempt had logged (after checking that git sees
the file back as it was when the step began) and the files in the Change Manifest, and on the
step's second failure the leash-hit line under Fix Attempts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import attempts, baseline, changelog, decisions, manifest
from skill.plans.edit import PlanEdit, checked_edit
from skill.plans.ids import utc_timestamp
from skill.plans.layout import CHANGELOG_MD, DECISIONS_MD, STATE_MD
from skill.plans.protocol import LEASH_CAP
from skill.plans.store import Store
from skill.transitions import gitwork
from skill.transitions.common import active_plan, in_execute, sanitize
from skill.transitions.outcome import Outcome
from skill.validate.edits import state_check

RESULTS = ("failed", "passed", "partial")
#: Failed attempts naming one file after which the 3-strike rule applies.
STRIKES = 3


def leash_refusal(count: attempts.LeashCount, step: int, lines: list[str]) -> SkillError:
    remedies = [
        "Autonomy Leash: STOP. Revert uncommitted changes to the last clean commit, show "
        f"PC-EXECUTE-LEASH, then `{CLI_PREFIX} transition REFLECT` and wait for the user.",
    ]
    others = len(lines) - attempts.on_step(lines, step)
    if others:
        remedies.append(
            f"{others} of the recorded attempts belong to another step: a move was made by hand "
            f"without `{CLI_PREFIX} step next` (the section counts whole, as the gate counts it)."
        )
    if count.archived:
        remedies.append(
            f"{count.archived} of them were moved to ## Fix Attempt History earlier in this "
            "iteration; they still count. Only the user reopens the leash (REFLECT → EXECUTE with "
            "--user), a PIVOT or a new iteration."
        )
    return refusal(
        "attempt",
        f"[leash-cap] attempts={count.total} cap={LEASH_CAP}: step {step} may not get a third fix attempt.",
        remedies,
    )


@dataclass
class Failure:
    """What a failed attempt adds besides its Fix Attempts line."""

    decision: str | None = None
    reverted: list[str] = field(default_factory=list)
    strikes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _check_reverted(edit: PlanEdit, paths: list[str]) -> list[str]:
    """Refuse while a file is not back as it was when the step began; warnings when git is absent."""
    repo = gitwork.open_repo(edit.store.root)
    if repo is None:
        return ["WARNING: not a git work tree: the files were not checked to be reverted."]
    base = baseline.parse(edit.read(baseline.BASELINE))
    still = sorted(set(paths) & gitwork.changed_during_step(repo, base))
    if still:
        raise refusal(
            "attempt --reverted",
            f"these files still differ from the step's start: {', '.join(still)}.",
            [
                "Revert them first (`git checkout -- <file>`; `git clean -f -- <file>` for a file "
                "the attempt created), then run the command again.",
            ],
        )
    return []


def _strikes(decisions_text: str, paths: list[str]) -> list[str]:
    """Files named by the Area of at least :data:`STRIKES` failed-approach entries."""
    entries = decisions.parse(decisions_text).entries
    found = []
    for path in paths:
        hits = sum(1 for entry in entries if f"`{path}`" in (entry.line_value("Area") or ""))
        if hits >= STRIKES:
            found.append(path)
    return found


def _failure_entry(number: int, when: str, context: str, why: str | None, files: list[str], reverted: bool) -> decisions.NewEntry:
    area = ", ".join(f"`{path}`" for path in files)
    fields = [
        ("Context", context),
        ("What Failed", why or "no reason was given (--why)"),
        (
            "Decision",
            "Do not retry this approach as it was; its changes were reverted."
            if reverted
            else "Do not retry this approach as it was; its changes are still in the working tree.",
        ),
        (
            "Trade-off",
            "a known-good tree **at the cost of** the work of this attempt"
            if reverted
            else "keeping the attempt's changes for the next try **at the cost of** a tree that is not known-good",
        ),
        ("Reasoning", "recorded by `attempt --result failed` so the 3-strike rule has data"),
    ]
    if files:
        fields.append(("Area", area))
    if reverted and files:
        fields.append(("Files reverted", area))
    return decisions.NewEntry(number, "EXECUTE", when[:10], tuple(fields))


def _record_failure(
    edit: PlanEdit, text: str, step: int, number: int, what: str, why: str | None, reverted: bool, when: str
) -> tuple[str, Failure]:
    """Stage the decision entry and the REVERT lines; returns state.md with the manifest lines.

    Run again after an interruption (state.md not yet written), it finds its own decision entry
    (same Context) and REVERT lines (same ref) and writes neither twice.
    """
    failure = Failure()
    context = f"Step {step}, attempt {number} failed: {what}"
    decisions_text = edit.read(DECISIONS_MD) or ""
    parsed = decisions.parse(decisions_text)
    last = parsed.entries[-1] if parsed.entries else None
    existing = last if last is not None and last.line_value("Context") == context else None
    failure.decision = existing.id_str if existing else decisions.decision_id(parsed.next_number())
    step_field = changelog.step_field(attempts.iteration_of(text), step)
    entries = changelog.entries_of(edit.read(CHANGELOG_MD), step_field)
    work = [entry for entry in changelog.since_last_revert(entries) if not entry.op.startswith("REVERT(")]
    written = [entry for entry in entries if entry.op.startswith("REVERT(") and entry.dref == failure.decision]
    files = list(dict.fromkeys(entry.path for entry in (work or written)))
    if reverted and files:
        failure.warnings += _check_reverted(edit, files)
    if existing is None:
        entry = _failure_entry(parsed.next_number(), when, context, why, files, reverted)
        decisions_text = decisions.append_entries(decisions_text, [entry])
        edit.write(DECISIONS_MD, decisions_text)
    failure.strikes = _strikes(decisions_text, files)
    if not reverted or not files:
        return text, failure
    if not written:
        repo = gitwork.open_repo(edit.store.root)
        head = gitwork.head(repo) if repo else None
        commit = gitwork.short(head) if head else "uncommitted"
        radius = {entry.path: entry.radius for entry in work}
        reason = sanitize(f"revert: {what}").replace("|", "/")
        lines = [
            changelog.format_line(
                changelog.ChangelogEntry(
                    when, step_field, commit, path, f"REVERT({path})", radius[path], failure.decision, reason
                )
            )
            for path in files
        ]
        current = edit.read(CHANGELOG_MD) or ""
        edit.write(CHANGELOG_MD, current.rstrip("\n") + "\n" + "\n".join(lines) + "\n")
    failure.reverted = files
    touched = [manifest.Touched(path, "REVERTED", (step,), f"attempt {number}") for path in files]
    return manifest.record(text, touched), failure


def attempt(
    store: Store,
    *,
    what: str,
    result: str,
    why: str | None = None,
    reverted: bool = False,
    when: str | None = None,
) -> Outcome:
    result = result.strip().lower()
    if result not in RESULTS:
        raise SkillError(f"ERROR: --result must be one of {', '.join(RESULTS)}.", 2)
    description = sanitize(what)
    if not description:
        raise SkillError("ERROR: --what needs a description of what was tried.", 2)
    reason = sanitize(why) if why is not None else None
    if why is not None and not reason:
        raise SkillError("ERROR: --why needs a reason (or leave it out).", 2)
    if reverted and result == "passed":
        raise SkillError("ERROR: --reverted goes with --result failed or partial.", 2)
    when = when or utc_timestamp()
    plan_id = active_plan(store)
    with checked_edit(store, plan_id, "attempt", [state_check]) as edit:
        text = edit.require_state()
        source = in_execute(
            text, "attempt", "fix attempts are recorded",
            "Record attempts on the step being executed, after `transition EXECUTE`.",
        )
        step = attempts.step_of(text)
        if step is None:
            raise refusal(
                "attempt",
                "state.md names no current plan step.",
                [f"Set it first: `{CLI_PREFIX} step set N`."],
            )
        iteration = attempts.iteration_of(text)
        count = attempts.leash_count(text, iteration, step)
        if count.total >= LEASH_CAP:
            raise leash_refusal(count, step, attempts.attempt_lines(text))
        number = attempts.on_step(attempts.attempt_lines(text), step) + count.archived + 1
        shown = result + (", reverted" if reverted else "") + (f": {reason}" if reason else "")
        line = attempts.attempt_line(step, number, description, shown)
        failure = Failure()
        if result == "failed":
            text, failure = _record_failure(edit, text, step, number, description, reason, reverted, when)
        try:
            new_text = attempts.add(text, line)
            lines = [line]
            if result == "failed" and count.total + 1 >= LEASH_CAP:
                lines.append(attempts.leash_hit_line(step, count.total + 1))
                new_text = attempts.add(new_text, lines[-1])
        except attempts.NoSection:
            raise refusal(
                "attempt",
                "state.md has no '## Fix Attempts' section.",
                [f"Add the heading '{attempts.HEADING}' by hand, then retry."],
            ) from None
        edit.write(STATE_MD, new_text)
    outcome = Outcome("attempt", plan_id, previous_state=source, history=lines, written=edit.written)
    outcome.fill_from(new_text)
    outcome.warnings += failure.warnings
    _advise(outcome, result, failure, step)
    return outcome


def _advise(outcome: Outcome, result: str, failure: Failure, step: int) -> None:
    if failure.decision:
        outcome.notes.append(f"Failed approach logged in decisions.md as {failure.decision}.")
    if failure.reverted:
        outcome.notes.append(f"REVERT lines written to changelog.md for: {', '.join(failure.reverted)}.")
    for path in failure.strikes:
        outcome.warnings.append(
            f"WARNING: 3-STRIKE on {path}: {STRIKES} failed attempts touched it. Stop; log "
            f"`3-STRIKE TRIGGERED on {path}` in decisions.md, revert to a checkpoint covering it, "
            "then REFLECT and PIVOT to a different approach."
        )
    count = len(outcome.attempts) + outcome.archived_attempts
    if result != "passed" and count >= LEASH_CAP:
        outcome.warnings.append(
            f"WARNING: {count} attempts recorded on step {step}: the pre-step gate now stops the next "
            f"spawn (leash-cap). Revert, show PC-EXECUTE-LEASH, `{CLI_PREFIX} transition REFLECT`."
        )
    elif result == "passed":
        outcome.notes.append(f"After the Post-Step Gate: `{CLI_PREFIX} step next --commit \"…\"`.")

