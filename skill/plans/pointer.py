"""The active-plan pointer ``plans/.current_plan``: one plan id, no trailing newline."""

from __future__ import annotations

import os

from skill.plans.ids import is_plan_id
from skill.plans.textio import js_trim, read_bytes

TYPE_CHECKING = False  # os.path, not pathlib: status, the gate and the hooks read the pointer
if TYPE_CHECKING:
    from pathlib import Path

POINTER_NAME = ".current_plan"
#: A plan id is about 40 characters; more than this of a pointer file is never read.
POINTER_READ_LIMIT = 4096


def pointer_path(plans_dir: Path | str) -> Path:
    from pathlib import Path

    return Path(plans_dir) / POINTER_NAME


def read_pointer_raw(plans_dir: Path | str) -> str | None:
    """The pointer file's trimmed text (its first 4 KiB), or None when it cannot be read as a
    regular file. Quote it in messages with :func:`skill.errors.shown`: it may be anything."""
    data = read_bytes(os.path.join(plans_dir, POINTER_NAME), POINTER_READ_LIMIT)
    if data is None:
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
