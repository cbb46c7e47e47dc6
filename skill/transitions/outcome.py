"""What a checked command did: one result type for ``transition``, ``attempt`` and ``step``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from skill.plans import attempts
from skill.plans import state as statefile
from skill.plans.layout import RECOVERY_FILES
from skill.plans.protocol import LEASH_CAP


@dataclass
class Outcome:
    """The move, the plan's fields after it, and what was written; ``as_dict`` is the ``--json``."""

    action: str
    plan_id: str
    previous_state: str | None = None
    previous_step: str | None = None
    state: str | None = None
    iteration: str | None = None
    step: str | None = None
    attempts: list[str] = field(default_factory=list)
    #: Attempts moved to ## Fix Attempt History that still count for the current step.
    archived_attempts: int = 0
    written: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    closed: bool = False
    commit: str | None = None  # the step's commit (``step next``), short hash

    def as_dict(self) -> dict[str, Any]:
        base = f"plans/{self.plan_id}"
        return {
            "ok": True,
            "action": self.action,
            "plan_id": self.plan_id,
            "plan_dir": base,
            "previous_state": self.previous_state,
            "previous_step": self.previous_step,
            "state": self.state,
            "iteration": self.iteration,
            "step": self.step,
            "attempts": {
                "count": len(self.attempts) + self.archived_attempts,
                "cap": LEASH_CAP,
                "lines": self.attempts,
                "archived": self.archived_attempts,
            },
            "history": self.history,
            "forced": self.forced,
            "written": self.written,
            "warnings": self.warnings,
            "closed": self.closed,
            "commit": self.commit,
            "paths": {name: f"{base}/{name}" for name in RECOVERY_FILES},
        }

    def fill_from(self, state_text: str) -> None:
        """Take the fields and attempt lines from state.md as written."""
        fields = statefile.read_state_fields(state_text)
        self.state, self.iteration, self.step = fields.state, fields.iteration, fields.step
        self.attempts = attempts.attempt_lines(state_text)
        self.archived_attempts = attempts.current_count(state_text).archived
