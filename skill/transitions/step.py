"""``step next [--commit MESSAGE]`` and ``step set N``: the Post-Step Gate's bookkeeping.

``step next`` ticks the step in plan.md and moves ``← CURRENT`` on; moves the step to progress.md's
Completed (with its commit) and the next one to In Progress; adds the step's changelog files to the
Change Manifest; recomputes the Complexity Budget from git; moves the step's Fix Attempts lines to
their history; and records where the next step begins. With ``--commit`` it first commits exactly
the files the step logged, subject ``[<tag-id>/iter-N/step-M] MESSAGE``; once the step's commit
exists, its ``uncommitted`` changelog lines get the hash. It refuses while a file
changed since the step began is missing from the changelog (``--force --note`` records the files
as NOT LOGGED in the manifest instead), and while the step stands at the Autonomy Leash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import attempts, baseline, changelog, manifest, plan
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit, checked_edit
from skill.plans.ids import commit_tag, utc_timestamp
from skill.plans.layout import CHANGELOG_MD, PLAN_MD, STATE_MD
from skill.plans.protocol import LEASH_CAP
from skill.plans.store import Store
from skill.plans.textio import leading_int
from skill.transitions import gitwork, records
from skill.transitions.common import active_plan, in_execute, sanitize
from skill.transitions.outcome import Outcome
from skill.validate.edits import state_check, state_errors


@dataclass(frozen=True)
class StepRequest:
    action: str  # "next" or "set"
    number: int | None = None
    commit: str | None = None  # the commit message (``--commit``)
    force: bool = False
    note: str | None = None


@dataclass
class Finished:
    """What ``step next`` found out about the step it finishes."""

    entries: list[changelog.ChangelogEntry] = field(default_factory=list)
    unlogged: list[str] = field(default_factory=list)
    commit: str | None = None  # short hash
    committed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _target(action: str, number: int | None, field_text: str, numbers: list[int], what: str) -> tuple[int, int | None]:
    """(the new step, the step to tick) for ``step next`` / ``step set N``."""
    current = leading_int(field_text)
    if action == "set":
        assert number is not None
        return number, None
    if current is None:
        return (min(numbers) if numbers else 1), None
    if statefile.ALL_DONE in field_text:
        raise refusal(what, f"all {current} steps are already done.", [f"Move on: `{CLI_PREFIX} transition REFLECT`."])
    return current + 1, current


def _check_leash(text: str, iteration: int, step: int | None, what: str) -> None:
    """Refuse to leave a step whose attempts reached the cap without a passing one last."""
    if step is None:
        return
    count = attempts.leash_count(text, iteration, step)
    lines = [entry.original for entry in attempts.held(text, iteration, step)] + attempts.attempt_lines(text)
    if count.total >= LEASH_CAP and not attempts.latest_passed(lines, step):
        raise refusal(
            what,
            f"step {step} stands at the Autonomy Leash ({count.total} attempts, cap {LEASH_CAP}); "
            "moving to another step would skip past it.",
            [
                "Revert, show PC-EXECUTE-LEASH, `transition REFLECT` and wait for the user: their "
                'word (`transition EXECUTE --user "…"`) or a PIVOT reopens it.',
            ],
        )


def _log_edit_line(path: str) -> str:
    return f'{CLI_PREFIX} log-edit --file {path} --reason "<why it changed>"'


def _finish(edit: PlanEdit, request: StepRequest, text: str, iteration: int, step: int, plan_id: str) -> Finished:
    """Check the step's changelog against git and make its commit (before any plan file is staged)."""
    found = Finished(changelog.entries_of(edit.read(CHANGELOG_MD), changelog.step_field(iteration, step)))
    logged = {path for entry in found.entries for path in changelog.paths_of(entry)}
    repo = gitwork.open_repo(edit.store.root)
    if repo is None:
        if request.commit is not None:
            raise refusal("step next --commit", "the project is not in a git work tree.", ["Run `step next` without --commit."])
        found.warnings.append("WARNING: not a git work tree: the changelog was not checked against the files.")
        return found
    found.unlogged = sorted(gitwork.changed_during_step(repo, baseline.parse(edit.read(baseline.BASELINE))) - logged)
    if found.unlogged and not request.force:
        raise refusal(
            "step next",
            f"step {step} changed files its changelog does not list: {', '.join(found.unlogged)}.",
            [*(_log_edit_line(path) for path in found.unlogged),
             'Or, if they must stay unlogged: --force --note "why" (recorded in the Change Manifest).'],
        )
    tag = commit_tag(plan_id, iteration, step)
    head = gitwork.head(repo)
    if request.commit is None:
        if head and (gitwork.head_subject(repo) or "").startswith(tag):
            found.commit = gitwork.short(head)
        return found
    pending = sorted(path for path in logged if path in gitwork.changed_since(repo, head))
    if not pending:
        if head and (gitwork.head_subject(repo) or "").startswith(tag):
            found.commit = gitwork.short(head)  # committed by an interrupted run of this command
            return found
        raise refusal(
            "step next --commit",
            f"none of the files step {step} logged has uncommitted changes.",
            ["Log the step's files with `log-edit`, or run `step next` without --commit."],
        )
    problems = state_errors(text)
    if problems:
        raise refusal("step next --commit", "state.md fails the validator's state checks:", problems)
    found.commit = gitwork.short(gitwork.commit_paths(repo, pending, f"{tag} {request.commit}"))
    found.committed = pending
    return found


def _manifest_lines(found: Finished, step: int, note: str | None) -> list[manifest.Touched]:
    touched = []
    for path in dict.fromkeys(entry.path for entry in found.entries):
        change = manifest.change_word([entry.op for entry in found.entries if entry.path == path])
        if change == "REVERTED":
            status, done = "reverted", False
        elif path in found.committed or (found.commit and not found.committed):
            status, done = f"committed {found.commit}", True
        else:
            status, done = "uncommitted", False
        touched.append(manifest.Touched(path, change, (step,), status, done))
    for path in found.unlogged:
        touched.append(manifest.Touched(path, "NOT LOGGED", (step,), f"uncommitted; override: {note}"))
    return touched


def _budget(edit: PlanEdit, plan_text: str, iteration: int) -> str:
    repo = gitwork.open_repo(edit.store.root)
    base = baseline.parse(edit.read(baseline.BASELINE))
    if repo is None or base is None:
        return plan_text
    folder = edit.plan_dir / "checkpoints"
    names = [path.name for path in folder.iterdir()] if folder.is_dir() else []
    first = baseline.first_checkpoint(names, iteration)
    commit = baseline.checkpoint_commit(edit.read(f"checkpoints/{first}")) if first else None
    files, added, removed = gitwork.budget_since(repo, commit or base.iteration_commit, base.iteration_untracked)
    return plan.set_budget(plan_text, files, added, removed)


def step(
    store: Store,
    *,
    action: str,
    number: int | None = None,
    commit: str | None = None,
    force: bool = False,
    note: str | None = None,
    when: str | None = None,
) -> Outcome:
    request = _checked_request(StepRequest(action, number, commit, force, note))
    when = when or utc_timestamp()
    plan_id = active_plan(store)
    what = "step next" if action == "next" else f"step set {number}"
    found = Finished()
    with checked_edit(store, plan_id, what, [state_check]) as edit:
        text = edit.require_state()
        source = in_execute(
            text, what, "plan steps move",
            "PLAN → EXECUTE starts step 1; REFLECT → EXECUTE resumes the current step.",
        )
        plan_text = edit.read(PLAN_MD)
        numbers = plan.steps(plan_text)
        last = max(numbers) if numbers else None
        field_text = statefile.get_field(text, statefile.STEP_LABEL) or ""
        new, done = _target(action, number, field_text, numbers, what)
        finishing = action == "next" and last is not None and leading_int(field_text) == last
        if last is not None and new > last and not finishing:
            raise refusal(
                what,
                f"plan.md has {last} steps; there is no step {new}.",
                ["Use a step number from plan.md's ## Steps."],
            )
        iteration = attempts.iteration_of(text)
        current = leading_int(field_text)
        if current != new or finishing:
            _check_leash(text, iteration, current, what)
        if done is not None:
            found = _finish(edit, request, text, iteration, done, plan_id)
            log = edit.read(CHANGELOG_MD)
            stamped = changelog.set_commit(log, changelog.step_field(iteration, done), found.commit) if found.commit and log else log
            if stamped != log and stamped is not None:  # the step's commit exists: its lines name it
                edit.write(CHANGELOG_MD, stamped)
        if finishing and last is not None:
            value, marker = statefile.all_done_value(last), None
        else:
            value, marker = statefile.step_value(new, last), new
        if numbers and plan_text is not None:
            plan_text = plan.mark_step(plan_text, marker, done)
            if done is not None:
                plan_text = _budget(edit, plan_text, iteration)
            edit.write(PLAN_MD, plan_text)
        new_text = attempts.archive(text, iteration, current, when, what)
        new_text = statefile.set_step(new_text, value)
        if done is not None:
            new_text = manifest.record(new_text, _manifest_lines(found, done, request.note))
        commits = {done: found.commit} if done is not None and found.commit else None
        records.sync_progress(edit, iteration, marker, commits)
        records.stage_baseline(edit, iteration, marker, when)
        edit.write(STATE_MD, new_text)
    outcome = Outcome("step", plan_id, previous_state=source, previous_step=field_text or None)
    outcome.written = edit.written
    outcome.commit = found.commit
    outcome.fill_from(new_text)
    outcome.warnings += found.warnings
    _advise(outcome, found, marker, value)
    return outcome


def _checked_request(request: StepRequest) -> StepRequest:
    if request.action not in ("next", "set"):
        raise SkillError("ERROR: use `step next` or `step set N`.", 2)
    if request.action == "set" and (request.number is None or request.number < 1):
        raise SkillError("ERROR: `step set N` needs a step number of 1 or more.", 2)
    if request.action == "set" and (request.commit is not None or request.force):
        raise SkillError("ERROR: --commit and --force belong to `step next`.", 2)
    message = sanitize(request.commit) if request.commit is not None else None
    if request.commit is not None and not message:
        raise SkillError('ERROR: --commit needs a message: --commit "what the step did".', 2)
    note = sanitize(request.note) if request.note else None
    if request.force and not note:
        raise SkillError(
            'ERROR: --force needs --note "why": it is recorded in the Change Manifest.\n  Nothing was written.', 2
        )
    return StepRequest(request.action, request.number, message, request.force, note)


def _advise(outcome: Outcome, found: Finished, marker: int | None, value: str) -> None:
    if found.committed:
        outcome.notes.append(f"Committed {found.commit}: {', '.join(found.committed)}.")
    if found.unlogged:
        outcome.warnings.append(
            f"WARNING: not in the changelog, recorded as NOT LOGGED: {', '.join(found.unlogged)}."
        )
    if marker is None:
        outcome.notes.append(f"All steps done. Next: `{CLI_PREFIX} transition REFLECT`.")
    else:
        outcome.notes.append(
            f"Current step: {value}. Gate it: `{CLI_PREFIX} validate-plan --pre-step`."
        )
