"""``bootstrap new``: mint a plan id, write the plan folder, point at it.

Everything that can refuse is decided first, under the plans-wide lock and before any write: an
active plan (without ``--force``), an unclosed plan nothing points to (see below), and the text of
every file of the new plan (rendered in memory). Only then does ``--force`` close the active plan.

The store assembles the folder under a temporary name and renames it into place in one step, so a
crash leaves either no plan folder or a complete one; the pointer is written (atomically) only
after. A crash between the two leaves a complete plan nothing points to, an *orphan*
(:mod:`skill.plans.orphans`): the next ``new`` names it and refuses to start a second plan beside
it unless told to (``--force``); with a pointer that names no folder (the original tool's case) it
warns and goes ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from skill import PROTOCOL_VERSION
from skill.errors import SkillError
from skill.lifecycle.close import close_plan_locked
from skill.lifecycle.common import banner_line, invocation
from skill.lifecycle.gitignore import ensure_entries
from skill.plans import consolidated, render
from skill.plans.ids import looks_like_plan_dir_name, mint_plan_id, utc_timestamp
from skill.plans.layout import PLAN_FILES, PLAN_FOLDERS
from skill.plans.orphans import UnclosedPlan, unclosed_plans
from skill.plans.pointer import pointer_file_exists, pointer_path, read_pointer
from skill.plans.store import Store


@dataclass
class NewPlanResult:
    plan_id: str
    plan_dir: Path
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    closed: str | None = None


def orphan_warning(plans_dir: Path) -> list[str]:
    """Lines warning about plan folders left behind by a pointer that no longer resolves."""
    try:
        names = sorted(
            entry.name
            for entry in plans_dir.iterdir()
            if looks_like_plan_dir_name(entry.name) and entry.is_dir() and not entry.is_symlink()
        )
    except OSError:
        return []
    if not names:
        return []
    noun = "directory" if len(names) == 1 else "directories"
    lines = [
        "WARNING: plans/.current_plan does not name an existing plan folder. "
        f"Found {len(names)} plan {noun}:"
    ]
    lines += [f"  plans/{name}" for name in names]
    lines.append(f"  A crash may have left them. Inspect with: {invocation()} list")
    return lines


def plan_files(store: Store, plan_id: str, goal: str) -> dict[str, str]:
    """The text of every per-plan file of a new plan (``state.md`` … ``changelog.md``)."""
    has_history = any((store.plans_dir / name).exists() for name in consolidated.HISTORY_FILES)
    values = {
        "version": PROTOCOL_VERSION,
        "plan_id": plan_id,
        "goal": goal,
        "timestamp": utc_timestamp(),
        "cross_plan_note": consolidated.CROSS_PLAN_NOTE if has_history else "",
    }
    return {f"{name}.md": render.render(name, **values) for name in PLAN_FILES}


def blank_goal_refusal() -> SkillError:
    """A plan needs a goal (2.60.0 refuses a blank one instead of writing a stand-in)."""
    return SkillError(
        "ERROR: the goal is empty; a plan needs one.\n"
        f'  Say what the plan is for: {invocation()} new "add rate limiting to the API"\n'
        "  Nothing was written.",
        1,
    )


def active_plan_refusal(plan_id: str) -> SkillError:
    cmd = invocation()
    return SkillError(
        f"ERROR: Active plan directory already exists: plans/{plan_id}\n"
        f"  To resume:      {cmd} resume\n"
        f"  To view status: {cmd} status\n"
        f"  To close it:    {cmd} close\n"
        f'  To force new:   {cmd} new --force "goal"',
        1,
    )


def orphan_lines(orphans: list[UnclosedPlan]) -> list[str]:
    return [f"  plans/{plan.plan_id}  [{plan.state or '?'}]" for plan in orphans]


def orphan_refusal(orphans: list[UnclosedPlan]) -> SkillError:
    cmd = invocation()
    noun = "a plan" if len(orphans) == 1 else f"{len(orphans)} plans"
    newest = orphans[-1].plan_id
    return SkillError(
        f"ERROR: {noun} that nothing points to was never closed (an interrupted `new`, or a pointer "
        "removed by hand):\n"
        + "\n".join(orphan_lines(orphans))
        + "\n  A new plan beside it would leave it behind. Either:\n"
        f"  Continue it:    {cmd} use {newest}\n"
        f"  Remove it:      {cmd} retire {newest}   (if it holds nothing you need)\n"
        f'  Start anyway:   {cmd} new --force "goal"   (it stays, unclosed)\n'
        "  Nothing was written.",
        1,
    )


def create_plan(store: Store, goal: str, *, force: bool = False) -> NewPlanResult:
    """Create a plan folder and make it active. Refuses (SkillError) when a plan is active, or an
    unclosed plan nothing points to exists, before writing anything.

    With ``force`` an active plan is closed first (inside the same plans-wide lock).
    """
    if not goal.strip():
        raise blank_goal_refusal()
    with store.plans_lock():
        warnings: list[str] = []
        existing = read_pointer(store.plans_dir)
        dangling = existing is None and pointer_file_exists(store.plans_dir)
        orphans = unclosed_plans(store.plans_dir, exclude=existing)
        if existing is not None and not force:
            raise active_plan_refusal(existing)
        if orphans and not force and not dangling:
            raise orphan_refusal(orphans)
        if dangling:
            warnings += orphan_warning(store.plans_dir)
        elif orphans:
            warnings.append("WARNING: starting a new plan beside unclosed plan(s) nothing points to:")
            warnings += orphan_lines(orphans)
        plan_id = mint_plan_id()
        final = store.plan_dir(plan_id)
        files = plan_files(store, plan_id, goal)  # rendered before anything is written
        lines: list[str] = []
        closed = None
        if existing is not None:
            # The pointer is not removed here: it is switched to the new plan in one write below,
            # so an interruption leaves it naming the old plan (an INCOMPLETE CLOSE), never nothing.
            outcome = close_plan_locked(store, existing, remove_pointer=False)
            lines += outcome.action_needed
            lines.append(f"  Closed previous plan: plans/{existing}")
            closed = existing
        try:
            store.create_folder(final, files, PLAN_FOLDERS)
        except OSError as exc:
            raise SkillError(f"ERROR: Failed to create plan directory: {exc}") from None
        consolidated.ensure_root_files(store)
        store.write_text(pointer_path(store.plans_dir), plan_id)
        gitignore_warning = ensure_entries(store)
        if gitignore_warning:
            warnings.append(gitignore_warning)
    lines += [
        f"Initialized plans/{plan_id}/",
        banner_line(),
        f"  Pointer: plans/.current_plan → {plan_id}",
        f"  Goal: {goal}",
        "  State: EXPLORE (iteration 0)",
        "  Cross-plan context: plans/FINDINGS.md, plans/DECISIONS.md, plans/LESSONS.md, plans/SYSTEM.md",
        "  Next: read the code, ask questions, write findings (read plans/LESSONS.md first).",
    ]
    return NewPlanResult(plan_id, final, lines, warnings, closed)
