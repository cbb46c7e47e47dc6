"""Which plan folder to validate: an argument (a path or a bare plan name), else the pointer."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from skill import CLI_PREFIX
from skill.errors import SkillError, shown
from skill.plans.ids import is_plan_id
from skill.plans.pointer import POINTER_NAME, read_pointer_raw


@dataclass(frozen=True)
class PlanTarget:
    root: Path  # the project root (plans/ lives under it; the anchor walk starts here)
    path: Path  # the plan folder
    shown: str  # how the folder is named in output
    plan_id: str  # the folder's base name


def plans_dir(root: Path) -> Path:
    return Path(root) / "plans"


def _base_name(name: str) -> str:
    return os.path.basename(name.rstrip("/\\")) if name.rstrip("/\\") else ""


def from_argument(root: Path, name: str) -> PlanTarget:
    """A name holding a separator or starting with ``.`` is a path; otherwise ``plans/<name>``."""
    if "/" in name or os.sep in name or name.startswith("."):
        path = Path(name)
        shown = name
    else:
        path = (plans_dir(root) / name).absolute()
        shown = str(path)
    return PlanTarget(Path(root), path, shown, _base_name(name))


def from_pointer(root: Path) -> PlanTarget | None:
    """The active plan named by ``plans/.current_plan``; None when there is none to read.

    An empty pointer, or one that is not a plan id, names no plan (it never resolves to ``plans/``
    itself or to a path outside it).
    """
    value = read_pointer_raw(plans_dir(root))
    if not value or not is_plan_id(value):
        return None
    return from_argument(root, value)


def resolve(root: Path, name: str | None) -> PlanTarget:
    """The plan folder to validate, or a SkillError (exit 1) saying what is missing."""
    if name is None:
        target = from_pointer(root)
        if target is None:
            pointer = plans_dir(root) / POINTER_NAME
            raw = read_pointer_raw(plans_dir(root))
            if raw:
                why = f"{pointer} holds {shown(raw)}, which is not a plan id."
            elif raw == "":
                why = f"{pointer} is empty."
            else:
                why = f"there is no {pointer}."
            raise SkillError(
                "ERROR: No active plan and no plan directory specified: " + why + "\n"
                "  Pass the plan folder (a plan id under plans/, or a path): "
                f"{CLI_PREFIX} validate-plan <plan-dir>",
                1,
            )
    else:
        if name.strip() == "":
            raise SkillError(
                "ERROR: the plan directory argument is empty.\n  Pass a plan id or a path.", 1
            )
        target = from_argument(root, name)
    if not target.path.exists():
        raise SkillError(f"ERROR: Plan directory not found: {target.shown}", 1)
    if not target.path.is_dir():
        raise SkillError(f"ERROR: Plan directory is not a directory: {target.shown}", 1)
    return target
