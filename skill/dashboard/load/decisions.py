"""decisions.md's entries and the ``# DECISION`` anchors in the project's code that point at them."""

from __future__ import annotations

from pathlib import Path

from skill.dashboard.model import CodeAnchor, Decision
from skill.plans import decisions as decisions_md
from skill.plans.anchors_manifest import anchor_refs
from skill.validate.anchor_scan import scan_project

#: decision number → where the code cites it.
Places = dict[int, list[CodeAnchor]]


def decisions(text: str | None, places: Places) -> tuple[Decision, ...]:
    if not text:
        return ()
    out = []
    for entry in decisions_md.parse(text).entries:
        refs = (anchor_refs(entry.body) or "").strip()
        out.append(
            Decision(entry.id_str, entry.phase, entry.date, entry.body_text.strip(),
                     (refs,) if refs else (), tuple(places.get(entry.num, [])))
        )
    return tuple(out)


def code_anchors(root: Path, active: str | None) -> dict[str, Places]:
    """plan id → its decisions' anchors in the project (a bare anchor belongs to the active plan)."""
    out: dict[str, Places] = {}
    for found in scan_project(root):
        for anchor in found.strict:
            plan = anchor.plan or active
            if plan:
                out.setdefault(plan, {}).setdefault(anchor.num, []).append(
                    CodeAnchor(found.rel, anchor.line, anchor.stale)
                )
    return out
