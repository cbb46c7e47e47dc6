"""Read-only views of plans: ``resume``, ``status`` and ``list`` (text and JSON).

This module must stay light: ``status`` runs on every agent step, so no jinja2 here, and no
``dataclasses``, ``pathlib`` or ``typing`` at import time either: the views are plain classes with
``__slots__`` (:mod:`skill.slots`) and paths are joined with ``os.path``.
"""

from __future__ import annotations

import os

from skill.errors import SkillError
from skill.lifecycle.common import banner_line, invocation
from skill.plans import plan as planfile
from skill.plans.ids import list_sort_key, looks_like_plan_dir_name
from skill.plans.pointer import read_pointer
from skill.plans.state import StateFields, read_state_fields
from skill.plans.textio import read_text
from skill.slots import Slotted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


class PlanSummary(Slotted):
    """What status and list show of one plan: its state.md fields and its goal's first line."""

    __slots__ = ("plan_id", "folder", "fields", "goal")

    def __init__(self, plan_id: str, folder: str, fields: StateFields, goal: str | None) -> None:
        self.plan_id = plan_id
        self.folder = folder  # the plan folder (``plan_dir`` as a Path)
        self.fields = fields
        self.goal = goal

    @property
    def plan_dir(self) -> Path:
        from pathlib import Path

        return Path(self.folder)

    @classmethod
    def load(cls, plans_dir: Path | str, plan_id: str) -> PlanSummary:
        folder = os.path.join(plans_dir, plan_id)
        return cls(
            plan_id=plan_id,
            folder=folder,
            fields=read_state_fields(read_text(os.path.join(folder, "state.md"))),
            goal=planfile.goal_first_line(read_text(os.path.join(folder, "plan.md"))),
        )


def _is_close(summary: PlanSummary) -> bool:
    return (summary.fields.state or "").strip() == "CLOSE"


class Status(Slotted):
    """The active plan at a glance (``bootstrap status``)."""

    __slots__ = ("plan_id", "state", "iteration", "step", "goal", "last_transition", "incomplete_close")

    def __init__(
        self,
        plan_id: str,
        state: str,
        iteration: str,
        step: str,
        goal: str | None,
        last_transition: str | None,
        incomplete_close: bool,
    ) -> None:
        self.plan_id = plan_id
        self.state = state
        self.iteration = iteration
        self.step = step
        self.goal = goal
        self.last_transition = last_transition
        self.incomplete_close = incomplete_close

    @property
    def plan_dir(self) -> str:
        return f"plans/{self.plan_id}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "plan_dir": self.plan_dir,
            "state": self.state,
            "iteration": self.iteration,
            "step": self.step,
            "goal": self.goal,
            "last_transition": self.last_transition,
            "incomplete_close": self.incomplete_close,
        }


def status_data(plans_dir: Path | str) -> Status | None:
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        return None
    summary = PlanSummary.load(plans_dir, plan_id)
    fields = summary.fields
    return Status(
        plan_id=plan_id,
        state=fields.state or "UNKNOWN",
        iteration=fields.iteration or "?",
        step=fields.step or "N/A",
        goal=summary.goal,
        last_transition=fields.last,
        incomplete_close=_is_close(summary),
    )


def status_line(plans_dir: Path | str) -> str:
    data = status_data(plans_dir)
    if data is None:
        return "No active plan."
    goal = (data.goal or "?")[:60]
    line = f"[{data.state}] iter={data.iteration} step={data.step} | {goal} | {data.plan_dir}"
    if data.incomplete_close:
        line += " | INCOMPLETE CLOSE: re-run close"
    return line


class Resume(Slotted):
    """What ``bootstrap resume`` shows: the status, progress, decisions, checkpoints, files."""

    __slots__ = ("status", "progress", "decisions", "checkpoints", "recovery_files")

    def __init__(
        self,
        status: Status,
        progress: tuple[int, int] | None,  # (done, remaining) checkboxes of progress.md
        decisions: int | None,
        checkpoints: list[str],
        recovery_files: dict[str, str],
    ) -> None:
        self.status = status
        self.progress = progress
        self.decisions = decisions
        self.checkpoints = checkpoints
        self.recovery_files = recovery_files

    def as_dict(self) -> dict[str, Any]:
        data = self.status.as_dict()
        done_remaining = None
        if self.progress is not None:
            done_remaining = {"done": self.progress[0], "remaining": self.progress[1]}
        data.update(
            {
                "progress": done_remaining,
                "decisions": self.decisions,
                "checkpoints": self.checkpoints,
                "recovery_files": self.recovery_files,
            }
        )
        return data


def resume_data(plans_dir: Path | str) -> Resume:
    from pathlib import Path

    plans_dir = Path(plans_dir)
    status = status_data(plans_dir)
    if status is None:
        raise SkillError(f"ERROR: No active plan. Use `{invocation()} new \"goal\"` to create one.")
    folder = plans_dir / status.plan_id
    from skill.plans import decisions, progress  # resume only: status stays light
    from skill.plans.layout import RECOVERY_FILES

    decisions_text = read_text(folder / "decisions.md")
    try:
        checkpoints = sorted(
            p.name for p in (folder / "checkpoints").iterdir() if p.name.endswith(".md")
        )
    except OSError:
        checkpoints = []
    return Resume(
        status=status,
        progress=progress.counts(read_text(folder / "progress.md")),
        decisions=decisions.count(decisions_text) if decisions_text else None,
        checkpoints=[f"{status.plan_dir}/checkpoints/{name}" for name in checkpoints],
        recovery_files={name: f"{status.plan_dir}/{name}" for name in RECOVERY_FILES},
    )


def resume_lines(plans_dir: Path | str) -> list[str]:
    data = resume_data(plans_dir).as_dict()
    plan = data["plan_dir"]
    lines = [
        f"Resuming {plan}/",
        banner_line(),
        f"  State:      {data['state']}",
        f"  Iteration:  {data['iteration']}",
        f"  Step:       {data['step']}",
        f"  Goal:       {data['goal'] or 'No goal found'}",
        f"  Last:       {data['last_transition'] or '?'}",
        "",
    ]
    if data["incomplete_close"]:
        lines += [
            "  ANOMALY: state.md says CLOSE but plans/.current_plan still exists.",
            f"  INCOMPLETE CLOSE — re-run `{invocation()} close` once to finish it "
            "(merge, index, snapshot and pointer removal are safe to repeat).",
            "",
        ]
    if data["progress"] is not None:
        p = data["progress"]
        lines.append(f"  Progress:   {p['done']} done, {p['remaining']} remaining")
    if data["decisions"]:
        lines.append(f"  Decisions:  {data['decisions']} logged")
    lines.append("")
    if data["checkpoints"]:
        lines.append(f"  Checkpoints ({len(data['checkpoints'])}):")
        for path in data["checkpoints"]:
            lines.append(f"    {path.rsplit('/', 1)[1]} → {path}")
    else:
        lines.append("  Checkpoints: none")
    lines.append("")
    lines.append("  Recovery files:")
    for name, path in data["recovery_files"].items():
        lines.append(f"    {name:<12} → {path}" if len(name) <= 12 else f"    {name} → {path}")
    lines += [
        "",
        "  Consolidated context:",
        "    plans/FINDINGS.md  — findings of closed plans",
        "    plans/DECISIONS.md — decisions of closed plans",
        "    plans/LESSONS.md   — lessons across plans (read before PLAN)",
        "    plans/SYSTEM.md    — system atlas (read before EXPLORE/PLAN)",
    ]
    return lines


class Listing(Slotted):
    """Every plan folder under ``plans/`` (``bootstrap list``), oldest first."""

    __slots__ = ("plans_dir", "active", "plans")

    def __init__(self, plans_dir: bool, active: str | None, plans: list[PlanSummary]) -> None:
        self.plans_dir = plans_dir  # False when there is no plans/ folder at all
        self.active = active
        self.plans = plans

    def as_dict(self) -> dict[str, Any]:
        return {
            "plans_dir": self.plans_dir,
            "active": self.active,
            "plans": [
                {
                    "plan_id": plan.plan_id,
                    "state": plan.fields.state,
                    "goal": plan.goal,
                    "active": plan.plan_id == self.active,
                }
                for plan in self.plans
            ],
        }


def list_data(plans_dir: Path) -> Listing:
    if not plans_dir.is_dir():
        return Listing(False, None, [])
    names = []
    try:
        for entry in plans_dir.iterdir():
            if looks_like_plan_dir_name(entry.name) and entry.is_dir() and not entry.is_symlink():
                names.append(entry.name)
    except OSError:
        pass
    plans = [PlanSummary.load(plans_dir, name) for name in sorted(names, key=list_sort_key)]
    return Listing(True, read_pointer(plans_dir), plans)


def list_lines(plans_dir: Path) -> list[str]:
    listing = list_data(plans_dir)
    if not listing.plans_dir:
        return ["No plans/ directory found."]
    if not listing.plans:
        return ["No plan directories found."]
    lines = [f"Plan directories in plans/ ({len(listing.plans)} total):"]
    for plan in listing.plans:
        goal = (plan.goal or "?")[:60]
        marker = " ← active" if plan.plan_id == listing.active else ""
        lines.append(f"  {plan.plan_id}  [{plan.fields.state or '?'}] {goal}{marker}")
    return lines
