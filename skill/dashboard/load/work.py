"""The work on a plan: plan.md's steps, changelog.md's edits, and the commits made per step."""

from __future__ import annotations

from skill.dashboard.load.files import visible
from skill.dashboard.model import Change
from skill.plans import changelog, ids
from skill.plans import plan as plan_md

#: (number, text, done, current) of one plan step.
StepLine = tuple[int, str, bool, bool]


def steps(plan_text: str | None, current: int | None) -> list[StepLine]:
    """The steps of ``## Steps``; the current one is the marked one, else state.md's ``current``."""
    items = plan_md.step_items(visible(plan_text or ""))
    marked = any(item.marked for item in items)
    return [
        (item.number, item.text, item.done, item.marked if marked else item.number == current)
        for item in items
    ]


def changes(text: str | None) -> tuple[Change, ...]:
    """Every changelog line with eight fields (a malformed step field gives no iteration/step)."""
    out = []
    for _number, line in changelog.iter_entries(text or ""):
        entry = changelog.parse_line(line)
        if entry is None:
            continue
        iteration, step = changelog.parse_step(entry.step) or (None, None)
        out.append(
            Change(entry.ts, iteration, step, entry.commit, entry.path, entry.op, entry.tier,
                   entry.radius, entry.dref, entry.reason)
        )
    return tuple(out)


def commits(
    plan_id: str,
    found: tuple[Change, ...],
    tagged: dict[str, list[tuple[str, str]]],
    iteration: int | None,
) -> dict[int, list[str]]:
    """Short hashes per step of ``iteration``: from changelog lines, then from commits whose
    subject carries the plan's tag (``[<tag>/iter-N/step-M]``)."""
    out: dict[int, list[str]] = {}
    for change in found:
        if change.step is not None and change.iteration == iteration and change.commit != changelog.UNCOMMITTED:
            out.setdefault(change.step, []).append(change.commit[:8])
    for where, sha in tagged.get(ids.commit_tag(plan_id) or plan_id, []):
        parsed = changelog.parse_step(where)
        if parsed is not None and parsed[0] == iteration:
            out.setdefault(parsed[1], []).append(sha[:8])
    return out
