"""The protocol as data: states, the moves between them, and the limits. Defined once.

The state machine (:mod:`skill.transitions`) and the validator (:mod:`skill.validate`) both derive
from this module. It imports only the standard library, so the pre-step gate can read it cheaply.

The validator accepts 17 pairs in ``## Transition History:``. Fourteen are :data:`MOVES` that
``transition`` makes; the other three are written only by the lifecycle: ``INIT → EXPLORE`` by
``bootstrap new``, ``UNKNOWN → CLOSE`` and ``CLOSE → CLOSE`` by ``bootstrap close``.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.textio import normalize_dashes
from skill.slots import Slotted

STATES: tuple[str, ...] = ("EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE")

# -- limits (the gate, the validator and the checked commands share them) -----------------------

#: Fix attempts allowed per plan step (the Autonomy Leash); the gate stops the next one.
LEASH_CAP = 2
#: Attempts on record at which the validator warns (one past the cap: the gate was walked around).
LEASH_WARN_AT = LEASH_CAP + 1
#: Attempts on record at which the validator reports an ERROR.
LEASH_ERROR_AT = LEASH_CAP + 2
#: Iteration at which decomposition analysis becomes mandatory (WARN).
ITERATION_WARN = 5
#: Iteration that must not be entered (ERROR; the gate and `transition` refuse it).
ITERATION_LIMIT = 6
#: Indexed findings needed before PLAN.
MIN_FINDINGS = 3

# -- exploration confidence (EXPLORE → PLAN) ---------------------------------------------------

CONFIDENCE_KEYS: tuple[str, ...] = ("scope", "solutions", "risks")
#: Each dimension's own scale, lowest first (references/planning-rigor.md).
CONFIDENCE_SCALES: dict[str, tuple[str, ...]] = {
    "scope": ("shallow", "adequate", "deep"),
    "solutions": ("narrow", "open", "constrained"),
    "risks": ("blind", "partial", "clear"),
}
#: Words the 2.57.2 state.md template offered (``scope=deep|partial|shallow, solutions=adequate|thin,
#: risks=clear|unclear``; the original's planning-rigor example writes ``solutions=adequate``): accepted
#: too, by ``transition`` and by the validator, so a rating written as either document says passes.
LEGACY_CONFIDENCE: dict[str, tuple[str, ...]] = {
    "scope": ("partial",),
    "solutions": ("adequate", "thin"),
    "risks": ("unclear",),
}
#: Ratings that mean "keep exploring" (planning rigor: every dimension at least adequate), the
#: template's low words included.
CONFIDENCE_BLOCKERS = frozenset({"shallow", "blind", "thin", "unclear"})


#: The example rating messages and the Next line show.
CONFIDENCE_EXAMPLE = "scope=adequate,solutions=open,risks=partial"


def scale_text(key: str) -> str:
    """``narrow|open|constrained``: the valid ratings of one dimension, for messages."""
    return "|".join(CONFIDENCE_SCALES[key])


def rating_problem(key: str, rating: str, *, legacy: bool = False) -> str | None:
    """Why ``rating`` is not a ``key`` rating (None when it is one). ``legacy`` also accepts the
    2.57.2 template's words, for files written by hand."""
    allowed = CONFIDENCE_SCALES[key] + (LEGACY_CONFIDENCE[key] if legacy else ())
    if rating in allowed:
        return None
    return f"'{rating}' is not a {key} rating ({key}={scale_text(key)})"

# -- entry conditions (the words shown in refusals and in ``(forced: …)``) ----------------------

FINDINGS = "findings"  # at least MIN_FINDINGS indexed findings in findings.md ## Index
CONFIDENCE = "confidence"  # --confidence given, no dimension shallow/blind
PLAN_SECTIONS = "plan-sections"  # the mandatory plan.md sections filled in
USER = "user"  # --user: the user's own words, recorded verbatim (never forceable)
PIVOT_ENTRY = "pivot-entry"  # decisions.md has a pivot entry written since the move into PIVOT
ITERATION_CAP = "iteration-cap"  # the new iteration stays below ITERATION_LIMIT (never forceable)
VERDICT = "verdict"  # verification.md ## Verdict complete, nothing PENDING, recommends CLOSE
NOTE = "note"  # administrative close: --note says why

#: Conditions ``--force`` cannot override: the validator would report an ERROR.
UNFORCEABLE = frozenset({ITERATION_CAP, USER})


class Move(Slotted):
    """One edge ``transition`` may take, with what it demands and what it changes.

    ``contract``: the Presentation Contract the validator expects to find logged for this edge;
    ``resets_attempts``: moves the Fix Attempts lines to their history (the count of the step still
    holds); ``reopens_leash``: a protocol exit of the leash, archived attempts of this iteration stop
    counting; ``starts_steps``: starts the first plan step (``## Current Plan Step: 1 of M`` and the plan.md
    marker). A plain class, not a dataclass: the pre-step gate imports this module.
    """

    __slots__ = (
        "source",
        "target",
        "conditions",
        "contract",
        "new_iteration",
        "resets_attempts",
        "reopens_leash",
        "starts_steps",
        "default_note",
    )

    def __init__(
        self,
        source: str,
        target: str,
        conditions: tuple[str, ...] = (),
        contract: str | None = None,
        new_iteration: bool = False,
        resets_attempts: bool = False,
        reopens_leash: bool = False,
        starts_steps: bool = False,
        default_note: str = "",
    ) -> None:
        self.source = source
        self.target = target
        self.conditions = conditions
        self.contract = contract
        self.new_iteration = new_iteration
        self.resets_attempts = resets_attempts
        self.reopens_leash = reopens_leash
        self.starts_steps = starts_steps
        self.default_note = default_note

    @property
    def user_gated(self) -> bool:
        """The move needs the user's own words (``--user``), recorded in approvals.jsonl."""
        return USER in self.conditions

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
            (PLAN_SECTIONS, USER, ITERATION_CAP),
            contract="PC-PLAN",
            new_iteration=True,
            resets_attempts=True,
            starts_steps=True,
        ),
        Move("EXECUTE", "REFLECT", default_note="execution phase ended"),
        Move(
            "REFLECT",
            "EXECUTE",
            (USER,),
            resets_attempts=True,
            reopens_leash=True,
            default_note="completion fix, same iteration",
        ),
        Move(
            "REFLECT",
            "PIVOT",
            resets_attempts=True,
            reopens_leash=True,
            default_note="approach failed, pivoting",
        ),
        Move("REFLECT", "EXPLORE", default_note="more context needed"),
        Move("REFLECT", "CLOSE", (VERDICT, USER), contract="PC-REFLECT"),
        Move("PIVOT", "PLAN", (USER, PIVOT_ENTRY), contract="PC-PIVOT"),
        Move("EXPLORE", "CLOSE", (NOTE,)),
        Move("PLAN", "CLOSE", (NOTE,)),
        Move("EXECUTE", "CLOSE", (NOTE,)),
        Move("PIVOT", "CLOSE", (NOTE,)),
    )
}

#: Pairs only the lifecycle writes (``bootstrap new`` and ``bootstrap close``).
LIFECYCLE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {("INIT", "EXPLORE"), ("UNKNOWN", "CLOSE"), ("CLOSE", "CLOSE")}
)
#: Every pair the validator accepts in ``## Transition History:`` (source → target).
ALLOWED_PAIRS: frozenset[tuple[str, str]] = frozenset(MOVES) | LIFECYCLE_PAIRS
#: (source, target, contract) of each move that must be presented to the user, in table order.
PRESENTATION_GATES: tuple[tuple[str, str, str], ...] = tuple(
    (m.source, m.target, m.contract) for m in MOVES.values() if m.contract
)

_REPLAN_RE = lazy(r"RE[_-]?PLAN", re.IGNORECASE)


def normalize_phase(text: str) -> str:
    """A phase as the validator reads it: dashes folded, RE-PLAN spelled PIVOT, upper case."""
    return _REPLAN_RE.sub("PIVOT", normalize_dashes(text)).upper()


def normalize_state(value: str | None) -> str | None:
    """:func:`normalize_phase` of a stripped value; None for a missing or blank one."""
    if value is None:
        return None
    return normalize_phase(value.strip()) or None


def targets_from(source: str) -> list[str]:
    """The states ``transition`` can reach from ``source``, in the protocol's order."""
    return [t for t in STATES if (source, t) in MOVES]
