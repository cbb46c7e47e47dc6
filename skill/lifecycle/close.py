"""``bootstrap close``: finish the active plan and fold it into the cross-plan files.

Everything that could refuse is checked before the first write: the plan's state.md and the
cross-plan files it rewrites must survive a rewrite byte for byte (:func:`skill.plans.textio.frame`).
Then, under the plans-wide lock and the plan's own lock, each write atomic and through the store:

1. the close record ``close-progress.txt`` says the close started (:mod:`skill.plans.closing`);
   from here on the plan is no longer open, so every other writer refuses it;
2. state.md: CLOSE and one history line;
3. FINDINGS.md and DECISIONS.md: the plan's section set to the current per-plan file (replaced in
   place when it is already there, so a close finished after an interruption merges what changed
   since), then the 25-plan sliding window; the INDEX.md row; the lessons snapshot;
4. the close record says the close finished;
5. the pointer is removed (``new --force`` switches it to the new plan instead).

A close that stops after step 1 is visible everywhere (``status``, ``resume``, the validator's
``[close-incomplete]``) and is finished by running ``close`` again: every step is repeatable, so
nothing is merged, indexed or recorded twice and nothing is skipped. This is the administrative
close: state.md is rewritten without the validator's checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill.errors import SkillError, refusal
from skill.lifecycle.common import invocation
from skill.plans import closing, consolidated
from skill.plans import plan as planfile
from skill.plans import state as statefile
from skill.plans.edit import checked_edit
from skill.plans.ids import plan_date, utc_timestamp
from skill.plans.layout import FINDINGS_MD, LESSONS_SNAPSHOT_MD, PLAN_MD, STATE_MD
from skill.plans.markdown import blank_compressed_summary
from skill.plans.pointer import pointer_path, read_pointer
from skill.plans.store import Store
from skill.plans.textio import Framing, frame, read_bytes, read_text, unframe


@dataclass
class CloseOutcome:
    plan_id: str
    action_needed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    resumed: str | None = None  # when this close finished one that had been interrupted


class _Consolidated:
    """One cross-plan file, read once (bytes kept exactly), rewritten only when it changes."""

    def __init__(self, store: Store, name: str) -> None:
        self.store = store
        self.name = name
        self.path = store.plans_dir / name
        data = read_bytes(self.path)
        if data is None and (self.path.exists() or self.path.is_symlink()):
            raise _not_rewritable(f"plans/{name}", "it is not a regular file that can be read")
        self.text = ""
        self.framing: Framing | None = None
        if data is not None:
            self.text, self.framing = frame(data)
        if self.framing is not None and self.framing.problem:
            raise _not_rewritable(f"plans/{name}", self.framing.problem)

    def save(self, text: str) -> None:
        if text == self.text:
            return
        data = unframe(text, self.framing) if self.framing is not None else text.encode("utf-8")
        self.store.write_bytes(self.path, data)
        self.text = text


def _not_rewritable(rel: str, reason: str) -> SkillError:
    return refusal(
        "close",
        f"{rel} cannot be rewritten without changing bytes close did not edit: {reason}.",
        ["Repair the file (save it as UTF-8 text with one kind of line ending), then run close again."],
    )


def merge_section(store: Store, plan_id: str, source: str, target: _Consolidated, *, links: bool) -> str | None:
    """Set the plan's section of one consolidated file; returns an ACTION NEEDED line or None."""
    plan_text = read_text(store.plan_dir(plan_id) / source)
    updated = target.text
    if plan_text and plan_text.strip():
        if not links:
            plan_text = blank_compressed_summary(plan_text)
        section = consolidated.prepare_section(plan_text, plan_id, rewrite_links=links)
        updated = consolidated.upsert_section(updated, plan_id, section)
    updated = consolidated.apply_window(updated, plans_dir=store.plans_dir)
    target.save(updated)
    return consolidated.size_notice(f"plans/{target.name}", updated)


def set_index_row(store: Store, plan_id: str, index: _Consolidated) -> None:
    folder = store.plan_dir(plan_id)
    row = consolidated.index_row(
        plan_id,
        plan_date(plan_id),
        planfile.goal_first_line(read_text(folder / PLAN_MD)),
        read_text(folder / FINDINGS_MD),
    )
    index.save(consolidated.set_index_row(index.text, plan_id, row))


def close_plan_locked(store: Store, plan_id: str, *, remove_pointer: bool = True) -> CloseOutcome:
    """Close ``plan_id``; the caller holds the plans-wide lock. Raises SkillError (nothing written)
    when a file it must rewrite would not survive, or (the close recorded as interrupted) when a
    write fails on the way."""
    outcome = CloseOutcome(plan_id)
    folder = store.plan_dir(plan_id)
    names = [target for _source, target, _links in consolidated.MERGES] + [consolidated.INDEX_MD]
    with store.plan_lock(plan_id):
        for name in names:  # every refusal before the first write
            _Consolidated(store, name)
        progress = closing.read_progress(folder)
        if progress is not None and progress.interrupted:
            outcome.resumed = progress.started
        step = "recording CLOSE in state.md"
        recorded = False  # once the record is on disk, a failure leaves an interrupted close
        try:
            with checked_edit(store, plan_id, "close", lock=False, require_open=False) as edit:
                state_text = edit.read(STATE_MD)
                if state_text is not None:
                    edit.write(STATE_MD, statefile.close_record(state_text, utc_timestamp()))
                edit.require_writable()
                if progress is None:
                    record = closing.started_text(utc_timestamp())
                    store.write_text(folder / closing.PROGRESS_NAME, record)
                recorded = True
            step = "creating the missing cross-plan files"
            consolidated.ensure_root_files(store)
            merges = [
                (source, _Consolidated(store, target), links)
                for source, target, links in consolidated.MERGES
            ]
            index = _Consolidated(store, consolidated.INDEX_MD)
            for source, target, links in merges:
                step = f"merging {source} into plans/{target.name}"
                notice = merge_section(store, plan_id, source, target, links=links)
                if notice:
                    outcome.action_needed.append(notice)
            step = "adding the plans/INDEX.md row"
            set_index_row(store, plan_id, index)
            step = "appending the plan's anchors to plans/ANCHORS.md"
            outcome.action_needed += consolidated.record_close(store, plan_id)
            step = "writing the lessons snapshot"
            lessons = read_bytes(store.plans_dir / consolidated.LESSONS_MD)
            if lessons is not None:
                store.write_bytes(folder / LESSONS_SNAPSHOT_MD, lessons)
            # Further close steps go here, each named in ``step`` and safe to run again.
            step = "recording the close as finished"
            record = read_text(folder / closing.PROGRESS_NAME) or closing.started_text(utc_timestamp())
            finished = closing.finished_text(record, utc_timestamp())
            if finished != record:
                store.write_text(folder / closing.PROGRESS_NAME, finished)
        except (OSError, SkillError) as exc:
            if not recorded:
                raise
            reason = exc.message if isinstance(exc, SkillError) else str(exc)
            raise SkillError(
                f"ERROR: close of plans/{plan_id} stopped while {step}:\n  {reason}\n"
                f"  The close is recorded as interrupted (status and resume say so); fix the problem "
                f"and run `{invocation()} close` again to finish it."
            ) from None
    if remove_pointer:
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
    lines = outcome.action_needed + [
        f"Closed plan: plans/{plan_id}",
        "  Pointer plans/.current_plan removed.",
        f"  Plan directory preserved at plans/{plan_id}/",
        "  Findings/decisions merged to plans/FINDINGS.md and plans/DECISIONS.md.",
        "  Now update plans/LESSONS.md with what this plan taught (max 200 lines).",
        "  Note: this is the administrative close. The agent's CLOSE work (summary.md,",
        "  decision audit) belongs before it.",
    ]
    if outcome.resumed:
        lines.insert(0, f"Finished the close of plans/{plan_id} interrupted since {outcome.resumed}.")
    return outcome, lines
