"""Planning and applying install / uninstall for a set of targets.

Planning only reads: it renders every file, checks every path against its target folder and
compares what is on disk with the receipt. Nothing is written until every target has been
planned, so bad input (an unknown harness, a template that does not render, a path that escapes,
a damaged receipt) leaves the disk untouched. ``--dry-run`` prints the plan and stops there.

Ownership rules (per file):

* absent -> ``create``;
* same bytes as the new version -> ``unchanged``;
* hash matches the receipt (we wrote it, nobody changed it) -> ``update``;
* recorded in the receipt but changed since -> ``keep-modified`` (reported, left alone), unless
  ``--force``;
* present but never ours -> ``keep-foreign`` (reported, left alone), unless ``--force``.

A file the receipt lists that the bundle no longer has is removed when unchanged
(``remove``) and kept otherwise. ``uninstall`` removes exactly the files whose hash still matches.

In a shared file (``blocks``) only our block is ours: install adds it (``add-block``) or replaces it
(``update``); uninstall takes it out (``remove-block``) and deletes the file only when install
created it and nothing of the user's is left (``remove``). Folders install created are recorded
and removed again once empty, so install followed by uninstall leaves the tree as it was.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from skill.errors import SkillError
from skill.harness.base import Context, Target, confined
from skill.harness.ownership import (
    hash_on_disk,
    missing_dirs,
    owned_by,
    read_shared,
    remove_empty_folders,
)
from skill.harness.receipt import (
    Receipt,
    SharedEdit,
    delete_receipts,
    find_receipt,
    now_utc,
    sha256,
    write_receipts,
)
from skill.plans.store import atomic_write_bytes, remove_file

WRITE_OPS = frozenset({"create", "add-block", "update", "overwrite"})
KEEP_OPS = frozenset({"keep-modified", "keep-foreign"})


@dataclass
class Action:
    op: str
    rel: str
    path: Path
    data: bytes | None = None
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        out = {"op": self.op, "path": str(self.path), "rel": self.rel}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class TargetPlan:
    target: Target
    ctx: Context
    base: Path
    receipt_path: Path
    old: Receipt | None
    actions: list[Action] = field(default_factory=list)
    #: the receipt's file list after applying (install only)
    new_files: dict[str, str] = field(default_factory=dict)
    #: folders that did not exist before this install (install: recorded in the receipt)
    created_dirs: list[str] = field(default_factory=list)
    #: what install does to each shared file (install: recorded in the receipt)
    shared: dict[str, SharedEdit] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "target": self.target.name,
            "scope": self.ctx.scope,
            "base": str(self.base),
            "location": str(self.target.location(self.ctx)),
            "receipt": str(self.receipt_path),
            "previous_version": self.old.version if self.old else None,
            "files": [action.to_dict() for action in self.actions],
        }


def plan_install(target: Target, ctx: Context, force: bool) -> TargetPlan:
    base = target.base(ctx)
    receipt_rel = target.receipt_rel(ctx)
    receipt_path = confined(base, receipt_rel)
    old, _ = find_receipt(target.name, ctx.scope, base, receipt_rel)
    previous = old.files if old else {}
    plan = TargetPlan(target, ctx, base, receipt_path, old)
    wanted = target.files(ctx)
    blocks = target.blocks(ctx)
    owned = owned_by(ctx, old)
    plan.created_dirs = sorted(set(old.created_dirs if old else []) | set(missing_dirs(base, [*wanted, receipt_rel])))
    for rel in sorted(wanted):
        data = wanted[rel]
        path = confined(base, rel)
        new_hash = sha256(data)
        current = hash_on_disk(path, rel in blocks, target, rel, owned)
        if rel in blocks:
            recorded = old.shared.get(rel) if old else None
            block = data.decode("utf-8")
            if current is None and path.exists():
                existing = read_shared(path)
                recorded = SharedEdit(
                    False, target.block_lead(rel, existing), target.block_containers(rel, existing, block)
                )
            elif current is None:
                recorded = SharedEdit(True, "", target.block_containers(rel, None, block))
            elif recorded is not None and recorded.containers is not None:
                # an update may need a container the first install did not (the guard turned on)
                more = target.block_containers(rel, read_shared(path), block)
                if set(more) - set(recorded.containers):
                    merged = tuple(dict.fromkeys((*recorded.containers, *more)))
                    recorded = SharedEdit(recorded.created, recorded.lead, merged)
            if recorded is not None:
                plan.shared[rel] = recorded
        if current is None:
            op = "add-block" if rel in blocks and path.exists() else "create"
            plan.actions.append(Action(op, rel, path, data))
            plan.new_files[rel] = new_hash
        elif current == new_hash:
            plan.actions.append(Action("unchanged", rel, path))
            plan.new_files[rel] = new_hash
        elif previous.get(rel) == current:
            plan.actions.append(Action("update", rel, path, data))
            plan.new_files[rel] = new_hash
        elif force:
            note = "changed since installed" if rel in previous else "was not ours"
            plan.actions.append(Action("overwrite", rel, path, data, note))
            plan.new_files[rel] = new_hash
        elif rel in previous:
            plan.actions.append(
                Action("keep-modified", rel, path, note="you changed it since install; kept as it is")
            )
            plan.new_files[rel] = previous[rel]
        else:
            plan.actions.append(
                Action("keep-foreign", rel, path, note="exists and is not ours; left alone")
            )
    for rel in sorted(set(previous) - set(wanted)):
        path = confined(base, rel)
        current = hash_on_disk(path, rel in blocks, target, rel, owned)
        if current is None:
            continue
        if current == previous[rel]:
            plan.actions.append(Action("remove", rel, path, note="no longer part of the bundle"))
        else:
            plan.actions.append(
                Action("keep-modified", rel, path, note="no longer part of the bundle, but changed; kept")
            )
    return plan


def plan_uninstall(target: Target, ctx: Context) -> TargetPlan | None:
    base = target.base(ctx)
    receipt_rel = target.receipt_rel(ctx)
    receipt_path = confined(base, receipt_rel)
    old, _ = find_receipt(target.name, ctx.scope, base, receipt_rel)
    if old is None:
        return None
    plan = TargetPlan(target, ctx, base, receipt_path, old)
    plan.created_dirs = list(old.created_dirs)
    blocks = target.blocks(ctx)
    for rel in sorted(old.files):
        path = confined(base, rel)
        owned = owned_by(ctx, old, old.shared.get(rel))
        current = hash_on_disk(path, rel in blocks, target, rel, owned)
        if current is None:
            plan.actions.append(Action("gone", rel, path, note="already absent"))
        elif current != old.files[rel]:
            plan.actions.append(Action("keep-modified", rel, path, note="you changed it since install; kept, no longer tracked"))
        elif rel not in blocks:
            plan.actions.append(Action("remove", rel, path))
        else:
            text = read_shared(path) or ""
            rest = target.block_strip(rel, text, owned)
            if owned.created is not False and target.block_leaves_nothing(rel, rest):
                plan.actions.append(Action("remove", rel, path, note="install created it; nothing else in it"))
            else:
                plan.actions.append(
                    Action("remove-block", rel, path, rest.encode("utf-8"), note="our part taken out; the rest kept")
                )
    return plan


def _receipt_for(plan: TargetPlan, files: dict[str, str]) -> Receipt:
    from skill import PROTOCOL_VERSION, __version__

    return Receipt(
        target=plan.target.name,
        scope=plan.ctx.scope,
        base=str(plan.base.resolve()),
        version=__version__,
        protocol_version=PROTOCOL_VERSION,
        command=plan.ctx.command,
        files=files,
        receipt_rel=plan.target.receipt_rel(plan.ctx),
        installed_at=now_utc(),
        created_dirs=list(plan.created_dirs),
        shared={rel: edit for rel, edit in plan.shared.items() if rel in files},
        options={name: plan.ctx.option(name) for name in plan.target.options_used()},
    )


def apply_install(plan: TargetPlan) -> None:
    """Write the planned files, then the receipts. On a failure midway the receipt still records
    what was written, so ``uninstall`` can take it back."""
    previous = dict(plan.old.files) if plan.old else {}
    done: dict[str, str] = {a.rel: plan.new_files[a.rel] for a in plan.actions if a.op == "unchanged"}
    removed: set[str] = set()
    failure: BaseException | None = None
    try:
        for action in plan.actions:
            if action.op in WRITE_OPS:
                assert action.data is not None
                _write(plan, action)
                done[action.rel] = plan.new_files[action.rel]
            elif action.op == "remove":
                _remove(plan, action)
                removed.add(action.rel)
    except OSError as exc:
        failure = exc
    # what we owned before stays ours (changed files included: uninstall then reports them),
    # unless it was removed or is gone; then what was written now
    final = {
        rel: digest
        for rel, digest in previous.items()
        if rel not in removed and (confined(plan.base, rel).exists() or rel in done)
    }
    final.update(done)
    write_receipts(_receipt_for(plan, final), plan.receipt_path)
    if failure is not None:
        raise SkillError(
            f"ERROR: install of {plan.target.name} stopped: {failure}.\n"
            f"  The files written so far are recorded in {plan.receipt_path}; "
            "`uninstall` removes them."
        )


def apply_uninstall(plan: TargetPlan) -> None:
    """Remove the matching files and blocks, then the receipts. On a failure midway the receipts
    are rewritten with what is left, so a second ``uninstall`` can finish the job. Folders are
    pruned afterwards by :func:`prune_created`, once every target is done."""
    removed: set[str] = set()
    try:
        for action in plan.actions:
            if action.op == "remove":
                remove_file(action.path)
                removed.add(action.rel)
            elif action.op == "remove-block":
                assert action.data is not None
                atomic_write_bytes(action.path, action.data)
                removed.add(action.rel)
    except OSError as exc:
        assert plan.old is not None
        left = {rel: digest for rel, digest in plan.old.files.items() if rel not in removed}
        left_receipt = _receipt_for(plan, left)
        left_receipt.version, left_receipt.command = plan.old.version, plan.old.command
        left_receipt.shared = {rel: e for rel, e in plan.old.shared.items() if rel in left}
        left_receipt.options = dict(plan.old.options)
        write_receipts(left_receipt, plan.receipt_path)
        raise SkillError(
            f"ERROR: uninstall of {plan.target.name} stopped: {exc}.\n"
            f"  What is left is recorded in {plan.receipt_path}; run `uninstall` again."
        ) from None
    delete_receipts(plan.target.name, plan.ctx.scope, plan.base, plan.receipt_path)
    if not plan.created_dirs:  # a receipt from before folders were recorded
        _prune_empty(plan, plan.receipt_path)


def prune_created(plans: list[TargetPlan]) -> list[str]:
    """Remove the folders these installs created where now empty (after every target is done)."""
    return remove_empty_folders([(plan.base, rel) for plan in plans for rel in plan.created_dirs])


def _write(plan: TargetPlan, action: Action) -> None:
    assert action.data is not None
    action.path.parent.mkdir(parents=True, exist_ok=True)
    if action.rel in plan.target.blocks(plan.ctx):
        existing = read_shared(action.path)
        owned = owned_by(plan.ctx, plan.old, plan.shared.get(action.rel))
        merged = plan.target.block_merge(action.rel, existing, action.data.decode("utf-8"), owned)
        atomic_write_bytes(action.path, merged.encode("utf-8"))
    else:
        atomic_write_bytes(action.path, action.data)


def _remove(plan: TargetPlan, action: Action) -> None:
    """Install-time removal of a file the bundle no longer has."""
    remove_file(action.path)
    _prune_empty(plan, action.path)
def _prune_empty(plan: TargetPlan, path: Path) -> None:
    """Remove now-empty folders between ``path`` and the top of a folder the target owns."""
    owned = [confined(plan.base, rel) for rel in plan.target.owned_dirs(plan.ctx)]
    folder = path.parent
    for top in owned:
        if folder == top or top in folder.parents:
            while True:
                with contextlib.suppress(OSError):
                    if not any(folder.iterdir()):
                        os.rmdir(folder)
                if folder == top:
                    break
                folder = folder.parent
            return
