"""Reading the fields of state.md and the goal of plan.md.

Field values are read from their own line only (a blank ``# Current State:`` is missing, it never
borrows the next line's text, unlike the original).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from skill.plans.markdown import field_line
from skill.plans.textio import read_text

STATES = ("EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE")

_GOAL_RE = re.compile(r"^## Goal[ \t]*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_DONE_RE = re.compile(r"^- \[x\].+$", re.MULTILINE)
_OPEN_RE = re.compile(r"^- \[ \].+$", re.MULTILINE)
_DECISION_HEAD_RE = re.compile(r"^## D-[0-9]{3,}(?![0-9])", re.MULTILINE)


def _value(text: str | None, label: str) -> str | None:
    value = field_line(text, label)
    return value or None


@dataclass
class StateFields:
    state: str | None
    iteration: str | None
    step: str | None
    last: str | None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def read_state_fields(text: str | None) -> StateFields:
    return StateFields(
        state=_value(text, "# Current State:"),
        iteration=_value(text, "## Iteration:"),
        step=_value(text, "## Current Plan Step:"),
        last=_value(text, "## Last Transition:"),
    )


def plan_goal(plan_text: str | None) -> str | None:
    """The body of plan.md's ``## Goal`` section, stripped; None when missing or empty."""
    if not plan_text:
        return None
    match = _GOAL_RE.search(plan_text)
    if not match:
        return None
    body = match.group(1).strip()
    return body or None


def goal_first_line(plan_text: str | None) -> str | None:
    goal = plan_goal(plan_text)
    if goal is None:
        return None
    for line in goal.split("\n"):
        if line.strip():
            return line.strip()
    return None


def progress_counts(text: str | None) -> tuple[int, int] | None:
    """(done, remaining) checkbox counts of progress.md; None when the file is empty or missing."""
    if not text:
        return None
    return len(_DONE_RE.findall(text)), len(_OPEN_RE.findall(text))


def decision_count(text: str | None) -> int:
    """Decision entries outside HTML comments (the schema example is not counted)."""
    if not text:
        return 0
    from skill.plans.markdown import strip_comments

    return len(_DECISION_HEAD_RE.findall(strip_comments(text)))


@dataclass
class PlanSummary:
    plan_id: str
    plan_dir: Path
    fields: StateFields
    goal: str | None

    @classmethod
    def load(cls, plans_dir: Path, plan_id: str) -> PlanSummary:
        folder = Path(plans_dir) / plan_id
        return cls(
            plan_id=plan_id,
            plan_dir=folder,
            fields=read_state_fields(read_text(folder / "state.md")),
            goal=goal_first_line(read_text(folder / "plan.md")),
        )
