"""Values the validator now checks: state names, confidence ratings, the leash with its history."""

from __future__ import annotations

from skill.plans import attempts
from skill.validate.gate import check_state
from skill.validate.state import check_state_text

STATE = """# Current State: {state}
## Iteration: 1
## Current Plan Step: 1 of 3
## Fix Attempts (resets per plan step)
{attempts}
## Change Manifest (current iteration)
- (no changes yet)
## Last Transition: PLAN → EXECUTE (t)
## Transition History:
- INIT → EXPLORE (task started)
- EXPLORE → PLAN (enough context, 2026-01-01T00:00:00Z)
  - confidence: {confidence}
- PLAN → EXECUTE (PC-PLAN presented; t)
"""


def state(state: str = "EXECUTE", confidence: str = "scope=deep, solutions=open, risks=clear",
          lines: str = "- (none yet)") -> str:
    return STATE.format(state=state, confidence=confidence, attempts=lines)


def slugs(text: str) -> list[tuple[str, str, str]]:
    return [(i.severity, i.slug, i.message) for i in check_state_text(text)]


def test_unknown_state_is_an_error() -> None:
    found = slugs(state("EXECUTEE"))
    assert ("ERROR", "state", "state.md says '# Current State: EXECUTEE', which is not a protocol state "
            "(EXPLORE, PLAN, EXECUTE, REFLECT, PIVOT, CLOSE).") in found
    for name in ("EXECUTE", "execute", "RE-PLAN", "CLOSE"):
        assert not [f for f in slugs(state(name)) if f[1] == "state"], name


def test_confidence_ratings_on_their_scales() -> None:
    assert not [f for f in slugs(state()) if f[1] == "exploration-confidence"]
    legacy = "scope=partial, solutions=adequate, risks=unclear"  # the 2.57.2 template's words
    assert not [f for f in slugs(state(confidence=legacy)) if f[1] == "exploration-confidence"]
    [warn] = [f for f in slugs(state(confidence="scope=banana, solutions=open")) if f[1] == "exploration-confidence"]
    assert warn[0] == "WARN"
    assert "'banana' is not a scope rating (scope=shallow|adequate|deep)" in warn[2] and "no risks rating" in warn[2]


def test_leash_counts_the_history() -> None:
    text = state(lines="- Step 1, attempt 1: a → failed\n- Step 1, attempt 2: b → failed")
    moved = attempts.archive(text, 1, 1, "t", "step set 2")
    assert check_state(moved).line == "GATE:FAIL [leash-cap] attempts=2 cap=2 archived=2"
    third = attempts.add(moved, attempts.attempt_line(1, 3, "c", "failed"))
    assert [f[:2] for f in slugs(third) if f[1] == "leash"] == [("WARN", "leash")]
    reopened = attempts.reopen(third, 1, "t", "REFLECT to EXECUTE")
    assert check_state(reopened).passed and not [f for f in slugs(reopened) if f[1] == "leash"]
