"""The project root: the folder whose ``plans/`` every command and hook works on. Decided here, once.

First match wins:

1. ``--root DIR``;
2. ``$IP_PLAN_ROOT``;
3. the nearest folder at or above the current one that holds ``plans/.current_plan``, looking no
   higher than the top of the git work tree (the first folder holding ``.git``), so a plan never
   reaches into another repository;
4. the current folder.

A root named by 1 or 2 must be an existing folder; it is never created. Stat calls and ``os.path``
only (:func:`locate_root`): the fast paths (``bootstrap status``, the pre-step gate, the hooks)
call this, and ``pathlib`` is imported only by :func:`find_root`.
"""

from __future__ import annotations

import os

from skill.errors import SkillError
from skill.plans.pointer import POINTER_NAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

ENV = "IP_PLAN_ROOT"
PLANS = "plans"


def _above(start: str) -> str | None:
    folder = os.path.abspath(start)
    while True:
        if os.path.isfile(os.path.join(folder, PLANS, POINTER_NAME)):
            return folder
        if os.path.exists(os.path.join(folder, ".git")):
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def plan_root_above(start: Path | str) -> Path | None:
    """The nearest folder at or above ``start`` holding ``plans/.current_plan``, stopping at the
    top of the git work tree (inclusive); None when there is none."""
    from pathlib import Path

    found = _above(os.fspath(start))
    return None if found is None else Path(found)


def _checked(value: str, source: str) -> str:
    if os.path.isdir(value):
        return value
    problem = "is not a folder" if os.path.exists(value) else "does not exist"
    raise SkillError(
        f"ERROR: the project root {value} (from {source}) {problem}.\n"
        f"  Name an existing folder with --root DIR or {ENV}; the root is never created."
    )


def checked_root(value: str, source: str) -> Path:
    """``value`` as a root, refused (exit 1) unless it is an existing folder."""
    from pathlib import Path

    return Path(_checked(value, source))


def locate_root(
    explicit: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> str:
    """:func:`find_root` as a string path, without ``pathlib`` (for the fast paths)."""
    if explicit:
        return _checked(explicit, "--root")
    environ = os.environ if env is None else env
    named = environ.get(ENV, "")
    if named:
        return _checked(named, ENV)
    start = os.getcwd() if cwd is None else os.fspath(cwd)
    found = _above(start)
    if found is None or found == os.path.abspath(start):
        return start
    return found


def find_root(
    explicit: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """The project root by the rule above. SkillError when ``--root``/``$IP_PLAN_ROOT`` names a
    folder that does not exist."""
    from pathlib import Path

    return Path(locate_root(explicit, env=env, cwd=None if cwd is None else os.fspath(cwd)))
