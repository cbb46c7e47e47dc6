"""The state machine as data.

The validator accepts 17 history pairs (validator spec §2.3.2). ``INIT → EXPLORE`` is written by
``bootstrap new``, ``UNKNOWN → CLOSE`` and ``CLOSE → CLOSE`` only by ``bootstrap close``; the other
fourteen are the moves ``transition`` can make. Each move lists the entry conditions it checks and
the side effects it has on state.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.plans.layout import ITERATION_LIMIT, ITERATION_WARN, LEASH_CAP  # noqa: F401 (re-exported)

STATES = ("EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE")

#: Every pair the validator accepts in ``## Transition History:`` (source → target).
ALLOWED_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {
        ("INIT", "EXPLORE"),
        ("EXPLORE", "PLAN"),
        ("PLAN", "EXPLORE"),
        ("PLAN", "PLAN"),
        ("PLAN", "EXECUTE"),
        ("EXECUTE", "REFLECT"),
        ("REFLECT", "CLOSE"),
        ("REFLECT", "PIVOT"),
        ("REFLECT", "EXPLORE"),
        ("REFLECT", "EXECUTE"),
        ("PIVOT", "PLAN"),
        ("EXPLORE", "CLOSE"),
        ("PLAN", "CLOSE"),
        ("EXECUTE", "CLOSE"),
        ("PIVOT", "CLOSE"),
        ("UNKNOWN", "CLOSE"),
        ("CLOSE", "CLOSE"),
    }
)

# Entry-condition codes (also the words shown in refusals and in ``(forced: …)``).
FINDINGS = "findings"  # at least 3 indexed findings in findings.md ## Index
CONFIDENCE = "confidence"  # --confidence given, no dimension shallow/blind
PLAN_SECTIONS = "plan-sections"  # the 11 mandatory plan.md sections filled in
APPROVED = "approved"  # --approved: the user said yes
ITERATION_CAP = "iteration-cap"  # the new iteration stays below 6 (never forceable)
VERDICT = "verdict"  # verification.md ## Verdict complete, nothing PENDING
NOTE = "note"  # administrative close: --note says why

#: Conditions ``--force`` cannot override: the validator would report an ERROR.
UNFORCEABLE = frozenset({ITERATION_CAP})

MIN_FINDINGS = 3


@dataclass(frozen=True)
class Move:
    """One edge ``transition`` may take."""

    source: str
    target: str
    conditions: tuple[str, ...] = ()
    #: The Presentation Contract the validator expects to find logged for this edge.
    contract: str | None = None
    new_iteration: bool = False
    resets_attempts: bool = False
    #: Starts the first plan step (``## Current Plan Step: 1 of M`` and the plan.md marker).
    starts_steps: bool = False
    default_note: str = ""

    @property
    def administrative_close(self) -> bool:
        return self.target == "CLOSE" and self.source != "REFLECT"


MOVES: dict[tuple[str, str], Move] = {
    (m.source, m.target): m
    for m in (
        Move("EXPLORE", "PLAN", (FINDINGS, CONFIDENCE), default_note="exploration complete"),
        Move("PLAN", "EXPLORE", default_note="more context needed"),
        Move("PLAN", "PLAN", default_note="plan revised after review"),
        Move(
            "PLAN",
            "EXECUTE",
            (PLAN_SECTIONS, APPROVED, ITERATION_CAP),
            contract="PC-PLAN",
            new_iteration=True,
            resets_attempts=True,
            starts_steps=True,
            default_note="plan approved by the user",
        ),
        Move("EXECUTE", "REFLECT", default_note="execution phase ended"),
        Move("REFLECT", "EXECUTE", resets_attempts=True, default_note="completion fix, same iteration"),
        Move("REFLECT", "PIVOT", resets_attempts=True, default_note="approach failed, pivoting"),
        Move("REFLECT", "EXPLORE", default_note="more context needed"),
        Move("REFLECT", "CLOSE", (VERDICT,), contract="PC-REFLECT", default_note="verified, user confirmed close"),
        Move("PIVOT", "PLAN", contract="PC-PIVOT", default_note="new direction approved"),
        Move("EXPLORE", "CLOSE", (NOTE,)),
        Move("PLAN", "CLOSE", (NOTE,)),
        Move("EXECUTE", "CLOSE", (NOTE,)),
        Move("PIVOT", "CLOSE", (NOTE,)),
    )
}


def normalize_state(value: str | None) -> str | None:
    """A state name as the validator reads it: dashes folded, RE-PLAN read as PIVOT, upper case."""
    if value is None:
        return None
    text = value.strip().translate(str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-"}))
    text = re.sub(r"RE[_-]?PLAN", "PIVOT", text, flags=re.IGNORECASE).upper()
    return text or None


def targets_from(source: str) -> list[str]:
    """The states ``transition`` can reach from ``source``, in the protocol's order."""
    return [t for t in STATES if (source, t) in MOVES]
