"""The active-plan pointer ``plans/.current_plan``: one plan id, no trailing newline."""

from __future__ import annotations

from pathlib import Path

from skill.plans.ids import is_plan_id
from skill.plans.textio import js_trim, read_bytes

POINTER_NAME = ".current_plan"
#: A plan id is about 40 characters; more than this of a pointer file is never read.
POINTER_READ_LIMIT = 4096


def pointer_path(plans_dir: Path) -> Path:
    return Path(plans_dir) / POINTER_NAME


def read_pointer_raw(plans_dir: Path) -> str | None:
    """The pointer file's trimmed text (its first 4 KiB), or None when it cannot be read as a
    regular file. Quote it in messages with :func:`skill.errors.shown`: it may be anything."""
    data = read_bytes(pointer_path(plans_dir), POINTER_READ_LIMIT)
    if data is None:
        return None
    return js_trim(data.decode("utf-8", errors="replace"))


def read_pointer(plans_dir: Path) -> str | None:
    """The active plan id, or None.

    None when the pointer is missing, unreadable, empty, not a plan id in either grammar (so
    ``../..`` or an absolute path never reaches a path join), or names a folder that does not
    exist, is a symlink, or is not a directory.
    """
    value = read_pointer_raw(plans_dir)
    if not value or not is_plan_id(value):
        return None
    target = Path(plans_dir) / value
    if target.is_symlink() or not target.is_dir():
        return None
    return value


def pointer_file_exists(plans_dir: Path) -> bool:
    return pointer_path(plans_dir).is_file()
