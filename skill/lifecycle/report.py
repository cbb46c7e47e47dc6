"""Read-only views of plans: ``resume``, ``status`` and ``list`` (text and JSON).

This module must stay light: ``status`` runs on every agent step, so no jinja2 here, and no
``dataclasses``, ``pathlib`` or ``typing`` at import time either: the views are plain classes with
``__slots__`` (:mod:`skill.slots`) and paths are joined with ``os.path``.
"""

from __future__ import annotations

import os

from skill.errors import SkillError
from skill.lifecycle.common import banner_line, invocation
from skill.plans import closing
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


def shown_state(written: str | None) -> str:
    """The state for display: as written when it is a protocol state (any case), ``UNKNOWN`` when
    missing, ``UNKNOWN(<text>)`` when it names no state (``EXECUTEE``)."""
    from skill.plans.protocol import STATES, normalize_state

    if not written:
        return "UNKNOWN"
    return written if normalize_state(written) in STATES else f"UNKNOWN({written})"


def no_plan_hint(plans_dir: Path | str) -> list[str]:
    """Lines naming the unclosed plans and ``bootstrap use`` when no plan is active ([] if none)."""
    from skill.plans.orphans import unclosed_plans

    found = unclosed_plans(plans_dir)
    if not found:
        return []
    lines = [f"  Plans not closed ({len(found)}):"]
    for plan in found:
        goal = PlanSummary.load(plans_dir, plan.plan_id).goal
        lines.append(f"    {plan.plan_id}  [{shown_state(plan.state)}] {(goal or '?')[:60]}")
    lines.append(f"  Make one active again: `{invocation()} use {found[-1].plan_id}` (or start a new plan).")
    return lines


class Status(Slotted):
    """The active plan at a glance (``bootstrap status``)."""

    __slots__ = (
        "plan_id", "state", "iteration", "step", "goal", "last_transition", "incomplete_close", "close_started"
    )

    def __init__(
        self,
        plan_id: str,
        state: str,
        iteration: str,
        step: str,
        goal: str | None,
        last_transition: str | None,
        incomplete_close: bool,
        close_started: str | None = None,  # a close that started then and did not finish
    ) -> None:
        self.plan_id = plan_id
        self.state = state
        self.iteration = iteration
        self.step = step
        self.goal = goal
        self.last_transition = last_transition
        self.incomplete_close = incomplete_close
        self.close_started = close_started

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
            "close_started": self.close_started,
        }


def status_data(plans_dir: Path | str) -> Status | None:
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        return None
    summary = PlanSummary.load(plans_dir, plan_id)
    fields = summary.fields
    progress = closing.read_progress(summary.folder)
    interrupted = progress.started if progress is not None and progress.interrupted else None
    return Status(
        plan_id=plan_id,
        state=shown_state(fields.state),
        iteration=fields.iteration or "?",
        step=fields.step or "N/A",
        goal=summary.goal,
        last_transition=fields.last,
        incomplete_close=_is_close(summary) or interrupted is not None,
        close_started=interrupted,
    )


def no_active_plan(plans_dir: Path | str) -> str:
    """What to say when no plan is active: plainly so, unless there is no pointer file and unclosed
    plans exist (an interrupted ``new``, a pointer removed by hand): then they are named. A pointer
    that names a missing folder keeps the original's plain answer (``new`` warns about it)."""
    from skill.plans.orphans import unclosed_plans
    from skill.plans.pointer import pointer_file_exists

    orphans = [] if pointer_file_exists(plans_dir) else unclosed_plans(plans_dir)
    if not orphans:
        return "No active plan."
    newest = orphans[-1]
    more = f" (and {len(orphans) - 1} more; see `{invocation()} list`)" if len(orphans) > 1 else ""
    return (
        f"Unclosed plan not active: plans/{newest.plan_id} [{newest.state or '?'}]{more}. "
        f"Continue it with `{invocation()} use {newest.plan_id}`, or see `{invocation()} new` "
        "for the other choices."
    )


def status_output(plans_dir: Path | str, as_json: bool) -> tuple[str, list[str]]:
    """What ``bootstrap status`` prints: stdout (the line, or the JSON object) and the stderr
    lines naming unclosed plans when none is active (both the click and the fast path use this)."""
    found = status_data(plans_dir)
    if as_json:
        import json

        out = json.dumps(None if found is None else found.as_dict(), indent=2, ensure_ascii=False)
    else:
        out = status_line(plans_dir)
    if found is not None or (not as_json and out != "No active plan."):  # the line names them already
        return out, []
    return out, no_plan_hint(plans_dir)


def status_line(plans_dir: Path | str) -> str:
    data = status_data(plans_dir)
    if data is None:
        return no_active_plan(plans_dir)
    goal = (data.goal or "?")[:60]
    line = f"[{data.state}] iter={data.iteration} step={data.step} | {goal} | {data.plan_dir}"
    if data.incomplete_close:
        line += " | INCOMPLETE CLOSE: re-run close"
    return line


#: History lines ``resume`` prints (the JSON has all of them).
HISTORY_SHOWN = 6


class Resume(Slotted):
    """What ``bootstrap resume`` shows: the status, progress, decisions, checkpoints, files."""

    __slots__ = ("status", "progress", "decisions", "checkpoints", "recovery_files", "attempts", "attempt_history")

    def __init__(
        self,
        status: Status,
        progress: tuple[int, int] | None,  # (done, remaining) checkboxes of progress.md
        decisions: int | None,
        checkpoints: list[str],
        recovery_files: dict[str, str],
        attempts: int = 0,  # what the leash counts for the current step
        attempt_history: tuple[str, ...] = (),  # ## Fix Attempt History, as written
    ) -> None:
        self.status = status
        self.progress = progress
        self.decisions = decisions
        self.checkpoints = checkpoints
        self.recovery_files = recovery_files
        self.attempts = attempts
        self.attempt_history = attempt_history

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
                "fix_attempts": self.attempts,
                "fix_attempt_history": list(self.attempt_history),
            }
        )
        return data


def resume_data(plans_dir: Path | str) -> Resume:
    from pathlib import Path

    plans_dir = Path(plans_dir)
    status = status_data(plans_dir)
    if status is None:
        said = no_active_plan(plans_dir)
        if said != "No active plan.":
            raise SkillError(f"ERROR: {said}")
        plain = f"ERROR: No active plan. Use `{invocation()} new \"goal\"` to create one."
        raise SkillError("\n".join([plain, *no_plan_hint(plans_dir)]))
    folder = plans_dir / status.plan_id
    from skill.plans import attempts, decisions, progress  # resume only: status stays light
    from skill.plans.layout import RECOVERY_FILES

    decisions_text = read_text(folder / "decisions.md")
    state_text = read_text(folder / "state.md")
    history = attempts.history_lines(state_text)
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
        attempts=attempts.current_count(state_text).total,
        attempt_history=tuple(history),
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
    if data["close_started"]:
        lines += [
            f"  ANOMALY: a close of this plan started {data['close_started']} and did not finish.",
            f"  INCOMPLETE CLOSE — run `{invocation()} close` once to finish it "
            "(every step is safe to repeat; nothing is merged twice).",
            "",
        ]
    elif data["incomplete_close"]:
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
    if data["fix_attempts"]:
        lines.append(f"  Fix attempts counted on this step: {data['fix_attempts']}")
    history = data["fix_attempt_history"]
    if history:
        lines.append(f"  Fix Attempt History ({len(history)} line(s), latest last):")
        lines += [f"    {line}" for line in history[-HISTORY_SHOWN:]]
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
