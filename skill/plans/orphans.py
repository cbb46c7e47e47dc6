"""Unclosed plans nothing points to: the detection every command that looks for "the" plan shares.

A plan folder is *unclosed* when its name is a plan id, it is a real folder (not a symlink), its
state.md can be read and does not say CLOSE. One that ``plans/.current_plan`` does not name is an
orphan: left by a crash between ``new`` making the folder and writing the pointer, or by a pointer
removed by hand. ``bootstrap new`` refuses to start a second plan beside one; ``status`` and
``resume`` name them. Reads only state.md of each folder (the first 4 KiB).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from skill.plans.ids import is_plan_id, list_sort_key
from skill.plans.pointer import read_pointer
from skill.plans.state import current_state
from skill.plans.textio import decode, read_bytes

_HEAD = 4096


@dataclass(frozen=True)
class UnclosedPlan:
    plan_id: str
    state: str  # as state.md says it ('' when the line is blank)

    def as_dict(self) -> dict[str, str]:
        return {"plan_id": self.plan_id, "plan_dir": f"plans/{self.plan_id}", "state": self.state}


def _state_of(folder: Path) -> str | None:
    head = read_bytes(folder / "state.md", _HEAD)
    return None if head is None else (current_state(decode(head)) or "").strip()


def unclosed_plans(plans_dir: Path | str, *, exclude: str | None = None) -> list[UnclosedPlan]:
    """Every unclosed plan under ``plans_dir`` except ``exclude``, oldest first."""
    try:
        entries = list(os.scandir(plans_dir))
    except OSError:
        return []
    found = []
    for entry in entries:
        if entry.name == exclude or not is_plan_id(entry.name):
            continue
        try:
            if entry.is_symlink() or not entry.is_dir():
                continue
        except OSError:
            continue
        state = _state_of(Path(entry.path))
        if state is not None and state.upper() != "CLOSE":
            found.append(UnclosedPlan(entry.name, state))
    return sorted(found, key=lambda plan: list_sort_key(plan.plan_id))


def orphaned_plans(plans_dir: Path | str) -> list[UnclosedPlan]:
    """Unclosed plans that ``plans/.current_plan`` does not name."""
    return unclosed_plans(plans_dir, exclude=read_pointer(plans_dir))
