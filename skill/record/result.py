"""What a bookkeeping command did: one result type, ``as_dict`` is its ``--json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Recorded:
    """The command, the plan, the lines it wrote and the files it changed."""

    action: str
    plan_id: str
    state: str | None = None
    lines: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "action": self.action,
            "plan_id": self.plan_id,
            "plan_dir": f"plans/{self.plan_id}",
            "state": self.state,
            "lines": self.lines,
            "written": self.written,
            "warnings": self.warnings,
            "notes": self.notes,
            **self.data,
        }
