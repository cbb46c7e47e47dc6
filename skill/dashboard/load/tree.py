"""One worktree's ``plans/``: the pointer, the plan folders, the cross-plan files, and the closed
plans whose folder is gone (rebuilt from their INDEX.md row and ledger sections)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from skill.dashboard.load.files import plan_folders, visible
from skill.dashboard.load.times import plan_created
from skill.dashboard.model import Document, Plan, Status
from skill.plans import consolidated, ids, layout
from skill.plans.pointer import read_pointer
from skill.plans.root import PLANS
from skill.plans.textio import read_text

#: The cross-plan files shown, in menu order.
LEDGERS = tuple(layout.ROOT_FILES)  # the six plans/ files, ANCHORS.md last
Row = consolidated.IndexRow
#: The ledgers that keep one ``## <plan-id>`` section per closed plan.
SECTIONED = tuple(target for _source, target, _links in consolidated.MERGES)


@dataclass(frozen=True)
class TreeFiles:
    """What one worktree's ``plans/`` holds, before any plan folder is read."""

    active: str | None
    folders: tuple[str, ...]
    ledgers: dict[str, str | None]
    rows: dict[str, Row]
    sections: dict[str, dict[str, str]]  # ledger name → plan id → its section


def plans_dir(root: Path) -> Path:
    return Path(root) / PLANS


def read_tree(root: Path) -> TreeFiles:
    folder = plans_dir(root)
    ledgers = {name: read_text(folder / name) for name in LEDGERS}
    return TreeFiles(
        active=read_pointer(folder) if folder.is_dir() else None,
        folders=plan_folders(folder),
        ledgers=ledgers,
        rows={row.plan_id: row for row in consolidated.index_rows(ledgers[consolidated.INDEX_MD])},
        sections={name: consolidated.plan_sections(ledgers[name]) for name in SECTIONED},
    )


def archived_plan(row: Row, sections: dict[str, dict[str, str]], worktree: str,
                  page: str) -> Plan:
    """A closed plan known only from its INDEX.md row and its sections of the ledgers."""
    plan_id = row.plan_id
    documents = tuple(
        Document(f"{name} (section)", visible(found[plan_id]))
        for name, found in sections.items()
        if plan_id in found
    )
    return Plan(
        plan_id=plan_id,
        page=page,
        worktree=worktree,
        folder=None,
        active=False,
        closed=True,
        created=plan_created(plan_id),
        updated=None,
        status=Status("CLOSE", "?", "N/A", row.goal or None, None),
        date=row.date or ids.plan_date(plan_id),
        topics=row.topics,
        documents=documents,
    )
