"""The site's data put together: every worktree's plans, closed plans whose folder is gone, the
live plan, newest first. Reading is :mod:`skill.dashboard.load`'s job; this module only combines.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from skill.dashboard import load
from skill.dashboard.load import times, tree
from skill.dashboard.load.decisions import Places, code_anchors
from skill.dashboard.model import Ledger, Plan, Site, Worktree
from skill.dashboard.worktrees import list_worktrees, tagged_commits
from skill.errors import SkillError


def ledger_page(name: str, tree_number: int) -> str:
    stem = name.removesuffix(".md")
    return f"f/{stem}.html" if tree_number == 0 else f"f/w{tree_number}-{stem}.html"


def _newest_first(plan: Plan) -> tuple[str, str]:
    return (plan.created or plan.date or "", plan.plan_id)


class Loader:
    """Loads the site; under ``--watch`` it keeps each plan until that plan's files change.

    ``signatures`` maps a plan folder's path to a value that changes when its files do (see
    :func:`skill.dashboard.watch.signatures`); without one, every plan is read again.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._plans: dict[tuple[str, str], tuple[object, Plan]] = {}

    def load(self, *, plan: str | None = None, signatures: dict[str, object] | None = None) -> Site:
        worktrees = list_worktrees(self.root)
        tagged = tagged_commits(self.root)
        plans: dict[str, Plan] = {}
        ledgers: list[Ledger] = []
        rows: dict[str, tree.Row] = {}
        sections: dict[str, dict[str, str]] = {}
        active_here = None
        for number, worktree in enumerate(worktrees):
            files = tree.read_tree(Path(worktree.path))
            if number == 0:
                active_here = files.active
            self._load_tree(worktree, files, plans, tagged, signatures or {})
            ledgers += [Ledger(name, ledger_page(name, number), text, worktree.path)
                        for name, text in files.ledgers.items()]
            for plan_id, row in files.rows.items():
                rows.setdefault(plan_id, row)
            for name, found in files.sections.items():
                for plan_id, body in found.items():
                    sections.setdefault(name, {}).setdefault(plan_id, body)
        for plan_id, row in rows.items():
            if plan_id not in plans:
                plans[plan_id] = tree.archived_plan(row, sections, worktrees[0].path, load.plan_page(plan_id))
            elif not plans[plan_id].topics:
                plans[plan_id] = replace(plans[plan_id], topics=row.topics, date=row.date or plans[plan_id].date)
        ordered = tuple(sorted(plans.values(), key=_newest_first, reverse=True))
        return Site(
            root=str(self.root),
            generated=times.now(),
            worktrees=worktrees,
            plans=ordered,
            live=_live(plan, ordered, active_here),
            ledgers=tuple(ledgers),
        )

    def _load_tree(self, worktree: Worktree, files: tree.TreeFiles, plans: dict[str, Plan],
                   tagged: dict[str, list[tuple[str, str]]], signatures: dict[str, object]) -> None:
        root = Path(worktree.path)
        anchors: dict[str, Places] | None = None
        for plan_id in files.folders:
            key = (worktree.path, plan_id)
            signature = signatures.get(str(tree.plans_dir(root) / plan_id))
            cached = self._plans.get(key)
            if cached is not None and signature is not None and cached[0] == (signature, files.active):
                loaded = cached[1]
            else:
                if anchors is None:
                    anchors = code_anchors(root, files.active)
                loaded = load.load_plan(root, plan_id, worktree=worktree.path, active=plan_id == files.active,
                                        places=anchors.get(plan_id, {}), tagged=tagged)
                self._plans[key] = ((signature, files.active), loaded)
            other = plans.get(plan_id)
            if other is None or (loaded.updated or "") > (other.updated or ""):
                plans[plan_id] = loaded


def _live(wanted: str | None, plans: tuple[Plan, ...], active: str | None) -> str | None:
    """``--plan``, else the project's active plan, else the newest open plan, else the newest plan."""
    if wanted is not None:
        if not any(p.plan_id == wanted for p in plans):
            known = ", ".join(p.plan_id for p in plans[:5]) or "none"
            raise SkillError(
                f"ERROR: --plan {wanted}: no such plan in plans/, in another worktree, or in plans/INDEX.md.\n"
                f"  Known plans, newest first: {known}."
            )
        return wanted
    if active is not None:
        return active
    open_plans = [p for p in plans if not p.closed and p.folder is not None]
    return open_plans[0].plan_id if open_plans else (plans[0].plan_id if plans else None)


def load_site(root: Path, plan: str | None = None) -> Site:
    """The whole site's data for the project at ``root`` (one-shot)."""
    return Loader(root).load(plan=plan)
