"""The close record ``plans/<id>/close-progress.txt``: the one owner of its format.

``bootstrap close`` (and ``transition CLOSE``, ``new --force``) write it first, before any other
file, and mark it finished after the last merge, before the pointer goes::

    close started 2026-11-30T21:15:50Z
    close finished 2026-11-30T21:15:51Z

A record that was started and not finished is a close that was interrupted: ``status`` and
``resume`` say so, the validator reports ``[close-incomplete]``, every writer refuses the plan
(see :mod:`skill.plans.edit`), and the next ``close`` finishes it. Pure text functions plus one
small read: ``status`` calls :func:`read_progress` on every agent step, so this module stays light
(no ``dataclasses``, no ``pathlib``; see :mod:`skill.slots`).
"""

from __future__ import annotations

import os
import re

from skill.plans.textio import read_text
from skill.slots import Slotted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

PROGRESS_NAME = "close-progress.txt"
_LINE_RE = re.compile(r"^close (started|finished) (\S+)[ \t]*$", re.MULTILINE)


class CloseProgress(Slotted):
    """When a close of the plan started and, if it got that far, finished."""

    __slots__ = ("started", "finished")

    def __init__(self, started: str | None, finished: str | None) -> None:
        self.started = started
        self.finished = finished

    @property
    def interrupted(self) -> bool:
        return self.finished is None

    def as_dict(self) -> dict[str, str | None]:
        return {"started": self.started, "finished": self.finished}


def parse(text: str) -> CloseProgress:
    found: dict[str, str] = {}
    for match in _LINE_RE.finditer(text):
        found.setdefault(match.group(1), match.group(2))
    return CloseProgress(found.get("started"), found.get("finished"))


def read_progress(plan_dir: Path | str) -> CloseProgress | None:
    """The plan's close record, or None when no close of it ever started."""
    text = read_text(os.path.join(plan_dir, PROGRESS_NAME))
    return None if text is None else parse(text)


def started_text(when: str) -> str:
    return f"close started {when}\n"


def finished_text(current: str, when: str) -> str:
    """``current`` with the finishing line (unchanged when it already has one)."""
    if parse(current).finished is not None:
        return current
    return current.rstrip("\n") + f"\nclose finished {when}\n"
