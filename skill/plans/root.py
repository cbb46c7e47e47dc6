"""The project root: the folder whose ``plans/`` every command and hook works on. Decided here, once.

First match wins:

1. ``--root DIR``;
2. ``$IP_PLAN_ROOT``;
3. the nearest folder at or above the current one that holds ``plans/.current_plan``, looking no
   higher than the top of the git work tree (the first folder holding ``.git``), so a plan never
   reaches into another repository;
4. the current folder.

A root named by 1 or 2 must be an existing folder; it is never created. Stat calls only: the fast
paths (``bootstrap status``, the pre-step gate, the hook) call this.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from skill.errors import SkillError
from skill.plans.pointer import POINTER_NAME

ENV = "IP_PLAN_ROOT"
PLANS = "plans"


def plan_root_above(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``plans/.current_plan``, stopping at the
    top of the git work tree (inclusive); None when there is none."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        if (candidate / PLANS / POINTER_NAME).is_file():
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


def checked_root(value: str, source: str) -> Path:
    """``value`` as a root, refused (exit 1) unless it is an existing folder."""
    path = Path(value)
    if path.is_dir():
        return path
    problem = "is not a folder" if path.exists() else "does not exist"
    raise SkillError(
        f"ERROR: the project root {value} (from {source}) {problem}.\n"
        f"  Name an existing folder with --root DIR or {ENV}; the root is never created."
    )


def find_root(
    explicit: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """The project root by the rule above. SkillError when ``--root``/``$IP_PLAN_ROOT`` names a
    folder that does not exist."""
    if explicit:
        return checked_root(explicit, "--root")
    environ = os.environ if env is None else env
    named = environ.get(ENV, "")
    if named:
        return checked_root(named, ENV)
    start = Path.cwd() if cwd is None else Path(cwd)
    found = plan_root_above(start)
    if found is None or found == Path(os.path.abspath(start)):
        return start
    return found
