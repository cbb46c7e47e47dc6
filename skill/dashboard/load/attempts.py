"""Fix attempts: the live ones state.md's ``## Fix Attempts`` counts for the leash, and the
archived ones of its attempt history.

The history's grammar is not final: :func:`archived` is the one function that reads it and will
call the state.md owner's reader (:mod:`skill.plans.attempts`) once that has one.
"""

from __future__ import annotations

from skill.dashboard.load.files import visible
from skill.dashboard.load.status import number
from skill.dashboard.load.times import instant
from skill.dashboard.model import Attempt
from skill.plans import attempts as attempts_md
from skill.plans.markdown import extract_section

#: Headings the attempt history has been proposed under; the first one is the intended one.
HISTORY_HEADINGS = ("Fix Attempt History", "Attempt History", "Fix Attempts History")


def live(state_text: str | None, iteration: int | None) -> list[Attempt]:
    """The attempts the gate counts now, all in the current iteration."""
    return [
        Attempt(record.step, record.number, record.what, record.result.lower(), iteration, None, True)
        for record in attempts_md.records(visible(state_text or ""))
    ]


def archived(state_text: str | None) -> list[Attempt]:
    """Attempts moved out of ``## Fix Attempts`` (by ``step`` or a reset). A line is an attempt
    line; it may also name its iteration (``iter-N``, ``iter N``, ``iteration N``) and carry a time
    after the result. Lines that are not attempt lines are skipped."""
    text = visible(state_text or "")
    found: list[Attempt] = []
    for heading in HISTORY_HEADINGS:
        for line in (extract_section(text, heading) or "").split("\n"):
            record = attempts_md.parse_line(line)
            if record is None:
                continue
            iteration, when = None, None
            tokens = [token.strip("()[],;") for token in line.split()]
            for index, token in enumerate(tokens):
                lower = token.lower()
                if iteration is None and lower.startswith("iter-"):
                    iteration = number(lower[5:])
                elif iteration is None and lower in ("iter", "iteration") and index + 1 < len(tokens):
                    iteration = number(tokens[index + 1])
                elif when is None:
                    when = instant(token)
            result = record.result.split()[0].lower() if record.result.split() else ""
            found.append(Attempt(record.step, record.number, record.what, result, iteration, when, False))
    return found


def read(state_text: str | None, iteration: int | None) -> tuple[Attempt, ...]:
    """Archived attempts first, then live ones."""
    return (*archived(state_text), *live(state_text, iteration))
