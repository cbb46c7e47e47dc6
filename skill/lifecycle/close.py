"""``bootstrap close``: finish the active plan and fold it into the cross-plan files.

Order of the writes (each one atomic, each through the store): FINDINGS.md and DECISIONS.md (merge
newest-first, then the 25-plan sliding window), the INDEX.md row, the lessons snapshot, state.md
(CLOSE + history line), and last the pointer removal. Every step is idempotent, so a close that was
interrupted is finished by running ``close`` again: nothing is merged, indexed or recorded twice.
This is the administrative close: state.md is rewritten without the validator's checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill.errors import SkillError
from skill.plans import consolidated
from skill.plans import plan as planfile
from skill.plans import state as statefile
from skill.plans.edit import checked_edit
from skill.plans.ids import plan_date, utc_timestamp
from skill.plans.layout import FINDINGS_MD, LESSONS_SNAPSHOT_MD, PLAN_MD, STATE_MD
from skill.plans.markdown import blank_compressed_summary
from skill.plans.pointer import pointer_path, read_pointer
from skill.plans.store import Store
from skill.plans.textio import read_text


@dataclass
class CloseOutcome:
    plan_id: str
    action_needed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def merge_file(store: Store, plan_id: str, source: str, target: str, *, links: bool) -> str | None:
    """Merge one per-plan file into its consolidated file; returns an ACTION NEEDED line or None."""
    plan_text = read_text(store.plan_dir(plan_id) / source)
    path = store.plans_dir / target
    current = read_text(path) or ""
    updated = current
    if plan_text and plan_text.strip():
        if not links:
            plan_text = blank_compressed_summary(plan_text)
        section = consolidated.prepare_section(plan_text, plan_id, rewrite_links=links)
        if section:
            updated = consolidated.prepend_section(updated, plan_id, section)
    updated = consolidated.apply_window(updated, plans_dir=store.plans_dir)
    if updated != current:
        store.write_text(path, updated)
    return consolidated.size_notice(f"plans/{target}", updated)


def add_index_row(store: Store, plan_id: str) -> None:
    path = store.plans_dir / consolidated.INDEX_MD
    current = read_text(path) or ""
    if consolidated.has_index_row(current, plan_id):
        return
    folder = store.plan_dir(plan_id)
    row = consolidated.index_row(
        plan_id,
        plan_date(plan_id),
        planfile.goal_first_line(read_text(folder / PLAN_MD)),
        read_text(folder / FINDINGS_MD),
    )
    store.write_text(path, consolidated.add_index_row(current, row))


def close_plan_locked(store: Store, plan_id: str, *, remove_pointer: bool = True) -> CloseOutcome:
    """Close ``plan_id``; the caller holds the plans-wide lock."""
    outcome = CloseOutcome(plan_id)
    with checked_edit(store, plan_id, "close") as edit:
        consolidated.ensure_root_files(store)
        for source, target, links in consolidated.MERGES:
            try:
                notice = merge_file(store, plan_id, source, target, links=links)
            except OSError as exc:
                outcome.warnings.append(
                    f"WARNING: merging {source} into plans/{target} failed: {exc}\n"
                    f"  The per-plan file is untouched at plans/{plan_id}/{source}; run close again."
                )
                continue
            if notice:
                outcome.action_needed.append(notice)
        add_index_row(store, plan_id)
        outcome.action_needed += consolidated.record_close(store, plan_id)
        lessons = store.plans_dir / consolidated.LESSONS_MD
        if lessons.is_file():
            edit.write_bytes(LESSONS_SNAPSHOT_MD, lessons.read_bytes())
        state_text = edit.read(STATE_MD)
        if not outcome.warnings and state_text is not None:
            edit.write(STATE_MD, statefile.close_record(state_text, utc_timestamp()))
    # A failed merge keeps the plan active, so running close again can finish it.
    if remove_pointer and not outcome.warnings:
        store.remove(pointer_path(store.plans_dir))
    return outcome


def close_active_plan(store: Store) -> tuple[CloseOutcome, list[str]]:
    """Close the active plan. Raises SkillError when there is none (and creates nothing)."""
    if not store.plans_dir.is_dir():
        raise SkillError("ERROR: No active plan to close.")
    with store.plans_lock():
        plan_id = read_pointer(store.plans_dir)
        if plan_id is None:
            raise SkillError("ERROR: No active plan to close.")
        outcome = close_plan_locked(store, plan_id)
    if outcome.warnings:
        raise SkillError(
            "\n".join(outcome.warnings)
            + f"\nERROR: close did not finish; plans/{plan_id} stays the active plan."
            " Fix the problem above and run close again."
        )
    lines = outcome.action_needed + [
        f"Closed plan: plans/{plan_id}",
        "  Pointer plans/.current_plan removed.",
        f"  Plan directory preserved at plans/{plan_id}/",
        "  Findings/decisions merged to plans/FINDINGS.md and plans/DECISIONS.md.",
        "  Now update plans/LESSONS.md with what this plan taught (max 200 lines).",
        "  Note: this is the administrative close. The agent's CLOSE work (summary.md,",
        "  decision audit) belongs before it.",
    ]
    return outcome, lines
