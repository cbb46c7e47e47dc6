"""state.md's fields and transition records, as ``status --json`` and the validator read them."""

from __future__ import annotations

from dataclasses import replace

from skill.dashboard.load.files import visible
from skill.dashboard.load.times import time_in
from skill.dashboard.model import Move, Status
from skill.plans import plan as plan_md
from skill.plans import state as state_md
from skill.plans.textio import js_parse_int


def status(state_text: str | None, plan_text: str | None, *, active: bool) -> Status:
    """``bootstrap status --json``'s fields, read as it reads them (its placeholders included);
    ``incomplete_close`` only for the active plan, as there."""
    fields = state_md.read_state_fields(state_text)
    state = fields.state or "UNKNOWN"
    return Status(
        state,
        fields.iteration or "?",
        fields.step or "N/A",
        plan_md.goal_first_line(plan_text),
        fields.last,
        incomplete_close=active and state.strip() == "CLOSE",
    )


def number(value: str) -> int | None:
    """A field's leading integer as the validator reads it (``2 of 5`` → 2; ``?`` → None)."""
    return js_parse_int(value, radix10=True)


def current_step(step_field: str) -> int | None:
    """The step state.md names, None when it names none or every step is done."""
    if step_field == "N/A" or state_md.ALL_DONE in step_field:
        return None
    return number(step_field)


def moves(state_text: str | None) -> tuple[Move, ...]:
    """The transition records outside comments, each with the time its note ends with. The last
    record without one takes the time of ``## Last Transition:`` when that names the same move."""
    shown = visible(state_text or "")
    found = [Move(r.source, r.target, r.note, time_in(r.note)) for r in state_md.history_records(shown)]
    last = state_md.last_transition(shown)
    if found and found[-1].when is None and last is not None and last.target == found[-1].target:
        found[-1] = replace(found[-1], when=time_in(last.note))
    return tuple(found)
