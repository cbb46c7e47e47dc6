"""``checkpoint``: a restore point before risky work, ``checkpoints/cp-NNN-iterN.md``.

It records HEAD (the commit to go back to), the files the step will change (by default the current
step's files from plan.md), the lockfiles of the package ecosystems those files touch
(``references/code-hygiene.md`` § Lockfiles: tracked ones are listed, since ``git checkout``
restores them; untracked or ignored ones are copied into ``cp-NNN-iterN.lockfiles/`` unless their
name or content looks secret) and the rollback commands in order. Checkpoints are written in
EXECUTE. ``transition EXECUTE`` calls :func:`initial_checkpoint` so iteration 1's first step
starts with ``cp-000-iter1.md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from skill.errors import SkillError
from skill.plans import checkpoints, lockfiles, plan
from skill.plans import state as statefile
from skill.plans.checkpoints import Checkpoint, LockfileRecord
from skill.plans.edit import PlanEdit
from skill.plans.layout import PLAN_MD, STATE_MD
from skill.plans.protocol import Move
from skill.plans.store import Store
from skill.plans.textio import leading_int
from skill.record import git
from skill.record.common import defuse, iteration, recording, text_value
from skill.record.result import Recorded

STATES = ("EXECUTE",)
FIRST_REASON = "iteration 1, before its first step (the nuclear fallback; written by transition EXECUTE)"
_DIRTY_SHOWN = 5


@dataclass
class Draft:
    """A checkpoint being built: the file, the lockfile copies to stage, and what to tell the user."""

    checkpoint: Checkpoint
    copies: dict[str, bytes] = field(default_factory=dict)  # plan-relative name -> bytes
    warnings: list[str] = field(default_factory=list)


def project_file(root: Path, value: str) -> str:
    """``value`` as a project-relative path with ``/``; a usage error outside the project."""
    absolute = os.path.normpath(os.path.join(os.path.abspath(root), value.strip()))
    rel = os.path.relpath(absolute, os.path.abspath(root)).replace(os.sep, "/")
    if not value.strip() or rel == "." or rel == ".." or rel.startswith("../"):
        raise SkillError(f"ERROR: --files {value!r} is not a file inside the project.\n  Nothing was written.", 2)
    return rel


def step_files(plan_text: str | None, step: int | None) -> tuple[list[str], str]:
    """(the files the step will change, a note when none could be named)."""
    if step is None:
        return plan.files_to_modify(plan_text), "state.md names no current step"
    named = plan.step_files(plan_text, step)
    if named:
        return named, ""
    listed = plan.files_to_modify(plan_text)
    note = "" if listed else f"plan.md's step {step} and ## Files To Modify name no file"
    return listed, note


def _lockfiles(root: Path, snapshot: str, files: list[str], draft: Draft) -> tuple[list[LockfileRecord], list[str], list[str]]:
    """(records, copy commands, install commands) for the ecosystems ``files`` touch."""
    records: list[LockfileRecord] = []
    copies: list[str] = []
    installs: list[str] = []
    for ecosystem, folder in lockfiles.touched(files):
        try:
            names = [entry.name for entry in os.scandir(root / folder) if entry.is_file()]
        except OSError:
            names = []
        for path, install in lockfiles.lockfile_candidates(ecosystem, folder, names):
            if install and install not in installs:
                installs.append(install)
            if any(record.path == path for record in records):
                continue
            if git.is_tracked(root, path):
                records.append(LockfileRecord(path, "tracked: git checkout restores it"))
                continue
            if lockfiles.secret_name(path):
                records.append(LockfileRecord(path, "not copied: the name looks like a secret; restore it by hand"))
                continue
            data = (root / path).read_bytes()
            word = lockfiles.secret_content(data)
            if word is not None:
                records.append(LockfileRecord(path, f"not copied: it contains {word}; restore it by hand"))
                continue
            copy = f"{checkpoints.FOLDER}/{snapshot}/{path}"
            draft.copies[copy] = data
            records.append(LockfileRecord(path, f"untracked: copied to {copy}", copy))
            copies.append(copy)
    return records, copies, installs


def draft_checkpoint(
    root: Path,
    plan_id: str,
    *,
    number: int,
    iteration_number: int,
    reason: str,
    files: list[str],
    files_note: str = "",
    manual_rollback: str | None = None,
) -> Draft:
    """Everything a checkpoint records, read from git and the project (nothing is written)."""
    commit, why = git.head(root)
    notes = [why] if why else []
    # Changed tracked files only: the rollback (`git checkout <commit> -- .`) overwrites those and
    # leaves untracked files (an installed skill, notes) where they are.
    loose = set(git.untracked(root)) if commit else set()
    dirty = [path for path in git.uncommitted(root) if path not in loose] if commit else []
    draft = Draft(Checkpoint(number, iteration_number, reason, commit))
    if dirty:
        shown = ", ".join(dirty[:_DIRTY_SHOWN]) + (f", +{len(dirty) - _DIRTY_SHOWN} more" if len(dirty) > _DIRTY_SHOWN else "")
        notes.append(f"{len(dirty)} uncommitted file(s) not in this restore point: {shown}")
        draft.warnings.append(
            f"WARNING: {len(dirty)} file(s) are uncommitted; rolling back to {commit} discards them ({shown})."
        )
    snapshot = checkpoints.snapshot_folder(number, iteration_number)
    records, copies, installs = _lockfiles(root, snapshot, files, draft)
    if commit:
        rollback = [f"git checkout {commit} -- ."]
    else:
        rollback = [f"# no git restore point ({why}): undo the step's changes by hand"]
        draft.warnings.append(f"WARNING: no git restore point: {why}.")
    rollback += [f"cp plans/{plan_id}/{copy} {copy.split('/', 2)[2]}" for copy in copies]
    rollback += installs if records else []
    draft.checkpoint = Checkpoint(
        number,
        iteration_number,
        reason,
        commit,
        "; ".join(notes),
        tuple(files),
        files_note,
        bool(lockfiles.touched(files)),
        tuple(records),
        tuple(rollback),
        manual_rollback,
    )
    return draft


def _names(plan_dir: Path) -> list[str]:
    try:
        return os.listdir(plan_dir / checkpoints.FOLDER)
    except OSError:
        return []


def stage(edit: PlanEdit, draft: Draft) -> str:
    """Stage the copies, then the checkpoint file (written after them); its plan-relative name."""
    for name, data in draft.copies.items():
        edit.write_bytes(name, data)
    name = f"{checkpoints.FOLDER}/{draft.checkpoint.name}"
    edit.write(name, checkpoints.render(draft.checkpoint))
    return name


def take_checkpoint(
    store: Store, reason: str, files: list[str] | None = None, manual_rollback: str | None = None
) -> Recorded:
    """Write the next checkpoint of the active plan (EXECUTE only)."""
    why = text_value(reason, "--reason")
    chosen = [project_file(store.root, value) for value in files] if files else None
    manual = defuse(manual_rollback) if manual_rollback else None
    rule = "checkpoints are taken during EXECUTE"
    remedy = "Take it right before the risky step, once the plan is in EXECUTE."
    with recording(store, "checkpoint", STATES, rule, remedy) as (edit, result):
        plan_text = edit.read(PLAN_MD)
        step = leading_int(statefile.get_field(edit.read(STATE_MD), statefile.STEP_LABEL))
        paths, note = (chosen, "") if chosen is not None else step_files(plan_text, step)
        number = checkpoints.next_number(_names(edit.plan_dir))
        draft = draft_checkpoint(
            store.root,
            result.plan_id,
            number=number,
            iteration_number=max(iteration(edit), 1),
            reason=why,
            files=paths,
            files_note=note,
            manual_rollback=manual,
        )
        if step is not None and plan.is_irreversible(plan_text, step) and not manual:
            draft.warnings.append(
                f"WARNING: step {step} is [IRREVERSIBLE]: pass --manual-rollback with the manual rollback plan."
            )
        name = stage(edit, draft)
    result.warnings = draft.warnings
    result.lines = checkpoints.render(draft.checkpoint).rstrip("\n").split("\n")
    result.data = {
        "file": name,
        "commit": draft.checkpoint.commit,
        "files": list(draft.checkpoint.files),
        "lockfiles": [record.path for record in draft.checkpoint.lockfiles],
        "rollback": list(draft.checkpoint.rollback),
    }
    return result


def initial_checkpoint(edit: PlanEdit, move: Move, new_iteration: int | None) -> str | None:
    """For PLAN → EXECUTE into iteration 1: stage ``cp-000-iter1.md`` (unless the plan already has a
    checkpoint) for step 1's files; a note for the user, or None when nothing was staged."""
    if (move.source, move.target) != ("PLAN", "EXECUTE") or new_iteration != 1:
        return None
    names = _names(edit.plan_dir)
    if any(checkpoints.parse_name(name) for name in names):
        return None
    plan_text = edit.read(PLAN_MD)
    numbers = plan.steps(plan_text)
    paths, note = step_files(plan_text, min(numbers) if numbers else None)
    draft = draft_checkpoint(
        edit.store.root,
        edit.plan_id,
        number=checkpoints.next_number(names),
        iteration_number=1,
        reason=FIRST_REASON,
        files=paths,
        files_note=note,
    )
    name = stage(edit, draft)
    commit = draft.checkpoint.commit or "no commit"
    return f"Checkpoint {name} written (restore point: {commit})."


def iteration_base(plan_dir: Path, iteration_number: int) -> str | None:
    """The commit of the first checkpoint taken in ``iteration_number`` (its start), or None."""
    first = checkpoints.first_of_iteration(_names(plan_dir), iteration_number)
    if first is None:
        return None
    try:
        text = (plan_dir / checkpoints.FOLDER / first).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return checkpoints.commit_of(text)
