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
    written: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    closed: bool = False

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
            "attempts": {"count": len(self.attempts), "cap": LEASH_CAP, "lines": self.attempts},
            "history": self.history,
            "forced": self.forced,
            "written": self.written,
            "warnings": self.warnings,
            "closed": self.closed,
            "paths": {name: f"{base}/{name}" for name in RECOVERY_FILES},
        }

    def fill_from(self, state_text: str) -> None:
        """Take the fields and attempt lines from state.md as written."""
        fields = statefile.read_state_fields(state_text)
        self.state, self.iteration, self.step = fields.state, fields.iteration, fields.step
        self.attempts = attempts.attempt_lines(state_text)
