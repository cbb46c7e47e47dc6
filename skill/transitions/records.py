"""The plan files a move writes besides state.md: the user's approval (approvals.jsonl and the
approved plan.md), progress.md's step items, and where the working tree stood (execute-base.json).

Everything is staged on the move's checked edit; nothing is written if the move is refused.
"""

from __future__ import annotations

from skill.plans import approvals, attempts, baseline, plan, progress, protocol
from skill.plans.edit import PlanEdit
from skill.plans.layout import PLAN_MD, PROGRESS_MD
from skill.transitions import gitwork
from skill.transitions.conditions import Request


def stage(edit: PlanEdit, move: protocol.Move, request: Request, state_text: str, when: str) -> None:
    """Stage the records of ``move`` (state.md as it will be written is ``state_text``)."""
    plan_text = edit.read(PLAN_MD)
    if move.user_gated and request.user:
        record_approval(edit, f"{move.source} → {move.target}", move.source, move.target, request.user, when)
        if move.starts_steps and plan_text is not None:
            edit.write(approvals.APPROVED_PLAN, plan_text)
    if move.target == "EXECUTE":
        iteration = attempts.iteration_of(state_text)
        step = attempts.step_of(state_text)
        sync_progress(edit, iteration, step)
        stage_baseline(edit, iteration, step, when, new_iteration=move.new_iteration)


def record_approval(edit: PlanEdit, move: str, source: str, target: str, words: str, when: str) -> None:
    digest = approvals.plan_digest(edit.read(PLAN_MD))
    approval = approvals.Approval(when, move, source, target, words, digest)
    edit.write(approvals.APPROVALS, approvals.appended(edit.read(approvals.APPROVALS), approval))


def sync_progress(
    edit: PlanEdit, iteration: int, current: int | None, commits: dict[int, str] | None = None
) -> None:
    """progress.md's step items as plan.md (staged) has them; nothing when either file is missing."""
    plan_text, progress_text = edit.read(PLAN_MD), edit.read(PROGRESS_MD)
    items = [(item.number, item.done, item.text) for item in plan.step_items(plan_text)]
    if progress_text is None or not items:
        return
    edit.write(PROGRESS_MD, progress.sync_steps(progress_text, iteration, items, current, commits))


def stage_baseline(
    edit: PlanEdit, iteration: int, step: int | None, when: str, *, new_iteration: bool = False
) -> None:
    """Record where the working tree stands as ``step`` begins (and the iteration, when new)."""
    previous = baseline.parse(edit.read(baseline.BASELINE))
    repo = gitwork.open_repo(edit.store.root)
    commit = gitwork.head(repo) if repo else None
    dirty = gitwork.snapshot(repo, commit) if repo else {}
    if new_iteration or previous is None or previous.iteration != iteration:
        untracked = tuple(sorted(gitwork.untracked(repo))) if repo else ()
        previous = baseline.Baseline(iteration, commit, untracked)
    edit.write(baseline.BASELINE, baseline.render(previous.for_step(step, commit, dirty, when)))
