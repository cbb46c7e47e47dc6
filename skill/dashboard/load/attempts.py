"""Fix attempts: the live ones state.md's ``## Fix Attempts`` counts for the leash, and the
archived ones of its attempt history.

Both are read through the state.md owner (:mod:`skill.plans.attempts`).
"""

from __future__ import annotations

from skill.dashboard.load.files import visible
from skill.dashboard.load.times import instant
from skill.dashboard.model import Attempt
from skill.plans import attempts as attempts_md


def live(state_text: str | None, iteration: int | None) -> list[Attempt]:
    """The attempts the gate counts now, all in the current iteration."""
    return [
        Attempt(record.step, record.number, record.what, record.result.lower(), iteration, None, True)
        for record in attempts_md.records(visible(state_text or ""))
    ]


def archived(state_text: str | None) -> list[Attempt]:
    """Attempts moved to ``## Fix Attempt History`` (by ``step next``, a reset or a new
    iteration), with the iteration and time the history line records."""
    found: list[Attempt] = []
    for entry in attempts_md.history(visible(state_text or "")):
        record = attempts_md.parse_line(entry.original) if entry.is_attempt else None
        if record is None:
            continue
        result = record.result.split()[0].lower() if record.result.split() else ""
        step = record.step if record.step is not None else entry.step
        found.append(Attempt(step, record.number, record.what, result, entry.iteration, instant(entry.when), False))
    return found


def read(state_text: str | None, iteration: int | None) -> tuple[Attempt, ...]:
    """Archived attempts first, then live ones."""
    return (*archived(state_text), *live(state_text, iteration))
