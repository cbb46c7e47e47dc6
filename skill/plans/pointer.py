"""The active-plan pointer ``plans/.current_plan``: one plan id, no trailing newline."""

from __future__ import annotations

import os

from skill.plans.ids import is_plan_id
from skill.plans.textio import js_trim

TYPE_CHECKING = False  # os.path, not pathlib: status, the gate and the hooks read the pointer
if TYPE_CHECKING:
    from pathlib import Path

POINTER_NAME = ".current_plan"


def pointer_path(plans_dir: Path | str) -> Path:
    from pathlib import Path

    return Path(plans_dir) / POINTER_NAME


def read_pointer_raw(plans_dir: Path | str) -> str | None:
    """The pointer file's trimmed text, or None when it cannot be read."""
    try:
        with open(os.path.join(plans_dir, POINTER_NAME), "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return js_trim(data.decode("utf-8", errors="replace"))


def read_pointer(plans_dir: Path | str) -> str | None:
    """The active plan id, or None.

    None when the pointer is missing, unreadable, empty, not a plan id in either grammar (so
    ``../..`` or an absolute path never reaches a path join), or names a folder that does not
    exist, is a symlink, or is not a directory.
    """
    value = read_pointer_raw(plans_dir)
    if not value or not is_plan_id(value):
        return None
    target = os.path.join(plans_dir, value)
    if os.path.islink(target) or not os.path.isdir(target):
        return None
    return value


def pointer_file_exists(plans_dir: Path | str) -> bool:
    return os.path.isfile(os.path.join(plans_dir, POINTER_NAME))
