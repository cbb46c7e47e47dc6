"""The install and uninstall commands as functions: choose targets, plan, print, apply."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from skill.errors import SkillError
from skill.harness.base import Context, Target
from skill.harness.installer import (
    KEEP_OPS,
    Action,
    TargetPlan,
    apply_install,
    apply_uninstall,
    plan_install,
    plan_uninstall,
    prune_created,
)
from skill.harness.registry import ALIASES, ALL, TARGET_MODULES, get_target, resolve
from skill.harness.source import Bundle


def make_context(
    scope: str,
    project: Path,
    command: str | None,
    bundle_dir: str | None,
    options: dict[str, bool] | None = None,
) -> Context:
    from skill.command import agent_command

    bundle = Bundle(bundle_dir)
    return Context(
        scope=scope,
        project=Path(project).absolute(),
        command=command or agent_command(),
        bundle=bundle,
        options=dict(options or {}),
    )


def choose_install_targets(
    names: list[str], scope: str, project: Path, notes: list[str] | None = None
) -> tuple[list[Target], list[str]]:
    if names:
        return resolve(names, scope, explicit=True, notes=notes), []
    from skill.harness.detect import detect

    detected, evidence = detect(scope, project)
    return resolve(detected, scope, explicit=False, notes=notes), evidence


def install_notes(plans: list[TargetPlan]) -> list[str]:
    """What the user must know after this install: harness settings, the same skill installed at
    the other scope too, files kept because they changed."""
    from skill.harness.overlap import double_install_note

    notes: list[str] = []
    for plan in plans:
        notes.extend(plan.target.notes(plan.ctx))
        twin = double_install_note(plan.target, plan.ctx.project, plan.ctx.scope)
        if twin:
            notes.append(twin)
        kept = [a.rel for a in plan.actions if a.op == "keep-modified"]
        if kept:
            notes.append(
                f"{plan.target.name}: kept {len(kept)} file(s) you changed ({', '.join(kept)}); the "
                "rest was installed at this version, so they may not match it. "
                "`install --force` replaces them (your changes are lost)."
            )
    return notes


def choose_uninstall_targets(names: list[str], scope: str) -> list[Target]:
    """Named targets (aliases and ``all`` expanded, requirements NOT added), or every target."""
    if not names:  # every target: one with no location at this scope now may have been there before
        return [get_target(n) for n in TARGET_MODULES]
    chosen: list[str] = []
    for raw in names:
        for name in (part.strip().lower() for part in raw.split(",")):
            if not name:
                continue
            expanded = list(TARGET_MODULES) if name == ALL else [ALIASES.get(name, name)]
            for item in expanded:
                target = get_target(item)
                if target.name not in chosen:
                    chosen.append(target.name)
    order = list(TARGET_MODULES)
    return [get_target(n) for n in sorted(chosen, key=order.index)]


def install(
    names: list[str],
    scope: str,
    project: Path,
    *,
    command: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    bundle_dir: str | None = None,
    options: dict[str, bool] | None = None,
) -> RunResult:
    ctx = make_context(scope, project, command, bundle_dir, options)
    notes: list[str] = []
    targets, evidence = choose_install_targets(names, scope, ctx.project, notes)
    # every target is planned (rendered, checked) before anything is written, the lock included
    plans = [plan_install(target, ctx, force) for target in targets]
    if dry_run:
        return _result("install", ctx, plans, dry_run, evidence, notes + install_notes(plans))
    with _os_errors(), _install_lock():
        plans = [plan_install(target, ctx, force) for target in targets]  # again, under the lock
        for plan in plans:
            apply_install(plan)
    return _result("install", ctx, plans, dry_run, evidence, notes + install_notes(plans))


def uninstall(
    names: list[str],
    scope: str,
    project: Path,
    *,
    dry_run: bool = False,
    bundle_dir: str | None = None,
) -> RunResult:
    ctx = make_context(scope, project, "", bundle_dir)
    targets = choose_uninstall_targets(names, scope)

    def planned() -> list[TargetPlan]:
        found = (plan_uninstall(target, ctx) for target in targets)
        return [plan for plan in found if plan is not None]

    plans = planned()
    if dry_run or not plans:
        return _result("uninstall", ctx, plans, dry_run, [], uninstall_notes(plans))
    with _os_errors(), _install_lock():
        plans = planned()
        for plan in reversed(plans):  # a target's receipt may sit in a folder another one created
            apply_uninstall(plan)
        folders = prune_created(plans)
    return _result("uninstall", ctx, plans, dry_run, [], uninstall_notes(plans), folders)


def uninstall_notes(plans: list[TargetPlan]) -> list[str]:
    notes = []
    for plan in plans:
        kept = [a.rel for a in plan.actions if a.op == "keep-modified"]
        if kept:
            notes.append(
                f"{plan.target.name}: kept {len(kept)} file(s) you changed ({', '.join(kept)}); "
                "they are no longer tracked: delete them yourself if you do not need them."
            )
    return notes


@contextlib.contextmanager
def _os_errors() -> Iterator[None]:
    """A file-system error (permissions, disk full, read-only folder) as a message, not a trace."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise SkillError(f"ERROR: {exc.strerror or exc}{where}.") from None


def _install_lock() -> contextlib.AbstractContextManager[None]:
    """One install or uninstall at a time per user (receipts are read, then rewritten)."""
    from skill.harness.receipt import data_dir
    from skill.plans.store import locked

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return locked(folder / "install.lock")


@dataclass(frozen=True)
class RunResult:
    """What ``install`` or ``uninstall`` did (or would do, on a dry run), per target."""

    action: str  # "install" or "uninstall"
    version: str
    scope: str
    project: str
    command: str | None  # the prefix written into the skill (install only)
    dry_run: bool
    detected: list[str]
    plans: list[TargetPlan]
    #: what the user must know: harness settings, substitutions, both scopes, files kept
    notes: list[str] = field(default_factory=list)
    #: folders install had created that uninstall removed (now empty)
    removed_folders: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted: Counter[str] = Counter(a.op for plan in self.plans for a in plan.actions)
        return dict(sorted(counted.items()))

    @property
    def kept(self) -> list[Action]:
        return [a for plan in self.plans for a in plan.actions if a.op in KEEP_OPS]

    def as_dict(self) -> dict[str, object]:
        return {
            "action": self.action,
            "version": self.version,
            "scope": self.scope,
            "project": self.project,
            "command": self.command,
            "dry_run": self.dry_run,
            "detected": self.detected,
            "targets": [plan.to_dict() for plan in self.plans],
            "counts": self.counts,
            "kept": [a.to_dict() for a in self.kept],
            "notes": self.notes,
            "removed_folders": self.removed_folders,
        }


def _result(
    action: str,
    ctx: Context,
    plans: list[TargetPlan],
    dry_run: bool,
    evidence: list[str],
    notes: list[str] | None = None,
    folders: list[str] | None = None,
) -> RunResult:
    from skill import __version__

    return RunResult(
        action=action,
        version=__version__,
        scope=ctx.scope,
        project=str(ctx.project),
        command=ctx.command if action == "install" else None,
        dry_run=dry_run,
        detected=evidence,
        plans=plans,
        notes=list(notes or []),
        removed_folders=list(folders or []),
    )


def _paragraph(lines: list[str], new: list[str]) -> None:
    """Append ``new`` after a blank line (nothing when empty)."""
    if new:
        lines.append("")
        lines.extend(new)


def format_result(result: RunResult) -> str:
    lines: list[str] = []
    where = result.project if result.scope == "project" else "the user's home"
    head = "Dry run: would " + result.action if result.dry_run else result.action.capitalize()
    lines.append(f"{head} iterative-planner {result.version} ({result.scope} scope, {where})")
    for line in result.detected:
        lines.append(f"  detected: {line}")
    if result.command:
        lines.append(f"  command written into the skill: {result.command}")
    if not result.plans:
        lines.append("  nothing installed here" if result.action == "uninstall" else "  no target")
    for plan in result.plans:
        lines.append("")
        lines.append(f"{plan.target.name} -> {plan.target.location(plan.ctx)}")
        for action in plan.actions:
            note = f"  ({action.note})" if action.note else ""
            lines.append(f"  {action.op:<13} {action.path}{note}")
        verb = "receipt" if result.action == "install" else "remove"
        lines.append(f"  {verb:<13} {plan.receipt_path}  (the receipt)")
    _paragraph(lines, [f"  rmdir         {f}  (install created it; now empty)" for f in result.removed_folders])
    counts = result.counts
    if counts:
        lines.append("")
        lines.append("Summary: " + ", ".join(f"{n} {op}" for op, n in counts.items()))
    kept = result.kept
    if kept:
        lines.append(f"Left alone {len(kept)} file(s) you changed or that are not ours:")
        for action in kept:
            lines.append(f"  {action.path}")
    _paragraph(lines, [f"Note: {note}" for note in result.notes])
    if result.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)
