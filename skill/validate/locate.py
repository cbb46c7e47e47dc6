"""Which plan folder to validate: an argument (a path or a bare plan name), else the pointer."""

from __future__ import annotations

import os

from skill import CLI_PREFIX
from skill.errors import SkillError, shown
from skill.plans.ids import is_plan_id
from skill.plans.pointer import POINTER_NAME, read_pointer_raw
from skill.slots import Slotted

TYPE_CHECKING = False  # os.path, not pathlib, until a caller asks for a Path: the gate is a fast path
if TYPE_CHECKING:
    from pathlib import Path


class PlanTarget(Slotted):
    """A plan folder to check. ``root_dir``/``folder`` are the project root and the plan folder as
    strings; :attr:`root` and :attr:`path` give them as ``Path`` objects."""

    __slots__ = ("root_dir", "folder", "shown", "plan_id")

    def __init__(self, root_dir: str, folder: str, shown: str, plan_id: str) -> None:
        self.root_dir = root_dir  # the project root (plans/ lives under it; the anchor walk starts here)
        self.folder = folder  # the plan folder
        self.shown = shown  # how the folder is named in output
        self.plan_id = plan_id  # the folder's base name

    @property
    def root(self) -> Path:
        from pathlib import Path

        return Path(self.root_dir)

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.folder)


def plans_dir(root: Path | str) -> Path:
    from pathlib import Path

    return Path(root) / "plans"


def _absolute(path: str) -> str:
    """``str(Path(path).absolute())`` without pathlib on POSIX: ``.`` parts and repeated slashes
    go, ``..`` stays."""
    if os.name == "nt":
        from pathlib import Path

        return str(Path(path).absolute())
    if not path.startswith("/"):
        path = os.getcwd() + "/" + path
    return "/" + "/".join(part for part in path.split("/") if part not in ("", "."))


def _base_name(name: str) -> str:
    return os.path.basename(name.rstrip("/\\")) if name.rstrip("/\\") else ""


def from_argument(root: Path | str, name: str) -> PlanTarget:
    """A name holding a separator or starting with ``.`` is a path; otherwise ``plans/<name>``."""
    root_dir = os.fspath(root)
    if "/" in name or os.sep in name or name.startswith("."):
        folder = name
        shown = name
    else:
        folder = _absolute(os.path.join(root_dir, "plans", name))
        shown = folder
    return PlanTarget(root_dir, folder, shown, _base_name(name))


def from_pointer(root: Path | str) -> PlanTarget | None:
    """The active plan named by ``plans/.current_plan``; None when there is none to read.

    An empty pointer, or one that is not a plan id, names no plan (it never resolves to ``plans/``
    itself or to a path outside it).
    """
    value = read_pointer_raw(os.path.join(root, "plans"))
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
